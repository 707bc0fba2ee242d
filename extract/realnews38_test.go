package extract

import (
	"context"
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
	x := newTestExtractor(t)
	for _, c := range []struct{ text, from, to string }{
		{"Google has signed a power purchase agreement with Commonwealth Fusion Systems for 200 MW from its first plant.", "google", "commonwealthfusion"},
		{"Meta signed an agreement with TerraPower for up to eight reactors delivering 2.8 GW to its data centers.", "meta", "terrapower"},
	} {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Type == schemas.TypeCommitment && e.KindOf() == schemas.KindCompute {
				found = true
				if from, to := fromTo(e); from != c.from || to != c.to {
					t.Errorf("%q: from %s to %s, want from %s to %s", c.text, from, to, c.from, c.to)
				}
			}
		}
		if !found {
			t.Errorf("%q: no compute commitment in %+v", c.text, evs)
		}
	}
}
