package extract

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// gWant is one event a sentence must give: type, action, kind (commitments),
// party ids joined by spaces in any order, and for commitments the amount
// (0 = no amount) and its currency.
type gWant struct {
	typ, action, kind string
	parties           string
	amount            float64
	currency          string
}

func gMatches(e schemas.DealEvent, w gWant) bool {
	if e.Type != w.typ || (w.action != "" && e.Action != w.action) || (w.kind != "" && e.KindOf() != w.kind) {
		return false
	}
	got := map[string]bool{}
	for _, p := range e.Parties {
		got[p.ID] = true
	}
	ws := strings.Fields(w.parties)
	if len(ws) != len(got) {
		return false
	}
	for _, id := range ws {
		if !got[id] {
			return false
		}
	}
	if e.Type != schemas.TypeCommitment {
		return true
	}
	if w.amount == 0 {
		return e.Amount == nil || e.Amount.Value == nil
	}
	if e.Amount == nil || e.Amount.Value == nil {
		return false
	}
	return math.Abs(*e.Amount.Value-w.amount) <= w.amount*0.01 && (w.currency == "" || e.Amount.Currency == w.currency)
}

// runGeneralise checks that each sentence gives at least the wanted events.
func runGeneralise(t *testing.T, cases []struct {
	text string
	want []gWant
}) {
	t.Helper()
	runWanted(t, cases, func(_ string, e schemas.DealEvent, w gWant) bool { return gMatches(e, w) })
}

// runWanted extracts each case's text and fails for every wanted event no
// extracted event matches.
func runWanted[W any](t *testing.T, cases []struct {
	text string
	want []W
}, matches func(text string, e schemas.DealEvent, w W) bool) {
	t.Helper()
	x := newTestExtractor(t)
	for _, c := range cases {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			found := false
			for _, e := range evs {
				if matches(c.text, e, w) {
					found = true
				}
			}
			if !found {
				t.Errorf("%q: missing %+v; got %+v", c.text, w, describeAll(evs))
			}
		}
	}
}

// TestGeneraliseAmountWords covers amounts written with words: spelled-out
// compound numbers and currencies named after the number (won, rupees).
func TestGeneraliseAmountWords(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Lumen Robotics has agreed to buy three hundred million euros of GPU capacity from Nebius.",
			[]gWant{{"commitment", "new", "compute", "lumenrobotics nebius", 300e6, "EUR"}}},
		{"Lumen Robotics will pay Microsoft twenty-five million dollars for Azure services.",
			[]gWant{{"commitment", "new", "cloud_services", "lumenrobotics microsoft", 25e6, "USD"}}},
		{"Lumen Robotics will pay Amazon Web Services 2.4 trillion won for cloud services over five years.",
			[]gWant{{"commitment", "new", "cloud_services", "amazon lumenrobotics", 2.4e12, "KRW"}}},
	})
	for _, c := range []struct {
		in   string
		val  float64
		cur  string
		none bool
	}{
		{in: "two hundred million euros", val: 200e6, cur: "EUR"},
		{in: "forty-two million dollars", val: 42e6, cur: "USD"},
		{in: "1.5 trillion won", val: 1.5e12, cur: "KRW"},
		{in: "800 billion South Korean won", val: 800e9, cur: "KRW"},
		{in: "5,000 crore rupees", val: 50e9, cur: "INR"},
		{in: "The team won 3 games.", none: true},
	} {
		ms := FindAmounts(c.in)
		if c.none {
			if len(ms) != 0 {
				t.Errorf("%q: want no amount, got %+v", c.in, ms)
			}
			continue
		}
		if len(ms) != 1 || ms[0].Value == nil || *ms[0].Value != c.val || ms[0].Currency != c.cur {
			t.Errorf("%q: want %v %s, got %+v", c.in, c.val, c.cur, ms)
		}
	}
}

// TestGeneraliseSubsidiaries: a cloud or brand owned by a group stands for
// the group.
func TestGeneraliseSubsidiaries(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Quorra Labs will spend €90 million on STACKIT cloud services over three years.",
			[]gWant{{"commitment", "new", "cloud_services", "quorralabs schwarzgroup", 90e6, "EUR"}}},
		{"SK Telecom agreed to pay Microsoft $70 million for Azure services.",
			[]gWant{{"commitment", "new", "cloud_services", "microsoft sktelecom", 70e6, "USD"}}},
	})
}

// TestGeneraliseEndingsAndIntroductions: "parted ways" ends a relationship;
// a company introduced after a dateline or by "which <business verb>" is an
// organisation, and its head word names it later.
func TestGeneraliseEndingsAndIntroductions(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Databricks said it had parted ways with Oracle after four years.",
			[]gWant{{"partnership", "ended", "", "databricks oracle", 0, ""}}},
		{"Snowflake and IBM are parting ways.",
			[]gWant{{"partnership", "ended", "", "ibm snowflake", 0, ""}}},
		{"BOSTON, May 2 (bio-wire) - Marlow Bio, a developer of protein models, said it would spend $40 million on Google Cloud.",
			[]gWant{{"commitment", "new", "cloud_services", "google marlowbio", 40e6, "USD"}}},
		{"Kestra Health, which sells triage software to clinics, ended its cloud contract with Oracle. Kestra has instead agreed to spend $75 million on Microsoft Azure.",
			[]gWant{{"commitment", "new", "cloud_services", "kestrahealth microsoft", 75e6, "USD"}}},
	})
}

// TestGeneraliseRoundShares: investors' stated shares of a round told in the
// sentence before, and "came from" a group of investors.
func TestGeneraliseRoundShares(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Cohere said it had raised $900 million in equity from three investors. SoftBank contributed $400 million, Abu Dhabi's MGX put in $300 million and Temasek provided the remaining $200 million.",
			[]gWant{
				{"commitment", "new", "investment", "cohere softbank", 400e6, "USD"},
				{"commitment", "new", "investment", "cohere mgx", 300e6, "USD"},
				{"commitment", "new", "investment", "cohere temasek", 200e6, "USD"},
			}},
		{"A $700 million investment was made in Mistral AI by Microsoft as part of a $1 billion round. The remaining $300 million came from a group that included Sequoia Capital and Fidelity.",
			[]gWant{
				{"commitment", "new", "investment", "microsoft mistral", 700e6, "USD"},
				{"commitment", "new", "investment", "mistral sequoiacapital", 0, ""},
				{"commitment", "new", "investment", "fidelity mistral", 0, ""},
			}},
	})
	// a purchase told after a round is no share of it
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Cohere raised $500 million last month. Oracle provided $200 million of cloud services to Cohere."))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.KindOf() == schemas.KindInvestment && e.Amount != nil && e.Amount.Value != nil && *e.Amount.Value == 200e6 {
			t.Errorf("purchase read as a share of the round: %+v", describe(e))
		}
	}
}

// TestGeneraliseHyphenatedDescriptors: "the robotics start-up" refers back to
// the young company just named, also as the object of a preposition.
func TestGeneraliseHyphenatedDescriptors(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Intel has raised its commitment to Cohere, investing an additional $900 million in the enterprise-software start-up.",
			[]gWant{{"commitment", "increased", "investment", "cohere intel", 900e6, "USD"}}},
	})
}

// TestGeneraliseQuotedSpeaker: "we", "our" inside a quotation stand for the
// organisation the quotation is attributed to, before or after it, also when
// the quotation runs over two sentences.
func TestGeneraliseQuotedSpeaker(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{`"This is a big step for us. We have agreed to spend $250 million on Google Cloud over four years," Cohere chief executive Ann Lee said.`,
			[]gWant{{"commitment", "new", "cloud_services", "cohere google", 250e6, "USD"}}},
		{`Databricks said in a statement: "We will spend $90 million on Azure through 2028."`,
			[]gWant{{"commitment", "new", "cloud_services", "databricks microsoft", 90e6, "USD"}}},
		{`"Oracle will be our sole cloud provider for the next three years," said Mira Patel, chief executive of Cohere.`,
			[]gWant{{"exclusivity", "granted", "", "cohere oracle", 0, ""}}},
	})
	// the holder of a sole-provider right named with "our" is the provider
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article(`"Oracle will be our sole cloud provider," Cohere's chief executive said.`))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type != schemas.TypeExclusivity {
			continue
		}
		for _, p := range e.Parties {
			if p.Role == schemas.RoleHolder && p.ID != "oracle" {
				t.Errorf("holder: got %+v", describe(e))
			}
		}
	}
}

// TestGeneraliseRelationshipWording: reaffirmations ("remains committed to
// the relationship", "X remains Y's largest partner"), exclusivity wound
// down or given up, interview answers speaking for the company, and loyalty
// or time spent that is no money.
func TestGeneraliseRelationshipWording(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Databricks remains committed to the relationship with Microsoft.",
			[]gWant{{"partnership", "reaffirmed", "", "databricks microsoft", 0, ""}}},
		{"Microsoft remains Databricks' biggest cloud partner.",
			[]gWant{{"partnership", "reaffirmed", "", "databricks microsoft", 0, ""}}},
		{"Oracle had exclusive rights to host Cohere's workloads, and Cohere wound that exclusivity down this month.",
			[]gWant{{"exclusivity", "removed", "", "cohere oracle", 0, ""}}},
		{"Microsoft has given up its exclusivity over Cohere's models.",
			[]gWant{{"exclusivity", "removed", "", "cohere microsoft", 0, ""}}},
		{"Q&A with Cohere's founder.\n\nLONDON, May 3 (wire) - Cohere builds language models for banks. We spoke to its founder.\n\nQ: What did you sign?\n\nA: We signed a $60 million agreement with Oracle to use its cloud over two years.\n\nQ: Anything else?\n\nA: No.",
			[]gWant{{"commitment", "new", "cloud_services", "cohere oracle", 60e6, "USD"}}},
	})
	x := newTestExtractor(t)
	for _, s := range []string{
		"Cohere remains committed to the partnership with Oracle.",
		"Cohere has spent two years running on Google Cloud.",
	} {
		evs, err := x.Extract(context.Background(), article(s))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if e.Type == schemas.TypeCommitment {
				t.Errorf("%q: no commitment wanted, got %+v", s, describe(e))
			}
		}
	}
}

// TestGeneraliseExclusiveTo: "X's models will (no longer) be exclusive to Y"
// makes Y the holder; a past year in a reduced relative clause after a deal
// noun ("the partnership they signed in 2024") leaves the main clause stated.
func TestGeneraliseExclusiveTo(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, action string }{
		{"Mistral AI's models will no longer be exclusive to Microsoft Azure, after the two companies rewrote the terms of the partnership they signed in 2023.", "removed"},
		{"Cohere's models will be exclusive to Oracle Cloud Infrastructure.", "granted"},
	} {
		evs, err := x.Extract(context.Background(), article(c.text))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if e.Type != schemas.TypeExclusivity {
				continue
			}
			found = true
			if e.Action != c.action {
				t.Errorf("%q: action %s, want %s", c.text, e.Action, c.action)
			}
			for _, p := range e.Parties {
				if p.Role == schemas.RoleHolder && p.ID != "microsoft" && p.ID != "oracle" {
					t.Errorf("%q: holder %s", c.text, p.ID)
				}
			}
		}
		if !found {
			t.Errorf("%q: no exclusivity event", c.text)
		}
	}
}

// TestGeneraliseAmountAfterNoun: "a contract valued at N", "a licence fee of
// N" give the deal's amount; an organisation inside "according to ..." is a
// source, not a party.
func TestGeneraliseAmountAfterNoun(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Databricks signed a multi-year contract valued at 900 million euros with Microsoft for Azure services.",
			[]gWant{{"commitment", "", "cloud_services", "databricks microsoft", 900e6, "EUR"}}},
		{"Halcyon Labs signed a multi-year agreement with chip designer Vantor Systems, valued at over $4 billion, to secure up to 300 megawatts of inference capacity.",
			[]gWant{{"commitment", "new", "compute", "halcyonlabs vantorsystems", 4e9, "USD"}}},
		{"Xiaomi will pay Cohere a licence fee of $45 million over the term, according to a filing by Cohere's biggest investor.",
			[]gWant{{"commitment", "new", "cloud_services", "cohere xiaomi", 45e6, "USD"}}},
	})
	for _, c := range []struct {
		pre  string
		want bool
	}{
		{"a cloud contract valued at", true},
		{"which valued it at", false},
		{"the round valued the company at", false},
		{"the licensing agreement is reportedly valued at", true},
		{"secured a deal potentially valued at up to", true},
		{"signed a five-year pact with Kestrel Robotics, a lidar maker, valued at about", true},
		{"a multiyear agreement to rent accelerator capacity from Halcyon valued at", true},
		{"its investment in Brightloom, valued at", false},
		{"shares of Brightloom, valued at", false},
		{"halcyon puts the value of the agreement at about", true},
		{"the value of the company at", false},
	} {
		if got := dealValuedAt(c.pre); got != c.want {
			t.Errorf("dealValuedAt(%q) = %v, want %v", c.pre, got, c.want)
		}
	}
}

// TestGeneraliseMarketReaction: "Shares of X rose after Y, the ... company,
// said it had committed ..." — "it" is the reporter Y across its apposition.
func TestGeneraliseMarketReaction(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Shares of Oracle and AMD rose on Friday after Cohere, the Toronto model developer, said it had committed $300 million to Oracle Cloud Infrastructure over five years.",
			[]gWant{{"commitment", "new", "cloud_services", "cohere oracle", 300e6, "USD"}}},
	})
}

// TestGeneraliseDataCentreNames: "X Data Centers" is a company, later called
// "X", also at the start of a sentence before an apposition.
func TestGeneraliseDataCentreNames(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Tundra Data Centres opened a site in Norway. Tundra, a Nordic operator, signed a deal to supply Mistral AI with 200 megawatts of capacity.",
			[]gWant{{"commitment", "new", "compute", "mistral tundradatacentres", 0, ""}}},
	})
}

// TestGeneraliseTrailingAdverbial: a modal in a trailing "after ..." clause
// does not make the main clause's deal hypothetical; a modal before the deal
// verb still does.
func TestGeneraliseTrailingAdverbial(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Snowflake's compute contract with Nebius was topped up by a further $400 million in May, after Snowflake found that its own clusters would not be ready in time.",
			[]gWant{{"commitment", "increased", "compute", "nebius snowflake", 400e6, "USD"}}},
	})
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Nvidia could invest $2 billion in Cohere, after months of talks."))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 0 {
		t.Errorf("hypothetical deal stated: %+v", describe(evs[0]))
	}
}

// TestGeneralisePartnershipOfDeal: a deal made "under a partnership the two
// companies formed" also forms that partnership; "under the partnership"
// (an old one) does not.
func TestGeneralisePartnershipOfDeal(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Databricks will pay Google Cloud $120 million over three years under a strategic partnership the two companies formed on Monday.",
			[]gWant{
				{"commitment", "new", "cloud_services", "databricks google", 120e6, "USD"},
				{"partnership", "formed", "", "databricks google", 0, ""},
			}},
	})
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Databricks will pay Google Cloud $120 million under the partnership."))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == schemas.TypePartnership {
			t.Errorf("old partnership read as formed: %+v", describe(e))
		}
	}
}

// TestGeneraliseChannelDealEnded: ending a distribution or reseller agreement
// ends a partnership (no money); a past time inside a descriptive apposition
// ("a developer whose models it had sold since last year") is not the deal's.
func TestGeneraliseChannelDealEnded(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Databricks has ended its reseller agreement with Mistral AI.",
			[]gWant{{"partnership", "ended", "", "databricks mistral", 0, ""}}},
		{"Snowflake said it had terminated its distribution agreement with Cohere, a model developer whose software it had sold since last year, citing weak demand.",
			[]gWant{{"partnership", "ended", "", "cohere snowflake", 0, ""}}},
	})
}

// TestGeneraliseFormerEmployers: an organisation named as founders' former
// employer is no partner.
func TestGeneraliseFormerEmployers(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Xiaomi has signed a licensing partnership with Cohere. Cohere, a Toronto start-up founded by former researchers at Google and Apple, said the partnership would put its model in millions of phones."))
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, e := range evs {
		for _, p := range e.Parties {
			if p.ID == "google" || p.ID == "apple" {
				t.Errorf("former employer as party: %+v", describe(e))
			}
		}
		if e.Type == schemas.TypePartnership {
			ok = true
		}
	}
	if !ok {
		t.Error("partnership lost")
	}
}

// TestGeneraliseRightsNoPurchase: "X won exclusive rights to host Y's agents"
// grants exclusivity to X and is no purchase; "Z Company" is a company name.
func TestGeneraliseRightsNoPurchase(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nebius won exclusive rights to host Quarry Company's AI agents for Dutch banks, Quarry Company said.",
			[]gWant{{"exclusivity", "granted", "", "nebius quarrycompany", 0, ""}}},
	})
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("Oracle won exclusive rights to host Cohere's models for public-sector customers, Cohere said."))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Type == schemas.TypeCommitment {
			t.Errorf("a right read as a purchase: %+v", describe(e))
		}
	}
}

// TestGeneraliseCappedRevenueShare: hyphenated "revenue-share payments from X
// to Y are capped at N in total" is a capped revenue share of N.
func TestGeneraliseCappedRevenueShare(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Under the revised terms, revenue-share payments from Mistral AI to Microsoft are capped at $90 million in total and will run through 2028.",
			[]gWant{{"commitment", "capped", "revenue_share", "microsoft mistral", 90e6, "USD"}}},
	})
}

// TestGeneralisePossessedPartnership: "we are extending our partnership"
// inside a quote partners the speaker with the one other organisation named.
func TestGeneralisePossessedPartnership(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{`"Groq will be the exclusive inference provider for our assistant, and we are deepening our partnership to cover our other products," Cohere chief executive Aidan Gomez said on Monday.`,
			[]gWant{{"partnership", "expanded", "", "cohere groq", 0, ""}}},
	})
}
