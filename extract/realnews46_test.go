package extract

import "testing"

// TestRealNewsAcronymInInvesteeDescription: a capitalised acronym that
// describes the investee ("in EV startup Foo", "in GPU cloud startup Foo",
// "into IT services firm Foo") is part of the description before its name,
// as "AI" already was, so the investment reaches the name. Seen in r13339
// and r14029 (development folds df, dk), where Volkswagen's stakes in two
// EV makers were missed. An investment in things ("in EV plants") names no
// investee.
func TestRealNewsAcronymInInvesteeDescription(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Toyota said it will invest $500 million in EV maker Rivian.",
			[]directed{{"toyota", "rivian", "investment", 5e8}}},
		{"Samsung has taken a stake worth $200 million in GPU cloud startup CoreWeave.",
			[]directed{{"samsung", "coreweave", "investment", 2e8}}},
		{"Infosys put $50 million into IT services firm Wipro.",
			[]directed{{"infosys", "wipro", "investment", 5e7}}},
	})
	noEvent(t, isCommitment,
		"Toyota will invest $500 million in EV plants, Rivian said.",
		"Toyota will invest $500 million in EV battery plants with Rivian.")
}
