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
