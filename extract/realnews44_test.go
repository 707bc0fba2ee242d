package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsPartnerGroupLists: partners listed after a group of
// organisations. "Partnering with" or "collaborating with" a group ("Indian
// companies like A", "several Nordic firms such as A, B and C") partners
// with each one listed, with no announcing verb (r13806, r13684, r14868,
// development folds dn, do, dq); and the items of a list that a group noun
// opens ("deals with five regional publishers, including A, B and C") are
// organisations even when none of them is known (r13174, r14868, r15304).
func TestRealNewsPartnerGroupLists(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Mistral is collaborating with several Nordic firms such as Ericsson, Nokia and Saab.",
			[]gWant{{"partnership", "formed", "", "ericsson mistral", 0, ""}, {"partnership", "formed", "", "mistral nokia", 0, ""},
				{"partnership", "formed", "", "mistral saab", 0, ""}}},
		{"Cohere signed content deals with five regional publishers, including Harbor Ledger, Crestline Post and Ridgeway Gazette, the company said.",
			[]gWant{{"partnership", "formed", "", "cohere harborledger", 0, ""}, {"partnership", "formed", "", "cohere crestlinepost", 0, ""},
				{"partnership", "formed", "", "cohere ridgewaygazette", 0, ""}}},
	})
}

// TestRealNewsPowerDescribedDeveloperIsPaid: a developer or startup introduced by what
// it generates ("renewable developer Zelestra", "geothermal developer
// Baseload Capital") is a power producer that the buyer of a power purchase
// agreement pays, not an AI developer buying from it. Seen in r14065,
// r15331 and r15334 (development folds do, dt), where the buyer was read as
// the seller.
func TestRealNewsPowerDescribedDeveloperIsPaid(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Google has signed a 120MW power purchase agreement with renewable developer Solveig for energy from two wind farms.",
			[]directed{{"google", "solveig", schemas.KindCompute, 0}}},
		{"Amazon struck a power purchase agreement with geothermal startup Magmara Heat for its data centres in Nevada.",
			[]directed{{"amazon", "magmaraheat", schemas.KindCompute, 0}}},
	})
}

// TestRealNewsHyundaiAffiliates: Hyundai's engineering and shipbuilding
// affiliates are organisations of their own, not Hyundai Motor Group, whose
// alias "Hyundai" opens their names. Seen in r15178, r15320 (Hyundai E&C,
// development folds ds, dt) and r14903 (HD Hyundai, fold dr).
func TestRealNewsHyundaiAffiliates(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Westinghouse formed a partnership with Hyundai Engineering & Construction to build reactors in Europe.",
			[]gWant{{"partnership", "formed", "", "hyundaiec westinghouse", 0, ""}}},
		{"Westinghouse formed a partnership with Hyundai E&C to build reactors in Europe.",
			[]gWant{{"partnership", "formed", "", "hyundaiec westinghouse", 0, ""}}},
		{"Oklo formed a partnership with HD Hyundai to build reactors in Asia.",
			[]gWant{{"partnership", "formed", "", "hdhyundai oklo", 0, ""}}},
	})
}
