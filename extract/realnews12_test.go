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

// TestRealNewsAfterClause: a time clause that opens the sentence
// ("Five days after PwC committed 30,000 staff to Claude, KPMG ...", r3412;
// "Just five months after Constellation announced a power deal with
// Microsoft, the company ...", r3355; "Hours after signing a $1 billion
// deal with Google, Airtel's chief executive said ...", r3480), or one
// after a comma (", days after Microsoft announced a new multiyear,
// multibillion-dollar investment with OpenAI", r2873), tells a deal that
// came before: background. The deal outside it is still stated.
func TestRealNewsAfterClause(t *testing.T) {
	forbidEvents(t, "a deal told in an 'after' clause read as new", []string{
		"Three weeks after Zephyr Labs signed a $2 billion cloud contract with Oracle, its rival Quill Robotics hired 200 engineers.",
		"Hours after signing a $1 billion deal with Oracle, the Zephyr Labs chief executive said the rollout would speed up.",
		"Just five months after Zephyr Labs announced a 20-year power purchase agreement with Oracle, the company said the plant is ahead of schedule.",
		"Quill Robotics raised $50 million from Accel, weeks after Oracle announced a new multiyear, multibillion-dollar investment in Zephyr Labs.",
	}, hasParty(func(id string) bool { return id == "oracle" }))
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Two weeks after Quill Robotics went public, Zephyr Labs signed a $2 billion cloud contract with Oracle.",
			[]gWant{{"commitment", "new", "cloud_services", "oracle zephyrlabs", 2e9, "USD"}}},
		{"Quill Robotics raised $50 million from Accel, weeks after Oracle announced a new multiyear, multibillion-dollar investment in Zephyr Labs.",
			[]gWant{{"commitment", "new", "investment", "accel quillrobotics", 50e6, "USD"}}},
	})
}
