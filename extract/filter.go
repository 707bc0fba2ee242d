package extract

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/dealwatch/dealwatch/schemas"
)

// The event filter is the last stage: an averaged perceptron, trained on
// labelled real articles (`dealwatch train-filter`), that scores every
// event the rules found and keeps those with a positive score. The rules
// were written against our own prose; real news restates old deals, quotes
// totals and names products in ways the rules accept. The filter learns,
// from features of the event and of its evidence sentence, which of the
// rules' events real articles' labellers accepted.

//go:embed filter_model.json
var filterModelJSON []byte

// Candidate is one event the rules found, with the features the filter
// scores.
type Candidate struct {
	Event    schemas.DealEvent
	Features []string
}

// LoadFilterModel parses a model written by Perceptron.JSON. An empty
// input gives no model: every candidate is kept.
func LoadFilterModel(b []byte) (*Perceptron, error) {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil, nil
	}
	var p Perceptron
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("event filter model: %w", err)
	}
	return &p, nil
}

// Candidates returns every stated (or, with IncludeRumoured, rumoured)
// event the rules find in the article, before the event filter, each with
// its filter features.
func (x *Extractor) Candidates(ctx context.Context, a schemas.Article) ([]Candidate, error) {
	evs, err := x.ruleEvents(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make([]Candidate, len(evs))
	for i, e := range evs {
		out[i] = Candidate{Event: e, Features: x.eventFeatures(a, evs, i)}
	}
	return out, nil
}

// keep applies the filter model to the candidates.
func (x *Extractor) keep(cands []Candidate) []schemas.DealEvent {
	out := make([]schemas.DealEvent, 0, len(cands))
	for _, c := range cands {
		if x.filter == nil || x.filter.Score(c.Features) > 0 {
			out = append(out, c.Event)
		}
	}
	return out
}

// eventFeatures describes event i of an article's events for the filter:
// what the event is, where its evidence stands, what its evidence sentence
// says around it (words, years against the publication year, quotes), and
// how it relates to the other events of the article.
func (x *Extractor) eventFeatures(a schemas.Article, evs []schemas.DealEvent, i int) []string {
	e := evs[i]
	f := make([]string, 0, 48)
	kind := e.KindOf()
	f = append(f, "type="+e.Type, "type+kind="+e.Type+"/"+kind, "action="+e.Action)
	switch {
	case e.Amount == nil:
		f = append(f, "amount=none")
	case e.Amount.Value == nil:
		f = append(f, "amount=vague")
	default:
		f = append(f, "amount=value", "amount_log10="+strconv.Itoa(int(math.Floor(math.Log10(math.Max(*e.Amount.Value, 1))))))
		if e.Amount.Qualifier != "" {
			f = append(f, "qualifier="+e.Amount.Qualifier)
		}
	}
	if e.Capacity != nil {
		f = append(f, "capacity="+e.Capacity.Unit)
	}
	known := 0
	for _, p := range e.Parties {
		if _, ok := x.gaz.Org(p.ID); ok {
			known++
		}
	}
	f = append(f, fmt.Sprintf("parties=%d known=%d", len(e.Parties), known))
	switch start := e.Evidence.Start; {
	case start < 300:
		f = append(f, "pos=lead")
	case start < 1000:
		f = append(f, "pos=early")
	default:
		f = append(f, "pos=late")
	}
	title := strings.ToLower(a.Title)
	if title == "" {
		title = strings.ToLower(firstLine(a.Text))
	}
	inTitle := 0
	for _, p := range e.Parties {
		if n := strings.ToLower(p.Name); n != "" && strings.Contains(title, n) {
			inTitle++
		}
	}
	f = append(f, "in_title="+strconv.Itoa(inTitle))
	pubYear := 0
	if a.PublishedAt != nil {
		pubYear = a.PublishedAt.UTC().Year()
	}
	sent := e.Evidence.Sentence
	if strings.ContainsAny(sent, "\"“”") {
		f = append(f, "quote")
	}
	partyWords := map[string]bool{}
	for _, p := range e.Parties {
		for _, w := range featureWords(p.Name) {
			partyWords[w] = true
		}
	}
	seen := map[string]bool{}
	for _, w := range featureWords(sent) {
		if len(w) == 4 && (strings.HasPrefix(w, "19") || strings.HasPrefix(w, "20")) && isDigits(w) {
			y, _ := strconv.Atoi(w)
			switch {
			case pubYear == 0:
			case y < pubYear:
				f = append(f, "year<pub")
			case y == pubYear:
				f = append(f, "year=pub")
			default:
				f = append(f, "year>pub")
			}
			continue
		}
		if partyWords[w] || isDigits(w) || seen[w] {
			continue
		}
		seen[w] = true
		f = append(f, "w="+w)
	}
	n := len(evs)
	switch {
	case n == 1:
		f = append(f, "events=1")
	case n <= 3:
		f = append(f, "events=2-3")
	default:
		f = append(f, "events=4+")
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
		f = append(f, "pair_elsewhere")
	}
	if first {
		f = append(f, "first_event")
	}
	return f
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
