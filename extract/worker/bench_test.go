package worker_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

// BenchmarkWorker measures the extraction stage on the embedded broker:
// articles from the held-out corpus are published, and the clock runs until
// the worker has published their events (acks=all) and committed them.
func BenchmarkWorker(b *testing.B) {
	paths, err := files.Walk([]string{"../../testdata/corpus"})
	if err != nil || len(paths) == 0 {
		b.Skipf("no corpus: %v", err)
	}
	var base []schemas.Article
	for _, p := range paths {
		if a, err := files.Load(p); err == nil {
			base = append(base, a)
		}
	}
	x, err := extract.New()
	if err != nil {
		b.Fatal(err)
	}
	e := newEnv(b, 4)
	msgs := make([]kafka.Message, b.N)
	for i := range msgs {
		a := base[i%len(base)]
		a.URL = fmt.Sprintf("%s#%d", a.URL, i)
		a.ID = schemas.ArticleID(a.URL)
		msgs[i] = articleMsg(b, a)
	}
	var done atomic.Int64
	all := make(chan struct{})
	w, err := worker.Open(e.cfg, "bench", x, worker.Options{Log: slog.New(slog.DiscardHandler), OnCommit: func(rs []worker.Result) {
		if done.Add(int64(len(rs))) >= int64(b.N) {
			select {
			case <-all:
			default:
				close(all)
			}
		}
	}})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	stopped := make(chan error, 1)
	go func() { stopped <- w.Run(ctx) }()

	b.ResetTimer()
	start := time.Now()
	pw := bus.NewWriter(e.cfg, schemas.TopicArticles)
	for i := 0; i < len(msgs); i += 200 {
		if err := pw.WriteMessages(e.ctx, msgs[i:min(i+200, len(msgs))]...); err != nil {
			b.Fatal(err)
		}
	}
	pw.Close()
	select {
	case <-all:
	case <-e.ctx.Done():
		b.Fatalf("only %d of %d articles committed", done.Load(), b.N)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "articles/s")
	cancel()
	if err := <-stopped; err != nil {
		b.Fatal(err)
	}
}
