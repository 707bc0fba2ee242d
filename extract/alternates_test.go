package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// modelExtractor is an extractor at a fixed time whose confidence model is
// model, with the stages disable switched off.
func modelExtractor(t *testing.T, model *ConfidenceModel, disable ...string) *Extractor {
	t.Helper()
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	x, err := NewWithOptions(Options{Now: func() time.Time { return fixed }, Filter: model, Disable: disable})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestTrustedReadingWins: an event read in two sentences takes its evidence
// and confidence from the reading the confidence model trusts more, not
// from the one the rules merged first (mergeFrames keeps the others as
// alternates). The model here trusts only evidence with the word
// "statement", which the second reading has.
func TestTrustedReadingWins(t *testing.T) {
	x := modelExtractor(t, &ConfidenceModel{Logistic: Logistic{Bias: -3, Weights: map[string]float64{"w=statement": 6}}, Scale: 1, Floor: 0.2})
	text := "Halden backs Bloom\n\nHalden Capital will invest $2 billion in Bloom Energy over three years.\n" +
		"Halden Capital will invest $2 billion in Bloom Energy, the statement issued by both firms on Monday said."
	got := eventsOfType(t, x, text, schemas.TypeCommitment)
	if len(got) != 1 {
		t.Fatalf("want one commitment, got %d: %+v", len(got), got)
	}
	if !strings.Contains(got[0].Evidence.Sentence, "statement") || got[0].Confidence < 0.9 {
		t.Errorf("evidence %q, confidence %.2f: want the trusted reading (statement, > 0.9)", got[0].Evidence.Sentence, got[0].Confidence)
	}
}

// TestReadingOfAnotherActionKeepsEvent: when an article tells a
// partnership formed in its lead and restates it as deepened later,
// mergeFrames keeps the stronger action (expanded) and sets the lead's
// reading aside. If the model drops the expanded reading, the event used to
// vanish with it although the model trusts the lead (r10673); now the
// reading it trusts keeps the event, with that reading's action. The model
// here distrusts "expanded" and trusts "formed".
func TestReadingOfAnotherActionKeepsEvent(t *testing.T) {
	x := modelExtractor(t, &ConfidenceModel{Logistic: Logistic{Bias: 0, Weights: map[string]float64{"action=expanded": -6, "action=formed": 3}}, Scale: 1, Floor: 0.2},
		StageVeto, StagePairs)
	text := "Kroger, Microsoft build a smarter supermarket\n\nKroger and Microsoft are joining forces to bring online convenience to grocery aisles.\n\n" +
		"The two companies have worked on projects before but deepened their collaboration over the last 18 months."
	got := eventsOfType(t, x, text, schemas.TypePartnership)
	if len(got) != 1 || got[0].Action != schemas.ActionFormed || !strings.Contains(got[0].Evidence.Sentence, "joining forces") {
		t.Fatalf("want the formed partnership from the lead, got %+v", got)
	}
}
