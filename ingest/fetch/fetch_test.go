package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// sleeps records the waits the fetcher asks for instead of sleeping.
type sleeps struct {
	mu sync.Mutex
	d  []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.d = append(s.d, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.d...)
}

func testConfig(s *sleeps) Config {
	return Config{
		AllowPrivate: true, HostRate: 1000, HostBurst: 100, Timeout: 2 * time.Second,
		BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond, Sleep: s.sleep,
	}
}

type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	ua   string
}

func newSite(t *testing.T, robots string, routes map[string]http.HandlerFunc) *site {
	s := &site{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, robots)
	})
	for p, h := range routes {
		mux.HandleFunc(p, h)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.ua = r.UserAgent()
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) hit(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func ok(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

func TestRobotsGroupsAndCrawlDelay(t *testing.T) {
	robots := "User-agent: *\nDisallow: /private\n\nUser-agent: dealwatch\nDisallow: /nodealwatch\nCrawl-delay: 2\n"
	s := newSite(t, robots, map[string]http.HandlerFunc{"/": ok("hello")})
	f := New(testConfig(&sleeps{}))
	ctx := context.Background()
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/nodealwatch/a"}); !errors.Is(err, ErrRobots) {
		t.Errorf("our group's Disallow: err = %v, want ErrRobots", err)
	}
	if s.hit("/nodealwatch/a") != 0 {
		t.Error("a disallowed page was requested")
	}
	// Our own group replaces the * group: /private is allowed for us.
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/private/x"}); err != nil {
		t.Errorf("/private for dealwatch: %v", err)
	}
	h := f.host(s.URL)
	if got := h.limiter.Limit(); got != rate.Every(2*time.Second) {
		t.Errorf("host limit = %v, want one request per 2s from Crawl-delay", got)
	}
	other := testConfig(&sleeps{})
	other.RobotsAgent = "otherbot"
	f2 := New(other)
	if _, err := f2.Fetch(ctx, Request{URL: s.URL + "/private/x"}); !errors.Is(err, ErrRobots) {
		t.Errorf("* group for otherbot: err = %v, want ErrRobots", err)
	}
	if s.hit("/robots.txt") != 2 {
		t.Errorf("robots.txt fetched %d times, want once per fetcher", s.hit("/robots.txt"))
	}
	if !strings.HasPrefix(s.ua, "dealwatch-crawler/") {
		t.Errorf("User-Agent = %q", s.ua)
	}
}

func TestCrawlDelayCapped(t *testing.T) {
	s := newSite(t, "User-agent: *\nCrawl-delay: 86400\n", map[string]http.HandlerFunc{"/": ok("x")})
	cfg := testConfig(&sleeps{})
	cfg.MaxCrawlDelay = 10 * time.Second
	f := New(cfg)
	if _, err := f.Fetch(context.Background(), Request{URL: s.URL + "/a"}); err != nil {
		t.Fatal(err)
	}
	if got := f.host(s.URL).limiter.Limit(); got != rate.Every(10*time.Second) {
		t.Errorf("limit = %v, want capped at one per 10s", got)
	}
}

func TestRobotsStatuses(t *testing.T) {
	for _, c := range []struct {
		code    int
		allowed bool
	}{{404, true}, {403, true}, {500, false}, {503, false}} {
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(c.code) })
		mux.HandleFunc("/", ok("page"))
		srv := httptest.NewServer(mux)
		cfg := testConfig(&sleeps{})
		_, err := New(cfg).Fetch(context.Background(), Request{URL: srv.URL + "/p"})
		if c.allowed && err != nil || !c.allowed && !errors.Is(err, ErrRobots) {
			t.Errorf("robots.txt %d: err = %v, want allowed=%v", c.code, err, c.allowed)
		}
		srv.Close()
	}
}

func TestConditionalGET(t *testing.T) {
	const etag = `"v1"`
	const lm = "Tue, 03 Nov 2025 10:00:00 GMT"
	s := newSite(t, "", map[string]http.HandlerFunc{"/feed": func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lm)
		fmt.Fprint(w, "<rss/>")
	}})
	f := New(testConfig(&sleeps{}))
	ctx := context.Background()
	r1, err := f.Fetch(ctx, Request{URL: s.URL + "/feed"})
	if err != nil || r1.NotModified || string(r1.Body) != "<rss/>" || r1.ETag != etag || r1.LastModified != lm {
		t.Fatalf("first fetch: %+v, %v", r1, err)
	}
	r2, err := f.Fetch(ctx, Request{URL: s.URL + "/feed", ETag: r1.ETag})
	if err != nil || !r2.NotModified || len(r2.Body) != 0 || r2.ETag != etag {
		t.Fatalf("ETag fetch: %+v, %v", r2, err)
	}
	r3, err := f.Fetch(ctx, Request{URL: s.URL + "/feed", LastModified: lm})
	if err != nil || !r3.NotModified {
		t.Fatalf("If-Modified-Since fetch: %+v, %v", r3, err)
	}
}

func TestRetryAfter429(t *testing.T) {
	var n atomic.Int32
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/busy": func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) == 1 {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, "finally")
		},
		"/forever": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
		},
	})
	sl := &sleeps{}
	f := New(testConfig(sl))
	r, err := f.Fetch(context.Background(), Request{URL: s.URL + "/busy"})
	if err != nil || string(r.Body) != "finally" {
		t.Fatalf("got %v, %v", r, err)
	}
	if n.Load() != 2 {
		t.Errorf("requests = %d, want 2", n.Load())
	}
	waited := false
	for _, d := range sl.all() {
		if d > 6*time.Second && d <= 7*time.Second {
			waited = true
		}
	}
	if !waited {
		t.Errorf("waits %v: none honours Retry-After: 7", sl.all())
	}
	_, err = f.Fetch(context.Background(), Request{URL: s.URL + "/forever"})
	var se *StatusError
	if !errors.Is(err, ErrRetryAfterTooLong) || !errors.As(err, &se) || se.Code != 429 || s.hit("/forever") != 1 {
		t.Errorf("hour-long Retry-After: err = %v, hits = %d", err, s.hit("/forever"))
	}
}

func TestRetry5xx(t *testing.T) {
	var n atomic.Int32
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= 2 {
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			fmt.Fprint(w, "up")
		},
		"/down":    func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) },
		"/missing": func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) },
	})
	sl := &sleeps{}
	cfg := testConfig(sl)
	cfg.Retries = 3
	f := New(cfg)
	ctx := context.Background()
	r, err := f.Fetch(ctx, Request{URL: s.URL + "/flaky"})
	if err != nil || string(r.Body) != "up" || n.Load() != 3 {
		t.Fatalf("flaky: %v, %v, %d requests", r, err, n.Load())
	}
	if len(sl.all()) != 2 {
		t.Errorf("backoff waits = %v, want 2", sl.all())
	}
	var se *StatusError
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/down"}); !errors.As(err, &se) || se.Code != 500 || s.hit("/down") != 4 {
		t.Errorf("down: err = %v, hits = %d, want 500 after 4 attempts", err, s.hit("/down"))
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/missing"}); !errors.As(err, &se) || se.Code != 404 || s.hit("/missing") != 1 {
		t.Errorf("404: err = %v, hits = %d, want no retry", err, s.hit("/missing"))
	}
}

func TestRedirects(t *testing.T) {
	routes := map[string]http.HandlerFunc{
		"/final":   ok("landed"),
		"/loop-a":  func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", 302) },
		"/loop-b":  func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", 302) },
		"/to-ftp":  func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "ftp://example.com/x", 302) },
		"/to-deny": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/x", 301) },
	}
	for i := 1; i <= 9; i++ {
		next := fmt.Sprintf("/r%d", i+1)
		if i == 3 {
			next = "/final"
		}
		routes[fmt.Sprintf("/r%d", i)] = func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, next, 301) }
	}
	routes["/r10"] = ok("deep")
	s := newSite(t, "User-agent: *\nDisallow: /private\n", routes)
	f := New(testConfig(&sleeps{}))
	ctx := context.Background()
	r, err := f.Fetch(ctx, Request{URL: s.URL + "/r1"})
	if err != nil || r.URL != s.URL+"/final" || r.Redirects != 3 || string(r.Body) != "landed" {
		t.Fatalf("chain: %+v, %v", r, err)
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/loop-a"}); !errors.Is(err, ErrRedirectLoop) {
		t.Errorf("loop: %v", err)
	}
	if r, err := f.Fetch(ctx, Request{URL: s.URL + "/r5"}); err != nil || r.Redirects != 5 {
		t.Errorf("r5..r10 is 5 redirects, the limit: %v", err)
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/r4"}); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("r4..r10 is 6 redirects: %v", err)
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/to-ftp"}); !errors.Is(err, ErrScheme) {
		t.Errorf("ftp redirect: %v", err)
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/to-deny"}); !errors.Is(err, ErrRobots) || s.hit("/private/x") != 0 {
		t.Errorf("redirect into a disallowed path: %v", err)
	}
	if _, err := f.Fetch(ctx, Request{URL: "file:///etc/passwd"}); !errors.Is(err, ErrScheme) {
		t.Errorf("file URL: %v", err)
	}
}

func TestSlowResponses(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/slow-head": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
		"/slow-body": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
			fmt.Fprint(w, "<p>start")
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
	})
	cfg := testConfig(&sleeps{})
	cfg.Timeout = 150 * time.Millisecond
	cfg.Retries = -1
	f := New(cfg)
	for _, p := range []string{"/slow-head", "/slow-body"} {
		_, err := f.Fetch(context.Background(), Request{URL: s.URL + p})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want a timeout", p, err)
		}
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestBodyCaps(t *testing.T) {
	big := bytes.Repeat([]byte("a"), 2<<20)
	bomb := gz(make([]byte, 64<<20)) // 64 MiB of zeros in ~64 KiB
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/big-length": func(w http.ResponseWriter, r *http.Request) { w.Write(big) },
		"/big-chunked": func(w http.ResponseWriter, r *http.Request) {
			for i := 0; i < 4; i++ {
				w.Write(big[:len(big)/2])
				w.(http.Flusher).Flush()
			}
		},
		"/bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		},
		"/gzip": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Accept-Encoding") != "gzip" {
				t.Error("no Accept-Encoding: gzip")
			}
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(gz([]byte("<p>compressed page</p>")))
		},
		"/brotli": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "br")
			w.Write([]byte("xx"))
		},
	})
	cfg := testConfig(&sleeps{})
	cfg.MaxBody = 1 << 20
	f := New(cfg)
	ctx := context.Background()
	for _, p := range []string{"/big-length", "/big-chunked", "/bomb"} {
		if _, err := f.Fetch(ctx, Request{URL: s.URL + p}); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: err = %v, want ErrTooLarge", p, err)
		}
	}
	r, err := f.Fetch(ctx, Request{URL: s.URL + "/gzip"})
	if err != nil || string(r.Body) != "<p>compressed page</p>" {
		t.Errorf("gzip: %v, %v", r, err)
	}
	if _, err := f.Fetch(ctx, Request{URL: s.URL + "/brotli"}); !errors.Is(err, ErrEncoding) {
		t.Errorf("br: %v", err)
	}
}

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "1.1.1.1": true, "2606:4700:4700::1111": true, "93.184.216.34": true,
		"127.0.0.1": false, "127.8.9.10": false, "10.1.2.3": false, "172.20.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "100.100.100.200": false, "192.0.0.192": false, "0.0.0.0": false,
		"::1": false, "::": false, "fe80::1": false, "fd00:ec2::254": false, "::ffff:127.0.0.1": false,
		"::ffff:169.254.169.254": false, "224.0.0.1": false, "255.255.255.255": false,
	} {
		if got := PublicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("PublicAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{"/": ok("secret")})
	cfg := testConfig(&sleeps{})
	cfg.AllowPrivate = false
	f := New(cfg)
	ctx := context.Background()
	port := s.URL[strings.LastIndex(s.URL, ":"):]
	for _, u := range []string{s.URL + "/", "http://localhost" + port + "/"} {
		if _, err := f.Fetch(ctx, Request{URL: u}); !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("%s: err = %v, want ErrBlockedAddress", u, err)
		}
	}
	if n := s.hit("/") + s.hit("/robots.txt"); n != 0 {
		t.Errorf("a blocked server got %d requests", n)
	}
}

// A public-looking site (loopback is let through here to stand for the
// internet) that redirects to the metadata service: the dialer refuses the
// hop before any packet is sent.
func TestRedirectToMetadataRefused(t *testing.T) {
	s := newSite(t, "", map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", 302)
		},
	})
	cfg := testConfig(&sleeps{})
	cfg.AllowPrivate = false
	f := newFetcher(cfg, func(a netip.Addr) bool { return a.IsLoopback() || PublicAddr(a) })
	_, err := f.Fetch(context.Background(), Request{URL: s.URL + "/"})
	if !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("err = %v, want ErrBlockedAddress", err)
	}
	if s.hit("/") != 1 {
		t.Errorf("first hop not fetched")
	}
}

func TestHostConcurrency(t *testing.T) {
	var cur, peak atomic.Int32
	s := newSite(t, "", map[string]http.HandlerFunc{"/": func(w http.ResponseWriter, r *http.Request) {
		n := cur.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
		cur.Add(-1)
		fmt.Fprint(w, "x")
	}})
	cfg := testConfig(&sleeps{})
	cfg.HostConcurrency = 2
	f := New(cfg)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if _, err := f.Fetch(context.Background(), Request{URL: fmt.Sprintf("%s/p%d", s.URL, i)}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if peak.Load() > 2 {
		t.Errorf("peak concurrency per host = %d, want <= 2", peak.Load())
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if d, ok := retryAfter("120", now); !ok || d != 2*time.Minute {
		t.Errorf("seconds: %v %v", d, ok)
	}
	if d, ok := retryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now); !ok || d != 30*time.Second {
		t.Errorf("date: %v %v", d, ok)
	}
	if _, ok := retryAfter("soon", now); ok {
		t.Error("garbage accepted")
	}
}

func TestAddrPolicy(t *testing.T) {
	allow := []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("fe80::/10"), netip.MustParsePrefix("fd00::/8")}
	for _, c := range []struct {
		addr                 string
		none, loopback, list bool
	}{
		{"8.8.8.8", true, true, true},
		{"127.0.0.1", false, true, false},
		{"::1", false, true, false},
		{"::ffff:127.0.0.1", false, true, false},
		{"10.0.0.1", false, false, false},
		{"10.1.2.3", false, false, true},
		{"192.168.1.1", false, false, false},
		{"0.0.0.0", false, false, false},
		// Never, even when listed.
		{"169.254.169.254", false, false, false},
		{"169.254.1.1", false, false, false},
		{"::ffff:169.254.169.254", false, false, false},
		{"64:ff9b::a9fe:a9fe", false, false, false}, // NAT64 of 169.254.169.254
		{"fe80::1", false, false, false},
		{"fd00:ec2::254", false, false, false},
		{"fd00:ec2::253", false, false, true},
		{"100.100.100.200", false, false, false},
		{"192.0.0.192", false, false, false},
	} {
		ip := netip.MustParseAddr(c.addr)
		if got := AddrPolicy(false, nil)(ip); got != c.none {
			t.Errorf("%s with nothing allowed: %v", c.addr, got)
		}
		if got := AddrPolicy(true, nil)(ip); got != c.loopback {
			t.Errorf("%s with loopback allowed: %v", c.addr, got)
		}
		if got := AddrPolicy(false, allow)(ip); got != c.list {
			t.Errorf("%s with %v allowed: %v", c.addr, allow, got)
		}
	}
}

// With loopback allowed (as tests and --allow-private configure it) and
// even with the metadata network listed, a redirect from a loopback site
// to the metadata service is refused at the dialer.
func TestAllowedLoopbackStillRefusesMetadata(t *testing.T) {
	for _, target := range []string{"http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/meta-data/", "http://[fe80::1]/"} {
		s := newSite(t, "", map[string]http.HandlerFunc{
			"/": func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) },
		})
		cfg := testConfig(&sleeps{})
		cfg.AllowPrivate = true
		cfg.AllowAddrs = []netip.Prefix{netip.MustParsePrefix("169.254.0.0/16")}
		cfg.Timeout = 2 * time.Second
		f := New(cfg)
		_, err := f.Fetch(context.Background(), Request{URL: s.URL + "/"})
		if !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("redirect to %s: err = %v, want ErrBlockedAddress", target, err)
		}
		if s.hit("/") != 1 {
			t.Errorf("%s: first hop on loopback not fetched", target)
		}
	}
	// Loopback only: another private network stays refused.
	cfg := testConfig(&sleeps{})
	cfg.AllowPrivate = true
	if _, err := New(cfg).Fetch(context.Background(), Request{URL: "http://10.255.255.1/"}); !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("10.255.255.1 with loopback allowed: err = %v, want ErrBlockedAddress", err)
	}
}
