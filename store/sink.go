package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
)

// SinkStage is the stage name in metrics and dead-letter headers.
const SinkStage = "sink"

// SinkGroup is the sink's consumer group.
const SinkGroup = "dealwatch-sink"

// Fetcher is the Kafka side of the sink: *kafka.Reader in a consumer group
// with manual commits (bus.NewReader).
type Fetcher interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
	CommitMessages(ctx context.Context, msgs ...kafka.Message) error
}

// EventStore is the ClickHouse side of the sink; every Engine is one.
type EventStore interface {
	Exec(ctx context.Context, query string, args ...any) error
	Query(ctx context.Context, query string, args ...any) (*Result, error)
	InsertEvents(ctx context.Context, events []schemas.DealEvent) error
}

// SinkConfig tunes the sink. Zero values take the defaults.
type SinkConfig struct {
	BatchSize    int           // messages per insert (default 500)
	BatchTimeout time.Duration // longest wait to fill a batch (default 500ms)
	RetryMin     time.Duration // first backoff after a failure (default 100ms)
	RetryMax     time.Duration // backoff cap (default 10s)
	// FlushTimeout bounds the final flush after ctx is cancelled (default 10s).
	FlushTimeout time.Duration
	// OpTimeout bounds each ClickHouse or Kafka call (default 30s).
	OpTimeout time.Duration
	Log       *slog.Logger
	Metrics   *metrics.Stage // nil: no metrics
}

func (c *SinkConfig) defaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.BatchTimeout <= 0 {
		c.BatchTimeout = 500 * time.Millisecond
	}
	if c.RetryMin <= 0 {
		c.RetryMin = 100 * time.Millisecond
	}
	if c.RetryMax <= 0 {
		c.RetryMax = 10 * time.Second
	}
	if c.FlushTimeout <= 0 {
		c.FlushTimeout = 10 * time.Second
	}
	if c.OpTimeout <= 0 {
		c.OpTimeout = 30 * time.Second
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
}

// Sink moves deal events from Kafka into the events table.
//
// It batches up to BatchSize messages or BatchTimeout, validates each one
// (schemas.Validator; failures go to the dead-letter topic with the reason
// and source topic/partition/offset headers), inserts the batch and only
// then commits the batch's offsets. A failed insert is retried with capped
// exponential backoff, without committing, until it succeeds or ctx ends;
// what was not committed is consumed again after a restart.
//
// Nothing is doubled: before each insert attempt the sink asks ClickHouse
// which of the batch's event_ids it already holds and drops the rows whose
// content, or a newer version, is stored. So a Kafka replay, or an insert
// that succeeded although the sink saw an error, adds no row; a changed
// re-extraction adds a newer version that ReplacingMergeTree and the views
// (FINAL) put in place of the old one.
type Sink struct {
	in    Fetcher
	store EventStore
	dlq   bus.MessageWriter
	val   *schemas.Validator
	cfg   SinkConfig
	retry bus.Policy
}

// NewSink builds a sink. dlq receives invalid messages (a writer on any
// topic: bus.DeadLetter sets schemas.TopicDeadLetter when the writer has none).
func NewSink(in Fetcher, st EventStore, dlq bus.MessageWriter, cfg SinkConfig) (*Sink, error) {
	if in == nil || st == nil || dlq == nil {
		return nil, errors.New("store: sink needs a fetcher, a store and a dead-letter writer")
	}
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("store: sink validator: %w", err)
	}
	cfg.defaults()
	return &Sink{in: in, store: st, dlq: dlq, val: v, cfg: cfg, retry: bus.Policy{
		Backoff: bus.Backoff{Initial: cfg.RetryMin, Max: cfg.RetryMax},
		Log:     cfg.Log.With("stage", SinkStage),
		Health:  cfg.Metrics,
	}}, nil
}

// Run consumes until ctx is cancelled, then flushes the batch it holds
// (within FlushTimeout) and returns nil. Kafka and ClickHouse failures
// (fetch, insert, dead-letter, commit) are retried with the shared
// bus.Policy for as long as they last and reported as the stage's
// dependency health; they never end Run.
func (s *Sink) Run(ctx context.Context) error {
	fetchCtx, stopFetch := context.WithCancel(ctx)
	defer stopFetch()
	msgs := make(chan kafka.Message, s.cfg.BatchSize)
	fetchErr := make(chan error, 1)
	go func() {
		defer close(msgs)
		for {
			var m kafka.Message
			err := s.retry.Do(fetchCtx, bus.DepKafka, "fetch", func(c context.Context) error {
				var err error
				m, err = s.in.FetchMessage(c)
				if err != nil && c.Err() == nil {
					s.cfg.Metrics.Error("fetch")
				}
				return err
			})
			if err != nil {
				if fetchCtx.Err() == nil {
					fetchErr <- fmt.Errorf("store: sink fetch: %w", err)
				}
				return
			}
			s.cfg.Metrics.Consumed(1)
			select {
			case msgs <- m:
			case <-fetchCtx.Done():
				return
			}
		}
	}()

	batch := make([]kafka.Message, 0, s.cfg.BatchSize)
	timer := time.NewTimer(s.cfg.BatchTimeout)
	defer timer.Stop()
	flush := func(fctx context.Context) error {
		if len(batch) == 0 {
			return nil
		}
		// A batch that failed stays: the final flush retries it with what
		// came after, so no later offset is committed before it.
		if err := s.flush(fctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	shutdown := func(cause error) error {
		stopFetch()
		// Take what was fetched already, then flush once with a deadline.
		for m := range msgs {
			batch = append(batch, m)
		}
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.FlushTimeout)
		defer cancel()
		if err := flush(fctx); err != nil {
			s.cfg.Log.Warn("sink: final flush failed; the batch was not committed and will be consumed again", "err", err)
		}
		return cause
	}
	for {
		select {
		case <-ctx.Done():
			return shutdown(nil)
		case err := <-fetchErr:
			return shutdown(err)
		case m, ok := <-msgs:
			if !ok {
				select {
				case err := <-fetchErr:
					return shutdown(err)
				default:
					return shutdown(nil)
				}
			}
			if len(batch) == 0 {
				resetTimer(timer, s.cfg.BatchTimeout)
			}
			batch = append(batch, m)
			if len(batch) >= s.cfg.BatchSize {
				if err := flush(ctx); err != nil {
					return shutdown(nil)
				}
			}
		case <-timer.C:
			if err := flush(ctx); err != nil {
				return shutdown(nil)
			}
			resetTimer(timer, s.cfg.BatchTimeout)
		}
	}
}

func resetTimer(t *time.Timer, d time.Duration) {
	t.Stop()
	select {
	case <-t.C:
	default:
	}
	t.Reset(d)
}

// flush validates, dead-letters, inserts and commits one batch. It retries
// until ctx ends; an error means the batch was not committed.
func (s *Sink) flush(ctx context.Context, batch []kafka.Message) error {
	s.cfg.Metrics.Batch(len(batch))
	events := make([]schemas.DealEvent, 0, len(batch))
	for _, m := range batch {
		e, verr := s.val.DealEvent(m.Value)
		if verr == nil {
			events = append(events, e)
			continue
		}
		s.cfg.Log.Warn("sink: invalid event, dead-lettering", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "err", verr)
		if err := s.do(ctx, bus.DepKafka, "dead_letter", func(c context.Context) error {
			return bus.DeadLetter(c, s.dlq, SinkStage, m, verr)
		}); err != nil {
			return err
		}
		s.cfg.Metrics.DeadLettered(1)
	}
	events = latestPerEvent(events)
	if len(events) > 0 {
		if err := s.do(ctx, bus.DepClickHouse, "insert", func(c context.Context) error {
			fresh, err := s.unstored(c, events)
			if err != nil {
				return err
			}
			if len(fresh) == 0 {
				return nil
			}
			start := time.Now()
			if err := s.store.InsertEvents(c, fresh); err != nil {
				return err
			}
			s.cfg.Metrics.Insert(time.Since(start))
			s.cfg.Metrics.Produced(len(fresh))
			s.cfg.Log.Debug("sink: inserted", "rows", len(fresh), "batch", len(batch))
			return nil
		}); err != nil {
			return err
		}
		if err := s.do(ctx, bus.DepClickHouse, "dedup", func(c context.Context) error {
			return s.collapseDoubles(c, events)
		}); err != nil {
			return err
		}
	}
	return s.do(ctx, bus.DepKafka, "commit", func(c context.Context) error {
		return s.in.CommitMessages(c, batch...)
	})
}

// do runs op under the shared retry policy until it succeeds or ctx ends.
// An attempt under way is not cut short by ctx (only by OpTimeout): an
// insert aborted half-way could still land on the server after the next
// attempt checked what is stored.
func (s *Sink) do(ctx context.Context, dep, what string, op func(context.Context) error) error {
	err := s.retry.Do(ctx, dep, what, func(context.Context) error {
		octx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.OpTimeout)
		defer cancel()
		err := op(octx)
		if err != nil {
			s.cfg.Metrics.Error(what)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("store: sink %w", err)
	}
	return nil
}

// latestPerEvent keeps one event per event_id: the latest extraction.
func latestPerEvent(events []schemas.DealEvent) []schemas.DealEvent {
	idx := make(map[string]int, len(events))
	out := events[:0:0]
	for _, e := range events {
		if i, ok := idx[e.EventID]; ok {
			if e.ExtractedAt.After(out[i].ExtractedAt) {
				out[i] = e
			}
			continue
		}
		idx[e.EventID] = len(out)
		out = append(out, e)
	}
	return out
}

// collapseDoubles is the backstop for the one case the check before the
// insert cannot see: two inserts of the same rows racing (an insert whose
// acknowledgement timed out landing after the retry, or two consumers of a
// partition during a rebalance). Whoever inserts last sees both copies and
// has ReplacingMergeTree merge them away, before committing.
func (s *Sink) collapseDoubles(ctx context.Context, events []schemas.DealEvent) error {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.EventID
	}
	r, err := s.store.Query(ctx, "SELECT count() FROM (SELECT event_id, content_hash FROM events WHERE event_id IN (SELECT arrayJoin(?)) GROUP BY event_id, content_hash HAVING count() > 1)", ids)
	if err != nil {
		return fmt.Errorf("check doubled events: %w", err)
	}
	if len(r.Rows) != 1 || r.Rows[0][0] == uint64(0) {
		return nil
	}
	s.cfg.Log.Warn("sink: doubled rows found, merging them away", "events", r.Rows[0][0])
	if err := s.store.Exec(ctx, "OPTIMIZE TABLE events FINAL"); err != nil {
		return fmt.Errorf("merge doubled events: %w", err)
	}
	return nil
}

// unstored drops the events whose content, or a newer version, the events
// table already holds.
func (s *Sink) unstored(ctx context.Context, events []schemas.DealEvent) ([]schemas.DealEvent, error) {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.EventID
	}
	r, err := s.store.Query(ctx, "SELECT event_id, version, content_hash FROM events WHERE event_id IN (SELECT arrayJoin(?))", ids)
	if err != nil {
		return nil, fmt.Errorf("check stored events: %w", err)
	}
	type stored struct {
		maxVersion uint64
		hashes     map[string]bool
	}
	have := make(map[string]*stored, len(r.Rows))
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		v, _ := row[1].(uint64)
		h, _ := row[2].(string)
		st := have[id]
		if st == nil {
			st = &stored{hashes: map[string]bool{}}
			have[id] = st
		}
		st.maxVersion = max(st.maxVersion, v)
		st.hashes[h] = true
	}
	out := make([]schemas.DealEvent, 0, len(events))
	for _, e := range events {
		st := have[e.EventID]
		if st != nil {
			row := NewEventRow(e)
			if st.hashes[row.ContentHash] || st.maxVersion >= row.Version {
				continue
			}
		}
		out = append(out, e)
	}
	return out, nil
}
