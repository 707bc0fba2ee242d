package eval

import (
	"strings"
	"testing"

	"github.com/dealwatch/dealwatch/schemas"
)

func ptr(v float64) *float64 { return &v }

func commitment(kind, from, to string, amount *float64, cur string) schemas.DealEvent {
	k := kind
	e := schemas.DealEvent{Type: "commitment", Action: "new", Kind: &k,
		Parties: []schemas.Party{{ID: from, Role: "from"}, {ID: to, Role: "to"}}}
	if amount != nil || cur != "" {
		e.Amount = &schemas.Amount{Value: amount, Currency: cur, Qualifier: "exact"}
	}
	return e
}

const goldLine = `{"id":"x1","file":"x1.txt","published":"2025-11-03","source":"s",
 "events":[
  {"type":"partnership","action":"formed","parties":["openai","amazon"]},
  {"type":"commitment","kind":"cloud_services","action":"new","parties":["amazon","openai"],"from":"openai","to":"amazon","amount":{"value":38000000000,"currency":"USD","qualifier":"exact"}},
  {"type":"commitment","kind":"compute","action":"new","parties":["iren","microsoft"],"from":"microsoft","to":"iren","amount":null}],
 "optional":[{"type":"commitment","kind":"investment","action":"new","parties":["microsoft","openai"],"from":"microsoft","to":"openai","amount":null}]}`

func TestMatches(t *testing.T) {
	arts, err := ParseGold(strings.NewReader(strings.ReplaceAll(goldLine, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	g := arts[0]
	cloud := g.Events[1]
	cases := []struct {
		name string
		p    schemas.DealEvent
		want bool
	}{
		{"exact", commitment("cloud_services", "openai", "amazon", ptr(38e9), "USD"), true},
		{"within 1%", commitment("cloud_services", "openai", "amazon", ptr(38.3e9), "USD"), true},
		{"beyond 1%", commitment("cloud_services", "openai", "amazon", ptr(38.5e9), "USD"), false},
		{"other currency", commitment("cloud_services", "openai", "amazon", ptr(38e9), "EUR"), false},
		{"other kind", commitment("compute", "openai", "amazon", ptr(38e9), "USD"), false},
		{"reversed direction still same party set", commitment("cloud_services", "amazon", "openai", ptr(38e9), "USD"), true},
		{"null amount vs value", commitment("cloud_services", "openai", "amazon", nil, ""), false},
	}
	for _, c := range cases {
		if got := Matches(c.p, cloud); got != c.want {
			t.Errorf("%s: Matches = %v, want %v", c.name, got, c.want)
		}
	}
	// A vague amount (nil value) counts as a null amount.
	if !Matches(commitment("compute", "microsoft", "iren", nil, "USD"), g.Events[2]) {
		t.Error("vague amount should match a null gold amount")
	}
}

func TestScore(t *testing.T) {
	arts, err := ParseGold(strings.NewReader(strings.ReplaceAll(goldLine, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	g := arts[0]
	preds := []schemas.DealEvent{
		{Type: "partnership", Action: "expanded", Parties: []schemas.Party{{ID: "amazon", Role: "partner"}, {ID: "openai", Role: "partner"}}},
		commitment("cloud_services", "amazon", "openai", ptr(38e9), "USD"), // direction wrong
		commitment("investment", "microsoft", "openai", nil, ""),           // optional: no penalty
		commitment("compute", "nvidia", "openai", nil, ""),                 // false positive
	}
	c, misses := Score(g, preds)
	if c.TruePositives != 2 || c.FalsePositives != 1 || c.FalseNegatives != 1 || c.OptionalMatched != 1 {
		t.Fatalf("counts %+v", c)
	}
	if c.ActionOK != 1 || c.DirectionOK != 0 || c.DirectionN != 1 || c.QualifierN != 1 || c.QualifierOK != 1 {
		t.Fatalf("accuracies %+v", c)
	}
	if c.Precision() != 2.0/3 || c.Recall() != 2.0/3 {
		t.Fatalf("precision %v recall %v", c.Precision(), c.Recall())
	}
	if len(misses) != 2 {
		t.Fatalf("misses %+v", misses)
	}
	if c.ByType["commitment/compute"].FP != 1 || c.ByType["commitment/compute"].FN != 1 || c.ByType["partnership"].TP != 1 {
		t.Fatalf("by type %+v", c.ByType)
	}
	total := c.Add(c)
	if total.TruePositives != 4 || total.ByType["partnership"].TP != 2 || c.ByType["partnership"].TP != 1 {
		t.Fatalf("Add: %+v (original %+v)", total.ByType["partnership"], c.ByType["partnership"])
	}
	// the missed iren compute deal: the nvidia-openai compute FP shares no
	// party; Add sums the causes into a new map, leaving c as it was
	if c.FNCauses[NearMissing] != 1 || misses[1].Near != NearMissing || total.FNCauses[NearMissing] != 2 {
		t.Fatalf("causes %v / %v, misses %+v", c.FNCauses, total.FNCauses, misses)
	}
}

func TestNear(t *testing.T) {
	arts, err := ParseGold(strings.NewReader(strings.ReplaceAll(goldLine, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	partner, cloud := arts[0].Events[0], arts[0].Events[1]
	cases := []struct {
		name string
		g    Event
		fps  []schemas.DealEvent
		want string
	}{
		{"nothing extracted", cloud, nil, NearMissing},
		{"another type only", cloud, []schemas.DealEvent{{Type: "partnership", Parties: []schemas.Party{{ID: "amazon"}, {ID: "openai"}}}}, NearMissing},
		{"another amount", cloud, []schemas.DealEvent{commitment("cloud_services", "openai", "amazon", ptr(30e9), "USD")}, NearAmount},
		{"no amount", cloud, []schemas.DealEvent{commitment("cloud_services", "openai", "amazon", nil, "")}, NearAmount},
		{"another kind", cloud, []schemas.DealEvent{commitment("compute", "openai", "amazon", ptr(38e9), "USD")}, NearKind},
		{"the amount beats the kind", cloud, []schemas.DealEvent{commitment("compute", "openai", "amazon", ptr(38e9), "USD"), commitment("cloud_services", "amazon", "openai", nil, "")}, NearAmount},
		{"one party wrong", cloud, []schemas.DealEvent{commitment("cloud_services", "openai", "oracle", ptr(38e9), "USD")}, NearParty},
		{"one party wrong, another kind", cloud, []schemas.DealEvent{commitment("compute", "openai", "oracle", ptr(38e9), "USD")}, NearMissing},
		{"a partnership with a third party", partner, []schemas.DealEvent{{Type: "partnership", Parties: []schemas.Party{{ID: "amazon"}, {ID: "openai"}, {ID: "nvidia"}}}}, NearParty},
	}
	for _, c := range cases {
		if got := Near(c.g, c.fps); got != c.want {
			t.Errorf("%s: Near = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestParseGoldErrors(t *testing.T) {
	if _, err := ParseGold(strings.NewReader(`{"id":"x"}`)); err == nil {
		t.Error("line without file: no error")
	}
	if _, err := ParseGold(strings.NewReader(`{`)); err == nil {
		t.Error("bad JSON: no error")
	}
	if _, err := LoadGold(t.TempDir()); err == nil {
		t.Error("missing gold.jsonl: no error")
	}
}

func TestCanonicalIDsBeforeMatching(t *testing.T) {
	arts, err := ParseGold(strings.NewReader(strings.ReplaceAll(goldLine, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	// the labeller spelt Amazon's id from "Amazon Web Services"
	g := arts[0]
	g.Events[1].Parties = []string{"amazonwebservices", "openai"}
	g.Events[1].To = "amazonwebservices"
	pred := []schemas.DealEvent{commitment("cloud_services", "openai", "amazon", ptr(38e9), "USD")}
	if c, _ := Score(g, pred); c.TruePositives != 0 {
		t.Fatalf("without canonical ids the spellings matched: %+v", c)
	}
	canon := func(id string) string {
		if id == "amazonwebservices" {
			return "amazon"
		}
		return id
	}
	cg := g.Canonical(canon)
	if c, _ := Score(cg, CanonicalEvents(pred, canon)); c.TruePositives != 1 {
		t.Fatalf("with canonical ids: %+v, want one true positive", c)
	}
	if cg.Events[1].To != "amazon" || g.Events[1].To != "amazonwebservices" {
		t.Errorf("Canonical: to=%q (want amazon), original to=%q (must stay)", cg.Events[1].To, g.Events[1].To)
	}
}

// TestPublishedTime: labellers record the date a page gives, which is often
// a month or a year alone ("2023-10", "2023": half of testdata/real). Each
// is a publication date the extractor reads ("formed a partnership in 2022"
// is background in an article of 2023); before, only full dates were, and
// half of the real-news articles were scored as undated.
func TestPublishedTime(t *testing.T) {
	for in, want := range map[string]string{
		"2025-11-03":           "2025-11-03",
		"2025-11-03T08:00:00Z": "2025-11-03",
		"2023-10":              "2023-10-01",
		"2023":                 "2023-01-01",
		"":                     "",
		"October 2023":         "",
		"2023-13":              "",
	} {
		got := ""
		if p := (Article{Published: in}).PublishedTime(); p != nil {
			got = p.Format("2006-01-02")
		}
		if got != want {
			t.Errorf("PublishedTime(%q) = %q, want %q", in, got, want)
		}
	}
}
