package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/store"
)

// chanFetcher hands out the messages sent on in and counts fetch calls.
type chanFetcher struct {
	in      chan kafka.Message
	mu      sync.Mutex
	calls   int
	commits []int64 // last offset of each commit
}

func (f *chanFetcher) FetchMessage(ctx context.Context) (kafka.Message, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	select {
	case m := <-f.in:
		return m, nil
	case <-ctx.Done():
		return kafka.Message{}, ctx.Err()
	}
}

func (f *chanFetcher) CommitMessages(_ context.Context, msgs ...kafka.Message) error {
	f.mu.Lock()
	f.commits = append(f.commits, msgs[len(msgs)-1].Offset)
	f.mu.Unlock()
	return nil
}

func (f *chanFetcher) fetchCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// gatedTable is a Table whose inserts wait for release and report their size.
type gatedTable struct {
	sizes   chan int
	release chan struct{}
}

func (g *gatedTable) Decode(m kafka.Message) (any, error) { return m.Offset, nil }

func (g *gatedTable) Insert(ctx context.Context, rows []any) (int, error) {
	g.sizes <- len(rows)
	select {
	case <-g.release:
		return len(rows), nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (g *gatedTable) Collapse(context.Context, []any) error { return nil }

type nopWriter struct{}

func (nopWriter) WriteMessages(context.Context, ...kafka.Message) error { return nil }

// TestSinkBatchingAdapts: a message that finds the sink idle is inserted at
// once and alone, although the batch could take 5000 and the longest wait
// is an hour; the 50 that arrive while that insert runs go in one insert,
// not fifty, and are committed after it.
func TestSinkBatchingAdapts(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f := &chanFetcher{in: make(chan kafka.Message, 100)}
	g := &gatedTable{sizes: make(chan int, 10), release: make(chan struct{})}
	s, err := store.NewTableSink(f, g, nopWriter{}, store.SinkConfig{BatchTimeout: time.Hour, MinInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(rctx) }()
	size := func(what string) int {
		t.Helper()
		select {
		case n := <-g.sizes:
			return n
		case <-ctx.Done():
			t.Fatalf("no insert: %s", what)
			return 0
		}
	}

	f.in <- kafka.Message{Offset: 0}
	if n := size("a lone message on an idle sink is not inserted at once"); n != 1 {
		t.Fatalf("first insert has %d rows, want 1", n)
	}
	for i := range 50 {
		f.in <- kafka.Message{Offset: int64(1 + i)}
	}
	// Wait until the sink has fetched all 50 (it is back in FetchMessage).
	for tick := time.NewTicker(time.Millisecond); f.fetchCalls() < 52; {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("the sink made %d fetch calls, want 52", f.fetchCalls())
		}
	}
	g.release <- struct{}{}
	if n := size("the waiting messages are never inserted"); n != 50 {
		t.Fatalf("second insert has %d rows, want the 50 that waited", n)
	}
	g.release <- struct{}{}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-g.sizes:
		t.Fatalf("a third insert of %d rows", n)
	default:
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.commits) != 2 || f.commits[0] != 0 || f.commits[1] != 50 {
		t.Fatalf("commits up to %v, want [0 50]", f.commits)
	}
}

// TestSinkInsertsWhenLoadEnds: under load the interval between inserts
// doubles at every insert that finds a backlog, here towards an hour; when
// the messages stop, what waits is inserted after a lull of MinInterval,
// not at the end of the grown interval. Each round's backlog is inserted
// whole, in its own insert, and committed after it.
func TestSinkInsertsWhenLoadEnds(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	f := &chanFetcher{in: make(chan kafka.Message, 100)}
	g := &gatedTable{sizes: make(chan int, 10), release: make(chan struct{})}
	s, err := store.NewTableSink(f, g, nopWriter{}, store.SinkConfig{BatchSize: 100, BatchTimeout: time.Hour, MinInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	rctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(rctx) }()
	size := func(round int) int {
		t.Helper()
		select {
		case n := <-g.sizes:
			return n
		case <-ctx.Done():
			t.Fatalf("round %d: the backlog is not inserted (waiting for the grown interval?)", round)
			return 0
		}
	}
	f.in <- kafka.Message{Offset: 0}
	if n := size(0); n != 1 {
		t.Fatalf("first insert has %d rows, want 1", n)
	}
	// 14 rounds: a backlog of 5 while an insert runs doubles the interval
	// each time, from 20 ms to 20 ms * 2^14 (5.5 minutes) by the last.
	offset, fetched := int64(1), 1
	for round := 1; round <= 14; round++ {
		for range 5 {
			f.in <- kafka.Message{Offset: offset}
			offset++
		}
		fetched += 5
		for tick := time.NewTicker(time.Millisecond); f.fetchCalls() < fetched+1; {
			select {
			case <-tick.C:
			case <-ctx.Done():
				t.Fatalf("round %d: the sink made %d fetch calls, want %d", round, f.fetchCalls(), fetched+1)
			}
		}
		g.release <- struct{}{}
		if n := size(round); n != 5 {
			t.Fatalf("round %d: insert of %d rows, want the 5 that waited", round, n)
		}
	}
	g.release <- struct{}{}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.commits) != 15 || f.commits[14] != offset-1 {
		t.Fatalf("commits up to %v, want 15 ending at %d", f.commits, offset-1)
	}
}
