package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

const crawlTestArticle = `<html lang="en"><head><title>%[1]s</title>
<meta property="article:published_time" content="2026-03-10T09:00:00Z"></head><body>
<nav><a href="/">Home</a></nav><article><h1>%[1]s</h1>
<p>%[2]s agreed to buy cloud computing capacity from Aster Cloud under a multi-year agreement, the companies said on Tuesday, in one of the largest AI infrastructure deals of the year.</p>
<p>The contract covers Nvidia GPUs in data centers in Oregon and Finland, with the first capacity coming online in the second half of the year, and it is not exclusive.</p>
</article><footer>Fixture</footer></body></html>`

func crawlTestSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title>
<item><title>One</title><link>http://%[1]s/a/one</link></item>
<item><title>Two</title><link>http://%[1]s/a/two?utm_source=rss</link></item>
</channel></rss>`, r.Host)
	})
	mux.HandleFunc("/a/one", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, crawlTestArticle, "Helix AI signs compute deal with Aster Cloud", "Helix AI")
	})
	mux.HandleFunc("/a/two", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, crawlTestArticle, "Larch AI expands with Aster Cloud", "Larch AI")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func runCrawlCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), log: slog.New(slog.NewJSONHandler(&errb, nil))}
	err := runCrawl(context.Background(), env, args)
	if err != nil {
		t.Logf("stderr: %s", errb.String())
	}
	return out.String(), err
}

func TestCrawlOnceStdout(t *testing.T) {
	srv := crawlTestSite(t)
	data := t.TempDir()
	args := []string{"--once", "--stdout", "--allow-private", "--source", srv.URL + "/feed", "--data", data, "--rate", "1000"}
	out, err := runCrawlCmd(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := schemas.NewValidator()
	var urls []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		a, err := v.Article(sc.Bytes())
		if err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		urls = append(urls, a.URL)
	}
	sort.Strings(urls)
	want := srv.URL + "/a/one," + srv.URL + "/a/two"
	if strings.Join(urls, ",") != want {
		t.Errorf("published %v, want %s", urls, want)
	}
	// The state under --data remembers them: a second run prints nothing.
	out, err = runCrawlCmd(t, args...)
	if err != nil || out != "" {
		t.Errorf("second run printed %q, %v", out, err)
	}
}

func TestCrawlRefusesLoopbackWithoutFlag(t *testing.T) {
	srv := crawlTestSite(t)
	_, err := runCrawlCmd(t, "--once", "--stdout", "--source", srv.URL+"/feed", "--data", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "not a public address") {
		t.Errorf("err = %v", err)
	}
}

func TestCrawlUsage(t *testing.T) {
	for _, args := range [][]string{{"--source", "ftp://x/feed"}, {"extra"}, {"--sources", "/nonexistent.yaml", "--once", "--stdout"}} {
		if _, err := runCrawlCmd(t, append(args, "--data", t.TempDir())...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

func TestCrawlPublishesToKafka(t *testing.T) {
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: 2, ReplicationFactor: 1}
	srv := crawlTestSite(t)
	if _, err := runCrawlCmd(t, "--once", "--allow-private", "--source", srv.URL+"/feed", "--data", t.TempDir(),
		"--rate", "1000", "--brokers", strings.Join(cfg.Brokers, ",")); err != nil {
		t.Fatal(err)
	}
	r := bus.NewReader(cfg, schemas.TopicArticles, "crawl-cmd-test")
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	v, _ := schemas.NewValidator()
	seen := map[string]bool{}
	for len(seen) < 2 {
		m, err := r.FetchMessage(ctx)
		if err == io.EOF || err != nil {
			t.Fatalf("read: %v (got %d)", err, len(seen))
		}
		a, err := v.Article(m.Value)
		if err != nil {
			t.Fatal(err)
		}
		if string(m.Key) != a.ID || bus.Header(m, schemas.HeaderSchemaVersion) != schemas.ArticleVersion {
			t.Errorf("key %q / header %q for %s", m.Key, bus.Header(m, schemas.HeaderSchemaVersion), a.URL)
		}
		seen[a.URL] = true
	}
	if !seen[srv.URL+"/a/one"] || !seen[srv.URL+"/a/two"] {
		t.Errorf("consumed %v", seen)
	}
}

// The daemon serves its counters on /metrics and stops cleanly on cancel.
func TestCrawlDaemonMetrics(t *testing.T) {
	srv := crawlTestSite(t)
	addr := testenv.RestartableAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), log: slog.New(slog.NewJSONHandler(io.Discard, nil))}
	done := make(chan error, 1)
	go func() {
		done <- runCrawl(ctx, env, []string{"--stdout", "--allow-private", "--source", srv.URL + "/feed", "--data", t.TempDir(),
			"--rate", "1000", "--interval", "1h", "--metrics-addr", addr})
	}()
	var body string
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(body, "dealwatch_crawl_published_total 2") {
		if time.Now().After(deadline) {
			t.Fatalf("metrics never showed 2 published:\n%s", body)
		}
		time.Sleep(20 * time.Millisecond)
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body = string(b)
	}
	for _, name := range []string{`dealwatch_crawl_fetched_total{kind="source"} 1`, `dealwatch_crawl_fetched_total{kind="page"} 2`,
		"dealwatch_crawl_robots_blocked_total 0", "go_goroutines"} {
		if !strings.Contains(body, name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("daemon returned %v after cancel", err)
	}
	if strings.Count(out.String(), "\n") != 2 {
		t.Errorf("stdout: %q", out.String())
	}
}

// crawl --once on a feed of older articles says they were skipped as old,
// in the summary and in the final log line.
func TestCrawlOnceSaysWhySkipped(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "User-agent: *\nAllow: /\n") })
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title>
<item><title>Old one</title><link>http://%[1]s/a/old1</link><pubDate>Mon, 03 Mar 2025 09:00:00 GMT</pubDate></item>
<item><title>Old two</title><link>http://%[1]s/a/old2</link><pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate></item>
<item><title>Fresh</title><link>http://%[1]s/a/fresh</link><pubDate>%[2]s</pubDate></item>
</channel></rss>`, r.Host, time.Now().UTC().Format(http.TimeFormat))
	})
	mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, crawlTestArticle, "Helix AI signs compute deal with Aster Cloud", "Helix AI")
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	var out, errb bytes.Buffer
	env := &cliEnv{stdout: &out, stderr: &errb, stdin: strings.NewReader(""), log: slog.New(slog.NewJSONHandler(&errb, nil))}
	if err := runCrawl(context.Background(), env, []string{"--once", "--stdout", "--allow-private", "--source", srv.URL + "/feed", "--data", t.TempDir(), "--rate", "1000"}); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	stderr := errb.String()
	if !strings.Contains(stderr, "crawl: 3 candidates, 1 published (0 near-duplicates), 2 skipped (old 2), 0 failed") ||
		!strings.Contains(stderr, "--max-age") {
		t.Errorf("summary does not say why:\n%s", stderr)
	}
	var last string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, `"msg":"crawl done"`) {
			last = l
		}
	}
	if !strings.Contains(last, `"skipped":2,"skipped_by":{"old":2}`) {
		t.Errorf("final log line lacks the reasons: %s", last)
	}
}
