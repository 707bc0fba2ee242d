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
			if f, g := fromTo(e); f == from && g == to {
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

// TestRealNewsEquityWithWarrants: warrants or a backstop beside an
// investment make it conditional (LABELING.md: optional), but an amount
// told as an equity investment or stake bought with it is an investment
// made, with warrants on top.
func TestRealNewsEquityWithWarrants(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text string
		want bool
	}{
		{"As part of the licensing deal, Samsung will make a $2 billion equity investment in Mistral and will receive warrants to buy more shares.", true},
		{"Samsung will take a $2 billion equity stake in Mistral and receive warrants for additional shares.", true},
		{"Google will backstop $1.8 billion of Mistral's lease obligations and receive warrants for an 8% stake in Mistral.", false},
		{"Samsung will invest $2 billion in Mistral and receive warrants for additional shares.", false},
	} {
		evs := extractAll(t, x, c.text)
		got := false
		for _, e := range evs {
			if e.Type == schemas.TypeCommitment && e.Kind != nil && *e.Kind == schemas.KindInvestment && e.Modality == schemas.ModalityStated {
				got = true
			}
		}
		if got != c.want {
			t.Errorf("%q: stated investment %v, want %v (events %v)", c.text, got, c.want, describeAll(evs))
		}
	}
}

// TestRealNewsGazetteerBT: BT Group buys cloud services in three
// development articles; "BT" and "British Telecom" name it.
func TestRealNewsGazetteerBT(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"BT has signed a five-year deal with Amazon Web Services to move its applications to the cloud.",
		"British Telecom has signed a five-year deal with Amazon Web Services to move its applications to the cloud.",
	} {
		evs := extractAll(t, x, text)
		found := false
		for _, e := range evs {
			if e.Type == schemas.TypeCommitment && len(e.Parties) == 2 && e.Parties[0].ID == "bt" && e.Parties[1].ID == "amazon" {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no commitment from bt to amazon in %v", text, describeAll(evs))
		}
	}
}

// TestGazetteerSession23: organisations the development articles name
// in two articles or more, and MUFG's bank.
func TestGazetteerSession23(t *testing.T) {
	x := newTestExtractor(t)
	for name, id := range map[string]string{
		"Prima Materia": "primamateria",
		"Snap Inc.":     "snap", "Snap": "snap", "iGenius": "igenius", "Kinara": "kinara", "MUFG Bank": "mufg", "BT Group": "bt",
	} {
		if o, ok := x.Gazetteer().Resolve(name); !ok || o.ID != id {
			t.Errorf("Resolve(%q) = %v, %v; want %s", name, o, ok, id)
		}
	}
	evs := extractAll(t, x, "Prima Materia led a $450 million round in Helsing, the defence AI company said.")
	found := false
	for _, e := range evs {
		if e.Type == schemas.TypeCommitment && len(e.Parties) == 2 && e.Parties[0].ID == "primamateria" {
			found = true
		}
	}
	if !found {
		t.Errorf("no investment by primamateria in %v", describeAll(evs))
	}
}

// fromTo returns a commitment's payer and payee ids ("" for a role it
// lacks).
func fromTo(e schemas.DealEvent) (from, to string) {
	for _, p := range e.Parties {
		switch p.Role {
		case schemas.RoleFrom:
			from = p.ID
		case schemas.RoleTo:
			to = p.ID
		}
	}
	return from, to
}

// TestRealNewsTakeoverShapes: a merger with a company, and a company's unit
// bought from it, are the buyer's investment (LABELING.md: equity bought
// with money), not a purchase of the chips the companies make; buying a
// company's chips stays compute.
func TestRealNewsTakeoverShapes(t *testing.T) {
	x := newTestExtractor(t)
	for _, c := range []struct {
		text, from, to, kind string
	}{
		{"Broadcom announced its merger with Qualcomm in a cash-and-stock deal worth $10 billion.", "broadcom", "qualcomm", schemas.KindInvestment},
		{"Samsung agreed to buy Intel's NAND memory chip unit for $9 billion.", "samsung", "intel", schemas.KindInvestment},
		{"Samsung agreed to buy Intel's NAND memory chips for $9 billion.", "samsung", "intel", schemas.KindCompute},
	} {
		evs := extractAll(t, x, c.text)
		found := false
		for _, e := range evs {
			if f, g := fromTo(e); f == c.from && g == c.to && e.Kind != nil && *e.Kind == c.kind {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: no %s from %s to %s in %v", c.text, c.kind, c.from, c.to, describeAll(evs))
		}
	}
}
