package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// runSink consumes deal events into ClickHouse.
// defaultSinkMemoryLimit keeps the sink's Go heap near its live set: two
// batches of events (the one being inserted and the one filling) and their
// encoding, some 40 MB at 5,000 events. Without it the collector let the
// heap reach 68 MB, which with the embedded engine's own 290 MB made the
// sink the largest stage (dealwatch bench).
const defaultSinkMemoryLimit = 64 << 20

func runSink(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "sink")
	batch := fs.Int("batch", 5000, "insert at most this many events at once")
	minInterval := fs.Duration("min-interval", 100*time.Millisecond, "least time between two inserts; an event that finds the sink idle longer is inserted at once")
	batchTimeout := fs.Duration("batch-timeout", time.Second, "most time between two inserts while events keep coming (batches grow up to it under load)")
	retryMax := fs.Duration("retry-max", 10*time.Second, "longest backoff between retries while ClickHouse or Kafka fails")
	group := fs.String("group", store.SinkGroup, "Kafka consumer group")
	dataDir := fs.String("data", backend.DataDir(), "data directory of the embedded chDB (env DEALWATCH_DATA_DIR); ignored when CLICKHOUSE_ADDR is set")
	metricsAddr := fs.String("metrics-addr", "", "serve Prometheus /metrics and /healthz on this address (e.g. 127.0.0.1:9465)")
	memLimit := fs.Int64("memory-limit", defaultSinkMemoryLimit>>20, "soft limit of the Go heap in MiB (the embedded engine's memory is not counted; 0: none; env GOMEMLIMIT wins)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if *batch < 1 {
		return fmt.Errorf("%w: -batch must be at least 1", errUsage)
	}
	setMemoryLimit(*memLimit)
	cfg := bus.ConfigFromEnv()
	cfg.ClientID = "dealwatch-sink"
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions); err != nil {
		return err
	}
	reg := metrics.New()
	if *metricsAddr != "" {
		srv, err := listenHTTP(*metricsAddr, metricsMux(reg))
		if err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); _ = srv.Run(sctx) }()
		defer func() { stop(); <-done }()
		env.log.Info("metrics", "addr", srv.Addr())
	}
	opts := backend.Options{DataDir: *dataDir, CreateDatabase: true}
	engine, err := sinkOpenStore(ctx, env.log, opts, bus.Policy{Backoff: bus.Backoff{Max: *retryMax}, Log: env.log,
		Health: reg.Stage(store.SinkStage)})
	if err != nil {
		return err
	}
	defer engine.Close()
	if opts.Embedded() {
		qctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			if err := store.ServeQueries(qctx, engine, *dataDir, env.log); err != nil {
				env.log.Warn("query endpoint", "err", err)
			}
		}()
		defer func() { stop(); <-done }()
	}

	r := bus.NewReader(cfg, schemas.TopicEvents, *group)
	defer r.Close()
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	sink, err := store.NewSink(r, engine, dlq, store.SinkConfig{
		BatchSize: *batch, MinInterval: *minInterval, BatchTimeout: *batchTimeout, RetryMax: *retryMax,
		Log: env.log, Metrics: reg.Stage(store.SinkStage),
	})
	if err != nil {
		return err
	}
	env.log.Info("sink running", "engine", engine.Name(), "brokers", cfg.Brokers, "group", *group, "batch", *batch, "batch_timeout", *batchTimeout)
	// Re-extractions (dealwatch reextract) are applied by the same process,
	// from their own topic and consumer group.
	xrun, err := newExtractionsStage(cfg, store.ExtractionsGroup, engine, store.SinkConfig{
		BatchSize: *batch, MinInterval: *minInterval, BatchTimeout: *batchTimeout, RetryMax: *retryMax,
		Log: env.log.With("table", "extractions"), Metrics: reg.Stage(extractionsStage),
	})
	if err != nil {
		return err
	}
	g := newRunGroup(ctx, env.log)
	g.Go("sink-extractions", xrun)
	g.Go("sink", sink.Run)
	return g.Wait()
}

// sinkOpenStore opens ClickHouse and applies the migrations, retrying with
// the shared policy while the server is unreachable (chDB failures and a
// bad database name are configuration errors, final).
func sinkOpenStore(ctx context.Context, log *slog.Logger, opts backend.Options, p bus.Policy) (store.Engine, error) {
	var e store.Engine
	err := p.Do(ctx, bus.DepClickHouse, "open ClickHouse", func(ctx context.Context) error {
		octx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		var err error
		e, err = backend.Open(octx, opts)
		if err == nil {
			if _, err = store.Migrate(octx, e, log); err != nil {
				e.Close()
			}
		}
		if err != nil && (opts.Embedded() || errors.Is(err, store.ErrBadDatabase)) {
			return bus.Permanent(err)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open ClickHouse: %w", err)
	}
	return e, nil
}
