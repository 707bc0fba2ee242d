package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func TestLogisticLearnsProbabilities(t *testing.T) {
	var exs []Example
	for i := 0; i < 40; i++ {
		noise := []string{"w=a", "w=b", "w=c"}[i%3]
		exs = append(exs,
			Example{Features: []string{"w=signed", noise}, Positive: true},
			Example{Features: []string{"w=total", noise}})
	}
	m := TrainLogistic(exs, 20, 0.01, 1)
	if p := m.Prob([]string{"w=signed", "w=b"}); p <= 0.8 || p >= 1 {
		t.Errorf("P(positive) = %v, want in (0.8, 1)", p)
	}
	if p := m.Prob([]string{"w=total", "w=b"}); p >= 0.2 || p <= 0 {
		t.Errorf("P(negative) = %v, want in (0, 0.2)", p)
	}
	if p := m.Prob(nil); math.Abs(p-0.5) > 0.15 {
		t.Errorf("P(no evidence) = %v, want near the classes' balance 0.5", p)
	}
	a, b := TrainLogistic(exs, 20, 0.01, 1), TrainLogistic(exs, 20, 0.01, 1)
	ja, _ := a.JSON()
	jb, _ := b.JSON()
	if string(ja) != string(jb) {
		t.Fatal("same seed, different models")
	}
	var back Logistic
	if err := json.Unmarshal(ja, &back); err != nil {
		t.Fatalf("model JSON does not parse: %v\n%s", err, ja)
	}
	if d := back.Prob([]string{"w=signed"}) - a.Prob([]string{"w=signed"}); math.Abs(d) > 1e-3 {
		t.Errorf("round trip moved the probability by %v", d)
	}
}

// A model that can explain each example by a feature of its own (an id)
// leans on the ids and under-weighs the cue that carries over; its
// probabilities for new examples are off. Calibration on held-out groups
// brings them to how often such examples are positive.
func TestCalibrateMatchesHeldOutRates(t *testing.T) {
	var exs []Example
	var group []int
	for i := 0; i < 1000; i++ {
		cue, pos := "w=likely", i%10 < 8 // positive 80 % of the time
		if i%2 == 1 {
			cue, pos = "w=unlikely", i%10 < 2 // 20 %
		}
		exs = append(exs, Example{Features: []string{cue, fmt.Sprintf("id=%d", i)}, Positive: pos})
		group = append(group, (i/10)%5) // each group holds whole runs of ten: the same rates
	}
	m := &ConfidenceModel{Logistic: *TrainLogistic(exs, 30, 0, 1), Scale: 1}
	cases := []struct {
		cue  string
		want float64
	}{{"w=likely", 0.8}, {"w=unlikely", 0.2}}
	off := 0.0
	for _, c := range cases {
		off = math.Max(off, math.Abs(m.Prob([]string{c.cue, "id=new"})-c.want))
	}
	if off <= 0.07 {
		t.Fatalf("the uncalibrated model is already within %.3f: the test shows nothing", off)
	}
	m.Scale, m.Shift = Calibrate(exs, group, 5, 30, 0, 1)
	for _, c := range cases {
		if p := m.Prob([]string{c.cue, "id=new"}); math.Abs(p-c.want) > 0.07 {
			t.Errorf("calibrated P(%s) = %.3f, want %.1f ± 0.07", c.cue, p, c.want)
		}
	}
}

func TestConfidenceModelGivesConfidenceAndFloor(t *testing.T) {
	model := &ConfidenceModel{Logistic: Logistic{Weights: map[string]float64{"w=signed": 3}}, Scale: 1}
	x, err := NewWithOptions(Options{Filter: model, IncludeRumoured: true})
	if err != nil {
		t.Fatal(err)
	}
	conf := func(text string) []float64 {
		t.Helper()
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		var out []float64
		for _, e := range evs {
			if e.Modality == schemas.ModalityStated {
				out = append(out, e.Confidence)
			} else {
				out = append(out, -e.Confidence) // rumoured: negative, to tell apart
			}
		}
		return out
	}
	if got := conf("Microsoft signed a $10 billion cloud contract with CoreWeave."); len(got) != 1 || math.Abs(got[0]-0.953) > 1e-9 {
		t.Errorf("signed: confidences %v, want [0.953] (sigmoid 3)", got)
	}
	if got := conf("Microsoft agreed a $10 billion cloud contract with CoreWeave."); len(got) != 1 || got[0] != 0.5 {
		t.Errorf("no weighed word: confidences %v, want [0.5]", got)
	}
	if got := conf("Microsoft is in talks to sign a $10 billion cloud contract with CoreWeave, according to people familiar with the matter."); len(got) != 1 || got[0] != -0.4 {
		t.Errorf("rumoured: confidences %v, want one rumoured event at 0.4", got)
	}
	model.Floor = 0.6
	if got := conf("Microsoft agreed a $10 billion cloud contract with CoreWeave."); len(got) != 0 {
		t.Errorf("below the floor: confidences %v, want no event", got)
	}
}

func TestLoadConfidenceModelRefusesBadModels(t *testing.T) {
	for _, bad := range []string{`{"floor": 1.2, "scale": 1}`, `{"floor": 0, "scale": 0}`, `{"scale": -1}`, `{`} {
		if _, err := LoadConfidenceModel([]byte(bad)); err == nil {
			t.Errorf("LoadConfidenceModel(%s) loaded", bad)
		}
	}
	m, err := LoadConfidenceModel(filterModelJSON)
	if err != nil || m == nil {
		t.Fatalf("the embedded model: %v, %v", m, err)
	}
	back, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	if m2, err := LoadConfidenceModel(back); err != nil || m2.Scale != m.Scale || m2.Floor != m.Floor || len(m2.Weights) != len(m.Weights) {
		t.Errorf("the embedded model does not round-trip: %v", err)
	}
}

// Extract scores an event's features as they come; training collects them
// (Candidates). Both must see the same features.
func TestScoringAgreesWithCandidateFeatures(t *testing.T) {
	x, err := New() // the embedded model
	if err != nil {
		t.Fatal(err)
	}
	if x.filter == nil {
		t.Skip("no embedded confidence model")
	}
	texts := []string{
		"Microsoft signed a $10 billion cloud contract with CoreWeave in 2026. Nvidia and AMD also agreed to supply chips to OpenAI.",
		"Anthropic said on Monday that Amazon will invest up to $4 billion in the company, and Google agreed a partnership with Anthropic.",
		"Oracle and OpenAI signed a deal worth \"$300 billion\" over five years, the companies said. OpenAI also buys capacity from CoreWeave.",
	}
	n := 0
	for _, text := range texts {
		a := article(text)
		evs, err := x.Extract(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		cands, err := x.Candidates(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		if len(cands) != len(evs) {
			t.Fatalf("%d candidates, %d events (the floor is %v)", len(cands), len(evs), x.filter.Floor)
		}
		for i, c := range cands {
			want := math.Round(x.filter.Prob(c.Features)*1000) / 1000
			if c.Event.Modality != schemas.ModalityStated {
				want = math.Min(want, 0.4)
			}
			if evs[i].Confidence != want {
				t.Errorf("%v: confidence %v, the collected features give %v", describe(evs[i]), evs[i].Confidence, want)
			}
			n++
		}
	}
	if n < 4 {
		t.Fatalf("only %d events compared", n)
	}
}

func TestEmptyConfidenceModelKeepsEverything(t *testing.T) {
	m, err := LoadConfidenceModel([]byte("  \n"))
	if err != nil || m != nil {
		t.Fatalf("LoadConfidenceModel(blank) = %v, %v; want no model", m, err)
	}
	if _, err := LoadConfidenceModel([]byte("{")); err == nil {
		t.Fatal("a broken model file loaded without error")
	}
}
