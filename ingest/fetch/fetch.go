// Package fetch is the crawler's HTTP client: polite (robots.txt with
// per-agent groups and Crawl-delay, per-host rate and concurrency limits, a
// global concurrency bound, a descriptive User-Agent), incremental
// (conditional GET) and defensive (public addresses only, checked in the
// dialer after DNS resolution and on every redirect; http and https only;
// caps on body size, decompressed size and redirects; timeouts; retries with
// backoff on 5xx, 429 and network errors, honouring Retry-After).
package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultUserAgent names the crawler and where to learn about it.
const DefaultUserAgent = "dealwatch-crawler/1.0 (+https://github.com/dealwatch/dealwatch; AI and cloud deal news research)"

// DefaultRobotsAgent is the product token matched against robots.txt groups.
const DefaultRobotsAgent = "dealwatch"

// Errors callers branch on (all wrapped).
var (
	ErrRobots            = errors.New("fetch: disallowed by robots.txt")
	ErrScheme            = errors.New("fetch: only http and https URLs are fetched")
	ErrTooLarge          = errors.New("fetch: body too large")
	ErrTooManyRedirects  = errors.New("fetch: too many redirects")
	ErrRedirectLoop      = errors.New("fetch: redirect loop")
	ErrEncoding          = errors.New("fetch: unsupported content encoding")
	ErrRetryAfterTooLong = errors.New("fetch: server asked to retry later than we wait")
)

// StatusError is an HTTP response status the fetcher does not accept.
type StatusError struct {
	URL  string
	Code int
}

func (e *StatusError) Error() string { return fmt.Sprintf("fetch %s: HTTP %d", e.URL, e.Code) }

// Config tunes the fetcher. Zero values take the defaults in brackets.
type Config struct {
	UserAgent   string // [DefaultUserAgent]
	RobotsAgent string // [DefaultRobotsAgent]
	// Timeout bounds one request attempt, body included [30s].
	Timeout time.Duration
	// MaxBody caps a response body, after decompression [16 MiB].
	MaxBody int64
	// MaxRedirects is the number of redirects followed [5].
	MaxRedirects int
	// AllowPrivate lets the fetcher connect to loopback addresses
	// (127.0.0.0/8, ::1): tests and local development. Nothing else.
	AllowPrivate bool
	// AllowAddrs are further non-public networks the fetcher may connect
	// to (an intranet's 10.1.0.0/16, a test's 127.0.0.1/32). Link-local and
	// cloud-metadata addresses stay refused whatever is listed (AddrPolicy).
	AllowAddrs []netip.Prefix
	// HostRate is the request rate per host, per second [1]; HostBurst its burst [1].
	HostRate  float64
	HostBurst int
	// HostConcurrency bounds requests in flight per host [2];
	// Concurrency bounds them in total [16].
	HostConcurrency int
	Concurrency     int
	// Retries after the first attempt on 5xx, 429 and network errors [3].
	Retries int
	// BackoffBase and BackoffMax shape the exponential backoff [500ms, 30s].
	BackoffBase, BackoffMax time.Duration
	// MaxRetryAfter is the longest Retry-After honoured by waiting; a
	// longer one fails the fetch with ErrRetryAfterTooLong [2m].
	MaxRetryAfter time.Duration
	// MaxCrawlDelay caps the Crawl-delay taken from robots.txt [60s].
	MaxCrawlDelay time.Duration
	// RobotsTTL is how long a robots.txt is cached [12h].
	RobotsTTL time.Duration
	// Log receives retries and robots decisions; nil discards.
	Log *slog.Logger
	// Sleep waits for d or until ctx is done [a timer]. Tests replace it to
	// record backoffs and Retry-After waits without sleeping.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.RobotsAgent == "" {
		c.RobotsAgent = DefaultRobotsAgent
	}
	def(&c.Timeout, 30*time.Second)
	if c.MaxBody <= 0 {
		c.MaxBody = 16 << 20
	}
	if c.MaxRedirects <= 0 {
		c.MaxRedirects = 5
	}
	if c.HostRate <= 0 {
		c.HostRate = 1
	}
	if c.HostBurst <= 0 {
		c.HostBurst = 1
	}
	if c.HostConcurrency <= 0 {
		c.HostConcurrency = 2
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if c.Retries < 0 {
		c.Retries = 0
	} else if c.Retries == 0 {
		c.Retries = 3
	}
	def(&c.BackoffBase, 500*time.Millisecond)
	def(&c.BackoffMax, 30*time.Second)
	def(&c.MaxRetryAfter, 2*time.Minute)
	def(&c.MaxCrawlDelay, time.Minute)
	def(&c.RobotsTTL, 12*time.Hour)
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Sleep == nil {
		c.Sleep = sleep
	}
}

// Request is one fetch. ETag and LastModified, when set, make it conditional.
type Request struct {
	URL          string
	ETag         string
	LastModified string
	Accept       string
}

// Response is a fetched document (or a 304).
type Response struct {
	URL          string // final URL after redirects
	StatusCode   int
	NotModified  bool // 304: Body is empty, keep the previous copy
	ContentType  string
	ETag         string
	LastModified string
	Body         []byte
	Redirects    int
}

// Fetcher is safe for concurrent use.
type Fetcher struct {
	cfg    Config
	client *http.Client
	global chan struct{}

	mu    sync.Mutex
	hosts map[string]*host
}

type host struct {
	limiter *rate.Limiter
	sem     chan struct{}

	robotsMu    sync.Mutex // held while robots.txt is fetched
	robots      *robots
	robotsUntil time.Time

	mu         sync.Mutex
	pauseUntil time.Time // set by 429/503 Retry-After: the whole host waits
}

// New returns a fetcher.
func New(cfg Config) *Fetcher { return newFetcher(cfg, AddrPolicy(cfg.AllowPrivate, cfg.AllowAddrs)) }

func newFetcher(cfg Config, addrOK func(netip.Addr) bool) *Fetcher {
	cfg.defaults()
	// The check runs on every connect, whatever is allowed: each redirect
	// hop and each DNS answer meets it.
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, Control: dialControl(addrOK)}
	tr := &http.Transport{
		Proxy:                  nil, // a proxy would hide the real destination from the dial check
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           64,
		MaxIdleConnsPerHost:    cfg.HostConcurrency,
		IdleConnTimeout:        90 * time.Second,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		DisableCompression:     true, // we ask for gzip ourselves and cap what it inflates to
		MaxResponseHeaderBytes: 64 << 10,
	}
	return &Fetcher{
		cfg: cfg,
		client: &http.Client{
			Transport: tr,
			// Redirects are followed by Fetch itself, hop by hop, so each
			// hop passes the scheme, robots and rate checks.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		global: make(chan struct{}, cfg.Concurrency),
		hosts:  map[string]*host{},
	}
}

// Close releases idle connections.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

func (f *Fetcher) host(key string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &host{
			limiter: rate.NewLimiter(rate.Limit(f.cfg.HostRate), f.cfg.HostBurst),
			sem:     make(chan struct{}, f.cfg.HostConcurrency),
		}
		f.hosts[key] = h
	}
	return h
}

func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("fetch %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q", ErrScheme, raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("fetch %q: no host", raw)
	}
	return u, nil
}

// Fetch gets req.URL politely: robots.txt allows it, the host's rate and
// concurrency limits are respected, redirects are followed (each hop checked
// again), 5xx/429/network errors are retried with backoff. A 304 answer to a
// conditional request gives NotModified. Other non-2xx statuses give a
// *StatusError.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	cur := req.URL
	seen := map[string]bool{}
	for hop := 0; ; hop++ {
		u, err := checkURL(cur)
		if err != nil {
			return nil, err
		}
		if seen[u.String()] {
			return nil, fmt.Errorf("%w: %s", ErrRedirectLoop, u)
		}
		seen[u.String()] = true
		if err := f.allowed(ctx, u); err != nil {
			return nil, err
		}
		resp, err := f.fetchWithRetry(ctx, u, req)
		if err != nil {
			return nil, err
		}
		if loc := resp.location; loc != "" {
			if hop >= f.cfg.MaxRedirects {
				return nil, fmt.Errorf("%w: more than %d from %s", ErrTooManyRedirects, f.cfg.MaxRedirects, req.URL)
			}
			next, err := u.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("fetch %s: bad Location %q: %w", u, loc, err)
			}
			next.Fragment = ""
			cur = next.String()
			continue
		}
		resp.Redirects = hop
		return &resp.Response, nil
	}
}

type hopResponse struct {
	Response
	location string
}

func (f *Fetcher) fetchWithRetry(ctx context.Context, u *url.URL, req Request) (*hopResponse, error) {
	h := f.host(u.Scheme + "://" + u.Host)
	var lastErr error
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		resp, hint, err := f.attempt(ctx, h, u, req)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		if hint == noRetry || attempt == f.cfg.Retries {
			break
		}
		f.cfg.Log.Debug("fetch retry", "url", u.String(), "attempt", attempt+1, "err", err)
		if hint == retryBackoff {
			if err := f.cfg.Sleep(ctx, f.backoff(attempt)); err != nil {
				return nil, err
			}
		}
		// retryPaused: the host is paused until Retry-After; acquire waits.
	}
	return nil, lastErr
}

func (f *Fetcher) backoff(attempt int) time.Duration {
	d := f.cfg.BackoffBase << attempt
	if d > f.cfg.BackoffMax || d <= 0 {
		d = f.cfg.BackoffMax
	}
	// Full jitter in [d/2, d).
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type retryHint int

const (
	noRetry retryHint = iota
	retryBackoff
	retryPaused
)

// acquire waits for a host slot, the host's pause and rate limit, then a
// global slot: a host slowed by Crawl-delay or Retry-After holds only its
// own slot while it waits, never a global one.
func (f *Fetcher) acquire(ctx context.Context, h *host) (release func(), err error) {
	select {
	case h.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	h.mu.Lock()
	pause := time.Until(h.pauseUntil)
	h.mu.Unlock()
	if pause > 0 {
		if err := f.cfg.Sleep(ctx, pause); err != nil {
			<-h.sem
			return nil, err
		}
	}
	if err := h.limiter.Wait(ctx); err != nil {
		<-h.sem
		return nil, err
	}
	select {
	case f.global <- struct{}{}:
	case <-ctx.Done():
		<-h.sem
		return nil, ctx.Err()
	}
	return func() { <-f.global; <-h.sem }, nil
}

// attempt makes one request and says whether a failure is worth retrying.
func (f *Fetcher) attempt(ctx context.Context, h *host, u *url.URL, req Request) (*hopResponse, retryHint, error) {
	release, err := f.acquire(ctx, h)
	if err != nil {
		return nil, noRetry, err
	}
	defer release()
	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, noRetry, fmt.Errorf("fetch %s: %w", u, err)
	}
	hr.Header.Set("User-Agent", f.cfg.UserAgent)
	hr.Header.Set("Accept-Encoding", "gzip")
	if req.Accept != "" {
		hr.Header.Set("Accept", req.Accept)
	} else {
		hr.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,application/atom+xml,*/*;q=0.8")
	}
	if req.ETag != "" {
		hr.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hr.Header.Set("If-Modified-Since", req.LastModified)
	}
	resp, err := f.client.Do(hr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, noRetry, ctx.Err()
		}
		if errors.Is(err, ErrBlockedAddress) {
			return nil, noRetry, fmt.Errorf("fetch %s: %w", u, err)
		}
		return nil, retryBackoff, fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	out := &hopResponse{Response: Response{
		URL:          u.String(),
		StatusCode:   resp.StatusCode,
		ContentType:  resp.Header.Get("Content-Type"),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
	}}
	switch code := resp.StatusCode; {
	case code == http.StatusNotModified:
		out.NotModified = true
		if out.ETag == "" {
			out.ETag = req.ETag
		}
		if out.LastModified == "" {
			out.LastModified = req.LastModified
		}
		return out, noRetry, nil
	case code >= 300 && code < 400 && resp.Header.Get("Location") != "":
		out.location = resp.Header.Get("Location")
		return out, noRetry, nil
	case code == http.StatusTooManyRequests || code >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		serr := &StatusError{URL: u.String(), Code: code}
		ra, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		if !ok {
			return nil, retryBackoff, serr
		}
		if ra > f.cfg.MaxRetryAfter {
			return nil, noRetry, fmt.Errorf("%w: %v (%w)", ErrRetryAfterTooLong, ra, serr)
		}
		h.mu.Lock()
		if until := time.Now().Add(ra); until.After(h.pauseUntil) {
			h.pauseUntil = until
		}
		h.mu.Unlock()
		return nil, retryPaused, serr
	case code < 200 || code >= 300:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, noRetry, &StatusError{URL: u.String(), Code: code}
	}
	body, err := f.readBody(resp)
	if err != nil {
		if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrEncoding) || ctx.Err() != nil {
			return nil, noRetry, fmt.Errorf("fetch %s: %w", u, err)
		}
		return nil, retryBackoff, fmt.Errorf("fetch %s: read body: %w", u, err)
	}
	out.Body = body
	return out, noRetry, nil
}

// readBody reads at most MaxBody bytes off the wire and, for gzip, at most
// MaxBody bytes inflated: a gzip bomb stops at the cap.
func (f *Fetcher) readBody(resp *http.Response) ([]byte, error) {
	max := f.cfg.MaxBody
	if resp.ContentLength > max {
		return nil, fmt.Errorf("%w: Content-Length %d > %d", ErrTooLarge, resp.ContentLength, max)
	}
	raw, err := readCapped(resp.Body, max)
	if err != nil {
		return nil, err
	}
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
		return raw, nil
	case "gzip", "x-gzip":
		return Gunzip(raw, max)
	default:
		return nil, fmt.Errorf("%w: %q", ErrEncoding, enc)
	}
}

func readCapped(r io.Reader, max int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return buf.Bytes(), nil
}

// Gunzip inflates gzip data, failing with ErrTooLarge past max bytes.
func Gunzip(raw []byte, max int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: bad gzip: %v", ErrEncoding, err)
	}
	defer zr.Close()
	out, err := readCapped(zr, max)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, fmt.Errorf("decompressed %w", err)
		}
		return nil, fmt.Errorf("%w: gzip: %v", ErrEncoding, err)
	}
	return out, nil
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
