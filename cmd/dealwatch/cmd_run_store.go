package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// runStore is the ClickHouse side of `dealwatch run`: a server engine when
// an address is configured, chDB under <data>/chdb otherwise.
type runStore struct {
	engine    store.Engine
	sinkGroup string
	log       *slog.Logger
}

func openRunStore(ctx context.Context, o runOptions, log *slog.Logger) (*runStore, error) {
	if o.clickhouse != "" {
		cfg := chserver.ConfigFromEnv()
		cfg.Addr = o.clickhouse
		cfg.CreateDatabase = true
		if o.database != "" {
			cfg.Database = o.database
		}
		// As the sink stage does: wait for the server as long as it takes
		// (only a bad database name is final), migrations included.
		e, err := sinkOpenStore(ctx, log, backend.Options{Server: &cfg, CreateDatabase: true}, bus.Policy{Log: log})
		if err != nil {
			return nil, fmt.Errorf("clickhouse %s: %w", o.clickhouse, err)
		}
		log.Info("clickhouse", "mode", "server", "addr", o.clickhouse)
		return &runStore{engine: e, sinkGroup: store.SinkGroup, log: log}, nil
	}
	dir := filepath.Join(o.dataDir, "chdb")
	e, err := chembed.Open(ctx, chembed.Config{Dir: dir, Database: o.database, CreateDatabase: true})
	if err != nil {
		if errors.Is(err, chembed.ErrNoLibrary) {
			return nil, fmt.Errorf("embedded ClickHouse: %w (scripts/services.sh chdb fetches it)", err)
		}
		return nil, fmt.Errorf("embedded ClickHouse in %s: %w", dir, err)
	}
	log.Info("clickhouse", "mode", "embedded chDB", "data", dir)
	if _, err := store.Migrate(ctx, e, log); err != nil {
		e.Close()
		return nil, err
	}
	return &runStore{engine: e, sinkGroup: store.SinkGroup, log: log}, nil
}

func (s *runStore) Close() error { return s.engine.Close() }

// startSink adds the sink stage (events topic → ClickHouse) to g.
func (s *runStore) startSink(g *runGroup, cfg bus.Config, reg *metrics.Registry, log *slog.Logger, batchTimeout time.Duration) error {
	return s.startSinkOn(g, cfg, schemas.TopicEvents, s.sinkGroup,
		store.SinkConfig{Log: log.With("stage", store.SinkStage), Metrics: reg.Stage(store.SinkStage), BatchTimeout: batchTimeout})
}

func (s *runStore) startSinkOn(g *runGroup, cfg bus.Config, topic, group string, sc store.SinkConfig) error {
	run, err := newSinkStage(cfg, topic, group, s.engine, sc)
	if err != nil {
		return err
	}
	g.Go("sink", run)
	return nil
}

// newSinkStage returns the sink as a stage: it owns its reader and
// dead-letter writer and closes them when it returns.
func newSinkStage(cfg bus.Config, topic, group string, e store.Engine, sc store.SinkConfig) (func(context.Context) error, error) {
	return sinkStage(cfg, topic, group, func(in store.Fetcher, dlq bus.MessageWriter) (*store.Sink, error) {
		return store.NewSink(in, e, dlq, sc)
	})
}

// sinkStage returns the sink that build makes from a reader of topic and a
// dead-letter writer as a stage: it owns both and closes them when it
// returns, or at once when build fails.
func sinkStage(cfg bus.Config, topic, group string, build func(store.Fetcher, bus.MessageWriter) (*store.Sink, error)) (func(context.Context) error, error) {
	r := bus.NewReader(cfg, topic, group)
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	sink, err := build(r, dlq)
	if err != nil {
		r.Close()
		dlq.Close()
		return nil, err
	}
	return func(ctx context.Context) error {
		defer dlq.Close()
		defer r.Close()
		return sink.Run(ctx)
	}, nil
}

// mountQuery serves the store's read-only query endpoint on mux, so that
// `dealwatch sql` and `timeline` reach the chDB session this process holds
// (libchdb allows one engine per process and one process per data dir).
// Requests must carry token as a bearer token. It returns the path.
func (s *runStore) mountQuery(mux *http.ServeMux, token string) (string, error) {
	return mountStoreQuery(mux, s.engine, token, s.log)
}

// summary is the closing line of `run --until-idle`.
func (s *runStore) summary(ctx context.Context) (string, error) {
	r, err := s.engine.Query(ctx, "SELECT count() AS events, uniqExact(deal_id) AS deals, uniqExact(article_id) AS articles FROM events FINAL WHERE retracted = 0")
	if err != nil {
		return "", err
	}
	if len(r.Rows) != 1 || len(r.Rows[0]) != 3 {
		return "", fmt.Errorf("unexpected summary result %v", r.Rows)
	}
	return fmt.Sprintf("clickhouse (%s): %v events, %v deals, from %v articles", s.engine.Name(), r.Rows[0][0], r.Rows[0][1], r.Rows[0][2]), nil
}
