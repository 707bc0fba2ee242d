package extract

import "testing"

// Phenomena of real published news seen in round 3 (testdata/real folds a, b
// and c as development), each in at least two independent articles,
// reproduced in sentences of our own.

// TestRealNewsAttributedCompletedAct: a deal reported as done by unnamed
// sources ("has signed ..., according to people familiar with the matter") is
// stated; an attributed plan, and a media report as the speaker, stay rumours.
func TestRealNewsAttributedCompletedAct(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has signed a cloud computing contract with Google Cloud worth more than $3 billion over five years, according to people familiar with the matter.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 3e9, "USD"}}},
		{"Halden Robotics entered into a $700 million agreement to rent GPU capacity from CoreWeave, sources familiar with the deal said.",
			[]gWant{{"commitment", "new", "compute", "coreweave haldenrobotics", 700e6, "USD"}}},
	})
	noEvent(t, nil,
		"Perrin Labs plans to spend $3 billion on Google Cloud over five years, according to people familiar with the matter.",
		"The report said Perrin Labs had signed a $3 billion contract with Google Cloud.",
		"Perrin Labs is in talks to rent GPU capacity from CoreWeave, people familiar with the matter said.",
	)
}

// TestRealNewsDealValueLater: a deal's value told sentences later ("The
// Broadcom deal is valued at ...", "This five-year contract, valued at ...")
// goes to the amount-less deal with that party, a capacity-only one included.
func TestRealNewsDealValueLater(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs and Broadcom announced a collaboration to co-develop and deploy 4 gigawatts of custom accelerators. Broadcom shares rose 9% on the news. Analysts said more customers would follow. The Broadcom deal is valued at more than $8 billion.",
			[]gWant{{"commitment", "new", "compute", "broadcom perrinlabs", 8e9, "USD"}}},
		{"Halden Robotics signed a contract to rent GPU capacity from Nebius. This five-year contract, valued at about $900 million, starts in March.",
			[]gWant{{"commitment", "new", "compute", "haldenrobotics nebius", 900e6, "USD"}}},
	})
}

// TestRealNewsHeldInvestment: an investment named as what an investor holds
// ("its substantial investment in X", "Y's current stake in X", "having made
// investments in X") restates an old deal when no amount comes with it;
// "has completed its investment" or "doubled down on its stake" is an act.
func TestRealNewsHeldInvestment(t *testing.T) {
	noEvent(t, nil,
		"The move lets Halden diversify beyond its substantial investment in Perrin Labs.",
		"Regulators are looking at Halden Ventures' investment and influence over Perrin Labs.",
		"Google's current stake in Perrin Labs is undisclosed.",
		"The two have worked together for years, with Halden Ventures having made large investments in Perrin Labs.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Halden Ventures is doubling down on its investment in Perrin Labs, adding $2 billion.",
			[]gWant{{"commitment", "", "investment", "haldenventures perrinlabs", 2e9, "USD"}}},
		{"Google raised its stake in Perrin Labs on Monday.",
			[]gWant{{"commitment", "", "investment", "google perrinlabs", 0, ""}}},
	})
}
