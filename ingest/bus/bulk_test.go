package bus_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

// fakeWriter records each write and answers with fail's verdict. With
// hold set, each write signals started and then waits for a value on (or
// the closing of) hold.
type fakeWriter struct {
	mu      sync.Mutex
	writes  [][]kafka.Message
	hold    chan struct{}
	started chan struct{}
	fail    func(msgs []kafka.Message) error
	closed  bool
}

func newHeldWriter() *fakeWriter {
	return &fakeWriter{hold: make(chan struct{}), started: make(chan struct{}, 100)}
}

func (f *fakeWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	if f.hold != nil {
		f.started <- struct{}{}
		<-f.hold
	}
	f.mu.Lock()
	f.writes = append(f.writes, append([]kafka.Message(nil), msgs...))
	fail := f.fail
	f.mu.Unlock()
	if fail != nil {
		return fail(msgs)
	}
	return nil
}

func (f *fakeWriter) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return nil
}

func (f *fakeWriter) writeSizes() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []int
	for _, w := range f.writes {
		out = append(out, len(w))
	}
	return out
}

func msgsOf(prefix string, n int) []kafka.Message {
	out := make([]kafka.Message, n)
	for i := range out {
		out[i] = kafka.Message{Key: []byte(prefix), Value: []byte(prefix + strconv.Itoa(i))}
	}
	return out
}

// call runs WriteMessages in a goroutine and returns its result channel.
func call(ctx context.Context, w bus.MessageWriter, msgs []kafka.Message) <-chan error {
	ch := make(chan error, 1)
	go func() { ch <- w.WriteMessages(ctx, msgs...) }()
	return ch
}

func result(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("write did not return")
		return nil
	}
}

// A call that finds the writer idle is written at once, whatever the
// interval: freshness does not wait for load that is not there.
func TestBulkWriterIdleCallIsWrittenAtOnce(t *testing.T) {
	f := &fakeWriter{}
	b := bus.NewBulkWriterOn(f, f, time.Hour, time.Hour)
	defer b.Close()
	if err := result(t, call(ctxT(t), b, msgsOf("a", 3))); err != nil {
		t.Fatal(err)
	}
	if got := f.writeSizes(); fmt.Sprint(got) != "[3]" {
		t.Fatalf("writes %v, want [3]", got)
	}
}

// Calls made while a write is in flight go out together in the next one,
// and each returns when its own messages are acknowledged.
func TestBulkWriterMergesWaitingCalls(t *testing.T) {
	f := newHeldWriter()
	b := bus.NewBulkWriterOn(f, f, 0, 0)
	defer b.Close()
	chs := behind(t, f, b, ctxT(t), msgsOf("b0", 2), msgsOf("b1", 2), msgsOf("b2", 2))
	go func() {
		for range f.started {
		}
	}()
	for _, ch := range chs {
		if err := result(t, ch); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.writeSizes(); fmt.Sprint(got) != "[1 6]" {
		t.Fatalf("writes %v, want [1 6]: the held write, then the three calls in one", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10s")
		}
		time.Sleep(time.Millisecond)
	}
}

// behind starts a one-message write on b and, while f holds it, makes the
// calls given; it returns once they all wait in b's queue, then lets every
// write through. It returns the result channels, the held write's first.
func behind(t *testing.T, f *fakeWriter, b *bus.BulkWriter, ctx context.Context, calls ...[]kafka.Message) []<-chan error {
	t.Helper()
	chs := []<-chan error{call(ctx, b, msgsOf("warm", 1))}
	<-f.started
	for _, c := range calls {
		chs = append(chs, call(ctx, b, c))
	}
	waitFor(t, func() bool { return bus.BulkWaiting(b) == len(calls) })
	close(f.hold)
	return chs
}

// Per-message failures of a merged write come back to the calls that
// sent those messages, as kafka.WriteErrors of the call's own length.
func TestBulkWriterSplitsWriteErrors(t *testing.T) {
	boom := errors.New("leader moved")
	f := &fakeWriter{fail: func(msgs []kafka.Message) error {
		we := make(kafka.WriteErrors, len(msgs))
		for i, m := range msgs {
			if string(m.Key) == "bad" {
				we[i] = boom
			}
		}
		if we.Count() == 0 {
			return nil
		}
		return we
	}}
	calls := []struct {
		msgs []kafka.Message
		bad  int
	}{
		{msgsOf("good", 2), 0},
		{append(msgsOf("good", 1), msgsOf("bad", 2)...), 2},
		{msgsOf("good", 3), 0},
	}
	f.hold, f.started = make(chan struct{}), make(chan struct{}, 100)
	b := bus.NewBulkWriterOn(f, f, 0, 0)
	defer b.Close()
	var msgs [][]kafka.Message
	for _, c := range calls {
		msgs = append(msgs, c.msgs)
	}
	chs := behind(t, f, b, ctxT(t), msgs...)
	if err := result(t, chs[0]); err != nil {
		t.Fatal(err)
	}
	chs = chs[1:]
	for i, c := range calls {
		err := result(t, chs[i])
		if c.bad == 0 {
			if err != nil {
				t.Errorf("call %d: %v, want nil", i, err)
			}
			continue
		}
		var we kafka.WriteErrors
		if !errors.As(err, &we) || len(we) != len(c.msgs) || we.Count() != c.bad {
			t.Errorf("call %d: %v, want WriteErrors of %d with %d failures", i, err, len(c.msgs), c.bad)
		}
	}
}

// A message the writer refuses as too large refuses only the call that
// holds it, not the calls merged with it.
func TestBulkWriterTooLargeRefusesOnlyItsCall(t *testing.T) {
	f := &fakeWriter{fail: func(msgs []kafka.Message) error {
		for _, m := range msgs {
			if string(m.Key) == "huge" {
				return kafka.MessageSizeTooLarge
			}
		}
		return nil
	}}
	f.hold, f.started = make(chan struct{}), make(chan struct{}, 100)
	b := bus.NewBulkWriterOn(f, f, 0, 0)
	defer b.Close()
	chs := behind(t, f, b, ctxT(t), msgsOf("a", 2), msgsOf("huge", 1), msgsOf("c", 2))
	for _, i := range []int{0, 1, 3} {
		if err := result(t, chs[i]); err != nil {
			t.Errorf("call %d: %v, want nil", i, err)
		}
	}
	huge := chs[2]
	if err := result(t, huge); !bus.IsTooLarge(err) {
		t.Errorf("huge: %v, want too large", err)
	}
}

// A call whose context has ended before its write starts is not written.
func TestBulkWriterLeavesOutCancelledCalls(t *testing.T) {
	f := newHeldWriter()
	b := bus.NewBulkWriterOn(f, f, 0, 0)
	defer b.Close()
	warm := call(ctxT(t), b, msgsOf("warm", 1))
	<-f.started
	cctx, cancel := context.WithCancel(context.Background())
	gone := call(cctx, b, msgsOf("gone", 5))
	waitFor(t, func() bool { return bus.BulkWaiting(b) == 1 })
	cancel()
	if err := result(t, gone); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled call: %v", err)
	}
	close(f.hold)
	go func() {
		for range f.started {
		}
	}()
	if err := result(t, warm); err != nil {
		t.Fatal(err)
	}
	if err := result(t, call(ctxT(t), b, msgsOf("next", 1))); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, w := range f.writes {
		for _, m := range w {
			if string(m.Key) == "gone" {
				t.Fatal("a cancelled call's messages were written")
			}
		}
	}
}

// Close writes what was handed over, closes the underlying writer, and
// refuses later calls.
func TestBulkWriterClose(t *testing.T) {
	f := &fakeWriter{}
	b := bus.NewBulkWriterOn(f, f, time.Hour, time.Hour)
	if err := result(t, call(ctxT(t), b, msgsOf("a", 2))); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if !f.closed {
		t.Error("underlying writer not closed")
	}
	if err := b.WriteMessages(ctxT(t), msgsOf("late", 1)...); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("write after Close: %v, want io.ErrClosedPipe", err)
	}
}

// The real writer under it: every message of many concurrent calls reaches
// the topic, keyed messages on murmur2's partitions as with NewWriter.
func TestBulkWriterOnBroker(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	if err := bus.EnsureTopics(ctx, cfg, "bulk.v1"); err != nil {
		t.Fatal(err)
	}
	b := bus.NewBulkWriter(cfg, "bulk.v1")
	var wg sync.WaitGroup
	const callers, perCaller = 8, 25
	for c := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perCaller {
				key := fmt.Sprintf("k%d-%d", c, i)
				if err := b.WriteMessages(ctx, kafka.Message{Key: []byte(key), Value: []byte(key)}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range partitions(t, cfg, "bulk.v1") {
		conn, err := kafka.DialLeader(ctx, "tcp", cfg.Brokers[0], "bulk.v1", p.ID)
		if err != nil {
			t.Fatal(err)
		}
		last, err := conn.ReadLastOffset()
		if err != nil {
			t.Fatal(err)
		}
		batch := conn.ReadBatch(1, 1<<20)
		for n := int64(0); n < last; n++ {
			m, err := batch.ReadMessage()
			if err != nil {
				t.Fatal(err)
			}
			want := (kafka.Murmur2Balancer{Consistent: true}).Balance(m, 0, 1, 2)
			if want != p.ID {
				t.Errorf("%s on partition %d, murmur2 says %d", m.Key, p.ID, want)
			}
			seen[string(m.Key)] = true
		}
		batch.Close()
		conn.Close()
	}
	if len(seen) != callers*perCaller {
		t.Fatalf("%d distinct messages on the topic, want %d", len(seen), callers*perCaller)
	}
}
