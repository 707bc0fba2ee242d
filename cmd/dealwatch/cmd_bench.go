package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

type benchOptions struct {
	n           int
	corpus      []string
	workers     int
	concurrency int
	paced       int
	rate        float64
	poll        time.Duration
	brokers     string
	clickhouse  string
	keep        bool
	sinkTimeout time.Duration
	cpuProfile  string
}

// runBench pushes N articles through the full pipeline (Kafka → extract
// workers → Kafka → sink → ClickHouse) on the configured services (embedded
// ones when none are configured) and, in the same run, through extraction
// alone. It uses topics, consumer groups and a ClickHouse database of its
// own and removes them at the end.
func runBench(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "bench")
	var o benchOptions
	fs.IntVar(&o.n, "n", 1000, "articles pushed through the pipeline")
	fs.Func("corpus", "article files or directories the N articles are drawn from (repeatable; default testdata/corpus)", func(s string) error {
		o.corpus = append(o.corpus, s)
		return nil
	})
	fs.IntVar(&o.workers, "workers", 2, "extract workers (consumer group members)")
	fs.IntVar(&o.concurrency, "concurrency", worker.DefaultConcurrency(), "articles each worker handles at once (extraction alone uses GOMAXPROCS goroutines)")
	fs.IntVar(&o.paced, "paced", 100, "after the throughput run, articles published one by one at --rate for the unloaded latency (0: skip)")
	fs.Float64Var(&o.rate, "rate", 20, "articles per second in the paced run")
	fs.DurationVar(&o.poll, "poll", 10*time.Millisecond, "how often ClickHouse is polled for visible events (latency resolution)")
	fs.StringVar(&o.brokers, "brokers", os.Getenv("KAFKA_BROKERS"), "Kafka brokers (env KAFKA_BROKERS; empty: embedded broker)")
	fs.StringVar(&o.clickhouse, "clickhouse", os.Getenv("CLICKHOUSE_ADDR"), "ClickHouse server, native host:port (env CLICKHOUSE_ADDR; empty: chDB)")
	fs.DurationVar(&o.sinkTimeout, "sink-batch-timeout", 0, "sink batch timeout (0: the sink's default, as in run)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the full-pipeline run to this file")
	fs.BoolVar(&o.keep, "keep", false, "keep the benchmark's topics and database")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || o.n < 1 || o.workers < 1 || o.concurrency < 1 {
		return fmt.Errorf("%w: bench takes flags only; -n, -workers and -concurrency must be positive", errUsage)
	}
	if len(o.corpus) == 0 {
		o.corpus = []string{"testdata/corpus"}
	}
	return benchRun(ctx, env, o)
}

// benchArticles loads the corpus and makes n distinct articles from it: the
// texts repeat, but every copy has a URL (hence id, event ids) of its own.
func benchArticles(paths []string, n int, runID string) ([]schemas.Article, int, error) {
	found, err := files.Walk(paths)
	if err != nil {
		return nil, 0, err
	}
	var base []schemas.Article
	for _, p := range found {
		a, err := files.Load(p)
		if err != nil {
			continue // unreadable fixture: not part of the benchmark
		}
		base = append(base, a)
	}
	if len(base) == 0 {
		return nil, 0, fmt.Errorf("no readable articles under %v", paths)
	}
	out := make([]schemas.Article, n)
	for i := range out {
		a := base[i%len(base)]
		a.URL = fmt.Sprintf("%s#bench-%s-%d", a.URL, runID, i)
		a.ID = schemas.ArticleID(a.URL)
		out[i] = a
	}
	return out, len(base), nil
}

type benchResult struct {
	articles int
	events   int
	elapsed  time.Duration
}

func (r benchResult) rate() float64 { return float64(r.articles) / r.elapsed.Seconds() }

// benchExtract extracts every article with conc goroutines and returns the
// number of events per article id.
func benchExtract(ctx context.Context, x *extract.Extractor, arts []schemas.Article, conc int) (benchResult, map[string]int, error) {
	counts := make([]int, len(arts))
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, conc)
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(arts) {
					return
				}
				evs, err := x.Extract(ctx, arts[i])
				if err != nil {
					errs <- err
					return
				}
				counts[i] = len(evs)
			}
		}()
	}
	wg.Wait()
	res := benchResult{articles: len(arts), elapsed: time.Since(start)}
	close(errs)
	if err := <-errs; err != nil {
		return res, nil, err
	}
	byID := make(map[string]int, len(arts))
	for i, a := range arts {
		byID[a.ID] = counts[i]
		res.events += counts[i]
	}
	return res, byID, nil
}

// visibility tracks when each article's events became visible in ClickHouse.
type visibility struct {
	q         store.Querier
	published map[string]time.Time // article id → publish time (articles with events only)
	want      map[string]int       // article id → events expected
	latencies []time.Duration
}

// poll asks ClickHouse once which published articles show all their
// events and records their publish→visible latency.
func (v *visibility) poll(ctx context.Context) error {
	if len(v.published) == 0 {
		return nil
	}
	ids := make([]string, 0, len(v.published))
	for id := range v.published {
		ids = append(ids, id)
	}
	r, err := v.q.Query(ctx, "SELECT article_id, count() FROM events WHERE article_id IN (SELECT arrayJoin(?)) GROUP BY article_id", ids)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		var n int
		fmt.Sscan(fmt.Sprint(row[1]), &n)
		if pub, ok := v.published[id]; ok && n >= v.want[id] {
			v.latencies = append(v.latencies, now.Sub(pub))
			delete(v.published, id)
		}
	}
	return nil
}

// benchBreakdown summarises where the pipeline spent its time, from the
// stage histograms.
func benchBreakdown(reg *metrics.Registry) string {
	mfs, err := reg.Gatherer().Gather()
	if err != nil {
		return "  (no metrics: " + err.Error() + ")"
	}
	var b strings.Builder
	b.WriteString("  stage breakdown  :")
	for _, mf := range mfs {
		name := strings.TrimPrefix(mf.GetName(), "dealwatch_")
		if name != "process_seconds" && name != "insert_latency_seconds" && name != "batch_size" {
			continue
		}
		for _, m := range mf.GetMetric() {
			h := m.GetHistogram()
			if h == nil || h.GetSampleCount() == 0 {
				continue
			}
			stage := ""
			for _, l := range m.GetLabel() {
				if l.GetName() == "stage" {
					stage = l.GetValue()
				}
			}
			mean := h.GetSampleSum() / float64(h.GetSampleCount())
			if name == "batch_size" {
				fmt.Fprintf(&b, " %s batch mean %.1f (n=%d);", stage, mean, h.GetSampleCount())
			} else {
				fmt.Fprintf(&b, " %s %s mean %.1fms (n=%d);", stage, strings.TrimSuffix(name, "_seconds"), mean*1000, h.GetSampleCount())
			}
		}
	}
	return b.String()
}

// wait polls until every published article with events is visible.
func (v *visibility) wait(ctx context.Context, every, deadline time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	stop := time.Now().Add(deadline)
	for {
		if err := v.poll(ctx); err != nil {
			return err
		}
		if len(v.published) == 0 {
			return nil
		}
		if time.Now().After(stop) {
			return fmt.Errorf("%d articles still not visible after %s", len(v.published), deadline)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func benchRun(ctx context.Context, env *cliEnv, o benchOptions) error {
	runID := fmt.Sprintf("%d", time.Now().UnixNano())
	arts, distinct, err := benchArticles(o.corpus, o.n+o.paced, runID)
	if err != nil {
		return err
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	// Warm up (first-use allocations), then extraction alone.
	if _, _, err := benchExtract(ctx, x, arts[:min(len(arts), distinct)], runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	alone, want, err := benchExtract(ctx, x, arts[:o.n], runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}
	_, wantPaced, err := benchExtract(ctx, x, arts[o.n:], o.concurrency)
	if err != nil {
		return err
	}

	tmp, err := os.MkdirTemp("", "dealwatch-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ro := runOptions{dataDir: tmp, kafkaAddr: "127.0.0.1:0", brokers: o.brokers, clickhouse: o.clickhouse}
	if o.clickhouse != "" {
		ro.database = "dealwatch_bench_" + runID
	}
	quiet := env.log
	p, err := openPipeline(ctx, &cliEnv{stdout: env.stdout, stderr: env.stderr, stdin: env.stdin, log: quiet}, ro)
	if err != nil {
		return err
	}
	defer p.close()
	if o.clickhouse != "" && !o.keep {
		defer func() {
			if err := p.store.engine.Exec(context.WithoutCancel(ctx), "DROP DATABASE IF EXISTS "+ro.database); err != nil {
				env.log.Warn("bench: drop database", "err", err)
			}
		}()
	}
	artTopic := "dealwatch.bench-" + runID + ".articles.v1"
	evTopic := "dealwatch.bench-" + runID + ".events.v1"
	cfg := p.cfg
	if err := bus.EnsureTopics(ctx, cfg, artTopic, evTopic); err != nil {
		return err
	}
	if !o.keep {
		defer func() {
			if err := bus.DeleteTopics(context.WithoutCancel(ctx), cfg, artTopic, evTopic); err != nil {
				env.log.Warn("bench: delete topics", "err", err)
			}
		}()
	}

	v, err := schemas.NewValidator()
	if err != nil {
		return err
	}
	g := newRunGroup(ctx, env.log)
	extractGroup, sinkGroup := "dealwatch-bench-extract-"+runID, "dealwatch-bench-sink-"+runID
	for i := range o.workers {
		r := bus.NewReader(cfg, artTopic, extractGroup)
		ew := bus.NewWriter(cfg, evTopic)
		dw := bus.NewWriter(cfg, schemas.TopicDeadLetter)
		w := worker.New(r, ew, dw, x, v, worker.Options{Concurrency: o.concurrency, Log: env.log, Metrics: p.reg.Stage(worker.Stage)})
		g.Go(fmt.Sprintf("extract-%d", i), func(ctx context.Context) error {
			defer dw.Close()
			defer ew.Close()
			defer r.Close()
			return w.Run(ctx)
		})
	}
	if err := p.store.startSinkOn(g, cfg, evTopic, sinkGroup, store.SinkConfig{
		Log: env.log.With("stage", store.SinkStage), Metrics: p.reg.Stage(store.SinkStage), BatchTimeout: o.sinkTimeout}); err != nil {
		g.Stop()
		_ = g.Wait()
		return err
	}
	stopped := false
	stopStages := func() error {
		if stopped {
			return nil
		}
		stopped = true
		g.Stop()
		return g.Wait()
	}
	defer stopStages()

	w := bus.NewWriter(cfg, artTopic)
	defer w.Close()
	msg := func(a schemas.Article) (kafka.Message, error) {
		raw, err := json.Marshal(a)
		if err != nil {
			return kafka.Message{}, err
		}
		return kafka.Message{Key: []byte(a.ID), Value: raw,
			Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Now())}}, nil
	}

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	// Throughput: publish all N at once, wait until every event is visible
	// and both groups have committed everything.
	vis := &visibility{q: p.store.engine, published: map[string]time.Time{}, want: want}
	start := time.Now()
	for i := 0; i < o.n; i += 100 {
		batch := arts[i:min(i+100, o.n)]
		msgs := make([]kafka.Message, len(batch))
		for j, a := range batch {
			if msgs[j], err = msg(a); err != nil {
				return err
			}
		}
		now := time.Now()
		if err := w.WriteMessages(g.Context(), msgs...); err != nil {
			return fmt.Errorf("bench: publish: %w", err)
		}
		for _, a := range batch {
			if want[a.ID] > 0 {
				vis.published[a.ID] = now
			}
		}
	}
	published := time.Since(start)
	// When did the extract stage alone finish (all articles committed)?
	extractDone := make(chan time.Duration, 1)
	go func() {
		err := waitIdle(g.Context(), cfg, []stageGroup{{worker.Stage, extractGroup, artTopic}}, 20*time.Millisecond)
		if err != nil {
			extractDone <- 0
			return
		}
		extractDone <- time.Since(start)
	}()
	// Under full load latencies are seconds: poll less often, so that the
	// polling does not take ClickHouse time from the sink.
	if err := vis.wait(g.Context(), max(o.poll, 50*time.Millisecond), 10*time.Minute); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	groups := []stageGroup{{worker.Stage, extractGroup, artTopic}, {store.SinkStage, sinkGroup, evTopic}}
	if err := waitIdle(g.Context(), cfg, groups, o.poll); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	full := benchResult{articles: o.n, events: alone.events, elapsed: time.Since(start)}
	extracted := <-extractDone
	loaded := vis.latencies

	// Paced: one article at a time, below capacity.
	var paced []time.Duration
	if o.paced > 0 {
		pv := &visibility{q: p.store.engine, published: map[string]time.Time{}, want: wantPaced}
		tick := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
		for _, a := range arts[o.n:] {
			<-tick.C
			m, err := msg(a)
			if err != nil {
				return err
			}
			now := time.Now()
			if err := w.WriteMessages(g.Context(), m); err != nil {
				return fmt.Errorf("bench: publish: %w", err)
			}
			if wantPaced[a.ID] > 0 {
				pv.published[a.ID] = now
			}
			// Poll while publishing so latencies are measured as they happen.
			if err := pv.poll(g.Context()); err != nil {
				return err
			}
		}
		tick.Stop()
		if err := pv.wait(g.Context(), o.poll, 5*time.Minute); err != nil {
			return fmt.Errorf("bench: paced: %w", err)
		}
		paced = pv.latencies
	}
	if err := stopStages(); err != nil {
		return err
	}

	kafkaMode := "embedded kfake"
	if o.brokers != "" {
		kafkaMode = "kafka " + strings.Join(cfg.Brokers, ",")
	}
	chMode := "chDB (embedded)"
	if o.clickhouse != "" {
		chMode = "clickhouse " + o.clickhouse
	}
	fmt.Fprintf(env.stdout, "dealwatch bench: %d articles (%d distinct texts), %d events; %s, %s; %d workers x %d, GOMAXPROCS %d\n",
		o.n, distinct, alone.events, kafkaMode, chMode, o.workers, o.concurrency, runtime.GOMAXPROCS(0))
	fmt.Fprintf(env.stdout, "  extraction alone : %8.1f articles/s  (%d articles in %s, %d goroutines)\n",
		alone.rate(), alone.articles, alone.elapsed.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	fmt.Fprintf(env.stdout, "  full pipeline    : %8.1f articles/s  (%d articles published in %s, all extracted after %s, all events in ClickHouse after %s)\n",
		full.rate(), full.articles, published.Round(time.Millisecond), extracted.Round(time.Millisecond), full.elapsed.Round(time.Millisecond))
	fmt.Fprintf(env.stdout, "  publish→visible, all %d at once : p50 %s  p99 %s  (%d articles with events; poll every %s)\n",
		o.n, percentile(loaded, 0.5).Round(time.Millisecond), percentile(loaded, 0.99).Round(time.Millisecond), len(loaded), max(o.poll, 50*time.Millisecond))
	if o.paced > 0 {
		fmt.Fprintf(env.stdout, "  publish→visible, paced %.0f/s    : p50 %s  p99 %s  (%d articles with events; poll every %s)\n",
			o.rate, percentile(paced, 0.5).Round(time.Millisecond), percentile(paced, 0.99).Round(time.Millisecond), len(paced), o.poll)
	}
	fmt.Fprintln(env.stdout, benchBreakdown(p.reg))
	return nil
}
