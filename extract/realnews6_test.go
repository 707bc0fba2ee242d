package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// directed is one expected commitment with its direction: payer, payee, kind
// and amount (0: none stated).
type directed struct {
	from, to, kind string
	amount         float64
}

// runDirected extracts each text and checks that every wanted commitment is
// there with the wanted direction, and that no commitment runs the other way.
func runDirected(t *testing.T, cases []struct {
	text string
	want []directed
}) {
	t.Helper()
	runWanted(t, cases, func(text string, e schemas.DealEvent, w directed) bool {
		if e.Type != schemas.TypeCommitment || len(e.Parties) != 2 {
			return false
		}
		from, to := e.Parties[0], e.Parties[1]
		if from.Role != schemas.RoleFrom {
			from, to = to, from
		}
		if from.ID == w.to && to.ID == w.from {
			t.Errorf("%q: %s pays %s, want the other way round", text, from.ID, to.ID)
		}
		amt := 0.0
		if e.Amount != nil && e.Amount.Value != nil {
			amt = *e.Amount.Value
		}
		return from.ID == w.from && to.ID == w.to && e.KindOf() == w.kind && amt == w.amount
	})
}

func isCommitment(e schemas.DealEvent) bool { return e.Type == schemas.TypeCommitment }

func hasAmount(e schemas.DealEvent) bool { return e.Amount != nil && e.Amount.Value != nil }

// TestRealNewsLeaseHostIsPaid: in a lease or colocation deal the data-centre
// host is paid for compute, whichever side of the sentence it stands on. Seen
// as the host-first sentence in r2501, r2703, r2711, r3346 and r3347 (labels:
// tenant -> host).
func TestRealNewsLeaseHostIsPaid(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"TeraWulf has signed two ten-year colocation agreements with Fluidstack worth about $3.7 billion.",
			[]directed{{"fluidstack", "terawulf", "compute", 3.7e9}}},
		{"Cipher Mining signed a 15-year lease with Amazon Web Services for 300 MW of power and space.",
			[]directed{{"amazon", "ciphermining", "compute", 0}}},
		{"Applied Digital announced two 15-year leases with CoreWeave worth $7 billion in expected revenue.",
			[]directed{{"coreweave", "applieddigital", "compute", 7e9}}},
		{"Core Scientific signed twelve-year contracts with CoreWeave that should bring in $3.5 billion.",
			[]directed{{"coreweave", "corescientific", "compute", 3.5e9}}},
		// the tenant first: unchanged
		{"CoreWeave will lease another 150 MW from Applied Digital.",
			[]directed{{"coreweave", "applieddigital", "compute", 0}}},
		// a host buying chips pays the chipmaker, lease or not
		{"Crusoe signed a $400 million deal with AMD for 13,000 GPUs.",
			[]directed{{"crusoe", "amd", "compute", 4e8}}},
	})
	// a stake taken alongside a lease keeps its direction: the backer invests in the host
	noEvent(t, func(e schemas.DealEvent) bool { return isCommitment(e) && e.KindOf() != schemas.KindInvestment }, "Google will backstop $1.4 billion of the lease and take a 5% equity stake in Cipher Mining.")
}

// TestRealNewsSecuredDeal: "secured a $N deal/contract/lease with Y" is a deal
// won, not money raised: the amount belongs to the deal. Seen in r2711, r3346
// and several other articles of folds r-w ("secured a $30 billion cloud deal
// with ...", "secured a multiyear agreement with ...").
func TestRealNewsSecuredDeal(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"CoreWeave secured a $14 billion deal with Meta to supply computing capacity.",
			[]directed{{"meta", "coreweave", "compute", 14e9}}},
		{"Nebius secured a $3 billion, five-year contract with Meta.",
			[]directed{{"meta", "nebius", "compute", 3e9}}},
		{"Cipher Mining secured a $5.5 billion, 15-year lease with Amazon Web Services.",
			[]directed{{"amazon", "ciphermining", "compute", 5.5e9}}},
		// money raised stays a round
		{"Lambda secured $480 million in funding from Nvidia.",
			[]directed{{"nvidia", "lambda", "investment", 4.8e8}}},
	})
}

// TestRealNewsShortNameOfKnownOrganisation: after "Cipher Mining" news writes
// "Cipher"; the short name is the same organisation, not a new one. Seen in
// r2711, r2713 and r3346; "in West Texas" names no organisation (r2712).
func TestRealNewsShortNameOfKnownOrganisation(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Cipher Mining shares rose on Monday. Separately, Cipher formed a partnership with Fluidstack to host AI clusters.",
			[]gWant{{"partnership", "formed", "", "ciphermining fluidstack", 0, ""}}},
		{"Talen Energy expanded its deal with Amazon. Under the new terms, Amazon will pay Talen $18 billion for power over 17 years.",
			[]gWant{{"commitment", "", "", "amazon talenenergy", 18e9, "USD"}}},
		// a common word opening a name stands for nothing alone: "General" is not General Atlantic
		{"General Atlantic invested $100 million in Mistral AI. Separately, General Dynamics signed a $2 billion contract with Nvidia for GPUs.",
			[]gWant{{"commitment", "", "compute", "generaldynamics nvidia", 2e9, "USD"}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		for _, p := range e.Parties {
			if p.ID == "cipher" || p.ID == "west" {
				return true
			}
		}
		return false
	},
		"Cipher Mining shares rose on Monday. Separately, Cipher formed a partnership with Fluidstack to host AI clusters.",
		"Cipher Mining grew fast this year. Cipher announced a 1 GW site in West Texas and signed a power agreement with a utility.")
}

// TestRealNewsPartnershipBetweenSeveral: "a partnership between A, B and C"
// and "A, B and C are launching an AI cloud" are one partnership of all
// (r3376, r2538; r2521, r2965). Two named after "between" stay a pair.
func TestRealNewsPartnershipBetweenSeveral(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"A partnership between Nscale, Aker and OpenAI will build a 100,000-GPU site near Narvik.",
			[]gWant{{"partnership", "formed", "", "aker nscale openai", 0, ""}}},
		{"Under a collaboration between Oracle, Cisco and OpenAI, a campus will rise outside Abu Dhabi.",
			[]gWant{{"partnership", "formed", "", "cisco openai oracle", 0, ""}}},
		{"A partnership between Nscale and Aker will build a site near Narvik.",
			[]gWant{{"partnership", "formed", "", "aker nscale", 0, ""}}},
		{"Nvidia, Deutsche Telekom and SAP are launching an industrial AI cloud near Munich.",
			[]gWant{{"partnership", "formed", "", "deutschetelekom nvidia sap", 0, ""}}},
	})
	noEvent(t, nil,
		"Nvidia and AMD are launching new chips this year.",
		"The gap between Nvidia and AMD keeps growing.")
}

// TestRealNewsPowerPurchaseAgreement: in "a power purchase agreement" the
// word "purchase" names the deal, it does not make its subject the buyer;
// the power producer (gazetteer "host") is paid, and a term before the noun
// ("a 20-year ...") does not hide the verb that signs it. Seen in r3337,
// r3354 and r3355.
func TestRealNewsPowerPurchaseAgreement(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Microsoft has signed a 20-year power purchase agreement with Constellation Energy to restart a reactor.",
			[]directed{{"microsoft", "constellationenergy", "compute", 0}}},
		{"Constellation signed a 20-year power purchase agreement with Microsoft on Friday.",
			[]directed{{"microsoft", "constellationenergy", "compute", 0}}},
		{"Talen Energy finalized a 17-year, $18 billion power purchase agreement with Amazon Web Services.",
			[]directed{{"amazon", "talenenergy", "compute", 18e9}}},
		// a supply deal with a chipmaker: the chipmaker still sells
		{"Tesla signed a $16.5 billion supply agreement with Samsung Electronics for AI chips.",
			[]directed{{"tesla", "samsung", "compute", 16.5e9}}},
	})
}

// TestRealNewsOrderReceived: "X secured/received an order from Y" is Y
// buying from X (r2929, r2931); "Y placed an order with X" reads as before.
func TestRealNewsOrderReceived(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Samsung Electronics said it has secured a large order from Japanese AI company Preferred Networks for 2nm chips.",
			[]directed{{"preferrednetworks", "samsung", "compute", 0}}},
		{"Nvidia won a $1 billion order from Microsoft.",
			[]directed{{"microsoft", "nvidia", "compute", 1e9}}},
		{"Meta placed a $2 billion order with Samsung.",
			[]directed{{"meta", "samsung", "compute", 2e9}}},
	})
}

// TestRealNewsFirstRefusalIsNoPurchase: a right of first refusal or offer is
// an option, not a commitment (r3015, r3366; the issue's own example).
func TestRealNewsFirstRefusalIsNoPurchase(t *testing.T) {
	noEvent(t, isCommitment,
		"Microsoft keeps a right of first refusal to supply the new capacity OpenAI wants.",
		"A right of first refusal means Microsoft gets the first chance to supply the servers OpenAI buys.",
		"Hut 8 granted Fluidstack a right of first offer on up to 1,000 MW of further capacity.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Microsoft will supply $10 billion of servers to OpenAI, its first such order.",
			[]directed{{"openai", "microsoft", "compute", 10e9}}},
	})
}

// TestRealNewsModelAccessIsCloudServices: a deal that names the seller's
// model buys model access, cloud services, unless chips or capacity are
// named (r2824, r2825: a Gemini deal read as compute).
func TestRealNewsModelAccessIsCloudServices(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Apple Pays Google $1B a Year for Gemini-Powered Siri",
			[]directed{{"apple", "google", "cloud_services", 1e9}}},
		{"Deloitte will pay Anthropic $200 million to roll out Claude to its staff.",
			[]directed{{"deloitte", "anthropic", "cloud_services", 2e8}}},
		{"Anthropic will pay Google $5 billion for one million TPUs to train Claude.",
			[]directed{{"anthropic", "google", "compute", 5e9}}},
	})
}

// TestRealNewsFundraisingTarget: a fundraising target is no amount committed
// ("exceeding its original $15 billion target", r2589, r2889, r2901).
func TestRealNewsFundraisingTarget(t *testing.T) {
	noEvent(t, hasAmount,
		"Mistral AI raised money from Nvidia, beating its $15 billion target.",
		"Nvidia invested in Mistral AI, a startup with a fundraising target of up to $6 billion.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Nvidia invested $2 billion in Mistral AI, whose target was higher.",
			[]directed{{"nvidia", "mistral", "investment", 2e9}}},
	})
}

// TestRealNewsEachInvestorsOwnAmount: "A and B will each invest $N" gives
// each its own $N (LABELING.md: each investor's own amount); without "each"
// the amount is combined and each gets null (r3052, r2839, r3313).
func TestRealNewsEachInvestorsOwnAmount(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"SoftBank and Nvidia will each invest $30 billion in OpenAI.",
			[]directed{{"softbank", "openai", "investment", 30e9}, {"nvidia", "openai", "investment", 30e9}}},
		{"OpenAI raised $110 billion. SoftBank and Nvidia are each putting in $30 billion.",
			[]directed{{"softbank", "openai", "investment", 30e9}, {"nvidia", "openai", "investment", 30e9}}},
		{"SoftBank and Nvidia will invest $30 billion in OpenAI.",
			[]directed{{"softbank", "openai", "investment", 0}, {"nvidia", "openai", "investment", 0}}},
	})
}

// TestRealNewsAmountOfAPartnership: "a $38 billion partnership with Amazon"
// owns its amount; a later deal word in the sentence does not take it (r2840,
// r3057).
func TestRealNewsAmountOfAPartnership(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Type == schemas.TypeCommitment && e.Amount != nil && e.Amount.Value != nil
	},
		"OpenAI announced a multi-year $38 billion partnership with Amazon on Monday, its first cloud deal since a new agreement with Microsoft.",
		"The $100 billion partnership between Nvidia and OpenAI, announced this week, is the latest mega-deal in AI infrastructure.")
}

// TestRealNewsDebtIsNoStake: a debt or credit facility "led by" a bank buys
// no stake (r2940, r3369; most labels give debt no event); a round of equity
// and debt still gives the investors theirs.
func TestRealNewsDebtIsNoStake(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool {
		return e.Type == schemas.TypeCommitment && e.KindOf() == schemas.KindInvestment
	},
		"In April, Lambda closed a $500 million debt facility led by Macquarie Group.",
		"The build-out is backed by a $10 billion credit facility led by Blackstone for Firmus.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Lambda raised $480 million in equity from Nvidia, alongside a separate loan.",
			[]directed{{"nvidia", "lambda", "investment", 4.8e8}}},
	})
}

// TestRealNewsPreviousRoundsAreBackground: investors of "previous funding
// rounds" are background, not this article's news (r3299, r2589).
func TestRealNewsPreviousRoundsAreBackground(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool { return isCommitment(e) && e.Modality == schemas.ModalityStated }, "Cerebras raised new money this week. Its previous funding rounds involved investors such as Benchmark and Coatue.")
}

// TestRealNewsLeadsOwnAmount: a lead whose own amount the sentence states
// gets it ("led the round by investing €1.3 billion", "with a €1.3bn
// investment"; r3432, r2750); a round's total stays nobody's.
func TestRealNewsLeadsOwnAmount(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"ASML led the initiative by investing 1.3 billion euros in Mistral AI in a series C funding round.",
			[]directed{{"asml", "mistral", "investment", 1.3e9}}},
		{"ASML, the Dutch maker of lithography machines, led a series C round for Mistral with a €1.3bn ($1.5bn) investment.",
			[]directed{{"asml", "mistral", "investment", 1.3e9}}},
		{"Mistral raised €1.7 billion in a round led by ASML.",
			[]directed{{"asml", "mistral", "investment", 0}}},
	})
}

// TestRealNewsPersonalStakes: an executive's own money is not the
// company's ("OpenAI CEO Sam Altman maintains personal investments in
// Cerebras", "received investment from OpenAI CEO Sam Altman"; r3459,
// r2546); an executive announcing a deal still speaks for the company.
func TestRealNewsPersonalStakes(t *testing.T) {
	noEvent(t, isCommitment,
		"OpenAI CEO Sam Altman maintains personal investments in Cerebras.",
		"Oklo is a company that received investment from OpenAI CEO Sam Altman.",
		"Spotify CEO Daniel Ek's investment in Helsing drew protests from musicians.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Nvidia CEO Jensen Huang announced a $5 billion investment in Intel.",
			[]directed{{"nvidia", "intel", "investment", 5e9}}},
	})
}

// TestRealNewsResultsAreNoDealAmounts: a hit to net income, a loss or a
// charge measures results, not a deal (r3445, r3446, r3285).
func TestRealNewsResultsAreNoDealAmounts(t *testing.T) {
	noEvent(t, hasAmount,
		"Microsoft said its investment in OpenAI resulted in a $3.1 billion hit to net income in the quarter.",
		"Microsoft's net income dropped by $3.1 billion because of its equity investment in OpenAI.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Microsoft will invest $3.1 billion in OpenAI, lifting its stake.",
			[]directed{{"microsoft", "openai", "investment", 3.1e9}}},
	})
}

// TestRealNewsHeadlineConsiders: the headline's present tense "considers
// joining" is a rumour like "is considering joining" (r3476).
func TestRealNewsHeadlineConsiders(t *testing.T) {
	noEvent(t, func(e schemas.DealEvent) bool { return e.Modality == schemas.ModalityStated }, "JPMorgan considers investing $500 million in Mistral AI.")
}

// TestRealNewsColocationAgreementsAndTheirValue: "two 10-year colocation
// agreements with Fluidstack" are one lease deal, however long the noun
// phrase, and "The agreements lock in roughly $3.7 billion" in the next
// sentence is its amount (r2501, r3347, r2703, r3554; r2502 for "includes
// $N in contracted revenue"). A ticker after the host's name stands for it
// ("TeraWulf (WULF)", "Galaxy Digital (NASDAQ:GLXY)"; r2501, r3565).
func TestRealNewsColocationAgreementsAndTheirValue(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"TeraWulf (WULF) has signed two 10-year high-performance computing (HPC) colocation agreements with AI cloud platform Fluidstack. The agreements lock in roughly $3.7 billion in contracted income.",
			[]directed{{"fluidstack", "terawulf", "compute", 3.7e9}}},
		{"Galaxy Digital (NASDAQ:GLXY) signed a 15-year lease with CoreWeave for 260 MW. GLXY shares rose 5% on the news.",
			[]directed{{"coreweave", "galaxydigital", "compute", 0}}},
	})
	noEvent(t, func(e schemas.DealEvent) bool {
		for _, p := range e.Parties {
			if p.ID == "wulf" || p.ID == "glxy" {
				return true
			}
		}
		return false
	},
		"TeraWulf (WULF) has signed two 10-year colocation agreements with Fluidstack. WULF stock jumped.",
		"Galaxy Digital (NASDAQ:GLXY) signed a 15-year lease with CoreWeave for 260 MW. GLXY shares rose 5% on the news.")
	// plural agreements with no lease word stay no single deal
	noEvent(t, isCommitment, "Nvidia has also signed agreements with AMD and Qualcomm.")
}
