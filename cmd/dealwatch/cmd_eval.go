package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

// runEval scores the extractor on labelled corpus directories (extract/LABELING.md
// format) and prints precision, recall, F1 and action / direction /
// qualifier accuracy per directory and in total.
func runEval(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "eval")
	verbose := fs.Bool("v", false, "list false positives and false negatives")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	texts := fs.String("texts", "", "directory holding the article files (default: each corpus directory; testdata/real keeps its texts in .cache/real)")
	folds := fs.String("fold", "", "comma list of folds to score (default: every article)")
	noFilter := fs.Bool("no-filter", false, "score the rules alone, without the trained confidence and pair models")
	filterPath := fs.String("filter", "", "score with this confidence model (from train-filter) instead of the embedded one")
	pairsPath := fs.String("pairs", "", "score with this pair model (from train-pairs) instead of the embedded one")
	vetoPath := fs.String("veto", "", "score with this veto model (from train-pairs -drop-below) instead of the embedded one")
	roundsPath := fs.String("rounds", "", "score with this round model (from train-rounds) instead of the embedded one")
	minConf := fs.Float64("min-confidence", 0, "score only the events of at least this confidence (what an analyst or an alert rule with min_confidence sees)")
	var xc extractorConfig
	xc.flags(fs)
	rawIDs := fs.Bool("raw-ids", false, "match organisation ids as written, without mapping each organisation's spellings to one id (the scorer before 2026-12-04)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no corpus directory given", errUsage)
	}
	xo := extract.Options{NoFilter: *noFilter}
	var err error
	if xo.Filter, err = modelFile("filter", *filterPath, extract.LoadConfidenceModel); err != nil {
		return err
	}
	if xo.Pairs, err = modelFile("pairs", *pairsPath, extract.LoadPairModel); err != nil {
		return err
	}
	if xo.Veto, err = modelFile("veto", *vetoPath, extract.LoadPairModel); err != nil {
		return err
	}
	if xo.Rounds, err = modelFile("rounds", *roundsPath, extract.LoadRoundModel); err != nil {
		return err
	}
	if *noFilter {
		xc.disable = append(xc.disable, extract.StagePairs, extract.StageVeto, extract.StageRounds)
	}
	x, err := xc.build(xo)
	if err != nil {
		return err
	}
	// One id per organisation on both sides: labellers spell an id from the
	// name the article uses ("coatuemanagement"), the gazetteer has one id.
	opts := eval.Options{TextDir: *texts, CanonicalID: x.Gazetteer().CanonicalID}
	if *rawIDs {
		opts.CanonicalID = nil
	}
	if *folds != "" {
		opts.Folds = strings.Split(*folds, ",")
	}
	var total eval.Counts
	var reports []eval.Report
	for _, dir := range fs.Args() {
		// a text rebuilt into a cache may not be the one that was labelled
		if opts.TextHashes, err = eval.LoadTextHashes(dir); err != nil {
			return fmt.Errorf("eval %s: %w", dir, err)
		}
		rep, err := eval.RunCorpus(ctx, dir, opts, files.Load, confident{x, *minConf})
		if errors.Is(err, eval.ErrNoText) {
			return fmt.Errorf("eval %s: %w (texts of other people's articles are never committed: rebuild them as %s/README.md says, or pass -texts)", dir, err, dir)
		}
		if err != nil {
			return fmt.Errorf("eval %s: %w", dir, err)
		}
		warnStale(env.stderr, "eval ", dir, rep.Stale)
		reports = append(reports, rep)
		total = total.Add(rep.Counts)
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"reports": reports, "total": total, "extractor_version": extract.Version})
	}
	for _, rep := range reports {
		printCounts(env, rep.Dir, rep.Counts)
		if *verbose {
			for _, m := range rep.Misses {
				if m.Near != "" {
					fmt.Fprintf(env.stdout, "    %-14s %s  %s  (%s)\n", m.Kind, m.Article, m.Event, m.Near)
					continue
				}
				fmt.Fprintf(env.stdout, "    %-14s %s  %s\n", m.Kind, m.Article, m.Event)
			}
		}
	}
	if len(reports) > 1 {
		printCounts(env, "total", total)
	}
	return nil
}

func printCounts(env *cliEnv, name string, c eval.Counts) {
	fmt.Fprintf(env.stdout, "%s: articles=%d gold=%d predicted=%d tp=%d fp=%d fn=%d optional=%d\n",
		name, c.Articles, c.Gold, c.Predicted, c.TruePositives, c.FalsePositives, c.FalseNegatives, c.OptionalMatched)
	fmt.Fprintf(env.stdout, "  precision=%.3f recall=%.3f f1=%.3f action_acc=%.3f direction_acc=%.3f (%d) qualifier_acc=%.3f (%d)\n",
		c.Precision(), c.Recall(), c.F1(), c.ActionAccuracy(), c.DirectionAccuracy(), c.DirectionN, c.QualifierAccuracy(), c.QualifierN)
	keys := make([]string, 0, len(c.ByType))
	for k := range c.ByType {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t := c.ByType[k]
		fmt.Fprintf(env.stdout, "    %-26s tp=%d fp=%d fn=%d\n", k, t.TP, t.FP, t.FN)
	}
	if c.FalseNegatives > 0 {
		fmt.Fprintf(env.stdout, "  false negatives by what was extracted instead:")
		for _, k := range eval.FNCauseOrder {
			fmt.Fprintf(env.stdout, " %s=%d", k, c.FNCauses[k])
		}
		fmt.Fprintln(env.stdout)
	}
}

// confident keeps the events of at least min confidence.
type confident struct {
	x   configuredExtractor
	min float64
}

func (c confident) Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	evs, err := c.x.Extract(ctx, a)
	if err != nil || c.min <= 0 {
		return evs, err
	}
	out := evs[:0]
	for _, e := range evs {
		if e.Confidence >= c.min {
			out = append(out, e)
		}
	}
	return out, nil
}

// modelFile loads the model a -name flag points to with load; no path
// gives no model (the extractor's embedded one).
func modelFile[M any](name, path string, load func([]byte) (*M, error)) (*M, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: -%s: %v", errUsage, name, err)
	}
	m, err := load(b)
	if err != nil {
		return nil, fmt.Errorf("%w: -%s %s: %v", errUsage, name, path, err)
	}
	return m, nil
}
