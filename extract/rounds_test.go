package extract

import (
	"context"
	"slices"
	"testing"
)

// TestRoundOverTwoSentences: the company raises in one sentence, the
// investors are named in the next; each invests, without the round's total.
func TestRoundOverTwoSentences(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text string
		want []string
	}{
		{"Mistral AI raised $200 million this week. Accel led the round, which also included Nvidia and Salesforce Ventures.",
			[]string{"accel->mistral", "nvidia->mistral", "salesforce->mistral"}},
		{"Poolside closed a $500 million round. Nvidia led the round, and Bain Capital Ventures took part.",
			[]string{"baincapitalventures->poolside", "nvidia->poolside"}},
		// no raise before: nothing to attach the lead to
		{"Nvidia led the round, and Accel took part.", nil},
	}
	for _, c := range cases {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range evs {
			if e.Type != "commitment" || e.KindOf() != "investment" {
				continue
			}
			if e.Amount != nil && e.Amount.Value != nil {
				t.Errorf("%q: %s has an amount; the round's total is no single investor's", c.text, e.Parties[0].ID)
			}
			got = append(got, e.Parties[0].ID+"->"+e.Parties[1].ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

// TestEachRecipient: "contracts worth $N each to A, B and C" commits $N to
// each.
func TestEachRecipient(t *testing.T) {
	checkEvents(t, "The Pentagon awarded contracts worth up to $150 million each to Cohere, Mistral AI and Anthropic.",
		want{"commitment", "new", "cloud_services", "from:pentagon to:cohere", 150e6},
		want{"commitment", "new", "cloud_services", "from:pentagon to:mistral", 150e6},
		want{"commitment", "new", "cloud_services", "from:pentagon to:anthropic", 150e6})
}
