package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"path/filepath"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/crawl"
	"github.com/dealwatch/dealwatch/schemas"
)

// startRunAlert adds the alerter (its own consumer group) to g, set up as
// `dealwatch alert` sets it up (openAlerter): --alert-rules (else
// ALERT_RULES), its webhooks and ALERT_WEBHOOK_URLS signed with
// ALERT_WEBHOOK_SECRET, and the log. Its state is <data>/alert.db.
func startRunAlert(g *runGroup, cfg bus.Config, reg *metrics.Registry, o runOptions, log *slog.Logger) error {
	opts := alert.OptionsFromEnv()
	if o.alertRules != "" {
		opts.RulesPath = o.alertRules
	}
	opts.StatePath = filepath.Join(o.dataDir, "alert.db")
	// Its retries (Kafka, the state store, every webhook receiver) feed
	// /healthz and dealwatch_dependency_up, as the other stages' do.
	opts.Retry = bus.Policy{Log: log, Health: reg.Stage(alert.Stage)}
	dlq := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	a, err := openAlerter(opts, dlq, log)
	if err != nil {
		dlq.Close()
		return err
	}
	r := bus.NewReader(cfg, schemas.TopicEvents, alert.ConsumerGroup)
	bf := bus.NewReader(cfg, schemas.TopicExtractions, alert.BackfillGroup)
	log.Info("alerter started", "sinks", len(a.Sinks), "state", opts.StatePath, "alert_on_updates", a.Rules.AlertOnUpdates, "backfill", a.Rules.Backfill)
	g.Go("alert", func(ctx context.Context) error {
		defer a.Store.Close()
		defer dlq.Close()
		defer r.Close()
		defer bf.Close()
		return a.RunWithBackfill(ctx, r, bf)
	})
	return nil
}

// startRunCrawl adds the crawler to g, with the crawl command's defaults for
// everything but the sources; its seen-URL state lives under <data>/crawl.
// It crawls as a daemon (every source on its own interval), or, with
// --until-idle, every source once, closing done when that round is over.
func startRunCrawl(g *runGroup, cfg bus.Config, reg *metrics.Registry, o runOptions, env *cliEnv, done chan<- struct{}) error {
	var co crawlOptions
	dfs := flag.NewFlagSet("crawl-defaults", flag.ContinueOnError)
	co.flags(dfs)
	if err := dfs.Parse(nil); err != nil {
		return err
	}
	co.sourcesFile, co.sourceURLs, co.dataDir, co.allowPrivate = o.sourcesFile, o.sources, o.dataDir, o.crawlLocal
	srcs, err := co.sources()
	if err != nil {
		return err
	}
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	c, closeFn, err := co.openCrawler(env, srcs, crawl.KafkaPublisher{W: w}, reg.Registerer())
	if err != nil {
		w.Close()
		return err
	}
	g.Go("crawl", func(ctx context.Context) error {
		defer w.Close()
		defer closeFn()
		var err error
		if o.untilIdle {
			var st crawl.Stats
			st, err = c.Once(ctx)
			env.log.Info("crawl round done", "published", st.Published, "failed", st.Failed, "skipped", st.Skipped)
			close(done)
		} else {
			err = c.Run(ctx)
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return nil
		}
		return err
	})
	return nil
}
