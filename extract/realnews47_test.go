package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsTakeoverWithItsPrice: a company bought whole for a stated
// price is the acquirer's investment in it (LABELING.md: equity bought with
// money), told by a verb ("agreed to acquire X, a ..., for $Y"), by a noun
// ("its $Y acquisition of X", "completed its acquisition of X for $Y") or in
// the passive ("X has been acquired by Z"). Seen in r9940, r10581, r11054,
// r13982, r14894, r15383 and r15887 among others (development folds ch to
// dz), where no event was read. Acquirers named together each invest, with
// no amount. A takeover told without its price in the active, a product
// bought, and a purchase made inside a relative clause give no investment.
func TestRealNewsTakeoverWithItsPrice(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Oracle has agreed to acquire Cerebras, a maker of wafer-scale chips, for about $4 billion.",
			[]directed{{"oracle", "cerebras", "investment", 4e9}}},
		{"Broadcom completed its $6.2 billion acquisition of Nebius on Friday.",
			[]directed{{"broadcom", "nebius", "investment", 6.2e9}}},
		{"Salesforce said on Monday it would buy rival Cohere for $3 billion in cash.",
			[]directed{{"salesforce", "cohere", "investment", 3e9}}},
		{"Mistral has been acquired by Samsung, the companies said.",
			[]directed{{"samsung", "mistral", "investment", 0}}},
		{"BlackRock and MGX will acquire Crusoe for $9 billion.",
			[]directed{{"blackrock", "crusoe", "investment", 0}, {"mgx", "crusoe", "investment", 0}}},
	})
	noEvent(t, investmentEvent,
		"Oracle acquired Cerebras last year.",
		"Oracle will buy Nvidia's chips for $2 billion.",
		"Shoppers can complete purchases directly inside ChatGPT for $20 a month.",
		"Shopify, which users rely on to purchase Cohere for $5 a month, grew.")
}

func investmentEvent(e schemas.DealEvent) bool {
	return e.Type == schemas.TypeCommitment && e.KindOf() == schemas.KindInvestment
}
