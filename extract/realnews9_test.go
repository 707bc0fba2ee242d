package extract

import "testing"

// Twelfth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsGuarantorIsNoParty: the organisation that backstops another's
// obligation buys and sells nothing (r2713, r3554, r3810); the lease it
// guarantees is still read between its own parties.
func TestRealNewsGuarantorIsNoParty(t *testing.T) {
	isGuarantor := hasParty(func(id string) bool { return id == "google" })
	forbidEvents(t, "the guarantor as a party", []string{
		"Alphabet will provide a $2.1 billion financial backstop for Lambda's lease and take a small stake in Cipher.",
		"The agreement, under which Google is providing a $900 million backstop for Lambda's lease obligations, lifted Cipher's shares.",
		"Google's $900 million backstop lowers the project's financing costs and provides steady income for Applied Digital.",
		"Cipher signed a ten-year lease with Lambda, backstopped by Google.",
	}, isGuarantor)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Applied Digital signed a $3 billion, ten-year lease with CoreWeave, and Google will backstop $900 million of it.",
			[]gWant{{"commitment", "new", "compute", "applieddigital coreweave", 3e9, "USD"}}},
	})
}

// TestRealNewsRivalIsNoParty: the rivals a sentence compares the parties
// with are no parties ("one of the rivals to X", "to compete with companies
// such as X and Y", "compete with X's alliance and Y's ecosystem": r3471,
// r3463, r3454). The deal's own parties stay.
func TestRealNewsRivalIsNoParty(t *testing.T) {
	forbidEvents(t, "a rival as a party", []string{
		"Salesforce is backing Cohere with a further $500 million, building its stake in one of the strongest rivals to OpenAI.",
		"Mistral raised $600 million to compete with companies such as OpenAI and Anthropic.",
		"The expanded partnership shows Oracle's drive to compete with Microsoft's OpenAI alliance and Google's Gemini business.",
	}, hasParty(func(id string) bool {
		return id == "openai" || id == "anthropic" || id == "microsoft" || id == "google" || id == "nvidia"
	}))
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Salesforce is backing Cohere with $500 million, raising its stake in one of the strongest rivals to OpenAI.",
			[]gWant{{"commitment", "new", "investment", "cohere salesforce", 500e6, "USD"}}},
		{"Amazon agreed a partnership with Anthropic to compete with Microsoft.",
			[]gWant{{"partnership", "formed", "", "amazon anthropic", 0, ""}}},
	})
}

// TestRealNewsResultOnAStake: a gain or loss reported on a stake someone
// already holds is no investment, and its amount no investment's (r3728,
// r3446). A new investment told beside a result stays.
func TestRealNewsResultOnAStake(t *testing.T) {
	wantTypeCounts(t, newTestExtractor(t), "commitment", []typeCount{
		{"Salesforce posted a $1.2 billion quarterly gain after a jump in the value of its investment in Cohere.", 0},
		{"Oracle reported that its quarterly net income dropped by $700 million owing to the group's sizeable equity investment in Cohere.", 0},
		{"Salesforce posted a quarterly profit and said it will invest $500 million in Cohere.", 1},
		{"Salesforce raised its investment in Cohere by $500 million, its chief executive said at a non-profit forum.", 1},
	})
}

// TestRealNewsFinancierInvests: money a financial investor puts into data
// centres or infrastructure buys a stake, not computing (r3351, r3011,
// r2752). A fund that buys the chips, or buys outright, still buys compute.
func TestRealNewsFinancierInvests(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Blackstone will put $2 billion into AI data centers with Crusoe.",
			[]gWant{{"commitment", "new", "investment", "blackstone crusoe", 2e9, "USD"}}},
		{"Brookfield committed $5 billion to Crusoe's AI data center campus in Wyoming.",
			[]gWant{{"commitment", "new", "investment", "brookfield crusoe", 5e9, "USD"}}},
		{"KKR has agreed a $4 billion deal with Nscale to finance AI data center campuses in Norway.",
			[]gWant{{"commitment", "new", "investment", "kkr nscale", 4e9, "USD"}}},
		{"Blackstone will buy $2 billion of Nvidia GPUs from Crusoe for its portfolio companies.",
			[]gWant{{"commitment", "new", "compute", "blackstone crusoe", 2e9, "USD"}}},
	})
}

// TestRealNewsJioPlatforms: Jio Platforms, the Reliance unit that sold
// stakes to Google, Meta and a dozen funds, is its own investee in our
// labels (r2597, r2598, r3661, r3484, r3669); Reliance Jio and Jio alone
// stay Reliance.
func TestRealNewsJioPlatforms(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Google will invest $4.5 billion in Jio Platforms for a 7.7% stake.",
			[]gWant{{"commitment", "new", "investment", "google jioplatforms", 4.5e9, "USD"}}},
		{"Google will invest $4.5 billion in Reliance Jio for a 7.7% stake.",
			[]gWant{{"commitment", "new", "investment", "google relianceindustries", 4.5e9, "USD"}}},
	})
}

// TestRealNewsFoundryOrder: a chipmaker that will manufacture another
// company's chips sells it compute (r2946, r3758); "the value of the deal
// at $N" in the next sentence is the deal's amount, not a valuation. A
// maker describing its business ("makes chips for Apple") is no deal.
func TestRealNewsFoundryOrder(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Samsung will manufacture the new inference chips for OpenAI. Samsung puts the value of the deal at about $9 billion.",
			[]gWant{{"commitment", "new", "compute", "openai samsung", 9e9, "USD"}}},
		{"Under the agreement, TSMC will produce processors designed by Anthropic.",
			[]gWant{{"commitment", "new", "compute", "anthropic tsmc", 0, ""}}},
	})
	wantTypeCounts(t, newTestExtractor(t), "commitment", []typeCount{
		{"TSMC makes chips for Apple and Nvidia at its plants in Taiwan.", 0},
	})
}
