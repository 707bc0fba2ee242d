package extract

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func benchArticles(b *testing.B) []schemas.Article {
	b.Helper()
	paths, _ := filepath.Glob(filepath.Join("testdata", "bench", "*.txt"))
	var arts []schemas.Article
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		title, body, _ := strings.Cut(string(raw), "\n\n")
		arts = append(arts, schemas.Article{ID: p, Title: title, Text: body})
	}
	if len(arts) == 0 {
		b.Fatal("no benchmark articles")
	}
	return arts
}

// BenchmarkExtract measures one core extracting ~800-word articles.
// Articles/s per core = 1e9 / ns/op.
func BenchmarkExtract(b *testing.B) {
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	arts := benchArticles(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := x.Extract(ctx, arts[i%len(arts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSegment isolates sentence segmentation (the Punkt model, built once).
func BenchmarkSegment(b *testing.B) {
	seg, err := newSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	arts := benchArticles(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		seg.split(arts[i%len(arts)].Text)
	}
}

func BenchmarkFindAmounts(b *testing.B) {
	s := "OpenAI agreed to spend an additional $38 billion on Amazon Web Services over seven years, up from about $10bn."
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		FindAmounts(s)
	}
}

// BenchmarkConfidence isolates the confidence model: scoring the rules'
// events of one article (what it adds to BenchmarkExtract).
func BenchmarkConfidence(b *testing.B) {
	x, err := New()
	if err != nil {
		b.Fatal(err)
	}
	if x.filter == nil {
		b.Skip("no embedded confidence model")
	}
	arts := benchArticles(b)
	ctx := context.Background()
	ruled := make([][]schemas.DealEvent, len(arts))
	events := 0
	for i, a := range arts {
		if ruled[i], err = x.ruleEvents(ctx, a); err != nil {
			b.Fatal(err)
		}
		events += len(ruled[i])
	}
	buf := make([]schemas.DealEvent, 0, 64)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(arts)
		x.scored(arts[k], append(buf[:0], ruled[k]...), nil, nil)
	}
	b.ReportMetric(float64(events)/float64(len(arts)), "events/article")
}

// BenchmarkFindQuantities runs the amount and capacity parsers over every
// sentence of the benchmark articles, as analyse does.
func BenchmarkFindQuantities(b *testing.B) {
	seg, err := newSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	var sents []string
	for _, a := range benchArticles(b) {
		for _, s := range seg.split(a.Text) {
			sents = append(sents, s.Text)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range sents {
			FindAmounts(s)
			FindCapacities(s)
		}
	}
}
