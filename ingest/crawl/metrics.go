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
		fetched: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "fetched_total",
			Help: "Documents fetched with a 2xx answer, by kind (source, sitemap, page).",
		}, []string{"kind"}),
		notModified: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "not_modified_total",
			Help: "Conditional GETs answered 304 Not Modified, by kind.",
		}, []string{"kind"}),
		robotsBlocked: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "robots_blocked_total",
			Help: "URLs not fetched because robots.txt disallows them.",
		}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "errors_total",
			Help: "Failures by class (http_4xx, http_5xx, timeout, network, blocked_address, too_large, redirects, unreadable, parse, publish, state, invalid).",
		}, []string{"class"}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "published_total",
			Help: "Articles published.",
		}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "skipped_total",
			Help: "Candidate articles not published, by reason (seen, excluded, old, irrelevant, duplicate_url).",
		}, []string{"reason"}),
		nearDup: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "dealwatch", Subsystem: "crawl", Name: "near_duplicates_total",
			Help: "Published articles marked as near-duplicates (syndicated copies) of an earlier one.",
		}),
	}
	reg.MustRegister(m.fetched, m.notModified, m.robotsBlocked, m.errors, m.published, m.skipped, m.nearDup)
	return m
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
