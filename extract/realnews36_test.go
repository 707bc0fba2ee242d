package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsBrandUsedOnceBeforeAProductNoun: a company the gazetteer does
// not know is named as a deal's party and, once, as the brand before a
// product noun ("its Brightmoor deal", "Quorvia phone owners"). The minority
// use does not turn the company into a product; a name used mostly as a
// product's stays out.
func TestRealNewsBrandUsedOnceBeforeAProductNoun(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Quorvia and Alibaba have announced a broad partnership to bring AI models to handsets. Quorvia plans to ship the assistant next spring. The tie-up gives Quorvia phone owners new tools.",
			[]gWant{{"partnership", "formed", "", "alibaba quorvia", 0, ""}}},
		{"Meta signed a power deal with Brightmoor, a wind developer. Brightmoor said the farms open in 2027. Meta also buys from others beyond its Brightmoor deal.",
			[]gWant{{"commitment", "new", "compute", "brightmoor meta", 0, ""}}},
	})
	noEvent(t, func(schemas.DealEvent) bool { return true },
		"Google announced a partnership with Nexa on assistants. Nexa phones will get the model first, and Nexa tablets follow.")
}

// TestRealNewsExclusivelyOnHardware: "exclusively on" an organisation's
// chips or GPUs tells what the work runs on, not an exclusive right; the
// same adverb before a cloud still names the cloud's exclusive position.
func TestRealNewsExclusivelyOnHardware(t *testing.T) {
	isExclusivity := func(e schemas.DealEvent) bool { return e.Type == schemas.TypeExclusivity }
	noEvent(t, isExclusivity,
		"The new Indiana campus will train Anthropic's models exclusively on Amazon chips.",
		"Perrin Labs, AMD and IBM said they trained a language model exclusively on AMD GPUs.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs will train its models exclusively on AWS.",
			[]gWant{{"exclusivity", "granted", "", "amazon perrinlabs", 0, ""}}},
	})
}

// TestRealNewsJointlyFundedRound: investors that "jointly" take part in or
// lead a round are co-investors, each with its own investment, not
// partners of each other; "jointly" before a verb of making still reads as
// a partnership.
func TestRealNewsJointlyFundedRound(t *testing.T) {
	isPartnership := func(e schemas.DealEvent) bool { return e.Type == schemas.TypePartnership }
	noEvent(t, isPartnership,
		"Xiaomi and Sequoia Capital jointly participated in Perrin Labs' Series A1 funding round.",
		"The investment in Perrin Labs was jointly led by Tencent, Sequoia Capital and Lightspeed.",
		"Tencent and Sequoia Capital jointly backed Perrin Labs last spring.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Tencent and Sequoia Capital jointly developed a chip for data centres.",
			[]gWant{{"partnership", "formed", "", "sequoiacapital tencent", 0, ""}}},
		{"Tencent and Sequoia Capital will jointly lead a research project on data centre chips.",
			[]gWant{{"partnership", "formed", "", "sequoiacapital tencent", 0, ""}}},
	})
}
