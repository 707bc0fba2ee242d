package extract

import (
	"context"
	"slices"
	"testing"
)

func TestUnknownOrgID(t *testing.T) {
	cases := []struct {
		name []string
		id   string
	}{
		{[]string{"Halcyon", "AI"}, "halcyonai"},
		{[]string{"Dräger"}, "drager"}, // a letter with a diacritic keeps its base letter
		{[]string{"Weiß", "Labs"}, "weisslabs"},
		{[]string{"Quillon", "Capital"}, "quilloncapital"},
		{[]string{"Brightwave", "Technologies", "Inc."}, "brightwavetechnologies"},
		{[]string{"Ostrava", "Robotics", "GmbH"}, "ostravarobotics"},
		{[]string{"Nordlicht", "Data", "Centers", "Ltd"}, "nordlichtdatacenters"},
		{[]string{"Kestrel", "Holdings"}, "kestrelholdings"}, // labellers keep Holdings and Group in the id
		{[]string{"Quillmoor", "Group", "Inc."}, "quillmoorgroup"},
	}
	for _, c := range cases {
		if got := unknownOrgID(c.name); got != c.id {
			t.Errorf("unknownOrgID(%q) = %q, want %q", c.name, got, c.id)
		}
	}
	if got := shortName([]string{"Halcyon", "AI"}); !slices.Equal(got, []string{"Halcyon"}) {
		t.Errorf("shortName(Halcyon AI) = %q", got)
	}
	if got := shortName([]string{"Open", "AI"}); got != nil {
		t.Errorf("shortName(Open AI) = %q, want nil", got)
	}
}

// partyIDs returns every party id of the events extracted from text.
func partyIDs(t *testing.T, x *Extractor, text string) []string {
	t.Helper()
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range evs {
		for _, p := range e.Parties {
			if !slices.Contains(ids, p.ID) {
				ids = append(ids, p.ID)
			}
		}
	}
	return ids
}

// TestOrgIdentity covers organisation ids of unknown names (company words
// kept, later bare mentions resolved) and non-organisations that look like
// names (number words, acronym plurals, people, products).
func TestOrgIdentity(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		text      string
		want, not []string
	}{
		{"Startup Halcyon AI said on Tuesday it had raised $120 million from Quillon Capital.\n\nHalcyon will spend the money on chips.",
			[]string{"halcyonai", "quilloncapital"}, []string{"halcyon", "quillon"}},
		{"Verdant Labs raised $40 million in a round led by Andreessen Horowitz.",
			[]string{"verdantlabs", "andreessenhorowitz"}, []string{"a16z", "verdant"}},
		{"Sakana AI said it had formed a research partnership with Google.",
			[]string{"sakanaai", "google"}, nil},
		{"Two new contracts came in this week. Two of them were signed with Nebius by Microsoft, which agreed to pay Nebius $3 billion for GPU capacity.",
			[]string{"microsoft", "nebius"}, []string{"two"}},
		{"Lambda will buy GPUs from Nvidia. Customers want GPUs from Nvidia, and Lambda has agreed to pay Nvidia $1 billion for them.",
			[]string{"lambda", "nvidia"}, []string{"gpus"}},
		{"Chief financial officer Dana Whitlow said OpenAI had signed a $5 billion contract with Oracle. Whitlow said the contract with Oracle runs for five years.",
			[]string{"openai", "oracle"}, []string{"whitlow", "danawhitlow"}},
		{"Samsung said its new Orbix chips will power Orbix phones. Samsung has signed a $2 billion deal with Orbix S30 makers and agreed to buy chips from Qualcomm for $2 billion.",
			[]string{"samsung", "qualcomm"}, []string{"orbix"}},
		{"Databricks has agreed to spend $100 million on OpenAI's models, which it will build into its Mosaic AI service. The two companies described the deal as an expansion of a partnership that began last year.",
			[]string{"databricks", "openai"}, []string{"mosaicai", "mosaic"}},
	}
	for _, c := range cases {
		got := partyIDs(t, x, c.text)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q: parties %v, want %s among them", c.text, got, w)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%q: parties %v, want no %s", c.text, got, n)
			}
		}
	}
}

// TestMainClauseSubject: "the company" in the next sentence is the main
// clause's organisation, not the one in a leading comparison.
func TestMainClauseSubject(t *testing.T) {
	checkEvents(t, "If Cohere is Canada's model champion, CoreWeave is its busiest builder of capacity. The Livingston-based company signed a contract to supply Microsoft with GPU capacity worth $6 billion.",
		want{"commitment", "new", "compute", "from:microsoft to:coreweave", 6e9})
}

// TestPronounAfterReporter: "X said it would ..." makes it X, and a generic
// descriptor as an object is not the subject of its clause.
func TestPronounAfterReporter(t *testing.T) {
	checkEvents(t, "AMD shares rose after Nvidia said it would invest $2 billion in the chipmaker.",
		want{"commitment", "new", "investment", "from:nvidia to:amd", 2e9})
}

// TestDescriptorPartyName: a party referred to by a descriptor carries the
// organisation's name, not the descriptor.
func TestDescriptorPartyName(t *testing.T) {
	x := newTestExtractor(t)
	evs, err := x.Extract(context.Background(), article("The Claude developer signed a $5 billion deal with Oracle on Tuesday."))
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Fatal("no event")
	}
	for _, p := range evs[0].Parties {
		if p.ID == "anthropic" && p.Name != "Anthropic" {
			t.Errorf("party name %q, want Anthropic", p.Name)
		}
	}
}

// TestOwnerIsNotOneOfTheTwo: an owner named in a description does not
// become one of "the two" companies.
func TestOwnerIsNotOneOfTheTwo(t *testing.T) {
	x := newTestExtractor(t)
	text := "Humain, the AI company owned by Saudi Arabia's Public Investment Fund, has formed a strategic partnership with Qualcomm.\n\nQualcomm will supply its chips, and the two will work together on software."
	evs, err := x.Extract(context.Background(), article(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		for _, p := range e.Parties {
			if p.ID == "pif" {
				t.Errorf("%+v: the owner became a party", describe(e))
			}
		}
	}
}
