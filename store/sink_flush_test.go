package store

import (
	"testing"
	"time"
)

func TestFlushAt(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	const min = 100 * time.Millisecond
	cases := []struct {
		name     string
		arrived  time.Time
		interval time.Duration
		want     time.Time
	}{
		{"idle: the shortest interval", ms(10), min, ms(100)},
		{"load over: a lull ends the grown interval", ms(10), time.Second, ms(110)},
		{"still coming: the grown interval", ms(950), time.Second, ms(1000)},
		{"a lull never brings an insert within MinInterval of the last", ms(-50), time.Second, ms(100)},
		{"longest interval, lull late in it", ms(800), 2 * time.Second, ms(900)},
	}
	for _, c := range cases {
		if got := flushAt(t0, c.arrived, c.interval, min); !got.Equal(c.want) {
			t.Errorf("%s: due at %s, want %s", c.name, got.Sub(t0), c.want.Sub(t0))
		}
	}
}
