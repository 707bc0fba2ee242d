package alert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// burst returns n events on n/perDeal deals (each deal reported by perDeal
// outlets in the same words), encoded as the messages of one partition
// from offset 0.
func burst(t *testing.T, n, perDeal int) ([]kafka.Message, []string) {
	t.Helper()
	base := fixtureEvents(t)[0]
	msgs := make([]kafka.Message, n)
	var deals []string
	for i := range n {
		e := base
		e.DealID = schemas.HashID("burst-deal", fmt.Sprint(i/perDeal))
		e.EventID = schemas.HashID("burst-event", fmt.Sprint(i))
		e.Article.ID = schemas.HashID("burst-article", fmt.Sprint(i))
		if i%perDeal == 0 {
			deals = append(deals, e.DealID)
		}
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		msgs[i] = kafka.Message{Topic: schemas.TopicEvents, Partition: 0, Offset: int64(i), Key: []byte(e.DealID), Value: raw}
	}
	return msgs, deals
}

// memReader is one partition held in memory, read from a start offset as
// a consumer group member resuming after the committed offset would.
type memReader struct {
	msgs    []kafka.Message
	next    atomic.Int64
	drained chan struct{} // closed once every message was fetched
	once    sync.Once

	mu        sync.Mutex
	commits   int   // CommitMessages calls
	committed int64 // highest offset committed; -1: none
	onCommit  func(msgs []kafka.Message)
}

func newMemReader(msgs []kafka.Message, from int64) *memReader {
	r := &memReader{msgs: msgs, drained: make(chan struct{}), committed: from - 1}
	r.next.Store(from)
	return r
}

func (r *memReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	i := r.next.Load()
	if i < int64(len(r.msgs)) {
		r.next.Add(1)
		if i == int64(len(r.msgs))-1 {
			r.once.Do(func() { close(r.drained) })
		}
		return r.msgs[i], nil
	}
	<-ctx.Done()
	return kafka.Message{}, ctx.Err()
}

func (r *memReader) CommitMessages(_ context.Context, msgs ...kafka.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.onCommit != nil {
		r.onCommit(msgs)
	}
	r.commits++
	for _, m := range msgs {
		r.committed = max(r.committed, m.Offset)
	}
	return nil
}

func (r *memReader) state() (commits int, committed int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.commits, r.committed
}

// recordingSink notes every delivered deal. Until gate is closed the first
// delivery waits for it; while broken names a deal, delivering it fails
// (a receiver that is down: retried, never refused).
type recordingSink struct {
	gate     chan struct{}
	broken   atomic.Value // string
	attempts atomic.Int64 // failed attempts on the broken deal
	mu       sync.Mutex
	got      map[string]int
}

func newRecordingSink() *recordingSink {
	s := &recordingSink{got: map[string]int{}}
	s.broken.Store("")
	return s
}

func (s *recordingSink) Name() string { return "recording" }

func (s *recordingSink) Deliver(ctx context.Context, a Alert, _ []byte) error {
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if a.DealID == s.broken.Load().(string) {
		s.attempts.Add(1)
		return errors.New("receiver down")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got[a.DealID]++
	return nil
}

func (s *recordingSink) deliveries() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.got))
	for k, v := range s.got {
		out[k] = v
	}
	return out
}

func batchAlerter(t *testing.T, dir string, sink Sink) *Alerter {
	rules, _ := Rules{}.withDefaults()
	a := newTestAlerter(t, dir, rules, sink)
	a.DeadLetter = discardWriter{}
	a.Retry = bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}}
	return a
}

func waitDrained(t *testing.T, r *memReader) {
	t.Helper()
	select {
	case <-r.drained:
	case <-time.After(time.Minute):
		t.Fatal("the alerter did not fetch the whole partition within a minute")
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestBurstIsCommittedInBatchesAfterItsAlerts: a burst of 450 events on
// 150 deals is committed in a few calls, not one per event, and every
// offset a commit covers belongs to an event whose deal the durable state
// already records as announced (and the sink has). Each deal is announced
// once.
func TestBurstIsCommittedInBatchesAfterItsAlerts(t *testing.T) {
	msgs, deals := burst(t, 450, 3) // fewer than MaxBatch: all fetched while the first alert waits
	sink := newRecordingSink()
	sink.gate = make(chan struct{})
	a := batchAlerter(t, t.TempDir(), sink)
	r := newMemReader(msgs, 0)
	var bad []string
	r.onCommit = func(committed []kafka.Message) {
		got := sink.deliveries()
		for _, m := range committed {
			var e schemas.DealEvent
			if err := json.Unmarshal(m.Value, &e); err != nil {
				bad = append(bad, err.Error())
				continue
			}
			st, err := a.Store.Deal(e.DealID)
			if err != nil || !st.Alerted || got[e.DealID] != 1 {
				bad = append(bad, fmt.Sprintf("offset %d committed before its deal's alert was delivered and recorded (state %+v, %v; delivered %d)", m.Offset, st, err, got[e.DealID]))
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, r) }()
	// The first alert is held until the whole burst has been fetched: the
	// rest of it is waiting when the first batch ends.
	waitDrained(t, r)
	close(sink.gate)
	waitUntil(t, "the burst committed", func() bool { _, c := r.state(); return c == int64(len(msgs))-1 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, b := range bad {
		t.Error(b)
	}
	if maxCommits := 1 + (len(msgs)+MaxBatch-1)/MaxBatch + 1; r.commits > maxCommits {
		t.Errorf("%d commits for a burst of %d events, want at most %d (one per batch)", r.commits, len(msgs), maxCommits)
	}
	got := sink.deliveries()
	if len(got) != len(deals) {
		t.Errorf("%d deals announced, want %d", len(got), len(deals))
	}
	for _, d := range deals {
		if got[d] != 1 {
			t.Errorf("deal %s announced %d times, want once", d, got[d])
		}
	}
}

// TestStopInMidBatchCommitsOnlyWhatWasHandled: the receiver is down for
// one deal in the middle of a batch; when the alerter is stopped, the
// events handled before it are committed and it and everything after are
// not. After a restart from the committed offset, and after a replay of
// the whole partition, every deal has been announced exactly once.
func TestStopInMidBatchCommitsOnlyWhatWasHandled(t *testing.T) {
	msgs, deals := burst(t, 300, 3)
	const stuck = 151 // an event of deal 50, reported first at offset 150
	var e schemas.DealEvent
	if err := json.Unmarshal(msgs[stuck].Value, &e); err != nil {
		t.Fatal(err)
	}
	sink := newRecordingSink()
	sink.gate = make(chan struct{})
	// Deal 50 fails from its first report on (offset 150), so offset 150
	// is the first not handled.
	sink.broken.Store(e.DealID)
	dir := t.TempDir()
	a := batchAlerter(t, dir, sink)
	r := newMemReader(msgs, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, r) }()
	waitDrained(t, r) // one batch holds the failing deal and events on both sides
	close(sink.gate)
	waitUntil(t, "retries of the broken deal", func() bool { return sink.attempts.Load() >= 3 })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if _, c := r.state(); c != stuck-2 {
		t.Fatalf("committed up to offset %d, want %d: the events before the stuck one, and none from it on", c, stuck-2)
	}
	got := sink.deliveries()
	if len(got) != 50 {
		t.Fatalf("%d deals announced before the stop, want the 50 before the broken one", len(got))
	}

	// Restart on the same state from the committed offset, receiver back.
	a.Store.Close()
	sink.broken.Store("")
	b := batchAlerter(t, dir, sink)
	for _, from := range []int64{stuck - 1, 0} { // resume, then a full replay
		r := newMemReader(msgs, from)
		ctx, cancel := context.WithCancel(context.Background())
		go func() { done <- b.Run(ctx, r) }()
		waitUntil(t, "the partition committed", func() bool { _, c := r.state(); return c == int64(len(msgs))-1 })
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("Run from %d: %v", from, err)
		}
	}
	got = sink.deliveries()
	for _, d := range deals {
		if got[d] != 1 {
			t.Errorf("deal %s announced %d times, want once", d, got[d])
		}
	}
	if len(got) != len(deals) {
		t.Errorf("%d deals announced, want %d", len(got), len(deals))
	}
}
