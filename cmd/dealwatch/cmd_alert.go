package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
)

// runAlert consumes deal events and announces new deals (and, if the rules
// say so, new versions of known deals) to webhooks and the log.
func runAlert(ctx context.Context, env *cliEnv, args []string) error {
	opts := alert.OptionsFromEnv()
	fs := newFlagSet(env, "alert")
	fs.StringVar(&opts.RulesPath, "rules", opts.RulesPath, "alert rules file (YAML; env ALERT_RULES)")
	fs.StringVar(&opts.StatePath, "state", opts.StatePath, "durable dedup state file (bbolt)")
	group := fs.String("group", alert.ConsumerGroup, "Kafka consumer group on the events topic")
	backfillGroup := fs.String("backfill-group", alert.BackfillGroup, "Kafka consumer group on the extractions topic (re-extractions; rules: backfill)")
	maddr := fs.String("metrics-addr", metricsAddrDefault(""), "serve Prometheus /metrics and /healthz on this address (env DEALWATCH_METRICS_ADDR; empty: off)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	cfg := bus.ConfigFromEnv()
	cfg.ClientID = "dealwatch-alert"
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	reg := metrics.New()
	opts.Retry = bus.Policy{Log: env.log, Health: reg.Stage(alert.Stage)}
	a, err := openAlerter(opts, dlq, env.log)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicEvents, schemas.TopicExtractions, schemas.TopicDeadLetter); err != nil {
		return err
	}
	if *maddr != "" {
		srv, err := listenHTTP(*maddr, metricsMux(reg))
		if err != nil {
			return err
		}
		sctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); _ = srv.Run(sctx) }()
		defer func() { stop(); <-done }()
		env.log.Info("metrics", "addr", "http://"+srv.Addr()+"/metrics")
	}
	r := bus.NewReader(cfg, schemas.TopicEvents, *group)
	defer r.Close()
	// Re-extractions: deals found only by `dealwatch reextract` (backfill).
	bf := bus.NewReader(cfg, schemas.TopicExtractions, *backfillGroup)
	defer bf.Close()
	env.log.Info("alerter started", "group", *group, "backfill_group", *backfillGroup, "sinks", len(a.Sinks), "state", opts.StatePath,
		"alert_on_updates", a.Rules.AlertOnUpdates, "backfill", a.Rules.Backfill)
	return a.RunWithBackfill(ctx, r, bf)
}

// openAlerter is the one alerter setup of `dealwatch alert` and
// `dealwatch run --alert`: rules file (opts.RulesPath), webhooks from it and
// ALERT_WEBHOOK_URLS, signed with ALERT_WEBHOOK_SECRET (alert.OptionsFromEnv),
// the log sink, the state file. A bad rules file or webhooks without a
// secret are usage errors.
func openAlerter(opts alert.Options, dlq bus.MessageWriter, log *slog.Logger) (*alert.Alerter, error) {
	opts.Log = log.With("stage", alert.Stage)
	opts.DeadLetter = dlq
	a, err := alert.Open(opts)
	if err != nil {
		if errors.Is(err, alert.ErrRules) || errors.Is(err, alert.ErrNoSecret) {
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		return nil, err
	}
	return a, nil
}
