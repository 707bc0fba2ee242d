package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// runOptions are the flags of `dealwatch run`.
type runOptions struct {
	dataDir     string
	ingest      []string
	untilIdle   bool
	metricsAddr string
	kafkaAddr   string
	brokers     string
	clickhouse  string
	database    string // "" = CLICKHOUSE_DATABASE or dealwatch
	workers     int
	concurrency int
	alert       bool
	alertRules  string
	sources     []string // --source URLs
	sourcesFile string   // --sources FILE
	crawlLocal  bool     // --crawl-allow-private
	idlePoll    time.Duration
	sinkTimeout time.Duration
	extractor   extractorConfig // --gazetteer, --disable-stage
}

func dataDirDefault() string {
	if v := os.Getenv("DEALWATCH_DATA_DIR"); v != "" {
		return v
	}
	return "data"
}

func (o *runOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.dataDir, "data", dataDirDefault(), "data directory of the embedded Kafka and chDB (env DEALWATCH_DATA_DIR)")
	fs.Func("ingest", "publish the article files under this file or directory at start (repeatable)", func(s string) error {
		o.ingest = append(o.ingest, s)
		return nil
	})
	fs.BoolVar(&o.untilIdle, "until-idle", false, "exit once every article is extracted and every event is in ClickHouse")
	fs.StringVar(&o.metricsAddr, "metrics-addr", metricsAddrDefault("127.0.0.1:9464"), "address of /metrics and the query endpoint (env DEALWATCH_METRICS_ADDR)")
	fs.StringVar(&o.kafkaAddr, "kafka-addr", "127.0.0.1:9092", "listen address of the embedded Kafka broker (a free port is used if it is taken)")
	fs.StringVar(&o.brokers, "brokers", os.Getenv("KAFKA_BROKERS"), "use these Kafka brokers instead of the embedded one (env KAFKA_BROKERS)")
	fs.StringVar(&o.clickhouse, "clickhouse", os.Getenv("CLICKHOUSE_ADDR"), "use this ClickHouse server (native host:port) instead of chDB (env CLICKHOUSE_ADDR)")
	fs.IntVar(&o.workers, "workers", 1, "extract workers (consumer group members) in this process")
	fs.IntVar(&o.concurrency, "concurrency", worker.DefaultConcurrency(), "articles each extract worker handles at once")
	fs.BoolVar(&o.alert, "alert", false, "run the alerter as `dealwatch alert` does: the log, the webhooks of --alert-rules and ALERT_WEBHOOK_URLS, signed with ALERT_WEBHOOK_SECRET")
	fs.StringVar(&o.alertRules, "alert-rules", "", "alert rules file (YAML/JSON, see alert/README.md)")
	fs.Func("source", "crawl this source (feed, sitemap or listing URL; repeatable)", func(s string) error {
		o.sources = append(o.sources, s)
		return nil
	})
	fs.StringVar(&o.sourcesFile, "sources", "", "crawl the sources listed in this YAML file (see ingest/crawl/sources.yaml)")
	fs.BoolVar(&o.crawlLocal, "crawl-allow-private", false, "let the crawler fetch loopback addresses (testing only; never link-local or metadata addresses)")
	fs.DurationVar(&o.sinkTimeout, "sink-batch-timeout", 0, "longest the sink waits to fill a ClickHouse batch (0: the sink's default); lower means fresher data, more inserts")
	fs.DurationVar(&o.idlePoll, "idle-poll", 200*time.Millisecond, "with --until-idle, how often to check the consumer groups")
	o.extractor.flags(fs)
}

// startRunStages adds the extract workers, the sink and, with --alert, the
// alerter to g.
func startRunStages(g *runGroup, p *pipeline, o runOptions, env *cliEnv) error {
	for i := range o.workers {
		w, err := worker.Open(p.cfg, worker.DefaultGroup, p.extractor, worker.Options{
			Concurrency: o.concurrency, Log: env.log.With("worker", i), Metrics: p.reg.Stage(worker.Stage),
			ExtractorVersion: p.extractor.version,
		})
		if err != nil {
			return err
		}
		g.Go(fmt.Sprintf("extract-%d", i), w.Run)
	}
	if err := p.store.startSink(g, p.cfg, p.reg, env.log, o.sinkTimeout); err != nil {
		return err
	}
	if err := p.store.startExtractionsSink(g, p.cfg, p.reg, env.log, o.sinkTimeout); err != nil {
		return err
	}
	if err := p.store.startArchive(g, p.cfg, p.reg, env.log, o.sinkTimeout); err != nil {
		return err
	}
	if o.alert {
		return startRunAlert(g, p.cfg, p.reg, o, env.log)
	}
	return nil
}

// runInfo is written to <data>/run.json (mode 0600: it holds the query
// token) while `run` is up, so that other subcommands (ingest, sql,
// timeline, graph) on this machine can find it.
type runInfo struct {
	PID         int      `json:"pid"`
	Brokers     []string `json:"brokers"`
	MetricsAddr string   `json:"metrics_addr"`
	QueryURL    string   `json:"query_url,omitempty"`
	QueryToken  string   `json:"query_token,omitempty"` // bearer token of query_url
	ClickHouse  string   `json:"clickhouse"`
	Started     string   `json:"started"`
}

// runInfoFile is where runInfo lives.
func runInfoFile(dataDir string) string { return filepath.Join(dataDir, "run.json") }

// runAll runs every stage in one process.
func runAll(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "run")
	var o runOptions
	o.flags(fs)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v (use --ingest DIR)", errUsage, fs.Args())
	}
	if o.workers < 1 {
		return fmt.Errorf("%w: --workers must be at least 1", errUsage)
	}
	return runPipeline(ctx, env, o)
}

// pipeline holds what runPipeline set up; cmd_bench reuses it.
type pipeline struct {
	cfg       bus.Config
	broker    *embedded.Broker
	store     *runStore
	reg       *metrics.Registry
	log       *slog.Logger
	extractor configuredExtractor
	unlock    func()
}

// openPipeline starts (or connects to) Kafka and ClickHouse, creates the
// topics and applies the migrations.
func openPipeline(ctx context.Context, env *cliEnv, o runOptions) (*pipeline, error) {
	p := &pipeline{reg: metrics.New(), log: env.log}
	// The extractor first: a bad lexicon file or stage name is bad
	// configuration, reported before waiting for any dependency.
	x, err := o.extractor.build(extract.Options{})
	if err != nil {
		return nil, err
	}
	p.extractor = x
	if err := os.MkdirAll(o.dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if o.brokers == "" || o.clickhouse == "" { // something embedded lives in dataDir
		unlock, err := lockDataDir(o.dataDir)
		if err != nil {
			return nil, err
		}
		p.unlock = unlock
	}
	p.cfg = bus.ConfigFromEnv()
	p.cfg.ClientID = "dealwatch-run"
	if b := bus.SplitBrokers(o.brokers); len(b) > 0 {
		p.cfg.Brokers = b
		env.log.Info("kafka", "mode", "server", "brokers", b)
	} else {
		b, err := startEmbeddedKafka(o, env.log)
		if err != nil {
			return nil, err
		}
		p.broker = b
		p.cfg.Brokers = b.Addrs()
		env.log.Info("kafka", "mode", "embedded", "brokers", p.cfg.Brokers, "data", filepath.Join(o.dataDir, "kafka"))
	}
	// However long Kafka takes to come up (--brokers not yet listening, a
	// broker restarting): retry with the shared policy, logging each wait;
	// only bad topic settings or SIGTERM/SIGINT end run here.
	err = bus.EnsureTopicsWith(ctx, p.cfg, bus.Policy{Log: env.log},
		schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions)
	if err != nil {
		p.close()
		return nil, err
	}
	st, err := openRunStore(ctx, o, env.log)
	if err != nil {
		p.close()
		return nil, err
	}
	p.store = st
	return p, nil
}

func startEmbeddedKafka(o runOptions, log *slog.Logger) (*embedded.Broker, error) {
	opts := embedded.Options{Addr: o.kafkaAddr, DataDir: filepath.Join(o.dataDir, "kafka"), Log: log}
	b, err := embedded.Start(opts)
	if err != nil && o.kafkaAddr != "" && isAddrInUse(err) {
		log.Warn("embedded kafka: address in use, using a free port", "addr", o.kafkaAddr)
		opts.Addr = ""
		b, err = embedded.Start(opts)
	}
	return b, err
}

func isAddrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE) || strings.Contains(err.Error(), "address already in use")
}

// errDataDirBusy is returned when another process holds the data directory.
var errDataDirBusy = errors.New("data directory is in use by another dealwatch process")

// lockDataDir takes an exclusive lock on <dir>/run.lock for as long as the
// process runs (the kernel drops it when the process dies): the embedded
// broker and chDB must never share their files with a second process.
func lockDataDir(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, "run.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s (use `dealwatch sql`/`timeline` against the running one, or another --data)", errDataDirBusy, dir)
		}
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	}
	return func() { f.Close() }, nil
}

// close releases the engine and stops the embedded broker (which persists its state).
func (p *pipeline) close() {
	if p.store != nil {
		if err := p.store.Close(); err != nil {
			p.log.Warn("closing the store", "err", err)
		}
	}
	if p.broker != nil {
		p.broker.Close()
	}
	if p.unlock != nil {
		p.unlock()
	}
}

func runPipeline(ctx context.Context, env *cliEnv, o runOptions) error {
	p, err := openPipeline(ctx, env, o)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped (SIGTERM/SIGINT) while waiting for a dependency
		}
		return err
	}
	defer p.close()

	g := newRunGroup(ctx, env.log)
	mux := metricsMux(p.reg)
	queryToken, err := store.NewToken()
	if err != nil {
		return err
	}
	queryPath, err := p.store.mountQuery(mux, queryToken)
	if err != nil {
		return err
	}
	srv, err := listenHTTP(o.metricsAddr, mux)
	if err != nil && isAddrInUse(err) {
		// Another run (on another data directory) has it; run.json names ours.
		host, _, _ := net.SplitHostPort(o.metricsAddr)
		env.log.Warn("metrics address in use, using a free port", "addr", o.metricsAddr)
		srv, err = listenHTTP(net.JoinHostPort(host, "0"), mux)
	}
	if err != nil {
		return err
	}
	g.Go("http", srv.Run)
	info := runInfo{PID: os.Getpid(), Brokers: p.cfg.Brokers, MetricsAddr: srv.Addr(),
		ClickHouse: p.store.engine.Name(), Started: time.Now().UTC().Format(time.RFC3339)}
	if queryPath != "" {
		info.QueryURL, info.QueryToken = "http://"+srv.Addr()+queryPath, queryToken
	}
	if err := writeRunInfo(o.dataDir, info); err != nil {
		env.log.Warn("run.json", "err", err)
	}
	defer os.Remove(runInfoFile(o.dataDir))
	env.log.Info("dealwatch run", "metrics", "http://"+srv.Addr()+"/metrics", "query", info.QueryURL,
		"clickhouse", info.ClickHouse, "brokers", p.cfg.Brokers, "extractor_version", p.extractor.version)

	// Stages. Each commits only after its side effect is durable.
	if err := startRunStages(g, p, o, env); err != nil {
		g.Stop()
		_ = g.Wait()
		return err
	}
	consumers := []stageGroup{{worker.Stage, worker.DefaultGroup, schemas.TopicArticles}, {store.ArchiveStage, store.ArchiveGroup, schemas.TopicArticles},
		{store.SinkStage, p.store.sinkGroup, schemas.TopicEvents}, {extractionsStage, store.ExtractionsGroup, schemas.TopicExtractions}}
	if o.alert {
		consumers = append(consumers, stageGroup{alert.Stage, alert.ConsumerGroup, schemas.TopicEvents},
			stageGroup{alert.Stage + "-backfill", alert.BackfillGroup, schemas.TopicExtractions})
	}
	g.Go("lag", func(ctx context.Context) error {
		return reportLag(ctx, p.cfg, p.reg, 2*time.Second, env.log, consumers...)
	})

	// Producers that --until-idle waits for before checking the groups.
	var producers []<-chan struct{}
	if len(o.sources) > 0 || o.sourcesFile != "" {
		crawled := make(chan struct{})
		if err := startRunCrawl(g, p.cfg, p.reg, o, env, crawled); err != nil {
			g.Stop()
			_ = g.Wait()
			return err
		}
		producers = append(producers, crawled)
	}
	if len(o.ingest) > 0 {
		ingested := make(chan struct{})
		producers = append(producers, ingested)
		g.Go("ingest", func(ctx context.Context) error {
			defer close(ingested)
			w := bus.NewWriter(p.cfg, schemas.TopicArticles)
			defer w.Close()
			st, err := ingestFiles(ctx, w, o.ingest, ingestOptions{
				progress: isTerminal(env.stderr), stdin: env.stdin, stderr: env.stderr, log: env.log,
			})
			p.reg.Stage("ingest").Produced(st.Published)
			fmt.Fprintf(env.stdout, "ingest: published %d articles from %d files; %d failed\n", st.Published, st.Files, st.Failed)
			return err
		})
	}

	if o.untilIdle {
		g.Go("until-idle", func(ctx context.Context) error {
			for _, done := range producers {
				select {
				case <-done:
				case <-ctx.Done():
					return nil
				}
			}
			if err := waitIdle(ctx, p.cfg, consumers, o.idlePoll); err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return err
			}
			env.log.Info("idle: every article extracted, every event in ClickHouse")
			g.Stop()
			return nil
		})
	}

	err = g.Wait()
	if err == nil && o.untilIdle {
		if s, serr := p.store.summary(context.WithoutCancel(ctx)); serr == nil {
			fmt.Fprintln(env.stdout, s)
		}
	}
	return err
}

// waitIdle returns once the extract group has committed every article and
// the sink group every event. The worker publishes an article's events
// before committing it, so once the first lag is zero every event is on the
// events topic; the sink commits after ClickHouse acknowledged the insert,
// so once the second is zero every event is visible.
func waitIdle(ctx context.Context, cfg bus.Config, groups []stageGroup, every time.Duration) error {
	lr, err := bus.NewLagReader(cfg)
	if err != nil {
		return err
	}
	defer lr.Close()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		idle, err := isIdle(ctx, lr, groups)
		if err != nil {
			return err
		}
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// isIdle reports whether every group has committed everything on its topic,
// checked in order (a later stage's topic is only complete once the earlier
// stage is idle).
func isIdle(ctx context.Context, lr *bus.LagReader, groups []stageGroup) (bool, error) {
	for _, gt := range groups {
		lags, err := lr.GroupLag(ctx, gt.group, gt.topic)
		if err != nil {
			return false, err
		}
		if bus.TotalLag(lags) > 0 {
			return false, nil
		}
	}
	return true, nil
}

func writeRunInfo(dir string, info runInfo) error {
	raw, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return err
	}
	return store.WriteSecretFile(runInfoFile(dir), raw)
}
