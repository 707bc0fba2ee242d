package extract

import (
	"context"
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Phenomena of real published news seen in round 3 (testdata/real folds a, b
// and c as development), each in at least two independent articles,
// reproduced in sentences of our own.

// TestRealNewsAttributedCompletedAct: a deal reported as done by unnamed
// sources ("has signed ..., according to people familiar with the matter") is
// stated; an attributed plan, and a media report as the speaker, stay rumours.
func TestRealNewsAttributedCompletedAct(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has signed a cloud computing contract with Google Cloud worth more than $3 billion over five years, according to people familiar with the matter.",
			[]gWant{{"commitment", "new", "cloud_services", "google perrinlabs", 3e9, "USD"}}},
		{"Halden Robotics entered into a $700 million agreement to rent GPU capacity from CoreWeave, sources familiar with the deal said.",
			[]gWant{{"commitment", "new", "compute", "coreweave haldenrobotics", 700e6, "USD"}}},
	})
	noEvent(t, nil,
		"Perrin Labs plans to spend $3 billion on Google Cloud over five years, according to people familiar with the matter.",
		"The report said Perrin Labs had signed a $3 billion contract with Google Cloud.",
		"Perrin Labs is in talks to rent GPU capacity from CoreWeave, people familiar with the matter said.",
	)
}

// TestRealNewsDealValueLater: a deal's value told sentences later ("The
// Broadcom deal is valued at ...", "This five-year contract, valued at ...")
// goes to the amount-less deal with that party, a capacity-only one included.
func TestRealNewsDealValueLater(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs and Broadcom announced a collaboration to co-develop and deploy 4 gigawatts of custom accelerators. Broadcom shares rose 9% on the news. Analysts said more customers would follow. The Broadcom deal is valued at more than $8 billion.",
			[]gWant{{"commitment", "new", "compute", "broadcom perrinlabs", 8e9, "USD"}}},
		{"Halden Robotics signed a contract to rent GPU capacity from Nebius. This five-year contract, valued at about $900 million, starts in March.",
			[]gWant{{"commitment", "new", "compute", "haldenrobotics nebius", 900e6, "USD"}}},
		{"Halden Robotics will rent GPU capacity from Nebius for six years. The total commitment of $2.1 billion makes it Nebius' largest deal.",
			[]gWant{{"commitment", "new", "compute", "haldenrobotics nebius", 2.1e9, "USD"}}},
		{"Halden Robotics will move its training to data centres leased from Nebius. The maximum value of the deal is estimated to be up to $1.9 billion.",
			[]gWant{{"commitment", "new", "compute", "haldenrobotics nebius", 1.9e9, "USD"}}},
	})
}

// TestRealNewsHeldInvestment: an investment named as what an investor holds
// ("its substantial investment in X", "Y's current stake in X", "having made
// investments in X") restates an old deal when no amount comes with it;
// "has completed its investment" or "doubled down on its stake" is an act.
func TestRealNewsHeldInvestment(t *testing.T) {
	noEvent(t, nil,
		"The move lets Halden diversify beyond its substantial investment in Perrin Labs.",
		"Regulators are looking at Halden Ventures' investment and influence over Perrin Labs.",
		"Google's current stake in Perrin Labs is undisclosed.",
		"The two have worked together for years, with Halden Ventures having made large investments in Perrin Labs.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Halden Ventures is doubling down on its investment in Perrin Labs, adding $2 billion.",
			[]gWant{{"commitment", "", "investment", "haldenventures perrinlabs", 2e9, "USD"}}},
		{"Google raised its stake in Perrin Labs on Monday.",
			[]gWant{{"commitment", "", "investment", "google perrinlabs", 0, ""}}},
	})
}

// TestRealNewsInvestorListsOfUnknownFunds: funds no gazetteer lists stand in
// a comma list beside organisations it knows; people in such a list
// (individual investors) are no parties, but the list goes on after them.
func TestRealNewsInvestorListsOfUnknownFunds(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $270 million. The round was led by Halden Capital and joined by other investors such as Korvex, Mirandel Asset, Schroders Capital and Thomvest Ventures.",
			[]gWant{{"commitment", "new", "investment", "korvex perrinlabs", 0, ""}, {"commitment", "new", "investment", "mirandelasset perrinlabs", 0, ""},
				{"commitment", "new", "investment", "perrinlabs thomvestventures", 0, ""}}},
		{"Perrin Labs has raised $675 million with investments from Microsoft, Nvidia, Jeff Bezos (through Bezos Expeditions), Parkway Venture Capital, Intel Capital and Align Ventures.",
			[]gWant{{"commitment", "new", "investment", "microsoft perrinlabs", 0, ""}, {"commitment", "new", "investment", "alignventures perrinlabs", 0, ""},
				{"commitment", "new", "investment", "parkwayventurecapital perrinlabs", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		for _, p := range e.Parties {
			if p.ID == "jeffbezos" || p.ID == "reidhoffman" || p.ID == "teams" {
				return true
			}
		}
		return false
	},
		"Perrin Labs has raised $675 million with investments from Microsoft, Nvidia, Jeff Bezos (through Bezos Expeditions), Parkway Venture Capital and Align Ventures.",
		"Perrin Labs' round included funds from Reid Hoffman, co-founder of LinkedIn, Nvidia and Halden Capital.",
		"As part of the deal, Microsoft will provide Perrin Labs with analytics products using its Azure, Copilot and Teams platforms for $400 million.",
	)
}

// TestRealNewsRoundOwner: "A put $N into B's funding round" raises money for
// B; investors named in the next sentence invest in B, not in A.
func TestRealNewsRoundOwner(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Halden Capital pumped 1.3 billion euros in Perrin Labs' 1.7 billion-euro funding round as lead investor. Other participants in the round included existing investors Nvidia, DST Global and Index Ventures.",
			[]gWant{{"commitment", "new", "investment", "haldencapital perrinlabs", 1.3e9, "EUR"}, {"commitment", "new", "investment", "nvidia perrinlabs", 0, ""},
				{"commitment", "new", "investment", "indexventures perrinlabs", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Parties[len(e.Parties)-1].ID == "haldencapital" && e.Parties[0].ID != "haldencapital"
	}, "Halden Capital pumped 1.3 billion euros in Perrin Labs' 1.7 billion-euro funding round as lead investor. Other participants in the round included existing investors Nvidia, DST Global and Index Ventures.")
}

// TestRealNewsGluedSentences: pages that lost their paragraph breaks glue a
// sentence to the next ("... and Lightspeed.The round ..."); each is read on
// its own, while "Amazon.com" and "U.S.The" stay whole words.
func TestRealNewsGluedSentences(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int
	}{
		{"backed by Lightspeed.The round was led", []int{len("backed by Lightspeed.")}},
		{"sold on Amazon.com today", nil},
		{"the U.S.The firm", nil},
		{"a.Bc", nil},
		{"one deal.Two deals.Three", []int{len("one deal."), len("Two deals.")}},
		// a stop inside a closing curly quote ends the sentence too
		{"Lee said “we are proud of it.” He added more", []int{len("Lee said “we are proud of it.”")}},
		{"“Yes!” She left.Then", []int{len("“Yes!”"), len(" She left.")}},
		{"the U.S.’ largest bank", nil},
		{"it said “ok.” and left", nil},
	} {
		if got := stopsInside(c.in); !slices.Equal(got, c.want) {
			t.Errorf("stopsInside(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $500 million from Nvidia and Lightspeed.The money will fund a new cluster in Texas.",
			[]gWant{{"commitment", "new", "investment", "lightspeed perrinlabs", 0, ""}}},
	})
}

// TestRealNewsLongNamesAndGrants: the fourth word of a long capitalised name
// starts no name of its own, and money for a piece of work ("funded the
// development of X's rocket") is no stake in X.
func TestRealNewsLongNamesAndGrants(t *testing.T) {
	noEvent(t, nil,
		"The agency picked Orbiton, Kestrel Robotics and Vantor Aerospace for its Commercial Lunar Payload Services (CLPS) contracts. The Commercial Orbital Transportation Services effort funded the development of Vantor Aerospace's cargo capsule.",
	)
}

// TestRealNewsCoLeadsOfARound: "A and B are leading the $102 million Series
// C round for the company": each co-lead invests in the company that raised,
// with no amount of its own.
func TestRealNewsCoLeadsOfARound(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $102 million. Celesta Capital and GreatPoint Ventures are leading the $102 million Series C round for the company.",
			[]gWant{{"commitment", "new", "investment", "celestacapital perrinlabs", 0, ""}, {"commitment", "new", "investment", "greatpointventures perrinlabs", 0, ""}}},
		{"Perrin Labs is growing fast. Celesta Capital and GreatPoint Ventures are leading the $102 million Series C round for Perrin Labs.",
			[]gWant{{"commitment", "new", "investment", "celestacapital perrinlabs", 0, ""}, {"commitment", "new", "investment", "greatpointventures perrinlabs", 0, ""}}},
	})
}

// TestRealNewsPartnerByRole: a partnership stated as the role one
// organisation gives the other ("named X a preferred compute partner",
// "treat X as a strategic partner", "work with X as a core partner").
func TestRealNewsPartnerByRole(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs named Vantor Systems a preferred compute and networking partner.",
			[]gWant{{"partnership", "formed", "", "perrinlabs vantorsystems", 0, ""}}},
		{"Perrin Labs has agreed to treat Nvidia as a “preferred strategic compute partner.”",
			[]gWant{{"partnership", "formed", "", "nvidia perrinlabs", 0, ""}}},
		{"Perrin Labs will work with AMD as a core strategic compute partner to drive deployments.",
			[]gWant{{"partnership", "formed", "", "amd perrinlabs", 0, ""}}},
	})
	noEvent(t, nil, "Oracle remains a partner.", "Halden Capital named Jane Doe a partner.")
}

// TestRealNewsDealsNotReached: a deal that failed or fell through, an
// investment plan denied, and a deal told as what an event came after, are
// no deals of the article.
func TestRealNewsDealsNotReached(t *testing.T) {
	noEvent(t, nil,
		"Perrin Labs failed to reach an agreement with Oracle to expand its $10 billion capacity lease.",
		"The $4 billion deal between Perrin Labs and CoreWeave fell through in March.",
		"Nvidia said it had no financial investment plans in Perrin Labs.",
		"The timing is pointed, coming just two weeks after Perrin Labs' landmark $10 billion deal with Nvidia.",
	)
}

// TestRealNewsPersonPossessive: an organisation named after its owner's or
// founder's possessive ("in Elon Musk's xAI", "including Peter Thiel's
// Founders Fund") is the party; the person is not.
func TestRealNewsPersonPossessive(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Humain announced a $3 billion investment in Elon Musk’s xAI.",
			[]gWant{{"commitment", "new", "investment", "humain xai", 3e9, "USD"}}},
		{"Perrin Labs raised $500 million of equity capital from investors including Peter Thiel’s Founders Fund.",
			[]gWant{{"commitment", "new", "investment", "foundersfund perrinlabs", 0, ""}}},
	})
}

// TestRealNewsLongDescriptions: a description of up to eight words, a
// multi-word place included, stands between the preposition and the name
// ("in the United Arab Emirates artificial intelligence firm G42").
func TestRealNewsLongDescriptions(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Microsoft is to invest $1.5 billion in the United Arab Emirates artificial intelligence firm G42, taking a minority stake.",
			[]gWant{{"commitment", "new", "investment", "g42 microsoft", 1.5e9, "USD"}}},
		{"Halden Capital will invest $200 million in the South Korean edge inference chip startup Perrin Labs.",
			[]gWant{{"commitment", "new", "investment", "haldencapital perrinlabs", 200e6, "USD"}}},
	})
}

// TestRealNewsOneOfTheLargest: "signed one of the largest cloud contracts in
// history with X" names one deal, though its noun is plural.
func TestRealNewsOneOfTheLargest(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed one of the largest cloud contracts in history with Oracle.",
			[]gWant{{"commitment", "new", "cloud_services", "oracle perrinlabs", 0, ""}}},
	})
	noEvent(t, nil, "Perrin Labs has also signed agreements with AMD and Qualcomm.")
}

// TestRealNewsJointVentureDescribed: "X is a joint venture between A, B and
// C" describes what X is; it announces no partnership.
func TestRealNewsJointVentureDescribed(t *testing.T) {
	noEvent(t, nil,
		"Skyforge is a joint venture by Oracle, Perrin Labs and SoftBank, that plans to invest $500 billion in data centres.",
		"The Skyforge Project is a joint venture between Perrin Labs, Oracle and SoftBank Group.",
	)
}

// TestRealNewsChipsFromACloud: chips bought from a named cloud ("a deal with
// Google Cloud for up to one million TPUs") are compute (LABELING.md).
func TestRealNewsChipsFromACloud(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed a deal committing $20 billion to Google Cloud in exchange for TPU chips.",
			[]gWant{{"commitment", "new", "compute", "google perrinlabs", 20e9, "USD"}}},
	})
}

// TestRealNewsPartnershipRefAfterBackground: a background mention of the two
// parties' earlier work together ("although they have previously
// collaborated") does not stop the article's deal from being the
// partnership a later sentence names.
func TestRealNewsPartnershipRefAfterBackground(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has signed a $2 billion cloud computing agreement with Google Cloud. It is the first formal partnership between the two, although they have previously collaborated on smaller projects in 2021. Analysts view the Perrin-Google partnership as a strategic alignment.",
			[]gWant{{"partnership", "", "", "google perrinlabs", 0, ""}}},
	})
}

// TestRealNewsRoundLeadAndParticipants: a round "led by A and joined by other
// investors such as B, C and D" (passive or active) gives every investor an
// event, none with the round's amount.
func TestRealNewsRoundLeadAndParticipants(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs' funding was led by Canada's Inovia Capital and joined by other investors such as DTCP, Mirandel Asset, Schroders Capital, SentinelOne and Thomvest Ventures.",
			[]gWant{{"commitment", "new", "investment", "inoviacapital perrinlabs", 0, ""}, {"commitment", "new", "investment", "dtcp perrinlabs", 0, ""},
				{"commitment", "new", "investment", "perrinlabs sentinelone", 0, ""}, {"commitment", "new", "investment", "perrinlabs thomvestventures", 0, ""}}},
		{"Perrin Labs has raised a $53 million series A round co-led by Capricorn Investment Group and Halden Capital, with participation from Nepenthe Partners and Korvex Ventures.",
			[]gWant{{"commitment", "new", "investment", "capricorninvestmentgroup perrinlabs", 0, ""}, {"commitment", "new", "investment", "haldencapital perrinlabs", 0, ""},
				{"commitment", "new", "investment", "nepenthepartners perrinlabs", 0, ""}, {"commitment", "new", "investment", "korvexventures perrinlabs", 0, ""}}},
	})
}

// TestRealNewsAgreementWithNothingBought: an agreement that changes terms or
// names no price and nothing bought is no commitment (it may be a
// partnership).
func TestRealNewsAgreementWithNothingBought(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypeCommitment },
		"Halden and Perrin Labs have signed a new agreement that changes the terms of their existing partnership.",
		"Perrin Labs announced a definitive new agreement with Microsoft that recasts their decade-long alliance.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs signed an agreement with Microsoft to use Azure.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft perrinlabs", 0, ""}}},
	})
}

// TestRealNewsChipsFromTheirMaker: chips counted one by one are bought from
// their maker, even by a neocloud ("Humain announced a partnership with
// Nvidia to acquire 18,000 GB300 chips").
func TestRealNewsChipsFromTheirMaker(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Humain, a subsidiary of Saudi Arabia's Public Investment Fund (PIF), has announced a partnership with Nvidia to acquire 18,000 GB300 chips.",
			[]gWant{{"commitment", "new", "compute", "humain nvidia", 0, ""}}},
		{"Nebius has announced a collaboration with AMD to deploy 30,000 MI355X accelerators.",
			[]gWant{{"commitment", "new", "compute", "amd nebius", 0, ""}}},
	})
}

// TestRealNewsCalledName: "a startup called X" introduces an organisation,
// however it is spelled (all capitals included).
func TestRealNewsCalledName(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Today we meet a Santa Clara-based startup called KESTRA. The company announced that it has raised a $53 million round co-led by Capricorn Investment Group and Halden Capital.",
			[]gWant{{"commitment", "new", "investment", "haldencapital kestra", 0, ""}}},
	})
}

// TestRealNewsPaymentPurpose: "will pay $620 million to license X's models and
// about $30 million to settle claims": the verb after "to" says what the
// payment buys; the settlement is no second licence.
func TestRealNewsPaymentPurpose(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("As part of the agreement, Microsoft will pay $620 million to license Perrin Labs' AI models and approximately $30 million to relinquish any legal claims."))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Amount == nil || evs[0].Amount.Value == nil || *evs[0].Amount.Value != 620e6 {
		t.Errorf("want one licence of $620 million, got %+v", describeAll(evs))
	}
}

// TestRealNewsCoPrefixedWords: "co-led", "co-founder" and "co-develop" are one
// word, as the rules look them up ("The financing was co-led by A and B").
func TestRealNewsCoPrefixedWords(t *testing.T) {
	var got []string
	for _, w := range words("The round was co-led by A, a co-founder's fund; Co-Develop it") {
		got = append(got, w.Text)
	}
	want := []string{"The", "round", "was", "co-led", "by", "A", ",", "a", "co-founder", "'s", "fund", ";", "Co-Develop", "it"}
	if !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs has raised $300 million. The financing was co-led by Thrive Capital and Temasek Holdings.",
			[]gWant{{"commitment", "new", "investment", "perrinlabs thrivecapital", 0, ""}, {"commitment", "new", "investment", "perrinlabs temasek", 0, ""}}},
	})
}

// TestRealNewsInvestorSubjectOnce: an unknown organisation named once, at the
// start of a sentence, as the subject of an investment with its amount and
// its investee ("Korvex invests $150M in Perrin Labs") is an organisation.
func TestRealNewsInvestorSubjectOnce(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Korvex invests $150M in Bengaluru-based Perrin Labs, positioning the IT services giant as lead investor.",
			[]gWant{{"commitment", "new", "investment", "korvex perrinlabs", 150e6, "USD"}}},
		{"Korvex will invest $150 million in Perrin Labs.",
			[]gWant{{"commitment", "new", "investment", "korvex perrinlabs", 150e6, "USD"}}},
	})
	noEvent(t, nil, "Meanwhile investors will invest $150 million in bonds.")
}

// TestRealNewsBackstopsAndWarrants: a guarantee of another party's lease and
// warrants for equity are conditional (LABELING.md: optional): no investment
// is stated.
func TestRealNewsBackstopsAndWarrants(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool { return e.Kind != nil && *e.Kind == schemas.KindInvestment },
		"Google will backstop $1.4 billion of Fluidstack's lease obligations and receive warrants for approximately 5.4% equity stake in Perrin Labs.",
		"Google's backstop has increased to $3.2 billion in return for warrants to purchase shares of Perrin Labs.",
	)
}

// TestRealNewsRoundInvestorLists: the investor lists of a round in shapes no
// single frame covers each give every investor an event with no amount.
func TestRealNewsRoundInvestorLists(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perrin Labs raised $40 million in a Series B round. Existing investors Halden Capital and Korvex Ventures participated as follow-on investors, while Ditto Partners and Forest Ventures joined as new investors.",
			[]gWant{{"commitment", "new", "investment", "haldencapital perrinlabs", 0, ""}, {"commitment", "new", "investment", "korvexventures perrinlabs", 0, ""},
				{"commitment", "new", "investment", "dittopartners perrinlabs", 0, ""}, {"commitment", "new", "investment", "forestventures perrinlabs", 0, ""}}},
		{"Founded in 2020, Perrin Labs is backed by Halden Capital and Korvex Ventures as leading investors in the round.",
			[]gWant{{"commitment", "new", "investment", "haldencapital perrinlabs", 0, ""}, {"commitment", "new", "investment", "korvexventures perrinlabs", 0, ""}}},
	})
}
