package reader

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkReadHTML reads every fixture page once per iteration.
func BenchmarkReadHTML(b *testing.B) {
	pages, _ := filepath.Glob("testdata/*.html")
	var raws [][]byte
	size := 0
	for _, p := range pages {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, raw := range raws {
			if _, err := ReadHTML(raw, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(raws))/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkReadHTML10MB reads a 10 MB page.
func BenchmarkReadHTML10MB(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("<html><body><article>")
	for buf.Len() < 10<<20 {
		buf.WriteString("<p>Cloud providers signed another large compute contract with an AI developer this week.</p>\n")
	}
	buf.WriteString("</article></body></html>")
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		if _, err := ReadHTML(buf.Bytes(), ""); err != nil {
			b.Fatal(err)
		}
	}
}
