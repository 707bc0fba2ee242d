package extract

import (
	"context"
	"testing"
)

// checkEvents asserts that each text gives the wanted events among its output.
func checkEvents(t *testing.T, text string, wants ...want) {
	t.Helper()
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	got := describeAll(evs)
	for _, w := range wants {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("%q:\n got  %+v\n want %+v among them", text, got, w)
		}
	}
}

// TestActionFromMainVerb: the partnership action comes from the main verb,
// not from a participle clause about something else; a restructured
// agreement restructures the relationship.
func TestActionFromMainVerb(t *testing.T) {
	checkEvents(t, "Oracle and Cohere have restructured their partnership, ending Cohere's exclusive access to Oracle's GPUs.",
		want{"partnership", "restructured", "", "partner:cohere partner:oracle", 0})
	checkEvents(t, "The two companies said they have begun joint work on chips. Nvidia and Intel said on Monday they had begun joint development of processors, extending their partnership into PCs.",
		want{"partnership", "expanded", "", "partner:intel partner:nvidia", 0})
	checkEvents(t, "Cohere and Microsoft have renegotiated the licensing agreement under which Cohere's models are sold through Azure.",
		want{"partnership", "restructured", "", "partner:cohere partner:microsoft", 0})
	checkEvents(t, "Nvidia and Intel ended their partnership on Friday.",
		want{"partnership", "ended", "", "partner:intel partner:nvidia", 0})
	// an unknown organisation named once, as the whole object of "partnered with"
	checkEvents(t, "Mistral AI has partnered with Quantexa to develop AI for banks.",
		want{"partnership", "formed", "", "partner:mistral partner:quantexa", 0})
}

// TestExclusiveArrangements: an exclusive position described by what the
// arrangement did names its holder after "making" or inside "under which".
func TestExclusiveArrangements(t *testing.T) {
	checkEvents(t, "Runway said it had terminated the exclusive arrangement under which it trained its models only on Google Cloud, and had signed a new deal with CoreWeave.",
		want{"exclusivity", "removed", "", "holder:google grantor:runway", 0})
	checkEvents(t, "Perplexity said its agreement making Microsoft Azure the exclusive cloud for its search index had been terminated, and that it would no longer commit to minimum spending on Azure.",
		want{"exclusivity", "removed", "", "holder:microsoft grantor:perplexity", 0},
		want{"commitment", "ended", "cloud_services", "from:perplexity to:microsoft", 0})
}

// TestAgentOfAnotherVerb: "hosted by AWS" names who hosts the GPUs, not who
// spends the money.
func TestAgentOfAnotherVerb(t *testing.T) {
	checkEvents(t, "Mistral has signed a five-year agreement to spend $4 billion on Microsoft Azure, in a strategic partnership that gives the French company access to GPUs hosted by Microsoft.",
		want{"commitment", "new", "cloud_services", "from:mistral to:microsoft", 4e9})
	// the round's total is not the lead's own share (LABELING.md): no amount
	checkEvents(t, "Cohere raised $500 million in a round led by Radical Ventures.",
		want{"commitment", "new", "investment", "from:radicalventures to:cohere", 0})
}

// TestExclusiveGrantorLater: the grantor of a possessed exclusive position
// may be named only in a later clause of the sentence.
func TestExclusiveGrantorLater(t *testing.T) {
	checkEvents(t, "The deal ends Microsoft's exclusive position as the default search engine on Pixel phones, which had been in place since Apple began shipping its engine in 2023.",
		want{"exclusivity", "removed", "", "holder:microsoft grantor:apple", 0})
}

// TestFrontedWith: a partner fronted as "With X," is still the partner.
func TestFrontedWith(t *testing.T) {
	checkEvents(t, "Samsung announced two partnerships on Monday. With Anthropic, it formed a joint venture to sell AI tools to Korean banks, with Samsung holding 60%.",
		want{"partnership", "formed", "", "partner:anthropic partner:samsung", 0})
}

// TestProductMakerSells: in an undirected deal the maker of the product
// being delivered is the seller, whatever sort of company the buyer is.
func TestProductMakerSells(t *testing.T) {
	checkEvents(t, "Anthropic signed a deal with Deloitte to roll out Claude to its 470,000 employees.",
		want{"commitment", "new", "cloud_services", "from:deloitte to:anthropic", 0})
}

// TestPartiesWithBrands: the maker of hardware named as a brand is no second
// counterparty beside a named provider; "pay it" names the recipient.
func TestPartiesWithBrands(t *testing.T) {
	x := newTestExtractor(t)
	text := "Nebius, the GPU cloud provider, has signed a multibillion-dollar agreement with Meta to deploy tens of thousands of Nvidia GPUs."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || describe(evs[0]) != (want{"commitment", "new", "compute", "from:meta to:nebius", 0}) {
		got := describeAll(evs)
		t.Errorf("%q: got %+v, want only meta->nebius", text, got)
	}
	checkEvents(t, "Nscale said Microsoft would pay it $14 billion over five years for access to Nvidia GB300 capacity in Texas.",
		want{"commitment", "new", "compute", "from:microsoft to:nscale", 14e9})
}

// TestCoordinatedPartner: "A and B ..., with A committing $N" commits the
// money to B.
func TestCoordinatedPartner(t *testing.T) {
	checkEvents(t, "Google and Anthropic deepened their alliance on Friday, with Google committing a further $1 billion.",
		want{"commitment", "increased", "investment", "from:google to:anthropic", 1e9})
}

// TestExclusivelyOn: "does X exclusively on/from/through Y" makes Y the
// holder of the exclusive position.
func TestExclusivelyOn(t *testing.T) {
	checkEvents(t, "Cohere will train its models exclusively on Google Cloud under the new agreement.",
		want{"exclusivity", "granted", "", "holder:google grantor:cohere", 0})
	checkEvents(t, "Perplexity is no longer required to buy compute exclusively from Microsoft.",
		want{"exclusivity", "removed", "", "holder:microsoft grantor:perplexity", 0})
}

// TestParticiplePayment: ", paying $N" after a main clause naming the seller.
func TestParticiplePayment(t *testing.T) {
	checkEvents(t, "Samsung has chosen Google's Gemini to power its Galaxy assistant, paying roughly $800 million a year.",
		want{"commitment", "new", "cloud_services", "from:samsung to:google", 800e6})
}

// TestOneExclusivityPerPair: an article that tells an exclusive right was
// removed and restates what remains gives one exclusivity event, the removal.
func TestOneExclusivityPerPair(t *testing.T) {
	x := newTestExtractor(t)
	text := "Google will no longer be the exclusive cloud provider for Anthropic, the company said on Tuesday.\n\nInstead, Google will hold a right of first refusal on new capacity that Anthropic needs."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	var got []want
	for _, e := range evs {
		if e.Type == "exclusivity" {
			got = append(got, describe(e))
		}
	}
	if len(got) != 1 || got[0].action != "removed" {
		t.Errorf("got %+v, want one removed exclusivity", got)
	}
}

// TestContractExpansionIsNoPartnership: a bigger contract is a commitment,
// even when the article calls it an enlargement of the relationship.
func TestContractExpansionIsNoPartnership(t *testing.T) {
	x := newTestExtractor(t)
	text := "Nebius said on Thursday that Meta had agreed to expand their computing contract by up to $2 billion, the second enlargement of the relationship this year."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == "partnership" {
			t.Errorf("%q: unexpected partnership %+v", text, describe(e))
		}
	}
}

// TestAppositions: "X, the joint venture of A and B, agreed ..." describes X;
// "A, the ... investor, and B formed a partnership" names both.
func TestAppositions(t *testing.T) {
	x := newTestExtractor(t)
	text := "Stargate, the joint venture of OpenAI, SoftBank and Oracle, agreed to lease 1 gigawatt of capacity from Crusoe."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == "partnership" {
			t.Errorf("%q: unexpected partnership %+v", text, describe(e))
		}
	}
	checkEvents(t, "MGX, the Abu Dhabi technology investor, and KKR formed a partnership this month to invest in data centres.",
		want{"partnership", "formed", "", "partner:kkr partner:mgx", 0})
}

// TestDescribedObject: a partner named after a description ("Singapore's
// sovereign fund GIC", "the investment firm KKR").
func TestDescribedObject(t *testing.T) {
	checkEvents(t, "Digital Realty formed a joint venture with Singapore's sovereign fund GIC to develop campuses.",
		want{"partnership", "formed", "", "partner:digitalrealty partner:gic", 0})
	checkEvents(t, "Equinix formed a joint venture with the investment firm KKR.",
		want{"partnership", "formed", "", "partner:equinix partner:kkr", 0})
}

// TestSeparatePartnerships: "partnerships with X and with Y" are two
// pairwise partnerships.
func TestSeparatePartnerships(t *testing.T) {
	checkEvents(t, "Cohere has formed new strategic partnerships with Oracle and with Nvidia, the companies said on Tuesday.",
		want{"partnership", "formed", "", "partner:cohere partner:oracle", 0},
		want{"partnership", "formed", "", "partner:cohere partner:nvidia", 0})
}

// TestDescribedList: a list of partners where one carries a description
// ("France's public investment bank Bpifrance").
func TestDescribedList(t *testing.T) {
	checkEvents(t, "In March, G42, Germany's state development bank KfW, Cohere and AMD formed a joint venture to build an AI campus.",
		want{"partnership", "formed", "", "partner:amd partner:cohere partner:g42 partner:kfw", 0})
}

// TestHardwareIsNoBuyer: hardware named by its maker ("Nvidia GB200 racks")
// buys nothing.
func TestHardwareIsNoBuyer(t *testing.T) {
	x := newTestExtractor(t)
	text := "The Stargate site in Abilene will host Nvidia GB200 racks."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Errorf("%q: got %+v, want no event", text, describe(evs[0]))
	}
}

// TestPaymentInSecondClause: "X will provide Y with capacity, and Y will pay
// $N" gives the amount to the one deal between them.
func TestPaymentInSecondClause(t *testing.T) {
	checkEvents(t, "Under the agreement, CoreWeave will provide Meta with 2 gigawatts of capacity, and Meta will pay roughly $14 billion over six years.",
		want{"commitment", "new", "compute", "from:meta to:coreweave", 14e9})
}
