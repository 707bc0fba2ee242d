package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsDescribedInvesteeAfterComma: the company invested in may be
// described first and named after a comma ("in Abu Dhabi-based firm, G42",
// "in the AI startup, Anthropic"); the name closes the apposition. A name
// that starts a clause of its own ("in the startup, Nvidia said") is no
// investee.
func TestRealNewsDescribedInvesteeAfterComma(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Microsoft will put $1.5 billion into Abu Dhabi-based firm, G42, to speed up its AI work.",
			[]directed{{"microsoft", "g42", schemas.KindInvestment, 1.5e9}}},
		{"Tesla has invested $2 billion in Elon Musk's artificial intelligence company, xAI.",
			[]directed{{"tesla", "xai", schemas.KindInvestment, 2e9}}},
		{"Amazon will invest $4 billion in the AI startup, Anthropic.",
			[]directed{{"amazon", "anthropic", schemas.KindInvestment, 4e9}}},
	})
	noParty(t, "nvidia", "Amazon will invest $4 billion in the startup, Nvidia said.")
}
