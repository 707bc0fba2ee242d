package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/store"
)

// visRow is a row of the events table as the fake engine holds it: the
// time its insert stamped on it, and the time it became visible.
type visRow struct {
	article, event string
	inserted       time.Time
	visible        time.Time
}

// visEngine answers the windowed poll's query from rows, at the fake time
// *now, and records each query's lower bound on inserted_at.
type visEngine struct {
	now    *time.Time
	rows   []visRow
	bounds []int64
}

func (e *visEngine) Query(_ context.Context, q string, args ...any) (*store.Result, error) {
	if !strings.Contains(q, "SELECT article_id, event_id FROM events WHERE inserted_at >= toDateTime(?)") || len(args) != 2 {
		return nil, fmt.Errorf("unexpected query %q %v", q, args)
	}
	bound := args[0].(int64)
	e.bounds = append(e.bounds, bound)
	res := &store.Result{}
	for _, r := range e.rows {
		// inserted_at is a DateTime: whole seconds.
		if !r.visible.After(*e.now) && r.inserted.Unix() >= bound {
			res.Rows = append(res.Rows, []any{r.article, r.event})
		}
	}
	return res, nil
}

func TestWindowedVisibilityCountsEachEventOnceAndMissesNothing(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	now := t0
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	e := &visEngine{now: &now, rows: []visRow{
		// a: two events, inserted a poll apart.
		{"a", "a1", at(1 * time.Second), at(1 * time.Second)},
		{"a", "a2", at(2 * time.Second), at(2 * time.Second)},
		// b: one of its two events, returned by every overlapping window.
		{"b", "b1", at(1 * time.Second), at(1 * time.Second)},
		// c: an insert that began at 1 s and became visible at 20 s, long
		// after the windows had moved past its inserted_at.
		{"c", "c1", at(1 * time.Second), at(20 * time.Second)},
	}}
	v := &visibility{q: e, mark: "run", since: t0, window: visibilityWindow, now: func() time.Time { return now },
		published: map[string]time.Time{"a": t0, "b": t0, "c": t0}, want: map[string]int{"a": 2, "b": 2, "c": 1}}
	poll := func(d time.Duration) {
		t.Helper()
		now = at(d)
		if err := v.poll(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	poll(1500 * time.Millisecond)
	if _, ok := v.published["a"]; !ok {
		t.Fatal("a complete with one of its two events")
	}
	// a and x complete at 2 s; then nothing does, and every 2 s a poll
	// reads the whole run.
	for d := 2 * time.Second; d <= 15*time.Second; d += 500 * time.Millisecond {
		if d == 2*time.Second {
			e.rows = append(e.rows, visRow{"x", "x1", at(d), at(d)})
		}
		poll(d)
	}
	if _, ok := v.published["a"]; ok {
		t.Fatal("a not complete after both its events were visible")
	}
	if _, ok := v.published["b"]; !ok {
		t.Fatal("b complete: its one event was counted once per poll that returned it")
	}
	// The windows moved on: later polls did not read the whole run.
	if last := e.bounds[len(e.bounds)-1]; last <= t0.Unix() {
		t.Fatalf("the last poll read from %d, the run's start: polls are not windowed", last)
	}
	for d := 20 * time.Second; d <= 30*time.Second; d += 500 * time.Millisecond {
		poll(d)
	}
	if _, ok := v.published["c"]; ok {
		t.Fatal("c, visible only after the windows had passed its insert time, was never found")
	}
	if len(v.latencies) != 2 {
		t.Fatalf("%d latencies, want 2 (a and c)", len(v.latencies))
	}
	if v.latencies[0] != 2*time.Second || v.latencies[1] < 20*time.Second {
		t.Fatalf("latencies %v: want a's 2s, then c's 20s or more", v.latencies)
	}
}
