package worker

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
)

// Publisher defaults: a few writes in flight, each as large as a Kafka
// writer batches per partition.
const (
	DefaultWriters     = 4
	DefaultMaxInFlight = 512
	maxWriteMessages   = 2000
)

// inflight is one fetched article between extraction and commit: its
// result and the number of its messages Kafka has not acknowledged yet.
type inflight struct {
	t    task
	res  Result
	what string // names the article's messages in a dead-letter reason
	left atomic.Int32

	mu      sync.Mutex
	refused error // Kafka refused one of its messages as too large
}

// ack records one acknowledged (refused != nil: refused) message and
// reports whether it was the article's last.
func (a *inflight) ack(refused error) bool {
	if refused != nil {
		a.mu.Lock()
		if a.refused == nil {
			a.refused = refused
		}
		a.mu.Unlock()
	}
	return a.left.Add(-1) == 0
}

func (a *inflight) refusal() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.refused
}

type pubMsg struct {
	msg kafka.Message
	art *inflight
}

// publisher sends the messages of many articles with few, large writes.
// Handlers give it an article's messages and go on to the next article.
// It keeps up to writers WriteMessages calls in flight, each carrying
// everything that was waiting when a call slot came free: an idle stage
// sends an article's events at once, a loaded one sends hundreds per call
// (the Kafka writer then fills one batch per partition from them). When
// all of an article's messages are acknowledged, done is called with it.
//
// Failed writes are retried, only the messages that failed, with the
// stage's bus.Policy until they succeed or ctx ends; a message Kafka
// refuses as too large is not retried but reported on its article (done
// then dead-letters the article). Messages not acknowledged when ctx ends
// are dropped: their articles are never done, so never committed.
type publisher struct {
	w       bus.MessageWriter
	retry   bus.Policy
	m       *metrics.Stage
	writers int
	in      chan pubMsg
	done    func(*inflight)
}

func newPublisher(w bus.MessageWriter, retry bus.Policy, m *metrics.Stage, writers int, done func(*inflight)) *publisher {
	return &publisher{w: w, retry: retry, m: m, writers: max(writers, 1), in: make(chan pubMsg, maxWriteMessages), done: done}
}

// submit hands the article's messages to the publisher.
func (p *publisher) submit(a *inflight, msgs []kafka.Message) {
	a.left.Store(int32(len(msgs)))
	for _, m := range msgs {
		p.in <- pubMsg{msg: m, art: a}
	}
}

// run publishes until in is closed and every write has finished.
func (p *publisher) run(ctx context.Context) {
	var pending []pubMsg
	finished := make(chan struct{}, p.writers)
	active := 0
	in := p.in
	for in != nil || len(pending) > 0 || active > 0 {
		for active < p.writers && len(pending) > 0 {
			n := min(len(pending), maxWriteMessages)
			batch := make([]pubMsg, n)
			copy(batch, pending)
			pending = append(pending[:0], pending[n:]...)
			active++
			go func() {
				p.write(ctx, batch)
				finished <- struct{}{}
			}()
		}
		select {
		case pm, ok := <-in:
			if !ok {
				in = nil
				continue
			}
			pending = append(pending, pm)
			// Take whatever else is already waiting, so that it goes in
			// the same call.
		more:
			for len(pending) < maxWriteMessages {
				select {
				case pm, ok := <-in:
					if !ok {
						in = nil
						break more
					}
					pending = append(pending, pm)
				default:
					break more
				}
			}
		case <-finished:
			active--
		}
	}
}

// write publishes batch, retrying what fails, and acknowledges each
// message's article.
func (p *publisher) write(ctx context.Context, batch []pubMsg) {
	if ctx.Err() != nil {
		return
	}
	start := time.Now()
	p.m.Batch(len(batch))
	produced := 0
	ack := func(pm pubMsg, refused error) {
		if refused == nil {
			produced++
		}
		if pm.art.ack(refused) {
			p.done(pm.art)
		}
	}
	err := p.retry.Do(ctx, bus.DepKafka, "publish", func(c context.Context) error {
		msgs := make([]kafka.Message, len(batch))
		for i := range batch {
			msgs[i] = batch[i].msg
		}
		err := p.w.WriteMessages(c, msgs...)
		if err == nil {
			for _, pm := range batch {
				ack(pm, nil)
			}
			batch = nil
			return nil
		}
		if c.Err() == nil {
			p.m.Error("publish")
		}
		var we kafka.WriteErrors
		switch {
		case errors.As(err, &we) && len(we) == len(batch):
			// Per-message outcome: keep only what failed for a retry.
			rest := make([]pubMsg, 0, we.Count())
			for i, e := range we {
				switch {
				case e == nil:
					ack(batch[i], nil)
				case bus.IsTooLarge(e):
					ack(batch[i], e)
				default:
					rest = append(rest, batch[i])
				}
			}
			if len(rest) > 0 {
				err = fmt.Errorf("%d of %d messages not acknowledged: %w", len(rest), len(batch), firstError(we))
			}
			batch = rest
		case bus.IsTooLarge(err):
			// The writer refused the whole call for one message: send them
			// one by one so that only that message's article is refused.
			rest := make([]pubMsg, 0, len(batch))
			for _, pm := range batch {
				e := p.w.WriteMessages(c, pm.msg)
				switch {
				case e == nil:
					ack(pm, nil)
				case bus.IsTooLarge(e):
					ack(pm, e)
				default:
					rest = append(rest, pm)
				}
			}
			batch = rest
		}
		if len(batch) == 0 {
			return nil
		}
		return err
	})
	if err != nil {
		return // ctx ended: what was not acknowledged is not committed
	}
	p.m.Insert(time.Since(start))
	p.m.Produced(produced)
}

func firstError(we kafka.WriteErrors) error {
	for _, e := range we {
		if e != nil {
			return e
		}
	}
	return nil
}
