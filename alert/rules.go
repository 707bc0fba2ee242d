package alert

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dealwatch/dealwatch/schemas"
)

// ErrRules wraps every problem with a rules file.
var ErrRules = errors.New("alert rules")

// Rules say which deal events are worth an alert and where alerts go.
//
//	watchlist: [openai, anthropic]  # organisation ids; an event naming any of them matches; empty = all
//	types: [commitment, exclusivity] # empty = all three
//	min_amount: 1000000000           # commitments: amount value (in its own currency) at least this
//	allow_unknown_amount: false      # commitments without a figure pass min_amount
//	min_confidence: 0.8
//	modalities: [stated]             # default: stated only (rumours, denials, background never alert)
//	alert_on_updates: true           # also alert when a known deal gets a new version
//	min_update_change: 0.05          # ... if material: action/horizon changed or a figure moved ≥5% (0 = default 5%)
//	backfill: suppress               # deals found only by `dealwatch reextract`: suppress (default) or announce, marked as backfill
//	webhooks:
//	  - url: https://hooks.example.com/services/T000/B000/XXXX
type Rules struct {
	Watchlist          []string `yaml:"watchlist"`
	Types              []string `yaml:"types"`
	MinAmount          float64  `yaml:"min_amount"`
	AllowUnknownAmount bool     `yaml:"allow_unknown_amount"`
	MinConfidence      float64  `yaml:"min_confidence"`
	Modalities         []string `yaml:"modalities"`
	AlertOnUpdates     bool     `yaml:"alert_on_updates"`
	MinUpdateChange    float64  `yaml:"min_update_change"`
	// Backfill says what happens to a deal that appears only through a
	// re-extraction (dealwatch reextract): BackfillSuppress (the default)
	// or BackfillAnnounce (a new_deal alert marked backfill). A deal
	// already announced is never announced again either way.
	Backfill string    `yaml:"backfill"`
	Webhooks []Webhook `yaml:"webhooks"`
}

// Backfill policies (Rules.Backfill).
const (
	BackfillSuppress = "suppress"
	BackfillAnnounce = "announce"
)

// Webhook is one receiver of alert JSON.
type Webhook struct {
	URL  string `yaml:"url"`
	Name string `yaml:"name"` // defaults to the URL's host; keys the durable delivery record
}

// LoadRules reads a YAML (or JSON) rules file. An empty path gives the
// default rules: every stated event, new deals only.
func LoadRules(path string) (Rules, error) {
	if path == "" {
		return Rules{}.withDefaults()
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return Rules{}, fmt.Errorf("%w: %w", ErrRules, err)
	}
	return ParseRules(raw)
}

// ParseRules parses rules from YAML or JSON and checks them.
func ParseRules(raw []byte) (Rules, error) {
	var r Rules
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil && !errors.Is(err, io.EOF) {
		return Rules{}, fmt.Errorf("%w: %w", ErrRules, err)
	}
	return r.withDefaults()
}

func (r Rules) withDefaults() (Rules, error) {
	for i, id := range r.Watchlist {
		r.Watchlist[i] = strings.ToLower(strings.TrimSpace(id))
	}
	for _, t := range r.Types {
		if t != schemas.TypePartnership && t != schemas.TypeCommitment && t != schemas.TypeExclusivity {
			return Rules{}, fmt.Errorf("%w: unknown type %q", ErrRules, t)
		}
	}
	if r.MinConfidence < 0 || r.MinConfidence > 1 {
		return Rules{}, fmt.Errorf("%w: min_confidence %v outside [0,1]", ErrRules, r.MinConfidence)
	}
	if r.MinUpdateChange < 0 {
		return Rules{}, fmt.Errorf("%w: negative min_update_change", ErrRules)
	}
	if r.MinAmount < 0 {
		return Rules{}, fmt.Errorf("%w: negative min_amount", ErrRules)
	}
	switch r.Backfill {
	case "":
		r.Backfill = BackfillSuppress
	case BackfillSuppress, BackfillAnnounce:
	default:
		return Rules{}, fmt.Errorf("%w: backfill %q: want %s or %s", ErrRules, r.Backfill, BackfillAnnounce, BackfillSuppress)
	}
	if len(r.Modalities) == 0 {
		r.Modalities = []string{schemas.ModalityStated}
	}
	for i, w := range r.Webhooks {
		if !strings.HasPrefix(w.URL, "http://") && !strings.HasPrefix(w.URL, "https://") {
			return Rules{}, fmt.Errorf("%w: webhook %d: url %q is not http(s)", ErrRules, i, w.URL)
		}
	}
	return r, nil
}

// Match reports whether an event passes the rules, and if not, why.
func (r Rules) Match(e schemas.DealEvent) (bool, string) {
	if len(r.Types) > 0 && !slices.Contains(r.Types, e.Type) {
		return false, "type " + e.Type + " not watched"
	}
	modality := e.Modality
	if modality == "" {
		modality = schemas.ModalityStated
	}
	if !slices.Contains(r.Modalities, modality) {
		return false, "modality " + modality
	}
	if e.Confidence < r.MinConfidence {
		return false, fmt.Sprintf("confidence %.2f below %.2f", e.Confidence, r.MinConfidence)
	}
	if len(r.Watchlist) > 0 && !slices.ContainsFunc(e.Parties, func(p schemas.Party) bool {
		return slices.Contains(r.Watchlist, p.ID)
	}) {
		return false, "no watched organisation"
	}
	if r.MinAmount > 0 && e.Type == schemas.TypeCommitment {
		switch {
		case e.Amount == nil || e.Amount.Value == nil:
			if !r.AllowUnknownAmount {
				return false, "no amount"
			}
		case *e.Amount.Value < r.MinAmount:
			return false, fmt.Sprintf("amount %.0f below %.0f", *e.Amount.Value, r.MinAmount)
		}
	}
	return true, ""
}

// DefaultMinUpdateChange is the relative change of a figure that makes an
// update material when the rules do not say.
const DefaultMinUpdateChange = 0.05

func (r Rules) minUpdateChange() float64 {
	if r.MinUpdateChange == 0 {
		return DefaultMinUpdateChange
	}
	return r.MinUpdateChange
}
