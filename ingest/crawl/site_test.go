package crawl

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// fixture is a local news site: robots.txt, an RSS feed with ETags, a
// sitemap index with a news sitemap, a gzip sitemap and an old one, a
// listing page, and article pages that misbehave in every way the crawler
// must survive.
type fixture struct {
	*httptest.Server
	t *testing.T

	mu       sync.Mutex
	hits     map[string]int
	feedVer  atomic.Int32 // bump to change the feed's ETag
	busyOnce atomic.Bool
	release  chan struct{}
}

// paragraphs makes n distinct on-topic paragraphs for a story: words drawn
// by a generator seeded with the topic, so two topics share little text.
func paragraphs(topic string, n int) []string {
	words := strings.Fields(`agreement capacity cluster contract customers demand deploy expand
		finance growth hardware investors leases megawatts network operators partners pricing quarter
		region revenue servers shares supply training workloads analysts billion board campus chief
		company deal executive filing funding inference market million model plans power project racks
		rollout spending startup storage talks timeline upgrade venture vendor build cooling energy
		engineers export facility grid license margin memory order pipeline rack regulator schedule
		software state subsidy tariff tender throughput utility yield backlog bandwidth`)
	var seed uint32 = 2166136261
	for _, c := range topic {
		seed = (seed ^ uint32(c)) * 16777619
	}
	next := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed >> 8)
	}
	var ps []string
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "%s said on day %d that its Nvidia GPU and cloud data center", topic, i+1)
		for range 36 {
			b.WriteString(" " + words[next()%len(words)])
		}
		b.WriteString(" AI.")
		ps = append(ps, b.String())
	}
	return ps
}

func articleHTML(title, published, canonical string, ps []string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " | Fixture News</title>")
	b.WriteString("<meta property=\"og:title\" content=\"" + title + "\">")
	if published != "" {
		b.WriteString("<meta property=\"article:published_time\" content=\"" + published + "\">")
	}
	if canonical != "" {
		b.WriteString("<link rel=\"canonical\" href=\"" + canonical + "\">")
	}
	b.WriteString("<meta name=\"author\" content=\"Fixture Reporter\"></head><body>")
	b.WriteString("<div class=\"cookie-banner\">We use cookies.</div><nav><a href=\"/\">Home</a> <a href=\"/ai\">AI</a></nav><article><h1>" + title + "</h1>")
	for _, p := range ps {
		b.WriteString("<p>" + p + "</p>")
	}
	b.WriteString("</article><aside class=\"related\"><a href=\"/news/other\">Related: other story</a></aside><footer>© Fixture News</footer></body></html>")
	return b.String()
}

var (
	a1Paras = paragraphs("Helix", 5)
	// The syndicated copy: the same story with a wire credit line added,
	// and a dateline changed, as partner sites
	// publish it.
	copyParas = append([]string{"(Reporting by Fixture Wire; editing by Desk)", strings.Replace(a1Paras[0], "Helix said", "Helix AI said", 1)}, a1Paras[1:]...)
)

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t, hits: map[string]int{}, release: make(chan struct{})}
	mux := http.NewServeMux()
	page := func(path, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		})
	}
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.001\n")
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		etag := fmt.Sprintf(`"feed-%d"`, f.feedVer.Load())
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, f.feed())
	})
	page("/news/a1", articleHTML("Helix AI signs $12 billion compute deal with Nimbus", "2026-03-10T09:00:00Z", "", a1Paras))
	page("/news/a2", articleHTML("Orion to build AI chips for Pinnacle Cloud", "2026-03-11T09:00:00Z", "", paragraphs("Orion", 4)))
	page("/news/a3", articleHTML("Aster Cloud expands GPU region", "", "", paragraphs("Aster", 4)))
	mux.HandleFunc("/go/a3", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/hop/a3", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/hop/a3", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/news/a3", http.StatusFound) })
	page("/amp/a1", articleHTML("Helix AI signs $12 billion compute deal with Nimbus", "2026-03-10T09:00:00Z", "/news/a1?utm_source=amp", a1Paras))
	page("/wire/a1-copy", articleHTML("Helix AI in $12bn Nimbus compute pact", "2026-03-10T11:00:00Z", "", copyParas))
	page("/sport/cup", articleHTML("Local team wins the cup", "2026-03-10T09:00:00Z", "", []string{
		strings.Repeat("The match ended two to one after extra time and the fans celebrated in the streets until late. ", 8)}))
	page("/private/secret", articleHTML("Secret AI deal", "", "", paragraphs("Secret", 4)))
	page("/news/old", articleHTML("Old AI news", "2020-01-01T00:00:00Z", "", paragraphs("Old", 4)))
	mux.HandleFunc("/news/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // charset only in the page
		body := strings.Replace(articleHTML("Société Générale finances AI data centre", "2026-03-12T08:00:00Z", "",
			append([]string{"La société a signé un accord de 800 millions d’euros pour des GPU Nvidia."}, paragraphs("Paris", 4)...)),
			`<meta charset="utf-8">`, `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">`, 1)
		enc, err := charmap.Windows1252.NewEncoder().String(body)
		if err != nil {
			t.Error(err)
		}
		fmt.Fprint(w, enc)
	})
	mux.HandleFunc("/news/broken", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	mux.HandleFunc("/news/busy", func(w http.ResponseWriter, r *http.Request) {
		if !f.busyOnce.Swap(true) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, articleHTML("Kestrel raises prices for GPU instances", "2026-03-12T10:00:00Z", "", paragraphs("Kestrel", 4)))
	})
	mux.HandleFunc("/news/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := strings.Repeat("<p>AI cloud chips filler text for a very large page. </p>", 1000)
		for range 40 { // ~2.3 MB, over the test's 1 MiB cap
			fmt.Fprint(w, chunk)
		}
	})
	mux.HandleFunc("/news/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb())
	})
	mux.HandleFunc("/news/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-f.release:
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/news/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/news/loop2", http.StatusFound) })
	mux.HandleFunc("/news/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/news/loop", http.StatusFound) })
	mux.HandleFunc("/news/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4 binary"))
	})

	// Sitemaps.
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>%[1]s/sitemap-old.xml</loc><lastmod>2019-05-01</lastmod></sitemap>
  <sitemap><loc>%[1]s/sitemap-news.xml</loc><lastmod>2026-03-12T12:00:00Z</lastmod></sitemap>
  <sitemap><loc>%[1]s/sitemap-2.xml.gz</loc><lastmod>2026-03-11T12:00:00Z</lastmod></sitemap>
</sitemapindex>`, f.URL)
	})
	mux.HandleFunc("/sitemap-news.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>%[1]s/news/s1</loc><news:news><news:publication><news:name>Fixture</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2026-03-12T07:30:00+01:00</news:publication_date><news:title>Sitemap story about Nvidia chips</news:title></news:news></url>
  <url><loc>%[1]s/news/a2</loc><lastmod>2026-03-11</lastmod></url>
</urlset>`, f.URL)
	})
	mux.HandleFunc("/sitemap-2.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(gzipBytes(fmt.Appendf(nil, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/news/s2</loc><lastmod>2026-03-11T10:00:00Z</lastmod></url></urlset>`, f.URL)))
	})
	mux.HandleFunc("/sitemap-old.xml", func(w http.ResponseWriter, r *http.Request) {
		t.Error("an old child sitemap was fetched")
	})
	// s1 has no date of its own: the sitemap's publication date is used.
	page("/news/s1", articleHTML("Sitemap story about Nvidia chips", "", "", paragraphs("Sitemap", 4)))
	page("/news/s2", articleHTML("Gzip sitemap story on cloud GPUs", "2026-03-11T10:00:00Z", "", paragraphs("Gzip", 4)))

	// Listing page.
	page("/ai/", `<html><body><nav><a href="/about">About us</a><a href="/ai/">AI</a></nav>
<main><article><h2><a href="/news/l1">Listing story one</a></h2><p>Teaser.</p></article>
<article><h2><a href="/news/l2?utm_source=listing#top">Listing story two</a></h2></article>
<article><h2><a href="https://elsewhere.example/news/x">Off-site link</a></h2></article></main>
<footer><a href="/privacy">Privacy</a></footer></body></html>`)
	page("/news/l1", articleHTML("Listing story one on AI chips", "2026-03-12T09:00:00Z", "", paragraphs("ListingOne", 4)))
	page("/news/l2", articleHTML("Listing story two on cloud deals", "2026-03-12T09:30:00Z", "", paragraphs("ListingTwo", 4)))

	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.URL.Path]++
		f.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { close(f.release); f.Close() })
	return f
}

func (f *fixture) hit(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fixture) feed() string {
	item := func(title, path, date string) string {
		return fmt.Sprintf("<item><title>%s</title><link>%s%s</link><pubDate>%s</pubDate><dc:creator>Feed Author</dc:creator></item>\n", title, f.URL, path, date)
	}
	recent := "Wed, 11 Mar 2026 09:00:00 GMT"
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Fixture News</title>` + "\n")
	b.WriteString(item("Helix AI signs $12 billion compute deal", "/news/a1", recent))
	b.WriteString(item("Orion chips", "/news/a2?utm_source=rss&amp;utm_medium=feed", recent))
	b.WriteString(item("Aster region", "/go/a3", recent))
	b.WriteString(item("Helix (AMP)", "/amp/a1", recent))
	b.WriteString(item("Helix wire copy", "/wire/a1-copy", recent))
	b.WriteString(item("Cup final", "/sport/cup", recent))
	b.WriteString(item("Secret", "/private/secret", recent))
	b.WriteString(item("Old news", "/news/old", "Wed, 01 Jan 2020 00:00:00 GMT"))
	b.WriteString(item("Latin-1 page", "/news/latin1", recent))
	b.WriteString(item("Broken", "/news/broken", recent))
	b.WriteString(item("Busy", "/news/busy", recent))
	b.WriteString(item("Huge", "/news/huge", recent))
	b.WriteString(item("Bomb", "/news/bomb", recent))
	b.WriteString(item("Slow", "/news/slow", recent))
	b.WriteString(item("Loop", "/news/loop", recent))
	b.WriteString(item("PDF", "/news/pdf", recent))
	b.WriteString(item("Duplicate link", "/news/a1?utm_campaign=dup#frag", recent))
	b.WriteString("</channel></rss>")
	return b.String()
}

// bomb is a gzip bomb: 64 MiB of HTML in about 64 KiB.
var bomb = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	zw.Write([]byte("<html><body><p>AI"))
	zeros := make([]byte, 1<<20)
	for range 64 {
		zw.Write(zeros)
	}
	zw.Close()
	return buf.Bytes()
})

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// now is the crawl clock in the tests: fixture dates are early 2026.
var now = time.Date(2026, 3, 13, 12, 0, 0, 0, time.UTC)
