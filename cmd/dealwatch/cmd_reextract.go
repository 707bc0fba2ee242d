package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
)

// reextractOptions are the flags of `dealwatch reextract`.
type reextractOptions struct {
	filter  store.ArchiveFilter
	dryRun  bool
	restart bool
	wait    bool
	batch   int
	stall   time.Duration
	every   time.Duration // progress line interval while waiting
	dataDir string
	// afterBatch, when set, is called after each published batch is
	// checkpointed (tests interrupt a run there).
	afterBatch func(published int)
}

// runReextract re-runs the current extractor over archived articles.
func runReextract(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "reextract")
	var o reextractOptions
	since := fs.String("since", "", "only articles published (else fetched) on or after DATE (YYYY-MM-DD or RFC 3339)")
	until := fs.String("until", "", "only articles published (else fetched) before the end of DATE (YYYY-MM-DD) or before an RFC 3339 time")
	fs.StringVar(&o.filter.Source, "source", "", "only articles of this source")
	fs.BoolVar(&o.dryRun, "dry-run", false, "extract here and print what would change (per article and in total); change nothing")
	fs.BoolVar(&o.restart, "restart", false, "start over instead of resuming an unfinished run with the same filters")
	fs.BoolVar(&o.wait, "wait", true, "after publishing, wait until the sink has applied every article")
	fs.IntVar(&o.batch, "batch", 200, "articles read and published at once")
	fs.DurationVar(&o.stall, "stall-timeout", 5*time.Minute, "give up waiting when no article was applied for this long (see the dead-letter topic)")
	fs.StringVar(&o.dataDir, "data", backend.DataDir(), "data directory: the run's checkpoint (reextract/), and chDB or a running `dealwatch run` (env DEALWATCH_DATA_DIR)")
	brokers := fs.String("brokers", os.Getenv("KAFKA_BROKERS"), "Kafka brokers (env KAFKA_BROKERS; default: the broker of a running `dealwatch run`, else 127.0.0.1:9092)")
	// The extract workers re-extract with their own configuration; these
	// flags only tell --dry-run which configuration to compare with.
	var xc extractorConfig
	xc.flags(fs)
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %v", errUsage, fs.Args())
	}
	if !o.dryRun {
		var given []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "gazetteer" || f.Name == "disable-stage" {
				given = append(given, "--"+f.Name)
			}
		})
		if len(given) > 0 {
			return fmt.Errorf("%w: %s only with --dry-run: the extract workers re-extract with their own configuration (give them the flags, or %s and %s)",
				errUsage, strings.Join(given, ", "), envGazetteer, envDisableStages)
		}
	}
	var err error
	if o.filter.Since, err = parseDay(*since, false); err != nil {
		return fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	if o.filter.Until, err = parseDay(*until, true); err != nil {
		return fmt.Errorf("%w: --until: %v", errUsage, err)
	}
	if o.batch < 1 {
		return fmt.Errorf("%w: --batch must be at least 1", errUsage)
	}
	o.every = time.Second
	q, closer, err := backend.OpenQuerier(ctx, backend.Options{DataDir: o.dataDir})
	if err != nil {
		return err
	}
	defer closer.Close()
	if o.dryRun {
		x, err := xc.build(extract.Options{})
		if err != nil {
			return err
		}
		return reextractDryRun(ctx, env.stdout, q, x, o)
	}
	cfg := bus.ConfigFromEnv()
	cfg.ClientID = "dealwatch-reextract"
	if b := bus.SplitBrokers(*brokers); len(b) > 0 {
		cfg.Brokers = b
	} else if b := runningBrokers(o.dataDir); len(b) > 0 {
		cfg.Brokers = b
	}
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicExtractions, schemas.TopicDeadLetter); err != nil {
		return err
	}
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	return reextractPublish(ctx, env, q, w, o)
}

// parseDay parses DATE (a day, UTC) or an RFC 3339 time; endOfDay moves a
// bare day to the start of the next one (an exclusive bound).
func parseDay(s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither YYYY-MM-DD nor RFC 3339", s)
	}
	return t, nil
}

// reextractState is the checkpoint of a run, in
// <data>/reextract/<filters hash>.json, written after each batch Kafka
// acknowledged: a killed run resumes after the last checkpointed article.
type reextractState struct {
	RunID     string    `json:"run_id"`
	Since     string    `json:"since,omitempty"`
	Until     string    `json:"until,omitempty"`
	Source    string    `json:"source,omitempty"`
	After     string    `json:"after"` // last article id published
	Published int       `json:"published"`
	Started   time.Time `json:"started"`
	Done      bool      `json:"done"`
}

func stateFile(dataDir string, f store.ArchiveFilter) string {
	key := schemas.HashID("reextract", f.Since.UTC().Format(time.RFC3339), f.Until.UTC().Format(time.RFC3339), f.Source)
	return filepath.Join(dataDir, "reextract", key+".json")
}

func loadState(path string) (reextractState, bool) {
	var st reextractState
	raw, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(raw, &st) != nil || st.RunID == "" {
		return reextractState{}, false
	}
	return st, true
}

func saveState(path string, st reextractState) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return store.WriteSecretFile(path, raw)
}

// reextractPublish re-publishes the selected archived articles with the
// re-extraction header, checkpointing after each batch, then waits until
// the sink has applied them all. Kafka and ClickHouse failures are retried.
func reextractPublish(ctx context.Context, env *cliEnv, q store.Querier, w bus.MessageWriter, o reextractOptions) error {
	path := stateFile(o.dataDir, o.filter)
	st, ok := loadState(path)
	if !ok || st.Done || o.restart {
		st = reextractState{RunID: schemas.HashID("run", time.Now().UTC().Format(time.RFC3339Nano), path),
			Source: o.filter.Source, Started: time.Now().UTC()}
		if !o.filter.Since.IsZero() {
			st.Since = o.filter.Since.Format(time.RFC3339)
		}
		if !o.filter.Until.IsZero() {
			st.Until = o.filter.Until.Format(time.RFC3339)
		}
	} else {
		fmt.Fprintf(env.stderr, "reextract: resuming run %s after %d published articles\n", st.RunID, st.Published)
	}
	retry := bus.Policy{Log: env.log}
	var total int
	if err := retry.Do(ctx, bus.DepClickHouse, "count articles", func(c context.Context) (err error) {
		total, err = store.CountArchived(c, q, o.filter)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "reextract: run %s, %d archived articles selected\n", st.RunID, total)
	start, startPublished := time.Now(), st.Published
	for {
		var arts []schemas.Article
		if err := retry.Do(ctx, bus.DepClickHouse, "read archive", func(c context.Context) (err error) {
			arts, err = store.ArchivedArticles(c, q, o.filter, st.After, o.batch)
			return err
		}); err != nil {
			return err
		}
		if len(arts) == 0 {
			break
		}
		msgs := make([]kafka.Message, 0, len(arts))
		for _, a := range arts {
			raw, err := json.Marshal(a)
			if err != nil {
				return fmt.Errorf("encode article %s: %w", a.ID, err)
			}
			msgs = append(msgs, kafka.Message{Key: []byte(a.ID), Value: raw, Headers: []kafka.Header{
				bus.SchemaHeader(schemas.ArticleVersion),
				{Key: schemas.HeaderReextract, Value: []byte(st.RunID)},
				bus.PublishedAtHeader(time.Now()),
			}})
		}
		if err := retry.Do(ctx, bus.DepKafka, "publish", func(c context.Context) error {
			return w.WriteMessages(c, msgs...)
		}); err != nil {
			return err
		}
		st.After, st.Published = arts[len(arts)-1].ID, st.Published+len(arts)
		if err := saveState(path, st); err != nil {
			return fmt.Errorf("reextract checkpoint: %w", err)
		}
		el := time.Since(start).Seconds()
		fmt.Fprintf(env.stderr, "reextract: published %d/%d articles (%.0f articles/s)\n", st.Published, max(total, st.Published), float64(st.Published-startPublished)/max(el, 1e-3))
		if o.afterBatch != nil {
			o.afterBatch(st.Published)
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if !o.wait {
		fmt.Fprintf(env.stdout, "reextract: run %s: published %d articles; not waiting for the sink\n", st.RunID, st.Published)
		return nil
	}
	applied, err := waitApplied(ctx, env.stderr, q, st, o, retry)
	if err != nil {
		return err
	}
	st.Done = true
	if err := saveState(path, st); err != nil {
		return fmt.Errorf("reextract checkpoint: %w", err)
	}
	el := time.Since(start)
	fmt.Fprintf(env.stdout, "reextract: run %s: %d articles re-extracted and applied in %s (%.1f articles/s)\n",
		st.RunID, applied, el.Round(time.Millisecond), float64(st.Published-startPublished)/max(el.Seconds(), 1e-3))
	return nil
}

// errStalled is returned when the sink stopped applying a run's articles.
var errStalled = errors.New("re-extraction stalled")

// waitApplied polls the extractions table until every published article
// of the run is applied, printing progress.
func waitApplied(ctx context.Context, stderr io.Writer, q store.Querier, st reextractState, o reextractOptions, retry bus.Policy) (int, error) {
	start := time.Now()
	last, lastChange := -1, time.Now()
	t := time.NewTicker(max(o.every/4, 50*time.Millisecond))
	defer t.Stop()
	lastPrint := time.Time{}
	for {
		var applied int
		if err := retry.Do(ctx, bus.DepClickHouse, "progress", func(c context.Context) (err error) {
			applied, err = store.AppliedExtractions(c, q, st.RunID)
			return err
		}); err != nil {
			return 0, err
		}
		if applied != last {
			last, lastChange = applied, time.Now()
		}
		if applied >= st.Published || time.Since(lastPrint) >= o.every {
			lastPrint = time.Now()
			fmt.Fprintf(stderr, "reextract: applied %d/%d articles (%.0f articles/s)\n", applied, st.Published, float64(applied)/max(time.Since(start).Seconds(), 1e-3))
		}
		if applied >= st.Published {
			return applied, nil
		}
		if o.stall > 0 && time.Since(lastChange) > o.stall {
			return applied, fmt.Errorf("%w: %d of %d articles applied, none for %s; are the extract workers and the sink running? (articles they could not handle are on %s)",
				errStalled, applied, st.Published, o.stall, schemas.TopicDeadLetter)
		}
		select {
		case <-ctx.Done():
			return applied, ctx.Err()
		case <-t.C:
		}
	}
}

// reextractSummary counts what a dry run found.
type reextractSummary struct {
	Articles, ArticlesChanged            int
	Added, Retracted, Changed, Unchanged int
	DealsAppearing, DealsDisappearing    []string
}

// reextractDryRun extracts the selected articles here with x and prints,
// per article, the events that would be added, changed and retracted, then
// the totals and the deals that would appear in or disappear from the
// deals view. It only reads.
func reextractDryRun(ctx context.Context, out io.Writer, q store.Querier, x worker.Extractor, o reextractOptions) error {
	var sum reextractSummary
	delta := map[string]int{} // deal_id → change in deal mentions
	after := ""
	for {
		arts, err := store.ArchivedArticles(ctx, q, o.filter, after, o.batch)
		if err != nil {
			return err
		}
		if len(arts) == 0 {
			break
		}
		after = arts[len(arts)-1].ID
		ids := make([]string, len(arts))
		for i, a := range arts {
			ids[i] = a.ID
		}
		live, err := store.LiveEvents(ctx, q, ids)
		if err != nil {
			return err
		}
		byArticle := map[string][]store.LiveEvent{}
		for _, l := range live {
			byArticle[l.ArticleID] = append(byArticle[l.ArticleID], l)
		}
		for _, a := range arts {
			evs, err := x.Extract(ctx, a)
			if err != nil {
				fmt.Fprintf(out, "article %s: extraction failed: %v\n", a.ID, err)
				continue
			}
			sum.Articles++
			var lines []string
			now := map[string]bool{}
			old := map[string]store.LiveEvent{}
			for _, l := range byArticle[a.ID] {
				old[l.EventID] = l
			}
			for _, e := range evs {
				now[e.EventID] = true
				l, was := old[e.EventID]
				h := store.NewEventRow(e).ContentHash
				switch {
				case !was:
					sum.Added++
					lines = append(lines, "  + "+describeEvent(e))
				case l.ContentHash != h:
					sum.Changed++
					lines = append(lines, "  ~ "+describeEvent(e))
					if store.CountsForDeals(l.Modality) {
						delta[l.DealID]--
					}
				default:
					sum.Unchanged++
					continue
				}
				if store.CountsForDeals(e.Modality) {
					delta[e.DealID]++
				}
			}
			for _, l := range byArticle[a.ID] {
				if now[l.EventID] {
					continue
				}
				sum.Retracted++
				lines = append(lines, fmt.Sprintf("  - %s %s [%s] event %s", l.Type, l.Action, l.Parties, l.EventID))
				if store.CountsForDeals(l.Modality) {
					delta[l.DealID]--
				}
			}
			if len(lines) > 0 {
				sum.ArticlesChanged++
				fmt.Fprintf(out, "article %s %q (%s)\n%s\n", a.ID, a.Title, a.Source, strings.Join(lines, "\n"))
			}
		}
	}
	deals := make([]string, 0, len(delta))
	for d, n := range delta {
		if n != 0 {
			deals = append(deals, d)
		}
	}
	sort.Strings(deals)
	before, err := store.DealMentions(ctx, q, deals)
	if err != nil {
		return err
	}
	for _, d := range deals {
		b := before[d]
		a := b + delta[d]
		switch {
		case b == 0 && a > 0:
			sum.DealsAppearing = append(sum.DealsAppearing, d)
		case b > 0 && a <= 0:
			sum.DealsDisappearing = append(sum.DealsDisappearing, d)
		}
	}
	fmt.Fprintf(out, "dry run: %d articles, %d would change; events: %d added, %d retracted, %d changed, %d unchanged; deals: %d appearing, %d disappearing\n",
		sum.Articles, sum.ArticlesChanged, sum.Added, sum.Retracted, sum.Changed, sum.Unchanged, len(sum.DealsAppearing), len(sum.DealsDisappearing))
	for _, d := range sum.DealsAppearing {
		fmt.Fprintf(out, "  deal appearing: %s\n", d)
	}
	for _, d := range sum.DealsDisappearing {
		fmt.Fprintf(out, "  deal disappearing: %s\n", d)
	}
	return nil
}

// describeEvent is one line for an event: type, action, kind, parties,
// amount, event id.
func describeEvent(e schemas.DealEvent) string {
	s := e.Type + " " + e.Action
	if k := e.KindOf(); k != "" {
		s += " " + k
	}
	s += " [" + strings.Join(e.PartyIDs(), ",") + "]"
	if e.Amount != nil && e.Amount.Text != "" {
		s += " " + e.Amount.Text
	}
	return s + " event " + e.EventID
}
