package bus

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"
)

// BulkWriter carries a stage's whole output under load (the extract
// worker's events) with few produce requests, and an idle stage's output at
// once.
//
// A kafka-go writer sends one produce request per partition and batch
// timeout, whatever the load: at a fixed 20 ms a loaded worker sent about
// 10 events per request over 6 partitions, each request also cost a fetch
// by every reader of the topic, and the worker committed once per
// acknowledgement. The requests, not the bytes, were most of the broker's
// work: with the same load on one partition instead of six, Kafka 4.1's
// CPU per article halved (dealwatch bench, 0.22 -> 0.11 ms).
//
// BulkWriter merges the WriteMessages calls that wait for it into one
// write of the underlying writer, one write at a time. A call that comes
// after a whole interval without one is written at once (a short
// BulkFlush lets the underlying writer close its batches), and the
// interval falls back to BulkMinInterval. While calls keep coming during
// writes or within BulkMinInterval of their end (load), the time between
// the starts of two writes doubles up to BulkMaxInterval, as the sink's
// inserts do.
//
// Each call returns as a call to the underlying writer would: nil once
// all its messages are acknowledged (acks=all), kafka.WriteErrors with
// one entry per message of the call when some failed, or the error of the
// write. A call whose context ends before its write starts is left out of
// it; one whose context ends during the write returns ctx.Err() while its
// messages may still be written (as with kafka.Writer), so a caller that
// retries may publish them twice, never lose them.
type BulkWriter struct {
	w        MessageWriter
	closer   io.Closer
	min, max time.Duration

	calls  chan *bulkCall
	mu     sync.Mutex // guards closed against sends on calls
	closed bool
	done   chan struct{}
	stop   context.CancelFunc
	ctx    context.Context
}

// Bulk pacing defaults (see BulkWriter). MaxInterval stays well below the
// time a worker takes to extract its DefaultMaxInFlight articles (about
// 200 ms on two cores): longer, and extraction would wait for
// acknowledgements.
const (
	BulkMinInterval = 5 * time.Millisecond
	BulkMaxInterval = 50 * time.Millisecond
	// BulkFlush is the underlying writer's batch timeout: each write
	// carries all that is waiting, so nothing is gained by waiting for
	// more.
	BulkFlush = time.Millisecond
)

// bulkMaxMessages bounds one merged write.
const bulkMaxMessages = 5000

type bulkCall struct {
	ctx  context.Context
	msgs []kafka.Message
	err  chan error
}

// NewBulkWriter returns a BulkWriter on a writer like NewWriter's (acks=all,
// zstd, murmur2) whose batches close after BulkFlush.
func NewBulkWriter(cfg Config, topic string) *BulkWriter {
	w := newWriter(cfg, topic, BulkFlush)
	return NewBulkWriterOn(w, w, BulkMinInterval, BulkMaxInterval)
}

// NewBulkWriterOn returns a BulkWriter writing through w, closing closer (if
// not nil) when it is closed.
func NewBulkWriterOn(w MessageWriter, closer io.Closer, minInterval, maxInterval time.Duration) *BulkWriter {
	ctx, stop := context.WithCancel(context.Background())
	b := &BulkWriter{w: w, closer: closer, min: max(minInterval, 0), max: max(maxInterval, minInterval, 0),
		calls: make(chan *bulkCall, 64), done: make(chan struct{}), ctx: ctx, stop: stop}
	go b.run()
	return b
}

// WriteMessages writes msgs with the calls waiting alongside it and
// returns once they are acknowledged (see BulkWriter).
func (b *BulkWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	if len(msgs) == 0 {
		return nil
	}
	c := &bulkCall{ctx: ctx, msgs: msgs, err: make(chan error, 1)}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return io.ErrClosedPipe
	}
	// Sent under the lock, so that Close cannot close calls meanwhile;
	// run never takes the lock, so this send always completes.
	select {
	case b.calls <- c:
	case <-ctx.Done():
		b.mu.Unlock()
		return ctx.Err()
	}
	b.mu.Unlock()
	select {
	case err := <-c.err:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close writes the calls already made, then closes the underlying writer.
func (b *BulkWriter) Close() error {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.calls)
	}
	b.mu.Unlock()
	<-b.done
	b.stop()
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

func (b *BulkWriter) run() {
	defer close(b.done)
	var (
		last     time.Time // start of the previous write
		ended    time.Time // end of the previous write
		interval = b.min
		timer    = time.NewTimer(time.Hour)
	)
	timer.Stop()
	for {
		c, ok := <-b.calls
		if !ok {
			return
		}
		// Load: a call came during the previous write or within
		// MinInterval of its end (the caller had more to send). Idle:
		// nothing for a whole interval after it; this call goes out at
		// once. In between (a caller slowed down, or not scheduled at
		// once on busy cores) the interval stays as it is.
		gap := time.Since(ended)
		loaded := gap < b.min
		if gap >= interval {
			interval = b.min
		}
		batch, n := []*bulkCall{c}, len(c.msgs)
		open := true
		take := func() {
			for open && n < bulkMaxMessages {
				select {
				case c, ok := <-b.calls:
					if !ok {
						open = false
						return
					}
					batch, n = append(batch, c), n+len(c.msgs)
				default:
					return
				}
			}
		}
		take()
		if wait := time.Until(last.Add(interval)); wait > 0 && open && n < bulkMaxMessages {
			timer.Reset(wait)
		collect:
			for n < bulkMaxMessages {
				select {
				case c, ok := <-b.calls:
					if !ok {
						open = false
						break collect
					}
					batch, n = append(batch, c), n+len(c.msgs)
				case <-timer.C:
					break collect
				}
			}
			if !timer.Stop() {
				select {
				case <-timer.C:
				default:
				}
			}
		}
		last = time.Now()
		b.write(batch)
		ended = time.Now()
		// Under load, space the writes further apart so that each
		// carries more.
		if loaded {
			interval = min(max(2*interval, time.Millisecond), b.max)
		}
		if !open {
			// Closed: write what is left without pacing.
			for c := range b.calls {
				b.write([]*bulkCall{c})
			}
			return
		}
	}
}

// write sends the live calls of batch in one write of the underlying
// writer and gives each its own result.
func (b *BulkWriter) write(batch []*bulkCall) {
	live := batch[:0]
	for _, c := range batch {
		if err := c.ctx.Err(); err != nil {
			c.err <- err
			continue
		}
		live = append(live, c)
	}
	if len(live) == 0 {
		return
	}
	if len(live) == 1 {
		live[0].err <- b.w.WriteMessages(b.ctx, live[0].msgs...)
		return
	}
	var msgs []kafka.Message
	for _, c := range live {
		msgs = append(msgs, c.msgs...)
	}
	err := b.w.WriteMessages(b.ctx, msgs...)
	var we kafka.WriteErrors
	switch {
	case err == nil:
		for _, c := range live {
			c.err <- nil
		}
	case errors.As(err, &we) && len(we) == len(msgs):
		off := 0
		for _, c := range live {
			part := we[off : off+len(c.msgs)]
			off += len(c.msgs)
			if part.Count() == 0 {
				c.err <- nil
			} else {
				c.err <- part
			}
		}
	case IsTooLarge(err):
		// The writer refused the whole write for one message: each call on
		// its own, so that only the call holding it is refused.
		for _, c := range live {
			c.err <- b.w.WriteMessages(b.ctx, c.msgs...)
		}
	default:
		for _, c := range live {
			c.err <- err
		}
	}
}
