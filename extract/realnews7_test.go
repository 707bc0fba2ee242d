package extract

import (
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsVentureShares: the shares each owner takes in a joint venture
// name the venture's partners, one partnership of all (r3543, r3049, r3540,
// r3307). A split told a few sentences after the venture is named counts; a
// cap table with no venture near it does not.
func TestRealNewsVentureShares(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Under the deal, GIC and Blackstone will each control a 37.5% equity interest in the joint venture, and Equinix will own a 25% interest.",
			[]gWant{{"partnership", "formed", "", "blackstone equinix gic", 0, ""}}},
		{"The JV will see KKR and GIC each hold a 40 percent stake in the joint venture, with Digital Realty owning a 20 percent stake.",
			[]gWant{{"partnership", "formed", "", "digitalrealty gic kkr", 0, ""}}},
		{"Brookfield will acquire a 60 percent ownership interest in the joint venture, while Equinix will maintain a 40 percent interest.",
			[]gWant{{"partnership", "formed", "", "brookfield equinix", 0, ""}}},
		{"The joint venture will be 70% owned by TSMC, with Bosch and Infineon each holding a 15% stake.",
			[]gWant{{"partnership", "formed", "", "bosch infineon tsmc", 0, ""}}},
		{"Telstra is setting up a joint venture for its data platforms. It will take seven years. Under the plan, Telstra will control 40% while Accenture will own the remaining 60%.",
			[]gWant{{"partnership", "formed", "", "accenture telstra", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypePartnership },
		"Microsoft owns 27% of the company, while SoftBank holds 11%.",
		"Telstra set up a joint venture in 2019. Its shares rose 3% on Monday. Analysts were upbeat. Revenue grew. Nvidia holds 4% of the market while AMD holds 3%.")
}

// TestRealNewsParticipationIsAPart: an investor named after "participation
// from" takes part in a round; the round's total is not its own, even when
// it is the only one named (r3718, r2901). An investor the round comes from
// alone keeps it.
func TestRealNewsParticipationIsAPart(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Apptronik announced a $350 million Series A round, including participation from Google.",
			[]directed{{"google", "apptronik", "investment", 0}}},
		{"xAI closed a $20 billion round, beating its $15 billion target, with participation from the Qatar Investment Authority and MGX.",
			[]directed{{"qatarinvestmentauthority", "xai", "investment", 0}, {"mgx", "xai", "investment", 0}}},
		{"Apptronik raised $350 million from Google.",
			[]directed{{"google", "apptronik", "investment", 350e6}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return hasAmount(e) },
		"Apptronik announced a $350 million Series A round, including participation from Google.")
}

// TestRealNewsSourceOfTheTalks: "according to a person involved in the
// talks" tells where a source stands; a deal the sentence says was signed
// stays stated (r2396, r2823). Talks the sentence itself reports stay a
// rumour.
func TestRealNewsSourceOfTheTalks(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Meta Platforms has signed a deal to rent Google's AI chips, according to a person involved in the talks.",
			[]directed{{"meta", "google", "compute", 0}}},
		{"Anthropic has signed a cloud contract with Microsoft, two people familiar with the negotiations said.",
			[]directed{{"anthropic", "microsoft", "cloud_services", 0}}},
	})
	noEvent(t, nil,
		"Meta is in talks to rent Google's AI chips, according to a person involved in the talks.",
		"Meta plans to rent Google's AI chips, according to a person familiar with the talks.")
}

// TestRealNewsContentOwnerIsPaid: in a deal for content the owner of the
// content (gazetteer "content": publishers, agencies, studios, libraries) is
// paid, for cloud services, whichever side of the sentence it stands on
// (r3391, r3614, r2836; the labels of r2833, r3368, r3427, r3597, r3599,
// r3601 and r3605 write it so). A deal for the other's cloud keeps its
// direction.
func TestRealNewsContentOwnerIsPaid(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Disney and OpenAI have entered into a three-year licensing agreement for its characters.",
			[]directed{{"openai", "disney", "cloud_services", 0}}},
		{"Axel Springer and OpenAI signed a licensing agreement on Wednesday.",
			[]directed{{"openai", "axelspringer", "cloud_services", 0}}},
		{"OpenAI has inked a content licensing deal with News Corp.",
			[]directed{{"openai", "newscorp", "cloud_services", 0}}},
		{"Axel Springer signed a cloud deal with Microsoft to run its newsroom systems on Azure.",
			[]directed{{"axelspringer", "microsoft", "cloud_services", 0}}},
	})
}

// TestRealNewsWorkforceRollout: an enterprise that deploys a maker's model or
// assistant to its workforce buys cloud services from the maker (r3412,
// r3419; r2818, r2819, r2820, r3418 label it so). A rollout to no workforce,
// or of no maker's product, is no purchase.
func TestRealNewsWorkforceRollout(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Deloitte will deploy Anthropic's Claude across its 470,000 employees.",
			[]directed{{"deloitte", "anthropic", "cloud_services", 0}}},
		{"KPMG just rolled out Claude to 276,000 staff in 138 countries.",
			[]directed{{"kpmg", "anthropic", "cloud_services", 0}}},
		{"BBVA will deploy ChatGPT Enterprise to all 120,000 employees.",
			[]directed{{"bbva", "openai", "cloud_services", 0}}},
	})
	noEvent(t, nil,
		"Deloitte will deploy Anthropic's Claude in a pilot next year.",
		"KPMG rolled out a new training programme to 276,000 employees.")
}

// TestRealNewsInPartnershipWith: what a subject does "in partnership with"
// or "in conjunction with" another it does with a partner (r3571, r2662,
// r3456). A thing made in partnership ("agents developed in collaboration
// with OpenAI"), a parenthesis and an apposition describe, and name no
// partnership of the subject.
func TestRealNewsInPartnershipWith(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"HPE is launching a similar lab in the UK, in partnership with Nvidia.",
			[]gWant{{"partnership", "formed", "", "hewlettpackardenterprise nvidia", 0, ""}}},
		{"Nvidia confirmed that it will establish a regional AI cloud platform in conjunction with Deutsche Telekom.",
			[]gWant{{"partnership", "formed", "", "deutschetelekom nvidia", 0, ""}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool { return e.Type == schemas.TypePartnership },
		"SoftBank will turn a former Sharp plant into a data centre for agents developed in collaboration with OpenAI.",
		"Nscale aims to back projects under the Stargate UK framework (in collaboration with OpenAI and Nvidia).",
		"SoftBank is putting up $15 billion for Stargate, a US project in partnership with OpenAI and Oracle.",
		"Shares of Nvidia rose in conjunction with the wider market.")
}

// TestBareNameWithoutLegalForm: a name the gazetteer does not know keeps no
// legal form ("Thales SA" is thales, as the labels write ids), and the form
// does not hide the slot the name stands in.
func TestBareNameWithoutLegalForm(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google is partnering with Thales SA to launch a sovereign cloud.",
			[]gWant{{"partnership", "formed", "", "google thales", 0, ""}}},
		{"Microsoft has signed a partnership with Kestrava AG to build factory models.",
			[]gWant{{"partnership", "formed", "", "kestrava microsoft", 0, ""}}},
	})
}

// TestDealValuePrefilter: every phrasing reDealValue reads passes its cheap
// test first ("lock in" and "the deal of $N" once did not).
func TestDealValuePrefilter(t *testing.T) {
	for _, s := range []string{
		"The deal is worth $3 billion.",
		"The agreement was valued at $2 billion.",
		"The contract totals $900 million.",
		"The agreements lock in roughly $3.7 billion.",
		"The deal includes $3.7 billion in contracted revenue.",
		"The deal of about $5 billion runs for ten years.",
		"The value of the deal was not disclosed.",
	} {
		if !reDealValue.MatchString(s) {
			t.Errorf("reDealValue does not read %q", s)
		}
		if !mayTellDealValue(s) {
			t.Errorf("mayTellDealValue(%q) = false, but reDealValue reads it", s)
		}
	}
	if mayTellDealValue("Nvidia shares rose on Monday.") {
		t.Error("mayTellDealValue passes a sentence with no value")
	}
}

// TestHasPhrase: cue phrases match whole words, in order, inside the
// window.
func TestHasPhrase(t *testing.T) {
	for _, c := range []struct {
		s, p   string
		lo, hi int
		want   bool
	}{
		{"it will no longer pay", "no longer", 0, 99, true},
		{"no later than May", "no longer", 0, 99, false},
		{"they walk home", "walk away", 0, 99, false},
		{"they walk away now", "walk away", 0, 99, true},
		{"they walk away now", "walk away", 0, 2, false},
		{"the deal ended", "ended", 0, 99, true},
	} {
		var low []string
		for _, w := range words(c.s) {
			low = append(low, strings.ToLower(w.Text))
		}
		if got := hasPhrase(low, c.lo, min(c.hi, len(low)), c.p); got != c.want {
			t.Errorf("hasPhrase(%q, %q) = %v, want %v (words %q)", c.s, c.p, got, c.want, low)
		}
	}
}

// TestSuffixMoneyPrefilter: every amount reMoneySuffix reads passes its
// cheap test; "Europe" and "won a contract" do not.
func TestSuffixMoneyPrefilter(t *testing.T) {
	for _, s := range []string{
		"It will invest 2 billion euros in France.",
		"a deal worth two hundred million euros",
		"one billion dollars over five years",
		"twenty-five million dollars in seed money",
		"1.5 trillion won from the fund",
		"5,000 crore rupees",
		"500 million South Korean won",
		"They paid a dollar a share.",
		"38 billion US dollars",
	} {
		l := strings.ToLower(s)
		if !reMoneySuffix.MatchString(s) {
			t.Errorf("reMoneySuffix does not read %q", s)
		}
		if !maySuffixMoney(l) {
			t.Errorf("maySuffixMoney(%q) = false, but reMoneySuffix reads it", s)
		}
	}
	for _, s := range []string{"Nvidia opened an office in Europe.", "Microsoft won a contract from the Pentagon."} {
		if maySuffixMoney(strings.ToLower(s)) {
			t.Errorf("maySuffixMoney(%q) = true", s)
		}
	}
}

// TestRealNewsSpendingOnAHyperscaler: an enterprise's "investment in
// Microsoft" is spending on its cloud (r3411, r3388, r3639); an investor's,
// or one buying shares, stays equity.
func TestRealNewsSpendingOnAHyperscaler(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"KPMG plans to invest $2 billion in Microsoft over five years.",
			[]directed{{"kpmg", "microsoft", "cloud_services", 2e9}}},
		{"Vodafone is committing to a substantial investment in Microsoft's cloud and AI ecosystem.",
			[]directed{{"vodafone", "microsoft", "cloud_services", 0}}},
		{"Berkshire Hathaway will invest $4 billion in Alphabet shares.",
			[]directed{{"berkshirehathaway", "google", "investment", 4e9}}},
	})
}

// TestDealValueOfTheDealToldBefore: a later sentence's value goes to the deal
// told before, but not a valuation, and "that" opening a relative clause
// names no deal (r3644); "the proposed investment of up to $100 billion"
// does (r3407).
func TestDealValueOfTheDealToldBefore(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"The proposed investment of up to $100 billion was meant to fund data centres.", 0},
		{"OpenAI was in talks to sell shares at a $29 billion valuation in a tender offer that would attract investment of at least $300 million.", -1},
		{"The deal is worth $3 billion.", 0},
	} {
		if got := dealValueAt(c.s); (got >= 0) != (c.want >= 0) {
			t.Errorf("dealValueAt(%q) = %d", c.s, got)
		}
	}
}
