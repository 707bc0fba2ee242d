package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

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

// TestRealNewsFrontedByPartnering: a sentence that opens with "By
// partnering with X," or "by teaming up with X," names the other partner
// as its main clause's subject ("By partnering with Equinix, a global
// leader in data centres, Groq is set to ..."). Seen in r12994, r13394 and
// r13552 (development folds dd, dg, dh). A partner named only in a list
// after a description ("with cloud companies like A, B and C") makes none.
func TestRealNewsFrontedByPartnering(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"By partnering with Equinix, a global leader in data centres, Groq is set to reach more customers.",
			[]gWant{{"partnership", "formed", "", "equinix groq", 0, ""}}},
		{"Waiting lists are long, but by teaming up with Equinix, Mistral can start building at once.",
			[]gWant{{"partnership", "formed", "", "equinix mistral", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypePartnership },
		"By teaming up with cloud companies like CoreWeave, Nscale, and Lambda, Microsoft can add capacity fast.")
}

// TestRealNewsOneAllianceOfCoordinatedSubjects: two coordinated subjects
// that enter "a partnership with" or announce "a collaboration with" a
// third form one partnership of the three ("Google and Kairos Power have
// announced a strategic collaboration with the Tennessee Valley
// Authority", r13905; "xAI and Nvidia ... have entered into a strategic
// partnership with Humain", r15508; development folds dj, dv). Plural
// partnerships and "joined forces with" stay one per subject, and a
// partnership formed "to buy" a company does not make the company a
// partner.
func TestRealNewsOneAllianceOfCoordinatedSubjects(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nvidia and Dell announced a collaboration with the Department of Energy to build a supercomputer.",
			[]gWant{{"partnership", "formed", "", "dell departmentofenergy nvidia", 0, ""}}},
		{"Mistral and Nvidia have entered into a strategic partnership with Humain to build a 500-megawatt campus.",
			[]gWant{{"partnership", "formed", "", "humain mistral nvidia", 0, ""}}},
		{"Google and Meta announced partnerships with Reliance.",
			[]gWant{{"partnership", "formed", "", "google relianceindustries", 0, ""}, {"partnership", "formed", "", "meta relianceindustries", 0, ""}}},
	})
	noEvent(t, hasParty(func(id string) bool { return id == "airtrunk" }),
		"Blackstone and Brookfield formed a partnership to buy AirTrunk.")
}
