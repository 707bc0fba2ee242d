package worker

import (
	"sync"

	"github.com/segmentio/kafka-go"
)

// tracker orders commits per partition: with several articles in flight, the
// offset of a partition advances to N only once every fetched message up to
// N is done, so a crash never skips an unfinished article.
type tracker struct {
	mu    sync.Mutex
	parts map[int]*partQueue
	ready map[int]kafka.Message // highest committable message per partition, not yet committed
}

type partQueue struct {
	epoch   int
	pending []*slot // in fetch (offset) order
}

type slot struct {
	msg  kafka.Message
	done bool
}

// ticket identifies one fetched message in the tracker.
type ticket struct {
	part  int
	epoch int
	slot  *slot
}

func newTracker() *tracker {
	return &tracker{parts: map[int]*partQueue{}, ready: map[int]kafka.Message{}}
}

// add registers a fetched message. Messages of one partition arrive in offset
// order; an offset at or below one already tracked means the group
// rebalanced and the partition restarted from its committed offset, so the
// old queue is dropped (its messages will be handled again, idempotently).
func (t *tracker) add(m kafka.Message) ticket {
	t.mu.Lock()
	defer t.mu.Unlock()
	q := t.parts[m.Partition]
	if q == nil {
		q = &partQueue{}
		t.parts[m.Partition] = q
	}
	if n := len(q.pending); n > 0 && m.Offset <= q.pending[n-1].msg.Offset {
		q.epoch++
		q.pending = nil
		delete(t.ready, m.Partition)
	}
	// Only what a commit needs: the article's bytes are not kept while
	// it waits for the articles before it.
	s := &slot{msg: kafka.Message{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}}
	q.pending = append(q.pending, s)
	return ticket{part: m.Partition, epoch: q.epoch, slot: s}
}

// done marks a message handled and reports whether something became committable.
func (t *tracker) done(tk ticket) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	q := t.parts[tk.part]
	if q == nil || q.epoch != tk.epoch {
		return false
	}
	tk.slot.done = true
	advanced := false
	for len(q.pending) > 0 && q.pending[0].done {
		t.ready[tk.part] = q.pending[0].msg
		q.pending[0] = nil
		q.pending = q.pending[1:]
		advanced = true
	}
	return advanced
}

// take returns the messages to commit (one per partition) and forgets them.
func (t *tracker) take() []kafka.Message {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.ready) == 0 {
		return nil
	}
	out := make([]kafka.Message, 0, len(t.ready))
	for p, m := range t.ready {
		out = append(out, m)
		delete(t.ready, p)
	}
	return out
}

// giveBack re-queues messages whose commit failed, unless newer ones are ready.
func (t *tracker) giveBack(ms []kafka.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range ms {
		if cur, ok := t.ready[m.Partition]; !ok || cur.Offset < m.Offset {
			if q := t.parts[m.Partition]; q != nil && len(q.pending) > 0 && q.pending[0].msg.Offset <= m.Offset {
				continue // partition restarted below m: m is no longer ours to commit
			}
			t.ready[m.Partition] = m
		}
	}
}
