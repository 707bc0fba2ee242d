package worker

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
)

// gateWriter records each call's size; a call blocks until release gets a
// value, so the test decides when Kafka "acknowledges". Messages whose key
// starts with "big" are refused as too large (per message, as the broker
// does).
type gateWriter struct {
	mu      sync.Mutex
	calls   []int
	release chan struct{}
	started chan struct{}
}

func (g *gateWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	g.mu.Lock()
	g.calls = append(g.calls, len(msgs))
	g.mu.Unlock()
	g.started <- struct{}{}
	select {
	case <-g.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	var werr kafka.WriteErrors
	for i, m := range msgs {
		if len(m.Key) >= 3 && string(m.Key[:3]) == "big" {
			if werr == nil {
				werr = make(kafka.WriteErrors, len(msgs))
			}
			werr[i] = kafka.MessageSizeTooLarge
		}
	}
	if werr != nil {
		return werr
	}
	return nil
}

// TestPublisherBatchesWhatWaits: an idle publisher sends the first
// article's events at once, alone; what arrives while that write is in
// flight goes out together in the next one. An article is done only once
// every one of its messages is acknowledged, and a message refused as too
// large marks its own article only.
func TestPublisherBatchesWhatWaits(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	g := &gateWriter{release: make(chan struct{}), started: make(chan struct{}, 100)}
	doneCh := make(chan *inflight, 100)
	p := newPublisher(g, bus.Policy{Backoff: bus.Backoff{Initial: time.Millisecond, Max: time.Millisecond}}, nil, 1,
		func(a *inflight) { doneCh <- a })
	go p.run(ctx)

	msgs := func(prefix string, n int) []kafka.Message {
		out := make([]kafka.Message, n)
		for i := range out {
			out[i] = kafka.Message{Key: []byte(fmt.Sprintf("%s-%d", prefix, i))}
		}
		return out
	}
	first := &inflight{what: "first"}
	p.submit(first, msgs("a", 2))
	select {
	case <-g.started:
	case <-ctx.Done():
		t.Fatal("the first article was not sent while the publisher was idle")
	}
	// While the first write waits for its acknowledgement, 20 articles arrive.
	var rest []*inflight
	for i := range 20 {
		a := &inflight{what: fmt.Sprint(i)}
		prefix := "n"
		if i == 7 {
			prefix = "big"
		}
		p.submit(a, msgs(prefix+fmt.Sprint(i), 3))
		rest = append(rest, a)
	}
	// Let the publisher take them all in before the first write returns.
	for tick := time.NewTicker(time.Millisecond); len(p.in) > 0; {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatal("the publisher does not take messages while a write is in flight")
		}
	}
	select {
	case a := <-doneCh:
		t.Fatalf("article %s done before Kafka acknowledged anything", a.what)
	default:
	}
	step := func(what string, op func() bool) {
		t.Helper()
		done := make(chan bool, 1)
		go func() { done <- op() }()
		select {
		case ok := <-done:
			if !ok {
				t.Fatal(what)
			}
		case <-ctx.Done():
			t.Fatalf("%s: timed out", what)
		}
	}
	step("release the first write", func() bool { g.release <- struct{}{}; return true })
	step("the first article is done first", func() bool { return <-doneCh == first })
	step("a second write starts", func() bool { <-g.started; return true })
	step("release the second write", func() bool { g.release <- struct{}{}; return true })
	got := map[*inflight]bool{}
	for range 20 {
		select {
		case a := <-doneCh:
			got[a] = true
		case <-ctx.Done():
			t.Fatalf("only %d of 20 articles done", len(got))
		}
	}
	close(p.in)
	g.mu.Lock()
	calls := append([]int(nil), g.calls...)
	g.mu.Unlock()
	if len(calls) != 2 || calls[0] != 2 || calls[1] != 60 {
		t.Fatalf("write sizes %v, want [2 60]: the first alone, the 20 waiting articles together", calls)
	}
	for i, a := range rest {
		if refused := a.refusal() != nil; refused != (i == 7) {
			t.Errorf("article %d refused = %v", i, refused)
		}
	}
}
