package extract

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// Eighteenth session: classes of error seen in at least two development
// articles of folds r–aa, in sentences of our own.

// TestRealNewsSunkInto: money "plunged" or "sunk" into a company is an
// investment ("also plunged €15 million into the company", r2645; "has sunk
// more than US$120 million in equity … into D-Wave", r3329), but the same
// verbs without an amount put into something tell a fall ("sent AI-linked
// stocks plunging", r3436; "shares plunged 11%").
func TestRealNewsSunkInto(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Oracle, which will host the startup's models, also plunged €20 million into Zorbit Labs.",
			[]directed{{"oracle", "zorbitlabs", "investment", 20e6}}},
		{"Nvidia has sunk $300 million into Zorbit Labs.",
			[]directed{{"nvidia", "zorbitlabs", "investment", 300e6}}},
	})
	forbidEvents(t, "a fall read as money put into a company", []string{
		"Mistral received a jolt from the rise of Zorbit Labs, whose chatbot went to the top of the Apple app store and sent AI stocks plunging on Monday.",
		"Shares of Nvidia plunged 11% after Zorbit Labs released its model.",
		"Nvidia sank 4% as Zorbit Labs unveiled a cheaper chip.",
	}, hasParty(func(id string) bool { return id == "apple" || id == "nvidia" }))
}

// TestRealNewsOneCommitmentPerKey: the contract is one event per (type,
// party set, kind, direction, amount); a commitment read twice with two
// actions ("a fresh $327 million round backed by Nvidia" as new and as
// increased; a headline's "$4B More" and the body's "an additional $4
// billion", r3454, r2895) is one event, with the action that tells the
// change.
func TestRealNewsOneCommitmentPerKey(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Zorbit Labs has closed a fresh $327 million funding round backed by Nvidia and Sydney-based Halden Capital.",
		"Nvidia Pours $4B More Into Zorbit Labs\n\nNvidia commits an additional $4 billion to Zorbit Labs, deepening its partnership.",
	} {
		evs, err := x.Extract(context.Background(), article(text))
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]string{}
		for _, e := range evs {
			if e.Type != schemas.TypeCommitment {
				continue
			}
			amt := ""
			if e.Amount != nil && e.Amount.Value != nil {
				amt = fmt.Sprint(*e.Amount.Value)
			}
			var roles []string
			for _, p := range e.Parties {
				roles = append(roles, p.ID+":"+p.Role)
			}
			k := strings.Join(roles, ",") + "|" + e.KindOf() + "|" + amt
			if a, dup := seen[k]; dup {
				t.Errorf("%q: two events for %s (%s and %s)", text, k, a, e.Action)
			}
			seen[k] = e.Action
		}
		if len(seen) == 0 {
			t.Errorf("%q: no commitment: %v", text, describeAll(evs))
		}
	}
}

// TestRealNewsPlacesAndPeoplesAreNoParties: a region ("the Pacific
// Northwest", "Middle Eastern investors") or a people ("deliver to Indians")
// named where a party could stand is no organisation (r3574, r3749, r3661).
func TestRealNewsPlacesAndPeoplesAreNoParties(t *testing.T) {
	forbidEvents(t, "a region or a people read as an organisation", []string{
		"Zorbit Labs signed two development agreements that add 300 megawatts of capacity in the Pacific Northwest and Virginia. The Pacific Northwest deal follows.",
		"The fund could see $30bn invested by Nvidia, and $70bn put in by Middle Eastern investors. Middle Eastern investors backed the fund before.",
		"We are excited about our partnership for what it can deliver to Indians. Nvidia has empowered millions of Indians to build.",
	}, hasParty(func(id string) bool {
		return id == "pacificnorthwest" || id == "pacific" || id == "middle" || id == "indians"
	}))
}

// TestRealNewsDashClosesName: a dash right after a name ends it as a comma
// does, spaced or not ("backed by Nvidia and Sydney-based Ellerston
// Capital—bringing", r2722; "led by TWG Global—a $40 billion investment
// firm—", r2604), so the name met once is still an organisation.
func TestRealNewsDashClosesName(t *testing.T) {
	runDirected(t, []struct {
		text string
		want []directed
	}{
		{"Zorbit Labs has closed a $327 million funding round—backed by Nvidia and Sydney-based Halden Capital—bringing its valuation to $3.9 billion.",
			[]directed{{"haldencapital", "zorbitlabs", "investment", 0}}},
		{"Zorbit Labs raised $1.5 billion. The company's latest funding, led by QRT Global—a $40 billion investment firm helmed by a former banker—brings its total to $3 billion.",
			[]directed{{"qrtglobal", "zorbitlabs", "investment", 0}}},
	})
}

// TestRealNewsGivenNamesArePersons: a name that a common given name opens
// is a person, also after "led by" or before "-backed" ("a fund led by
// Antonio Gracias", r2589; "analysts, led by Rishi Jaluria", r3649;
// "Donald Trump Jr.-backed 1789 Capital", r3312).
func TestRealNewsGivenNamesArePersons(t *testing.T) {
	forbidEvents(t, "a person read as an investor", []string{
		"Zorbit Labs raised $500 million. Other investors included Benchmark, Coatue and Donald Trump Jr.-backed 1789 Capital.",
		"“A strong quarter with solid execution,” said Halden analysts, led by Rishi Jaluria, in a note on Zorbit Labs, which raised $1 billion last year.",
		"Zorbit Labs raised $500 million. Halden Equity Partners, a fund led by Antonio Gracias – a friend of the founder – was a lead investor.",
	}, hasParty(func(id string) bool {
		return strings.HasPrefix(id, "donald") || id == "rishijaluria" || id == "antoniogracias"
	}))
}

// TestRealNewsEventIsNoOrganisation: a name before an event's noun is the
// event's ("at the Global AI Summit", r3494; "during Dubai AI Week", r3617;
// "the Asean AI Summit", r3626), not an organisation.
func TestRealNewsEventIsNoOrganisation(t *testing.T) {
	forbidEvents(t, "an event read as a party", []string{
		"SDAIA and Huawei signed a memorandum of understanding on a national AI plan at the Global AI Summit, with the aim to help agencies find technical partners through cooperation with Huawei.",
		"Zorbit Labs signed a memorandum of understanding at the Global AI Summit, with the aim to help agencies find technical partners through cooperation with Huawei.",
	}, hasParty(func(id string) bool { return id == "globalai" || id == "dubaiai" }))
}
