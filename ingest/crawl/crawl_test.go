package crawl

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

type memPub struct {
	mu   sync.Mutex
	arts []schemas.Article
	err  error
	got  chan struct{}
}

func (p *memPub) Publish(_ context.Context, a schemas.Article) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return p.err
	}
	p.arts = append(p.arts, a)
	if p.got != nil {
		select {
		case p.got <- struct{}{}:
		default:
		}
	}
	return nil
}

func (p *memPub) byPath(base string) map[string]schemas.Article {
	p.mu.Lock()
	defer p.mu.Unlock()
	m := map[string]schemas.Article{}
	for _, a := range p.arts {
		m[strings.TrimPrefix(a.URL, base)] = a
	}
	return m
}

func (p *memPub) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.arts)
}

type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.d = append(w.d, d)
	w.mu.Unlock()
	return ctx.Err()
}

type harness struct {
	c     *Crawler
	pub   *memPub
	state *State
	waits *waits
	reg   *prometheus.Registry
}

func newHarness(t *testing.T, dir string, sources []Source, mutate func(*Config, *fetch.Config)) *harness {
	t.Helper()
	st, err := OpenState(filepath.Join(dir, "crawl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w := &waits{}
	fc := fetch.Config{
		AllowPrivate: true, HostRate: 1000, HostBurst: 100, Timeout: 5 * time.Second, MaxBody: 1 << 20,
		Retries: 1, BackoffBase: time.Millisecond, BackoffMax: 2 * time.Millisecond, Sleep: w.sleep,
	}
	pub := &memPub{}
	reg := prometheus.NewRegistry()
	cfg := Config{Sources: sources, State: st, Publisher: pub, Metrics: NewMetrics(reg), Workers: 1,
		Now: func() time.Time { return now }}
	if mutate != nil {
		mutate(&cfg, &fc)
	}
	cfg.Fetcher = fetch.New(fc)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &harness{c: c, pub: pub, state: st, waits: w, reg: reg}
}

func TestCrawlFeed(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	// The slow page has its own test (TestSlowArticle): timeouts short
	// enough for it make the rest flaky on a loaded machine.
	h := newHarness(t, dir, []Source{{Name: "fixture", URL: f.URL + "/feed.xml", Exclude: []string{"/news/slow"}}}, nil)
	ctx := context.Background()
	st, err := h.c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := h.pub.byPath(f.URL)
	want := []string{"/news/a1", "/news/a2", "/news/a3", "/wire/a1-copy", "/news/latin1", "/news/busy"}
	if len(got) != len(want) || h.pub.count() != len(want) {
		t.Errorf("published %d: %v, want %v", h.pub.count(), keys(got), want)
	}
	v, _ := schemas.NewValidator()
	for _, p := range want {
		a, ok := got[p]
		if !ok {
			t.Errorf("%s not published", p)
			continue
		}
		if err := v.CheckArticle(a); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if a.ID != schemas.ArticleID(a.URL) || a.Source != "fixture" || a.SchemaVersion != schemas.ArticleVersion {
			t.Errorf("%s: id/source/version = %s/%s/%s", p, a.ID, a.Source, a.SchemaVersion)
		}
		if a.ContentHash != simhash.ContentHash(a.Text) || a.Simhash == "" || !a.FetchedAt.Equal(now) {
			t.Errorf("%s: hashes or fetched_at wrong: %+v", p, a)
		}
		if strings.Contains(a.Text, "cookies") || strings.Contains(a.Text, "Related") || strings.Contains(a.Text, "Fixture News") {
			t.Errorf("%s: boilerplate in text: %q", p, a.Text)
		}
	}
	a1 := got["/news/a1"]
	if a1.Title != "Helix AI signs $12 billion compute deal with Nimbus" || a1.Author != "Fixture Reporter" ||
		a1.PublishedAt == nil || a1.PublishedAt.Format(time.RFC3339) != "2026-03-10T09:00:00Z" || a1.Language != "en" {
		t.Errorf("a1 metadata: %+v", a1)
	}
	if a1.NearDuplicateOf != "" {
		t.Errorf("a1 marked near-duplicate of %s", a1.NearDuplicateOf)
	}
	// Tracking parameters are gone from the canonical URL; the redirect's
	// target is the fetched URL; the page's own date is missing so the
	// feed's is used.
	if a2 := got["/news/a2"]; a2.FetchedURL != f.URL+"/news/a2?utm_source=rss&utm_medium=feed" {
		t.Errorf("a2 fetched_url = %q", a2.FetchedURL)
	}
	a3 := got["/news/a3"]
	if a3.FetchedURL != f.URL+"/news/a3" || a3.PublishedAt == nil || a3.PublishedAt.Format(time.RFC3339) != "2026-03-11T09:00:00Z" {
		t.Errorf("a3 via redirects: %+v", a3)
	}
	// The syndicated copy is published, marked as a near-duplicate of a1.
	if cp := got["/wire/a1-copy"]; cp.NearDuplicateOf != a1.ID {
		t.Errorf("wire copy near_duplicate_of = %q, want %q", cp.NearDuplicateOf, a1.ID)
	}
	if l := got["/news/latin1"]; !strings.Contains(l.Text, "La société a signé un accord de 800 millions d’euros") || l.Title != "Société Générale finances AI data centre" {
		t.Errorf("windows-1252 page: %q / %q", l.Title, l.Text[:min(len(l.Text), 80)])
	}
	// The AMP page's canonical URL is a1: one article, not two.
	if f.hit("/amp/a1") != 1 {
		t.Errorf("/amp/a1 fetched %d times", f.hit("/amp/a1"))
	}
	// robots.txt and freshness: never requested.
	for _, p := range []string{"/private/secret", "/news/old"} {
		if f.hit(p) != 0 {
			t.Errorf("%s requested", p)
		}
	}
	// 429 with Retry-After: 2 was honoured (waited, not slept in the test).
	honoured := false
	for _, d := range h.waits.d {
		if d > time.Second && d <= 2*time.Second {
			honoured = true
		}
	}
	if !honoured || f.hit("/news/busy") != 2 {
		t.Errorf("Retry-After not honoured: waits %v, busy hits %d", h.waits.d, f.hit("/news/busy"))
	}
	if st.Published != 6 || st.NearDuplicates != 1 || st.Failed != 1 { // broken (500)
		t.Errorf("stats = %+v", st)
	}
	// Every skip has its reason, and the reasons add up.
	sum := 0
	for _, n := range st.SkippedBy {
		sum += n
	}
	for reason, want := range map[string]int{"old": 1, "excluded": 1, "robots": 1, "irrelevant": 1, "duplicate": 1} {
		if st.SkippedBy[reason] != want {
			t.Errorf("skipped as %s: %d, want %d (all: %v)", reason, st.SkippedBy[reason], want, st.SkippedBy)
		}
	}
	if sum != st.Skipped || st.SkippedBy["other"] != 0 {
		t.Errorf("skip reasons %v do not account for %d skipped", st.SkippedBy, st.Skipped)
	}
	// Metrics.
	checks := map[string]float64{
		`fetched_total{kind="source"}`: 1, "robots_blocked_total": 1, "published_total": 6, "near_duplicates_total": 1,
		`errors_total{class="http_5xx"}`: 1, `errors_total{class="too_large"}`: 2, `skipped_total{reason="excluded"}`: 1,
		`errors_total{class="redirects"}`: 1, `errors_total{class="content_type"}`: 1,
		`skipped_total{reason="irrelevant"}`: 1, `skipped_total{reason="old"}`: 1, `skipped_total{reason="duplicate_url"}`: 1,
	}
	for name, want := range checks {
		if got := metric(t, h.reg, name); got != want {
			t.Errorf("dealwatch_crawl_%s = %v, want %v", name, got, want)
		}
	}

	// Second crawl: the feed's validators were not stored, because an
	// article failed transiently (500): so the feed is read again, and only
	// the failed article is fetched again.
	before := map[string]int{"/news/a1": f.hit("/news/a1"), "/news/broken": f.hit("/news/broken")}
	st2, err := h.c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Published != 0 || h.pub.count() != 6 {
		t.Errorf("second crawl published %d", st2.Published)
	}
	if f.hit("/news/a1") != before["/news/a1"] || f.hit("/news/broken") != before["/news/broken"]+2 {
		t.Errorf("second crawl: a1 hits %d (want %d), broken hits %d (want %d)", f.hit("/news/a1"), before["/news/a1"],
			f.hit("/news/broken"), before["/news/broken"]+2)
	}
}

func TestSlowArticle(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{URL: f.URL + "/feed.xml", Include: []string{"/news/slow$"}}},
		func(_ *Config, fc *fetch.Config) { fc.Timeout, fc.Retries = 300*time.Millisecond, -1 })
	st, err := h.c.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Failed != 1 || st.Published != 0 || f.hit("/news/slow") != 1 {
		t.Errorf("stats %+v, slow hits %d", st, f.hit("/news/slow"))
	}
	if got := metric(t, h.reg, `errors_total{class="timeout"}`); got != 1 {
		t.Errorf("timeout errors = %v", got)
	}
	// A transient failure: the URL is not done, the next crawl tries again.
	if done, _, _ := h.state.URLDone(mustCanon(t, f.URL+"/news/slow")); done {
		t.Error("slow URL marked done after one timeout")
	}
}

func mustCanon(t *testing.T, u string) string {
	t.Helper()
	c, err := Canonicalize(u)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRestartNoRepublish(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	src := []Source{{Name: "fixture", URL: f.URL + "/feed.xml", MaxItems: 3}}
	h := newHarness(t, dir, src, nil)
	if _, err := h.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := h.pub.byPath(f.URL)
	if len(got) != 3 || got["/news/a1"].ID == "" {
		t.Fatalf("published %v, want a1, a2, a3 (max_items 3)", keys(got))
	}
	h.state.Close()

	// Restart on the same state file: the three are not fetched again, the
	// next items are; the wire copy is recognised as a near-duplicate of a1
	// from the fingerprints kept on disk.
	hits := f.hit("/news/a1")
	h2 := newHarness(t, dir, src, nil)
	if _, err := h2.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got2 := h2.pub.byPath(f.URL)
	if len(got2) != 1 || got2["/wire/a1-copy"].NearDuplicateOf != got["/news/a1"].ID {
		t.Errorf("after restart published %v, want only the wire copy marked as a1's near-duplicate", keys(got2))
	}
	if f.hit("/news/a1") != hits {
		t.Error("a1 fetched again after restart")
	}
}

func TestConditionalSourceFetch(t *testing.T) {
	f := newFixture(t)
	src := []Source{{URL: f.URL + "/feed.xml", Exclude: []string{`/news/(broken|slow)`}}}
	h := newHarness(t, t.TempDir(), src, nil)
	ctx := context.Background()
	if _, err := h.c.Once(ctx); err != nil {
		t.Fatal(err)
	}
	n := h.pub.count()
	// Every item was handled, so the feed's ETag was kept: 304 next time.
	st, err := h.c.Once(ctx)
	if err != nil || st.NotModified != 1 || st.Candidates != 0 {
		t.Fatalf("second crawl: %+v, %v", st, err)
	}
	if got := metric(t, h.reg, `not_modified_total{kind="source"}`); got != 1 {
		t.Errorf("not_modified = %v", got)
	}
	// The feed changes: it is read again, but nothing is republished.
	f.feedVer.Add(1)
	st, err = h.c.Once(ctx)
	if err != nil || st.NotModified != 0 || st.Published != 0 || h.pub.count() != n || st.Skipped == 0 {
		t.Errorf("third crawl: %+v, %v; published %d, want %d", st, err, h.pub.count(), n)
	}
}

func TestSitemapIndex(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{Name: "maps", URL: f.URL + "/sitemap_index.xml"}}, nil)
	if _, err := h.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := h.pub.byPath(f.URL)
	if len(got) != 3 {
		t.Fatalf("published %v, want s1, s2, a2", keys(got))
	}
	s1 := got["/news/s1"]
	if s1.PublishedAt == nil || s1.PublishedAt.Format(time.RFC3339) != "2026-03-12T06:30:00Z" {
		t.Errorf("s1 date from news sitemap: %v", s1.PublishedAt)
	}
	if _, ok := got["/news/s2"]; !ok {
		t.Error("gzip child sitemap not read")
	}
	if f.hit("/sitemap-old.xml") != 0 {
		t.Error("old child sitemap fetched")
	}
}

func TestListingPage(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{Name: "listing", URL: f.URL + "/ai/"}}, nil)
	if _, err := h.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := h.pub.byPath(f.URL)
	if len(got) != 2 || got["/news/l1"].Title != "Listing story one on AI chips" || got["/news/l2"].ID == "" {
		t.Errorf("published %v", keys(got))
	}
	if f.hit("/about") != 0 || f.hit("/privacy") != 0 {
		t.Error("navigation links followed")
	}
}

func TestIncludeExcludeAndRelevanceOff(t *testing.T) {
	f := newFixture(t)
	off := false
	h := newHarness(t, t.TempDir(), []Source{{Name: "fx", URL: f.URL + "/feed.xml", Include: []string{`/(news|sport)/`},
		Exclude: []string{`/news/(a2|a3|latin1|busy|huge|bomb|slow|loop|pdf|broken)`}, Relevance: &off}}, nil)
	if _, err := h.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := h.pub.byPath(f.URL)
	// a1 and the off-topic cup story (filter off); /wire/, /amp/, /go/ not included.
	if len(got) != 2 || got["/sport/cup"].ID == "" || got["/news/a1"].ID == "" {
		t.Errorf("published %v", keys(got))
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{URL: f.URL + "/feed.xml"}}, func(c *Config, fc *fetch.Config) {
		fc.AllowPrivate = false
	})
	_, err := h.c.Once(context.Background())
	if !errors.Is(err, fetch.ErrBlockedAddress) {
		t.Errorf("err = %v, want ErrBlockedAddress", err)
	}
	if f.hit("/feed.xml")+f.hit("/robots.txt") != 0 {
		t.Error("loopback server was contacted")
	}
	if got := metric(t, h.reg, `errors_total{class="blocked_address"}`); got != 1 {
		t.Errorf("blocked_address errors = %v", got)
	}
}

func TestPublishFailureKeepsArticleForNextCrawl(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{URL: f.URL + "/feed.xml", MaxItems: 1}}, nil)
	h.pub.err = errors.New("kafka down")
	if _, err := h.c.Once(context.Background()); err == nil {
		t.Fatal("publish failure not reported")
	}
	h.pub.err = nil
	if _, err := h.c.Once(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := h.pub.byPath(f.URL); got["/news/a1"].ID == "" {
		t.Errorf("a1 not published after the publisher recovered: %v", keys(got))
	}
}

func TestRunDaemon(t *testing.T) {
	f := newFixture(t)
	h := newHarness(t, t.TempDir(), []Source{{URL: f.URL + "/feed.xml", MaxItems: 1, Interval: 5 * time.Millisecond}}, func(c *Config, fc *fetch.Config) {
		c.Now = time.Now
		c.Sources[0].MaxAge = 100 * 365 * 24 * time.Hour
	})
	h.pub.got = make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.c.Run(ctx) }()
	// Each interval publishes one more article (max_items 1).
	for range 2 {
		select {
		case <-h.pub.got:
		case <-time.After(10 * time.Second):
			t.Fatal("daemon published nothing")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run = %v, want nil after cancel", err)
	}
	if h.pub.count() < 2 || f.hit("/feed.xml") < 2 {
		t.Errorf("published %d, feed fetched %d times", h.pub.count(), f.hit("/feed.xml"))
	}
}

func TestDetect(t *testing.T) {
	for body, want := range map[string]Kind{
		`<?xml version="1.0"?><rss version="2.0"><channel/></rss>`:                         KindFeed,
		`<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom"></feed>`: KindFeed,
		`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>`:      KindFeed,
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>`:            KindSitemap,
		`<sitemapindex></sitemapindex>`:                                                    KindSitemap,
		`<!DOCTYPE html><html><body><a href="/x">x</a></body></html>`:                      KindListing,
	} {
		got, err := Detect([]byte(body), "")
		if err != nil || got != want {
			t.Errorf("Detect(%.40q) = %v, %v; want %v", body, got, err, want)
		}
	}
	if _, err := Detect([]byte("just words"), "text/plain"); !errors.Is(err, ErrNotSource) {
		t.Errorf("plain text: %v", err)
	}
}

func TestSources(t *testing.T) {
	srcs, err := LoadSources("")
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) < 20 {
		t.Errorf("default sources: %d", len(srcs))
	}
	for _, s := range srcs {
		if s.Interval <= 0 || s.MaxItems <= 0 || !strings.HasPrefix(s.URL, "https://") {
			t.Errorf("%s: %+v", s.Name, s)
		}
	}
	for _, bad := range []string{
		"sources: []",
		"sources:\n  - url: ftp://x/y",
		"sources:\n  - url: https://a/\n    kind: magazine",
		"sources:\n  - url: https://a/\n    include: ['(']",
		"sources:\n  - url: https://a/\n    selector: 'a[href'",
		"sources:\n  - url: https://a/\n    colour: blue",
		"sources:\n  - url: https://a/\n  - url: https://a/",
	} {
		if _, err := ParseSources([]byte(bad)); !errors.Is(err, ErrSources) {
			t.Errorf("ParseSources(%q) = %v, want ErrSources", bad, err)
		}
	}
	got, err := ParseSources([]byte("defaults:\n  interval: 5m\n  exclude: ['/video/']\nsources:\n  - url: https://a.example/feed\n    exclude: ['/live/']\n    interval: 1m\n  - url: https://b.example/feed\n    relevance: false\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Interval != time.Minute || got[1].Interval != 5*time.Minute || got[0].Name != "a.example" {
		t.Errorf("intervals/names: %+v", got)
	}
	if got[0].Wants("https://a.example/video/1") || got[0].Wants("https://a.example/live/1") || !got[0].Wants("https://a.example/news/1") {
		t.Error("include/exclude from defaults and source not combined")
	}
	if got[1].relevance != nil || got[0].relevance == nil {
		t.Error("relevance flag")
	}
}

func keys(m map[string]schemas.Article) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// metric reads dealwatch_crawl_<name> (name may carry {label="value"}).
func metric(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	full := "dealwatch_crawl_" + name
	base, labels, _ := strings.Cut(full, "{")
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != base {
			continue
		}
		for _, m := range mf.GetMetric() {
			var parts []string
			for _, lp := range m.GetLabel() {
				parts = append(parts, lp.GetName()+`="`+lp.GetValue()+`"`)
			}
			if strings.Join(parts, ",")+"}" == labels || (labels == "" && len(parts) == 0) {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}
