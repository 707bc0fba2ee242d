package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// extractionsStage names the sink's extractions table in metrics.
const extractionsStage = "sink-extractions"

// rowStore is an engine that also inserts rows into tables other than
// events (both engines are).
func rowStore(e store.Engine) (store.ExtractionStore, error) {
	rs, ok := e.(store.ExtractionStore)
	if !ok {
		return nil, fmt.Errorf("store engine %s cannot insert articles", e.Name())
	}
	return rs, nil
}

// startArchive adds the archive stage (articles topic → articles table) to g.
func (s *runStore) startArchive(g *runGroup, cfg bus.Config, reg *metrics.Registry, log *slog.Logger, batchTimeout time.Duration) error {
	run, err := newArchiveStage(cfg, store.ArchiveGroup, s.engine, store.SinkConfig{
		Stage: store.ArchiveStage, Log: log.With("stage", store.ArchiveStage), Metrics: reg.Stage(store.ArchiveStage),
		BatchTimeout: batchTimeout, BatchSize: 200,
	})
	if err != nil {
		return err
	}
	g.Go(store.ArchiveStage, run)
	return nil
}

// startExtractionsSink adds the sink's second table (re-extractions →
// events, retractions) to g.
func (s *runStore) startExtractionsSink(g *runGroup, cfg bus.Config, reg *metrics.Registry, log *slog.Logger, batchTimeout time.Duration) error {
	run, err := newExtractionsStage(cfg, store.ExtractionsGroup, s.engine, store.SinkConfig{
		Log: log.With("stage", extractionsStage), Metrics: reg.Stage(extractionsStage),
		BatchTimeout: batchTimeout,
	})
	if err != nil {
		return err
	}
	g.Go("sink-extractions", run)
	return nil
}

func newArchiveStage(cfg bus.Config, group string, e store.Engine, sc store.SinkConfig) (func(context.Context) error, error) {
	rs, err := rowStore(e)
	if err != nil {
		return nil, err
	}
	t, err := store.NewArticleTable(rs, sc.Log)
	if err != nil {
		return nil, err
	}
	return newTableSinkStage(cfg, schemas.TopicArticles, group, t, sc)
}

func newExtractionsStage(cfg bus.Config, group string, e store.Engine, sc store.SinkConfig) (func(context.Context) error, error) {
	rs, err := rowStore(e)
	if err != nil {
		return nil, err
	}
	t, err := store.NewExtractionTable(rs, sc.Log)
	if err != nil {
		return nil, err
	}
	return newTableSinkStage(cfg, schemas.TopicExtractions, group, t, sc)
}

// newTableSinkStage returns a sink of t as a stage: it owns its reader and
// dead-letter writer and closes them when it returns.
func newTableSinkStage(cfg bus.Config, topic, group string, t store.Table, sc store.SinkConfig) (func(context.Context) error, error) {
	return sinkStage(cfg, topic, group, func(in store.Fetcher, dlq bus.MessageWriter) (*store.Sink, error) {
		return store.NewTableSink(in, t, dlq, sc)
	})
}
