package extract

import (
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsAmountEach: "each" after an amount of millions or more is
// every party's own amount ("Nvidia and Amazon will invest $50 million
// each"); after a small price it stays a unit price ("at $40,000 each"),
// which is no deal's value. Before, both were unit prices, and the
// investors lost their amounts.
func TestRealNewsAmountEach(t *testing.T) {
	x := newTestExtractor(t)
	amountOf := func(evs []schemas.DealEvent, from, to string) (float64, bool) {
		for _, e := range evs {
			if e.Type != schemas.TypeCommitment || len(e.Parties) != 2 {
				continue
			}
			var f, g string
			for _, p := range e.Parties {
				switch p.Role {
				case schemas.RoleFrom:
					f = p.ID
				case schemas.RoleTo:
					g = p.ID
				}
			}
			if f == from && g == to {
				if e.Amount == nil || e.Amount.Value == nil {
					return 0, true
				}
				return *e.Amount.Value, true
			}
		}
		return 0, false
	}
	evs := extractAll(t, x, "Zephyr Robotics raised $300 million on Monday. Nvidia and Amazon will invest $50 million each.")
	for _, inv := range []string{"nvidia", "amazon"} {
		if v, ok := amountOf(evs, inv, "zephyrrobotics"); !ok || v != 50e6 {
			t.Errorf("%s -> zephyrrobotics: found %v, amount %v; want $50 million (events %v)", inv, ok, v, describeAll(evs))
		}
	}
	evs = extractAll(t, x, "Nvidia is investing $2 billion each in Cohere and Mistral, the company said.")
	if v, ok := amountOf(evs, "nvidia", "cohere"); !ok || v != 2e9 {
		t.Errorf("nvidia -> cohere: found %v, amount %v; want $2 billion (events %v)", ok, v, describeAll(evs))
	}
	evs = extractAll(t, x, "Microsoft buys the accelerators from Nvidia at $40,000 each.")
	if v, ok := amountOf(evs, "microsoft", "nvidia"); !ok || v != 0 {
		t.Errorf("microsoft -> nvidia: found %v, amount %v; want the purchase with no amount (events %v)", ok, v, describeAll(evs))
	}
}

func TestInMillions(t *testing.T) {
	for text, want := range map[string]bool{
		"$50 million": true, "€2bn": true, "¥1.5 trillion": true, "₹700 crore": true, "$3B": true, "US$12m": true,
		"$40,000": false, "$23.28": false, "₹5 lakh": false, "$5": false, "m": false,
	} {
		if got := inMillions(text); got != want {
			t.Errorf("inMillions(%q) = %v, want %v", text, got, want)
		}
	}
}
