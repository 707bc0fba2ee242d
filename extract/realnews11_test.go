package extract

import (
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Fourteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsPronounIsNoName: a personal pronoun that opens a sentence is
// no organisation. "He has secured $150 million ... for his startup" made
// an investee "he" (r3683), and "He added ..." a partner "He" (r3684).
func TestRealNewsPronounIsNoName(t *testing.T) {
	forbidEvents(t, "a pronoun as a party", []string{
		"He has raised $150 million in a round led by Greenoaks for his new robotics company.",
		"She secured $20 million from Accel for her startup, Lumen Forge.",
		"They signed a partnership with Oracle last week.",
	}, hasParty(func(id string) bool {
		return id == "he" || id == "she" || id == "they"
	}))
}

// TestRealNewsUnknownListItem: an item of an investor list that we do not
// recognise as an organisation ("Nippon Telegraph & Telephone", "360 ONE
// Assets", "Alpha Wave Global") no longer ends the list: the investors
// named after it invest too (r2832, r3287, r2923).
func TestRealNewsUnknownListItem(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs raised $30 million in a Series A round. Other investors include Sony Group, Hokuriku Rail & Telephone, and NEC.",
			[]gWant{{"commitment", "new", "investment", "sony zephyrlabs", 0, ""}, {"commitment", "new", "investment", "nec zephyrlabs", 0, ""}}},
		{"Zephyr Labs secured $600 million in funding from Blackstone, TVS Capital, 720 TWO Assets, and Nexus Venture Partners.",
			[]gWant{{"commitment", "new", "investment", "nexusventurepartners zephyrlabs", 0, ""}}},
	})
	// a name after the unknown item that starts a clause is no investor
	forbidEvents(t, "a clause's subject read as an investor", []string{
		"Zephyr Labs raised $30 million from Sony Group and Hokuriku Rail, and Oracle said it would buy its chips.",
		"Zephyr Labs raised $30 million from Sony Group, Hokuriku Rail, and Oracle will resell its servers.",
		"Zephyr Labs raised $30 million from Sony Group, Tokyo Rail and Oracle said it would buy its chips.",
	}, hasParty(func(id string) bool { return id == "oracle" }))
}

// TestRealNewsNamedAsInvestor: a sentence that names an organisation as one
// of a round's investors ("was one of the other investors in the round",
// r2909; "joined as an investor", r2423; "brought on Nvidia as an investor",
// r3404) makes it an investor in the company that just raised.
func TestRealNewsNamedAsInvestor(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs raised $2 billion this week. Quill Ventures was one of the other investors in the fundraising round.",
			[]gWant{{"commitment", "new", "investment", "quillventures zephyrlabs", 0, ""}}},
		{"Zephyr Labs pulled in $2 billion in fresh funding this week. And yes, Nvidia, the chip giant, joined the party as an investor.",
			[]gWant{{"commitment", "new", "investment", "nvidia zephyrlabs", 0, ""}}},
		{"Zephyr Labs raised $2 billion this week. This week, the company brought on Nvidia, the chip maker, as an investor and strategic partner.",
			[]gWant{{"commitment", "new", "investment", "nvidia zephyrlabs", 0, ""}}},
	})
	// "as a customer" names no investor
	forbidEvents(t, "a customer read as an investor", []string{
		"Zephyr Labs raised $2 billion this week. The company signed Nvidia as a customer.",
	}, func(e schemas.DealEvent) bool {
		return e.KindOf() == schemas.KindInvestment && e.Parties[0].ID == "nvidia"
	})
}

// TestRealNewsHardwareBoughtFrom: money invested "in GPUs and equipment
// from Dell" buys hardware from the seller: a compute commitment (r2561;
// r2605 "invests $1.5 billion to rent GPU servers ... from Lambda"). An
// adverb between the subject and the verb after "with" keeps the subject
// ("with IREN separately investing").
func TestRealNewsHardwareBoughtFrom(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nebius is investing $4.2 billion in GPUs and networking equipment from Dell.",
			[]gWant{{"commitment", "new", "compute", "dell nebius", 4.2e9, "USD"}}},
		{"The contract covers 500 megawatts of capacity, with Nebius separately investing $4.2 billion in servers from Supermicro.",
			[]gWant{{"commitment", "new", "compute", "nebius supermicro", 4.2e9, "USD"}}},
	})
	// an investment in a company stays one
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Nvidia is investing $2 billion in Nebius.",
			[]gWant{{"commitment", "new", "investment", "nebius nvidia", 2e9, "USD"}}},
	})
}

// TestRealNewsAmountOfOthers: "raises $300M from HCLTech and others", "from
// Mirae Asset and others", "from Nvidia and other investors": the amount is
// the group's, not the named investor's (LABELING.md; r3701, r2746).
func TestRealNewsAmountOfOthers(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs raises $300M from Infosys and others at a $1.5B valuation.",
			[]gWant{{"commitment", "new", "investment", "infosys zephyrlabs", 0, ""}}},
		{"Zephyr Labs raised $500 million from Nvidia and other investors.",
			[]gWant{{"commitment", "new", "investment", "nvidia zephyrlabs", 0, ""}}},
		// the investor's own amount stays
		{"Zephyr Labs raised $500 million from Nvidia.",
			[]gWant{{"commitment", "new", "investment", "nvidia zephyrlabs", 500e6, "USD"}}},
	})
}

// TestRealNewsRaiserBeforeAside: the company that raises is the subject
// before an aside, not the last name inside it. "The company, also backed
// by Microsoft and OpenAI, is raising $675 million" made OpenAI the company
// that raised, and every later investor OpenAI's (r3688); "The startup,
// which secured $1.4 billion in a funding round, ..." likewise (r3922).
func TestRealNewsRaiserBeforeAside(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs, also backed by Microsoft and OpenAI, is raising around $675 million in funding. Intel is contributing $95 million.",
			[]gWant{{"commitment", "new", "investment", "intel zephyrlabs", 95e6, "USD"}}},
		{"Zephyr Labs, a Zurich company that builds models for banks, has raised CHF 45 million in a round led by Lakeshore Ventures.",
			[]gWant{{"commitment", "new", "investment", "lakeshoreventures zephyrlabs", 0, ""}}},
	})
	forbidEvents(t, "an investment in a name inside the aside", []string{
		"Zephyr Labs, also backed by Microsoft and OpenAI, is raising around $675 million in funding. Intel is contributing $95 million.",
	}, func(e schemas.DealEvent) bool {
		return e.KindOf() == schemas.KindInvestment && slices.ContainsFunc(e.Parties, func(p schemas.Party) bool { return p.ID == "openai" && p.Role == "to" })
	})
}

// TestRealNewsRestOfKnownName: the capitalised words right after a name the
// gazetteer knows are the rest of that name ("Yotta Infrastructure",
// "Telefónica Tech"), not an organisation of their own (r3929, r2779).
func TestRealNewsRestOfKnownName(t *testing.T) {
	forbidEvents(t, "the rest of a known name as an organisation", []string{
		"Yotta Infrastructure has won approval for a data centre park. Yotta Infrastructure will deploy Nvidia GPUs there, and Yotta Infrastructure said it signed a supply deal.",
	}, hasParty(func(id string) bool { return id == "infrastructure" }))
}

// TestRealNewsInvestorNameOpenedByCompanyWord: an investor's name may open
// with a company word ("Capital Factory", r3718; "Capital TEN", r3706): as
// an item of an investor list it is an organisation like "B Capital".
func TestRealNewsInvestorNameOpenedByCompanyWord(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Zephyr Labs raised $350 million. The funding round was co-led by B Capital and Capital Quarry, and included backing from Google.",
			[]gWant{{"commitment", "new", "investment", "capitalquarry zephyrlabs", 0, ""}, {"commitment", "new", "investment", "bcapital zephyrlabs", 0, ""}}},
	})
}

// TestRealNewsPersonsOwnInvestment: a company's person who invests invests
// his own money: "Amazon's founder Bezos is investing $100 million through
// his firm" (r3688), "in protest of CEO Daniel Ek's investment in Helsing"
// (r3522). The company is no investor.
func TestRealNewsPersonsOwnInvestment(t *testing.T) {
	forbidEvents(t, "a person's investment given to the company", []string{
		"Zephyr Labs is raising $675 million. Oracle's founder Ellison is investing $100 million through his family office.",
		"Several artists are leaving Spotify in protest of CEO Daniel Ek's investment in defence startup Helsing.",
		"Spotify's chief executive Daniel Ek invested $100 million in Helsing.",
	}, func(e schemas.DealEvent) bool {
		return e.KindOf() == schemas.KindInvestment && (e.Parties[0].ID == "oracle" || e.Parties[0].ID == "spotify")
	})
	// the company's own investment stays
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Spotify invested $100 million in Helsing.",
			[]gWant{{"commitment", "new", "investment", "helsing spotify", 100e6, "USD"}}},
		{"Spotify's venture arm invested $100 million in Helsing.",
			[]gWant{{"commitment", "new", "investment", "helsing spotify", 100e6, "USD"}}},
	})
}
