package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
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
			storetest.Migrated(b, e)
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
			storetest.Migrated(b, e)
			ctx := storetest.Ctx(b)
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

// BenchmarkSink measures the sink end to end on kfake: 5,000 events
// published, consumed, validated, inserted and committed (batches of 500).
//
//	go test -run - -bench Sink -benchtime 3x ./store/
func BenchmarkSink(b *testing.B) {
	const n = 5000
	for _, eng := range storetest.Engines() {
		b.Run(eng.Name, func(b *testing.B) {
			e := eng.Open(b)
			storetest.Migrated(b, e)
			ctx := storetest.Ctx(b)
			var total time.Duration
			for i := range b.N {
				cfg := storetest.EventBus(b)
				w := bus.NewWriter(cfg, schemas.TopicEvents)
				msgs := make([]kafka.Message, n)
				for j, ev := range syntheticEvents(n, (i+1)*1_000_000) {
					raw, _ := json.Marshal(ev)
					msgs[j] = kafka.Message{Key: []byte(ev.DealID), Value: raw}
				}
				if err := w.WriteMessages(ctx, msgs...); err != nil {
					b.Fatal(err)
				}
				w.Close()
				r := bus.NewReader(cfg, schemas.TopicEvents, store.SinkGroup)
				dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
				s, err := store.NewSink(r, e, dlq, store.SinkConfig{BatchSize: 500, BatchTimeout: 100 * time.Millisecond})
				if err != nil {
					b.Fatal(err)
				}
				rctx, cancel := context.WithCancel(ctx)
				done := make(chan error, 1)
				start := time.Now()
				go func() { done <- s.Run(rctx) }()
				for {
					ls, err := bus.GroupLag(ctx, cfg, store.SinkGroup, schemas.TopicEvents)
					if err == nil && bus.TotalLag(ls) == 0 {
						break
					}
					time.Sleep(20 * time.Millisecond)
				}
				total += time.Since(start)
				cancel()
				if err := <-done; err != nil {
					b.Fatal(err)
				}
				r.Close()
				dlq.Close()
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "events/s")
		})
	}
}
