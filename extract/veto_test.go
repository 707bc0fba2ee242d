package extract

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// handVetoModel drops a partnership whose sentences hold "rehearsal" or,
// unless the model masks names, "mistral"; it judges every event the
// confidence model gives less than under.
func handVetoModel(under float64, mask bool) *PairModel {
	return &PairModel{
		Logistic: Logistic{Bias: 0, Weights: map[string]float64{
			"partnership|bias":         3,
			"partnership|sw:rehearsal": -20,
			"partnership|sw:mistral":   -20,
		}},
		Scale: 1, DropBelow: 0.4, ConfidenceUnder: under, MaskNames: mask,
	}
}

const (
	vetoedText = "Mistral and Nvidia announced a strategic partnership after a rehearsal in Paris."
	keptText   = "Mistral and Nvidia announced a strategic partnership to build data centres in Paris."
)

func partnerships(t *testing.T, x *Extractor, text string) []schemas.DealEvent {
	t.Helper()
	return eventsOfType(t, x, text, schemas.TypePartnership)
}

// eventsOfType returns the events of type typ extracted from text.
func eventsOfType(t *testing.T, x *Extractor, text, typ string) []schemas.DealEvent {
	t.Helper()
	return slices.DeleteFunc(extractAll(t, x, text), func(e schemas.DealEvent) bool { return e.Type != typ })
}

func TestVetoDropsTheRuleEventsItFindsUnlikely(t *testing.T) {
	without, err := NewWithOptions(Options{Disable: []string{StageVeto}})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{vetoedText, keptText} {
		if got := partnerships(t, without, text); len(got) != 1 {
			t.Fatalf("without the veto, %q gives %v: want the rules' one partnership", text, describeAll(got))
		}
	}
	x, err := NewWithOptions(Options{Veto: handVetoModel(1, true)})
	if err != nil {
		t.Fatal(err)
	}
	if got := partnerships(t, x, vetoedText); len(got) != 0 {
		t.Errorf("the veto kept %v", describeAll(got))
	}
	if got := partnerships(t, x, keptText); len(got) != 1 {
		t.Errorf("the veto dropped a partnership it gives 0.95: %v", describeAll(got))
	}
}

// The veto judges only the events the confidence model is unsure of.
func TestVetoSparesConfidentEvents(t *testing.T) {
	x, err := NewWithOptions(Options{Veto: handVetoModel(0.01, true)})
	if err != nil {
		t.Fatal(err)
	}
	got := partnerships(t, x, vetoedText)
	if len(got) != 1 {
		t.Fatalf("got %v, want the partnership: its confidence is above confidence_under", describeAll(got))
	}
	if got[0].Confidence < 0.01 {
		t.Fatalf("confidence %v: pick a sentence the confidence model scores higher", got[0].Confidence)
	}
}

// A model that masks names learns phrasings, not companies: a weight on a
// company's name never applies.
func TestVetoMasksNames(t *testing.T) {
	masked, err := NewWithOptions(Options{Veto: handVetoModel(1, true)})
	if err != nil {
		t.Fatal(err)
	}
	named, err := NewWithOptions(Options{Veto: handVetoModel(1, false)})
	if err != nil {
		t.Fatal(err)
	}
	if got := partnerships(t, masked, keptText); len(got) != 1 {
		t.Errorf("masked: the name's weight applied: %v", describeAll(got))
	}
	if got := partnerships(t, named, keptText); len(got) != 0 {
		t.Errorf("unmasked: the name's weight did not apply: %v", describeAll(got))
	}
}

func TestMaskedWords(t *testing.T) {
	x := newTestExtractor(t)
	_, _, infos, err := x.analyse(context.Background(), article("Mistral AI and Nvidia agreed to work together, the company said."))
	if err != nil {
		t.Fatal(err)
	}
	words := maskedWords(infos)
	if len(words) != len(infos) || len(words[0]) != len(infos[0].low) {
		t.Fatalf("masked %d sentences, %v; want word for word", len(words), words)
	}
	got := strings.Join(words[0], " ")
	if !strings.HasPrefix(got, "<org> <org> and <org> agreed") || !strings.Contains(got, "the company said") {
		t.Errorf("masked words %q: want each word of a name masked, the words around and the implicit mention kept", got)
	}
	if infos[0].low[0] != "mistral" {
		t.Errorf("masking changed the sentence's own words: %v", infos[0].low)
	}
}

func TestLoadVetoModel(t *testing.T) {
	b, err := handVetoModel(0.7, true).JSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadPairModel(b)
	if err != nil || back == nil {
		t.Fatalf("round trip: %v", err)
	}
	if back.DropBelow != 0.4 || back.ConfidenceUnder != 0.7 || !back.MaskNames || back.AddAbove != 0 {
		t.Errorf("round trip lost fields: %+v", back)
	}
	for _, bad := range []string{
		`{"add_above": 0.5, "drop_below": 0.4, "confidence_under": 0.7, "scale": 1}`,
		`{"drop_below": 1, "confidence_under": 0.7, "scale": 1}`,
		`{"drop_below": 0.4, "scale": 1}`,
		`{"drop_below": 0.4, "confidence_under": 1.5, "scale": 1}`,
	} {
		if _, err := LoadPairModel([]byte(bad)); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
	m, err := LoadPairModel(pairVetoJSON)
	if err != nil || m == nil || m.DropBelow == 0 {
		t.Errorf("the embedded veto model: %v, %v", m, err)
	}
	// a model that adds cannot veto, nor one that drops add
	if _, err := NewWithOptions(Options{Veto: handPairModel()}); err == nil {
		t.Error("an adding model taken as the veto")
	}
	if _, err := NewWithOptions(Options{Pairs: handVetoModel(0.7, true)}); err == nil {
		t.Error("a veto model taken as the pair model")
	}
}
