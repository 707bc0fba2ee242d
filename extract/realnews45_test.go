package extract

import "testing"

// TestRealNewsPartnerNamedInApposition: a partner the gazetteer does not
// know, named after "with" or "between" and described by an apposition ("a
// partnership between Foo, a regional payments provider, and ...", "with
// FOO, a ... provider"), is an organisation even where no frame's argument
// search would take it (an acronym, a name followed by a comma). Seen in r11192, r13879 and r15537 (development folds cq,
// dj, dv), where the partnership was missed or went to another name. A
// person so described ("with Jane Smith, an investor in ...") and a
// noun that is no head ("a startup founder") name none.
func TestRealNewsPartnerNamedInApposition(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"The announcement of a partnership between Quillmark, a regional payments provider, and Salesforce, a leading software maker, signals a shift in banking.",
			[]gWant{{"partnership", "formed", "", "quillmark salesforce", 0, ""}}},
		{"Salesforce has announced a long-term partnership with QMX, a regional payments and billing provider, to build agents for small banks.",
			[]gWant{{"partnership", "formed", "", "qmx salesforce", 0, ""}}},
		{"Nvidia formed a partnership with Jane Smith, an investor in robotics.",
			nil},
		{"Nvidia formed a partnership with Tarnvale, a startup founder's second company.",
			nil},
	})
}

// TestRealNewsPossessivePartnershipInLead: "X's partnership with Y" with no
// action word announces the partnership when the article leads with it
// ("Tokio Marine's partnership with OpenAI signals a shift ...", r15301;
// r13459, r13776, r14998, development folds dj, dn, dr), and restates
// background further down.
func TestRealNewsPossessivePartnershipInLead(t *testing.T) {
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Walmart’s partnership with OpenAI marks a turn from pilots to agents in retail. The retailer will train 4,000 staff.",
			[]gWant{{"partnership", "formed", "", "openai walmart", 0, ""}}},
		{"Amazon's collaboration with Anthropic puts agents in every warehouse. Staff will use them daily.",
			[]gWant{{"partnership", "formed", "", "amazon anthropic", 0, ""}}},
		{"Insurers are busy. Staff are trained. Agents are coming. Pilots ended. Amazon's collaboration with Anthropic shows the trend.",
			nil},
	})
}

// TestRealNewsPhotoCreditIsNoParty: a picture's credit ("(Image credit:
// Getty Images)", "Photo: Jane Roe (Getty Images)", "Jane Roe/Getty
// Images") names the picture's source, not a party that a later
// partnership with an unnamed partner can take (r14990, r15539, r15541,
// development folds dr, dv).
func TestRealNewsPhotoCreditIsNoParty(t *testing.T) {
	for _, text := range []string{
		"Film studio signs AI deal\n(Image credit: Getty Images)\nSANTA MONICA — Brightfold and the AI research company Runway have announced a partnership.",
		"Security firm gets a boost\nPhoto: Jane Roe (Getty Images)\nGoogle has announced a partnership with the home security firm.",
		"Pichai and DeVries (Pichai by Jane Roe/Getty Images)\nGoogle has announced a partnership with the home security firm.",
	} {
		noEvent(t, hasParty(func(id string) bool { return id == "gettyimages" }), text)
	}
	runGeneralise(t, []struct {
		text string
		want []gWant
	}{
		{"Getty Images signed a partnership with Runway to license photos.",
			[]gWant{{"partnership", "formed", "", "gettyimages runway", 0, ""}}},
	})
}
