// Package alert announces new deals: it consumes deal events with its own
// consumer group, decides per deal version whether to alert (rules plus
// durable dedup state), delivers to webhooks and a log, and only then
// commits the Kafka offset.
//
// Re-extractions (schemas.TopicExtractions, group BackfillGroup) reach it
// too: a deal they bring that was never announced is a backfill, announced
// (marked) or suppressed as Rules.Backfill says; a deal already announced
// is never announced again.
package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// ConsumerGroup is the alerter's Kafka consumer group on the events topic.
const ConsumerGroup = "dealwatch-alert"

// BackfillGroup is the alerter's consumer group on the extractions topic
// (re-extractions by dealwatch reextract).
const BackfillGroup = "dealwatch-alert-backfill"

// Stage names the alerter in dead-letter headers.
const Stage = "alert"

// Reader is what the alerter needs from a Kafka consumer (a *kafka.Reader
// from bus.NewReader).
type Reader interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
	CommitMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Alerter decides and delivers alerts.
type Alerter struct {
	Rules Rules
	Store *Store
	Sinks []Sink
	// DeadLetter receives invalid events and alerts every sink refused.
	DeadLetter bus.MessageWriter
	Log        *slog.Logger
	// Now defaults to time.Now.
	Now func() time.Time
	// Retry is how Run rides out Kafka, state and delivery failures (zero:
	// bus.DefaultBackoff, no health reports).
	Retry bus.Policy

	// mu makes decide-deliver-record one step: Run may consume events and
	// re-extractions in two loops, and two decisions on one deal must not
	// both see it unannounced.
	mu sync.Mutex
}

// Decision is the outcome for one event.
type Decision struct {
	Alert *Alert // nil when skipped
	Skip  string // why not, when skipped
	// Known: the skipped version is to be remembered (an immaterial change),
	// so a later mention of it is not weighed again.
	Known bool
}

func (a *Alerter) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Alerter) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Decide says whether e deserves an alert given what was announced before.
// It does not change the state.
func (a *Alerter) Decide(e schemas.DealEvent) (Decision, error) {
	st, err := a.Store.Deal(e.DealID)
	if err != nil {
		return Decision{}, err
	}
	fp := deal.Fingerprint(e)
	if _, ok := st.Versions[fp]; ok {
		return Decision{Skip: "version already announced"}, nil
	}
	if ok, why := a.Rules.Match(e); !ok {
		return Decision{Skip: why}, nil
	}
	kind := KindNewDeal
	if st.Alerted {
		if !a.Rules.AlertOnUpdates {
			return Decision{Skip: "deal already announced (updates off)"}, nil
		}
		if deal.SeenAt(e).Before(st.Latest) {
			return Decision{Skip: "stale version: older than the latest announced"}, nil
		}
		if !MaterialChange(st.Last, Summarize(e), a.Rules.minUpdateChange()) {
			return Decision{Skip: "immaterial change", Known: true}, nil
		}
		kind = KindDealUpdate
	}
	prev := make([]string, 0, len(st.Versions))
	for v := range st.Versions {
		prev = append(prev, v)
	}
	slices.Sort(prev)
	al := newAlert(kind, e, fp, prev, a.now())
	return Decision{Alert: &al}, nil
}

// DecideBackfill says whether e, an event of a re-extraction (run), deserves
// an alert. A deal already announced is never announced again, whatever
// the version (a re-extraction rewrites history; it is not news). A deal
// never announced appears only because of the re-extraction: with
// `backfill: suppress` (the default) it is not announced, with
// `backfill: announce` it is, if the rules match, as a new deal marked
// Backfill. It does not change the state.
func (a *Alerter) DecideBackfill(e schemas.DealEvent, run string) (Decision, error) {
	st, err := a.Store.Deal(e.DealID)
	if err != nil {
		return Decision{}, err
	}
	fp := deal.Fingerprint(e)
	if _, ok := st.Versions[fp]; ok {
		return Decision{Skip: "version already announced"}, nil
	}
	if st.Alerted {
		return Decision{Skip: "deal already announced (a re-extraction never announces it again)"}, nil
	}
	if a.Rules.Backfill != BackfillAnnounce {
		return Decision{Skip: "backfill suppressed: deal found only by re-extraction"}, nil
	}
	if ok, why := a.Rules.Match(e); !ok {
		return Decision{Skip: why}, nil
	}
	al := newAlertOf(KindNewDeal, e, fp, nil, a.now(), run)
	return Decision{Alert: &al}, nil
}

// Handle decides on one event and delivers the alert to every sink that
// does not have it yet, recording each delivery and then the version. It
// returns an error only when the message must not be committed (state
// failure, ctx cancelled during retries); refused deliveries come back in
// refused so the caller can dead-letter the event.
func (a *Alerter) Handle(ctx context.Context, e schemas.DealEvent) (d Decision, refused error, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d, err = a.Decide(e)
	return a.act(ctx, e, d, err)
}

// HandleBackfill is Handle for an event of re-extraction run: it decides
// with DecideBackfill. A suppressed backfill records nothing, so a later
// live report of the deal is judged as any new report is.
func (a *Alerter) HandleBackfill(ctx context.Context, e schemas.DealEvent, run string) (d Decision, refused error, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	d, err = a.DecideBackfill(e, run)
	return a.act(ctx, e, d, err)
}

// act carries out decision d on e (with a.mu held): records a known
// version, or delivers the alert to every sink that lacks it and records
// it.
func (a *Alerter) act(ctx context.Context, e schemas.DealEvent, d Decision, decideErr error) (_ Decision, refused error, err error) {
	if decideErr != nil || d.Alert == nil {
		if decideErr == nil && d.Known {
			decideErr = a.Store.RecordVersion(e.DealID, deal.Fingerprint(e), deal.SeenAt(e), nil)
		}
		return d, nil, decideErr
	}
	al := *d.Alert
	body, err := json.Marshal(al)
	if err != nil {
		return d, nil, fmt.Errorf("alert: encode: %w", err)
	}
	key := al.IdempotencyKey()
	var refusals []error
	for _, s := range a.Sinks {
		done, err := a.Store.Delivered(key, s.Name())
		if err != nil {
			return d, nil, err
		}
		if done {
			continue
		}
		if err := s.Deliver(ctx, al, body); err != nil {
			if errors.Is(err, ErrPermanent) {
				a.log().Error("alert refused", "sink", s.Name(), "deal_id", al.DealID, "version", key, "err", err)
				refusals = append(refusals, err)
				continue
			}
			return d, nil, fmt.Errorf("alert: deliver %s to %s: %w", key, s.Name(), err)
		}
		if err := a.Store.MarkDelivered(key, s.Name(), a.now()); err != nil {
			return d, nil, err
		}
	}
	if err := a.Store.RecordVersion(e.DealID, key, deal.SeenAt(e), Summarize(e)); err != nil {
		return d, nil, err
	}
	a.log().Info("alert delivered", "kind", al.Kind, "deal_id", al.DealID, "version", key, "backfill", al.Backfill, "sinks", len(a.Sinks))
	return d, errors.Join(refusals...), nil
}

// Run consumes events until ctx ends: fetch, decode (dead-letter what
// cannot be decoded, see schemas.DecodeDealEvent), decide, deliver, then
// commit (a batch at a time, see consume). Every step is retried with
// a.Retry while it fails (Kafka down or restarting, a connection closed
// under a commit, the state store failing), so Run returns nil when ctx is
// cancelled and never because a dependency failed.
func (a *Alerter) Run(ctx context.Context, r Reader) error {
	return a.consume(ctx, r, a.process)
}

// MaxBatch is the most messages the alerter handles between two offset
// commits.
const MaxBatch = 500

// consume is Run with handle for each message.
//
// A burst is handled in batches: whatever has been fetched (up to
// MaxBatch) is handled message by message, each alert delivered and its
// state made durable as before (Handle), and then the batch's offsets are
// committed in one call. On a real broker a commit is a round trip, and
// one per event made a burst of 32,000 events take minutes. A batch
// costs no freshness (nothing waits for it to fill: a lone message is a
// batch of one), and nothing is committed before its side effect: the
// offsets committed are those of messages handled to the end. When ctx
// ends in the middle of a batch, the messages handled before are
// committed (within a few seconds) and the rest are handled again by the
// next owner; the state makes that repeat announce nothing twice.
func (a *Alerter) consume(ctx context.Context, r Reader, handle func(context.Context, kafka.Message) error) error {
	if a.Store == nil {
		return errors.New("alert: Alerter needs a Store")
	}
	p := a.Retry
	if p.Log == nil {
		p.Log = a.log()
	}
	fctx, stopFetch := context.WithCancel(ctx)
	msgs := make(chan kafka.Message, MaxBatch)
	fetchErr := make(chan error, 1)
	fetched := make(chan struct{})
	// The fetcher is gone when consume returns: the caller may close r.
	defer func() { stopFetch(); <-fetched }()
	go func() {
		defer close(fetched)
		defer close(msgs)
		for {
			// (a failed fetch waits bus.FetchBackoff, not the stage's backoff)
			m, err := p.Fetch(fctx, r, "fetch")
			if err != nil {
				fetchErr <- runEnd(fctx, err)
				return
			}
			select {
			case msgs <- m:
			case <-fctx.Done():
				fetchErr <- nil
				return
			}
		}
	}()
	// commit commits done with the shared retry policy.
	commit := func(c context.Context, done []kafka.Message) error {
		if len(done) == 0 {
			return nil
		}
		return p.Do(c, bus.DepKafka, "commit", func(c context.Context) error {
			return r.CommitMessages(c, done...)
		})
	}
	batch := make([]kafka.Message, 0, MaxBatch)
	for {
		batch = batch[:0]
		select {
		case m, ok := <-msgs:
			if !ok {
				return runEnd(ctx, <-fetchErr)
			}
			batch = append(batch, m)
		case <-ctx.Done():
			return nil
		}
	take:
		for len(batch) < MaxBatch {
			select {
			case m, ok := <-msgs:
				if !ok {
					break take
				}
				batch = append(batch, m)
			default:
				break take
			}
		}
		for i, m := range batch {
			if err := p.Do(ctx, DepDelivery, "process", func(c context.Context) error {
				return handle(c, m)
			}); err != nil {
				// What was handled is committed, the rest is not.
				c, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownCommit)
				if cerr := commit(c, batch[:i]); cerr != nil {
					a.log().Warn("alert: commit at shutdown failed; those events will be handled again (and not announced twice)", "err", cerr)
				}
				cancel()
				return runEnd(ctx, err)
			}
		}
		if err := commit(ctx, batch); err != nil {
			last := batch[len(batch)-1]
			return runEnd(ctx, fmt.Errorf("alert: commit offset %d/%d: %w", last.Partition, last.Offset, err))
		}
	}
}

// shutdownCommit bounds the commit of what was handled when ctx ended in
// the middle of a batch.
const shutdownCommit = 5 * time.Second

// RunWithBackfill runs Run on events (the events topic) and on
// extractions (the extractions topic, group BackfillGroup) at once, until
// ctx ends or one of them fails for good, which stops the other; it
// returns that error, or nil. Each reader's messages are read as what it
// reads, whatever its topic is called (tests on a shared broker name
// theirs).
func (a *Alerter) RunWithBackfill(ctx context.Context, events, extractions Reader) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make(chan error, 2)
	type input struct {
		r      Reader
		handle func(context.Context, kafka.Message) error
	}
	for _, in := range []input{{events, a.processEvent}, {extractions, a.processExtraction}} {
		go func() {
			err := a.consume(ctx, in.r, in.handle)
			if err != nil {
				cancel()
			}
			errs <- err
		}()
	}
	return errors.Join(<-errs, <-errs)
}

// DepDelivery names, in health reports, what processing an event depends
// on: the state store, the webhooks (which retry on their own) and the
// dead-letter topic.
const DepDelivery = "delivery"

// runEnd is what Run returns when a retry ended: nil once ctx is done,
// else the (permanent) error.
func runEnd(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// process handles a message of the events topic or, on
// schemas.TopicExtractions, a re-extraction.
func (a *Alerter) process(ctx context.Context, m kafka.Message) error {
	if m.Topic == schemas.TopicExtractions {
		return a.processExtraction(ctx, m)
	}
	return a.processEvent(ctx, m)
}

// processEvent handles an event.
func (a *Alerter) processEvent(ctx context.Context, m kafka.Message) error {
	// Validated by the extract worker that published it; what cannot be
	// decoded is dead-lettered (schemas.DecodeDealEvent).
	e, err := schemas.DecodeDealEvent(m.Value)
	if err != nil {
		a.log().Warn("invalid event, dead-lettered", "partition", m.Partition, "offset", m.Offset, "err", err)
		return a.deadLetter(ctx, m, err)
	}
	d, refused, err := a.Handle(ctx, e)
	if err != nil {
		return err
	}
	if d.Alert == nil {
		a.log().Debug("no alert", "deal_id", e.DealID, "event_id", e.EventID, "why", d.Skip)
	}
	if refused != nil {
		return a.deadLetter(ctx, m, refused)
	}
	return nil
}

// processExtraction handles a re-extraction: each of its events as a
// possible backfill. Refusals of any of them dead-letter the message once.
func (a *Alerter) processExtraction(ctx context.Context, m kafka.Message) error {
	x, err := schemas.DecodeExtraction(m.Value)
	if err != nil {
		a.log().Warn("invalid extraction, dead-lettered", "partition", m.Partition, "offset", m.Offset, "err", err)
		return a.deadLetter(ctx, m, err)
	}
	var refusals []error
	for _, e := range x.Events {
		d, refused, err := a.HandleBackfill(ctx, e, x.RunID)
		if err != nil {
			return err
		}
		if d.Alert == nil {
			a.log().Debug("no backfill alert", "deal_id", e.DealID, "event_id", e.EventID, "run", x.RunID, "why", d.Skip)
		}
		if refused != nil {
			refusals = append(refusals, refused)
		}
	}
	if err := errors.Join(refusals...); err != nil {
		return a.deadLetter(ctx, m, err)
	}
	return nil
}

func (a *Alerter) deadLetter(ctx context.Context, m kafka.Message, reason error) error {
	if a.DeadLetter == nil {
		return fmt.Errorf("alert: no dead-letter writer for %w", reason)
	}
	if err := bus.DeadLetter(ctx, a.DeadLetter, Stage, m, reason); err != nil {
		return fmt.Errorf("alert: dead-letter: %w", err)
	}
	return nil
}
