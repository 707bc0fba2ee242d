package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsUnknownRaiserClosesRound: a company the gazetteer does not
// know, named once, is the raiser when it "announced the close of" (or
// "the completion of") a round, also behind an apposition that describes
// it; the round's lead and participants invest in it.
func TestRealNewsUnknownRaiserClosesRound(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"This morning Quillory announced the close of its $12 million Series A round led by Amplify Partners.",
			[]gWant{{"commitment", "new", "investment", "amplifypartners quillory", 0, ""}}},
		{"On March 3, 2024, Brenvale, a decentralised marketplace for spare GPU time, announced the completion of a $20 million seed financing round, led by Lightspeed, with participation from Coinbase Ventures and Polychain Capital.",
			[]gWant{
				{"commitment", "new", "investment", "brenvale lightspeed", 0, ""},
				{"commitment", "new", "investment", "brenvale coinbaseventures", 0, ""},
				{"commitment", "new", "investment", "brenvale polychaincapital", 0, ""},
			}},
	})
}

// TestRealNewsPowerDeveloperIsPaid: a fusion or reactor developer that
// sells the output of its plant is paid in a power purchase agreement, as
// any power producer; the company that buys the power is the payer.
func TestRealNewsPowerDeveloperIsPaid(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Google has signed a power purchase agreement with Commonwealth Fusion Systems for 200 MW from its first plant.",
			[]directed{{"google", "commonwealthfusion", schemas.KindCompute, 0}}},
		{"Meta signed an agreement with TerraPower for up to eight reactors delivering 2.8 GW to its data centers.",
			[]directed{{"meta", "terrapower", schemas.KindCompute, 0}}},
	})
}
