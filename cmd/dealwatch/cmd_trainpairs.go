package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
	"github.com/dealwatch/dealwatch/schemas"
)

// runTrainPairs trains the pair model (extract/pairs.go) on labelled
// corpora: every (pair of organisations one sentence names, deal label) is
// a positive example when the article's required events hold an event of
// that label between exactly those two and without an amount (the model
// adds events without one), no example when only an optional event does,
// and a negative one otherwise.
func runTrainPairs(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "train-pairs")
	var tf trainFlags
	tf.register(fs, "fit the probability to held-out articles in this many groups (1: no calibration)")
	addAbove := fs.Float64("add-above", 0.5, "add an event the rules did not find when the model's probability is at least this")
	addAboveFor := fs.String("add-above-for", "", "per-label `thresholds` overriding -add-above, as label=p,... (labels: partnership, commitment/compute, commitment/cloud_services, commitment/investment)")
	minCount := fs.Int("min-count", 6, "learn only from features seen in at least this many examples (the shipped models: 6)")
	dropBelow := fs.Float64("drop-below", 0, "train a veto model instead (extract/pair_veto.json): whether the labels hold any event of a label between the two, amount aside; the extractor drops a rule event the model gives less than this")
	maskNames := fs.Bool("mask-names", false, "the model's features see every organisation's name as one placeholder: it learns phrasings, not companies")
	confUnder := fs.Float64("confidence-under", 0.7, "with -drop-below: the veto judges only the events the confidence model gives less than this")
	priorPath := fs.String("prior", "", "train a correction to this model (a file from train-pairs, or \"embedded\" for the shipped pair model, or with -drop-below the shipped veto) instead of a model from scratch: "+
		"what the prior learnt from corpora no longer at hand is kept where the new examples do not contradict it")
	x, keep, err := tf.parse(fs, args)
	if err != nil {
		return err
	}
	if *addAbove <= 0 || *addAbove >= 1 || *minCount < 1 || *dropBelow < 0 || *dropBelow >= 1 || *confUnder <= 0 || *confUnder > 1 {
		return fmt.Errorf("%w: -add-above must be in (0,1), -drop-below in [0,1), -confidence-under in (0,1] and -min-count at least 1", errUsage)
	}
	veto := *dropBelow > 0
	if veto && *addAboveFor != "" {
		return fmt.Errorf("%w: -add-above-for is for a model that adds events, not a veto model (-drop-below)", errUsage)
	}
	perLabel, err := parseThresholds(*addAboveFor)
	if err != nil {
		return fmt.Errorf("%w: -add-above-for: %w", errUsage, err)
	}
	prior, err := loadPairPrior(*priorPath, veto, *maskNames)
	if err != nil {
		return err
	}
	var examples []extract.Example
	var group []int // each example's calibration group: its article's
	var fit []bool  // the examples like those the model decides: no rule found their label (adding), a rule did (veto)
	pos, articles := 0, 0
	for _, dir := range fs.Args() {
		err := eachLabelled(env.stderr, dir, tf.texts, keep, func(g eval.Article, a schemas.Article) error {
			cands, err := x.PairCandidates(ctx, a, *maskNames)
			if err != nil {
				return err
			}
			g = g.Canonical(x.Gazetteer().CanonicalID)
			for _, c := range cands {
				switch {
				case holdsDeal(g.Events, c.Label, c.Parties, !veto):
					pos++
					examples = append(examples, extract.Example{Features: c.Features, Positive: true})
				case holdsDeal(g.Optional, c.Label, c.Parties, false):
					continue // an optional deal: neither right nor wrong
				default:
					// a deal the labels give an amount is a negative example
					// too: the model adds events without one, which would not
					// match it
					examples = append(examples, extract.Example{Features: c.Features})
				}
				group = append(group, articles%tf.groups)
				fit = append(fit, c.Ruled == veto)
			}
			articles++
			return nil
		})
		if err != nil {
			return fmt.Errorf("train-pairs %s: %w", dir, err)
		}
	}
	if len(examples) == 0 {
		return errors.New("train-pairs: no examples: no sentence of the corpora names two organisations")
	}
	if prior != nil {
		// the prior's log-odds from every feature, before the rare ones go:
		// it learnt them from corpora where they were not rare
		for i := range examples {
			examples[i].Offset = prior.Logit(examples[i].Features)
		}
	}
	dropRare(examples, *minCount)
	learnt := extract.TrainLogistic(examples, tf.epochs, tf.l2, 1)
	if prior != nil {
		learnt = prior.Plus(learnt)
	}
	m := &extract.PairModel{Logistic: *learnt, Scale: 1, AddAbove: *addAbove, AddAboveFor: perLabel}
	m.MaskNames = *maskNames
	if veto {
		m.AddAbove, m.DropBelow, m.ConfidenceUnder = 0, *dropBelow, *confUnder
	}
	if tf.groups > 1 {
		// fitted where the model decides: the rules' own finding of a label
		// makes the other examples easy
		m.Scale, m.Shift = extract.CalibrateOn(examples, group, fit, tf.groups, tf.epochs, tf.l2, 1)
	}
	fmt.Fprintf(env.stderr, "train-pairs: %d examples (%d positive), %d features, calibration scale %.3f shift %.3f\n", len(examples), pos, len(m.Weights), m.Scale, m.Shift)
	return tf.write(env, m.JSON)
}

// loadPairPrior reads the model train-pairs -prior names: none for "", the
// shipped pair model (or, for a veto, the shipped veto) for "embedded", else
// a file written by train-pairs. The prior must be of the kind being
// trained, adding or dropping, and read names as maskNames says: its
// features are the examples'.
func loadPairPrior(path string, veto, maskNames bool) (*extract.Logistic, error) {
	if path == "" {
		return nil, nil
	}
	var (
		m   *extract.PairModel
		err error
	)
	if path == "embedded" {
		m, err = extract.EmbeddedPairModel(veto)
	} else {
		var b []byte
		if b, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%w: -prior: %w", errUsage, err)
		}
		m, err = extract.LoadPairModel(b)
	}
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: -prior: %w", errUsage, err)
	case m == nil:
		return nil, fmt.Errorf("%w: -prior %s: an empty model", errUsage, path)
	case (m.DropBelow > 0) != veto:
		return nil, fmt.Errorf("%w: -prior %s: a model that adds events and one that drops them (-drop-below) cannot correct each other", errUsage, path)
	case m.MaskNames != maskNames:
		return nil, fmt.Errorf("%w: -prior %s: mask_names %v, and -mask-names %v: the prior reads other features", errUsage, path, m.MaskNames, maskNames)
	}
	return &m.Logistic, nil
}

// parseThresholds reads "label=p,label=p" into a map of the pair model's
// labels to probabilities in (0,1) (extract.CheckThresholds).
func parseThresholds(s string) (map[string]float64, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	out := map[string]float64{}
	for _, item := range strings.Split(s, ",") {
		label, v, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("%q is not label=probability", item)
		}
		p, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", item, err)
		}
		out[label] = p
	}
	if err := extract.CheckThresholds(out); err != nil {
		return nil, err
	}
	return out, nil
}

// holdsDeal reports whether events hold an event of label (a type, or
// type/kind for a commitment) between exactly the two organisations
// parties, in either direction; with noAmount, only one that states no
// amount, as the events the pair and round models add.
func holdsDeal(events []eval.Event, label string, parties [2]string, noAmount bool) bool {
	return slices.ContainsFunc(events, func(e eval.Event) bool {
		l := e.Type
		if e.Kind != "" {
			l += "/" + e.Kind
		}
		return l == label && len(e.Parties) == 2 &&
			slices.Contains(e.Parties, parties[0]) && slices.Contains(e.Parties, parties[1]) &&
			(!noAmount || e.Amount == nil || e.Amount.Value == nil)
	})
}

// dropRare removes from the examples the features fewer than minCount
// examples hold: a word seen once or twice teaches the model nothing that
// carries to new articles, and would only grow the embedded model.
func dropRare(examples []extract.Example, minCount int) {
	count := map[string]int{}
	for _, ex := range examples {
		for _, f := range ex.Features {
			count[f]++
		}
	}
	for i := range examples {
		examples[i].Features = slices.DeleteFunc(examples[i].Features, func(f string) bool { return count[f] < minCount })
	}
}
