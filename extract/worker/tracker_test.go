package worker

import (
	"testing"

	"github.com/segmentio/kafka-go"
)

func msg(p int, off int64) kafka.Message { return kafka.Message{Partition: p, Offset: off} }

func TestTrackerCommitsOnlyContiguousPrefix(t *testing.T) {
	tr := newTracker()
	a := tr.add(msg(0, 10))
	b := tr.add(msg(0, 11))
	c := tr.add(msg(0, 12))
	d := tr.add(msg(1, 5))

	if tr.done(c) {
		t.Fatal("offset 12 done before 10 and 11 must not be committable")
	}
	if got := tr.take(); got != nil {
		t.Fatalf("take = %v, want nothing", got)
	}
	if !tr.done(a) {
		t.Fatal("offset 10 done first must be committable")
	}
	if got := tr.take(); len(got) != 1 || got[0].Offset != 10 {
		t.Fatalf("take = %v, want offset 10", got)
	}
	if !tr.done(b) {
		t.Fatal("11 completes the prefix")
	}
	tr.done(d)
	got := map[int]int64{}
	for _, m := range tr.take() {
		got[m.Partition] = m.Offset
	}
	if got[0] != 12 || got[1] != 5 || len(got) != 2 {
		t.Fatalf("take = %v, want p0@12 p1@5", got)
	}
}

func TestTrackerRebalanceResetsPartition(t *testing.T) {
	tr := newTracker()
	old := tr.add(msg(0, 7))
	tr.add(msg(0, 8))
	// The partition restarts at its committed offset 7 after a rebalance.
	again := tr.add(msg(0, 7))
	if tr.done(old) {
		t.Fatal("completion of a message from before the rebalance must be ignored")
	}
	if !tr.done(again) {
		t.Fatal("the redelivered message counts")
	}
	if got := tr.take(); len(got) != 1 || got[0].Offset != 7 {
		t.Fatalf("take = %v", got)
	}
}

func TestTrackerGiveBack(t *testing.T) {
	tr := newTracker()
	a := tr.add(msg(0, 1))
	tr.done(a)
	ms := tr.take()
	tr.giveBack(ms)
	if got := tr.take(); len(got) != 1 || got[0].Offset != 1 {
		t.Fatalf("after giveBack take = %v", got)
	}
}
