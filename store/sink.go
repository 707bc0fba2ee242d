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

// EventStore is the ClickHouse side of the event sink; every Engine is one.
type EventStore interface {
	Exec(ctx context.Context, query string, args ...any) error
	Query(ctx context.Context, query string, args ...any) (*Result, error)
	InsertEvents(ctx context.Context, events []schemas.DealEvent) error
}

// SinkConfig tunes the sink. Zero values take the defaults.
type SinkConfig struct {
	// BatchSize is the most messages one insert takes (default 5000).
	BatchSize int
	// MinInterval is the least time between the starts of two inserts
	// (default 100ms). A message that finds the sink idle for longer is
	// inserted at once; otherwise it waits at most this long. It is also
	// the lull that ends a load: a batch to which no message was added
	// for MinInterval is inserted without waiting for the rest of a
	// longer interval.
	MinInterval time.Duration
	// BatchTimeout is the most time between two inserts while messages
	// keep coming (default 1s): under load the interval doubles from
	// MinInterval up to it, so that inserts grow instead of multiplying.
	BatchTimeout time.Duration
	RetryMin     time.Duration // first backoff after a failure (default 100ms)
	RetryMax     time.Duration // backoff cap (default 10s)
	// FlushTimeout bounds the final flush after ctx is cancelled (default 10s).
	FlushTimeout time.Duration
	// OpTimeout bounds each ClickHouse or Kafka call (default 30s).
	OpTimeout time.Duration
	Log       *slog.Logger
	Metrics   *metrics.Stage // nil: no metrics
	// Stage names the sink in dead-letter headers and logs (default SinkStage).
	Stage string
}

func (c *SinkConfig) defaults() {
	if c.BatchSize <= 0 {
		c.BatchSize = 5000
	}
	if c.MinInterval <= 0 {
		c.MinInterval = 100 * time.Millisecond
	}
	if c.BatchTimeout <= 0 {
		c.BatchTimeout = time.Second
	}
	c.MinInterval = min(c.MinInterval, c.BatchTimeout)
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
	if c.Stage == "" {
		c.Stage = SinkStage
	}
}

// Sink moves deal events from Kafka into the events table.
//
// Batching adapts to the load. A message that finds the sink idle is
// inserted at once, with whatever else is already waiting; an insert
// follows the previous one by at least MinInterval; and while messages
// pile up during inserts (a backlog of BatchSize/50), the interval doubles
// up to BatchTimeout, so that a busy sink makes few large inserts (what
// MergeTree wants, from 18.16 on) and an idle one makes data visible
// within MinInterval plus one insert. When messages stop coming for
// MinInterval the load is over, and the batch is inserted then rather
// than at the end of an interval that grew under it: the last events of
// a burst are not held for up to BatchTimeout. A batch never exceeds
// BatchSize messages.
//
// It decodes each message (Table.Decode: for events schemas.DecodeDealEvent,
// the producer having validated them; what cannot be decoded goes to the
// dead-letter topic with the reason and source topic/partition/offset
// headers), inserts the batch and only
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
//
// The same machinery writes other tables (the article archive, applied
// re-extractions): NewTableSink takes the Table that decodes and stores.
type Sink struct {
	in    Fetcher
	table Table
	dlq   bus.MessageWriter
	cfg   SinkConfig
	retry bus.Policy
}

// NewSink builds the event sink (the events table, see NewEventTable). dlq
// receives invalid messages (a writer on any topic: bus.DeadLetter sets
// schemas.TopicDeadLetter when the writer has none).
func NewSink(in Fetcher, st EventStore, dlq bus.MessageWriter, cfg SinkConfig) (*Sink, error) {
	if st == nil {
		return nil, errors.New("store: sink needs a fetcher, a store and a dead-letter writer")
	}
	t, err := NewEventTable(st, cfg.Log)
	if err != nil {
		return nil, err
	}
	return NewTableSink(in, t, dlq, cfg)
}

// NewTableSink builds a sink that writes t.
func NewTableSink(in Fetcher, t Table, dlq bus.MessageWriter, cfg SinkConfig) (*Sink, error) {
	if in == nil || t == nil || dlq == nil {
		return nil, errors.New("store: sink needs a fetcher, a table and a dead-letter writer")
	}
	cfg.defaults()
	return &Sink{in: in, table: t, dlq: dlq, cfg: cfg, retry: bus.Policy{
		Backoff: bus.Backoff{Initial: cfg.RetryMin, Max: cfg.RetryMax},
		Log:     cfg.Log.With("stage", cfg.Stage),
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
			m, err := s.retry.Fetch(fetchCtx, bus.Counted(s.in, func() { s.cfg.Metrics.Error("fetch") }), "fetch")
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
	var (
		last     time.Time // start of the previous insert
		arrived  time.Time // when the batch's latest message was added
		interval = s.cfg.MinInterval
	)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func(fctx context.Context) error {
		if len(batch) == 0 {
			return nil
		}
		last = time.Now()
		// A batch that failed stays: the final flush retries it with what
		// came after, so no later offset is committed before it.
		if err := s.flush(fctx, batch); err != nil {
			return err
		}
		batch = batch[:0]
		// A backlog that built up during the insert means load: let the
		// next batch grow longer. A few messages (a trickle that an insert
		// of 18.16 takes 100 ms or more to keep up with) are no load: back
		// to the shortest interval, or freshness would suffer for nothing.
		if len(msgs) >= max(s.cfg.BatchSize/50, 2) {
			interval = min(2*interval, s.cfg.BatchTimeout)
		} else {
			interval = s.cfg.MinInterval
		}
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
	// take appends what is already waiting, without blocking; false when
	// the fetcher has stopped.
	take := func() bool {
		for len(batch) < s.cfg.BatchSize {
			select {
			case m, ok := <-msgs:
				if !ok {
					return false
				}
				batch = append(batch, m)
				arrived = time.Now()
			default:
				return true
			}
		}
		return true
	}
	stopped := func() error {
		select {
		case err := <-fetchErr:
			return shutdown(err)
		default:
			return shutdown(nil)
		}
	}
	for {
		if len(batch) > 0 {
			if !take() {
				return stopped()
			}
			// Full, or nothing more waiting and the interval (or a lull)
			// is over: insert now.
			wait := time.Until(flushAt(last, arrived, interval, s.cfg.MinInterval))
			if len(batch) >= s.cfg.BatchSize || wait <= 0 {
				if err := flush(ctx); err != nil {
					return shutdown(nil)
				}
				continue
			}
			resetTimer(timer, wait)
		}
		select {
		case <-ctx.Done():
			return shutdown(nil)
		case err := <-fetchErr:
			return shutdown(err)
		case m, ok := <-msgs:
			if !ok {
				return stopped()
			}
			batch = append(batch, m)
			arrived = time.Now()
		case <-timer.C:
		}
	}
}

// flushAt is when a batch is due: interval after the start of the
// previous insert, or, when no message was added to it for minInterval (a
// lull: the load that grew the interval is over), then, but never less
// than minInterval after the previous start.
func flushAt(last, arrived time.Time, interval, minInterval time.Duration) time.Time {
	due := last.Add(interval)
	if lull := arrived.Add(minInterval); lull.Before(due) {
		due = lull
		if early := last.Add(minInterval); due.Before(early) {
			due = early
		}
	}
	return due
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
	rows := make([]any, 0, len(batch))
	for _, m := range batch {
		row, verr := s.table.Decode(m)
		if verr == nil {
			if row != nil {
				rows = append(rows, row)
			}
			continue
		}
		s.cfg.Log.Warn("sink: invalid message, dead-lettering", "topic", m.Topic, "partition", m.Partition, "offset", m.Offset, "err", verr)
		if err := s.do(ctx, bus.DepKafka, "dead_letter", func(c context.Context) error {
			return bus.DeadLetter(c, s.dlq, s.cfg.Stage, m, verr)
		}); err != nil {
			return err
		}
		s.cfg.Metrics.DeadLettered(1)
	}
	if len(rows) > 0 {
		if err := s.do(ctx, bus.DepClickHouse, "insert", func(c context.Context) error {
			start := time.Now()
			n, err := s.table.Insert(c, rows)
			if err != nil || n == 0 {
				return err
			}
			s.cfg.Metrics.Insert(time.Since(start))
			s.cfg.Metrics.Produced(n)
			s.cfg.Log.Debug("sink: inserted", "rows", n, "batch", len(batch))
			return nil
		}); err != nil {
			return err
		}
		if err := s.do(ctx, bus.DepClickHouse, "dedup", func(c context.Context) error {
			return s.table.Collapse(c, rows)
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
