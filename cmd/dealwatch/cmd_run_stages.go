package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/crawl"
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
