package extract

import (
	_ "embed"

	"github.com/dealwatch/dealwatch/schemas"
)

// The veto model drops rule events it finds unlikely. It is a pair model
// (pairs.go) with the same features, trained for another question: whether
// the labels hold any event of a label between two organisations one
// sentence names, its amount aside (dealwatch train-pairs -drop-below).
// The rules' events for the pair are among its features, so it learns
// where a rule reads a deal the labels do not hold. A rule event of two
// parties is dropped when the confidence model, which scores one event
// from its frame, gave it less than the veto's ConfidenceUnder and the
// veto gives its label between the two less than DropBelow: the veto sees
// every sentence naming both, the confidence model only the evidence.
// Events of one party or of more than two, and the pair model's own, are
// left as they are.

//go:embed pair_veto.json
var pairVetoJSON []byte

// vetoer returns the veto's judgement on the article's rule events: true
// for an event of two organisations whose pair pes holds and whose label
// the veto model gives less than its DropBelow. pes and lows are the pairs
// and words as the veto reads them (pairsFor).
func (x *Extractor) vetoer(infos []sentenceInfo, pes []*pairEvidence, lows [][]string) func(schemas.DealEvent) bool {
	byKey := make(map[[2]string]*pairEvidence, len(pes))
	for _, pe := range pes {
		byKey[pe.ids] = pe
	}
	sc := newPairScorer(x.veto, infos, lows)
	probs := map[*pairEvidence]labelWeights{}
	return func(e schemas.DealEvent) bool {
		if len(e.Parties) != 2 {
			return false
		}
		pe := byKey[x.partyPair(&e)]
		i := labelIndex(&e)
		if pe == nil || i < 0 {
			return false
		}
		p, ok := probs[pe]
		if !ok {
			p = sc.probs(pe)
			probs[pe] = p
		}
		return p[i] < x.veto.DropBelow
	}
}
