package extract

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
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

// CalibrateOn fits the scaling to the examples it is told to: here a
// quarter of the examples, alike in their features, are right less often
// than the rest, and the model is used on their kind alone.
func TestCalibrateOnFitsTheMarkedExamples(t *testing.T) {
	var exs []Example
	var group []int
	var marked []bool
	for i := 0; i < 2000; i++ {
		b := i%4 == 3
		likely := (i/4)%2 == 0
		r := (i / 8) % 10
		var pos bool
		switch {
		case !b && likely:
			pos = r < 9 // 90 %
		case !b:
			pos = r < 1 // 10 %
		case likely:
			pos = r < 5 // 50 %
		default:
			pos = r < 2 // 20 %
		}
		cue := "w=unlikely"
		if likely {
			cue = "w=likely"
		}
		exs = append(exs, Example{Features: []string{cue, fmt.Sprintf("id=%d", i)}, Positive: pos})
		group = append(group, (i/80)%5)
		marked = append(marked, b)
	}
	m := &ConfidenceModel{Logistic: *TrainLogistic(exs, 30, 0, 1), Scale: 1}
	cases := []struct {
		cue  string
		want float64
	}{{"w=likely", 0.5}, {"w=unlikely", 0.2}}
	off := func() float64 {
		o := 0.0
		for _, c := range cases {
			o = math.Max(o, math.Abs(m.Prob([]string{c.cue, "id=new"})-c.want))
		}
		return o
	}
	m.Scale, m.Shift = Calibrate(exs, group, 5, 30, 0, 1)
	if o := off(); o <= 0.07 {
		t.Fatalf("calibrated on every example, the model is already within %.3f of the marked ones' rates: the test shows nothing", o)
	}
	m.Scale, m.Shift = CalibrateOn(exs, group, marked, 5, 30, 0, 1)
	for _, c := range cases {
		if p := m.Prob([]string{c.cue, "id=new"}); math.Abs(p-c.want) > 0.07 {
			t.Errorf("calibrated on the marked examples, P(%s) = %.3f, want %.1f ± 0.07", c.cue, p, c.want)
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
	model.Floor = 0.6 // the extractor keeps a copy of its model: a new one takes the floor
	if x, err = NewWithOptions(Options{Filter: model, IncludeRumoured: true}); err != nil {
		t.Fatal(err)
	}
	if got := conf("Microsoft agreed a $10 billion cloud contract with CoreWeave."); len(got) != 0 {
		t.Errorf("below the floor: confidences %v, want no event", got)
	}
	// with the stage floor switched off, the event stays with its confidence
	x, err = NewWithOptions(Options{Filter: model, IncludeRumoured: true, Disable: []string{StageFloor}})
	if err != nil {
		t.Fatal(err)
	}
	if got := conf("Microsoft agreed a $10 billion cloud contract with CoreWeave."); len(got) != 1 || got[0] != 0.5 {
		t.Errorf("floor disabled: confidences %v, want [0.5]", got)
	}
}

// TestEmbeddedFloor: the shipped confidence model drops what it gives less
// than 0.2, and only that.
func TestEmbeddedFloor(t *testing.T) {
	m, err := LoadConfidenceModel(filterModelJSON)
	if err != nil {
		t.Fatal(err)
	}
	if m.Floor != 0.2 {
		t.Fatalf("embedded floor %v, want 0.2", m.Floor)
	}
	// a sale someone pushes for, and a stake restated as a loss, read as
	// deals with low confidence: the floor drops them, and only them
	text := "Microsoft signed a $10 billion cloud contract with CoreWeave on Monday, the companies said. Huawei was pushing to sell its Ascend chips to G42, according to a recent report. Despite the growth, Apple's $13 billion investment in OpenAI is projected to result in losses this quarter."
	all, err := NewWithOptions(Options{Disable: []string{StageFloor}})
	if err != nil {
		t.Fatal(err)
	}
	floored, err := New()
	if err != nil {
		t.Fatal(err)
	}
	a := article(text)
	evAll, err := all.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	evFloored, err := floored.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	below := 0
	for _, e := range evAll {
		if e.Confidence < m.Floor {
			below++
		}
	}
	if below == 0 {
		t.Fatalf("no event below the floor in %v: the case tests nothing", describeAll(evAll))
	}
	if len(evFloored) != len(evAll)-below {
		t.Errorf("floored: %d events, want %d of %d", len(evFloored), len(evAll)-below, len(evAll))
	}
	for _, e := range evFloored {
		if e.Confidence < m.Floor {
			t.Errorf("event %v below the floor kept", describeAll([]schemas.DealEvent{e}))
		}
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
	x, err := NewWithOptions(Options{Disable: []string{StageVeto}}) // the embedded model, no veto to drop an event
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

func TestPairPlacementFeatures(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ev := func(sentence string, parties ...schemas.Party) schemas.DealEvent {
		return schemas.DealEvent{Parties: parties, Evidence: schemas.Evidence{Sentence: sentence}}
	}
	from := schemas.Party{ID: "nvidia", Name: "Nvidia", Role: "from"}
	to := schemas.Party{ID: "quillworks", Name: "Quillworks Robotics", Role: "to"}
	for _, tc := range []struct {
		name string
		ev   schemas.DealEvent
		want []string
		not  []string
	}{
		{"investor before investee", ev("Nvidia has invested in Quillworks Robotics.", from, to),
			[]string{"gap=2-4", "b=has", "b=invested", "b=in", "first_role=from"}, []string{"absent=from", "absent=to"}},
		{"investee first, far apart", ev("Quillworks Robotics, which makes warehouse arms for grocers in three countries, said Nvidia joined.", from, to),
			[]string{"gap=11+", "first_role=to"}, []string{"b=which"}},
		{"a party the sentence does not name", ev("The startup said Nvidia led the round.", from, to),
			[]string{"absent=to"}, []string{"absent=from", "first_role=from"}},
		{"both names start with the same word", ev("SK Telecom and SK hynix agreed.", schemas.Party{ID: "sktelecom", Name: "SK Telecom", Role: "partner"}, schemas.Party{ID: "skhynix", Name: "SK hynix", Role: "partner"}),
			nil, []string{"gap=0-1", "first_role=partner"}},
		{"three parties: no placement", ev("Nvidia, Quillworks Robotics and Acme agreed.", from, to, schemas.Party{ID: "acme", Name: "Acme", Role: "partner"}),
			nil, []string{"gap=0-1", "gap=2-4", "first_role=from"}},
	} {
		var got featureList
		x.pairPlacement(&got, &wordCache{}, tc.ev, featureWords(tc.ev.Evidence.Sentence))
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: no feature %q in %v", tc.name, w, got)
			}
		}
		for _, w := range tc.not {
			if slices.Contains(got, w) {
				t.Errorf("%s: unexpected feature %q in %v", tc.name, w, got)
			}
		}
	}
}

func TestTrainLogisticSurvivesSaturatedExamples(t *testing.T) {
	// An example whose feature repeats many times saturates the sigmoid to
	// exactly 1: its gradient is 0, and the first AdaGrad step of a feature
	// first seen on such an example must not turn the weights into NaN.
	long := make([]string, 400)
	for i := range long {
		long[i] = "loud"
	}
	examples := []Example{{Features: []string{"quiet", "fresh"}, Positive: false}}
	for i := range 40 {
		examples = append(examples, Example{Features: append(slices.Clone(long), fmt.Sprint("rare", i)), Positive: true})
	}
	m := TrainLogistic(examples, 30, 0, 3)
	if math.IsNaN(m.Bias) || len(m.Weights) == 0 {
		t.Fatalf("bias %v, %d weights", m.Bias, len(m.Weights))
	}
	for f, w := range m.Weights {
		if math.IsNaN(w) {
			t.Fatalf("weight of %q is NaN", f)
		}
	}
	if p := m.Prob([]string{"quiet", "fresh"}); p >= 0.5 {
		t.Errorf("P(negative example) = %.3f, want < 0.5", p)
	}
}

// Held-out log-odds far from zero (a model sure of itself, as a prior with
// a correction is) make a full Newton step from scale 1 overshoot where the
// probabilities saturate; the fit must still find the rates.
func TestPlattFitConvergesFromSaturatedLogits(t *testing.T) {
	var zs, ys []float64
	for i := 0; i < 2000; i++ {
		z := -14 + 28*float64(i)/1999
		p := sigmoid(0.3*z - 0.5)
		// a deterministic stand-in for a coin of probability p
		if u := math.Mod(float64(i)*0.6180339887, 1); u < p {
			ys = append(ys, 1)
		} else {
			ys = append(ys, 0)
		}
		zs = append(zs, z)
	}
	scale, shift := plattFit(zs, ys)
	if math.Abs(scale-0.3) > 0.08 || math.Abs(shift+0.5) > 0.3 {
		t.Errorf("plattFit = scale %v, shift %v; want about 0.3 and -0.5", scale, shift)
	}
}

// A correction trained on a prior's log-odds, added to the prior, scores
// like prior plus correction, and learns only what the prior gets wrong.
func TestCorrectionToAPrior(t *testing.T) {
	prior := &Logistic{Bias: 0.5, Weights: map[string]float64{"w=signed": 2, "w=talks": 1.5}}
	var exs []Example
	for i := 0; i < 200; i++ {
		// the prior thinks talks are deals; the new labels say they are not
		for _, ex := range []Example{{Features: []string{"w=signed"}, Positive: true}, {Features: []string{"w=talks"}}} {
			ex.Offset = prior.Logit(ex.Features)
			exs = append(exs, ex)
		}
	}
	corr := TrainLogistic(exs, 10, 0.01, 1)
	m := prior.Plus(corr)
	if got, want := m.Logit([]string{"w=talks"}), prior.Logit([]string{"w=talks"})+corr.Logit([]string{"w=talks"}); math.Abs(got-want) > 1e-9 {
		t.Errorf("Plus: logit %v, want %v", got, want)
	}
	if p := m.Prob([]string{"w=talks"}); p >= 0.3 {
		t.Errorf("corrected P(talks) = %v, want < 0.3 (the prior gave %v)", p, prior.Prob([]string{"w=talks"}))
	}
	if p := m.Prob([]string{"w=signed"}); p <= 0.8 {
		t.Errorf("corrected P(signed) = %v, want > 0.8", p)
	}
	if prior.Weights["w=talks"] != 1.5 {
		t.Error("Plus changed the prior")
	}
}
