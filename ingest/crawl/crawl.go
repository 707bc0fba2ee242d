// Package crawl is dealwatch's news crawler: it reads sources (RSS/Atom
// feeds, XML and news sitemaps, HTML listing pages), fetches new article
// pages politely through ingest/fetch, extracts them with ingest/reader,
// filters them by topic, de-duplicates them (seen URLs, canonical URLs,
// content hashes, simhash near-duplicates) and publishes schemas.Article
// values through a Publisher. Its memory (State) survives restarts, so an
// article is published once.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/ingest/reader"
	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// Config wires a crawler. Sources, Fetcher, State and Publisher are
// required; other zero values take the defaults in brackets.
type Config struct {
	Sources   []Source
	Fetcher   *fetch.Fetcher
	State     *State
	Publisher Publisher
	Log       *slog.Logger // [discard]
	Metrics   *Metrics     // [none]
	// Workers is the number of article pages of one source handled at
	// once [4]; SourceConcurrency the number of sources crawled at once [4].
	// Per-host politeness is the fetcher's business either way.
	Workers           int
	SourceConcurrency int
	// NearDupDistance is the largest simhash distance (bits of 64) at which
	// an article is marked a near-duplicate of an earlier one [6]; <0 turns
	// it off.
	NearDupDistance int
	// MaxFailures is how many transient fetch failures a URL gets before it
	// is given up [3].
	MaxFailures int
	// MaxSitemaps bounds the child sitemaps read from an index per crawl [5].
	MaxSitemaps int
	// MinWords is the least article text worth publishing [40].
	MinWords int
	// MaxBody caps an inflated .gz sitemap [16 MiB].
	MaxBody int64
	// Now is the clock [time.Now].
	Now func() time.Time
}

// Crawler crawls its sources; safe for one Run or Once at a time.
type Crawler struct {
	cfg       Config
	validator *schemas.Validator
	pubMu     sync.Mutex // dedup check + publish + record happen one at a time
}

// New checks cfg and returns a crawler.
func New(cfg Config) (*Crawler, error) {
	if len(cfg.Sources) == 0 {
		return nil, errors.New("crawl: no sources")
	}
	if cfg.Fetcher == nil || cfg.State == nil || cfg.Publisher == nil {
		return nil, errors.New("crawl: Fetcher, State and Publisher are required")
	}
	for i := range cfg.Sources {
		if err := cfg.Sources[i].Prepare(); err != nil {
			return nil, fmt.Errorf("crawl: %w", err)
		}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.SourceConcurrency <= 0 {
		cfg.SourceConcurrency = 4
	}
	if cfg.NearDupDistance == 0 {
		cfg.NearDupDistance = 6
	}
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = 3
	}
	if cfg.MaxSitemaps <= 0 {
		cfg.MaxSitemaps = 5
	}
	if cfg.MinWords <= 0 {
		cfg.MinWords = 40
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = 16 << 20
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	return &Crawler{cfg: cfg, validator: v}, nil
}

// Stats counts what one crawl did.
type Stats struct {
	Candidates, Published, NearDuplicates, Skipped, Failed int
	NotModified                                            int // sources answering 304
	// SkippedBy counts the skipped candidates by reason: old (dated before
	// the source's max age), excluded (the source's URL filter), seen
	// (handled by an earlier crawl), and the status an article was given
	// this crawl: irrelevant, duplicate, robots, unreadable, rejected.
	SkippedBy map[string]int
}

func (s *Stats) add(o Stats) {
	s.Candidates += o.Candidates
	s.Published += o.Published
	s.NearDuplicates += o.NearDuplicates
	s.Failed += o.Failed
	s.NotModified += o.NotModified
	for r, n := range o.SkippedBy { // counts Skipped too: every skip has a reason
		s.skipped(r, n)
	}
}

func (s *Stats) skipped(reason string, n int) {
	if s.SkippedBy == nil {
		s.SkippedBy = map[string]int{}
	}
	s.SkippedBy[reason] += n
	s.Skipped += n
}

// SkipReasons renders SkippedBy most frequent first: "old 7, seen 1".
func (s Stats) SkipReasons() string {
	reasons := make([]string, 0, len(s.SkippedBy))
	for r := range s.SkippedBy {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := s.SkippedBy[reasons[i]], s.SkippedBy[reasons[j]]
		return a > b || a == b && reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%s %d", r, s.SkippedBy[r])
	}
	return strings.Join(parts, ", ")
}

// Once crawls every source once. The error joins the sources that failed.
func (c *Crawler) Once(ctx context.Context) (Stats, error) {
	var (
		mu    sync.Mutex
		total Stats
		errs  []error
		wg    sync.WaitGroup
	)
	sem := make(chan struct{}, c.cfg.SourceConcurrency)
	for i := range c.cfg.Sources {
		src := &c.cfg.Sources[i]
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return total, ctx.Err()
		}
		wg.Go(func() {
			defer func() { <-sem }()
			st, err := c.CrawlSource(ctx, src)
			mu.Lock()
			defer mu.Unlock()
			total.add(st)
			if err != nil {
				errs = append(errs, fmt.Errorf("source %s: %w", src.Name, err))
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return total, ctx.Err()
	}
	return total, errors.Join(errs...)
}

// Run crawls each source every Interval until ctx is cancelled; then it
// returns nil. Source failures are logged and retried at the next interval.
func (c *Crawler) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	sem := make(chan struct{}, c.cfg.SourceConcurrency)
	for i := range c.cfg.Sources {
		src := &c.cfg.Sources[i]
		wg.Go(func() {
			for {
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					return
				}
				start := c.cfg.Now()
				_, err := c.CrawlSource(ctx, src)
				<-sem
				if err != nil && ctx.Err() == nil {
					c.cfg.Log.Warn("crawl source failed", "source", src.Name, "err", err)
				}
				wait := src.Interval - c.cfg.Now().Sub(start)
				t := time.NewTimer(max(wait, 0))
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-t.C:
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// doc is a fetched source document whose validators are committed only
// after everything it listed was handled.
type doc struct {
	url string
	v   Validators
}

// CrawlSource crawls one source once.
func (c *Crawler) CrawlSource(ctx context.Context, src *Source) (Stats, error) {
	log := c.cfg.Log.With("source", src.Name)
	var st Stats
	resp, err := c.fetchDoc(ctx, src.URL, "source")
	if err != nil {
		return st, err
	}
	if resp.NotModified {
		st.NotModified = 1
		log.Debug("source not modified", "url", src.URL)
		return st, nil
	}
	docs := []doc{{src.URL, Validators{resp.ETag, resp.LastModified}}}
	body, err := c.maybeGunzip(resp.Body)
	if err != nil {
		c.cfg.Metrics.incError("too_large")
		return st, err
	}
	d, err := Discover(src.Kind, body, resp.ContentType, resp.URL, src.Selector)
	if err != nil {
		c.cfg.Metrics.incError("parse")
		return st, fmt.Errorf("%s: %w", src.URL, err)
	}
	items := d.Items
	if d.Index {
		children := 0
		for _, ch := range d.Children {
			if children >= c.cfg.MaxSitemaps {
				break
			}
			if c.tooOld(src, ch.Published) {
				continue
			}
			children++
			cr, err := c.fetchDoc(ctx, ch.URL, "sitemap")
			if err != nil {
				log.Warn("child sitemap failed", "url", ch.URL, "err", err)
				st.Failed++
				continue
			}
			if cr.NotModified {
				continue
			}
			cb, err := c.maybeGunzip(cr.Body)
			if err != nil {
				c.cfg.Metrics.incError("too_large")
				st.Failed++
				continue
			}
			cd, err := Discover(KindSitemap, cb, cr.ContentType, cr.URL, "")
			if err != nil || cd.Index {
				c.cfg.Metrics.incError("parse")
				log.Warn("child sitemap unusable", "url", ch.URL, "err", err, "nested_index", cd.Index)
				continue
			}
			docs = append(docs, doc{ch.URL, Validators{cr.ETag, cr.LastModified}})
			items = append(items, cd.Items...)
		}
	}

	// Choose the new candidates, up to MaxItems.
	type job struct {
		cand  Candidate
		canon string
	}
	var jobs []job
	queued := map[string]bool{}
	truncated := false
	for _, cand := range items {
		if len(jobs) >= src.MaxItems {
			truncated = true // the rest waits for the next crawl
			break
		}
		st.Candidates++
		canon, err := Canonicalize(cand.URL)
		if err != nil || queued[canon] {
			continue
		}
		queued[canon] = true
		if !src.Wants(canon) {
			c.skip(&st, "excluded")
			continue
		}
		if c.tooOld(src, cand.Published) {
			c.skip(&st, "old")
			continue
		}
		done, _, err := c.cfg.State.URLDone(canon)
		if err != nil {
			c.cfg.Metrics.incError("state")
			return st, err
		}
		if done {
			c.skip(&st, "seen")
			continue
		}
		jobs = append(jobs, job{cand, canon})
	}

	// Handle them with a small worker pool.
	var (
		mu        sync.Mutex
		transient int
		fatal     error
		wg        sync.WaitGroup
	)
	ch := make(chan job)
	for range min(c.cfg.Workers, max(len(jobs), 1)) {
		wg.Go(func() {
			for j := range ch {
				res, err := c.handle(ctx, src, j.cand, j.canon)
				reason := ""
				if res == resSkipped {
					// handle recorded why under the candidate's URL.
					if _, status, serr := c.cfg.State.URLDone(j.canon); serr == nil && status != "" {
						reason = status
					} else {
						reason = "other"
					}
				}
				mu.Lock()
				switch res {
				case resPublished:
					st.Published++
				case resNearDup:
					st.Published++
					st.NearDuplicates++
				case resSkipped:
					st.skipped(reason, 1)
				case resRetry:
					st.Failed++
					transient++
				case resFatal:
					st.Failed++
					transient++
					if fatal == nil {
						fatal = err
					}
				}
				mu.Unlock()
				if err != nil && res != resSkipped {
					log.Warn("article failed", "url", j.cand.URL, "err", err)
				}
			}
		})
	}
send:
	for _, j := range jobs {
		select {
		case ch <- j:
		case <-ctx.Done():
			break send
		}
	}
	close(ch)
	wg.Wait()
	if ctx.Err() != nil {
		return st, ctx.Err()
	}
	if fatal != nil {
		return st, fatal
	}
	// Everything listed was handled: the next crawl may use the validators.
	if transient == 0 && !truncated {
		for _, d := range docs {
			if err := c.cfg.State.SetValidators(d.url, d.v); err != nil {
				c.cfg.Metrics.incError("state")
				return st, err
			}
		}
	}
	log.Info("source crawled", "candidates", st.Candidates, "published", st.Published,
		"near_duplicates", st.NearDuplicates, "skipped", st.Skipped, "skipped_by", st.SkippedBy, "failed", st.Failed)
	return st, nil
}

func (c *Crawler) skip(st *Stats, reason string) {
	st.skipped(reason, 1)
	c.cfg.Metrics.incSkipped(reason)
}

func (c *Crawler) tooOld(src *Source, t *time.Time) bool {
	return t != nil && src.MaxAge > 0 && t.Before(c.cfg.Now().Add(-src.MaxAge))
}

func (c *Crawler) maybeGunzip(b []byte) ([]byte, error) {
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		return fetch.Gunzip(b, c.cfg.MaxBody)
	}
	return b, nil
}

// fetchDoc fetches a source document conditionally.
func (c *Crawler) fetchDoc(ctx context.Context, u, kind string) (*fetch.Response, error) {
	v, err := c.cfg.State.Validators(u)
	if err != nil {
		c.cfg.Metrics.incError("state")
		return nil, err
	}
	resp, err := c.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: u, ETag: v.ETag, LastModified: v.LastModified,
		Accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"})
	if err != nil {
		c.countFetchError(err)
		return nil, err
	}
	if resp.NotModified {
		c.cfg.Metrics.incNotModified(kind)
	} else {
		c.cfg.Metrics.incFetched(kind)
	}
	return resp, nil
}

type result int

const (
	resPublished result = iota
	resNearDup
	resSkipped // done with for good (published elsewhere, off topic, unreadable, refused)
	resRetry   // transient failure: try again next crawl
	resFatal   // the crawl cannot go on (publisher or state broken)
)

// handle fetches, reads, filters, de-duplicates and publishes one article.
func (c *Crawler) handle(ctx context.Context, src *Source, cand Candidate, canon string) (result, error) {
	resp, err := c.cfg.Fetcher.Fetch(ctx, fetch.Request{URL: cand.URL, Accept: "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"})
	if err != nil {
		class := c.countFetchError(err)
		if ctx.Err() != nil {
			return resRetry, err
		}
		if permanent(class) {
			status := StatusRejected
			if class == "robots" {
				status = StatusRobots
			}
			return c.markDone(status, "", canon)
		}
		n, serr := c.cfg.State.Failure(canon, c.cfg.MaxFailures)
		if serr != nil {
			c.cfg.Metrics.incError("state")
			return resFatal, serr
		}
		return resRetry, fmt.Errorf("%w (failure %d of %d)", err, n, c.cfg.MaxFailures)
	}
	c.cfg.Metrics.incFetched("page")
	if ct := strings.ToLower(resp.ContentType); ct != "" && !strings.Contains(ct, "html") && !strings.HasPrefix(ct, "text/plain") {
		c.cfg.Metrics.incError("content_type")
		return c.markDone(StatusRejected, "", canon)
	}
	page, err := reader.ReadHTTP(resp.Body, resp.URL, resp.ContentType)
	if err != nil {
		c.cfg.Metrics.incError("unreadable")
		return c.markDone(StatusUnreadable, "", canon)
	}
	if len(strings.Fields(page.Text)) < c.cfg.MinWords {
		c.cfg.Metrics.incSkipped("too_short")
		return c.markDone(StatusUnreadable, "", canon)
	}
	fetchedCanon, _ := Canonicalize(resp.URL)
	artURL := fetchedCanon
	if page.CanonicalURL != "" {
		if cu, err := Canonicalize(page.CanonicalURL); err == nil {
			artURL = cu
		}
	}
	if artURL == "" {
		artURL = canon
	}
	a := schemas.Article{
		SchemaVersion: schemas.ArticleVersion,
		ID:            schemas.ArticleID(artURL),
		URL:           artURL,
		FetchedURL:    resp.URL,
		Source:        src.Name,
		Title:         first(page.Title, cand.Title),
		Text:          page.Text,
		Author:        first(page.Author, cand.Author),
		Language:      page.Language,
		PublishedAt:   page.PublishedAt,
		FetchedAt:     c.cfg.Now().UTC().Truncate(time.Millisecond),
		ContentHash:   simhash.ContentHash(page.Text),
		Simhash:       simhash.Hex(simhash.Sum64(page.Text)),
	}
	if a.PublishedAt == nil && cand.Published != nil {
		t := cand.Published.UTC()
		a.PublishedAt = &t
	}
	if src.relevance != nil {
		if ok, _ := src.relevance.Match(a.Title, a.Text); !ok {
			c.cfg.Metrics.incSkipped("irrelevant")
			return c.markDone(StatusIrrelevant, "", canon, fetchedCanon, artURL)
		}
	}
	return c.publish(ctx, a, canon, fetchedCanon)
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func (c *Crawler) markDone(status, id string, canons ...string) (result, error) {
	if err := c.cfg.State.MarkURL(status, id, canons...); err != nil {
		c.cfg.Metrics.incError("state")
		return resFatal, err
	}
	return resSkipped, nil
}

// publish de-duplicates and publishes a, then records it.
func (c *Crawler) publish(ctx context.Context, a schemas.Article, canons ...string) (result, error) {
	c.pubMu.Lock()
	defer c.pubMu.Unlock()
	published, err := c.cfg.State.Published(a.ID)
	if err != nil {
		c.cfg.Metrics.incError("state")
		return resFatal, err
	}
	if published {
		// Another link to an article already published (same canonical URL).
		c.cfg.Metrics.incSkipped("duplicate_url")
		return c.markDone(StatusDuplicate, a.ID, canons...)
	}
	if id, err := c.cfg.State.ByContentHash(a.ContentHash); err != nil {
		c.cfg.Metrics.incError("state")
		return resFatal, err
	} else if id != "" {
		a.NearDuplicateOf = id
	} else if c.cfg.NearDupDistance >= 0 {
		if h, err := simhash.Parse(a.Simhash); err == nil {
			if id, d := c.cfg.State.Nearest(h, a.ID); id != "" && d <= c.cfg.NearDupDistance {
				a.NearDuplicateOf = id
			}
		}
	}
	if err := c.validator.CheckArticle(a); err != nil {
		c.cfg.Metrics.incError("invalid")
		c.cfg.Log.Error("article fails the schema", "url", a.URL, "err", err)
		return c.markDone(StatusRejected, "", canons...)
	}
	if err := c.cfg.Publisher.Publish(ctx, a); err != nil {
		if bus.IsTooLarge(err) {
			// Over the topics' message cap: this page can never be
			// published, so it is refused like an invalid article rather
			// than stopping the crawl.
			c.cfg.Metrics.incError("too_large")
			c.cfg.Log.Error("article too large to publish", "url", a.URL, "err", err)
			return c.markDone(StatusRejected, "", canons...)
		}
		c.cfg.Metrics.incError("publish")
		return resFatal, err
	}
	if err := c.cfg.State.RecordPublished(a, canons...); err != nil {
		c.cfg.Metrics.incError("state")
		return resFatal, err
	}
	c.cfg.Metrics.incPublished()
	if a.NearDuplicateOf != "" {
		c.cfg.Metrics.incNearDup()
		return resNearDup, nil
	}
	return resPublished, nil
}

// countFetchError counts a fetch error by class and returns the class.
func (c *Crawler) countFetchError(err error) string {
	class := Classify(err)
	if class == "robots" {
		c.cfg.Metrics.incRobots()
	} else {
		c.cfg.Metrics.incError(class)
	}
	return class
}

// permanent says whether a fetch error class will not change by retrying.
func permanent(class string) bool {
	switch class {
	case "robots", "http_4xx", "blocked_address", "too_large", "redirects", "scheme", "encoding":
		return true
	}
	return false
}

// Classify names the class of a fetch or read error for metrics and logs.
func Classify(err error) string {
	var se *fetch.StatusError
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.Is(err, fetch.ErrRobots):
		return "robots"
	case errors.Is(err, fetch.ErrBlockedAddress):
		return "blocked_address"
	case errors.Is(err, fetch.ErrTooLarge), errors.Is(err, reader.ErrTooLarge):
		return "too_large"
	case errors.Is(err, fetch.ErrTooManyRedirects), errors.Is(err, fetch.ErrRedirectLoop):
		return "redirects"
	case errors.Is(err, fetch.ErrScheme):
		return "scheme"
	case errors.Is(err, fetch.ErrEncoding):
		return "encoding"
	case errors.Is(err, reader.ErrUnreadable):
		return "unreadable"
	case errors.Is(err, fetch.ErrRetryAfterTooLong):
		return "rate_limited"
	case errors.As(err, &se):
		if se.Code == 429 {
			return "rate_limited"
		}
		if se.Code >= 500 {
			return "http_5xx"
		}
		return "http_4xx"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	default:
		return "network"
	}
}
