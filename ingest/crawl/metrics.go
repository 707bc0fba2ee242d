package crawl

import (
	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the crawler's Prometheus series (namespace dealwatch_crawl).
// A nil *Metrics records nothing.
type Metrics struct {
	fetched       *prometheus.CounterVec
	notModified   *prometheus.CounterVec
	robotsBlocked prometheus.Counter
	errors        *prometheus.CounterVec
	published     prometheus.Counter
	skipped       *prometheus.CounterVec
	nearDup       prometheus.Counter
}

// NewMetrics registers the crawler's series with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		fetched: crawlCounterVec("fetched_total", "kind",
			"Documents fetched with a 2xx answer, by kind (source, sitemap, page)."),
		notModified: crawlCounterVec("not_modified_total", "kind",
			"Conditional GETs answered 304 Not Modified, by kind."),
		robotsBlocked: crawlCounter("robots_blocked_total",
			"URLs not fetched because robots.txt disallows them."),
		errors: crawlCounterVec("errors_total", "class",
			"Failures by class (http_4xx, http_5xx, timeout, network, blocked_address, too_large, redirects, unreadable, parse, publish, state, invalid)."),
		published: crawlCounter("published_total",
			"Articles published."),
		skipped: crawlCounterVec("skipped_total", "reason",
			"Candidate articles not published, by reason (seen, excluded, old, irrelevant, duplicate_url)."),
		nearDup: crawlCounter("near_duplicates_total",
			"Published articles marked as near-duplicates (syndicated copies) of an earlier one."),
	}
	reg.MustRegister(m.fetched, m.notModified, m.robotsBlocked, m.errors, m.published, m.skipped, m.nearDup)
	return m
}

func crawlCounterOpts(name, help string) prometheus.CounterOpts {
	return prometheus.CounterOpts{Namespace: "dealwatch", Subsystem: "crawl", Name: name, Help: help}
}

// crawlCounter is a dealwatch_crawl_<name> counter.
func crawlCounter(name, help string) prometheus.Counter {
	return prometheus.NewCounter(crawlCounterOpts(name, help))
}

// crawlCounterVec is a dealwatch_crawl_<name> counter family with one label.
func crawlCounterVec(name, label, help string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(crawlCounterOpts(name, help), []string{label})
}

func (m *Metrics) incFetched(kind string) {
	if m != nil {
		m.fetched.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) incNotModified(kind string) {
	if m != nil {
		m.notModified.WithLabelValues(kind).Inc()
	}
}

func (m *Metrics) incRobots() {
	if m != nil {
		m.robotsBlocked.Inc()
	}
}

func (m *Metrics) incError(class string) {
	if m != nil {
		m.errors.WithLabelValues(class).Inc()
	}
}

func (m *Metrics) incPublished() {
	if m != nil {
		m.published.Inc()
	}
}

func (m *Metrics) incSkipped(reason string) {
	if m != nil {
		m.skipped.WithLabelValues(reason).Inc()
	}
}

func (m *Metrics) incNearDup() {
	if m != nil {
		m.nearDup.Inc()
	}
}
