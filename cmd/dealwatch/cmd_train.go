package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

// runTrainFilter trains the confidence model (extract/filter.go) on
// labelled corpora: every event the rules find is a positive example when
// it matches a required gold event, a negative one when it matches nothing,
// and no example when it matches only an optional event.
func runTrainFilter(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "train-filter")
	var tf trainFlags
	tf.register(fs, "fit the confidence to held-out articles in this many groups (1: no calibration)")
	floor := fs.Float64("floor", 0.2, "drop events whose confidence is below this (the extractor's stage floor)")
	priorPath := fs.String("prior", "", "train a correction to this confidence model (a file from train-filter, or \"embedded\" for the shipped one) instead of a model from scratch: "+
		"what the prior learnt from corpora no longer at hand is kept where the new examples do not contradict it")
	x, keep, err := tf.parse(fs, args)
	if err != nil {
		return err
	}
	prior, err := loadPrior(*priorPath)
	if err != nil {
		return err
	}
	if *floor < 0 || *floor >= 1 {
		return fmt.Errorf("%w: -floor must be in [0,1)", errUsage)
	}
	var examples []extract.Example
	var group []int // each example's calibration group: its article's
	pos, articles := 0, 0
	for _, dir := range fs.Args() {
		exs, err := filterExamples(ctx, env.stderr, x, dir, tf.texts, keep)
		if err != nil {
			return err
		}
		for _, art := range exs {
			for _, e := range art {
				if e.Positive {
					pos++
				}
				if prior != nil {
					e.Offset = prior.Logit(e.Features)
				}
				examples = append(examples, e)
				group = append(group, articles%tf.groups)
			}
			articles++
		}
	}
	if len(examples) == 0 {
		return errors.New("train-filter: no examples: the corpora gave no event")
	}
	learnt := extract.TrainLogistic(examples, tf.epochs, tf.l2, 1)
	if prior != nil {
		learnt = prior.Plus(learnt)
	}
	m := &extract.ConfidenceModel{Logistic: *learnt, Scale: 1, Floor: *floor}
	if tf.groups > 1 {
		m.Scale, m.Shift = extract.Calibrate(examples, group, tf.groups, tf.epochs, tf.l2, 1)
		if m.Scale <= 0 {
			return fmt.Errorf("train-filter: calibration on held-out articles gave scale %.3f: the model ranks new articles no better than chance; train on more labelled articles, or pass -calibrate 1", m.Scale)
		}
	}
	fmt.Fprintf(env.stderr, "train-filter: %d examples (%d positive, %d negative), %d features, calibration scale %.3f shift %.3f\n",
		len(examples), pos, len(examples)-pos, len(m.Weights), m.Scale, m.Shift)
	return tf.write(env, m.JSON)
}

// loadPrior reads the model train-filter -prior names: none for "", the
// shipped one for "embedded", else a file written by train-filter. The
// correction is trained on the prior's raw log-odds; its calibration is
// fitted again.
func loadPrior(path string) (*extract.Logistic, error) {
	var (
		m   *extract.ConfidenceModel
		err error
	)
	switch path {
	case "":
		return nil, nil
	case "embedded":
		m, err = extract.EmbeddedConfidenceModel()
	default:
		var b []byte
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%w: -prior: %w", errUsage, err)
		}
		m, err = extract.LoadConfidenceModel(b)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: -prior: %w", errUsage, err)
	}
	if m == nil {
		return nil, fmt.Errorf("%w: -prior %s: an empty model", errUsage, path)
	}
	return &m.Logistic, nil
}

// trainFlags are the flags every model-training command takes.
type trainFlags struct {
	texts, folds, out string
	epochs, groups    int
	l2                float64
}

func (t *trainFlags) register(fs *flag.FlagSet, calibrate string) {
	fs.StringVar(&t.texts, "texts", "", "directory holding the article files of corpora whose texts are not beside their gold.jsonl (testdata/real: .cache/real)")
	fs.StringVar(&t.folds, "fold", "", "comma list of folds to train on, in corpora that have folds (corpora without folds are used whole)")
	fs.IntVar(&t.epochs, "epochs", 20, "passes over the examples")
	fs.Float64Var(&t.l2, "l2", 0.01, "L2 regularisation per example")
	fs.IntVar(&t.groups, "calibrate", 5, calibrate)
	fs.StringVar(&t.out, "o", "", "write the model here (default: stdout)")
}

// parse parses args and checks the shared flags, and builds the extractor
// whose rules give the examples. keep is the folds to train on.
func (t *trainFlags) parse(fs *flag.FlagSet, args []string) (x *extract.Extractor, keep []string, err error) {
	if err := parseArgs(fs, args); err != nil {
		return nil, nil, err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return nil, nil, fmt.Errorf("%w: no corpus directory given", errUsage)
	}
	if t.epochs < 1 || t.groups < 1 || t.l2 < 0 {
		return nil, nil, fmt.Errorf("%w: -epochs and -calibrate must be at least 1, -l2 at least 0", errUsage)
	}
	if x, err = extract.NewWithOptions(extract.Options{NoFilter: true}); err != nil {
		return nil, nil, fmt.Errorf("build extractor: %w", err)
	}
	if t.folds != "" {
		keep = strings.Split(t.folds, ",")
	}
	return x, keep, nil
}

// write writes the model JSON to -o, or to stdout without it.
func (t *trainFlags) write(env *cliEnv, render func() ([]byte, error)) error {
	b, err := render()
	if err != nil {
		return err
	}
	if t.out == "" {
		_, err = env.stdout.Write(b)
		return err
	}
	return os.WriteFile(t.out, b, 0o644)
}

// filterExamples labels the rule events of one corpus directory, one
// slice per article.
func filterExamples(ctx context.Context, warn io.Writer, x *extract.Extractor, dir, texts string, folds []string) ([][]extract.Example, error) {
	var out [][]extract.Example
	err := eachLabelled(warn, dir, texts, folds, func(g eval.Article, a schemas.Article) error {
		cands, err := x.Candidates(ctx, a)
		if err != nil {
			return err
		}
		g = g.Canonical(x.Gazetteer().CanonicalID)
		for i := range cands {
			cands[i].Event = eval.CanonicalEvents([]schemas.DealEvent{cands[i].Event}, x.Gazetteer().CanonicalID)[0]
		}
		used := make([]bool, len(g.Events))
		var art []extract.Example
	next:
		for _, c := range cands {
			for i, ge := range g.Events {
				if !used[i] && eval.Matches(c.Event, ge) {
					used[i] = true
					art = append(art, extract.Example{Features: c.Features, Positive: true})
					continue next
				}
			}
			for _, ge := range g.Optional {
				if eval.Matches(c.Event, ge) {
					continue next
				}
			}
			art = append(art, extract.Example{Features: c.Features})
		}
		out = append(out, art)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("train-filter %s: %w", dir, err)
	}
	return out, nil
}

// eachLabelled calls fn with every labelled article of a corpus directory
// in the folds given (all when none), its text read from texts when the
// corpus keeps its texts in a cache, its publication date and source from
// the labels. As eval does, it leaves out an article whose cached text is
// not the one its corpus's manifest recorded, and names those on warn: a
// model must not learn labels from a text they were not written for.
func eachLabelled(warn io.Writer, dir, texts string, folds []string, fn func(g eval.Article, a schemas.Article) error) error {
	gold, err := eval.LoadGold(dir)
	if err != nil {
		return err
	}
	hashes, err := eval.LoadTextHashes(dir)
	if err != nil {
		return err
	}
	var stale []string
	for _, g := range gold {
		if g.Fold != "" && len(folds) > 0 && !slices.Contains(folds, g.Fold) {
			continue
		}
		textDir := dir
		if g.Fold != "" && texts != "" {
			textDir = texts
		}
		a, isStale, err := eval.LoadText(g, filepath.Join(textDir, g.File), hashes[g.ID], files.Load)
		if err != nil {
			return err
		}
		if isStale {
			stale = append(stale, g.ID)
			continue
		}
		if err := fn(g, a); err != nil {
			return fmt.Errorf("article %s: %w", g.ID, err)
		}
	}
	warnStale(warn, "", dir, stale)
	return nil
}

// warnStale names on w the articles of corpus dir left out because their
// cached text is not the labelled one (eval and the training commands);
// prefix names the command ("eval ") or is empty.
func warnStale(w io.Writer, prefix, dir string, stale []string) {
	if len(stale) > 0 {
		fmt.Fprintf(w, "%s%s: left out %d articles whose text is not the labelled one (sha256 differs from %s/manifest.jsonl): %s\n",
			prefix, dir, len(stale), dir, strings.Join(stale, " "))
	}
}
