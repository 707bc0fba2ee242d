package extract

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// handRoundModel takes an organisation for an investor when its sentence
// holds "backer", and nothing else.
func handRoundModel() *RoundModel {
	return &RoundModel{Logistic: Logistic{Bias: -3, Weights: map[string]float64{"w:backer": 6}}, Scale: 1, AddAbove: 0.5}
}

const roundApart = "Zorvex Labs raised $200 million from Halden Capital. The backer list also includes Korvex Ventures and Brightline Partners."

func investments(t *testing.T, x *Extractor, text string) map[string]schemas.DealEvent {
	t.Helper()
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]schemas.DealEvent{}
	for _, e := range evs {
		if e.Kind != nil && *e.Kind == schemas.KindInvestment {
			out[e.Parties[0].ID+">"+e.Parties[1].ID] = e
		}
	}
	return out
}

func TestRoundModelAddsInvestorsNamedApart(t *testing.T) {
	without, err := NewWithOptions(Options{Disable: []string{StageRounds, StageVeto}})
	if err != nil {
		t.Fatal(err)
	}
	if got := investments(t, without, roundApart); len(got) != 1 {
		t.Fatalf("without the round model: %v; want the rules' one investment (Halden Capital's)", got)
	}
	x, err := NewWithOptions(Options{Rounds: handRoundModel(), Disable: []string{StageVeto}})
	if err != nil {
		t.Fatal(err)
	}
	got := investments(t, x, roundApart)
	for _, k := range []string{"haldencapital>zorvexlabs", "korvexventures>zorvexlabs", "brightlinepartners>zorvexlabs"} {
		e, ok := got[k]
		if !ok {
			t.Errorf("no investment %s in %v", k, slices.Sorted(maps.Keys(got)))
			continue
		}
		if k == "haldencapital>zorvexlabs" {
			continue
		}
		if e.Amount != nil || e.Confidence != pairConfidenceCap || !strings.HasPrefix(e.Evidence.Sentence, "The backer list") {
			t.Errorf("%s: amount %v, confidence %v, evidence %q; want no amount (the round's total is no investor's own), the capped probability, the investors' sentence", k, e.Amount, e.Confidence, e.Evidence.Sentence)
		}
	}
	// a sentence without the model's word gives no investor
	if got := investments(t, x, "Zorvex Labs raised $200 million from Halden Capital. Analysts compared Korvex Ventures and Brightline Partners."); len(got) != 1 {
		t.Errorf("got %v, want only the rules' investment", slices.Sorted(maps.Keys(got)))
	}
}

// Candidates come only from an article whose rule investments go to one
// company, and only from sentences that do not name it.
func TestRoundCandidates(t *testing.T) {
	x, err := NewWithOptions(Options{Disable: []string{StageVeto}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ids := func(text string) []string {
		t.Helper()
		cs, err := x.RoundCandidates(ctx, article(text))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, c := range cs {
			out = append(out, c.Investor+">"+c.Investee)
		}
		return out
	}
	if got := ids(roundApart); !slices.Equal(got, []string{"korvexventures>zorvexlabs", "brightlinepartners>zorvexlabs"}) {
		t.Errorf("candidates %v", got)
	}
	if got := ids("Zorvex Labs raised $200 million from Halden Capital. Quillmoor Robotics raised $50 million from Korvex Ventures. Brightline Partners was not involved."); len(got) != 0 {
		t.Errorf("two companies raised, yet candidates %v", got)
	}
	if got := ids("Zorvex Labs raised $200 million from Halden Capital. Zorvex Labs also works with Korvex Ventures."); len(got) != 0 {
		t.Errorf("a sentence naming the company gave candidates %v: that pair is the pair model's", got)
	}
}

func TestLoadRoundModel(t *testing.T) {
	b, err := handRoundModel().JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadRoundModel(b)
	if err != nil || back == nil || back.AddAbove != 0.5 || back.Weights["w:backer"] != 6 {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	for _, bad := range []string{`{"add_above": 0, "scale": 1}`, `{"add_above": 0.5, "scale": 0}`, `{"add_above":`} {
		if _, err := LoadRoundModel([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if m, err := LoadRoundModel(roundModelJSON); err != nil || m == nil {
		t.Errorf("the embedded round model: %v, %v", m, err)
	}
}
