// Package eval scores extracted deal events against labelled corpora in the
// format of extract/LABELING.md: one gold.jsonl per directory, one line per
// article with required "events" and "optional" events.
//
// A predicted event matches a gold event when the type and the set of party
// ids are equal; for commitments the kind must be equal too and the amounts
// both null (a vague amount with a null value counts as null) or within 1 %
// in the same currency. Predictions matching only an optional event are
// neither true nor false positives.
package eval

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// ErrNoGold is returned when a directory has no gold.jsonl.
var ErrNoGold = errors.New("no gold.jsonl")

// Article is one labelled article.
type Article struct {
	ID        string `json:"id"`
	File      string `json:"file"`
	Published string `json:"published"`
	Source    string `json:"source"`
	// Fold names the split an article belongs to (real-news corpus: "a",
	// "b", "c"); empty in corpora without folds.
	Fold     string  `json:"fold,omitempty"`
	Events   []Event `json:"events"`
	Optional []Event `json:"optional"`
}

// Event is one labelled event.
type Event struct {
	Type     string    `json:"type"`
	Action   string    `json:"action"`
	Kind     string    `json:"kind,omitempty"`
	Parties  []string  `json:"parties"`
	From     string    `json:"from,omitempty"`
	To       string    `json:"to,omitempty"`
	Holder   string    `json:"holder,omitempty"`
	Scope    string    `json:"scope,omitempty"`
	Amount   *Amount   `json:"amount,omitempty"`
	Capacity *Capacity `json:"capacity,omitempty"`
	Until    *string   `json:"until,omitempty"`
}

// Amount is a labelled amount.
type Amount struct {
	Value     *float64 `json:"value"`
	Currency  string   `json:"currency"`
	Qualifier string   `json:"qualifier"`
}

// Capacity is a labelled capacity.
type Capacity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// LoadGold reads dir/gold.jsonl.
func LoadGold(dir string) ([]Article, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "gold.jsonl"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNoGold)
	}
	if err != nil {
		return nil, err
	}
	return ParseGold(bytes.NewReader(raw))
}

// ParseGold reads gold lines; blank lines are skipped.
func ParseGold(r io.Reader) ([]Article, error) {
	var out []Article
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var a Article
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			return nil, fmt.Errorf("gold line %d: %w", n, err)
		}
		if a.File == "" {
			return nil, fmt.Errorf("gold line %d: no file", n)
		}
		out = append(out, a)
	}
	return out, sc.Err()
}

// PublishedTime parses the gold "published" field: RFC 3339, YYYY-MM-DD,
// or a month or year alone (YYYY-MM, YYYY: its first day), as labellers
// record a page that gives no more.
func (a Article) PublishedTime() *time.Time {
	for _, layout := range []string{time.RFC3339, "2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, a.Published); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

func partySet(ids []string) string {
	s := append([]string(nil), ids...)
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return strings.Join(out, ",")
}

// Matches reports whether predicted event p matches gold event g.
func Matches(p schemas.DealEvent, g Event) bool {
	if p.Type != g.Type || partySet(p.PartyIDs()) != partySet(g.Parties) {
		return false
	}
	if g.Type != schemas.TypeCommitment {
		return true
	}
	if p.KindOf() != g.Kind {
		return false
	}
	pv, pc := predAmount(p)
	if g.Amount == nil || g.Amount.Value == nil {
		return pv == nil
	}
	if pv == nil || pc != g.Amount.Currency {
		return false
	}
	gv := *g.Amount.Value
	return math.Abs(*pv-gv) <= 0.01*math.Abs(gv)
}

func predAmount(p schemas.DealEvent) (*float64, string) {
	if p.Amount == nil || p.Amount.Value == nil {
		return nil, ""
	}
	return p.Amount.Value, p.Amount.Currency
}

func roleOf(p schemas.DealEvent, role string) string {
	for _, q := range p.Parties {
		if q.Role == role {
			return q.ID
		}
	}
	return ""
}

// Counts are the tallies of one scoring run.
type Counts struct {
	Articles        int `json:"articles"`
	Gold            int `json:"gold"`
	Predicted       int `json:"predicted"`
	TruePositives   int `json:"true_positives"`
	FalsePositives  int `json:"false_positives"`
	FalseNegatives  int `json:"false_negatives"`
	OptionalMatched int `json:"optional_matched"`
	ActionOK        int `json:"action_ok"`
	DirectionOK     int `json:"direction_ok"`
	DirectionN      int `json:"direction_n"`
	QualifierOK     int `json:"qualifier_ok"`
	QualifierN      int `json:"qualifier_n"`
	// Per event type ("partnership", "commitment/investment", ...): tp, fp, fn.
	ByType map[string]*TypeCounts `json:"by_type,omitempty"`
	// FNCauses counts the false negatives by what the extractor gave
	// instead (see Near): the classes of error a change should move.
	FNCauses map[string]int `json:"fn_causes,omitempty"`
}

// What a false negative's nearest false positive in its article got wrong
// (Near), from most to least alike.
const (
	NearAmount  = "amount"  // the deal found, with another amount (or none)
	NearKind    = "kind"    // the parties' commitment found, of another kind
	NearParty   = "party"   // the deal found with one party wrong or missing
	NearMissing = "missing" // nothing like it
)

// FNCauseOrder lists the causes as reports print them.
var FNCauseOrder = []string{NearMissing, NearParty, NearKind, NearAmount}

// Near says how close the nearest of the false positives fps comes to the
// gold event g that no prediction matched.
func Near(g Event, fps []schemas.DealEvent) string {
	best := NearMissing
	gs := partySet(g.Parties)
	for _, p := range fps {
		if p.Type != g.Type {
			continue
		}
		if partySet(p.PartyIDs()) == gs {
			if g.Type != schemas.TypeCommitment || p.KindOf() == g.Kind {
				return NearAmount
			}
			best = NearKind
			continue
		}
		if best == NearMissing && sharesParty(p.PartyIDs(), g.Parties) && (g.Type != schemas.TypeCommitment || p.KindOf() == g.Kind) {
			best = NearParty
		}
	}
	return best
}

func sharesParty(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// TypeCounts are the tallies of one event type (commitments by kind).
type TypeCounts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

func typeKey(typ, kind string) string {
	if typ == schemas.TypeCommitment && kind != "" {
		return typ + "/" + kind
	}
	return typ
}

func (c *Counts) bump(key string, tp, fp, fn int) {
	if c.ByType == nil {
		c.ByType = map[string]*TypeCounts{}
	}
	t := c.ByType[key]
	if t == nil {
		t = &TypeCounts{}
		c.ByType[key] = t
	}
	t.TP += tp
	t.FP += fp
	t.FN += fn
}

// Add sums c and o.
func (c Counts) Add(o Counts) Counts {
	c.Articles += o.Articles
	c.Gold += o.Gold
	c.Predicted += o.Predicted
	c.TruePositives += o.TruePositives
	c.FalsePositives += o.FalsePositives
	c.FalseNegatives += o.FalseNegatives
	c.OptionalMatched += o.OptionalMatched
	c.ActionOK += o.ActionOK
	c.DirectionOK += o.DirectionOK
	c.DirectionN += o.DirectionN
	c.QualifierOK += o.QualifierOK
	c.QualifierN += o.QualifierN
	if len(o.FNCauses) > 0 {
		merged := map[string]int{}
		for k, v := range c.FNCauses {
			merged[k] = v
		}
		for k, v := range o.FNCauses {
			merged[k] += v
		}
		c.FNCauses = merged
	}
	if len(o.ByType) > 0 {
		merged := map[string]*TypeCounts{}
		for k, v := range c.ByType {
			cp := *v
			merged[k] = &cp
		}
		c.ByType = merged
		for k, v := range o.ByType {
			c.bump(k, v.TP, v.FP, v.FN)
		}
	}
	return c
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Precision is TP / (TP + FP); 1 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TruePositives, c.TruePositives+c.FalsePositives) }

// Recall is TP / (TP + FN); 1 when there is nothing to find.
func (c Counts) Recall() float64 { return ratio(c.TruePositives, c.TruePositives+c.FalseNegatives) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ActionAccuracy is the share of matched events with the gold action.
func (c Counts) ActionAccuracy() float64 { return ratio(c.ActionOK, c.TruePositives) }

// DirectionAccuracy is the share of matched commitments (from/to) and
// exclusivities (holder) with the gold direction.
func (c Counts) DirectionAccuracy() float64 { return ratio(c.DirectionOK, c.DirectionN) }

// QualifierAccuracy is the share of matched amounts with the gold qualifier.
func (c Counts) QualifierAccuracy() float64 { return ratio(c.QualifierOK, c.QualifierN) }

// Miss is one false positive or false negative, for reports.
type Miss struct {
	Article string `json:"article"`
	Kind    string `json:"kind"` // "false_positive" or "false_negative"
	Event   string `json:"event"`
	// Near is, for a false negative, how close the extractor came (see Near).
	Near string `json:"near,omitempty"`
}

// Score compares the predictions for one article with its gold labels.
func Score(g Article, preds []schemas.DealEvent) (Counts, []Miss) {
	c := Counts{Articles: 1, Gold: len(g.Events), Predicted: len(preds)}
	var misses []Miss
	var fps []schemas.DealEvent // the false positives, for the false negatives' causes
	used := make([]bool, len(g.Events))
	for _, p := range preds {
		hit := -1
		for i, ge := range g.Events {
			if !used[i] && Matches(p, ge) {
				hit = i
				break
			}
		}
		if hit < 0 {
			opt := false
			for _, ge := range g.Optional {
				if Matches(p, ge) {
					opt = true
					break
				}
			}
			if opt {
				c.OptionalMatched++
			} else {
				c.FalsePositives++
				fps = append(fps, p)
				c.bump(typeKey(p.Type, p.KindOf()), 0, 1, 0)
				misses = append(misses, Miss{Article: g.ID, Kind: "false_positive", Event: DescribePred(p)})
			}
			continue
		}
		used[hit] = true
		ge := g.Events[hit]
		c.TruePositives++
		c.bump(typeKey(ge.Type, ge.Kind), 1, 0, 0)
		if p.Action == ge.Action {
			c.ActionOK++
		}
		switch ge.Type {
		case schemas.TypeCommitment:
			if ge.From != "" {
				c.DirectionN++
				if roleOf(p, schemas.RoleFrom) == ge.From && roleOf(p, schemas.RoleTo) == ge.To {
					c.DirectionOK++
				}
			}
			if ge.Amount != nil && ge.Amount.Value != nil && p.Amount != nil {
				c.QualifierN++
				if p.Amount.Qualifier == ge.Amount.Qualifier {
					c.QualifierOK++
				}
			}
		case schemas.TypeExclusivity:
			if ge.Holder != "" {
				c.DirectionN++
				if roleOf(p, schemas.RoleHolder) == ge.Holder {
					c.DirectionOK++
				}
			}
		}
	}
	for i, ge := range g.Events {
		if !used[i] {
			c.FalseNegatives++
			c.bump(typeKey(ge.Type, ge.Kind), 0, 0, 1)
			near := Near(ge, fps)
			if c.FNCauses == nil {
				c.FNCauses = map[string]int{}
			}
			c.FNCauses[near]++
			misses = append(misses, Miss{Article: g.ID, Kind: "false_negative", Event: DescribeGold(ge), Near: near})
		}
	}
	return c, misses
}

// DescribePred renders a predicted event in one line.
func DescribePred(p schemas.DealEvent) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", p.Type, p.Action)
	if p.Kind != nil {
		fmt.Fprintf(&b, "/%s", *p.Kind)
	}
	for _, q := range p.Parties {
		fmt.Fprintf(&b, " %s:%s", q.Role, q.ID)
	}
	if p.Amount != nil {
		if p.Amount.Value != nil {
			fmt.Fprintf(&b, " %g %s %s", *p.Amount.Value, p.Amount.Currency, p.Amount.Qualifier)
		} else {
			fmt.Fprintf(&b, " %q", p.Amount.Text)
		}
	}
	return b.String()
}

// DescribeGold renders a gold event in one line.
func DescribeGold(g Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", g.Type, g.Action)
	if g.Kind != "" {
		fmt.Fprintf(&b, "/%s", g.Kind)
	}
	fmt.Fprintf(&b, " [%s]", strings.Join(g.Parties, ","))
	if g.From != "" {
		fmt.Fprintf(&b, " %s->%s", g.From, g.To)
	}
	if g.Holder != "" {
		fmt.Fprintf(&b, " holder:%s", g.Holder)
	}
	if g.Amount != nil && g.Amount.Value != nil {
		fmt.Fprintf(&b, " %g %s %s", *g.Amount.Value, g.Amount.Currency, g.Amount.Qualifier)
	}
	return b.String()
}

// Extractor is what Run needs from the extractor.
type Extractor interface {
	Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error)
}

// LoadFunc reads an article file.
type LoadFunc func(path string) (schemas.Article, error)

// Report is the result of evaluating one directory.
type Report struct {
	Dir    string `json:"dir"`
	Counts Counts `json:"counts"`
	Misses []Miss `json:"misses"`
	// Stale lists the articles left out because their text is not the one
	// that was labelled (Options.TextHashes).
	Stale []string `json:"stale,omitempty"`
}

// ErrNoText is returned when a labelled article's text file is missing
// (corpora whose texts live in a git-ignored cache, such as testdata/real).
var ErrNoText = errors.New("article text not found")

// Options select what RunCorpus scores.
type Options struct {
	// TextDir holds the article files; empty: the gold directory itself.
	TextDir string
	// Folds keeps only articles of these folds; empty: every article.
	Folds []string
	// TextHashes, when set, holds the sha256 of each article's labelled text
	// by article id (LoadTextHashes); an article whose text differs is left
	// out and listed in Report.Stale.
	TextHashes map[string]string
	// CanonicalID, when set, maps every organisation id of the gold labels
	// and of the predictions to one id per organisation before matching
	// (labellers write an organisation's id from the name the article
	// uses: "coatuemanagement" and "coatue" are one investor).
	CanonicalID func(string) string
}

// Canonical returns the article with every organisation id of its events
// mapped by canon.
func (a Article) Canonical(canon func(string) string) Article {
	fix := func(evs []Event) []Event {
		out := make([]Event, len(evs))
		for i, e := range evs {
			e.Parties = append([]string(nil), e.Parties...)
			for k, p := range e.Parties {
				e.Parties[k] = canon(p)
			}
			for _, f := range []*string{&e.From, &e.To, &e.Holder} {
				if *f != "" {
					*f = canon(*f)
				}
			}
			out[i] = e
		}
		return out
	}
	a.Events, a.Optional = fix(a.Events), fix(a.Optional)
	return a
}

// CanonicalEvents returns copies of the events with every party id mapped
// by canon.
func CanonicalEvents(evs []schemas.DealEvent, canon func(string) string) []schemas.DealEvent {
	out := make([]schemas.DealEvent, len(evs))
	for i, e := range evs {
		e.Parties = append([]schemas.Party(nil), e.Parties...)
		for k := range e.Parties {
			e.Parties[k].ID = canon(e.Parties[k].ID)
		}
		out[i] = e
	}
	return out
}

// RunDir evaluates the extractor on one labelled directory. The gold line's
// published date and source override what the file says.
func RunDir(ctx context.Context, dir string, load LoadFunc, x Extractor) (Report, error) {
	return RunCorpus(ctx, dir, Options{}, load, x)
}

// RunCorpus evaluates the extractor on the labelled articles of dir that
// o selects, reading their texts from o.TextDir.
func RunCorpus(ctx context.Context, dir string, o Options, load LoadFunc, x Extractor) (Report, error) {
	gold, err := LoadGold(dir)
	if err != nil {
		return Report{}, err
	}
	textDir := o.TextDir
	if textDir == "" {
		textDir = dir
	}
	rep := Report{Dir: dir}
	for _, g := range gold {
		if len(o.Folds) > 0 && !slices.Contains(o.Folds, g.Fold) {
			continue
		}
		path := filepath.Join(textDir, g.File)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return rep, fmt.Errorf("article %s: %w: %s", g.ID, ErrNoText, path)
		}
		a, stale, err := LoadText(g, path, o.TextHashes[g.ID], load)
		if err != nil {
			return rep, err
		}
		if stale {
			rep.Stale = append(rep.Stale, g.ID)
			continue
		}
		preds, err := x.Extract(ctx, a)
		if err != nil {
			return rep, fmt.Errorf("article %s: %w", g.ID, err)
		}
		if o.CanonicalID != nil {
			g, preds = g.Canonical(o.CanonicalID), CanonicalEvents(preds, o.CanonicalID)
		}
		c, m := Score(g, preds)
		rep.Counts = rep.Counts.Add(c)
		rep.Misses = append(rep.Misses, m...)
	}
	return rep, nil
}
