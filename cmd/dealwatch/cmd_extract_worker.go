package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
)

// defaultWorkerMemoryLimit keeps an extract worker's (and an ingest's)
// heap near what it needs: about 30 MB of libraries' tables, a few MB per
// article in flight. Without it the collector lets the heap grow to twice
// the live set: a worker's RSS reached 183 MB on 20,000 articles and an
// ingest's 214 MB on 100,000 files (dealwatch bench, dealwatch ingest).
const defaultWorkerMemoryLimit = 96 << 20

// setMemoryLimit sets the Go runtime's soft memory limit to mib MiB unless
// GOMEMLIMIT is set (0: no limit).
func setMemoryLimit(mib int64) {
	if os.Getenv("GOMEMLIMIT") == "" && mib > 0 {
		debug.SetMemoryLimit(mib << 20)
	}
}

// runExtractWorker is one member of the extraction consumer group.
func runExtractWorker(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "extract-worker")
	brokers := fs.String("brokers", os.Getenv("KAFKA_BROKERS"), "Kafka brokers, comma-separated (env KAFKA_BROKERS)")
	group := fs.String("group", worker.DefaultGroup, "consumer group")
	conc := fs.Int("concurrency", worker.DefaultConcurrency(), "articles extracted at once (publishing is asynchronous)")
	inFlight := fs.Int("in-flight", worker.DefaultMaxInFlight, "most articles between fetch and Kafka's acknowledgement of their events")
	drain := fs.Duration("drain-timeout", 15*time.Second, "on shutdown, how long articles in flight may take to finish")
	memLimit := fs.Int64("memory-limit", defaultWorkerMemoryLimit>>20, "soft limit of the Go heap in MiB (the garbage collector works harder near it; 0: none; env GOMEMLIMIT wins)")
	maddr := fs.String("metrics-addr", metricsAddrDefault(""), "serve Prometheus /metrics on this address (env DEALWATCH_METRICS_ADDR; empty: off)")
	var xc extractorConfig
	xc.flags(fs)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	setMemoryLimit(*memLimit)
	// A bad lexicon or stage name is bad configuration: say so before
	// waiting for Kafka.
	x, err := xc.build(extract.Options{})
	if err != nil {
		return err
	}
	cfg := bus.ConfigFromEnv()
	if b := bus.SplitBrokers(*brokers); len(b) > 0 {
		cfg.Brokers = b
	} else if b := runningBrokers(dataDirDefault()); len(b) > 0 {
		cfg.Brokers = b
	}
	cfg.ClientID = "dealwatch-extract-worker"
	// Kafka not being up yet is no configuration error: wait for it as long
	// as it takes (EnsureTopics retries until ctx ends).
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions); err != nil {
		return err
	}
	reg := metrics.New()
	g := newRunGroup(ctx, env.log)
	if *maddr != "" {
		srv, err := listenHTTP(*maddr, metricsMux(reg))
		if err != nil {
			return err
		}
		env.log.Info("metrics", "addr", "http://"+srv.Addr()+"/metrics")
		g.Go("metrics", srv.Run)
	}
	g.Go("lag", func(ctx context.Context) error {
		return reportLag(ctx, cfg, reg, 5*time.Second, env.log, stageGroup{worker.Stage, *group, schemas.TopicArticles})
	})
	w, err := worker.Open(cfg, *group, x, worker.Options{
		Concurrency: *conc, MaxInFlight: *inFlight, Log: env.log, Metrics: reg.Stage(worker.Stage), DrainTimeout: *drain,
		ExtractorVersion: x.version,
	})
	if err != nil {
		return err
	}
	env.log.Info("extract worker started", "brokers", cfg.Brokers, "group", *group, "concurrency", *conc, "extractor_version", x.version)
	g.Go("extract", func(ctx context.Context) error {
		err := w.Run(ctx)
		g.Stop() // the worker ending ends the metrics server too
		return err
	})
	return g.Wait()
}
