package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

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

// TestRealNewsPartnershipAsModifier: "partnership" that modifies another
// noun ("the partnership strategy", "the Meta partnership news") names a
// kind of thing, not the article's deal, and makes no partnership of the
// deal's parties (r2461, r3001). "The partnership will ..." still does.
func TestRealNewsPartnershipAsModifier(t *testing.T) {
	x := newTestExtractor(t)
	wantTypeCounts(t, x, schemas.TypePartnership, []typeCount{
		{"Zephyr Labs will spend $2 billion on Oracle's cloud over five years. Investors cheered the Oracle partnership news on Tuesday.", 0},
		{"Zephyr Labs will spend $2 billion on Oracle's cloud over five years. Here is what lies behind the partnership strategy.", 0},
		{"Zephyr Labs will spend $2 billion on Oracle's cloud over five years. The partnership will help Zephyr Labs train larger models.", 1},
	})
}
