package extract

import "testing"

// Fifteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsDescriptionIsNoBackground: a description of an organisation
// set off by dashes, or ending the sentence, tells how the organisation
// began, not when the deal was made: its "two years ago" or "previously"
// no longer makes the deal background (r2526, r2402).
func TestRealNewsDescriptionIsNoBackground(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"The cloud market keeps growing. Meta signed a $14 billion infrastructure deal with Nebius — a company that, two years ago, was still a search engine's hosting arm.",
			[]gWant{{"commitment", "new", "compute", "meta nebius", 14e9, "USD"}}},
		{"The two companies renewed their ties. Under the agreement, Salesforce – which has previously sold software to banks – will run its computing exclusively on Oracle's cloud.",
			[]gWant{{"exclusivity", "granted", "", "oracle salesforce", 0, ""}}},
		{"The cloud market keeps growing. Oracle signed a $3 billion cloud contract with Zephyr Labs, a startup that was founded three years ago.",
			[]gWant{{"commitment", "new", "cloud_services", "oracle zephyrlabs", 3e9, "USD"}}},
	})
}
