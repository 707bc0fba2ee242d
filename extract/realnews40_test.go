package extract

import "testing"

// TestRealNewsOpeningGerundIsNoCompany: a sentence or a heading that opens
// with a verb's -ing form before "AI" ("Building AI hubs ...", "Scaling AI
// infrastructure") names no company, while a company of that shape in the
// gazetteer ("Landing AI") still takes part in a deal.
func TestRealNewsOpeningGerundIsNoCompany(t *testing.T) {
	noParty(t, "buildingai", "Brookfield plans to invest up to $13 billion developing AI infrastructure in Norway. \"Building AI hubs in Europe will help the continent compete, providing compute to firms,\" Brookfield's head of Europe said.")
	noParty(t, "scalingai", "Oracle and OpenAI signed a cloud deal last year.\nScaling AI infrastructure\nBoth companies say the partnership with OpenAI remains strong.")
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Landing AI raised $57 million from Insight Partners.",
			[]directed{{"insightpartners", "landingai", "investment", 57e6}}},
	})
}
