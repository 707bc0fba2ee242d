package extract

import (
	"slices"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func TestGazetteerEmbedded(t *testing.T) {
	g, err := LoadGazetteer(gazetteerYAML)
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 80 {
		t.Fatalf("gazetteer has %d organisations, want >= 80", g.Len())
	}
	cases := map[string]string{
		"AWS": "amazon", "Amazon Web Services": "amazon", "Amazon": "amazon",
		"Azure": "microsoft", "Microsoft Azure": "microsoft",
		"Google Cloud": "google", "GCP": "google", "Alphabet": "google", "DeepMind": "google",
		"OCI": "oracle", "Oracle Cloud Infrastructure": "oracle",
		"Facebook": "meta", "Meta Platforms": "meta",
		"xAI": "xai", "Mistral AI": "mistral", "Hugging Face": "huggingface", "Character.AI": "characterai",
		"SoftBank Group": "softbank", "Stargate": "stargate", "AT&T": "att",
		"the ChatGPT maker": "", "ChatGPT maker": "openai", "iPhone maker": "apple",
		// two firms whose names share a word: the longer name wins
		"Fidelity International": "fidelityinternational", "Fidelity Management & Research": "fidelity", "Fidelity": "fidelity",
	}
	for name, want := range cases {
		o, ok := g.Resolve(name)
		got := ""
		if ok {
			got = o.ID
		}
		if got != want {
			t.Errorf("Resolve(%q) = %q, want %q", name, got, want)
		}
	}
	for _, name := range []string{"amazon", "oracle", "meta", "apple", "the company", "Cloud"} {
		if o, ok := g.Resolve(name); ok {
			t.Errorf("Resolve(%q) = %s, want no organisation", name, o.ID)
		}
	}
}

func TestLoadGazetteerErrors(t *testing.T) {
	for _, raw := range []string{
		"orgs: [{id: Bad Id, name: X}]",
		"orgs: [{id: a, name: A}, {id: a, name: B}]",
		"orgs: {",
	} {
		if _, err := LoadGazetteer([]byte(raw)); err == nil {
			t.Errorf("%q: no error", raw)
		}
	}
}

func TestWords(t *testing.T) {
	ws := words("Amazon's AWS, Amazon.com and AT&T’s e-commerce unit.")
	var got []string
	for _, w := range ws {
		got = append(got, w.Text)
	}
	want := []string{"Amazon", "'s", "AWS", ",", "Amazon.com", "and", "AT&T", "'s", "e", "-", "commerce", "unit", "."}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}

// A thousands separator is part of its number, not a comma between
// clauses: "1,000" is one word, while "1,2" and "2024, 2025" are not one.
func TestWordsKeepThousandsSeparators(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"move 1,000 of its 2,600 apps", []string{"move", "1,000", "of", "its", "2,600", "apps"}},
		{"200,000 chips and 1,000,000 GPUs", []string{"200,000", "chips", "and", "1,000,000", "GPUs"}},
		{"$1,500 each", []string{"$", "1,500", "each"}},
		{"in 2024, 2025 and 1,2", []string{"in", "2024", ",", "2025", "and", "1", ",", "2"}},
		{"1000,000 and 12,34", []string{"1000", ",", "000", "and", "12", ",", "34"}},
		{"1,0000 units, 5,000.", []string{"1", ",", "0000", "units", ",", "5,000", "."}},
	} {
		var got []string
		for _, w := range words(c.in) {
			got = append(got, w.Text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("words(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCanonicalID(t *testing.T) {
	g, err := LoadGazetteer([]byte(`orgs:
  - {id: coatue, name: Coatue, kind: investor, aliases: [Coatue, Coatue Management]}
  - {id: amazon, name: Amazon, kind: cloud, aliases: [Amazon], products: [AWS, Amazon Web Services]}
  - {id: alpha, name: Alpha One, kind: investor, aliases: [Shared Name]}
  - {id: beta, name: Beta Two, kind: investor, aliases: [Shared Name]}
  - {id: oman, name: Oman Holdings, kind: investor, aliases: [Oman Holdings]}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ in, want string }{
		{"coatue", "coatue"},
		{"coatuemanagement", "coatue"},  // an alias spelt as an id
		{"amazonwebservices", "amazon"}, // a product maps to its organisation
		{"aws", "amazon"},
		{"alphaone", "alpha"},          // the name spelt as an id
		{"sharedname", "sharedname"},   // two organisations share it: unchanged
		{"someoneelse", "someoneelse"}, // unknown: unchanged
		// a country's government, however the labels spell it, is the
		// government the extractor names
		{"saudiarabia", "saudigovernment"},
		{"governmentofindia", "indiangovernment"},
		{"kenya", "kenyangovernment"},
		{"canadagovernment", "canadiangovernment"},
		{"unitedstates", "usgovernment"},
		{"ukgovernment", "ukgovernment"},
		{"oman", "oman"}, // an organisation of the gazetteer keeps its id
	} {
		if got := g.CanonicalID(c.in); got != c.want {
			t.Errorf("CanonicalID(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWellKnownOrganisations: the gazetteer knows the large companies,
// funds, banks, universities and public bodies that real news names as
// parties without introducing them (an advertising group by its
// acronym, a retailer with the legal form "Cos.", a foundation named
// after the company that endowed it), while names that are also common
// words or surnames stand only in their longer forms.
func TestWellKnownOrganisations(t *testing.T) {
	g, err := LoadGazetteer(gazetteerYAML)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"WPP": "wpp", "Publicis Groupe": "publicisgroupe", "Publicis": "publicisgroupe", "Electronic Arts": "electronicarts",
		"Berkshire Hathaway": "berkshirehathaway", "Albertsons Cos.": "albertsons", "Novo Nordisk Foundation": "novonordiskfoundation",
		"Novo Nordisk": "novonordisk", "Mizuho Bank": "mizuho", "US Department of Commerce": "usdepartmentofcommerce",
		"Target Corporation": "target", "Abbott Laboratories": "abbott",
		// named in two development articles or more and read as no organisation (session 34)
		"atNorth": "atnorth", "EIFO": "exportandinvestmentfundofdenmark", "Export and Investment Fund of Denmark": "exportandinvestmentfundofdenmark",
		"OpenText": "opentext", "DataDirect Networks": "ddn", "DDN": "ddn", "Contemporary Amperex Technology": "catl", "CATL": "catl",
		"Globe Telecom": "globetelecom", "Tsinghua Holdings": "tsinghuaholdings", "ORNL": "oakridgenationallaboratory",
		"NBC News": "nbcnews", "IAC": "iac", "Mercedes": "mercedesbenz", "Thompson Rivers University": "thompsonriversuniversity",
		// common words and surnames: only the longer forms name the company
		"Target": "", "Abbott": "", "Pearson": "", "Shell": "", "Continental": "", "Suzuki": "",
	} {
		got := ""
		if o, ok := g.Resolve(name); ok {
			got = o.ID
		}
		if got != want {
			t.Errorf("Resolve(%q) = %q, want %q", name, got, want)
		}
	}
	type between struct{ typ, a, b string } // the two ids in sorted order
	runWanted(t, []struct {
		text string
		want []between
	}{
		{"Ad agency WPP and Google will collaborate on AI-generated advertising.", []between{{schemas.TypePartnership, "google", "wpp"}}},
		{"Albertsons Cos. has entered a partnership with Google to improve grocery shopping.", []between{{schemas.TypePartnership, "albertsons", "google"}}},
		{"The Novo Nordisk Foundation will invest $80 million in Zorbit Compute.", []between{{schemas.TypeCommitment, "novonordiskfoundation", "zorbitcompute"}}},
	}, func(_ string, e schemas.DealEvent, w between) bool {
		if e.Type != w.typ || len(e.Parties) != 2 {
			return false
		}
		ids := []string{e.Parties[0].ID, e.Parties[1].ID}
		slices.Sort(ids)
		return ids[0] == w.a && ids[1] == w.b
	})
}
