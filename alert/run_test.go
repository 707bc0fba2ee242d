package alert

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func publish(t testing.TB, w *kafka.Writer, evs ...schemas.DealEvent) {
	t.Helper()
	if err := w.WriteMessages(context.Background(), storetest.EventMessages(t, evs)...); err != nil {
		t.Fatal(err)
	}
}

// runAlerter runs a in the background until the returned stop is called.
func runAlerter(t testing.TB, cfg bus.Config, a *Alerter) (stop func()) {
	t.Helper()
	r := bus.NewReader(cfg, schemas.TopicEvents, ConsumerGroup)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, r) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		r.Close()
	}
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRunConsumesDeadLettersAndSurvivesRestart(t *testing.T) {
	cfg := storetest.EventBus(t)
	w := bus.NewWriter(cfg, schemas.TopicEvents)
	defer w.Close()
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer dlq.Close()

	rcv := newReceiver(t, 2) // the receiver fails twice before accepting
	rules, _ := Rules{AlertOnUpdates: true}.withDefaults()
	dir := t.TempDir()
	sink := NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry)
	a := newTestAlerter(t, dir, rules, sink)
	a.DeadLetter = dlq

	evs := fixtureEvents(t)
	publish(t, w, evs[:10]...) // ten outlets, three deals
	if err := w.WriteMessages(context.Background(), kafka.Message{Key: []byte("x"), Value: []byte(`{"event_id":"nope"}`)}); err != nil {
		t.Fatal(err)
	}
	stop := runAlerter(t, cfg, a)
	waitFor(t, "three alerts", func() bool { return len(rcv.alerts()) >= 3 })

	// The invalid message is on the dead-letter topic with the stage header.
	var found bool
	for p := 0; p < cfg.Partitions && !found; p++ {
		pr := kafka.NewReader(kafka.ReaderConfig{Brokers: cfg.Brokers, Topic: schemas.TopicDeadLetter, Partition: p, MaxWait: 100 * time.Millisecond})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		m, err := pr.ReadMessage(ctx)
		cancel()
		pr.Close()
		if err == nil && bus.Header(m, schemas.HeaderDLQStage) == Stage && string(m.Value) == `{"event_id":"nope"}` {
			found = true
		}
	}
	stop()
	if !found {
		t.Error("invalid event not dead-lettered")
	}

	// Restart on the same state, replay everything from the start with a
	// fresh consumer group, and add the follow-up: only the update alerts.
	a.Store.Close()
	b := newTestAlerter(t, dir, rules, sink)
	b.DeadLetter = dlq
	publish(t, w, evs[10])
	r := &countingReader{Reader: bus.NewReader(cfg, schemas.TopicEvents, ConsumerGroup+"-replay")}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, r) }()
	waitFor(t, "the update alert", func() bool { return len(rcv.alerts()) >= 4 })
	// Let the replay drain: the group's committed offsets reach the end.
	waitFor(t, "replay drained", func() bool { return r.committed.Load() >= 12 })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r.Close()
	got := rcv.alerts()
	if len(got) != 4 {
		t.Fatalf("%d deliveries, want 4 (3 new deals, 1 update)", len(got))
	}
	if got[3].Kind != KindDealUpdate {
		t.Errorf("last alert %s", got[3].Kind)
	}
}

// countingReader counts committed messages.
type countingReader struct {
	*kafka.Reader
	committed atomic.Int64
}

func (c *countingReader) CommitMessages(ctx context.Context, msgs ...kafka.Message) error {
	err := c.Reader.CommitMessages(ctx, msgs...)
	if err == nil {
		c.committed.Add(int64(len(msgs)))
	}
	return err
}

// TestRunOnApacheKafka runs the alerter against the real broker of the test
// services (scripts/services.sh), on a topic of its own: ten outlets give
// three alerts, a second alerter in the same group on the same state after
// a replay from the start gives none.
func TestRunOnApacheKafka(t *testing.T) {
	addr := testenv.Kafka(t)
	var b [4]byte
	_, _ = rand.Read(b[:])
	topic := "alerttest-" + hex.EncodeToString(b[:]) + ".events"
	cfg := bus.Config{Brokers: []string{addr}, Partitions: 3, ReplicationFactor: 1, ClientID: "alert-test"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := bus.EnsureTopics(ctx, cfg, topic, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	w := bus.NewWriter(cfg, topic)
	defer w.Close()
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	publish(t, w, fixtureEvents(t)[:10]...)

	rcv := newReceiver(t, 1)
	rules, _ := Rules{}.withDefaults()
	dir := t.TempDir()
	sink := NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry)
	run := func(group string, until func(r *countingReader) bool) {
		a := newTestAlerter(t, dir, rules, sink)
		a.DeadLetter = dlq
		r := &countingReader{Reader: bus.NewReader(cfg, topic, group)}
		rctx, rcancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- a.Run(rctx, r) }()
		waitFor(t, "alerter progress", func() bool { return until(r) })
		rcancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		r.Close()
		a.Store.Close()
	}
	run("alerttest-a", func(r *countingReader) bool { return r.committed.Load() >= 10 })
	if got := rcv.alerts(); len(got) != 3 {
		t.Fatalf("%d alerts for three deals", len(got))
	}
	run("alerttest-b", func(r *countingReader) bool { return r.committed.Load() >= 10 }) // full replay
	if got := rcv.alerts(); len(got) != 3 {
		t.Fatalf("replay after restart delivered again: %d alerts", len(got))
	}
}

// flakyReader fails fetches and commits the way a kafka-go reader does
// while the broker is down or restarting, then works.
type flakyReader struct {
	Reader
	fetchFails, commitFails atomic.Int64
	committed               atomic.Int64
}

func (f *flakyReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if f.fetchFails.Add(-1) >= 0 {
		return kafka.Message{}, errors.New("failed to dial: failed to open connection to 127.0.0.1:9092: connection refused")
	}
	return f.Reader.FetchMessage(ctx)
}

func (f *flakyReader) CommitMessages(ctx context.Context, msgs ...kafka.Message) error {
	if f.commitFails.Add(-1) >= 0 {
		return errors.New("write tcp 127.0.0.1:50000->127.0.0.1:9092: use of closed network connection")
	}
	err := f.Reader.CommitMessages(ctx, msgs...)
	if err == nil {
		f.committed.Add(int64(len(msgs)))
	}
	return err
}

// TestRunRidesOutKafkaErrors: a failed fetch or commit (the alerter used to
// exit with "commit offset …: use of closed network connection") is
// retried; every deal is announced once and Run returns only on cancel.
func TestRunRidesOutKafkaErrors(t *testing.T) {
	cfg := storetest.EventBus(t)
	w := bus.NewWriter(cfg, schemas.TopicEvents)
	defer w.Close()
	rcv := newReceiver(t, 0)
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, t.TempDir(), rules, NewWebhookSink(Webhook{URL: rcv.srv.URL}, testSecret, nil, fastRetry))
	reg := metrics.New()
	a.Retry = bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: 10 * time.Millisecond}, Health: reg.Stage(Stage)}
	evs := fixtureEvents(t)
	publish(t, w, evs[:10]...) // ten outlets, three deals
	kr := bus.NewReader(cfg, schemas.TopicEvents, ConsumerGroup)
	defer kr.Close()
	fr := &flakyReader{Reader: kr}
	fr.fetchFails.Store(3)
	fr.commitFails.Store(3)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, fr) }()
	waitFor(t, "every event committed", func() bool {
		select {
		case err := <-done:
			t.Fatalf("Run returned %v while Kafka was failing", err)
		default:
		}
		return fr.committed.Load() >= 10
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel = %v", err)
	}
	if n := len(rcv.alerts()); n != 3 {
		t.Fatalf("%d alerts, want 3", n)
	}
	if u := reg.Unhealthy(); len(u) != 0 {
		t.Errorf("Unhealthy after recovery = %q", u)
	}
}
