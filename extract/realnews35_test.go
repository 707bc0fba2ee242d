package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsExclusivelyForAPurpose: "exclusively for" followed by what a
// product is made for (a use, a workload) tells the product's focus, not an
// exclusive right; the deal told in the same sentence stays, and "exclusively
// for" an organisation is still read.
func TestRealNewsExclusivelyForAPurpose(t *testing.T) {
	isExclusivity := func(e schemas.DealEvent) bool { return e.Type == schemas.TypeExclusivity }
	noEvent(t, isExclusivity,
		"Chip startup Perrin Labs landed $140 million from Tencent to build foundation models exclusively for household robots.",
		"Perrin Labs signed a deal with Oracle to build chips designed exclusively for inference.",
		"Perrin Labs, backed by Tencent and Sequoia Capital, makes a processor built exclusively for the language models of tomorrow.",
	)
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Chip startup Perrin Labs landed $140 million from Tencent to build foundation models exclusively for household robots.",
			[]gWant{{"commitment", "new", "investment", "perrinlabs tencent", 140e6, "USD"}}},
		{"Oracle will build a data center exclusively for Perrin Labs.",
			[]gWant{{"exclusivity", "granted", "", "oracle perrinlabs", 0, ""}}},
	})
}
