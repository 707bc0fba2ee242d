package extract

import "testing"

// Sixteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsAIProductIsNoCompany: a name ending in "AI" that a product
// noun or a data-centre word follows names a product or a site ("its
// advanced Hopper AI chips", r3286; "the Helios AI datacenter campus",
// r3565), not a company that buys or sells. A company of that name is still
// one where it stands as a name.
func TestRealNewsAIProductIsNoCompany(t *testing.T) {
	forbidEvents(t, "an 'X AI' product or site read as a company", []string{
		"Oracle will also provide its advanced Vela AI chips to build large data centers for Zephyr Labs.",
		"Zephyr Labs closed a $1.4 billion financing facility to speed up its Vela AI datacenter campus, which Oracle will run.",
		"Zephyr Labs signed a deal to buy the Vela AI data center from Oracle.",
	}, hasParty(func(id string) bool { return id == "velaai" }))
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Vela AI raised $20 million from Accel to build chips.",
			[]gWant{{"commitment", "new", "investment", "accel velaai", 20e6, "USD"}}},
	})
}
