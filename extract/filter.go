package extract

import (
	"context"
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/dealwatch/dealwatch/schemas"
)

// The confidence model is the last stage: a logistic regression, trained
// on labelled real articles (`dealwatch train-filter`), that gives every
// event the rules found the probability that a labeller following
// LABELING.md states it too. That probability is the event's confidence,
// so that a threshold on it (an alert rule's min_confidence, an analyst's
// WHERE confidence >= 0.8) selects events by how often such events are
// right. The rules were written against our own prose; real news restates
// old deals, quotes totals and names products in ways the rules accept,
// and the model learns from features of the event and of its evidence
// sentence which of the rules' events real articles' labellers accepted.
// Events below the model's floor are dropped (stage floor; the embedded
// model's floor is 0.2): on real news most of them restate old deals or
// pair organisations a sentence only lists. A rumoured or background
// event's confidence stays at or below 0.4.

//go:embed filter_model.json
var filterModelJSON []byte

// Candidate is one event the rules found, with the features the
// confidence model scores.
type Candidate struct {
	Event    schemas.DealEvent
	Features []string
}

// ConfidenceModel is the trained confidence model: a logistic regression
// whose log-odds are rescaled by Platt scaling fitted on held-out
// articles (Calibrate).
type ConfidenceModel struct {
	Logistic
	// Scale and Shift map the regression's log-odds z to the confidence
	// sigmoid(Scale*z + Shift).
	Scale float64 `json:"scale"`
	Shift float64 `json:"shift"`
	// Floor is the confidence below which an event is dropped.
	Floor float64 `json:"floor"`
}

// Prob is the confidence of an event with these features.
func (m *ConfidenceModel) Prob(features []string) float64 { return m.calibrated(m.Logit(features)) }

// calibrated maps the regression's log-odds to a confidence.
func (m *ConfidenceModel) calibrated(logit float64) float64 { return sigmoid(m.Scale*logit + m.Shift) }

// LoadConfidenceModel parses a model written by ConfidenceModel.JSON. An
// empty input gives no model: every candidate is kept with the rules'
// confidence.
func LoadConfidenceModel(b []byte) (*ConfidenceModel, error) {
	m, err := decodeModel[ConfidenceModel](b, "confidence model")
	if m == nil || err != nil {
		return nil, err
	}
	if m.Floor < 0 || m.Floor >= 1 {
		return nil, fmt.Errorf("confidence model: floor %v outside [0,1)", m.Floor)
	}
	if m.Scale <= 0 {
		return nil, fmt.Errorf("confidence model: scale %v must be positive", m.Scale)
	}
	return m, nil
}

// EmbeddedConfidenceModel returns the confidence model the extractor ships
// with (filter_model.json), for training a correction to it.
func EmbeddedConfidenceModel() (*ConfidenceModel, error) { return LoadConfidenceModel(filterModelJSON) }

// JSON renders the model one weight per line, sorted by feature.
func (m *ConfidenceModel) JSON() ([]byte, error) {
	head := fmt.Sprintf("  \"floor\": %s,\n  \"scale\": %s,\n  \"shift\": %s,\n", jsonFloat(m.Floor), jsonFloat(m.Scale), jsonFloat(m.Shift))
	return weightsJSON(head, m.Bias, m.Weights)
}

// Candidates returns every stated (or, with IncludeRumoured, rumoured)
// event the rules find in the article, before the confidence model, each
// with its features.
func (x *Extractor) Candidates(ctx context.Context, a schemas.Article) ([]Candidate, error) {
	evs, err := x.ruleEvents(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(evs))
	wc := &wordCache{}
	title := lowerTitle(a)
	for i, e := range evs {
		var f featureList
		x.eventFeatures(&f, wc, a, title, evs, i)
		out[i] = Candidate{Event: e, Features: f}
	}
	return out, nil
}

// lowerTitle is the article's headline, or its first line when it has
// none, lower-cased.
func lowerTitle(a schemas.Article) string {
	if a.Title != "" {
		return strings.ToLower(a.Title)
	}
	return strings.ToLower(firstLine(a.Text))
}

// scored gives the rules' events the model's confidence and drops those
// below its floor, or below extras[i].floor for event i when that is higher
// (extras may be nil); an event whose other reading (extras[i].alts) the
// model trusts more takes that reading's evidence. With veto (veto.go), it
// also drops the events it gives less than the veto model's
// ConfidenceUnder that veto rejects. It scores the features as
// eventFeatures gives them, without collecting them.
func (x *Extractor) scored(a schemas.Article, evs []schemas.DealEvent, extras []eventExtra, veto func(schemas.DealEvent) bool) []schemas.DealEvent {
	title := lowerTitle(a)
	sum := &logitSum{weights: x.filter.Weights, buf: make([]byte, 0, 64)}
	wc := &wordCache{}
	floor := x.filter.Floor
	if !x.enabled(StageFloor) {
		floor = 0
	}
	out := evs[:0]
	for i := range evs {
		sum.sum = x.filter.Bias
		x.eventFeatures(sum, wc, a, title, evs, i)
		p := x.filter.calibrated(sum.sum)
		e := evs[i]
		if i < len(extras) {
			// another reading of the same event that the model trusts more
			// gives the event its evidence and confidence
			if q, alt := x.bestReading(sum, wc, a, title, evs, i, extras[i].alts); q > p {
				p, e = q, alt
			}
			evs[i] = e
		}
		dropped := func(p float64, e schemas.DealEvent) bool {
			return p < floor || floor > 0 && i < len(extras) && p < extras[i].floor ||
				veto != nil && p < x.veto.ConfidenceUnder && veto(e)
		}
		if dropped(p, e) {
			// a reading with another action, which mergeFrames set aside for
			// the stronger action, keeps the event when the model trusts it
			// ("are joining forces" in the lead, "deepened their
			// collaboration" in a background aside)
			if i >= len(extras) {
				continue
			}
			q, alt := x.bestReading(sum, wc, a, title, evs, i, extras[i].others)
			evs[i] = e
			if q < 0 || dropped(q, alt) {
				continue
			}
			p, e = q, alt
		}
		if e.Modality != schemas.ModalityStated {
			p = math.Min(p, 0.4)
		}
		e.Confidence = math.Round(p*1000) / 1000
		out = append(out, e)
	}
	return out
}

// bestReading returns the reading of event i among readings that the
// model trusts most, and its confidence; -1 when there is none. It leaves
// evs[i] set to the last reading scored.
func (x *Extractor) bestReading(sum *logitSum, wc *wordCache, a schemas.Article, title string, evs []schemas.DealEvent, i int, readings []schemas.DealEvent) (float64, schemas.DealEvent) {
	p, best := -1.0, schemas.DealEvent{}
	for _, r := range readings {
		evs[i] = r
		sum.sum = x.filter.Bias
		x.eventFeatures(sum, wc, a, title, evs, i)
		if q := x.filter.calibrated(sum.sum); q > p {
			p, best = q, r
		}
	}
	return p, best
}

// eventFeatures describes event i of an article's events to the
// confidence model, feature by feature to sink: what the event is, where
// its evidence stands, what its evidence sentence says around it (words,
// years against the publication year, quotes), and how it relates to the
// other events of the article. title is the article's headline (or first
// line), lower-cased.
func (x *Extractor) eventFeatures(sink featureSink, wc *wordCache, a schemas.Article, title string, evs []schemas.DealEvent, i int) {
	e := evs[i]
	kind := e.KindOf()
	sink.add("type=", e.Type, "", "")
	sink.add("type+kind=", e.Type, "/", kind)
	sink.add("action=", e.Action, "", "")
	switch {
	case e.Amount == nil:
		sink.add("amount=none", "", "", "")
	case e.Amount.Value == nil:
		sink.add("amount=vague", "", "", "")
	default:
		sink.add("amount=value", "", "", "")
		sink.add("amount_log10=", strconv.Itoa(int(math.Floor(math.Log10(math.Max(*e.Amount.Value, 1))))), "", "")
		if e.Amount.Qualifier != "" {
			sink.add("qualifier=", e.Amount.Qualifier, "", "")
		}
	}
	if e.Capacity != nil {
		sink.add("capacity=", e.Capacity.Unit, "", "")
	}
	known := 0
	for _, p := range e.Parties {
		if _, ok := x.gaz.Org(p.ID); ok {
			known++
		}
	}
	sink.add("parties=", strconv.Itoa(len(e.Parties)), " known=", strconv.Itoa(known))
	for _, p := range e.Parties {
		k := "unknown"
		if o, ok := x.gaz.Org(p.ID); ok && o.Kind != "" {
			k = o.Kind
		}
		sink.add("party_kind=", p.Role, "/", k)
	}
	sink.add("rules_confidence=", strconv.Itoa(int(e.Confidence*10)), "", "")
	switch start := e.Evidence.Start; {
	case start < 300:
		sink.add("pos=lead", "", "", "")
	case start < 1000:
		sink.add("pos=early", "", "", "")
	default:
		sink.add("pos=late", "", "", "")
	}
	inTitle := 0
	for _, p := range e.Parties {
		if n := wc.lower(p.Name); n != "" && strings.Contains(title, n) {
			inTitle++
		}
	}
	sink.add("in_title=", strconv.Itoa(inTitle), "", "")
	pubYear := 0
	if a.PublishedAt != nil {
		pubYear = a.PublishedAt.UTC().Year()
	}
	words, quote := wc.sentence(e.Evidence.Sentence)
	if quote {
		sink.add("quote", "", "", "")
	}
	partyWords := wc.partyWords[:0]
	for _, p := range e.Parties {
		partyWords = append(partyWords, wc.words(p.Name)...)
	}
	wc.partyWords = partyWords
	for k, w := range words {
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && isDigits(w) {
			y, _ := strconv.Atoi(w)
			switch {
			case pubYear == 0:
			case y < pubYear:
				sink.add("year<pub", "", "", "")
			case y == pubYear:
				sink.add("year=pub", "", "", "")
			default:
				sink.add("year>pub", "", "", "")
			}
			continue
		}
		if slices.Contains(partyWords, w) || isDigits(w) || slices.Contains(words[:k], w) {
			continue
		}
		sink.add("w=", w, "", "")
	}
	x.pairPlacement(sink, wc, e, words)
	n := len(evs)
	switch {
	case n == 1:
		sink.add("events=1", "", "", "")
	case n <= 3:
		sink.add("events=2-3", "", "", "")
	default:
		sink.add("events=4+", "", "", "")
	}
	first, pairElsewhere := true, false
	for j, o := range evs {
		if j == i {
			continue
		}
		if o.Evidence.Start < e.Evidence.Start {
			first = false
		}
		pairElsewhere = pairElsewhere || samePartySet(o, e)
	}
	if pairElsewhere {
		sink.add("pair_elsewhere", "", "", "")
	}
	if first {
		sink.add("first_event", "", "", "")
	}
}

// pairPlacement describes where a two-party event's parties stand in its
// evidence sentence: the words between them, which comes first, and
// whether one is not named there.
func (x *Extractor) pairPlacement(sink featureSink, wc *wordCache, e schemas.DealEvent, words []string) {
	if len(e.Parties) != 2 {
		return
	}
	var at [2]int
	for k, p := range e.Parties {
		at[k] = -1
		if pw := wc.words(p.Name); len(pw) > 0 {
			at[k] = slices.Index(words, pw[0])
		}
		if at[k] < 0 {
			sink.add("absent=", p.Role, "", "")
		}
	}
	if at[0] >= 0 && at[1] >= 0 && at[0] != at[1] {
		lo, hi := min(at[0], at[1]), max(at[0], at[1])
		gap := hi - lo - 1
		switch {
		case gap <= 1:
			sink.add("gap=0-1", "", "", "")
		case gap <= 4:
			sink.add("gap=2-4", "", "", "")
		case gap <= 10:
			sink.add("gap=5-10", "", "", "")
		default:
			sink.add("gap=11+", "", "", "")
		}
		if gap <= 10 {
			for _, w := range words[lo+1 : hi] {
				sink.add("b=", w, "", "")
			}
		}
		sink.add("first_role=", e.Parties[slices.Index(at[:], lo)].Role, "", "")
	}
}

// wordCache keeps the words of the sentences and names an article's events
// share: most events of an article come from a few sentences and
// organisations.
type wordCache struct {
	keys       []string
	vals       [][]string
	quotes     []bool
	lows       map[string]string
	partyWords []string
}

// sentence returns the words of s and whether it holds a quotation mark.
func (c *wordCache) sentence(s string) ([]string, bool) {
	for i, k := range c.keys {
		if len(k) == len(s) && k == s {
			return c.vals[i], c.quotes[i]
		}
	}
	w := featureWords(s)
	q := strings.ContainsAny(s, "\"“”")
	c.keys, c.vals, c.quotes = append(c.keys, s), append(c.vals, w), append(c.quotes, q)
	return w, q
}

func (c *wordCache) words(s string) []string {
	w, _ := c.sentence(s)
	return w
}

func (c *wordCache) lower(s string) string {
	if l, ok := c.lows[s]; ok {
		return l
	}
	if c.lows == nil {
		c.lows = map[string]string{}
	}
	l := strings.ToLower(s)
	c.lows[s] = l
	return l
}

// featureSink receives an event's features, each the concatenation of its
// four parts.
type featureSink interface {
	add(a, b, c, d string)
}

// featureList collects the features (training).
type featureList []string

func (l *featureList) add(a, b, c, d string) { *l = append(*l, a+b+c+d) }

// logitSum adds up the weights of the features as they come, with one
// buffer for all of them (scoring: no string per feature).
type logitSum struct {
	weights map[string]float64
	buf     []byte
	sum     float64
}

func (s *logitSum) add(a, b, c, d string) {
	s.buf = append(append(append(append(s.buf[:0], a...), b...), c...), d...)
	s.sum += s.weights[string(s.buf)]
}

func samePartySet(a, b schemas.DealEvent) bool {
	if len(a.Parties) != len(b.Parties) {
		return false
	}
	for _, p := range a.Parties {
		found := false
		for _, q := range b.Parties {
			if p.ID == q.ID {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// featureWords splits s into lower-case runs of letters and digits.
func featureWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
