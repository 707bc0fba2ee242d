package extract

import (
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/jdkato/prose/v2"
)

// TestRealNewsDefinedShortName: a short name defined in brackets after an
// unknown organisation's full name ("Spring Lane Capital (“SLC”)",
// "Kotak Special Situations Fund (KSSF)", r9999, r10018) names the same
// organisation wherever the article uses it; before, the short name became
// an organisation of its own ("slc", "kssf") that no label knows.
func TestRealNewsDefinedShortName(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text      string
		want, not string
	}{
		{"Bluefin Robotics said it closed a round from Harwick Lane Capital (“HLC”). HLC has agreed to lead the $30 million financing round of Bluefin Robotics.",
			"harwicklanecapital", "hlc"},
		{"Morrow Special Situations Fund (MSSF) will invest $135 million in Zephyr Labs.\n\nUnder the terms, the MSSF investment will convert into equity of Zephyr Labs.",
			"morrowspecialsituationsfund", "mssf"},
		{`Tamsin Growth Fund ("Tamsin" or the "Fund") is a growth investor based in Boston. Tamsin will invest $40 million in Zephyr Labs.`,
			"tamsingrowthfund", "tamsin"},
	} {
		ids := partyIDs(t, x, c.text)
		if !slices.Contains(ids, c.want) || slices.Contains(ids, c.not) {
			t.Errorf("%q: parties %v, want %s and not %s", c.text, ids, c.want, c.not)
		}
	}
}

// TestDefinedName: what counts as a definition in brackets, and what does
// not (a ticker with its exchange, a country, an acronym of another name, a
// bracket that goes on).
func TestDefinedName(t *testing.T) {
	for _, c := range []struct {
		text string
		name []string
		want string
	}{
		{`Spring Lane Capital (“SLC”) said`, []string{"Spring", "Lane", "Capital"}, "SLC"},
		{`Kotak Special Situations Fund (KSSF) will`, []string{"Kotak", "Special", "Situations", "Fund"}, "KSSF"},
		{`Acme Holdings, Inc. ("Acme" or the "Company")`, []string{"Acme", "Holdings"}, "Acme"},
		{`Acme Holdings (NASDAQ: ACME) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (US) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (BX) said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings (ACME shares rose)`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings ("Beta") said`, []string{"Acme", "Holdings"}, ""},
		{`Acme Holdings ("Acme Group") said`, []string{"Acme", "Holdings"}, ""},
	} {
		toks := proseTokens(t, c.text)
		k := len(c.name)
		if got := definedName(toks, k, c.name); got != c.want {
			t.Errorf("definedName(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// proseTokens tokenises text as learnUnknown does.
func proseTokens(t *testing.T, text string) []prose.Token {
	t.Helper()
	doc, err := prose.NewDocument(text, prose.WithSegmentation(false), prose.WithTagging(false), prose.WithExtraction(false))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Tokens()
}

// TestRealNewsNameAfterJoiningVerbOrPlace: an organisation named once is
// recognised right after "partners with", "will partner with", "is
// collaborating with", "teamed up with", "joined forces with" (r9994,
// r10014) or a "<place>-based" description ("Houston-based Sage
// Geosystems", "Montreal-based 5C Group", r10276, r10010), as it already
// was after "partnered with".
func TestRealNewsNameAfterJoiningVerbOrPlace(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, want string }{
		{"Microsoft partners with Greenview Power to build two reactors.", "greenviewpower"},
		{"Oracle will partner with Greenview Power to build two reactors.", "greenviewpower"},
		{"Oracle is collaborating with Greenview Power on two reactors.", "greenviewpower"},
		{"Oracle has teamed up with Greenview Power to build two reactors.", "greenviewpower"},
		{"Oracle has joined forces with Greenview Power to build two reactors.", "greenviewpower"},
		{"Dallas-based Greenview Power and Meta Platforms, the parent of Facebook, have partnered to develop 150 MW of power.", "greenviewpower"},
	} {
		if ids := partyIDs(t, x, c.text); !slices.Contains(ids, c.want) {
			t.Errorf("%q: parties %v, want %s", c.text, ids, c.want)
		}
	}
	// a place before "-based" and a person's name stay no organisation
	for _, c := range []struct{ text, not string }{
		{"Dallas-based Greenview Power and Meta have partnered to develop 150 MW of power in Dallas.", "dallas"},
		{"Meta has partnered with Greenview Power, chief executive Alice Moreau said.", "alicemoreau"},
	} {
		if ids := partyIDs(t, x, c.text); slices.Contains(ids, c.not) {
			t.Errorf("%q: parties %v, want no %s", c.text, ids, c.not)
		}
	}
}

// TestRealNewsInformalRaiseVerbs: news of startups says money was raised with
// "landed", "snagged", "bagged" or "nabbed" ("X Square just landed $140
// million from ByteDance", r10222; "EvoluteIQ snagged $53 million from Baird
// Capital", r10221): the giver invests in the company. Before, "landed" read
// as a contract won (cloud services) and "snagged" read nothing. A deal noun
// after the verb is still a deal won.
func TestRealNewsInformalRaiseVerbs(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Zephyr Labs landed $140 million from Oracle to build foundation models.",
		"Zephyr Labs snagged $53 million from Sequoia Capital.",
		"Zephyr Labs bagged $53 million from Sequoia Capital last week.",
		"Zephyr Labs nabbed $53 million in funding from Sequoia Capital.",
		"Zephyr Labs won $20 million in funding from Sequoia Capital.",
	} {
		evs := extractAll(t, x, text)
		if len(evs) != 1 || evs[0].Kind == nil || *evs[0].Kind != schemas.KindInvestment || evs[0].Parties[0].Role != "from" || evs[0].Parties[1].ID != "zephyrlabs" {
			t.Errorf("%q: %v, want one investment in zephyrlabs", text, describeAll(evs))
		}
	}
	for _, text := range []string{
		"Zephyr Labs landed a $140 million contract from Oracle.",
		"Zephyr Labs bagged a $50 million contract from Oracle.",
	} {
		for _, e := range extractAll(t, x, text) {
			if e.Kind != nil && *e.Kind == schemas.KindInvestment {
				t.Errorf("%q: an investment %v from a contract won", text, describe(e))
			}
		}
	}
}

// TestRealNewsPowerProducerByApposition: a power producer the gazetteer does
// not know, described as one in an apposition ("Sage Geosystems, a
// geothermal energy company,", r10277), sells power to a data-centre owner as
// the gazetteer's power hosts do (Constellation, Talen): LABELING.md's
// labels make that compute, paid by the buyer. Before, the unknown name
// had no kind and the deal no direction, so no commitment was read.
func TestRealNewsPowerProducerByApposition(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct{ text, from, to string }{
		{"Meta signed an agreement with Brightwater Geosystems, a geothermal energy company, to provide 150 megawatts of new geothermal power to its data centers.", "meta", "brightwatergeosystems"},
		{"Amazon signed an agreement with Halvern Atomics, a nuclear power startup, for 300 megawatts of power for its data centers.", "amazon", "halvernatomics"},
	} {
		var got []want
		ok := false
		for _, e := range extractAll(t, x, c.text) {
			got = append(got, describe(e))
			if e.Kind != nil && *e.Kind == schemas.KindCompute && e.Parties[0].ID == c.from && e.Parties[1].ID == c.to {
				ok = true
			}
		}
		if !ok {
			t.Errorf("%q: %v, want compute %s -> %s", c.text, got, c.from, c.to)
		}
	}
	// a company described by its trade, not power, gains no direction from it
	for _, e := range extractAll(t, x, "Meta signed an agreement with Brightwater Analytics, a data analytics company, to study 150 megawatts of power use at its data centers.") {
		if e.Kind != nil && *e.Kind == schemas.KindCompute && e.Parties[1].ID == "brightwateranalytics" {
			t.Errorf("compute sold by an analytics firm: %v", describe(e))
		}
	}
}

// TestRealNewsDealValuedAtApproximately: "valued at approximately $3 billion"
// is the deal's value as "valued at about" is (r9905, r9915), not a company's
// valuation; before, the amount was dropped as a valuation, and a later
// "could bring the total to approximately $7 billion" took its place. That
// total, with options the parties may never exercise, is a running total.
// A company "currently valued at" or "now valued at" an amount is its
// valuation, whatever deal noun comes before it (r10627, development fold cm).
func TestRealNewsDealValuedAtApproximately(t *testing.T) {
	for _, c := range []struct {
		pre  string
		want bool
	}{
		{"the initial agreement is valued at approximately", true},
		{"in a deal valued at an estimated", true},
		{"a contract valued at close to", true},
		{"the startup, valued at approximately", false},
		{"has secured an investment from halvern, the food delivery giant, currently valued at approximately", false},
		{"signed an agreement with ai chip startup halvern systems, valued at approximately", true},
		{"an investment from halvern, now valued at about", false},
	} {
		if got := dealValuedAt(c.pre); got != c.want {
			t.Errorf("dealValuedAt(%q) = %v, want %v", c.pre, got, c.want)
		}
	}
	x := newTestExtractor(t)
	evs := extractAll(t, x, "TeraWulf announced a 10-year HPC colocation agreement with Fluidstack, an AI cloud platform. The initial agreement is valued at approximately $3 billion over 10 years, with two extension options that could bring the total contracted revenue to approximately $7 billion.")
	if len(evs) != 1 || evs[0].Amount == nil || evs[0].Amount.Value == nil || *evs[0].Amount.Value != 3e9 {
		t.Errorf("got %v, want one commitment of $3 billion", describeAll(evs))
	}
	si := sentenceInfo{sentence: sentence{Text: "extension options could bring the total contracted revenue to approximately $7 billion"}}
	ms := dealAmounts(si.Text)
	if len(ms) != 1 || !isRunningTotal(&si, &ms[0]) {
		t.Errorf("%q: %v, want one running total", si.Text, ms)
	}
}

// TestRealNewsLicenceOfPossessedThing: "will license Midjourney's
// technology" (r10180) is a licence bought from the possessor, as "license
// technology from Midjourney" already was: cloud services, licensee to
// licensor, no amount (LABELING.md). A licence sold ("license its models to
// Microsoft") stays the licensor's sale.
func TestRealNewsLicenceOfPossessedThing(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Meta will license Halvern AI’s image technology for future Meta products.",
		"Oracle agreed to license Halvern AI's inference technology.",
	} {
		evs := extractAll(t, x, text)
		if len(evs) != 1 || evs[0].Kind == nil || *evs[0].Kind != schemas.KindCloudServices || evs[0].Parties[1].ID != "halvernai" {
			t.Errorf("%q: %v, want one cloud-services licence bought from halvernai", text, describeAll(evs))
		}
	}
}

// TestRealNewsPortfolioDescription: what an investor is known for or holds
// ("VCs noted for investing in Revolt and Wayve", r10210; "a fund that is
// heavily invested in QTS", r10288) describes its portfolio; it announces no
// investment. The same verbs that tell an act still do.
func TestRealNewsPortfolioDescription(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Sequoia, known for investing in Stripe and Wayve, raised a new $2 billion fund.",
		"Harwick Capital, a firm noted for backing Zephyr Labs, raised a new fund.",
		"Its flagship fund is heavily invested in Zephyr Labs, while other holdings fell.",
		"Blackstone remains deeply invested in QTS.",
	} {
		for _, e := range extractAll(t, x, text) {
			if e.Kind != nil && *e.Kind == schemas.KindInvestment {
				t.Errorf("%q: investment %v from a portfolio description", text, describe(e))
			}
		}
	}
	for _, text := range []string{
		"Microsoft has invested in Zephyr Labs.",
		"Microsoft is investing in Zephyr Labs.",
		"Microsoft invested $2 billion in Zephyr Labs.",
	} {
		if evs := extractAll(t, x, text); len(evs) != 1 {
			t.Errorf("%q: %v, want one investment", text, describeAll(evs))
		}
	}
}

// TestRealNewsOwnerAndOwnedNameAreOneMention: an organisation named with its
// owner before it ("Alphabet Inc.'s Google", "Alphabet's CapitalG", r10646)
// is one party, so a list of investors after it keeps its other members and
// no member takes the round's total (before: only Google invested, with the
// whole $141 million).
func TestRealNewsOwnerAndOwnedNameAreOneMention(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Zephyr Labs has raised $141 million in funding from Alphabet Inc.’s Google, Nvidia Corp., Salesforce Inc. and others.", []string{"google", "nvidia", "salesforce"}},
		{"Zephyr Labs raised $50 million from Alphabet's CapitalG and Sequoia.", []string{"google", "sequoiacapital"}},
	} {
		var got []string
		for _, e := range extractAll(t, x, c.text) {
			if e.Kind == nil || *e.Kind != schemas.KindInvestment || e.Parties[1].ID != "zephyrlabs" {
				continue
			}
			got = append(got, e.Parties[0].ID)
			if e.Amount != nil && e.Amount.Value != nil {
				t.Errorf("%q: %s takes the round's total", c.text, e.Parties[0].ID)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: investors %v, want %v", c.text, got, c.want)
		}
	}
}

// TestRealNewsGainIsAResult: an amount followed by "gain" or "profit" is a
// financial result, as one followed by "loss" already was ("helping swing
// its net income from a $51.7 million loss to a $384.6 million gain",
// r10718): the contract keeps its own amount and gains no second event.
func TestRealNewsGainIsAResult(t *testing.T) {
	x := newTestExtractor(t)
	evs := extractAll(t, x, "IREN landed a $9.7 billion cloud contract with Microsoft, helping swing its results from a $51.7 million loss to a $384.6 million gain last quarter.")
	if len(evs) != 1 || evs[0].Amount == nil || evs[0].Amount.Value == nil || *evs[0].Amount.Value != 9.7e9 {
		t.Errorf("got %v, want one commitment of $9.7 billion", describeAll(evs))
	}
	for _, text := range []string{"a $384.6 million gain in the quarter", "a $12 million profit for the year"} {
		si := sentenceInfo{sentence: sentence{Text: text}}
		ms := dealAmounts(text)
		if len(ms) != 1 || !isFinancialResult(&si, &ms[0]) {
			t.Errorf("%q: not a financial result", text)
		}
	}
}

// TestRealNewsVentureSizeIsNoPayment: "a $1 billion joint venture with GIC"
// and "a joint venture deal worth over $1 billion with GIC" (r10696, r10697)
// size the venture; the partners form a partnership and neither pays the
// other the amount. Money put into a partner's venture stays an investment.
func TestRealNewsVentureSizeIsNoPayment(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Equinix has signed a $1 billion joint venture with GIC to develop data centres in Europe.",
		"Equinix has formed a joint venture deal worth over $1 billion with GIC.",
	} {
		evs := extractAll(t, x, text)
		if len(evs) != 1 || evs[0].Type != schemas.TypePartnership {
			t.Errorf("%q: %v, want one partnership", text, describeAll(evs))
		}
	}
	if evs := extractAll(t, x, "GIC will invest $800 million in Equinix's joint venture."); len(evs) != 1 || evs[0].Kind == nil || *evs[0].Kind != schemas.KindInvestment {
		t.Errorf("investment in a partner's venture: %v", describeAll(evs))
	}
}
