package extract

import (
	"context"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Phenomena of real published news (testdata/real, fold a), each seen in at
// least two independent articles, reproduced in sentences of our own.

// TestRealNewsBareDescriptor: real news writes a description before a name
// without a determiner ("in AI startup X", "with cloud provider Y").
func TestRealNewsBareDescriptor(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google will invest $2 billion in artificial intelligence company Anthropic.",
			[]gWant{{"commitment", "new", "investment", "anthropic google", 2e9, "USD"}}},
		{"Halden Ventures has committed to investing $300 million in robotics startup Perrin Labs.",
			[]gWant{{"commitment", "new", "investment", "haldenventures perrinlabs", 300e6, "USD"}}},
		{"Perrin Labs signed a $1.2 billion contract with GPU cloud provider CoreWeave.",
			[]gWant{{"commitment", "new", "compute", "coreweave perrinlabs", 1.2e9, "USD"}}},
	})
}

// TestRealNewsCapacityOnly: a compute deal stated only by what is delivered,
// with no commitment verb, is a capacity-only commitment from the buyer to
// the seller.
func TestRealNewsCapacityOnly(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs and Broadcom announced a collaboration to co-develop and deploy 4 gigawatts of custom accelerators.",
			[]gWant{{"partnership", "formed", "", "broadcom perrinlabs", 0, ""}, {"commitment", "new", "compute", "broadcom perrinlabs", 0, ""}}},
		{"SAP will run the data centres while Nvidia will supply 12,000 GPUs alongside networking gear.",
			[]gWant{{"commitment", "new", "compute", "nvidia sap", 0, ""}}},
		{"Nvidia and Perrin Labs formed a partnership on Monday. The new cluster will be built with 20k Nvidia Grace Blackwell superchips.",
			[]gWant{{"commitment", "new", "compute", "nvidia perrinlabs", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return e.Capacity != nil },
		"Perrin Labs said it might deploy 4 gigawatts of accelerators from Broadcom if demand holds.",
		"Perrin Labs is in talks to buy 12,000 GPUs from Nvidia, people familiar said.",
		"The data centre will hold 50,000 GPUs when it opens.", // no seller named
		// the chips' maker named only as a brand, with no deal with the buyer in the article
		"The new funding will help Mistral grow its cluster, which will house 100,000 Nvidia GPUs by next year.",
		"Mistral raised $2 billion. Its founders aim to acquire 50,000 Nvidia GPUs to train the next model.",
	)
}

// noEvent fails when any text gives an event that bad selects (nil: any event).
func noEvent(t *testing.T, bad func(schemas.DealEvent) bool, texts ...string) {
	t.Helper()
	x := newTestExtractor(t)
	for _, text := range texts {
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if bad == nil || bad(e) {
				t.Errorf("%q: unwanted event %+v", text, describe(e))
			}
		}
	}
}

// TestRealNewsNoDeal: headlines of called-off deals and sentence adverbs
// taken for names give no event.
func TestRealNewsNoDeal(t *testing.T) {
	noEvent(t, nil,
		"Perrin Labs Calls Off $10 Billion Server Deal With Oracle",
		"Perrin Labs has scrapped its plan to rent $4 billion of chips from Oracle.",
		"However, the company intends to spend trillions on AI infrastructure.",
	)
}

// TestRealNewsPhrasings: partnership verbs without a partnership noun, deal
// values given as "valued at over", and neocloud sellers.
func TestRealNewsPhrasings(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nvidia said it will partner with Samsung to build AI factories.",
			[]gWant{{"partnership", "formed", "", "nvidia samsung", 0, ""}}},
		{"Intel joins forces with Cohere to build enterprise agents.",
			[]gWant{{"partnership", "formed", "", "cohere intel", 0, ""}}},
		{"Salesforce signed a deal with Nscale valued at over $3 billion.",
			[]gWant{{"commitment", "new", "compute", "nscale salesforce", 3e9, "USD"}}},
		{"Salesforce will spend $2 billion over four years renting cloud servers from CoreWeave.",
			[]gWant{{"commitment", "new", "compute", "coreweave salesforce", 2e9, "USD"}}},
	})
	noEvent(t, nil, "Samsung is a key partner with Nvidia in memory.") // a partner noun is no new partnership
}

// TestRealNewsRoundInvestors: real round stories name the investors in
// lists with descriptors, co-leads and participants, often in the sentence
// after the raise, and the round's total is none of theirs (LABELING.md:
// a combined amount gives each investor an event with amount null).
func TestRealNewsRoundInvestors(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		// co-leads with descriptors, and a participant "also joining"
		{"Anthropic raised $13 billion this week. The round was led by Coatue and Singapore's sovereign wealth fund GIC, with Sequoia Capital also joining.",
			[]gWant{{"commitment", "new", "investment", "anthropic coatue", 0, ""}, {"commitment", "new", "investment", "anthropic gic", 0, ""}, {"commitment", "new", "investment", "anthropic sequoiacapital", 0, ""}}},
		// a participial "led by" and a determiner before each descriptor
		{"Anthropic raised $13 billion this week. The funding round, led by the Singapore sovereign wealth fund GIC and the hedge fund Coatue, values it at $183 billion.",
			[]gWant{{"commitment", "new", "investment", "anthropic gic", 0, ""}, {"commitment", "new", "investment", "anthropic coatue", 0, ""}}},
		// participation from, alongside
		{"Mistral said it had secured $6 billion in new funding. The investment includes strategic participation from Nvidia and AMD, alongside financial giants BlackRock and Morgan Stanley.",
			[]gWant{{"commitment", "new", "investment", "mistral nvidia", 0, ""}, {"commitment", "new", "investment", "amd mistral", 0, ""}, {"commitment", "new", "investment", "blackrock mistral", 0, ""}, {"commitment", "new", "investment", "mistral morganstanley", 0, ""}}},
		// the round's total, several investors in the raise sentence: no amount for any
		{"Perrin Labs, a robotics startup, has raised $675 million in funding with investments from Microsoft, Nvidia and Quillmoor Ventures.",
			[]gWant{{"commitment", "new", "investment", "microsoft perrinlabs", 0, ""}, {"commitment", "new", "investment", "nvidia perrinlabs", 0, ""}, {"commitment", "new", "investment", "perrinlabs quillmoorventures", 0, ""}}},
		// legal forms inside the list, after a comma or not
		{"Mistral said it had secured $6 billion in new funding. The investment includes participation from NVIDIA Corp. and Advanced Micro Devices, Inc., alongside BlackRock, Inc. and Morgan Stanley.",
			[]gWant{{"commitment", "new", "investment", "mistral nvidia", 0, ""}, {"commitment", "new", "investment", "amd mistral", 0, ""}, {"commitment", "new", "investment", "blackrock mistral", 0, ""}, {"commitment", "new", "investment", "mistral morganstanley", 0, ""}}},
		// the round told several sentences before its investor list
		{"Mistral has raised $2 billion in new funding. It plans to hire. Its models are popular in Europe. Revenue tripled last year. It is based in Paris. Investors in the round include Sequoia Capital and Kestrel Holdings.",
			[]gWant{{"commitment", "new", "investment", "mistral sequoiacapital", 0, ""}, {"commitment", "new", "investment", "kestrelholdings mistral", 0, ""}}},
		// the lead of a round: the round's total is not its own share
		{"Mistral raised $300 million in a round led by Spark Capital.",
			[]gWant{{"commitment", "new", "investment", "mistral sparkcapital", 0, ""}}},
		// "Group" and "Holdings" are part of an unknown investor's id
		{"Mistral raised $2 billion. Investors in the round include Stonebridge Group and Kestrel Holdings.",
			[]gWant{{"commitment", "new", "investment", "mistral stonebridgegroup", 0, ""}, {"commitment", "new", "investment", "kestrelholdings mistral", 0, ""}}},
	})
}

// TestRealNewsPartnershipByReference: real articles announce a deal with a
// commitment verb and call it a partnership in a later sentence; the deal's
// parties then have a partnership too. A partnership with someone else, or a
// sentence naming a third organisation, is no reference to the deal.
func TestRealNewsPartnershipByReference(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed a $4 billion contract with CoreWeave for GPU capacity. Analysts said the partnership shows how hungry model makers are for compute.",
			[]gWant{{"commitment", "new", "compute", "coreweave perrinlabs", 4e9, "USD"}, {"partnership", "formed", "", "coreweave perrinlabs", 0, ""}}},
		{"Amazon will invest a further $4 billion in Anthropic. This multi-year, deepening partnership makes AWS the main training partner.",
			[]gWant{{"commitment", "increased", "investment", "amazon anthropic", 4e9, "USD"}, {"partnership", "expanded", "", "amazon anthropic", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypePartnership },
		"Perrin Labs signed a $4 billion contract with CoreWeave for GPU capacity. The partnership with Nvidia, by contrast, is older.",
		"Perrin Labs signed a $4 billion contract with CoreWeave for GPU capacity. It may seek a partnership later, people familiar with the matter said.",
	)
}

// TestRealNewsPluralPartnerships: "partnerships with A and B" (plural) are
// pairwise partnerships of the subject with each, and several subjects
// announcing "partnerships with" one company each have their own; a place
// before a description ("U.K. startup", "US chipmaker") does not hide the
// name after it.
func TestRealNewsPluralPartnerships(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Oracle announced partnerships with Microsoft and OpenAI to add computing capacity.",
			[]gWant{{"partnership", "formed", "", "microsoft oracle", 0, ""}, {"partnership", "formed", "", "openai oracle", 0, ""}}},
		{"Nvidia, Microsoft and Cohere have announced partnerships with U.K. cloud startup Nscale.",
			[]gWant{{"partnership", "formed", "", "nscale nvidia", 0, ""}, {"partnership", "formed", "", "microsoft nscale", 0, ""}, {"partnership", "formed", "", "cohere nscale", 0, ""}}},
		{"Deutsche Telekom is teaming up with US chipmaker Nvidia to build a data centre in Munich.",
			[]gWant{{"partnership", "formed", "", "deutschetelekom nvidia", 0, ""}}},
	})
}

// TestRealNewsFundingTheDeal: money raised "to fund the X deal" pays for the
// deal, it is no investment in X.
func TestRealNewsFundingTheDeal(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool { return e.KindOf() == schemas.KindInvestment },
		"Nebius said it would raise $2 billion in debt and sell new shares to fund the Microsoft deal.",
		"CoreWeave plans to borrow $3 billion to finance the OpenAI contract.",
	)
}

// TestRealNewsNegatedAndNonRights: a negated purchase is no deal, a
// non-exclusive licence and a newsroom's "exclusive interview" grant no
// exclusive right, and an executive named after a title is a person, not a
// party.
func TestRealNewsNegatedAndNonRights(t *testing.T) {
	noEvent(t, nil,
		"Microsoft has decided not to exercise its option to purchase additional capacity from CoreWeave.",
		"Even with all that access, Google was not buying Character.AI.",
	)
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypeExclusivity },
		"Nvidia has entered a non-exclusive agreement to license Groq's inference technology.",
		"Perrin Labs will expand in India, its founder told a newspaper in an exclusive interview with Nvidia present.",
	)
	noEvent(t, func(e schemas.DealEvent) bool {
		for _, p := range e.Parties {
			if p.ID == "jensenhuang" || p.ID == "huang" {
				return true
			}
		}
		return false
	}, "Larry Ellison said he begged Nvidia's CEO, Jensen Huang, to provide the company with more GPUs.")
	// a negated report verb says nothing about the deal
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft did not disclose how much it invested in OpenAI.",
			[]gWant{{"commitment", "new", "investment", "microsoft openai", 0, ""}}},
	})
}

// TestRealNewsModelsOnChips: a developer that will train or run its models
// on another organisation's chips buys compute from it, also when the
// article's main news is an investment between the two; "on AWS' chips"
// buys the chips, not the cloud platform; a "San Francisco-based"
// description does not hide the name after it.
func TestRealNewsModelsOnChips(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs will run its models on Google's TPUs.",
			[]gWant{{"commitment", "new", "compute", "google perrinlabs", 0, ""}}},
		{"Amazon will invest $4 billion in Perrin Labs. Perrin Labs will train and deploy its future models on AWS' custom chips, Trainium and Inferentia.",
			[]gWant{{"commitment", "new", "investment", "amazon perrinlabs", 4e9, "USD"}, {"commitment", "new", "compute", "amazon perrinlabs", 0, ""}}},
		{"Amazon made a move on Monday. Its $1.25 billion investment in San Francisco-based Anthropic is a coup for the company.",
			[]gWant{{"commitment", "new", "investment", "amazon anthropic", 1.25e9, "USD"}}},
	})
	noEvent(t, nil, "Perrin Labs will not run its models on Google's TPUs.")
}

// TestRealNewsLicensingDeals: a licensing deal with a price is
// cloud_services (LABELING.md), hardware designs included, and the licence
// is sold by the maker of the technology, not by the bigger platform.
func TestRealNewsLicensingDeals(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nvidia has reached a $20 billion deal with chip startup Groq to license its inference hardware.",
			[]gWant{{"commitment", "new", "cloud_services", "groq nvidia", 20e9, "USD"}}},
		{"Google struck a $2.7 billion licensing deal with Character.AI and hired its founders.",
			[]gWant{{"commitment", "new", "cloud_services", "characterai google", 2.7e9, "USD"}}},
	})
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Google struck a $2.7 billion licensing deal with Character.AI and hired its founders."))
	if err != nil || len(evs) != 1 {
		t.Fatalf("got %v, %v", evs, err)
	}
	if from := evs[0].Parties[0]; from.Role != schemas.RoleFrom || from.ID != "google" {
		t.Errorf("payer = %+v, want google (the licensee pays)", evs[0].Parties)
	}
}

// TestRealNewsModifierOrganisations: an organisation named to describe the
// next one ("OpenAI rival Anthropic", "Nvidia-backed CoreWeave") is no
// party; the one it describes is.
func TestRealNewsModifierOrganisations(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Amazon will invest $4 billion in OpenAI rival Anthropic.",
			[]gWant{{"commitment", "new", "investment", "amazon anthropic", 4e9, "USD"}}},
		{"Amazon will invest $1 billion in Nvidia-backed CoreWeave.",
			[]gWant{{"commitment", "new", "investment", "amazon coreweave", 1e9, "USD"}}},
		{"Meta partnered with Google rival Microsoft.",
			[]gWant{{"partnership", "formed", "", "meta microsoft", 0, ""}}},
	})
}
