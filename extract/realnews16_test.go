package extract

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Nineteenth session: classes of error seen in at least two development
// articles of folds y and ac, in sentences of our own.

// TestRealNewsUnpricedLicence: a licence bought from a named licensor is a
// cloud-services purchase even without a price: the noun taken by the
// licensee ("will receive a non-exclusive license to Covariant's AI
// models", r3992; "signed a non-exclusive license to use Covariant's
// models", r3993) and the verb with what it licenses and "from" its
// licensor ("would license content from Dotdash Meredith", r3990). A licence
// held, an export licence and a licence without a licensor stay no event.
func TestRealNewsUnpricedLicence(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Salesforce will receive a non-exclusive license to Cohere's language models.",
			[]directed{{"salesforce", "cohere", "cloud_services", 0}}},
		{"Apple has signed a perpetual license to use Mistral's coding models.",
			[]directed{{"apple", "mistral", "cloud_services", 0}}},
		{"Meta will license news content from Axel Springer.",
			[]directed{{"meta", "axelspringer", "cloud_services", 0}}},
	})
	noEvent(t, isCommitment,
		"Huawei holds a license to Arm's chip architecture.",
		"Nvidia received an export license for its H20 chips last week.",
		"Meta will license its models to researchers.",
	)
}

// TestRealNewsGroupNames: a capitalised name ending in "Group" is a company
// the gazetteer may not know ("CME Group has received a $1 billion
// investment from Google", r3975; "Google has given $1 billion to CME
// Group", r3974), as one ending in "Labs" or "Holdings" is.
func TestRealNewsGroupNames(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Halden Group has received a $2 billion investment from Microsoft.",
			[]directed{{"microsoft", "haldengroup", "investment", 2e9}}},
		{"Yesterday, Quillmoor Group signed a $300 million cloud contract with Oracle.",
			[]directed{{"quillmoorgroup", "oracle", "cloud_services", 300e6}}},
	})
}

// TestRealNewsWillLeadRound: the rule that "X led a round in Y" is X's
// investment in Y takes the verb's base form after a modal or "to" too
// ("Intel Capital will lead a $100m series A+ round for Horizon Robotics",
// r3937): the lead invests, and the investors the round "also includes"
// invest in Y, not in the lead. The noun ("took the lead") and "could lead
// to" are no lead of a round.
func TestRealNewsWillLeadRound(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Sequoia Capital will lead a $60m Series B round for Zorbit Labs. The round also includes Halden Ventures and Quillmoor Capital.",
			[]directed{{"sequoiacapital", "zorbitlabs", "investment", 0}, {"haldenventures", "zorbitlabs", "investment", 0}, {"quillmoorcapital", "zorbitlabs", "investment", 0}}},
		{"Nvidia agreed to co-lead a $200 million funding round in Zorbit Labs.",
			[]directed{{"nvidia", "zorbitlabs", "investment", 0}}},
	})
	noEvent(t, isCommitment, "Cheaper chips could lead to a funding round for Zorbit Labs.")
	noEvent(t, func(e schemas.DealEvent) bool { // the round's other investors are no investors in its lead
		return e.Type == schemas.TypeCommitment && slices.ContainsFunc(e.Parties, func(p schemas.Party) bool { return p.ID == "sequoiacapital" && p.Role == "to" })
	}, "Sequoia Capital will lead a $60m Series B round for Zorbit Labs. The round also includes Halden Ventures and Quillmoor Capital.")
}

// TestRealNewsContentOwnerPaid: what an owner of content (a publisher, a
// library) is paid for is its content, cloud services by LABELING.md, not
// compute, whatever the clause says beside the payment ("will pay Dotdash
// Meredith $16 million a year to use the publisher's content", r3990; "will
// pay Informa $10 million in the first year", r3580).
func TestRealNewsContentOwnerPaid(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Anthropic will pay Shutterstock $12 million in the first year of the arrangement.",
			[]directed{{"anthropic", "shutterstock", "cloud_services", 12e6}}},
		{"Under the agreement, Perplexity will pay Condé Nast $5 million a year so that its answer engine can quote the publisher's magazines.",
			[]directed{{"perplexity", "condenast", "cloud_services", 5e6}}},
	})
}

// TestRealNewsOxfordListVerb: in a list with a comma before its "and", a
// plural verb after the last name is the whole list's ("existing investors
// DST Global, Bpifrance, Lightspeed, and Nvidia have also committed more
// cash", r3964; "AMD, Google, Nvidia, and TSMC have expressed interest",
// r4214), so the last name stays in the list; a singular verb there still
// opens a clause of its own ("..., and Oracle said it would resell").
func TestRealNewsOxfordListVerb(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs has raised $300 million in a round led by Sequoia Capital. Alongside Sequoia Capital, existing investors Halden Ventures, Bpifrance, Quillmoor Capital, and Nvidia have also committed more cash.",
			[]directed{{"haldenventures", "zorbitlabs", "investment", 0}, {"quillmoorcapital", "zorbitlabs", "investment", 0}, {"nvidia", "zorbitlabs", "investment", 0}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Type == schemas.TypeCommitment && slices.ContainsFunc(e.Parties, func(p schemas.Party) bool { return p.ID == "oracle" })
	}, "Zorbit Labs has raised $300 million from Halden Ventures and Quillmoor Capital, and Oracle said it would resell its models.")
}

// TestRealNewsAcquisitionIsInvestment: a commitment another rule reads from
// a sentence that tells the takeover of one of its parties is the
// acquirer's investment in the company it buys, with the price ("agreed to
// buy Splunk, a ... company, for $28B in one of the largest business
// acquisitions", r4237; "announced its $28 billion all-cash acquisition of
// Splunk, marking one of the largest deals", r4238; "is terminating a $5.4
// billion agreement to acquire Tower Semiconductor", r4240). Buying a
// maker's products is still a purchase.
func TestRealNewsAcquisitionIsInvestment(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Salesforce announced its $9 billion all-cash acquisition of Zorbit Labs, one of the largest deals of the year.",
			[]directed{{"salesforce", "zorbitlabs", "investment", 9e9}}},
		{"Qualcomm is terminating a $2 billion agreement to acquire Halden Semiconductor after regulators failed to approve it.",
			[]directed{{"qualcomm", "haldensemiconductor", "investment", 2e9}}},
		{"Zorbit Labs signed a $3 billion agreement to buy Nvidia's chips.",
			[]directed{{"zorbitlabs", "nvidia", "compute", 3e9}}},
		// another acquirer: the deal between the two stays what it was
		{"Anthropic has cut off Halden's access to its models, ending an arrangement under which Halden Labs paid Anthropic $10 million, after reports that OpenAI planned to acquire Halden Labs.",
			[]directed{{"haldenlabs", "anthropic", "cloud_services", 10e6}}},
	})
}

// TestRealNewsInvestorsFarAfterRaise: a round's investors named many short
// sentences after the raise still join that company's round (nine
// sentences after it in r4168, seventeen in r4160).
func TestRealNewsInvestorsFarAfterRaise(t *testing.T) {
	filler := strings.Repeat("The team is small. It ships fast. ", 7)
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs raised €600 million this week. " + filler + "Other investors like Halden Ventures and Quillmoor Capital also joined in.",
			[]directed{{"haldenventures", "zorbitlabs", "investment", 0}, {"quillmoorcapital", "zorbitlabs", "investment", 0}}},
	})
}

// TestRealNewsCloudsChosenByName: a company that picks clouds for the role
// of its cloud provider buys cloud services from each, named by the
// company's own name as well as by the cloud's ("has selected Microsoft and
// Google as its public cloud providers", r4176); a supplier of chips picked
// for a role is no cloud bought.
func TestRealNewsCloudsChosenByName(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Barclays, which serves two million households, has selected Oracle and Google as its public cloud providers.",
			[]directed{{"barclays", "oracle", "cloud_services", 0}, {"barclays", "google", "cloud_services", 0}}},
		{"HSBC picked Microsoft as its preferred cloud provider.",
			[]directed{{"hsbc", "microsoft", "cloud_services", 0}}},
	})
	noEvent(t, isCommitment, "HSBC picked Nvidia as its preferred chip supplier.")
}

// TestRealNewsSubjectsEachPartnerWithObject: coordinated subjects that join
// forces with one object each partner with it, however many there are and
// whatever describes the object ("Reliance, Tata Group, and Infosys, the
// Indian corporate behemoths, have recently joined forces with
// California-based tech giant NVIDIA", r4155), as two subjects already did.
func TestRealNewsSubjectsEachPartnerWithObject(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Salesforce, Wipro, and Infosys, the service giants, have joined forces with chip giant Nvidia."))
	if err != nil {
		t.Fatal(err)
	}
	pairs := map[string]bool{}
	for _, e := range evs {
		if e.Type == schemas.TypePartnership {
			if len(e.Parties) != 2 {
				t.Errorf("want pairwise partnerships, got %v", e.Parties)
				continue
			}
			pairs[e.Parties[0].ID+"+"+e.Parties[1].ID] = true
		}
	}
	for _, want := range []string{"nvidia+salesforce", "nvidia+wipro", "infosys+nvidia"} {
		if !pairs[want] {
			t.Errorf("missing partnership %s; got %v", want, pairs)
		}
	}
}

// TestRealNewsReceivedNoMoney: what a company receives from another that
// is no money (clearance, offers, approval) is no investment ("has received
// clearance from CFIUS to sell shares", r3963; "received 'competitive
// offers' from other AI companies, including Microsoft", r4031); money
// received still is.
func TestRealNewsReceivedNoMoney(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Type == schemas.TypeCommitment && slices.ContainsFunc(e.Parties, func(p schemas.Party) bool { return p.ID == "meta" || p.ID == "openai" })
	}, "Zorbit Labs also received competitive offers from other AI companies, including Meta and OpenAI, to bundle their apps.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs has received $250 million from Microsoft.", []directed{{"microsoft", "zorbitlabs", "investment", 250e6}}},
	})
}

// TestRealNewsTechnologyAcronymsAreNoCompanies: memory and chip
// technologies written in capitals are no bare names of organisations
// ("supply HBM3e 12-layer DRAM", r4282; "HBM4", r3607, r4295; "silicon
// carbide (SiC)", r4230): the name learner took them as companies and read
// deals with them as parties.
func TestRealNewsTechnologyAcronymsAreNoCompanies(t *testing.T) {
	for _, w := range []string{"DRAM", "HBM4", "HBM3e", "SiC", "NAND", "CoWoS"} {
		if isBareToken(w) {
			t.Errorf("isBareToken(%q) = true, want a technology, no name", w)
		}
	}
	for _, w := range []string{"Zorbit", "Nscale", "Lambda"} {
		if !isBareToken(w) {
			t.Errorf("isBareToken(%q) = false, want a name", w)
		}
	}
}

// TestRealNewsInvestmentFromDescribedInvestor: "a $N investment from Y"
// names its investor after a description too, or with "by" ("following the
// announcement of a $2 billion equity investment from Japanese technology
// giant SoftBank Group", r4262; "Intel's stock rallies after $2 billion
// investment by Japan's SoftBank", r4263): the subject's company takes it.
func TestRealNewsInvestmentFromDescribedInvestor(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs shares jumped 5% on Monday following the announcement of a $2 billion equity investment from Japanese technology giant SoftBank Group.",
			[]directed{{"softbank", "zorbitlabs", "investment", 2e9}}},
		{"Zorbit Labs' stock rallies after $2 billion investment by Japan's SoftBank",
			[]directed{{"softbank", "zorbitlabs", "investment", 2e9}}},
	})
}

// TestRealNewsReportingOutletIsNoParty: a news outlet that reports a deal is
// no party to it, before its verb ("The Financial Times reports that OpenAI
// has signed agreements with Nvidia, AMD and Oracle", r4075) or after it
// ("..., the Financial Times reported", r4089); an outlet telling its own
// deal stays one.
func TestRealNewsReportingOutletIsNoParty(t *testing.T) {
	forbidEvents(t, "the reporting outlet as a party", []string{
		"The Financial Times reports that Zorbit Labs has signed computing agreements with Nvidia and Oracle.",
		"Zorbit Labs is raising $2 billion from investors at a $20 billion valuation, the Financial Times reported on Friday.",
	}, hasParty(func(id string) bool { return id == "financialtimes" }))
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"The Financial Times said it signed a $10 million licensing deal with Zorbit Labs.", []directed{{"zorbitlabs", "financialtimes", "cloud_services", 10e6}}},
	})
}

// TestRealNewsDealsWithEach: a plural deal noun with a list after "with" is
// a deal with each organisation listed ("signed licensing deals with Condé
// Nast and Hearst", r4072; "signed computing agreements with Nvidia, AMD and
// Oracle worth an estimated $1 trillion", r4075), and an amount told for
// all of them is none's own; with nothing said of what is bought, plural
// agreements still tell no one deal.
func TestRealNewsDealsWithEach(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs signed licensing deals with Condé Nast and Hearst to use their archives.",
			[]directed{{"zorbitlabs", "condenast", "cloud_services", 0}, {"zorbitlabs", "hearst", "cloud_services", 0}}},
		{"Zorbit Labs signed cloud agreements with Google Cloud and Oracle worth $3 billion in total.",
			[]directed{{"zorbitlabs", "google", "cloud_services", 0}, {"zorbitlabs", "oracle", "cloud_services", 0}}},
	})
	noEvent(t, isCommitment, "Perrin Labs has also signed agreements with AMD and Qualcomm.")
}
