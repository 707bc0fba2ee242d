package alert

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

// staleReportsReader is a kafka-go group Reader after a broker came back:
// FetchMessage first hands out the failures its own goroutines queued
// while the broker was down, then the next message, then blocks.
type staleReportsReader struct {
	reports   atomic.Int64
	delivered atomic.Bool
	committed chan kafka.Message
}

func (r *staleReportsReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if r.reports.Add(-1) >= 0 {
		return kafka.Message{}, errors.New("failed to dial: failed to open connection to 127.0.0.1:9092: connect: connection refused")
	}
	if r.delivered.CompareAndSwap(false, true) {
		return kafka.Message{Topic: "events", Partition: 1, Offset: 7, Value: []byte("not an event")}, nil
	}
	<-ctx.Done()
	return kafka.Message{}, ctx.Err()
}

func (r *staleReportsReader) CommitMessages(_ context.Context, msgs ...kafka.Message) error {
	for _, m := range msgs {
		r.committed <- m
	}
	return nil
}

type discardWriter struct{}

func (discardWriter) WriteMessages(context.Context, ...kafka.Message) error { return nil }

// TestStaleFetchReportsDoNotWaitTheStageBackoff: the stage's backoff (an
// hour here) applies to what the alerter does, not to the failures the
// Reader already retried and merely reports; twenty queued reports are read
// through and the next message is handled and committed.
func TestStaleFetchReportsDoNotWaitTheStageBackoff(t *testing.T) {
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules)
	a.DeadLetter = discardWriter{}
	a.Retry = bus.Policy{Backoff: bus.Backoff{Initial: time.Hour, Max: time.Hour}}
	r := &staleReportsReader{committed: make(chan kafka.Message, 1)}
	r.reports.Store(20)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, r) }()
	select {
	case m := <-r.committed:
		if m.Offset != 7 {
			t.Errorf("committed offset %d, want 7", m.Offset)
		}
	case err := <-done:
		t.Fatalf("Run returned %v", err)
	case <-time.After(time.Minute):
		t.Fatalf("the message after %d stale fetch reports not committed within a minute: fetch waits the stage's backoff", 20-max(r.reports.Load(), 0))
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run after cancel: %v", err)
	}
}
