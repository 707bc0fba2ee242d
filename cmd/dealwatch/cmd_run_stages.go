package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// startRunAlert adds the alerter (its own consumer group) to g: alerts go
// to the log, and to the webhooks of --alert-rules if given.
func startRunAlert(g *runGroup, cfg bus.Config, o runOptions, log *slog.Logger) error {
	rules, err := alert.LoadRules(o.alertRules) // "" gives the default rules
	if err != nil {
		return fmt.Errorf("alert rules: %w", err)
	}
	st, err := alert.OpenStore(filepath.Join(o.dataDir, "alert.db"))
	if err != nil {
		return fmt.Errorf("alert state: %w", err)
	}
	v, err := schemas.NewValidator()
	if err != nil {
		st.Close()
		return err
	}
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	a := &alert.Alerter{
		Rules: rules, Store: st, Validator: v, DeadLetter: dlq,
		Sinks: []alert.Sink{alert.NewLogSink(log.With("stage", alert.Stage))},
		Log:   log.With("stage", alert.Stage),
	}
	r := bus.NewReader(cfg, schemas.TopicEvents, alert.ConsumerGroup)
	g.Go("alert", func(ctx context.Context) error {
		defer st.Close()
		defer dlq.Close()
		defer r.Close()
		return a.Run(ctx, r)
	})
	return nil
}

// errNoCrawler is returned until the crawler can run inside `run`.
var errNoCrawler = errors.New("crawling inside run is not available yet; run `dealwatch crawl` next to it")

// startRunCrawl adds the crawler to g.
func startRunCrawl(g *runGroup, cfg bus.Config, o runOptions, env *cliEnv) error {
	_, _, _, _ = g, cfg, o, env
	return errNoCrawler
}
