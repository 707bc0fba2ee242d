package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// syntheticEvents returns n distinct valid events.
func syntheticEvents(n, offset int) []schemas.DealEvent {
	out := make([]schemas.DealEvent, n)
	base := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for i := range out {
		e := base[i%len(base)]
		e.Article.ID = schemas.HashID(fmt.Sprint("bench", offset+i))
		e.EventID = schemas.HashID(e.Article.ID, e.Type)
		out[i] = e
	}
	return out
}

// BenchmarkInsertEvents measures InsertEvents with batches of 500 events
// (the sink's default batch) on each engine; events/s is the figure.
//
//	go test -run - -bench InsertEvents -benchtime 20x ./store/
func BenchmarkInsertEvents(b *testing.B) {
	const batch = 500
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			e := eng.Open(b)
			if _, err := store.Migrate(storetest.Ctx(b), e, nil); err != nil {
				b.Fatal(err)
			}
			batches := make([][]schemas.DealEvent, b.N)
			for i := range batches {
				batches[i] = syntheticEvents(batch, i*batch)
			}
			ctx := storetest.Ctx(b)
			b.ResetTimer()
			for i := range b.N {
				if err := e.InsertEvents(ctx, batches[i]); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkTimeline measures the analyst timeline over 10,000 events.
//
//	go test -run - -bench Timeline -benchtime 20x ./store/
func BenchmarkTimeline(b *testing.B) {
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			e := eng.Open(b)
			ctx := storetest.Ctx(b)
			if _, err := store.Migrate(ctx, e, nil); err != nil {
				b.Fatal(err)
			}
			for i := range 20 {
				if err := e.InsertEvents(ctx, syntheticEvents(500, i*500)); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for range b.N {
				r, err := store.Timeline(ctx, e, store.TimelineFilter{Org: "amazon"})
				if err != nil {
					b.Fatal(err)
				}
				if len(r.Rows) == 0 {
					b.Fatal("no rows")
				}
			}
		})
	}
}
