package extract

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

// rKey renders an event compactly: "p a b" for a partnership (ids sorted),
// "c kind from to amount" for a commitment ("-" when no amount),
// "x holder grantor" for an exclusivity.
func rKey(e schemas.DealEvent) string {
	switch e.Type {
	case schemas.TypePartnership:
		ids := make([]string, 0, len(e.Parties))
		for _, p := range e.Parties {
			ids = append(ids, p.ID)
		}
		sort.Strings(ids)
		return "p " + strings.Join(ids, " ")
	case schemas.TypeExclusivity:
		return "x " + e.Parties[0].ID + " " + e.Parties[1].ID
	}
	from, to := fromTo(e)
	amt := "-"
	if e.Amount != nil && e.Amount.Value != nil {
		amt = strconv.FormatFloat(*e.Amount.Value, 'f', -1, 64)
	}
	return "c " + e.KindOf() + " " + from + " " + to + " " + amt
}

// TestRobustness covers phrasings the tuning corpora did not show. Each case
// lists the exact set of events the text must give.
func TestRobustness(t *testing.T) {
	x := newTestExtractor(t)
	cases := []struct {
		name string
		text string
		want []string
	}{
		// 1. A capitalised sentence opener is not a reason to lose the sentence.
		{"former rivals are the parties",
			"Former rivals Microsoft and Google formed a partnership to build data centers.",
			[]string{"p google microsoft"}},
		{"former partners sign a contract",
			"Former partners Oracle and OpenAI signed a $30 billion cloud contract.",
			[]string{"c cloud_services openai oracle 30000000000"}},
		{"former employer with people named is still no party",
			"Cohere, a start-up founded by former researchers at Google and Apple, signed a partnership with Xiaomi.",
			[]string{"p cohere xiaomi"}},
		{"ex-employer before people",
			"Cohere, founded by ex-Google engineers, signed a partnership with Oracle.",
			[]string{"p cohere oracle"}},
		{"opener before a bare name",
			"Struggling Halcyon signed a $5 billion cloud contract with Oracle. Halcyon said the deal runs five years.",
			[]string{"c cloud_services halcyon oracle 5000000000"}},
		{"adverb opener before a bare name",
			"Meanwhile Halcyon signed a $5 billion cloud contract with Oracle. Halcyon said the deal runs five years.",
			[]string{"c cloud_services halcyon oracle 5000000000"}},
		{"opener before a name with a company word",
			"Meanwhile Halcyon Labs signed a $5 billion cloud contract with Oracle.",
			[]string{"c cloud_services halcyonlabs oracle 5000000000"}},
		// 2. A paid hosting contract is a commitment, not a partnership.
		{"contract to host models",
			"CoreWeave won a $300 million contract to host Mistral's models.",
			[]string{"c cloud_services mistral coreweave 300000000"}},
		{"hosting without payment stays a distribution partnership",
			"AWS will host Anthropic's models.",
			[]string{"p amazon anthropic"}},
		// 3. A combined amount of two investors: each invests, no amount.
		{"combined investment",
			"Nvidia and Microsoft will invest up to $15 billion in Anthropic.",
			[]string{"c investment nvidia anthropic -", "c investment microsoft anthropic -"}},
		{"'the company' after a reported subject is the reporter",
			"Anthropic said Microsoft would invest up to $5 billion in the company.",
			[]string{"c investment microsoft anthropic 5000000000"}},
		// 4. Coordinated suppliers: one commitment per seller.
		{"two suppliers",
			"Samsung and SK Hynix agreed to supply memory chips to OpenAI.",
			[]string{"c compute openai samsung -", "c compute openai skhynix -"}},
		{"two suppliers with a combined amount",
			"Nvidia and AMD will supply $10 billion of GPUs to xAI.",
			[]string{"c compute xai nvidia -", "c compute xai amd -"}},
		{"a supplier base is no deal",
			"Nvidia, AMD and Intel all sell chips to Microsoft.",
			nil},
		// 5. A round named before its passive lead: the leads invest in the company raising.
		{"round in X led by two",
			"The $13 billion Series F round in Anthropic was led by Iconiq and Fidelity.",
			[]string{"c investment iconiq anthropic -", "c investment fidelity anthropic -"}},
		{"round valuing X led by",
			"The Series F round, which values Anthropic at $183 billion, was led by Iconiq.",
			[]string{"c investment iconiq anthropic -"}},
		{"round led by after the raise, with a parenthetical",
			"Halcyon AI raised $2 billion. The round, which values the company at $28 billion, was led by Nvidia and Sequoia.",
			[]string{"c investment nvidia halcyonai -", "c investment sequoiacapital halcyonai -"}},
		{"co-selling is a partnership, not a sale",
			"Salesforce formed a partnership with IBM under which the two companies will sell jointly to banks.",
			[]string{"p ibm salesforce"}},
		{"an organisation inside a relative clause about unnamed customers",
			"Crusoe will rent the capacity to AI developers that want to avoid Nvidia's queues.",
			nil},
		{"startups that compete with a named lab",
			"CoreWeave leases GPUs to startups that compete with OpenAI.",
			nil},
		// 6. A possessed project that is no organisation: the possessor is the party.
		{"possessed project, supply",
			"Nvidia will supply 100,000 GPUs to xAI's Colossus 2 supercomputer.",
			[]string{"c compute xai nvidia -"}},
		{"possessed project, investment",
			"Blue Owl will invest $27 billion in Meta's Hyperion data center.",
			[]string{"c investment blueowlcapital meta 27000000000"}},
		{"the joint venture itself is an organisation",
			"SoftBank will invest $19 billion in Stargate.",
			[]string{"c investment softbank stargate 19000000000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs, err := x.Extract(context.Background(), article(c.text))
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, 0, len(evs))
			for _, e := range evs {
				got = append(got, rKey(e))
			}
			sort.Strings(got)
			want := append([]string(nil), c.want...)
			sort.Strings(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s\n got: %q\nwant: %q", c.text, got, want)
			}
		})
	}
}

// TestCarriedMentionIndexes: a mention carried over from an earlier, longer
// sentence takes word indexes inside the sentence that uses it.
func TestCarriedMentionIndexes(t *testing.T) {
	org := &Org{ID: "openai", Name: "OpenAI"}
	earlier := &mention{org: org, surface: "OpenAI", wi: 40, wj: 41, poss: true, brand: true}
	for _, tc := range []struct{ t, n int }{{2, 5}, {9, 5}, {-1, 5}, {0, 0}} {
		c := carriedMention(earlier, tc.t, tc.n)
		if c.wi < 0 || c.wj > tc.n || c.wi > c.wj {
			t.Errorf("carriedMention(t=%d, n=%d) = [%d,%d), outside the sentence", tc.t, tc.n, c.wi, c.wj)
		}
		if !c.implicit || c.poss || c.brand || c.org != org {
			t.Errorf("carriedMention flags: %+v", *c)
		}
	}
	if earlier.wi != 40 || earlier.implicit {
		t.Errorf("the earlier mention was modified: %+v", *earlier)
	}
}

// TestCarriedInvesteeShortSentence: investors named in short sentences after
// a long sentence that named the company raising (at a word index far
// beyond the short sentences' length) invest in that company, without a
// panic.
func TestCarriedInvesteeShortSentence(t *testing.T) {
	x := newTestExtractor(t)
	long := "In a move that analysts, investors, bankers, rivals, regulators and many other observers across the whole industry had widely expected for several months, the San Francisco company OpenAI raised $40 billion in a funding round."
	for _, c := range []struct{ follow, want string }{
		{"Thrive invested.", "c investment thrivecapital openai -"},
		{"SoftBank put in $30 billion.", "c investment softbank openai 30000000000"},
		{"The round was led by Thrive.", "c investment thrivecapital openai -"},
		{"SoftBank will provide $22.5 billion of funding.", "c investment softbank openai 22500000000"},
		{"Investors included Thrive.", "c investment thrivecapital openai -"},
	} {
		evs, err := x.Extract(context.Background(), article(long+" "+c.follow))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			if rKey(e) == c.want {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %q among %d events", c.follow, c.want, len(evs))
		}
	}
}

// FuzzExtractRobust: any valid UTF-8 text extracts without a panic, and
// every event it gives is valid against deal_event.v1.json. The seeds mix long and short sentences so that
// mentions carried between sentences meet sentences shorter than the one
// that named them.
func FuzzExtractRobust(f *testing.F) {
	for _, s := range []string{
		"Former rivals Microsoft and Google formed a partnership.",
		"In a move that analysts, investors, bankers, rivals, regulators and many other observers across the industry had expected for months, OpenAI raised $40 billion in a funding round. Thrive invested. It led.",
		"The round, which values the company at $28 billion, was led by Nvidia and Sequoia. The round was led by.",
		"Samsung and SK Hynix agreed to supply memory to OpenAI. Samsung and.",
		"Nebius will build the cluster for Microsoft. The cluster. The platform will host the company's models.",
		"CoreWeave won a $300 million contract to host Mistral's models",
		"'s 's led by , , and",
	} {
		f.Add(s)
	}
	x := newTestExtractor(f)
	v, err := schemas.NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		evs, err := x.Extract(context.Background(), article(text+" "))
		if err != nil {
			return // not analysable (not UTF-8, NUL bytes): an error, not a panic
		}
		for _, e := range evs {
			if err := v.CheckDealEvent(e); err != nil {
				t.Errorf("invalid event from %q: %v", text, err)
			}
		}
	})
}
