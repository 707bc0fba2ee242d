package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/crawl"
	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/schemas"
)

// crawlOptions are the crawler's command-line settings; `run` can reuse
// them through crawlFlags and openCrawler.
type crawlOptions struct {
	sourcesFile  string
	sourceURLs   []string
	dataDir      string
	stateFile    string
	allowPrivate bool
	allowAddrs   []netip.Prefix
	userAgent    string
	hostRate     float64
	hostConc     int
	globalConc   int
	workers      int
	timeout      time.Duration
	maxBody      int64
	retries      int
	maxItems     int
	maxAge       time.Duration
	interval     time.Duration
	nearDup      int
}

func (o *crawlOptions) flags(fs *flag.FlagSet) {
	fs.StringVar(&o.sourcesFile, "sources", "", "sources YAML file (default: the built-in list, ingest/crawl/sources.yaml)")
	fs.Func("source", "crawl this feed, sitemap or listing URL (repeatable; kind detected); without --sources only these are crawled", func(s string) error {
		o.sourceURLs = append(o.sourceURLs, s)
		return nil
	})
	fs.StringVar(&o.dataDir, "data", dataDirDefault(), "data directory; the seen-URL state lives in <data>/crawl/state.db (env DEALWATCH_DATA_DIR)")
	fs.StringVar(&o.stateFile, "state", "", "seen-URL state file (overrides the one under --data)")
	fs.BoolVar(&o.allowPrivate, "allow-private", false, "allow loopback addresses (127.0.0.0/8, ::1; testing only)")
	fs.Func("allow-addr", "also allow this non-public network, e.g. 10.1.0.0/16 or 127.0.0.1/32 (repeatable; link-local and metadata addresses stay refused)", func(s string) error {
		p, err := parseAddrPrefix(s)
		if err != nil {
			return err
		}
		o.allowAddrs = append(o.allowAddrs, p)
		return nil
	})
	fs.StringVar(&o.userAgent, "user-agent", fetch.DefaultUserAgent, "User-Agent header")
	fs.Float64Var(&o.hostRate, "rate", 1, "requests per second per host (robots.txt Crawl-delay can only lower it)")
	fs.IntVar(&o.hostConc, "host-concurrency", 2, "requests in flight per host")
	fs.IntVar(&o.globalConc, "concurrency", 16, "requests in flight in total")
	fs.IntVar(&o.workers, "workers", 4, "article pages handled at once per source")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "timeout of one request, body included")
	fs.Int64Var(&o.maxBody, "max-body", 16<<20, "largest response body in bytes, after decompression")
	fs.IntVar(&o.retries, "retries", 3, "retries on 5xx, 429 and network errors")
	fs.IntVar(&o.maxItems, "max-items", 0, "new articles per source per crawl (0: per source, default 50)")
	fs.DurationVar(&o.maxAge, "max-age", 0, "skip feed/sitemap entries dated older than this (0: per source, default 168h)")
	fs.DurationVar(&o.interval, "interval", 0, "time between crawls of a source in daemon mode (0: per source, default 30m)")
	fs.IntVar(&o.nearDup, "near-dup-distance", 6, "simhash distance (bits of 64) under which an article is a near-duplicate; -1 disables")
}

// sources returns the sources to crawl with the command-line overrides.
func (o *crawlOptions) sources() ([]crawl.Source, error) {
	var srcs []crawl.Source
	if o.sourcesFile != "" || len(o.sourceURLs) == 0 {
		s, err := crawl.LoadSources(o.sourcesFile)
		if err != nil {
			return nil, err
		}
		srcs = s
	}
	for _, u := range o.sourceURLs {
		s := crawl.Source{URL: u, Kind: crawl.KindAuto}
		if err := s.Prepare(); err != nil {
			return nil, fmt.Errorf("%w: --source: %v", errUsage, err)
		}
		srcs = append(srcs, s)
	}
	for i := range srcs {
		if o.maxItems > 0 {
			srcs[i].MaxItems = o.maxItems
		}
		if o.maxAge > 0 {
			srcs[i].MaxAge = o.maxAge
		}
		if o.interval > 0 {
			srcs[i].Interval = o.interval
		}
	}
	return srcs, nil
}

// openCrawler builds a crawler of srcs publishing to pub; closeFn releases
// the state file and connections.
func (o *crawlOptions) openCrawler(env *cliEnv, srcs []crawl.Source, pub crawl.Publisher, reg prometheus.Registerer) (c *crawl.Crawler, closeFn func(), err error) {
	statePath := o.stateFile
	if statePath == "" {
		statePath = filepath.Join(o.dataDir, "crawl", "state.db")
	}
	st, err := crawl.OpenState(statePath)
	if err != nil {
		return nil, nil, err
	}
	f := fetch.New(fetch.Config{
		UserAgent: o.userAgent, Timeout: o.timeout, MaxBody: o.maxBody,
		AllowPrivate: o.allowPrivate, AllowAddrs: o.allowAddrs,
		HostRate: o.hostRate, HostConcurrency: o.hostConc, Concurrency: o.globalConc, Retries: o.retries,
		Log: env.log,
	})
	c, err = crawl.New(crawl.Config{
		Sources: srcs, Fetcher: f, State: st, Publisher: pub, Log: env.log, Metrics: crawl.NewMetrics(reg),
		Workers: o.workers, NearDupDistance: o.nearDup, MaxBody: o.maxBody,
	})
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	env.log.Info("crawler ready", "sources", len(srcs), "state", statePath, "allow_private", o.allowPrivate)
	return c, func() { f.Close(); st.Close() }, nil
}

// runCrawl crawls news sources into dealwatch.articles.v1 (or stdout).
func runCrawl(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "crawl")
	var o crawlOptions
	o.flags(fs)
	once := fs.Bool("once", false, "crawl every source once and exit")
	stdout := fs.Bool("stdout", false, "print Article JSON lines instead of publishing to Kafka")
	brokers := fs.String("brokers", os.Getenv("KAFKA_BROKERS"), "Kafka brokers, comma-separated (env KAFKA_BROKERS)")
	maddr := fs.String("metrics-addr", metricsAddrDefault(""), "serve Prometheus /metrics on this address (env DEALWATCH_METRICS_ADDR; empty: off)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}

	srcs, err := o.sources()
	if err != nil {
		return err
	}
	var pub crawl.Publisher
	if *stdout {
		pub = crawl.NewJSONLines(env.stdout)
	} else {
		cfg := bus.ConfigFromEnv()
		if b := bus.SplitBrokers(*brokers); len(b) > 0 {
			cfg.Brokers = b
		}
		cfg.ClientID = "dealwatch-crawl"
		// A stage waits for Kafka as long as it takes (each wait logged);
		// SIGTERM/SIGINT meanwhile is a clean stop.
		if err := bus.EnsureTopicsWith(ctx, cfg, bus.Policy{Log: env.log}, schemas.TopicArticles); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		w := bus.NewWriter(cfg, schemas.TopicArticles)
		defer w.Close()
		pub = crawl.KafkaPublisher{W: w}
	}

	busReg := metrics.New() // Go runtime and process collectors
	crawlReg := prometheus.NewRegistry()
	c, closeFn, err := o.openCrawler(env, srcs, pub, crawlReg)
	if err != nil {
		return err
	}
	defer closeFn()

	if *once {
		st, err := c.Once(ctx)
		env.log.Info("crawl done", "candidates", st.Candidates, "published", st.Published,
			"near_duplicates", st.NearDuplicates, "skipped", st.Skipped, "skipped_by", st.SkippedBy,
			"failed", st.Failed, "not_modified", st.NotModified)
		// The summary for people: on stdout, unless stdout carries the articles.
		w := env.stdout
		if *stdout {
			w = env.stderr
		}
		fmt.Fprintln(w, crawlSummary(st))
		return err
	}

	g := newRunGroup(ctx, env.log)
	if *maddr != "" {
		mux := http.NewServeMux()
		gather := prometheus.Gatherers{busReg.Gatherer(), crawlReg}
		mux.Handle("GET /metrics", promhttp.HandlerFor(gather, promhttp.HandlerOpts{}))
		mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
		srv, err := listenHTTP(*maddr, mux)
		if err != nil {
			return err
		}
		env.log.Info("metrics", "addr", "http://"+srv.Addr()+"/metrics")
		g.Go("metrics", srv.Run)
	}
	g.Go("crawl", func(ctx context.Context) error {
		err := c.Run(ctx)
		g.Stop()
		return err
	})
	err = g.Wait()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// parseAddrPrefix reads a network (10.1.0.0/16) or one address (127.0.0.1).
func parseAddrPrefix(s string) (netip.Prefix, error) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("not an address or CIDR network: %q", s)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// crawlSummary says what a crawl did and why it skipped what it skipped.
func crawlSummary(st crawl.Stats) string {
	s := fmt.Sprintf("crawl: %d candidates, %d published (%d near-duplicates), %d skipped", st.Candidates, st.Published, st.NearDuplicates, st.Skipped)
	if st.Skipped > 0 {
		s += " (" + st.SkipReasons() + ")"
	}
	s += fmt.Sprintf(", %d failed, %d sources not modified", st.Failed, st.NotModified)
	if st.SkippedBy["old"] > 0 {
		s += "\n  old: dated before the source's max age (--max-age, default 168h); raise it to take older articles"
	}
	if st.SkippedBy["seen"] > 0 {
		s += "\n  seen: handled by an earlier crawl (state under --data)"
	}
	return s
}
