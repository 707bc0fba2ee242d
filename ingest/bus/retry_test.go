package bus_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/segmentio/kafka-go"
)

func TestBackoffDelayIsCappedExponential(t *testing.T) {
	b := bus.Backoff{Initial: 100 * time.Millisecond, Max: time.Second}
	for attempt, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond,
		3: 400 * time.Millisecond, 4: 800 * time.Millisecond, 5: time.Second, 50: time.Second} {
		for range 20 {
			if d := b.Delay(attempt); d < want/2 || d > want {
				t.Fatalf("Delay(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
			}
		}
	}
}

func TestPolicyRetriesUntilSuccessAndReportsHealth(t *testing.T) {
	reg := metrics.New()
	p := bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond}, Health: reg.Stage("sink")}
	calls := 0
	var during []string
	err := p.Do(context.Background(), bus.DepClickHouse, "insert", func(context.Context) error {
		calls++
		if calls > 1 {
			during = append(during, reg.Unhealthy()...)
		}
		if calls < 5 {
			return errors.New("connection refused")
		}
		return nil
	})
	if err != nil || calls != 5 {
		t.Fatalf("Do = %v after %d calls, want nil after 5", err, calls)
	}
	if len(during) == 0 || during[0] != "sink/clickhouse: connection refused" {
		t.Errorf("Unhealthy while failing = %q", during)
	}
	if u := reg.Unhealthy(); len(u) != 0 {
		t.Errorf("Unhealthy after success = %q", u)
	}
}

func TestPolicyStopsOnPermanentAndOnCancel(t *testing.T) {
	p := bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: time.Millisecond}}
	calls := 0
	tooBig := errors.New("too big")
	err := p.Do(context.Background(), bus.DepKafka, "publish", func(context.Context) error {
		calls++
		return bus.Permanent(tooBig)
	})
	if calls != 1 || !errors.Is(err, bus.ErrPermanent) || !errors.Is(err, tooBig) || err.Error() != "too big" {
		t.Fatalf("Do = %v after %d calls, want the permanent error after 1", err, calls)
	}

	ctx, cancel := context.WithCancel(context.Background())
	calls = 0
	err = p.Do(ctx, bus.DepKafka, "fetch", func(context.Context) error {
		calls++
		if calls == 3 {
			cancel()
		}
		return errors.New("dial: connection refused")
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("Do after cancel = %v, want context.Canceled with the last error", err)
	}
}

// idleReader fails its first fetches, then has no message: it blocks until
// its context ends, and reports the errors it met on its own since the
// previous Stats call (as kafka-go's Reader does).
type idleReader struct {
	fails  atomic.Int64
	errors atomic.Int64
}

func (r *idleReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if r.fails.Add(-1) >= 0 {
		return kafka.Message{}, errors.New("dial tcp: connection refused")
	}
	<-ctx.Done()
	return kafka.Message{}, ctx.Err()
}

func (r *idleReader) Stats() kafka.ReaderStats { return kafka.ReaderStats{Errors: r.errors.Swap(0)} }

// TestFetchIdleConsumerRecovers: a consumer whose topic has no new message
// after an outage reports Kafka up again once its reader meets no error,
// and down while the reader keeps failing on its own.
func TestFetchIdleConsumerRecovers(t *testing.T) {
	reg := metrics.New()
	p := bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond}, Health: reg.Stage("sink"), IdleProbe: 20 * time.Millisecond}
	r := &idleReader{}
	r.fails.Store(3)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := p.Fetch(ctx, r, "fetch"); done <- err }()
	waitUntil := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: Unhealthy = %q", what, reg.Unhealthy())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitUntil("up again while idle", func() bool { return r.fails.Load() < 0 && len(reg.Unhealthy()) == 0 })
	r.errors.Store(1 << 20) // the reader fails in the background again
	waitUntil("down while the reader fails", func() bool { return len(reg.Unhealthy()) == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Fetch after cancel = %v", err)
	}
}
