// Package metrics holds dealwatch's Prometheus metrics: one set of series
// per pipeline stage (label stage="extract", "sink", "alert", "ingest", ...),
// exposed by Handler on /metrics.
package metrics

import (
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Registry owns the metric families. Create one per process (or per test).
type Registry struct {
	reg           *prometheus.Registry
	consumed      *prometheus.CounterVec
	produced      *prometheus.CounterVec
	deadLettered  *prometheus.CounterVec
	errors        *prometheus.CounterVec
	lag           *prometheus.GaugeVec
	batchSize     *prometheus.HistogramVec
	insertLatency *prometheus.HistogramVec
	process       *prometheus.HistogramVec
	e2eLatency    *prometheus.HistogramVec
	depUp         *prometheus.GaugeVec

	healthMu sync.Mutex
	down     map[string]string // "stage/dependency" → last error, while down
}

// New returns a registry with the stage metric families and the Go runtime
// and process collectors.
func New() *Registry {
	r := &Registry{
		reg: prometheus.NewRegistry(),
		consumed: stageCounter("consumed_total",
			"Messages a stage consumed (fetched) from Kafka or read from its input."),
		produced: stageCounter("produced_total",
			"Messages or rows a stage produced (Kafka messages acknowledged, rows inserted, alerts delivered)."),
		deadLettered: stageCounter("dead_lettered_total",
			"Messages a stage sent to the dead-letter topic."),
		errors: stageCounter("errors_total",
			"Errors a stage recovered from (retried or skipped commits), by kind.", "kind"),
		lag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "dealwatch", Name: "consumer_lag",
			Help: "Messages behind the high watermark, summed over the partitions a stage consumes.",
		}, []string{"stage"}),
		batchSize: stageHistogram("batch_size",
			"Messages or rows per batch a stage writes.",
			prometheus.ExponentialBuckets(1, 2, 14)),
		insertLatency: stageHistogram("insert_latency_seconds",
			"Time a stage's side effect took (ClickHouse insert, Kafka publish, alert delivery).",
			prometheus.ExponentialBuckets(0.0005, 2, 16)),
		process: stageHistogram("process_seconds",
			"Time a stage spent on one message (e.g. extraction of one article).",
			prometheus.ExponentialBuckets(0.0005, 2, 16)),
		e2eLatency: stageHistogram("end_to_end_latency_seconds",
			"Time from an article's publication to Kafka until the stage handled what came of it.",
			prometheus.ExponentialBuckets(0.001, 2, 16)),
		depUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "dealwatch", Name: "dependency_up",
			Help: "1 while the last operation of a stage on a dependency (kafka, clickhouse, webhook, state) succeeded, 0 while it keeps failing and is retried.",
		}, []string{"stage", "dependency"}),
		down: map[string]string{},
	}
	r.reg.MustRegister(r.consumed, r.produced, r.deadLettered, r.errors, r.lag,
		r.batchSize, r.insertLatency, r.process, r.e2eLatency, r.depUp,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// stageCounter is a dealwatch_<name> counter family labelled by stage,
// then by the extra labels.
func stageCounter(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "dealwatch", Name: name, Help: help},
		append([]string{"stage"}, labels...))
}

// stageHistogram is a dealwatch_<name> histogram family labelled by stage.
func stageHistogram(name, help string, buckets []float64) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "dealwatch", Name: name, Help: help, Buckets: buckets},
		[]string{"stage"})
}

// Handler serves the registry in the Prometheus text format.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{Registry: r.reg})
}

// Registerer lets other packages (the crawler) add their own collectors to
// the same /metrics.
func (r *Registry) Registerer() prometheus.Registerer { return r.reg }

// Gatherer exposes the registry for tests and custom exporters.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// Stage returns the series of one stage. A nil *Registry gives a Stage whose
// methods do nothing, so stages can take an optional registry.
func (r *Registry) Stage(name string) *Stage {
	if r == nil {
		return nil
	}
	return &Stage{
		name:          name,
		reg:           r,
		consumed:      r.consumed.WithLabelValues(name),
		produced:      r.produced.WithLabelValues(name),
		deadLettered:  r.deadLettered.WithLabelValues(name),
		errors:        r.errors.MustCurryWith(prometheus.Labels{"stage": name}),
		lag:           r.lag.WithLabelValues(name),
		batchSize:     r.batchSize.WithLabelValues(name),
		insertLatency: r.insertLatency.WithLabelValues(name),
		process:       r.process.WithLabelValues(name),
		e2e:           r.e2eLatency.WithLabelValues(name),
	}
}

// Stage records one stage's activity. All methods are safe on a nil *Stage.
type Stage struct {
	name                             string
	reg                              *Registry
	consumed, produced, deadLettered prometheus.Counter
	errors                           *prometheus.CounterVec
	lag                              prometheus.Gauge
	batchSize, insertLatency         prometheus.Observer
	process, e2e                     prometheus.Observer
}

// Consumed adds n consumed messages.
func (s *Stage) Consumed(n int) {
	if s != nil {
		s.consumed.Add(float64(n))
	}
}

// Produced adds n produced messages (or rows, or alerts).
func (s *Stage) Produced(n int) {
	if s != nil {
		s.produced.Add(float64(n))
	}
}

// DeadLettered adds n dead-lettered messages.
func (s *Stage) DeadLettered(n int) {
	if s != nil {
		s.deadLettered.Add(float64(n))
	}
}

// Error counts one recovered error of the given kind ("commit", "publish", ...).
func (s *Stage) Error(kind string) {
	if s != nil {
		s.errors.WithLabelValues(kind).Inc()
	}
}

// Lag sets the consumer lag.
func (s *Stage) Lag(n int64) {
	if s != nil {
		s.lag.Set(float64(n))
	}
}

// Batch records the size of one written batch.
func (s *Stage) Batch(n int) {
	if s != nil {
		s.batchSize.Observe(float64(n))
	}
}

// Insert records how long one side effect (insert, publish, delivery) took.
func (s *Stage) Insert(d time.Duration) {
	if s != nil {
		s.insertLatency.Observe(d.Seconds())
	}
}

// Process records how long handling one message took.
func (s *Stage) Process(d time.Duration) {
	if s != nil {
		s.process.Observe(d.Seconds())
	}
}

// EndToEnd records the time from publication of the source article.
func (s *Stage) EndToEnd(d time.Duration) {
	if s != nil {
		s.e2e.Observe(d.Seconds())
	}
}

// Up records that the stage's last operation on dependency dep succeeded.
func (s *Stage) Up(dep string) {
	if s == nil {
		return
	}
	s.reg.depUp.WithLabelValues(s.name, dep).Set(1)
	s.reg.healthMu.Lock()
	delete(s.reg.down, s.name+"/"+dep)
	s.reg.healthMu.Unlock()
}

// Down records that the stage's operations on dependency dep fail (and are
// being retried); err is the latest failure.
func (s *Stage) Down(dep string, err error) {
	if s == nil {
		return
	}
	s.reg.depUp.WithLabelValues(s.name, dep).Set(0)
	why := "failing"
	if err != nil {
		why = err.Error()
	}
	s.reg.healthMu.Lock()
	s.reg.down[s.name+"/"+dep] = why
	s.reg.healthMu.Unlock()
}

// Unhealthy lists the "stage/dependency: last error" pairs that are down,
// sorted; empty when every dependency a stage used last worked.
func (r *Registry) Unhealthy() []string {
	if r == nil {
		return nil
	}
	r.healthMu.Lock()
	defer r.healthMu.Unlock()
	out := make([]string, 0, len(r.down))
	for k, why := range r.down {
		out = append(out, k+": "+why)
	}
	slices.Sort(out)
	return out
}
