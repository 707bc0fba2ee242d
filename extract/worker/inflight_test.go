package worker_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// killableReader is a consumer that dies at kill(): from then on it neither
// fetches nor commits, like a process that got SIGKILL.
type killableReader struct {
	worker.Reader
	killed  atomic.Bool
	fetched atomic.Int64
	mu      sync.Mutex
	offsets map[string]kafka.Message // key → where it was fetched (no value)
}

func (k *killableReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if k.killed.Load() {
		<-ctx.Done()
		return kafka.Message{}, ctx.Err()
	}
	m, err := k.Reader.FetchMessage(ctx)
	if err == nil {
		k.fetched.Add(1)
		k.mu.Lock()
		k.offsets[string(m.Key)] = kafka.Message{Partition: m.Partition, Offset: m.Offset}
		k.mu.Unlock()
	}
	return m, err
}

func (k *killableReader) CommitMessages(ctx context.Context, msgs ...kafka.Message) error {
	if k.killed.Load() {
		return errors.New("process killed")
	}
	return k.Reader.CommitMessages(ctx, msgs...)
}

// recordingWriter passes writes on to w and counts, per event id, the
// messages Kafka acknowledged (for kafka.WriteErrors, the ones without an
// error).
type recordingWriter struct {
	w    bus.MessageWriter
	mu   sync.Mutex
	seen map[string]int
}

func (r *recordingWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	err := r.w.WriteMessages(ctx, msgs...)
	var we kafka.WriteErrors
	if err != nil && !errors.As(err, &we) {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, m := range msgs {
		if err == nil || we[i] == nil {
			var ev struct {
				EventID string `json:"event_id"`
			}
			if json.Unmarshal(m.Value, &ev) == nil {
				r.seen[ev.EventID]++
			}
		}
	}
	return err
}

func (r *recordingWriter) snapshot() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.seen)
}

// faultyWriter publishes through w with faults: every third call fails
// whole, every third call after that writes only its first half and
// reports the second half failed (kafka.WriteErrors), the rest succeed
// after a delay (a slow broker, so that many articles are in flight).
// After kill nothing reaches Kafka any more.
type faultyWriter struct {
	w      bus.MessageWriter
	delay  time.Duration
	calls  atomic.Int64
	killed atomic.Bool
	max    atomic.Int64 // largest call, in messages
}

func (f *faultyWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	if f.killed.Load() {
		<-ctx.Done()
		return ctx.Err()
	}
	if n := int64(len(msgs)); n > f.max.Load() {
		f.max.Store(n)
	}
	select {
	case <-time.After(f.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	switch f.calls.Add(1) % 3 {
	case 1:
		return errors.New("write tcp 127.0.0.1:9092: connection reset by peer")
	case 2:
		if len(msgs) > 1 {
			h := len(msgs) / 2
			if err := f.w.WriteMessages(ctx, msgs[:h]...); err != nil {
				return err
			}
			werr := make(kafka.WriteErrors, len(msgs))
			for i := h; i < len(msgs); i++ {
				werr[i] = kafka.NotLeaderForPartition
			}
			return werr
		}
	}
	return f.w.WriteMessages(ctx, msgs...)
}

// TestKillWithManyArticlesInFlight kills a worker (no more fetch, publish
// or commit from one instant on) while hundreds of articles are between
// fetch and commit and publishes fail now and then, restarts one on the
// same group, and checks the events topic against the extractor's output:
// every article committed before the kill had all its events published
// before it, none is published again after the restart, and every event
// of every article is there in the end (nothing lost, nothing unexpected).
func TestKillWithManyArticlesInFlight(t *testing.T) {
	e := newEnv(t, 3)
	const n = 1000
	var msgs []kafka.Message
	want := map[string]int64{} // event id → article index
	byArticle := map[string]int{}
	for i := range n {
		var text strings.Builder
		for j := range 1 + i%3 {
			fmt.Fprintf(&text, "PARTNER org%d org%d\n", i, j+1000)
		}
		a := article(fmt.Sprintf("https://example.com/kill/%d", i), text.String())
		evs, _ := lineExtractor{}.Extract(e.ctx, a)
		for _, ev := range evs {
			want[ev.EventID] = int64(i)
		}
		byArticle[a.ID] = i
		msgs = append(msgs, articleMsg(t, a))
	}
	e.publish(t, msgs...)

	v, _ := schemas.NewValidator()
	kr := bus.NewReader(e.cfg, schemas.TopicArticles, "g")
	r := &killableReader{Reader: kr, offsets: map[string]kafka.Message{}}
	ew := bus.NewWriter(e.cfg, schemas.TopicEvents)
	defer ew.Close()
	rec := &recordingWriter{w: ew, seen: map[string]int{}}
	fw := &faultyWriter{w: rec, delay: 10 * time.Millisecond}
	dlq := bus.NewWriter(e.cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	col := newCollector()
	var committed atomic.Int64
	w := worker.New(r, fw, dlq, lineExtractor{}, v, worker.Options{Backoff: fastRetry, DrainTimeout: 200 * time.Millisecond, Log: quiet,
		OnCommit: func(rs []worker.Result) { committed.Add(int64(len(rs))) }})
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx); kr.Close() }()

	// Kill once a few hundred articles are committed.
	tick := time.NewTicker(5 * time.Millisecond)
	for committed.Load() < 200 {
		select {
		case <-tick.C:
		case <-e.ctx.Done():
			t.Fatalf("only %d articles committed before the deadline", committed.Load())
		}
	}
	tick.Stop()
	r.killed.Store(true)
	fw.killed.Store(true)
	inFlight := r.fetched.Load() - committed.Load()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if inFlight < 50 {
		t.Fatalf("only %d articles in flight at the kill; the test needs many", inFlight)
	}
	if fw.max.Load() < 10 {
		t.Errorf("largest publish carried %d events: articles are not published together", fw.max.Load())
	}

	// Committed before the kill ⇒ all events already on the topic.
	lags, err := bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	commitAt := map[int]int64{}
	var committedAtKill int64
	for _, p := range lags {
		commitAt[p.Partition] = max(p.Committed, 0)
		committedAtKill += max(p.Committed, 0) - p.Start
	}
	if committedAtKill < 200 {
		t.Fatalf("%d articles committed at the kill, OnCommit said %d", committedAtKill, committed.Load())
	}
	before := rec.snapshot()
	isCommitted := map[int64]bool{} // article index
	for k, m := range r.offsets {
		if m.Offset < commitAt[m.Partition] {
			isCommitted[int64(byArticle[k])] = true
		}
	}
	for id, i := range want {
		if isCommitted[i] && before[id] == 0 {
			t.Fatalf("article %d was committed before its event %s was published", i, id)
		}
	}

	// Restart: the rest is handled, the committed part is not redone.
	col = newCollector()
	kr2 := bus.NewReader(e.cfg, schemas.TopicArticles, "g")
	w2 := worker.New(kr2, rec, dlq, lineExtractor{}, v, worker.Options{OnCommit: col.onCommit, Log: quiet})
	ctx2, cancel2 := context.WithCancel(e.ctx)
	go func() { done <- w2.Run(ctx2); kr2.Close() }()
	stop := func() error { cancel2(); return <-done }
	col.wait(t, e.ctx, int(n-committedAtKill))
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lags, _ = bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if l := bus.TotalLag(lags); l != 0 {
		t.Fatalf("lag %d after the restart", l)
	}
	after := rec.snapshot()
	dup := 0
	for id := range after {
		if _, ok := want[id]; !ok {
			t.Fatalf("unexpected event %s", id)
		}
	}
	for id, i := range want {
		switch {
		case after[id] == 0:
			t.Fatalf("event %s of article %d lost", id, i)
		case isCommitted[i] && after[id] != before[id]:
			t.Fatalf("event %s of article %d, committed before the kill, published again after the restart", id, i)
		case after[id] > 2:
			t.Fatalf("event %s published %d times", id, after[id])
		case after[id] == 2:
			dup++
		}
	}
	if dl := e.readTopic(t, schemas.TopicDeadLetter); len(dl) != 0 {
		t.Fatalf("%d dead letters, want none", len(dl))
	}
	t.Logf("%d articles in flight at the kill, %d committed; %d events published twice (at least once)", inFlight, committedAtKill, dup)
}

var quiet = slog.New(slog.DiscardHandler)
