package extract

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// The round model reads the investors a funding round's article names
// apart from the company they back. Real news tells a round in one sentence
// and its backers in another that names only them ("The round was led by
// A, with participation from B and C", "The backer list reads: A, B, C",
// "D, another existing investor, will also participate"), where neither
// the rules nor the pair model, which reads two organisations of one
// sentence, see the investee. In an article whose rule investments all go
// to one company, every organisation a sentence names without that
// company is a candidate investor; a logistic regression trained on the
// labelled real articles (dealwatch train-rounds) scores it from the
// sentence's words (names masked), the words around the organisation, its
// kind and how far the sentence stands from one naming the company. A
// candidate it gives at least AddAbove becomes the company's investment,
// without an amount (a round's total is no investor's own), its confidence
// the model's probability, at most pairConfidenceCap.

//go:embed round_model.json
var roundModelJSON []byte

// RoundModel is the trained round model.
type RoundModel struct {
	Logistic
	// Scale and Shift map the regression's log-odds z to the probability
	// sigmoid(Scale*z + Shift), fitted on held-out articles (Calibrate).
	Scale float64 `json:"scale"`
	Shift float64 `json:"shift"`
	// AddAbove is the probability from which a candidate becomes an event.
	AddAbove float64 `json:"add_above"`
}

// LoadRoundModel parses a model written by RoundModel.JSON. An empty input
// gives no model: the extractor adds no round investor.
func LoadRoundModel(b []byte) (*RoundModel, error) {
	m, err := decodeModel[RoundModel](b, "round model")
	if m == nil || err != nil {
		return nil, err
	}
	if m.AddAbove <= 0 || m.AddAbove >= 1 {
		return nil, fmt.Errorf("round model: add_above %v outside (0,1)", m.AddAbove)
	}
	if m.Scale <= 0 {
		return nil, fmt.Errorf("round model: scale %v must be positive", m.Scale)
	}
	return m, nil
}

// JSON renders the model one weight per line, sorted by feature.
func (m *RoundModel) JSON() ([]byte, error) {
	head := fmt.Sprintf("  \"add_above\": %s,\n  \"scale\": %s,\n  \"shift\": %s,\n", jsonFloat(m.AddAbove), jsonFloat(m.Scale), jsonFloat(m.Shift))
	return weightsJSON(head, m.Bias, m.Weights)
}

// prob is the model's probability that candidate c, read from the words
// lows, invests. It looks each feature up without a string for it.
func (m *RoundModel) prob(c *roundCandidate, lows [][]string) float64 {
	z := m.Bias
	buf := make([]byte, 0, 64)
	c.features(lows[c.sent], func(prefix, word string) {
		buf = append(append(buf[:0], prefix...), word...)
		z += m.Weights[string(buf)]
	})
	return sigmoid(m.Scale*z + m.Shift)
}

// RoundCandidate is one organisation an article names apart from the
// company its round backs: what the round model is trained on.
type RoundCandidate struct {
	Investor, Investee string // canonical ids
	Features           []string
}

// roundCandidate is a candidate with the mentions and sentence an event
// needs, and what its features tell beside the sentence's words.
type roundCandidate struct {
	investor, investee *mention
	sent               int
	orgs               int // organisations its sentence names
	dist               int // sentences to the nearest naming the investee (sentencesApart)
	events             int // the investee's rule investments
}

// roundCandidates finds, in an article whose rule investments evs all go
// to one company, the organisations named in sentences that do not name
// it and that no rule event pairs with it. lows are the sentences' words
// with names masked (maskedWords), read here when nil and needed; it
// returns them.
func (x *Extractor) roundCandidates(infos []sentenceInfo, evs []schemas.DealEvent, lows [][]string) ([]roundCandidate, [][]string) {
	investee := ""
	ruled := map[string]bool{} // organisations a rule event already pairs with the investee
	events := 0
	for _, e := range evs {
		if e.Type != schemas.TypeCommitment || e.Kind == nil || *e.Kind != schemas.KindInvestment || len(e.Parties) != 2 {
			continue
		}
		to := x.gaz.CanonicalID(e.Parties[1].ID)
		if e.Parties[0].Role == schemas.RoleTo {
			to = x.gaz.CanonicalID(e.Parties[0].ID)
		}
		if investee != "" && to != investee {
			return nil, lows // several investees: not one round's article
		}
		investee = to
		events++
	}
	if investee == "" {
		return nil, lows
	}
	for _, e := range evs {
		ids := make([]string, 0, len(e.Parties))
		for _, p := range e.Parties {
			ids = append(ids, x.gaz.CanonicalID(p.ID))
		}
		if slices.Contains(ids, investee) {
			for _, id := range ids {
				ruled[id] = true
			}
		}
	}
	names := make([]bool, len(infos)) // the sentences naming the investee
	var im *mention                   // its first explicit mention
	for i := range infos {
		for k := range infos[i].ments {
			m := &infos[i].ments[k]
			if m.org != nil && x.gaz.CanonicalID(m.org.ID) == investee {
				names[i] = true
				if im == nil && !m.implicit {
					im = m
				}
			}
		}
	}
	if im == nil {
		return nil, lows
	}
	seen := map[string]bool{}
	var out []roundCandidate
	for i := range infos {
		if names[i] {
			continue
		}
		si := &infos[i]
		orgs := countOrgs(si.ments)
		for k := range si.ments {
			m := &si.ments[k]
			if m.org == nil || m.implicit || m.brand {
				continue
			}
			id := x.gaz.CanonicalID(m.org.ID)
			if ruled[id] || seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, roundCandidate{investor: m, investee: im, sent: i, orgs: orgs, dist: sentencesApart(names, i), events: events})
		}
	}
	if len(out) > 0 && lows == nil {
		lows = maskedWords(infos)
	}
	return out, lows
}

// sentencesApart is how many sentences from i the nearest one names is, 4 for
// four or more.
func sentencesApart(names []bool, i int) int {
	for d := 1; d < 4; d++ {
		if i-d >= 0 && names[i-d] || i+d < len(names) && names[i+d] {
			return d
		}
	}
	return 4
}

// features gives add each feature of the candidate, prefix and word apart:
// its sentence's words low (names masked), the words around it, its kind
// and the investee's, how many organisations the sentence names, how far
// it stands from a sentence naming the investee, and how many rule
// investments the investee has.
func (c *roundCandidate) features(low []string, add func(prefix, word string)) {
	m := c.investor
	add("bias", "")
	add("k:", orgKind(m))
	add("xk:", orgKind(c.investee))
	add("norg:", strconv.Itoa(min(c.orgs, 6)))
	add("d:", strconv.Itoa(c.dist))
	add("nev:", strconv.Itoa(min(c.events, 3)))
	if c.sent == 0 {
		add("inhead", "")
	}
	for k, w := range low {
		if !slices.Contains(low[:k], w) {
			add("w:", w)
		}
	}
	for k := max(0, m.wi-3); k < m.wi; k++ {
		add("pre:", low[k])
	}
	if m.wi > 0 {
		add("pre1:", low[m.wi-1])
	}
	for k := m.wj; k < min(len(low), m.wj+2); k++ {
		add("post:", low[k])
	}
	if m.wj < len(low) {
		add("post1:", low[m.wj])
	}
}

// RoundCandidates returns the article's candidate investors with their
// features: the training examples of train-rounds.
func (x *Extractor) RoundCandidates(ctx context.Context, a schemas.Article) ([]RoundCandidate, error) {
	evs, _, infos, err := x.analyse(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []RoundCandidate
	cands, lows := x.roundCandidates(infos, evs, nil)
	for i := range cands {
		c := &cands[i]
		var fs []string
		c.features(lows[c.sent], func(prefix, word string) { fs = append(fs, prefix+word) })
		out = append(out, RoundCandidate{Investor: x.gaz.CanonicalID(c.investor.org.ID), Investee: x.gaz.CanonicalID(c.investee.org.ID), Features: fs})
	}
	return out, nil
}

// roundEvents are the investments the round model adds to the rules'
// events evs; masked are the sentences' words with names masked, or nil
// when not yet read.
func (x *Extractor) roundEvents(a schemas.Article, infos []sentenceInfo, evs []schemas.DealEvent, masked [][]string, now time.Time) []schemas.DealEvent {
	var out []schemas.DealEvent
	cands, lows := x.roundCandidates(infos, evs, masked)
	for i := range cands {
		c := &cands[i]
		p := x.rounds.prob(c, lows)
		if p < x.rounds.AddAbove {
			continue
		}
		si := &infos[c.sent]
		if m := si.modality(si.low, 0, len(si.low), nil); m == schemas.ModalityDenied || m == schemas.ModalityRumoured {
			continue
		}
		f := frame{typ: schemas.TypeCommitment, kind: schemas.KindInvestment, action: schemas.ActionNew,
			from: c.investor, to: c.investee, sent: c.sent, modality: schemas.ModalityStated}
		e := x.event(a, si.sentence, f, now)
		e.Confidence = math.Round(min(p, pairConfidenceCap)*1000) / 1000
		out = append(out, e)
	}
	return out
}
