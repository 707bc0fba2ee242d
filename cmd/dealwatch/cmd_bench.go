package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/alert"
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
	seed        uint64
	rss         bool
	writeCorpus string
}

// runBench pushes N articles through the full pipeline (Kafka → extract
// workers → Kafka → sink → ClickHouse) on the configured services (embedded
// ones when none are configured) and, in the same run, through extraction
// alone. It uses topics, consumer groups and a ClickHouse database of its
// own and removes them at the end.
func runBench(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "bench")
	var o benchOptions
	fs.IntVar(&o.n, "n", 20000, "articles pushed through the pipeline (enough for a steady state)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the generated articles")
	fs.StringVar(&o.writeCorpus, "write-corpus", "", "only write the N generated articles into this directory (.txt with a .json sidecar each, for `dealwatch ingest`) and exit")
	fs.BoolVar(&o.rss, "rss", true, "then run each stage as its own process on N more articles and report its peak RSS")
	fs.Func("corpus", "article files or directories the N articles are drawn from (repeatable; default: generated 600–900-word news articles)", func(s string) error {
		o.corpus = append(o.corpus, s)
		return nil
	})
	fs.IntVar(&o.workers, "workers", 1, "extract workers (consumer group members)")
	fs.IntVar(&o.concurrency, "concurrency", worker.DefaultConcurrency(), "articles each worker extracts at once (extraction alone uses GOMAXPROCS goroutines)")
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
	if o.writeCorpus != "" {
		return writeBenchCorpus(o.writeCorpus, o.n, o.seed)
	}
	return benchRun(ctx, env, o)
}

// writeBenchCorpus writes n generated articles into dir, 1,000 per
// subdirectory.
func writeBenchCorpus(dir string, n int, seed uint64) error {
	for i := range n {
		a := genArticle(seed, i, "corpus")
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/1000))
		if i%1000 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		name := filepath.Join(sub, fmt.Sprintf("%06d.txt", i))
		if err := os.WriteFile(name, []byte(a.Title+"\n\n"+a.Text+"\n"), 0o644); err != nil {
			return err
		}
		sc, err := json.Marshal(files.Sidecar{URL: a.URL, Source: a.Source, Published: a.PublishedAt.Format(time.RFC3339)})
		if err != nil {
			return err
		}
		if err := os.WriteFile(name+".json", sc, 0o644); err != nil {
			return err
		}
	}
	return nil
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
	mark      string               // in every article URL of the run (its id); "": ask by article id (a few at a time)
	since     time.Time            // the phase's start: rows inserted before are not looked at
	published map[string]time.Time // article id → publish time (articles with events only)
	want      map[string]int       // article id → events expected
	latencies []time.Duration

	// done, when set, names a table where poll records the articles it
	// found complete, so that later polls leave them out. Without it every
	// poll returned every article of the run seen so far: at 20,000
	// articles the bench's polling took as much of the engine as the
	// sink's own queries and inserts, and the bench counts that CPU as the
	// pipeline's. exec runs the statement that records them.
	done string
	exec func(ctx context.Context, query string, args ...any) error
}

// doneBatch is how many article ids one statement records in the done
// table (a query may not be larger than 256 KiB).
const doneBatch = 5000

// createDoneTable creates the table in which visibility records complete
// articles (see visibility.done) and returns its name and how to drop it.
func createDoneTable(ctx context.Context, e store.Engine, runID string) (string, func(), error) {
	name := "bench_visible_" + runID
	if err := e.Exec(ctx, "CREATE TABLE "+name+" (article_id String) ENGINE = Memory"); err != nil {
		return "", nil, fmt.Errorf("bench: %w", err)
	}
	return name, func() { _ = e.Exec(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+name) }, nil
}

// poll asks ClickHouse once which published articles show all their
// events and records their publish→visible latency. It asks for the run's
// rows inserted since the phase began (by URL mark), not for a list of
// ids: at 20,000 articles such a list is larger than a query may be.
func (v *visibility) poll(ctx context.Context) error {
	if len(v.published) == 0 {
		return nil
	}
	var (
		r   *store.Result
		err error
	)
	if v.mark == "" {
		ids := make([]string, 0, len(v.published))
		for id := range v.published {
			ids = append(ids, id)
		}
		r, err = v.q.Query(ctx, "SELECT article_id, count() FROM events WHERE inserted_at >= toDateTime(?) AND article_id IN (SELECT arrayJoin(?)) GROUP BY article_id",
			v.since.Add(-time.Second).Unix(), ids)
	} else {
		notDone := ""
		if v.done != "" {
			notDone = " AND article_id NOT IN (SELECT article_id FROM " + v.done + ")"
		}
		r, err = v.q.Query(ctx, "SELECT article_id, count() FROM events WHERE inserted_at >= toDateTime(?) AND position(article_url, ?) > 0"+notDone+" GROUP BY article_id",
			v.since.Add(-time.Second).Unix(), v.mark)
	}
	if err != nil {
		return err
	}
	now := time.Now()
	var complete []string
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		pub, ok := v.published[id]
		if !ok {
			continue
		}
		var n int
		fmt.Sscan(fmt.Sprint(row[1]), &n)
		if n >= v.want[id] {
			v.latencies = append(v.latencies, now.Sub(pub))
			delete(v.published, id)
			complete = append(complete, id)
		}
	}
	if v.done != "" {
		// Best effort: an article not recorded is returned again and
		// skipped, as it is no longer in published.
		for i := 0; i < len(complete); i += doneBatch {
			if err := v.exec(ctx, "INSERT INTO "+v.done+" SELECT arrayJoin(?)", complete[i:min(i+doneBatch, len(complete))]); err != nil {
				return err
			}
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
//
// Once no more than tailArticles are left it polls at least every
// tailPoll: when the run's last events become visible is the end of the
// throughput figure, and a coarse poll made it up to `every` late.
func (v *visibility) wait(ctx context.Context, every, deadline time.Duration) error {
	t := time.NewTicker(every)
	defer t.Stop()
	tail := false
	stop := time.Now().Add(deadline)
	for {
		if err := v.poll(ctx); err != nil {
			// A failed poll (a busy server) is retried at the next tick,
			// within the deadline.
			if ctx.Err() != nil || time.Now().After(stop) {
				return err
			}
		}
		if len(v.published) == 0 {
			return nil
		}
		if time.Now().After(stop) {
			return fmt.Errorf("%d articles still not visible after %s", len(v.published), deadline)
		}
		if !tail && len(v.published) <= tailArticles && every > tailPoll {
			tail = true
			t.Reset(tailPoll)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Near the end of a run (see visibility.wait).
const (
	tailArticles = 100
	tailPoll     = 25 * time.Millisecond
)

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
	var (
		arts     []schemas.Article
		distinct int
		err      error
	)
	if len(o.corpus) > 0 {
		arts, distinct, err = benchArticles(o.corpus, o.n+o.paced, runID)
		if err != nil {
			return err
		}
	} else {
		arts = make([]schemas.Article, o.n+o.paced)
		for i := range arts {
			arts[i] = genArticle(o.seed, i, runID)
		}
		distinct = len(arts)
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	// Warm up (first-use allocations), then extraction alone.
	if _, _, err := benchExtract(ctx, x, arts[:min(len(arts), distinct, 500)], runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	cpu0 := selfCPU()
	alone, want, err := benchExtract(ctx, x, arts[:o.n], runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}
	aloneCPU := selfCPU() - cpu0
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
	extractGroup, sinkGroup, alertGroup := "dealwatch-bench-extract-"+runID, "dealwatch-bench-sink-"+runID, "dealwatch-bench-alert-"+runID
	for i := range o.workers {
		r := bus.NewReader(cfg, artTopic, extractGroup)
		ew := bus.NewBulkWriter(cfg, evTopic)
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
	// The alerter, with the default rules (every new deal) and a notifier
	// that notes when each article's alert is delivered.
	clock := &alertClock{published: map[string]time.Time{}}
	if err := startBenchAlerter(g, cfg, evTopic, alertGroup, filepath.Join(tmp, "alert.db"), clock); err != nil {
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
	// Every stage in its group with its partitions before the clock starts:
	// the figure is the pipeline's steady state, as extraction alone's is,
	// not the time consumer groups take to form.
	joined := time.Now()
	for _, sg := range []struct {
		group, topic string
		members      int
	}{{extractGroup, artTopic, o.workers}, {sinkGroup, evTopic, 1}, {alertGroup, evTopic, 1}} {
		if _, err := waitAssigned(g.Context(), cfg, sg.group, sg.topic, sg.members, 2*time.Minute); err != nil {
			return fmt.Errorf("bench: %s: %w", sg.group, err)
		}
	}
	env.log.Info("bench: stages joined their groups", "took", time.Since(joined))

	w := bus.NewWriter(cfg, artTopic)
	defer w.Close()

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
	// and every stage has committed everything.
	done, dropDone, err := createDoneTable(ctx, p.store.engine, runID)
	if err != nil {
		return err
	}
	defer dropDone()
	vis := &visibility{q: p.store.engine, mark: runID, since: time.Now(), published: map[string]time.Time{}, want: want,
		done: done, exec: p.store.engine.Exec}
	start, fullCPU0 := time.Now(), selfCPU()
	for i := 0; i < o.n; i += 100 {
		batch := arts[i:min(i+100, o.n)]
		msgs := make([]kafka.Message, len(batch))
		now := time.Now()
		for j, a := range batch {
			if msgs[j], err = benchMessage(a, now); err != nil {
				return err
			}
			if want[a.ID] > 0 {
				vis.published[a.ID] = now
			}
		}
		clock.publish(batch, now)
		if err := w.WriteMessages(g.Context(), msgs...); err != nil {
			return fmt.Errorf("bench: publish: %w", err)
		}
	}
	published := time.Since(start)
	// When did the extract stage alone finish (all articles committed)?
	extractDone := make(chan time.Duration, 1)
	go func() {
		err := benchWaitIdle(g.Context(), cfg, []stageGroup{{worker.Stage, extractGroup, artTopic}}, 20*time.Millisecond)
		if err != nil {
			extractDone <- 0
			return
		}
		extractDone <- time.Since(start)
	}()
	// Under full load latencies are seconds: poll less often, so that the
	// polling does not take ClickHouse time from the sink.
	if err := vis.wait(g.Context(), max(o.poll, loadedPoll), 10*time.Minute); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	groups := []stageGroup{{worker.Stage, extractGroup, artTopic}, {store.SinkStage, sinkGroup, evTopic}}
	if err := benchWaitIdle(g.Context(), cfg, groups, o.poll); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	full := benchResult{articles: o.n, events: alone.events, elapsed: time.Since(start)}
	fullCPU := selfCPU() - fullCPU0
	extracted := <-extractDone
	alertGroups := []stageGroup{{alert.Stage, alertGroup, evTopic}}
	if err := benchWaitIdle(g.Context(), cfg, alertGroups, o.poll); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	alerted := time.Since(start)
	loaded, loadedAlerts := vis.latencies, clock.take()

	// Paced: one article at a time, below capacity. A second alerter, with
	// a state of its own, starts at the end of the events topic: to it
	// every paced deal is new, so every paced article with a deal gives an
	// alert latency (to the first alerter most were announced already).
	var paced, pacedAlerts []time.Duration
	if o.paced > 0 {
		pacedGroup := alertGroup + "-paced"
		if err := startGroupAtEnd(g.Context(), cfg, pacedGroup, evTopic); err != nil {
			return err
		}
		if err := startBenchAlerter(g, cfg, evTopic, pacedGroup, filepath.Join(tmp, "alert-paced.db"), clock); err != nil {
			return err
		}
		if _, err := waitAssigned(g.Context(), cfg, pacedGroup, evTopic, 1, 2*time.Minute); err != nil {
			return fmt.Errorf("bench: paced alerter: %w", err)
		}
		alertGroups = append(alertGroups, stageGroup{alert.Stage, pacedGroup, evTopic})
		// Asked by id: a paced article is pending for a tenth of a second,
		// so each poll names one or two, and it leaves out the rows of the
		// throughput run by insert time. Asked by URL mark, each poll read
		// every row of the run and the done table, about 19 ms of the
		// engine, held while the sink's statements waited, at every 10 ms
		// tick: the measurement slowed down what it measured.
		pv := &visibility{q: p.store.engine, since: time.Now(), published: map[string]time.Time{}, want: wantPaced}
		tick := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
		for _, a := range arts[o.n:] {
			<-tick.C
			now := time.Now()
			m, err := benchMessage(a, now)
			if err != nil {
				return err
			}
			if wantPaced[a.ID] > 0 {
				pv.published[a.ID] = now
			}
			clock.publish([]schemas.Article{a}, now)
			if err := w.WriteMessages(g.Context(), m); err != nil {
				return fmt.Errorf("bench: publish: %w", err)
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
		if err := benchWaitIdle(g.Context(), cfg, alertGroups, o.poll); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		paced, pacedAlerts = pv.latencies, clock.take()
	}
	if err := stopStages(); err != nil {
		return err
	}
	if o.cpuProfile != "" {
		pprof.StopCPUProfile()
	}

	var rss []stageRSS
	if o.rss {
		if rss, err = benchStageRSS(ctx, env, o, cfg, tmp, runID, ro.database); err != nil {
			return fmt.Errorf("bench: per-stage RSS: %w", err)
		}
	}

	kafkaMode := "embedded kfake"
	if o.brokers != "" {
		kafkaMode = "kafka " + strings.Join(cfg.Brokers, ",")
	}
	chMode := "chDB (embedded)"
	if o.clickhouse != "" {
		chMode = "clickhouse " + o.clickhouse
	}
	out := env.stdout
	fmt.Fprintf(out, "dealwatch bench: %d articles (%d distinct texts), %d events; %s, %s; %d workers x %d, GOMAXPROCS %d\n",
		o.n, distinct, alone.events, kafkaMode, chMode, o.workers, o.concurrency, runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "  extraction alone : %8.1f articles/s  (%d articles in %s, %d goroutines)\n",
		alone.rate(), alone.articles, alone.elapsed.Round(time.Millisecond), runtime.GOMAXPROCS(0))
	fmt.Fprintf(out, "  full pipeline    : %8.1f articles/s  (%d articles published in %s, all extracted after %s, all events in ClickHouse after %s, all alerts after %s)\n",
		full.rate(), full.articles, published.Round(time.Millisecond), extracted.Round(time.Millisecond), full.elapsed.Round(time.Millisecond), alerted.Round(time.Millisecond))
	fmt.Fprintf(out, "  full / extraction: %8.1f %%\n", 100*full.rate()/alone.rate())
	// CPU time is what other work on a shared machine does not change:
	// the ratio of the two is the most the pipeline could reach with every
	// core its own (the broker and engine count here only when embedded).
	fmt.Fprintf(out, "  CPU per article  : extraction alone %.2f ms, full pipeline %.2f ms in this process (%s): at most %.0f %% of extraction alone on a machine of its own\n",
		perArticleMS(aloneCPU, o.n), perArticleMS(fullCPU, o.n), cpuScope(o), 100*aloneCPU/fullCPU)
	fmt.Fprintf(out, "  publish→visible, all %d at once : p50 %s  p99 %s  (%d articles with events; poll every %s)\n",
		o.n, percentile(loaded, 0.5).Round(time.Millisecond), percentile(loaded, 0.99).Round(time.Millisecond), len(loaded), max(o.poll, loadedPoll))
	fmt.Fprintf(out, "  publish→alert,   all %d at once : p50 %s  p99 %s  (%d alerts)\n",
		o.n, percentile(loadedAlerts, 0.5).Round(time.Millisecond), percentile(loadedAlerts, 0.99).Round(time.Millisecond), len(loadedAlerts))
	if o.paced > 0 {
		fmt.Fprintf(out, "  publish→visible, paced %.0f/s    : p50 %s  p99 %s  (%d articles with events; poll every %s)\n",
			o.rate, percentile(paced, 0.5).Round(time.Millisecond), percentile(paced, 0.99).Round(time.Millisecond), len(paced), o.poll)
		fmt.Fprintf(out, "  publish→alert,   paced %.0f/s    : p50 %s  p99 %s  (%d alerts)\n",
			o.rate, percentile(pacedAlerts, 0.5).Round(time.Millisecond), percentile(pacedAlerts, 0.99).Round(time.Millisecond), len(pacedAlerts))
	}
	if len(rss) > 0 {
		fmt.Fprintf(out, "  peak RSS per stage process (%d more articles):", o.n)
		for _, r := range rss {
			fmt.Fprintf(out, " %s %.0f MB;", r.stage, float64(r.kb)/1024)
		}
		fmt.Fprintln(out)
	}
	fmt.Fprintf(out, "  bench process peak RSS (stages in-process, broker, engine, articles): %.0f MB\n", float64(selfMaxRSS())/1024)
	fmt.Fprintln(out, benchBreakdown(p.reg))
	return nil
}

// perArticleMS is sec seconds of CPU per article, in milliseconds.
func perArticleMS(sec float64, n int) float64 { return 1000 * sec / float64(max(n, 1)) }

// cpuScope says what the full pipeline's CPU time covers.
func cpuScope(o benchOptions) string {
	switch {
	case o.brokers == "" && o.clickhouse == "":
		return "stages, broker, engine, publisher and poller"
	case o.brokers == "":
		return "stages, broker, publisher and poller; not the ClickHouse server"
	case o.clickhouse == "":
		return "stages, engine, publisher and poller; not the Kafka brokers"
	default:
		return "stages, publisher and poller; not the Kafka brokers or the ClickHouse server"
	}
}

// benchWaitIdle is waitIdle riding out transient errors of the broker
// (a loaded Kafka answers an offset fetch with an unknown server error now
// and then) until ctx ends.
func benchWaitIdle(ctx context.Context, cfg bus.Config, groups []stageGroup, every time.Duration) error {
	return bus.Policy{Backoff: bus.Backoff{Initial: 100 * time.Millisecond, Max: 2 * time.Second}}.Do(ctx, bus.DepKafka, "wait idle",
		func(c context.Context) error { return waitIdle(c, cfg, groups, every) })
}

// loadedPoll is how often ClickHouse is polled while everything is
// published at once: each poll asks about every article not yet visible,
// and at 20,000 articles a tighter poll takes a noticeable share of the
// CPU the pipeline is measured on.
const loadedPoll = 250 * time.Millisecond

// startBenchAlerter adds an alerter on topic in group, with the default
// rules, its state at statePath and clock as its only notifier.
func startBenchAlerter(g *runGroup, cfg bus.Config, topic, group, statePath string, clock *alertClock) error {
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	al, err := alert.Open(alert.Options{StatePath: statePath, DeadLetter: dlq})
	if err != nil {
		dlq.Close()
		return err
	}
	al.Sinks = []alert.Sink{clock}
	r := bus.NewReader(cfg, topic, group)
	g.Go("alert "+group, func(ctx context.Context) error {
		defer dlq.Close()
		defer al.Store.Close()
		defer r.Close()
		return al.Run(ctx, r)
	})
	return nil
}

// benchMessage is a's message on the articles topic, published at now.
func benchMessage(a schemas.Article, now time.Time) (kafka.Message, error) {
	raw, err := json.Marshal(a)
	if err != nil {
		return kafka.Message{}, err
	}
	return kafka.Message{Key: []byte(a.ID), Value: raw,
		Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(now)}}, nil
}

// alertClock is the bench's alert notifier: it notes, for every article
// that raised an alert, the time from its publication to the delivery.
type alertClock struct {
	mu        sync.Mutex
	published map[string]time.Time
	latencies []time.Duration
}

func (c *alertClock) Name() string { return "bench" }

func (c *alertClock) Deliver(_ context.Context, a alert.Alert, _ []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if pub, ok := c.published[a.Event.Article.ID]; ok {
		c.latencies = append(c.latencies, time.Since(pub))
		delete(c.published, a.Event.Article.ID) // one sample per article
	}
	return nil
}

func (c *alertClock) publish(arts []schemas.Article, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, a := range arts {
		c.published[a.ID] = now
	}
}

// take returns the latencies so far and starts a new series.
func (c *alertClock) take() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.latencies
	c.latencies = nil
	clear(c.published)
	return out
}
