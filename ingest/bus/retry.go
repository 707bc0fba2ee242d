package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/segmentio/kafka-go"
)

// Backoff is the capped exponential schedule with which every stage retries
// Kafka, ClickHouse and webhooks: Initial, doubling up to Max, each wait
// drawn from [d/2, d] so that many consumers do not hammer a recovering
// server in step.
type Backoff struct {
	Initial, Max time.Duration
}

// DefaultBackoff starts at 100ms and doubles up to 10s: a stage notices a
// recovered dependency within 10s, and an outage of any length costs a few
// log lines a minute.
var DefaultBackoff = Backoff{Initial: 100 * time.Millisecond, Max: 10 * time.Second}

// FetchBackoff is the schedule for a failed FetchMessage of a kafka-go
// group Reader. The Reader retries the brokers itself (its partition
// readers back off up to ReadBackoffMax) and reports each failure by
// queueing it for FetchMessage, up to its queue capacity (100), until the
// group rebalances. Waiting DefaultBackoff after each report hands a stage
// those stale reports one every ten seconds long after the broker is back:
// in scripts/cluster the alerter, whose group did not rebalance, still read
// "connection refused" for a killed leader two minutes after its
// partitions had moved and it had restarted. FetchMessage blocks until the
// Reader has a message or a report, so a short wait does not spin.
var FetchBackoff = Backoff{Initial: 10 * time.Millisecond, Max: 250 * time.Millisecond}

// Delay is the wait before retry number attempt (1 = first retry).
func (b Backoff) Delay(attempt int) time.Duration {
	if b.Initial <= 0 {
		b.Initial = DefaultBackoff.Initial
	}
	if b.Max < b.Initial {
		b.Max = max(b.Initial, DefaultBackoff.Max)
	}
	d := b.Initial
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return d/2 + rand.N(d/2+1)
}

// ErrPermanent marks a failure that retrying cannot cure (a message the
// broker refuses as too large, a configuration error). Policy.Do returns it
// at once; wrap with Permanent.
var ErrPermanent = errors.New("permanent failure")

type permanent struct{ err error }

func (p permanent) Error() string        { return p.err.Error() }
func (p permanent) Unwrap() error        { return p.err }
func (p permanent) Is(target error) bool { return target == ErrPermanent }

// Permanent marks err as not worth retrying (errors.Is(err, ErrPermanent)
// holds; the message is err's own).
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// Health receives a stage's view of the dependencies it retries
// (*metrics.Stage is one): Down while an operation on dep keeps failing, Up
// once one succeeds.
type Health interface {
	Up(dep string)
	Down(dep string, err error)
}

// Dependencies named in health reports.
const (
	DepKafka      = "kafka"
	DepClickHouse = "clickhouse"
	DepWebhook    = "webhook"
	DepState      = "state"
)

// Policy is the one retry policy of every stage: retry an operation on a
// dependency with capped exponential backoff for as long as ctx is live,
// and stop early only on a permanent error. A dependency being down is a
// health state (reported to Health), never a reason to exit.
type Policy struct {
	Backoff Backoff      // zero: DefaultBackoff
	Log     *slog.Logger // nil: no logs
	Health  Health       // nil: no reports
	// IdleProbe: see Fetch (default DefaultIdleProbe).
	IdleProbe time.Duration
}

// Do runs op until it returns nil, a permanent error (returned as is), or
// ctx ends (ctx's error, wrapping the last failure). dep names the
// dependency for health reports, what the operation for logs.
func (p Policy) Do(ctx context.Context, dep, what string, op func(context.Context) error) error {
	b := p.Backoff
	if b == (Backoff{}) {
		b = DefaultBackoff
	}
	for attempt := 1; ; attempt++ {
		err := op(ctx)
		if err == nil {
			if p.Health != nil {
				p.Health.Up(dep)
			}
			if attempt > 1 && p.Log != nil {
				p.Log.Info("recovered", "dependency", dep, "op", what, "attempts", attempt)
			}
			return nil
		}
		if errors.Is(err, ErrPermanent) {
			return err
		}
		if ctx.Err() != nil { // the failure is ours (shutting down), not the dependency's
			return fmt.Errorf("%s: %w (last error: %w)", what, ctx.Err(), err)
		}
		if p.Health != nil {
			p.Health.Down(dep, err)
		}
		wait := b.Delay(attempt)
		if p.Log != nil {
			p.Log.Warn("retrying", "dependency", dep, "op", what, "attempt", attempt, "backoff", wait, "err", err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w (last error: %w)", what, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// MessageFetcher is what Policy.Fetch reads from: a kafka-go Reader.
type MessageFetcher interface {
	FetchMessage(ctx context.Context) (kafka.Message, error)
}

// readerStats is implemented by kafka-go's Reader: its counters since the
// previous call, including the errors it met (and retried) on its own.
type readerStats interface {
	Stats() kafka.ReaderStats
}

// DefaultIdleProbe is how long Policy.Fetch waits for a message before it
// checks the reader's own error count (Policy.IdleProbe): an idle consumer
// (a topic with no new messages) must still tell that Kafka answers again.
const DefaultIdleProbe = 5 * time.Second

// Fetch fetches the next message with the policy's retries. A fetch that
// fails marks Kafka down; a fetch that succeeds marks it up. While no
// message comes, every Policy.IdleProbe the reader's own error counter decides:
// no error since the last probe marks Kafka up (the consumer is connected
// and simply idle), errors mark it down. A kafka-go fetch cancelled by the
// probe's deadline loses no message.
func (p Policy) Fetch(ctx context.Context, r MessageFetcher, what string) (kafka.Message, error) {
	var m kafka.Message
	// A failed fetch is the Reader reporting a failure it retries itself:
	// the next fetch waits FetchBackoff, not the stage's backoff.
	q := p
	q.Backoff = FetchBackoff
	err := q.Do(ctx, DepKafka, what, func(c context.Context) error {
		probe := p.IdleProbe
		if probe <= 0 {
			probe = DefaultIdleProbe
		}
		for {
			fc, cancel := context.WithTimeout(c, probe)
			var err error
			m, err = r.FetchMessage(fc)
			cancel()
			if err == nil || c.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
				return err
			}
			st, ok := r.(readerStats)
			if !ok || p.Health == nil {
				continue
			}
			if s := st.Stats(); s.Errors > 0 {
				p.Health.Down(DepKafka, fmt.Errorf("%d reader errors in the last %v", s.Errors, probe))
			} else {
				p.Health.Up(DepKafka)
			}
		}
	})
	return m, err
}

// Counted wraps r so that every fetch error that is not a cancellation calls
// onErr (a stage's error counter); the reader's statistics pass through.
func Counted(r MessageFetcher, onErr func()) MessageFetcher { return counted{r, onErr} }

type counted struct {
	r     MessageFetcher
	onErr func()
}

func (c counted) FetchMessage(ctx context.Context) (kafka.Message, error) {
	m, err := c.r.FetchMessage(ctx)
	if err != nil && ctx.Err() == nil {
		c.onErr()
	}
	return m, err
}

func (c counted) Stats() kafka.ReaderStats {
	if st, ok := c.r.(readerStats); ok {
		return st.Stats()
	}
	return kafka.ReaderStats{}
}
