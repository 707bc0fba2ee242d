package main

import (
	"context"
	"fmt"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// runArchive consumes articles into the articles table: the archive that
// `dealwatch reextract` reads. It is the sink's machinery (store.Sink) on
// another table and consumer group.
func runArchive(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "archive")
	batch := fs.Int("batch", 200, "insert at most this many articles at once")
	batchTimeout := fs.Duration("batch-timeout", 500*time.Millisecond, "insert a partial batch after this long")
	retryMax := fs.Duration("retry-max", 10*time.Second, "longest backoff between retries while ClickHouse or Kafka fails")
	group := fs.String("group", store.ArchiveGroup, "Kafka consumer group")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR); ignored when CLICKHOUSE_ADDR is set")
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus /metrics and /healthz on this address (e.g. 127.0.0.1:9466)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if *batch < 1 {
		return fmt.Errorf("%w: -batch must be at least 1", errUsage)
	}
	cfg := bus.ConfigFromEnv()
	cfg.ClientID = "dealwatch-archive"
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicDeadLetter); err != nil {
		return err
	}
	reg := metrics.New()
	g := newRunGroup(ctx, env.log)
	if *metricsAddr != "" {
		srv, err := listenHTTP(*metricsAddr, metricsMux(reg))
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		g.Go("metrics", srv.Run)
		env.log.Info("metrics", "addr", srv.Addr())
	}
	opts := backend.Options{DataDir: *dataDir, CreateDatabase: true}
	engine, err := sinkOpenStore(ctx, env.log, opts, bus.Policy{Backoff: bus.Backoff{Max: *retryMax}, Log: env.log,
		Health: reg.Stage(store.ArchiveStage)})
	if err != nil {
		g.Stop()
		_ = g.Wait()
		return err
	}
	defer engine.Close()
	run, err := newArchiveStage(cfg, *group, engine, store.SinkConfig{
		Stage: store.ArchiveStage, BatchSize: *batch, BatchTimeout: *batchTimeout, RetryMax: *retryMax,
		Log: env.log, Metrics: reg.Stage(store.ArchiveStage),
	})
	if err != nil {
		g.Stop()
		_ = g.Wait()
		return err
	}
	env.log.Info("archive running", "engine", engine.Name(), "brokers", cfg.Brokers, "group", *group, "batch", *batch)
	g.Go(store.ArchiveStage, func(ctx context.Context) error {
		err := run(ctx)
		g.Stop()
		return err
	})
	return g.Wait()
}
