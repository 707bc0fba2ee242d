package extract

import (
	"context"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Phenomena of real published news seen in round 8 (testdata/real folds a to
// h as development), each in at least two independent articles, reproduced
// in sentences of our own.

// TestRealNewsRaiserNamedOnce: a company no gazetteer lists, named as the
// subject of a raise ("Quorvane just raised $40 million", "Brindle has
// collected $60m in funding", "Quorvane announced a $40 million Series B"),
// is an organisation, and the investors listed after it ("A, B and C all
// joined.") invest in it.
func TestRealNewsRaiserNamedOnce(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Quorvane just raised $40 million, and one name on the cap table stands out. The round drew a broad syndicate. Nvidia, Samsung Next, Sequoia and Tallis Ventures all joined.",
			[]gWant{
				{"commitment", "new", "investment", "nvidia quorvane", 0, ""},
				{"commitment", "new", "investment", "quorvane samsung", 0, ""},
				{"commitment", "new", "investment", "quorvane sequoiacapital", 0, ""},
				{"commitment", "new", "investment", "quorvane tallisventures", 0, ""},
			}},
		{"On March 3, Quorvane announced a $40 million Series B co-led by 500 Global and Accel.",
			[]gWant{
				{"commitment", "new", "investment", "500global quorvane", 0, ""},
				{"commitment", "new", "investment", "accel quorvane", 0, ""},
			}},
	})
}

// TestRealNewsInvestorsDrawnFromAGroup: "raised $60m from investors including
// Microsoft" names one investor of several, so the round's total is not its
// amount; a sole investor keeps it.
func TestRealNewsInvestorsDrawnFromAGroup(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Brindle Quantum has received $60m in funding from investors including technology firm Microsoft, the paper reported.",
			[]gWant{{"commitment", "new", "investment", "brindlequantum microsoft", 0, ""}}},
		{"Brindle Quantum has raised $60 million from backers such as Nvidia and Intel.",
			[]gWant{
				{"commitment", "new", "investment", "brindlequantum nvidia", 0, ""},
				{"commitment", "new", "investment", "brindlequantum intel", 0, ""},
			}},
		{"Brindle Quantum has received $60 million in funding from Microsoft.",
			[]gWant{{"commitment", "new", "investment", "brindlequantum microsoft", 60e6, "USD"}}},
	})
}

// TestRealNewsJoinersWithNameTails: the investors of a round listed as the
// subject of "have also invested in the business", each name possibly
// longer than the gazetteer's entry ("BlackRock Advisors", "Redpoint
// Ventures").
func TestRealNewsJoinersWithNameTails(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Brindle Quantum has collected $60m in funding from investors including Microsoft. Atomico, Founders Fund, Redpoint Ventures and BlackRock Advisors have also invested in the business.",
			[]gWant{
				{"commitment", "new", "investment", "atomico brindlequantum", 0, ""},
				{"commitment", "new", "investment", "brindlequantum foundersfund", 0, ""},
				{"commitment", "new", "investment", "brindlequantum redpointventures", 0, ""},
				{"commitment", "new", "investment", "blackrock brindlequantum", 0, ""},
			}},
	})
}

// TestRealNewsRoundNamesAndHeadlineAI: "Series" of "in Series B funding" is
// no company, and neither is a common word before "AI" in a title-case
// headline ("Major AI Deal", "$10 Billion AI Push"), while a real company
// of that shape no gazetteer lists still is one.
func TestRealNewsRoundNamesAndHeadlineAI(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Quorvane raised $135 million in Series B funding. Sequoia led the Series B round, with Accel also participating.",
			[]gWant{
				{"commitment", "new", "investment", "quorvane sequoiacapital", 0, ""},
				{"commitment", "new", "investment", "accel quorvane", 0, ""},
			}},
		{"Tallow AI, a London startup, signed a $50 million cloud contract with Microsoft.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft tallowai", 50e6, "USD"}}},
	})
	noParty(t, "series",
		"Quorvane closed a $40 million Series E round, with backers including Nvidia and Cisco alongside Accel and Sequoia. Keywords: Series E, data centres.")
	noParty(t, "majorai",
		"Microsoft's Second Major AI Deal: A Partnership with Mistral. Microsoft and Mistral formed a partnership to offer models on Azure, a major step for both.")
	noParty(t, "billionai",
		"Nvidia Backs $10 Billion AI Push By Humain. Humain will buy 18,000 Nvidia chips, the companies said, in a $10 billion deal.")
}

// noParty fails when any event of text names the party id.
func noParty(t *testing.T, id, text string) {
	t.Helper()
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		for _, p := range e.Parties {
			if p.ID == id {
				t.Errorf("%q: party %q in %+v", text, id, describeAll(evs))
			}
		}
	}
}

// TestRealNewsPeopleNamedLikeCompanies: a founder or owner named with a
// given name once ("Mira Murati", "Elon Musk") is a person wherever the
// surname stands alone, even as the subject of a raise or the owner of a
// company ("Musk's startup").
func TestRealNewsPeopleNamedLikeCompanies(t *testing.T) {
	noParty(t, "murati",
		"Mira Murati left OpenAI last year. Murati raised $2 billion in seed funding from firms including Accel and Sequoia, the largest seed round ever.")
	noParty(t, "elonmusk",
		"Corvin Systems lands $1 billion AI server order from Elon Musk. Corvin Systems Inc. won a deal worth more than $1 billion to provide Elon Musk's social network with servers.")
}

// TestRealNewsShortNameOfAKnownCompany: an article that names "Scale AI"
// calls it "Scale" later, and "the latest round of funding for Scale" is
// Scale's round, so the investors it lists invest in Scale AI.
func TestRealNewsShortNameOfAKnownCompany(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Scale AI said it will use the capital to build data tools.\n\nOther high-profile investors who participated in the latest round of funding for Scale included Coatue, Tiger Global Management and AMD Ventures.",
			[]gWant{
				{"commitment", "new", "investment", "coatue scaleai", 0, ""},
				{"commitment", "new", "investment", "scaleai tigerglobal", 0, ""},
				{"commitment", "new", "investment", "amd scaleai", 0, ""},
			}},
	})
}

// TestRealNewsTownWithItsState: "in Ellendale, North Dakota" names a town,
// not a company, however often the article repeats it in deal slots.
func TestRealNewsTownWithItsState(t *testing.T) {
	text := "Located in Harlow, North Dakota, the campus was built for AI. CoreWeave signed a $7 billion lease in Harlow. The Harlow campus will be leased to CoreWeave."
	if got := articleNames(t, text); got["Harlow"] {
		t.Errorf("%q: Harlow taken for an organisation", text)
	}
	if got := articleNames(t, "CoreWeave signed a lease with Harlow. CoreWeave will pay Harlow $7 billion over 15 years."); !got["Harlow"] {
		t.Errorf("Harlow, a landlord, not taken for an organisation: %v", got)
	}
}

// articleNames returns the names the article-local organisation lexicon
// learns from text.
func articleNames(t *testing.T, text string) map[string]bool {
	t.Helper()
	x := newTestExtractor(t)
	var allW [][]word
	var allL [][]string
	for _, s := range x.seg.split(text) {
		ws := words(s.Text)
		low := make([]string, len(ws))
		for k, w := range ws {
			low[k] = strings.ToLower(w.Text)
		}
		allW, allL = append(allW, ws), append(allL, low)
	}
	d := &docState{}
	x.learnBareNames(d, allW, allL, lowerWords(allW))
	out := map[string]bool{}
	for name := range d.unknown {
		out[name] = true
	}
	return out
}

// TestRealNewsTheRoundIsTheRaisers: "the funding round" in a later sentence
// is the round of the company that raised, even when another company was
// invested in between ("Nvidia previously invested $100 billion in OpenAI").
func TestRealNewsTheRoundIsTheRaisers(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Quorvane has raised $20 billion in its latest funding round, with Nvidia leading the investment. Nvidia previously made a $100 billion investment in OpenAI. In addition to Nvidia, other notable investors in the funding round include Apollo Global Management, Diameter Capital Partners and Valor Capital.",
			[]gWant{
				{"commitment", "new", "investment", "apollo quorvane", 0, ""},
				{"commitment", "new", "investment", "diametercapitalpartners quorvane", 0, ""},
				{"commitment", "new", "investment", "quorvane valorcapital", 0, ""},
			}},
	})
	noParty(t, "openai", "Quorvane has raised $20 billion in its latest funding round. Nvidia previously made a $100 billion investment in OpenAI. Other notable investors in the funding round include Apollo Global Management and Valor Capital.")
}

// TestRealNewsHardwareForAList: hardware supplied to a list of buyers, or
// bought by a list of buyers "each", is one purchase per buyer from the
// maker, never a deal between two buyers of the list.
func TestRealNewsHardwareForAList(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nvidia said it will supply its latest Blackwell GPUs to Samsung Electronics, SK Group, Hyundai Motor Group and Naver.",
			[]gWant{
				{"commitment", "new", "compute", "nvidia samsung", 0, ""},
				{"commitment", "new", "compute", "nvidia skhynix", 0, ""},
				{"commitment", "new", "compute", "hyundaimotorgroup nvidia", 0, ""},
				{"commitment", "new", "compute", "naver nvidia", 0, ""},
			}},
		{"Hyundai Motor, Samsung, and Naver will each install up to 50,000 of Nvidia's GPUs to build AI factories.",
			[]gWant{
				{"commitment", "new", "compute", "hyundaimotorgroup nvidia", 0, ""},
				{"commitment", "new", "compute", "nvidia samsung", 0, ""},
				{"commitment", "new", "compute", "naver nvidia", 0, ""},
			}},
	})
	for _, text := range []string{
		"Hyundai Motor, Samsung, and Naver will each install up to 50,000 of Nvidia's GPUs to build AI factories.",
		"Samsung Electronics, SK Group and Hyundai Motor Group will each receive 50,000 Nvidia GPUs.",
	} {
		x := newTestExtractor(t)
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			ids := map[string]bool{}
			for _, p := range e.Parties {
				ids[p.ID] = true
			}
			if !ids["nvidia"] {
				t.Errorf("%q: a deal between two buyers: %+v", text, describeAll(evs))
			}
		}
	}
}

// TestRealNewsCommentAfterTheDeal: ", a move that could bolster ..." comments
// on a deal stated before it; its modal verb does not make the deal a plan.
func TestRealNewsCommentAfterTheDeal(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Halden Robotics and Nvidia have forged a partnership to build AI infrastructure in India, a move that could significantly bolster the country's capabilities.",
			[]gWant{{"partnership", "formed", "", "haldenrobotics nvidia", 0, ""}}},
		{"Halden Robotics signed a $2 billion contract to rent GPU capacity from CoreWeave, a step which may help it catch up with rivals.",
			[]gWant{{"commitment", "new", "compute", "coreweave haldenrobotics", 2e9, "USD"}}},
	})
	noEvent(t, nil, "Halden Robotics could sign a $2 billion contract to rent GPU capacity from CoreWeave, a step which may help it catch up.")
}

// TestRealNewsRentedHardwareByItsMaker: hardware rented or hosted and named
// by its maker ("will rent 30,000 Nvidia chips", "access to Nvidia systems
// hosted at Corvin's data centre") is not rented from the maker: the host
// named after the verb is the seller, and with none named no deal is read.
func TestRealNewsRentedHardwareByItsMaker(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"The five-year contract gives Microsoft access to Nvidia GB300 systems hosted at CoreWeave's Texas data center.",
			[]gWant{{"commitment", "new", "compute", "coreweave microsoft", 0, ""}}},
	})
	noParty(t, "nvidia", "Microsoft said it will rent 30,000 additional Nvidia Vera Rubin chips for deployment at a campus in Norway.")
	noParty(t, "nvidia", "The five-year contract gives Microsoft access to Nvidia GB300 systems hosted at CoreWeave's Texas data center.")
}

// TestRealNewsContentLicensedForTraining: content licensed to train models,
// told with no purchase verb ("an agreement with Y to make content posted by
// X users available to train Y's models"), is a licence the trainer buys
// from the content's owner, with a value told later.
func TestRealNewsContentLicensedForTraining(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has entered into an agreement with Google to make content posted by Perrin Labs users available to train Google's AI models. According to a source, this licensing deal is worth about $70 million annually.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 70e6, "USD"}}},
		{"Perrin Labs is partnering with Google to make its content available for training Google's AI models. The contract with Google is estimated to be worth about $70 million per year.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 70e6, "USD"}}},
		{"Apple has struck a deal to license millions of images owned by Shutterstock to use for AI training.",
			[]gWant{{"commitment", "new", "cloud_services", "apple shutterstock", 0, ""}}},
	})
	// training one's own models on one's own content is no licence of it
	x := newTestExtractor(t)
	text := "Perrin Labs signed an agreement with Halden Robotics to train its own models on its content."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.KindOf() == schemas.KindCloudServices {
			t.Errorf("%q: a licence read: %+v", text, describeAll(evs))
		}
	}
}

// TestRealNewsFoundedCompany: a name that "was established in October 2020"
// or "is headquartered in Paris" is a company, so "the company" after it is
// that company.
func TestRealNewsFoundedCompany(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Brisa Threads was established in October 2020 and builds graphics chips. The company has raised $300 million in a round led by Tencent.",
			[]gWant{{"commitment", "new", "investment", "brisathreads tencent", 0, ""}}},
	})
}

// TestRealNewsRoundTotalIsNoInvestorsOwn: a round's total stays with no
// investor when the round has several: its lead ("a $1 billion round led by
// venture capital firm Accel", "Nvidia has led a $2 billion investment"),
// or a backer the headline names when the article names co-investors too.
func TestRealNewsRoundTotalIsNoInvestorsOwn(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs said it had raised $1 billion in a late-stage funding round led by venture capital firm Accel with participation from Nvidia and Amazon.",
			[]gWant{
				{"commitment", "new", "investment", "accel perrinlabs", 0, ""},
				{"commitment", "new", "investment", "nvidia perrinlabs", 0, ""},
			}},
		{"Nvidia has led a massive $2 billion investment into UK-based AI infrastructure startup Quorvane, valuing the company at $14.6 billion.",
			[]gWant{{"commitment", "new", "investment", "nvidia quorvane", 0, ""}}},
		{"Quorvane raises $1.1 billion backed by Nvidia. Aker and Nokia also participated in the round.",
			[]gWant{
				{"commitment", "new", "investment", "nvidia quorvane", 0, ""},
				{"commitment", "new", "investment", "nokia quorvane", 0, ""},
			}},
		{"Quorvane raises $1.1 billion from Nvidia.",
			[]gWant{{"commitment", "new", "investment", "nvidia quorvane", 1.1e9, "USD"}}},
	})
}

// TestRealNewsNeocloudSells: a GPU cloud sells compute; "a deal worth $50
// billion with UK-based neocloud provider Fluidstack" never makes it a buyer
// of cloud services, and "AI computing capacity" is compute even when an
// "investment company" takes part.
func TestRealNewsNeocloudSells(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"That is what Anthropic did in November, signing a landmark deal worth $50 billion with UK-based neocloud provider Fluidstack.",
			[]gWant{{"commitment", "new", "compute", "anthropic fluidstack", 50e9, "USD"}}},
		{"The $3.4 billion AI cloud contract signed between IREN and Nvidia marks a milestone as a former miner provides managed GPU cloud services.",
			[]gWant{{"commitment", "new", "compute", "iren nvidia", 3.4e9, "USD"}}},
		{"Microsoft has signed a $6.2 billion agreement with Nscale and the Norwegian industrial investment company Aker to secure AI computing capacity.",
			[]gWant{{"commitment", "new", "compute", "microsoft nscale", 6.2e9, "USD"}}},
	})
}

// TestRealNewsOrganisationOfAPerson: an organisation that only ties a person
// ("Amazon founder Jeff Bezos", "an OpenAI co-founder's start-up") or
// describes a company through a short description ("OpenAI rival AI startup
// Anthropic") is no party to the deal.
func TestRealNewsOrganisationOfAPerson(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Search giant Google has pledged to invest $2 billion in OpenAI rival AI startup Anthropic.",
			[]gWant{{"commitment", "new", "investment", "anthropic google", 2e9, "USD"}}},
	})
	noParty(t, "amazon", "Amazon founder Jeff Bezos has participated in a $700 million funding round for AI chipmaker Tenstorrent, which was led by Samsung Securities.")
	noParty(t, "openai", "Alphabet and Nvidia invest in OpenAI co-founder's start-up, a source says.")
}

// TestRealNewsClausesWithTheirOwnSubjects: a roundup sentence joins deals
// with their own subjects ("X poured $14 billion into Y, and Z invested $8
// billion in W"); each clause's subject is its own investor, while a subject
// list ("A, B and C invested") stays one clause.
func TestRealNewsClausesWithTheirOwnSubjects(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft has poured nearly $14 billion into OpenAI, and Amazon invested $8 billion in Anthropic.",
			[]gWant{
				{"commitment", "new", "investment", "microsoft openai", 14e9, "USD"},
				{"commitment", "new", "investment", "amazon anthropic", 8e9, "USD"},
			}},
		{"Microsoft, Google and Amazon invested $5 billion in Anthropic.",
			[]gWant{
				{"commitment", "new", "investment", "anthropic microsoft", 0, ""},
				{"commitment", "new", "investment", "anthropic google", 0, ""},
				{"commitment", "new", "investment", "amazon anthropic", 0, ""},
			}},
	})
	noParty(t, "nvidia", "Nvidia signed a deal with Lambda and Amazon invested $8 billion in Anthropic.")
}

// TestRealNewsRespectiveAmounts: "A and B will invest $50 million ($30M and
// $20M, respectively)" gives each investor its own amount, in order.
func TestRealNewsRespectiveAmounts(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Hyundai Motor Company and Kia Corporation will invest USD 50 million ($30M and $20M, respectively), making the Group the lead investor in Perrin Labs' latest funding round.",
			[]gWant{
				{"commitment", "new", "investment", "hyundaimotorgroup perrinlabs", 30e6, "USD"},
				{"commitment", "new", "investment", "kia perrinlabs", 20e6, "USD"},
			}},
		{"Nvidia and Intel are investing $100 million and $90 million in Perrin Labs, respectively.",
			[]gWant{
				{"commitment", "new", "investment", "nvidia perrinlabs", 100e6, "USD"},
				{"commitment", "new", "investment", "intel perrinlabs", 90e6, "USD"},
			}},
	})
}

// TestRealNewsStandingPartnership: a partnership described as one that
// already stands ("our ongoing partnership with X", "beyond its
// longstanding partnership with OpenAI") forms nothing; expanding it does.
func TestRealNewsStandingPartnership(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Our ongoing partnership with Indosat is a transformative step", true},
		{"the agreement expands its options beyond its longstanding partnership with OpenAI", true},
		{"The companies already have an established partnership through search", true},
		{"It is expanding its existing partnership with OpenAI", false},
		{"The two formed a new partnership with OpenAI", false},
		{"a partnership with an ongoing review", false},
	} {
		ws := words(c.text)
		low := make([]string, len(ws))
		t0 := -1
		for k, w := range ws {
			low[k] = strings.ToLower(w.Text)
			if t0 < 0 && low[k] == "partnership" {
				t0 = k
			}
		}
		if got := standingPartnership(low, t0); got != c.want {
			t.Errorf("%q: standing = %v, want %v", c.text, got, c.want)
		}
	}
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft has announced that it is expanding its existing partnership with OpenAI.",
			[]gWant{{"partnership", "expanded", "", "microsoft openai", 0, ""}}},
	})
}

// TestRealNewsHeadlineVerbBeforeAI: a title-case headline's deal verb before
// "AI" makes no company name ("Tech Giants Forge AI Alliance").
func TestRealNewsHeadlineVerbBeforeAI(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"Giants Forge AI", true},
		{"Cloud Forge AI", true},
		{"Major AI", true}, // "major" written in lower case in the article
		{"Sakana AI", false},
		{"Tallow AI", false},
	} {
		if got := commonWordAI(strings.Fields(c.name), map[string]bool{"major": true}); got != c.want {
			t.Errorf("%q: common = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestRealNewsListsWithNameTails: a round's investor list read in full when
// the frames found one investor already, when it follows a colon ("Also
// joining the party: A, B and C"), and when an item's name runs past the
// gazetteer's ("Cisco Investments (CSCO)", "Temasek Holdings").
func TestRealNewsListsWithNameTails(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $20 billion. Also joining the party: Cisco Investments (CSCO), Fidelity, Stepstone Group (STEP) and Baron Capital Group.",
			[]gWant{
				{"commitment", "new", "investment", "cisco perrinlabs", 0, ""},
				{"commitment", "new", "investment", "fidelity perrinlabs", 0, ""},
				{"commitment", "new", "investment", "perrinlabs stepstonegroup", 0, ""},
				{"commitment", "new", "investment", "baroncapitalgroup perrinlabs", 0, ""},
			}},
		{"Perrin Labs raised $60 million. The round was backed by existing investors including Kakao Ventures, Naver, and Temasek Holdings.",
			[]gWant{
				{"commitment", "new", "investment", "naver perrinlabs", 0, ""},
				{"commitment", "new", "investment", "perrinlabs temasek", 0, ""},
			}},
	})
}

// TestRealNewsFundToFund: capital one investor commits to another's strategy
// is an investment, even when the strategy buys data centres and compute.
func TestRealNewsFundToFund(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"CPP Investments has committed $1.75 billion to support EQT's AI infrastructure build-out, a move tied to demand for data centers and compute capacity.",
			[]gWant{{"commitment", "new", "investment", "cppinvestments eqt", 1.75e9, "USD"}}},
	})
}

// TestRealNewsAsianLegalForms: "Pvt. Ltd.", "Pte. Ltd." and "Sdn. Bhd." end
// no sentence and are no part of the company's id.
func TestRealNewsAsianLegalForms(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Raana Semiconductors Pvt. Ltd. has closed a $3 million seed round led by Accel.",
			[]gWant{{"commitment", "new", "investment", "accel raanasemiconductors", 0, ""}}},
	})
}

// TestRealNewsRevenueShareAsPercent: a revenue share told as a percentage of
// someone's revenue ("receive 20% of OpenAI's revenue", "retain a 20% OpenAI
// revenue share", "maintains a 20% revenue share back to Microsoft") is paid
// by the organisation whose revenue it is.
func TestRealNewsRevenueShareAsPercent(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft continues to receive 20% of OpenAI's revenue until 2030.",
			[]gWant{{"commitment", "", "revenue_share", "microsoft openai", 0, ""}}},
		{"Microsoft will retain primary partner status and a 20% OpenAI revenue share until 2030, now with a cap.",
			[]gWant{{"commitment", "", "revenue_share", "microsoft openai", 0, ""}}},
		{"Instead, OpenAI maintains a 20% revenue share back to Microsoft until 2030.",
			[]gWant{{"commitment", "", "revenue_share", "microsoft openai", 0, ""}}},
	})
	for _, text := range []string{"Microsoft continues to receive 20% of OpenAI's revenue until 2030.", "Instead, OpenAI maintains a 20% revenue share back to Microsoft until 2030."} {
		evs, err := newTestExtractor(t).Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			for _, p := range e.Parties {
				if p.Role == "from" && p.ID != "openai" {
					t.Errorf("%q: paid by %s", text, p.ID)
				}
			}
		}
	}
}

// TestRealNewsCloudsOwnChips: TPUs named anywhere in the sentence make the
// deal compute, even beside "Google Cloud services" (LABELING.md: TPUs are
// compute).
func TestRealNewsCloudsOwnChips(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has signed a multibillion-dollar deal with Google Cloud to boost its computing power using Google's Tensor Processing Units (TPUs).",
			[]gWant{{"commitment", "new", "compute", "google perrinlabs", 0, ""}}},
		{"Google and Perrin Labs have announced a multi-year agreement that will give Perrin Labs access to up to one million Google TPUs and involve tens of billions of dollars in Google Cloud services.",
			[]gWant{{"commitment", "new", "compute", "google perrinlabs", 0, ""}}},
	})
}

// TestRealNewsOptionsAfterTheDeal: ", with options that could take the total
// to $19.4 billion" adds an option to a stated deal; its "could" does not
// make the deal a plan.
func TestRealNewsOptionsAfterTheDeal(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft signed a multiyear agreement to buy GPU capacity from Nebius valued at $17.4 billion over five years, with options that could take the total to about $19.4 billion.",
			[]gWant{{"commitment", "new", "compute", "microsoft nebius", 17.4e9, "USD"}}},
	})
}

// TestRealNewsJudgementOfAStatedDeal: "announced what may be the most
// significant move: a $20 billion licensing agreement" judges a stated
// deal; "what may be" hedges nothing.
func TestRealNewsJudgementOfAStatedDeal(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google and Perrin Labs just announced what might be the most significant cloud partnership in AI history.",
			[]gWant{{"partnership", "formed", "", "google perrinlabs", 0, ""}}},
		{"Nvidia announced on Christmas Eve what may be the most significant move in the chip wars: a $20 billion licensing agreement with Perrin Labs.",
			[]gWant{{"commitment", "new", "cloud_services", "nvidia perrinlabs", 20e9, "USD"}}},
	})
	noEvent(t, nil, "Google and Perrin Labs might announce a cloud partnership next week.")
}

// TestRealNewsComputeFromOracle: "a cloud computing contract with Oracle"
// buys computing power (LABELING.md: computing power from Oracle is
// compute); Oracle's cloud services or database platform stay cloud
// services.
func TestRealNewsComputeFromOracle(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed a $300 billion cloud computing contract with Oracle.",
			[]gWant{{"commitment", "new", "compute", "oracle perrinlabs", 300e9, "USD"}}},
		{"Perrin Labs signed a $3 billion contract for Oracle's cloud services and database platform.",
			[]gWant{{"commitment", "new", "cloud_services", "oracle perrinlabs", 3e9, "USD"}}},
	})
}

// TestRealNewsInvestorsFund: "Temasek backs OpenAI investor's new $250
// million tech fund" invests in a fund, not in OpenAI, and "Million" of a
// title-case amount starts no name.
func TestRealNewsInvestorsFund(t *testing.T) {
	noParty(t, "openai", "Temasek Backs OpenAI Investor's New $250 Million Tech Fund")
	noParty(t, "openai", "Temasek backs OpenAI investor's new $337m tech fund, a source says.")
	noParty(t, "milliontechfund", "Temasek Backs OpenAI Investor's New $250 Million Tech Fund")
}

// TestRealNewsSubjectAfterFormerEmployers: an organisation dropped as a
// former employer ("founded by three former Meta and Google AI
// researchers, Quorvane has ...") is not what "the company" refers to next.
func TestRealNewsSubjectAfterFormerEmployers(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Founded in May 2023 by three former Meta and Google AI researchers, Perrin Labs has released several models. The company has attracted backing from Lightspeed Venture Partners and General Catalyst over two funding rounds.",
			[]gWant{
				{"commitment", "new", "investment", "lightspeed perrinlabs", 0, ""},
				{"commitment", "new", "investment", "generalcatalyst perrinlabs", 0, ""},
			}},
	})
	noParty(t, "meta", "Founded in May 2023 by three former Meta and Google AI researchers, Perrin Labs has released several models. The company has attracted backing from Lightspeed Venture Partners and General Catalyst over two funding rounds.")
}

// TestRealNewsAddedToSuppliers: "X has added Google Cloud to its list of
// cloud providers" buys from the supplier it added.
func TestRealNewsAddedToSuppliers(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has added Google Cloud to its list of cloud providers.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 0, ""}}},
		{"Perrin Labs has officially added Nebius to its list of infrastructure providers, joining CoreWeave.",
			[]gWant{{"commitment", "new", "compute", "nebius perrinlabs", 0, ""}}},
	})
	noEvent(t, nil, "Perrin Labs has added Google to its list of rivals.")
}

// TestRealNewsCloudAdoption: an enterprise that moves its workloads to a
// hyperscaler's cloud, taps into it or selects it as its preferred cloud
// provider buys cloud services from it.
func TestRealNewsCloudAdoption(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"U.S. Bancorp has decided to move most of its software applications to Microsoft's Azure cloud over the next few years.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft usbancorp", 0, ""}}},
		{"Bank of America announced that it will tap into Microsoft's cloud services as part of its digital transformation.",
			[]gWant{{"commitment", "new", "cloud_services", "bankofamerica microsoft", 0, ""}}},
		{"Wipro will upgrade its core SAP ERP system and migrate the workloads to Google Cloud Platform.",
			[]gWant{{"commitment", "new", "cloud_services", "google wipro", 0, ""}}},
		{"Perrin Labs selected AWS as its preferred cloud provider, the company announced Wednesday.",
			[]gWant{{"commitment", "new", "cloud_services", "amazon perrinlabs", 0, ""}}},
		{"Brisa Airlines selected AWS as its preferred cloud provider, the airline announced Wednesday.",
			[]gWant{{"commitment", "new", "cloud_services", "amazon brisaairlines", 0, ""}}},
	})
	noParty(t, "sap", "Wipro will upgrade its core SAP ERP system and migrate the workloads to Google Cloud Platform.")
	noEvent(t, nil, "Microsoft moved its engineers to the Azure cloud team.")
}

// TestRealNewsCapacityNamedByItsCloud: capacity named by a hyperscaler's
// platform ("a $30 billion purchase of Azure compute capacity") is that
// platform's cloud service; a hyphenated amount in a title-case headline
// ("Lambda's Multi-Billion AI Infrastructure Deal") names no company.
func TestRealNewsCapacityNamedByItsCloud(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs announced a $30 billion purchase of dedicated Azure compute capacity.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft perrinlabs", 30e9, "USD"}}},
	})
	if got := commonWordAI([]string{"Multi-Billion", "AI"}, nil); !got {
		t.Errorf("Multi-Billion AI taken for a name")
	}
}

// TestRealNewsHouseConventionsKept: house conventions the round-8 rules
// must keep: money spent on Google Cloud services stays cloud services
// with TPUs named; a round's lead keeps the amount it invested itself;
// GPUs rented through the maker's own cloud come from the maker; a
// reported shift of workloads is no purchase.
func TestRealNewsHouseConventionsKept(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs will spend $1.2 billion on Google Cloud services through 2030, using Google's tensor processing units to train its models.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 1.2e9, "USD"}}},
		{"Mistral raised €1.7 billion. The round was led by ASML Holding, the Dutch maker of chipmaking equipment, which invested €1.3 billion.",
			[]gWant{{"commitment", "new", "investment", "asml mistral", 1.3e9, "EUR"}}},
		{"Perrin Labs will rent Nvidia GPU capacity through DGX Cloud to train its next models.",
			[]gWant{{"commitment", "new", "compute", "nvidia perrinlabs", 0, ""}}},
		{"Kaveri AI has raised Rs 800 crore in a Series B round. Peak XV Partners invested Rs 500 crore in the round, while Lightspeed Venture Partners invested Rs 300 crore.",
			[]gWant{{"commitment", "new", "investment", "kaveriai peakxvpartners", 5e9, "INR"}}},
	})
	noEvent(t, nil, "After reports that Perrin Labs was shifting more of its training to AWS, Google said it remains committed.")
}

// TestRealNewsPartnerOfAKnownCompany: a name coordinated with a known
// organisation as the subject of a partnership is a company even when the
// article names it once; "X using Microsoft's cloud services" buys them.
func TestRealNewsPartnerOfAKnownCompany(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google Cloud and Liberty Global have announced a significant partnership to modernise the telecom's infrastructure.",
			[]gWant{{"partnership", "formed", "", "google libertyglobal", 0, ""}}},
		{"The partnership also involves G42 using Microsoft's cloud services for its AI applications.",
			[]gWant{{"commitment", "new", "cloud_services", "g42 microsoft", 0, ""}}},
	})
}

// TestRealNewsTitleCaseHeadline: a title-case headline capitalises every
// word, so it is no evidence that a capitalised run is a company
// ("French Telecom Orange Signs Deal With OpenAI For Exclusive Access").
func TestRealNewsTitleCaseHeadline(t *testing.T) {
	text := "FRENCH TELECOM ORANGE SIGNS DEAL WITH OPENAI FOR EXCLUSIVE ACCESS TO AI MODELS\nKestrel Telecom Holdings Signs Deal With OpenAI For Access To AI Models\nThe agreement was signed in Paris."
	noParty(t, "frenchtelecomorange", text)
	noParty(t, "kestreltelecomholdings", text)
	if !titleCase(words("Google And Meta Forge New AI Alliance In India")) || titleCase(words("Google and Meta formed an alliance in India.")) {
		t.Errorf("titleCase misreads a headline or a sentence")
	}
}

// TestRealNewsFacilityIsNoCompany: a site named with a company word
// ("the Clinton Clean Energy Center") is a plant, not a party.
func TestRealNewsFacilityIsNoCompany(t *testing.T) {
	noParty(t, "clintoncleanenergy", "Perrin Labs signed a 20-year agreement to buy the output of the 1.1 GW Clinton Clean Energy Center in Illinois to power its data centers.")
}

// TestRealNewsHoldersListed: "other investors in the company include A and
// B" lists who holds stakes, with no round or amount: old deals, no event.
// "another OpenAI rival, Cohere" describes Cohere through OpenAI.
func TestRealNewsHoldersListed(t *testing.T) {
	noEvent(t, nil, "Apart from Microsoft, which holds the largest stake in Perrin Labs, other investors in the company include Khosla Ventures, Thrive Capital and Sequoia Capital.")
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $60 million. Other investors in the round include Khosla Ventures and Thrive Capital.",
			[]gWant{{"commitment", "new", "investment", "khoslaventures perrinlabs", 0, ""}}},
	})
	noParty(t, "openai", "Earlier this month, Nvidia also invested in another Google-backed OpenAI rival, Cohere.")
}

// TestRealNewsAcquisitionIsNoPurchase: buying a whole company ("acquired
// Israeli AI chip developer Habana Labs for $2 billion", "bought startup
// Zilla Security for $165 million") is an acquisition: the acquirer's
// investment in the company (TestRealNewsTakeoverWithItsPrice), never a
// purchase of compute or services; buying a company's chips still is a
// purchase.
func TestRealNewsAcquisitionIsNoPurchase(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"U.S. chip giant Intel announced it has acquired Israeli artificial intelligence chip developer Habana Labs for $2 billion.",
			[]directed{{"intel", "habanalabs", "investment", 2e9}}},
		{"And CyberArk, an identity security company, bought startup Zilla Security for $165 million in cash.",
			[]directed{{"cyberark", "zillasecurity", "investment", 1.65e8}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Type != schemas.TypeCommitment || e.KindOf() != schemas.KindInvestment
	},
		"U.S. chip giant Intel announced it has acquired Israeli artificial intelligence chip developer Habana Labs for $2 billion.",
		"And CyberArk, an identity security company, bought startup Zilla Security for $165 million in cash.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs agreed to acquire 50,000 AMD chips for its new data centre.",
			[]gWant{{"commitment", "new", "compute", "amd perrinlabs", 0, ""}}},
	})
}

// TestRealNewsReportedBy: the outlet of "as reported by the Financial
// Times, X joined ..." is no party.
func TestRealNewsReportedBy(t *testing.T) {
	noParty(t, "financialtimes", "Perrin Labs raised $400 million. As reported by the Financial Times, Prosperity7 joined the funding round for the AI start-up Perrin Labs.")
}
