package extract

import (
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// TestRealNewsNamesOfKnownOrganisations: names real news and labellers
// give known organisations, which used to stand for organisations of their
// own: Australian news calls the Commonwealth Bank of Australia "CommBank"
// (r10249, r10680), and labels spell out full legal names
// ("mitsubishiufjfinancialgroup", "enflametechnology"), which now count as
// the gazetteer's one id (CanonicalID, as dealwatch eval reads labels).
func TestRealNewsNamesOfKnownOrganisations(t *testing.T) {
	x := newTestExtractor(t)
	ids := partyIDs(t, x, "CommBank is collaborating with Lyrebird Security to fight phone scams with AI-powered decoy bots.")
	if !slices.Contains(ids, "commonwealthbankofaustralia") || slices.Contains(ids, "commbank") {
		t.Errorf("parties %v, want commonwealthbankofaustralia", ids)
	}
	for in, want := range map[string]string{
		"mitsubishiufjfinancialgroup":  "mufg",
		"enflametechnology":            "enflame",
		"altimetercapitalmanagement":   "altimeter",
		"khaznadatacentres":            "khazna",
		"schibstedmediagroup":          "schibsted",
		"firmustechnologies":           "firmus",
		"macquariecapital":             "macquarie",
		"sttelemediaglobaldatacenters": "sttgdc",
		"coresiterealty":               "americantower",
		"aurorainnovation":             "aurora",
	} {
		if got := x.Gazetteer().CanonicalID(in); got != want {
			t.Errorf("CanonicalID(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRealNewsRivalDescriptor: an organisation named to describe another
// company ("China's OpenAI rival", "Nvidia challenger Cerebras") is no
// party: "Zhipu AI, China's OpenAI Rival, Secures Funding from Meituan"
// made OpenAI the investee (r10647; the same story in r10627, r10628 and
// r10648 calls Zhipu "China's OpenAI challenger").
func TestRealNewsRivalDescriptor(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Lumina Labs, Europe's OpenAI Rival, Secures Funding from Meituan",
		"The Nvidia challenger Halo Chips landed $40 million from Samsung.",
	} {
		if ids := partyIDs(t, x, text); slices.Contains(ids, "openai") || slices.Contains(ids, "nvidia") {
			t.Errorf("%q: parties %v, want no rival named as a party", text, ids)
		}
	}
}

// TestRealNewsExclusiveNonRight: "exclusive" before a noun that names no
// right ("exclusive reporting", "exclusive financial advisor", "an
// exclusive reliance on", r10218, r11128, r10614) made an exclusivity
// grant; an exclusive provider still does.
func TestRealNewsExclusiveNonRight(t *testing.T) {
	x := newTestExtractor(t)
	for text, want := range map[string]bool{
		"Bluefin Robotics closed a $20 million round from Halcyon Capital, per Inc42 exclusive reporting.":       false,
		"Citi served as Bluefin Robotics' exclusive financial advisor, while Halcyon Capital used Barclays.":     false,
		"Contoso is shifting from an exclusive reliance on OpenAI to a mix of models from Anthropic and Google.": false,
		"Microsoft will remain OpenAI's exclusive cloud provider until 2030.":                                    true,
	} {
		evs := extractAll(t, x, text)
		got := slices.ContainsFunc(evs, func(e schemas.DealEvent) bool { return e.Type == schemas.TypeExclusivity })
		if got != want {
			t.Errorf("%q: exclusivity %v, want %v", text, got, want)
		}
	}
}

// TestRealNewsPricePerShare: a takeover's price per share ("agreed to pay
// $78 per share in cash for QTS Realty", r11108 and r11405) is equity bought,
// not a revenue share, and the price of one share is no deal's amount, in
// the body or in a headline.
func TestRealNewsPricePerShare(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Blackstone and the funds it manages have agreed to pay $78 per share in cash for QTS Realty.",
		"KKR to pay $90.50 a share for CyrusOne\n\nThe buyout firm said the deal would close next year.",
	} {
		evs := extractAll(t, x, text)
		for _, e := range evs {
			if e.Type != schemas.TypeCommitment {
				continue
			}
			if k := e.KindOf(); k != schemas.KindInvestment {
				t.Errorf("%q: kind %q, want investment", text, k)
			}
			if e.Amount != nil && e.Amount.Value != nil && *e.Amount.Value < 1e5 {
				t.Errorf("%q: amount %v, a price per share", text, *e.Amount.Value)
			}
		}
		if !slices.ContainsFunc(evs, func(e schemas.DealEvent) bool { return e.Type == schemas.TypeCommitment }) {
			t.Errorf("%q: no commitment", text)
		}
	}
}

// TestRealNewsRoundOfTheInvestee: "X's board approved the $2 billion
// investment in Y, part of a $20 billion round. Other investors in that
// round included A and B": the round is Y's, whose investment the sentence
// told first; the round noun after it made X the company the next
// sentence's investors backed (r11005).
func TestRealNewsRoundOfTheInvestee(t *testing.T) {
	x := newTestExtractor(t)
	text := "Tesla's board approved the $2 billion investment in xAI's Series E stock, part of a $20 billion round. " +
		"Other investors in that round included MGX and Cisco."
	evs := extractAll(t, x, text)
	to := map[string]string{}
	for _, e := range evs {
		if e.KindOf() == schemas.KindInvestment {
			var from, inv string
			for _, p := range e.Parties {
				if p.Role == schemas.RoleFrom {
					from = p.ID
				} else {
					inv = p.ID
				}
			}
			to[from] = inv
		}
	}
	for _, investor := range []string{"tesla", "mgx", "cisco"} {
		if to[investor] != "xai" {
			t.Errorf("%s invests in %q, want xai (all: %v)", investor, to[investor], to)
		}
	}
}
