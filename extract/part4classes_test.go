package extract

import (
	"context"
	"testing"
)

// TestAcronymLedBareNames covers company names that open with a short
// all-caps group prefix ("KT Nexa", "GS Retail") and are introduced as the
// subject of a reported commitment ("X said it had committed to ...").
func TestAcronymLedBareNames(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"In a separate announcement, KT Nexa said it had committed to spend 300 billion won on Google Cloud over five years. KT Nexa will also resell Google Cloud services to small businesses.",
			[]gWant{{"commitment", "new", "cloud_services", "ktnexa google", 300e9, "KRW"}}},
		{"Separately, GS Retail said that it has agreed to spend $40 million on Microsoft Azure over three years. GS Retail plans to move its loyalty systems first.",
			[]gWant{{"commitment", "new", "cloud_services", "gsretail microsoft", 40e6, "USD"}}},
	})
}

// TestInvestorIDsAreFullNames checks that funds are identified by their full
// name, as the labelling rules ask (lowercase name, no spaces).
func TestInvestorIDsAreFullNames(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Lightspeed Venture Partners invested $30 million in Orchid Labs, the start-up said. Orchid Labs will hire engineers.",
			[]gWant{{"commitment", "new", "investment", "lightspeed orchidlabs", 30e6, "USD"}}},
		{"The Qatar Investment Authority has committed $250 million to Falcon Vision Labs, a Doha-based developer.",
			[]gWant{{"commitment", "new", "investment", "qatarinvestmentauthority falconvisionlabs", 250e6, "USD"}}},
	})
}

// TestRoundParticipantsAndHyphenDescriptors covers a round whose raiser is
// named by a descriptor with hyphenated words ("the Oslo speech-model
// company") and investors that "also took part" with no round word.
func TestRoundParticipantsAndHyphenDescriptors(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Mistral AI banks $300m. The Paris open-weight model company closed a $300 million round this week. Lux Capital put in $120 million of it; Intel and Samsung also took part.",
			[]gWant{
				{"commitment", "new", "investment", "luxcapital mistral", 120e6, "USD"},
				{"commitment", "new", "investment", "intel mistral", 0, ""},
				{"commitment", "new", "investment", "samsung mistral", 0, ""},
			}},
		{"Tarn Robotics raised $80 million on Tuesday. Sequoia Capital and AMD also participated.",
			[]gWant{
				{"commitment", "new", "investment", "amd tarnrobotics", 0, ""},
				{"commitment", "new", "investment", "sequoiacapital tarnrobotics", 0, ""},
			}},
	})
}

// TestCompanyApposition covers a bare name introduced once with an
// apposition calling it a company; the apposition refers to that name, not to
// another start-up named earlier.
func TestCompanyApposition(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Rumours say Mistral AI has talked to Oracle. Quillon, the billing start-up, agreed to pay Databricks a 10% revenue share on sales.",
			[]gWant{{"commitment", "new", "revenue_share", "databricks quillon", 0, ""}}},
		{"Cohere was mentioned too. Sablewing, a Lisbon logistics company, has committed to spend $25 million on Google Cloud over three years.",
			[]gWant{{"commitment", "new", "cloud_services", "google sablewing", 25e6, "USD"}}},
	})
}

// TestCommittedToDoing: "committed to <doing something>" is a pledge, not
// money committed; "committed to spending" still is.
func TestCommittedToDoing(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text  string
		wantC int // commitment events
	}{
		{"At its developer conference, SAP and Cohere reaffirmed their partnership, saying they remain committed to integrating Command models into Joule.", 0},
		{"Oracle and Mistral AI said they were committed to expanding sovereign AI offerings in Europe.", 0},
		{"Databricks has committed to spending $80 million on Google Cloud over four years.", 1},
	} {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range evs {
			if e.Type == "commitment" {
				n++
			}
		}
		if n != c.wantC {
			t.Errorf("%q: %d commitments, want %d", c.text, n, c.wantC)
		}
	}
}

// TestTradeNounObjectOfPay covers a payee named by its trade ("the Dutch
// broadcaster") as the object of "pay" after the payer.
func TestTradeNounObjectOfPay(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"The Financial Times has formed a partnership with Perplexity, under which Perplexity will pay the British publisher a share of subscription revenue.",
			[]gWant{{"commitment", "new", "revenue_share", "financialtimes perplexity", 0, ""}}},
		{"Perplexity has signed a partnership with Le Monde Group, under which Perplexity will pay the French publisher a share of advertising revenue.",
			[]gWant{{"commitment", "new", "revenue_share", "lemonde perplexity", 0, ""}}},
	})
}

// TestSingleMentionDealSubjects covers names the article gives once, as the
// subject of a signed agreement or of an expanded partnership; a trailing
// participle clause about last year's beginnings does not make the expansion
// background; the amount of "a $N agreement to buy" belongs to the purchase.
func TestSingleMentionDealSubjects(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Globe Telecom, meanwhile, has signed a $300 million agreement to buy AMD accelerators for its data centres.",
			[]gWant{{"commitment", "new", "compute", "amd globetelecom", 300e6, "USD"}}},
		{"In Jakarta, Telkom Sigma expanded its partnership with Google, adding joint work on Bahasa models to the cloud collaboration the two began last year.",
			[]gWant{{"partnership", "expanded", "", "google telkomsigma", 0, ""}}},
		{"Intel signed a $750 million contract to lease Nvidia GPUs.",
			[]gWant{{"commitment", "new", "compute", "intel nvidia", 750e6, "USD"}}},
	})
}

// TestHeadlinePartnershipClause: a headline's partnership takes its parties
// from its own clause, and names the body introduced (without a gazetteer
// entry) count in the headline too.
func TestHeadlinePartnershipClause(t *testing.T) {
	x := newTestExtractor(t)
	a := article("Corvane Labs, a Denver company that builds search tools, has ended its partnership with Lambda, Corvane Labs said. Corvane Labs will rent GPUs from Nebius for $90 million, and Lambda and Nebius declined to comment.")
	a.Title = "Corvane Labs ends Lambda partnership, moves training to Nebius in $90 million deal"
	evs, err := x.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	ended := false
	for _, e := range evs {
		if e.Type != "partnership" {
			continue
		}
		ids := map[string]bool{}
		for _, p := range e.Parties {
			ids[p.ID] = true
		}
		if ids["nebius"] {
			t.Errorf("partnership with Nebius from the headline's second clause: %+v", describe(e))
		}
		if ids["corvanelabs"] && ids["lambda"] && e.Action == "ended" {
			ended = true
		}
	}
	if !ended {
		t.Errorf("no ended partnership corvanelabs–lambda")
	}
}

// TestPurposeClauseEcho: "spend $N on X's cloud to train and host its
// models" is one purchase; the purpose clause gives no reversed purchase.
func TestPurposeClauseEcho(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Databricks also said it had committed to spend $60 million on Google Cloud over three years to train and host its models, with the capacity to be provisioned from Google's data centre regions in Iowa."))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range evs {
		if e.Type != "commitment" {
			continue
		}
		if e.Parties[0].ID == "google" {
			t.Errorf("reversed purchase from the purpose clause: %+v", describe(e))
		}
		if e.Parties[0].ID == "databricks" && e.Parties[1].ID == "google" && e.KindOf() == "cloud_services" {
			found = true
		}
	}
	if !found {
		t.Errorf("no databricks→google cloud_services commitment")
	}
}

// TestSpentOnOwn: money spent on the spender's own facilities has no seller,
// even with a supplier named in a later clause.
func TestSpentOnOwn(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Amazon has spent heavily on its own data centres and on its Trainium chips, and its engineers have built their tools around Nvidia's CUDA.",
		"Google spends billions on in-house TPUs, and its researchers still use Nvidia GPUs for some work.",
	} {
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Type == "commitment" {
				t.Errorf("%q: unexpected %+v", text, describe(e))
			}
		}
	}
}

// TestGenericExclusivity: "exclusivity" as a general notion grants nothing.
func TestGenericExclusivity(t *testing.T) {
	x := newTestExtractor(t)
	text := "Amazon and Anthropic spent months renegotiating their terms, and the broader lesson seems to be that exclusivity is a wasting asset."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == "exclusivity" {
			t.Errorf("%q: unexpected %+v", text, describe(e))
		}
	}
}

// TestCandidatesAreNoDeal: organisations named as candidates for a deal
// have made none.
func TestCandidatesAreNoDeal(t *testing.T) {
	x := newTestExtractor(t)
	text := "Oracle and Google are the obvious candidates to host Cohere's inference work, though Cohere said it had no immediate plans."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		t.Errorf("%q: unexpected %+v", text, describe(e))
	}
}

// TestShortNameCoordinatedAtSentenceStart: a company's short name opening a
// sentence in "Short and Other ..." still names it.
func TestShortNameCoordinatedAtSentenceStart(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Vesper Labs signed up with Oracle in 2021. Vesper and Oracle have restructured the partnership, both companies confirmed on Monday.",
			[]gWant{{"partnership", "restructured", "", "oracle vesperlabs", 0, ""}}},
	})
}

// TestShortNameBeforePresentDealVerb: "Short pays X ..." at a sentence start.
func TestShortNameBeforePresentDealVerb(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Vesper Labs signed up with Oracle in 2021. Vesper pays Oracle a share of revenue from sales of its models through Oracle's marketplace.",
			[]gWant{{"commitment", "", "revenue_share", "oracle vesperlabs", 0, ""}}},
	})
}

// TestCappedInNextClause: "...; that revenue share will now be capped" caps
// the share paid in the first clause.
func TestCappedInNextClause(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Perplexity pays Samsung a share of revenue from subscriptions sold on Galaxy phones; that revenue share will now be capped through 2028.",
			[]gWant{{"commitment", "capped", "revenue_share", "perplexity samsung", 0, ""}}},
	})
}
