package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chserver"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func publish(t *testing.T, cfg bus.Config, msgs ...kafka.Message) {
	t.Helper()
	w := bus.NewWriter(cfg, schemas.TopicEvents)
	defer w.Close()
	if err := w.WriteMessages(storetest.Ctx(t), msgs...); err != nil {
		t.Fatal(err)
	}
}

// startSink runs a sink in the background; the returned func stops it and
// returns Run's error.
func startSink(t *testing.T, cfg bus.Config, st store.EventStore, reg *metrics.Registry) func() error {
	t.Helper()
	r := bus.NewReader(cfg, schemas.TopicEvents, store.SinkGroup)
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	s, err := store.NewSink(r, st, dlq, store.SinkConfig{
		BatchSize: 5, BatchTimeout: 50 * time.Millisecond,
		RetryMin: 20 * time.Millisecond, RetryMax: 200 * time.Millisecond,
		OpTimeout: 5 * time.Second, Metrics: reg.Stage(store.SinkStage),
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		err := <-done
		r.Close()
		dlq.Close()
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop
}

// waitFor polls cond until it holds or the test's deadline nears.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func lag(t *testing.T, cfg bus.Config) int64 {
	t.Helper()
	ls, err := bus.GroupLag(storetest.Ctx(t), cfg, store.SinkGroup, schemas.TopicEvents)
	if err != nil {
		t.Fatal(err)
	}
	return bus.TotalLag(ls)
}

func metric(t *testing.T, reg *metrics.Registry, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			have := map[string]string{}
			for _, lp := range m.GetLabel() {
				have[lp.GetName()] = lp.GetValue()
			}
			for k, v := range labels {
				if have[k] != v {
					continue next
				}
			}
			switch {
			case m.Counter != nil:
				sum += m.Counter.GetValue()
			case m.Histogram != nil:
				sum += float64(m.Histogram.GetSampleCount())
			case m.Gauge != nil:
				sum += m.Gauge.GetValue()
			}
		}
	}
	return sum
}

func TestSinkExactlyOnceAndDeadLetter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		storetest.Migrated(t, e)
		cfg := storetest.EventBus(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		msgs := storetest.EventMessages(t, fx)
		bad := []kafka.Message{
			{Key: []byte("k1"), Value: []byte("not json")},
			{Key: []byte("k2"), Value: []byte(`{"event_id":"00","type":"merger"}`)},
		}
		// The events, a replay of all of them, and two invalid messages.
		publish(t, cfg, append(append(append([]kafka.Message{}, msgs...), msgs...), bad...)...)
		reg := metrics.New()
		stop := startSink(t, cfg, e, reg)
		waitFor(t, "the sink to commit everything", func() bool { return lag(t, cfg) == 0 })
		if err := stop(); err != nil {
			t.Fatalf("Run: %v", err)
		}
		// Nothing doubled, even before any merge: the raw table has one
		// row per event.
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events")
		if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
			t.Fatalf("events: %v rows/ids, want %d", row, len(fx))
		}
		// Dead letters carry reason, stage and source coordinates.
		r := bus.NewReader(cfg, schemas.TopicDeadLetter, "dlq-reader")
		defer r.Close()
		var got []kafka.Message
		for len(got) < len(bad) {
			ctx, cancel := context.WithTimeout(storetest.Ctx(t), 30*time.Second)
			m, err := r.ReadMessage(ctx)
			cancel()
			if err != nil {
				t.Fatalf("dead letters: got %d, want %d: %v", len(got), len(bad), err)
			}
			got = append(got, m)
		}
		for _, m := range got {
			if bus.Header(m, schemas.HeaderDLQReason) == "" || bus.Header(m, schemas.HeaderDLQStage) != store.SinkStage ||
				bus.Header(m, schemas.HeaderDLQTopic) != schemas.TopicEvents {
				t.Fatalf("dead letter headers %v", m.Headers)
			}
			p, err1 := strconv.Atoi(bus.Header(m, schemas.HeaderDLQPartition))
			o, err2 := strconv.ParseInt(bus.Header(m, schemas.HeaderDLQOffset), 10, 64)
			if err1 != nil || err2 != nil || p < 0 || o < 0 {
				t.Fatalf("dead letter coordinates %v", m.Headers)
			}
			if string(m.Value) != "not json" && string(m.Value) != string(bad[1].Value) {
				t.Fatalf("dead letter value %q", m.Value)
			}
		}
		sink := map[string]string{"stage": store.SinkStage}
		if c := metric(t, reg, "dealwatch_consumed_total", sink); c != float64(2*len(fx)+len(bad)) {
			t.Errorf("consumed_total %v, want %d", c, 2*len(fx)+len(bad))
		}
		if c := metric(t, reg, "dealwatch_dead_lettered_total", sink); c != float64(len(bad)) {
			t.Errorf("dead_lettered_total %v, want %d", c, len(bad))
		}
		if c := metric(t, reg, "dealwatch_produced_total", sink); c != float64(len(fx)) {
			t.Errorf("produced_total (rows inserted) %v, want %d", c, len(fx))
		}
		// Batches are cut at BatchSize (5): 18 messages take at least 4.
		if c := metric(t, reg, "dealwatch_batch_size", sink); c < 4 {
			t.Errorf("batch_size has %v observations, want at least 4", c)
		}
		if s := histogramSum(t, reg, "dealwatch_batch_size"); s != float64(2*len(fx)+len(bad)) {
			t.Errorf("batch sizes add up to %v, want %d", s, 2*len(fx)+len(bad))
		}
		if c := metric(t, reg, "dealwatch_insert_latency_seconds", sink); c < 1 {
			t.Errorf("insert_latency_seconds has %v observations", c)
		}
	})
}

func TestSinkRetriesWhileClickHouseDown(t *testing.T) {
	direct := storetest.Server(t)
	storetest.Migrated(t, direct)
	var db string
	if r := queryOne(t, direct, "SELECT currentDatabase()"); true {
		db = r[0].(string)
	}
	proxy := storetest.NewProxy(t, storetest.ServerConfig(t).Addr)
	viaProxy, err := chserver.Open(storetest.Ctx(t), chserver.Config{Addr: proxy.Addr(), Database: db, DialTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer viaProxy.Close()
	proxy.Down()

	cfg := storetest.EventBus(t)
	fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	publish(t, cfg, storetest.EventMessages(t, fx)...)
	reg := metrics.New()
	stop := startSink(t, cfg, viaProxy, reg)
	insertErrors := map[string]string{"stage": store.SinkStage, "kind": "insert"}
	waitFor(t, "insert retries", func() bool { return metric(t, reg, "dealwatch_errors_total", insertErrors) >= 3 })
	if u := reg.Unhealthy(); len(u) != 1 || !strings.HasPrefix(u[0], "sink/clickhouse: ") {
		t.Errorf("Unhealthy while ClickHouse is down = %q, want sink/clickhouse", u)
	}
	if l := lag(t, cfg); l != int64(len(fx)) {
		t.Fatalf("lag %d while ClickHouse is down, want %d: offsets committed before the insert", l, len(fx))
	}
	if row := queryOne(t, direct, "SELECT count() FROM events"); row[0] != uint64(0) {
		t.Fatalf("%v rows while ClickHouse was unreachable", row[0])
	}
	proxy.Up(t)
	waitFor(t, "the sink to recover and commit", func() bool { return lag(t, cfg) == 0 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if u := reg.Unhealthy(); len(u) != 0 {
		t.Errorf("Unhealthy after recovery = %q", u)
	}
	row := queryOne(t, direct, "SELECT count(), uniqExact(event_id) FROM events")
	if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
		t.Fatalf("after recovery: %v rows/ids, want %d exactly once", row, len(fx))
	}
}

// lostAck inserts for real, then reports a failure once: the acknowledgement
// lost on the way back (a timeout after the server wrote the rows).
type lostAck struct {
	store.EventStore
	lost bool
}

func (l *lostAck) InsertEvents(ctx context.Context, evs []schemas.DealEvent) error {
	if err := l.EventStore.InsertEvents(ctx, evs); err != nil {
		return err
	}
	if !l.lost {
		l.lost = true
		return context.DeadlineExceeded
	}
	return nil
}

func TestSinkLostAcknowledgementAddsNoRow(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		storetest.Migrated(t, e)
		cfg := storetest.EventBus(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		publish(t, cfg, storetest.EventMessages(t, fx)...)
		reg := metrics.New()
		st := &lostAck{EventStore: e}
		stop := startSink(t, cfg, st, reg)
		waitFor(t, "the sink to commit everything", func() bool { return lag(t, cfg) == 0 })
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		if !st.lost {
			t.Fatal("no insert happened")
		}
		if got := metric(t, reg, "dealwatch_errors_total", map[string]string{"stage": store.SinkStage, "kind": "insert"}); got < 1 {
			t.Fatalf("insert errors %v, want the lost acknowledgement counted", got)
		}
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events")
		if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
			t.Fatalf("events after a retried insert: %v rows/ids, want %d", row, len(fx))
		}
	})
}

func histogramSum(t *testing.T, reg *metrics.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() == name {
			var s float64
			for _, m := range mf.GetMetric() {
				s += m.GetHistogram().GetSampleSum()
			}
			return s
		}
	}
	return 0
}

// TestSinkCollapsesRacedDoubles: rows another consumer inserted twice (the
// race the check before the insert cannot see) are merged away by the sink
// before it commits.
func TestSinkCollapsesRacedDoubles(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		storetest.Migrated(t, e)
		ctx := storetest.Ctx(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		for range 2 {
			if err := e.InsertEvents(ctx, fx); err != nil {
				t.Fatal(err)
			}
		}
		if row := queryOne(t, e, "SELECT count() FROM events"); row[0] != uint64(2*len(fx)) {
			t.Fatalf("setup: %v rows", row[0])
		}
		cfg := storetest.EventBus(t)
		publish(t, cfg, storetest.EventMessages(t, fx)...)
		stop := startSink(t, cfg, e, metrics.New())
		waitFor(t, "the sink to commit everything", func() bool { return lag(t, cfg) == 0 })
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events")
		if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
			t.Fatalf("events: %v rows/ids, want %d", row, len(fx))
		}
	})
}

// flakyFetcher fails its first fetches and commits the way a kafka-go
// reader does while the broker is down or restarting (dial errors, a
// connection closed under a commit), then works.
type flakyFetcher struct {
	store.Fetcher
	fetchFails, commitFails atomic.Int64
}

func (f *flakyFetcher) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if f.fetchFails.Add(-1) >= 0 {
		return kafka.Message{}, errors.New("failed to dial: failed to open connection to 127.0.0.1:9092: dial tcp 127.0.0.1:9092: connect: connection refused")
	}
	return f.Fetcher.FetchMessage(ctx)
}

func (f *flakyFetcher) CommitMessages(ctx context.Context, msgs ...kafka.Message) error {
	if f.commitFails.Add(-1) >= 0 {
		return errors.New("write tcp 127.0.0.1:50000->127.0.0.1:9092: use of closed network connection")
	}
	return f.Fetcher.CommitMessages(ctx, msgs...)
}

// TestSinkRidesOutKafkaErrors: fetch errors and failed commits are retried;
// Run does not return until cancelled, and every event lands once.
func TestSinkRidesOutKafkaErrors(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		storetest.Migrated(t, e)
		cfg := storetest.EventBus(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		publish(t, cfg, storetest.EventMessages(t, fx)...)
		r := bus.NewReader(cfg, schemas.TopicEvents, store.SinkGroup)
		defer r.Close()
		ff := &flakyFetcher{Fetcher: r}
		ff.fetchFails.Store(3)
		ff.commitFails.Store(3)
		dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
		defer dlq.Close()
		s, err := store.NewSink(ff, e, dlq, store.SinkConfig{BatchSize: 5, BatchTimeout: 20 * time.Millisecond,
			RetryMin: time.Millisecond, RetryMax: 10 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(storetest.Ctx(t))
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		waitFor(t, "every event committed", func() bool {
			select {
			case err := <-done:
				t.Fatalf("Run returned %v while Kafka was failing", err)
			default:
			}
			return lag(t, cfg) == 0
		})
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run after cancel = %v", err)
		}
		if ff.commitFails.Load() >= 0 || ff.fetchFails.Load() >= 0 {
			t.Fatalf("the failures were not all met: fetch %d commit %d left", ff.fetchFails.Load(), ff.commitFails.Load())
		}
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events")
		if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
			t.Fatalf("%v rows/ids, want %d exactly once", row, len(fx))
		}
	})
}
