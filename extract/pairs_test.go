package extract

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// handPairModel adds a partnership where the words between two
// organisations include "alongside", and nothing else.
func handPairModel() *PairModel {
	return &PairModel{
		Logistic: Logistic{Bias: -2, Weights: map[string]float64{
			"partnership|bias":                   -3,
			"partnership|b:alongside":            7,
			"commitment/investment|bias":         -3,
			"commitment/investment|b:alongside":  -4,
			"commitment/compute|bias":            -3,
			"commitment/cloud_services|bias":     -3,
			"commitment/investment|sw:backstage": 9,
		}},
		Scale: 1, AddAbove: 0.5,
	}
}

func TestPairModelAddsWhatTheRulesMissed(t *testing.T) {
	x, err := NewWithOptions(Options{Pairs: handPairModel()})
	if err != nil {
		t.Fatal(err)
	}
	rulesOnly, err := NewWithOptions(Options{Disable: []string{StagePairs}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	text := "Mistral works alongside Nvidia on model serving in Europe."
	before, err := rulesOnly.Extract(ctx, article(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 0 {
		t.Fatalf("the rules alone found %v: pick a sentence they miss", describeAll(before))
	}
	evs, err := x.Extract(ctx, article(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Type != schemas.TypePartnership || evs[0].Action != schemas.ActionFormed {
		t.Fatalf("got %v, want one partnership", describeAll(evs))
	}
	e := evs[0]
	if ids := []string{e.Parties[0].ID, e.Parties[1].ID}; ids[0] != "mistral" || ids[1] != "nvidia" {
		t.Errorf("parties %v, want mistral and nvidia", ids)
	}
	if p := sigmoid(-2 - 3 + 7); p <= pairConfidenceCap || e.Confidence != pairConfidenceCap {
		t.Errorf("confidence %v, want the model's probability %.3f capped at %v", e.Confidence, p, pairConfidenceCap)
	}
	if e.Evidence.Sentence != text || e.Modality != schemas.ModalityStated {
		t.Errorf("evidence %q, modality %q", e.Evidence.Sentence, e.Modality)
	}
	if err := schemas.CheckDealEventValue(e); err != nil {
		t.Errorf("the added event is not a valid event: %v", err)
	}

	// Below the cap, the confidence is the model's probability.
	m := handPairModel()
	m.Weights["partnership|b:alongside"] = 5.2
	x2, err := NewWithOptions(Options{Pairs: m})
	if err != nil {
		t.Fatal(err)
	}
	evs, _ = x2.Extract(ctx, article(text))
	if want := sigmoid(-2 - 3 + 5.2); len(evs) != 1 || math.Abs(evs[0].Confidence-want) > 0.001 {
		t.Errorf("got %v, want one event of confidence %.3f", describeAll(evs), want)
	}

	// Without the word the model weighs, nothing is added.
	evs, _ = x.Extract(ctx, article("Mistral works near Nvidia on model serving in Europe."))
	if len(evs) != 0 {
		t.Errorf("added %v without cause", describeAll(evs))
	}
}

func TestPairModelDoesNotRepeatTheRules(t *testing.T) {
	// The rules find this partnership; a model that would add one for the
	// pair adds nothing more.
	m := handPairModel()
	m.Weights["partnership|bias"] = 9
	x, err := NewWithOptions(Options{Pairs: m})
	if err != nil {
		t.Fatal(err)
	}
	evs, err := x.Extract(context.Background(), article("Mistral and Nvidia announced a strategic partnership on Tuesday."))
	if err != nil {
		t.Fatal(err)
	}
	if n := countType(evs, schemas.TypePartnership); n != 1 {
		t.Errorf("%d partnerships in %v, want the rules' one", n, describeAll(evs))
	}
}

func TestPairDirection(t *testing.T) {
	org := func(id, kind string, at int) *mention {
		return &mention{org: &Org{ID: id, Kind: kind}, wi: at, wj: at + 1}
	}
	for _, tc := range []struct {
		kind     string
		a, b     *mention
		from, to string
	}{
		{schemas.KindInvestment, org("quillworks", "", 0), org("sequoiacapital", kindInvestor, 5), "sequoiacapital", "quillworks"},
		{schemas.KindInvestment, org("sequoiacapital", kindInvestor, 0), org("quillworks", "", 5), "sequoiacapital", "quillworks"},
		{schemas.KindInvestment, org("quillworks", "", 0), org("brightmoor", "", 5), "quillworks", "brightmoor"},
		{schemas.KindCompute, org("coreweave", kindNeocloud, 0), org("quillworks", "", 5), "quillworks", "coreweave"},
		{schemas.KindCompute, org("quillworks", "", 0), org("nvidia", kindChip, 5), "quillworks", "nvidia"},
		{schemas.KindCloudServices, org("quillworks", "", 7), org("amazon", kindCloud, 2), "quillworks", "amazon"},
	} {
		from, to := pairDirection(tc.kind, tc.a, tc.b)
		if from.org.ID != tc.from || to.org.ID != tc.to {
			t.Errorf("%s %s/%s: %s→%s, want %s→%s", tc.kind, tc.a.org.ID, tc.b.org.ID, from.org.ID, to.org.ID, tc.from, tc.to)
		}
	}
}

func TestLoadPairModel(t *testing.T) {
	m := handPairModel()
	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadPairModel(b)
	if err != nil || back == nil {
		t.Fatalf("round trip: %v", err)
	}
	if back.AddAbove != 0.5 || back.Weights["partnership|b:alongside"] != 7 {
		t.Errorf("round trip lost fields: %+v", back)
	}
	for _, bad := range []string{`{"add_above": 0, "scale": 1}`, `{"add_above": 1, "scale": 1}`, `{"add_above": 0.5, "scale": 0}`, `{"add_above":`} {
		if _, err := LoadPairModel([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	if m, err := LoadPairModel([]byte(" \n")); m != nil || err != nil {
		t.Errorf("empty input: %v, %v; want no model, no error", m, err)
	}
	if _, err := LoadPairModel(pairModelJSON); err != nil {
		t.Errorf("the embedded model: %v", err)
	}
	if !strings.Contains(string(b), `"add_above": 0.5000`) {
		t.Errorf("JSON: %s", b)
	}
}

func TestPairModelAddsNoRumour(t *testing.T) {
	x, err := NewWithOptions(Options{Pairs: handPairModel()})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Mistral is in talks to work alongside Nvidia on model serving, people familiar with the matter said.",
		"Mistral denied that it works alongside Nvidia on model serving.",
	} {
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != 0 {
			t.Errorf("%q: added %v", text, describeAll(evs))
		}
	}
}

// TestPairModelAddsInvestmentsOnlyByName: the model's investments are
// scored, not added (pairAdds), unless the model's own threshold for
// investments names them; its partnerships are added either way.
func TestPairModelAddsInvestmentsOnlyByName(t *testing.T) {
	m := &PairModel{
		Logistic: Logistic{Weights: map[string]float64{
			"partnership|bias": 5, "commitment/investment|bias": 5, "commitment/compute|bias": -9, "commitment/cloud_services|bias": -9,
		}},
		Scale: 1, AddAbove: 0.5,
	}
	labels := func() []string {
		t.Helper()
		x, err := NewWithOptions(Options{Pairs: m})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range extractAll(t, x, "Mistral and Nvidia met in Paris on Tuesday.") {
			out = append(out, eventLabel(e))
		}
		return out
	}
	if got := labels(); strings.Join(got, " ") != schemas.TypePartnership {
		t.Errorf("got %v, want the partnership alone", got)
	}
	m.AddAboveFor = map[string]float64{"commitment/investment": 0.6}
	if got := labels(); strings.Join(got, " ") != "partnership commitment/investment" {
		t.Errorf("with an investment threshold: got %v, want the partnership and the investment", got)
	}
}

// A label's own threshold decides what the model adds of that label; the
// others keep the model's AddAbove.
func TestPairModelThresholdPerLabel(t *testing.T) {
	ctx := context.Background()
	text := "Mistral works alongside Nvidia on model serving in Europe."
	m := handPairModel()
	m.Weights["partnership|b:alongside"] = 4.5 // probability sigmoid(-0.5), about 0.38
	count := func(m *PairModel) int {
		t.Helper()
		x, err := NewWithOptions(Options{Pairs: m})
		if err != nil {
			t.Fatal(err)
		}
		evs, err := x.Extract(ctx, article(text))
		if err != nil {
			t.Fatal(err)
		}
		return len(evs)
	}
	if n := count(m); n != 0 {
		t.Fatalf("below AddAbove 0.5 the model added %d events", n)
	}
	m.AddAboveFor = map[string]float64{schemas.TypePartnership: 0.3}
	if n := count(m); n != 1 {
		t.Errorf("partnership threshold 0.3: %d events, want 1", n)
	}
	m.AddAboveFor = map[string]float64{schemas.TypeCommitment + "/" + schemas.KindCloudServices: 0.3}
	if n := count(m); n != 0 {
		t.Errorf("another label's threshold added %d events", n)
	}

	b, err := m.JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadPairModel(b)
	if err != nil || back.addAbove("commitment/cloud_services") != 0.3 || back.addAbove(schemas.TypePartnership) != 0.5 {
		t.Errorf("round trip of %s: %+v, %v", b, back, err)
	}
	for _, bad := range []string{
		`{"add_above": 0.5, "add_above_for": {"commitment/equity": 0.3}, "scale": 1}`,
		`{"add_above": 0.5, "add_above_for": {"partnership": 1.2}, "scale": 1}`,
	} {
		if _, err := LoadPairModel([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

// The document features tell the pair an article names most, and early,
// from one named in passing, and how many of the two the rules saw in a
// deal of each label.
func TestDocumentFeatures(t *testing.T) {
	x := newTestExtractor(t)
	text := "Mistral signed a partnership with Nvidia to train models in Europe. " +
		"Mistral and Nvidia will build a cluster in France. " +
		"Nvidia also supplies chips to Oracle, analysts noted. " + // a compute commitment to the rules
		"Mistral said the work with Nvidia starts in May."
	evs, _, infos, err := x.analyse(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	feats := map[[2]string]map[string]bool{}
	for _, pe := range x.pairsOf(infos, evs, nil) {
		fs := map[string]bool{}
		for _, f := range pe.features {
			fs[f.prefix+f.word] = true
		}
		feats[pe.ids] = fs
	}
	main, passing := feats[[2]string{"mistral", "nvidia"}], feats[[2]string{"nvidia", "oracle"}]
	if main == nil || passing == nil {
		t.Fatalf("pairs %v: want mistral-nvidia and nvidia-oracle", feats)
	}
	for _, want := range []string{"d:pairrank:0", "d:rank:0_1", "d:first:0_0", "d:named:3_5", "d:orgs:3", "d:ruled:partnership:2", "d:ruledany:2"} {
		if !main[want] {
			t.Errorf("mistral-nvidia lacks %s: %v", want, main)
		}
	}
	for _, want := range []string{"d:pairrank:1", "d:rank:0_2", "d:first:0_3", "d:ruled:partnership:1", "d:ruled:commitment/compute:2", "d:ruled:commitment/investment:0", "d:ruledany:2"} {
		if !passing[want] {
			t.Errorf("nvidia-oracle lacks %s: %v", want, passing)
		}
	}
	for _, pe := range x.pairsOf(infos, evs, nil) {
		if pe.ids == [2]string{"mistral", "nvidia"} && pe.kinds != "k:chip|lab&" {
			t.Errorf("mistral-nvidia conjoins its features with %q, want k:chip|lab&", pe.kinds)
		}
	}
}

func TestKindConjoined(t *testing.T) {
	f := []featurePart{{"b:", "and"}, {"pre:", "with"}, {"d:rank:", "0_1"}, {"b=and", ""}}
	got := kindConjoined(f, "k:cloud|lab&")
	var s []string
	for _, p := range got {
		s = append(s, p.prefix+p.word)
	}
	want := "b:and pre:with d:rank:0_1 b=and k:cloud|lab&b:and k:cloud|lab&d:rank:0_1"
	if strings.Join(s, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(s, " "), want)
	}
	if f[0].prefix != "b:" || len(f) != 4 {
		t.Errorf("the features given changed: %v", f)
	}

	// the model reads the conjoined features as it scores the features
	// alone: as if they were built
	m := &PairModel{Logistic: Logistic{Weights: map[string]float64{
		"partnership|b:and": 1, "partnership|k:cloud|lab&b:and": 2, "partnership|k:cloud|lab&d:rank:0_1": 4, "partnership|k:chip|lab&b:and": 8,
	}}, Scale: 1}
	m.index()
	var z labelWeights
	m.logits(&z, f, "k:cloud|lab&", nil)
	if z[0] != 7 {
		t.Errorf("logit %v, want 1+2+4 from b:and and its two conjoined features", z[0])
	}
}

// TestGivenPairModelServesManyExtractors: an extractor indexes its own copy
// of a given model and lets go of the copy's weights by full feature name;
// the caller's model keeps them, so it can build another extractor (as
// eval and the training commands do) that reads the same.
func TestGivenPairModelServesManyExtractors(t *testing.T) {
	m := handPairModel()
	n := len(m.Weights)
	text := "Mistral works alongside Nvidia on model serving in Europe."
	for i := range 2 {
		x, err := NewWithOptions(Options{Pairs: m})
		if err != nil {
			t.Fatal(err)
		}
		if x.pairs.Weights != nil {
			t.Errorf("extractor %d keeps %d weights by name beside its index", i, len(x.pairs.Weights))
		}
		if len(m.Weights) != n || m.byFeature != nil {
			t.Fatalf("extractor %d changed the caller's model: %d weights (want %d), index %v", i, len(m.Weights), n, m.byFeature != nil)
		}
		if evs := extractAll(t, x, text); len(evs) != 1 || evs[0].Type != schemas.TypePartnership {
			t.Errorf("extractor %d: got %v, want the model's partnership", i, describeAll(evs))
		}
	}
}
