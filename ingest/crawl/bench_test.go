package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/fetch"
)

// BenchmarkCrawlLocal crawls a local feed of 200 articles into an
// in-memory publisher (fresh state each iteration): fetch, read, filter,
// dedup and publish, with politeness limits lifted.
func BenchmarkCrawlLocal(b *testing.B) {
	const n = 200
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		var sb strings.Builder
		sb.WriteString(`<rss version="2.0"><channel><title>bench</title>`)
		for i := range n {
			fmt.Fprintf(&sb, "<item><title>Story %d</title><link>http://%s/a/%d</link></item>", i, r.Host, i)
		}
		sb.WriteString("</channel></rss>")
		fmt.Fprint(w, sb.String())
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/a/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articleHTML("Story "+id+" about AI chips", "2026-03-10T09:00:00Z", "", paragraphs("Bench"+id, 6)))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		st, err := OpenState(filepath.Join(b.TempDir(), fmt.Sprintf("s%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		pub := &memPub{}
		c, err := New(Config{
			Sources: []Source{{URL: srv.URL + "/feed", MaxItems: n}},
			Fetcher: fetch.New(fetch.Config{AllowPrivate: true, HostRate: 1e6, HostBurst: 1000, HostConcurrency: 8}),
			State:   st, Publisher: pub, Workers: 8, Now: func() time.Time { return now },
		})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Once(context.Background()); err != nil {
			b.Fatal(err)
		}
		st.Close()
		if pub.count() != n {
			b.Fatalf("published %d", pub.count())
		}
	}
	b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "articles/s")
}
