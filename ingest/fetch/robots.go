package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// maxRobots is how much of a robots.txt is read (Google reads 500 KiB).
const maxRobots = 512 << 10

// robotsErrorTTL is how long a robots.txt that could not be fetched (network
// error) keeps its host fully disallowed before we try again.
const robotsErrorTTL = 5 * time.Minute

type robots struct {
	group *robotstxt.Group // nil: everything allowed
	deny  bool             // everything disallowed
}

func (r *robots) test(path string) bool {
	if r.deny {
		return false
	}
	return r.group == nil || r.group.Test(path)
}

// allowed checks u against its host's robots.txt (fetched and cached on
// first use) and applies the Crawl-delay to the host's rate limit.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) error {
	if u.Path == "/robots.txt" {
		return nil
	}
	h := f.host(u.Scheme + "://" + u.Host)
	r, err := f.robotsFor(ctx, h, u)
	if err != nil {
		return err
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !r.test(path) {
		return fmt.Errorf("%w: %s", ErrRobots, u)
	}
	return nil
}

// Allowed reports whether robots.txt lets the crawler fetch rawURL (nil) or
// not (an error wrapping ErrRobots), fetching robots.txt if needed.
func (f *Fetcher) Allowed(ctx context.Context, rawURL string) error {
	u, err := checkURL(rawURL)
	if err != nil {
		return err
	}
	return f.allowed(ctx, u)
}

func (f *Fetcher) robotsFor(ctx context.Context, h *host, u *url.URL) (*robots, error) {
	h.robotsMu.Lock()
	defer h.robotsMu.Unlock()
	if h.robots != nil && time.Now().Before(h.robotsUntil) {
		return h.robots, nil
	}
	r, ttl, err := f.loadRobots(ctx, h, u)
	if err != nil {
		return nil, err
	}
	h.robots, h.robotsUntil = r, time.Now().Add(ttl)
	return r, nil
}

func (f *Fetcher) loadRobots(ctx context.Context, h *host, u *url.URL) (*robots, time.Duration, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	code, body, err := f.getRobots(ctx, h, ru)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		if errors.Is(err, ErrBlockedAddress) {
			return nil, 0, err
		}
		// Unreachable robots.txt: assume full disallow for a while.
		f.cfg.Log.Warn("robots.txt unreachable, host disallowed for now", "url", ru.String(), "err", err)
		return &robots{deny: true}, robotsErrorTTL, nil
	}
	if code == http.StatusTooManyRequests {
		code = http.StatusServiceUnavailable
	}
	data, err := robotstxt.FromStatusAndBytes(code, body)
	if err != nil {
		// Unexpected status or unparsable file: no usable rules.
		f.cfg.Log.Debug("robots.txt unusable, allowing", "url", ru.String(), "status", code, "err", err)
		return &robots{}, f.cfg.RobotsTTL, nil
	}
	if code >= 500 {
		return &robots{deny: true}, robotsErrorTTL, nil
	}
	g := data.FindGroup(f.cfg.RobotsAgent)
	r := &robots{group: g}
	limit := rate.Limit(f.cfg.HostRate)
	if g != nil && g.CrawlDelay > 0 {
		d := min(g.CrawlDelay, f.cfg.MaxCrawlDelay)
		if l := rate.Every(d); l < limit {
			limit = l
		}
	}
	h.limiter.SetLimit(limit)
	return r, f.cfg.RobotsTTL, nil
}

// getRobots fetches robots.txt following up to 5 redirects, each hop
// through the same guarded transport and host limits.
func (f *Fetcher) getRobots(ctx context.Context, h *host, ru *url.URL) (int, []byte, error) {
	cur := ru
	for hop := 0; hop <= 5; hop++ {
		if cur.Scheme != "http" && cur.Scheme != "https" {
			return 0, nil, fmt.Errorf("%w: robots redirect to %s", ErrScheme, cur)
		}
		hh := h
		if cur.Host != ru.Host || cur.Scheme != ru.Scheme {
			hh = f.host(cur.Scheme + "://" + cur.Host)
		}
		code, loc, body, err := f.getOnce(ctx, hh, cur)
		if err != nil {
			return 0, nil, err
		}
		if loc == "" {
			return code, body, nil
		}
		next, err := cur.Parse(loc)
		if err != nil {
			return 0, nil, err
		}
		cur = next
	}
	// Too many redirects: treat as no robots.txt (allow), as Google does.
	return http.StatusNotFound, nil, nil
}

func (f *Fetcher) getOnce(ctx context.Context, h *host, u *url.URL) (int, string, []byte, error) {
	release, err := f.acquire(ctx, h)
	if err != nil {
		return 0, "", nil, err
	}
	defer release()
	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, "", nil, err
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		if loc := resp.Header.Get("Location"); loc != "" {
			return resp.StatusCode, loc, nil, nil
		}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobots))
	if err != nil {
		return 0, "", nil, err
	}
	return resp.StatusCode, "", body, nil
}
