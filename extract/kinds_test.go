package extract

import (
	"context"
	"testing"
)

// wantKinds runs single-sentence or short texts and checks the one
// commitment each must give.
func checkCommitments(t *testing.T, cases []struct {
	text string
	want want
}) {
	t.Helper()
	x := newTestExtractor(t)
	for _, c := range cases {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		var got []want
		for _, e := range evs {
			d := describe(e)
			got = append(got, d)
			if d == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%q:\n got  %+v\n want %+v among them", c.text, got, c.want)
		}
	}
}

// TestKindRules: kind follows what is bought (LABELING.md).
func TestKindRules(t *testing.T) {
	checkCommitments(t, []struct {
		text string
		want want
	}{
		// gigawatts bought from a cloud company are compute, even when the amount sits with "contract"
		{"Helix Robotics has agreed to buy about 2 gigawatts of computing capacity from Oracle, in a contract worth roughly $90 billion over five years.",
			want{"commitment", "new", "compute", "from:helixrobotics to:oracle", 90e9}},
		// money paid for a stake is an investment
		{"Microsoft formed a venture with funds managed by Brookfield, with Brookfield paying Microsoft about $12 billion for a 60% stake in the campus.",
			want{"commitment", "new", "investment", "from:brookfield to:microsoft", 12e9}},
		// an investment described in the main clause, the money in a relative clause
		{"Perplexity raised $500 million this week. The biggest investment came from SoftBank, which put in $200 million and expanded its existing partnership with the start-up into a multi-year agreement covering search.",
			want{"commitment", "new", "investment", "from:softbank to:perplexity", 200e6}},
		// a cloud company's servers, storage and networking services are cloud services
		{"Apple will use Amazon's servers, storage and networking services under a contract worth $4 billion.",
			want{"commitment", "new", "cloud_services", "from:apple to:amazon", 4e9}},
	})
}

// TestCoordinatedModal: a modal in a second, coordinated verb phrase does
// not make the first one hypothetical, and a stake beside a purchase of
// capacity does not turn the purchase into an investment.
func TestCoordinatedModal(t *testing.T) {
	checkEvents(t, "Intel and Anthropic announced a deal under which Anthropic will deploy 2 gigawatts of Intel accelerators and could take a stake of up to 5% in Intel.",
		want{"commitment", "new", "compute", "from:anthropic to:intel", 0})
}

// TestAcquireHardware: acquiring chips is a purchase of compute.
func TestAcquireHardware(t *testing.T) {
	checkEvents(t, "Oracle has agreed to acquire 50,000 AMD MI450 chips for its cloud, the companies said.",
		want{"commitment", "new", "compute", "from:oracle to:amd", 0})
}

// TestRaisedAtValuation: "raised $X at a valuation of $Y" keeps $X as the
// round's amount.
func TestRaisedAtValuation(t *testing.T) {
	checkEvents(t, "Lambda raised $1.5 billion from Valor Equity Partners at a valuation of $12 billion.",
		want{"commitment", "new", "investment", "from:valorequitypartners to:lambda", 1.5e9})
	// led by: the round's total is not the lead's share, and the valuation is no amount either
	checkEvents(t, "Lambda raised $1.5 billion at a valuation of $12 billion, in a round led by Valor Equity Partners.",
		want{"commitment", "new", "investment", "from:valorequitypartners to:lambda", 0})
}

// TestRunningTotalToDate: "has invested $N in X to date" restates a total.
func TestRunningTotalToDate(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Google has invested more than $3 billion in Anthropic to date."))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Errorf("a running total gave %d events: %+v", len(evs), describe(evs[0]))
	}
}
