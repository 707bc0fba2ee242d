package extract

import (
	"context"
	"runtime"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// BenchResult is the outcome of Bench.
type BenchResult struct {
	Articles int
	Events   int
	Elapsed  time.Duration
	Mallocs  uint64
	Bytes    uint64
}

// PerSecond is articles per second on one goroutine (one core).
func (r BenchResult) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Articles) / r.Elapsed.Seconds()
}

// MillisPerArticle is the mean time per article.
func (r BenchResult) MillisPerArticle() float64 {
	if r.Articles == 0 {
		return 0
	}
	return float64(r.Elapsed.Microseconds()) / 1000 / float64(r.Articles)
}

// AllocsPerArticle is the mean number of heap allocations per article.
func (r BenchResult) AllocsPerArticle() uint64 {
	if r.Articles == 0 {
		return 0
	}
	return r.Mallocs / uint64(r.Articles)
}

// BytesPerArticle is the mean number of heap bytes allocated per article.
func (r BenchResult) BytesPerArticle() uint64 {
	if r.Articles == 0 {
		return 0
	}
	return r.Bytes / uint64(r.Articles)
}

// Bench extracts the articles round-robin on the calling goroutine for about
// d and reports throughput and allocations. Used by `dealwatch extract --bench`.
func Bench(ctx context.Context, x *Extractor, arts []schemas.Article, d time.Duration) BenchResult {
	var res BenchResult
	if len(arts) == 0 {
		return res
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	for i := 0; ctx.Err() == nil; i++ {
		evs, err := x.Extract(ctx, arts[i%len(arts)])
		if err == nil {
			res.Events += len(evs)
		}
		res.Articles++
		if i%len(arts) == len(arts)-1 && time.Since(start) >= d {
			break
		}
	}
	res.Elapsed = time.Since(start)
	runtime.ReadMemStats(&after)
	res.Mallocs = after.Mallocs - before.Mallocs
	res.Bytes = after.TotalAlloc - before.TotalAlloc
	return res
}
