package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/eval"
	"github.com/dealwatch/dealwatch/schemas"
)

// runTrainRounds trains the round model (extract/roundmodel.go) on
// labelled corpora: every candidate investor of an article is a positive
// example when the article's required events hold its investment in the
// round's company without an amount (the model adds events without one),
// no example when only an optional event does, and a negative one
// otherwise.
func runTrainRounds(ctx context.Context, env *cliEnv, args []string) error {
	const investment = schemas.TypeCommitment + "/" + schemas.KindInvestment
	fs := newFlagSet(env, "train-rounds")
	var tf trainFlags
	tf.register(fs, "fit the probability to held-out articles in this many groups (1: no calibration)")
	addAbove := fs.Float64("add-above", 0.5, "add an investor when the model's probability is at least this")
	minCount := fs.Int("min-count", 5, "learn only from features seen in at least this many examples")
	x, keep, err := tf.parse(fs, args)
	if err != nil {
		return err
	}
	if *addAbove <= 0 || *addAbove >= 1 || *minCount < 1 {
		return fmt.Errorf("%w: -add-above must be in (0,1) and -min-count at least 1", errUsage)
	}
	var examples []extract.Example
	var group []int // each example's calibration group: its article's
	pos, articles := 0, 0
	for _, dir := range fs.Args() {
		err := eachLabelled(env.stderr, dir, tf.texts, keep, func(g eval.Article, a schemas.Article) error {
			cands, err := x.RoundCandidates(ctx, a)
			if err != nil {
				return err
			}
			g = g.Canonical(x.Gazetteer().CanonicalID)
			for _, c := range cands {
				parties := [2]string{c.Investor, c.Investee}
				switch {
				case holdsDeal(g.Events, investment, parties, true):
					pos++
					examples = append(examples, extract.Example{Features: c.Features, Positive: true})
				case holdsDeal(g.Optional, investment, parties, false):
					continue
				default:
					examples = append(examples, extract.Example{Features: c.Features})
				}
				group = append(group, articles%tf.groups)
			}
			articles++
			return nil
		})
		if err != nil {
			return fmt.Errorf("train-rounds %s: %w", dir, err)
		}
	}
	if len(examples) == 0 {
		return errors.New("train-rounds: no examples: no article's rule investments go to one company named apart from another organisation")
	}
	dropRare(examples, *minCount)
	m := &extract.RoundModel{Logistic: *extract.TrainLogistic(examples, tf.epochs, tf.l2, 1), Scale: 1, AddAbove: *addAbove}
	if tf.groups > 1 {
		m.Scale, m.Shift = extract.Calibrate(examples, group, tf.groups, tf.epochs, tf.l2, 1)
	}
	fmt.Fprintf(env.stderr, "train-rounds: %d examples (%d positive), %d features, calibration scale %.3f shift %.3f\n", len(examples), pos, len(m.Weights), m.Scale, m.Shift)
	return tf.write(env, m.JSON)
}
