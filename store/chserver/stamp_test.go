package chserver

import (
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// A block inserted again carries its first stamp (so the replicated table
// sees the same block and drops it); any other block gets the new time.
func TestStampCacheKeepsBlockIdentity(t *testing.T) {
	c := newStampCache()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 600, time.UTC)
	ev := func(id string, at time.Time) schemas.DealEvent {
		return schemas.DealEvent{EventID: id, DealID: "d-" + id, Type: "partnership", Action: "formed", ExtractedAt: at}
	}
	block := []schemas.DealEvent{ev("a", t0), ev("b", t0)}
	first := c.stamp(block, t0)
	if want := t0.Truncate(time.Second); !first.Equal(want) {
		t.Fatalf("stamp %v, want %v", first, want)
	}
	if got := c.stamp([]schemas.DealEvent{ev("a", t0), ev("b", t0)}, t0.Add(time.Minute)); !got.Equal(first) {
		t.Errorf("retried block stamped %v, want its first stamp %v", got, first)
	}
	later := t0.Add(time.Hour)
	for name, other := range map[string][]schemas.DealEvent{
		"order":       {ev("b", t0), ev("a", t0)},
		"subset":      {ev("a", t0)},
		"new version": {ev("a", t0.Add(time.Second)), ev("b", t0)},
	} {
		if got := c.stamp(other, later); !got.Equal(later.Truncate(time.Second)) {
			t.Errorf("%s: stamped %v, want a fresh %v", name, got, later)
		}
	}
	for i := range stampCacheSize + 1 {
		c.stamp([]schemas.DealEvent{ev(string(rune('c'+i)), t0)}, later)
	}
	if len(c.times) != stampCacheSize || len(c.order) != stampCacheSize {
		t.Errorf("cache holds %d/%d blocks, want %d", len(c.times), len(c.order), stampCacheSize)
	}
}
