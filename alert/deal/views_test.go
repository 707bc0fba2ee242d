package deal_test

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert/deal"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// alliancesFixture adds long-running relationships to the ten-outlet
// fixture: an exclusivity granted in 2019 and removed in 2025 (two deals,
// one topic), a partnership formed then restructured, an ended commitment,
// a rumour, and one event that gets retracted.
func alliancesFixture() (live, rumoured, retracted []schemas.DealEvent) {
	mk := func(url, source string, pub time.Time, typ, action, kind, scope string, usd float64, parties ...schemas.Party) schemas.DealEvent {
		e := schemas.DealEvent{Type: typ, Action: action, Modality: schemas.ModalityStated, Parties: parties,
			Evidence: schemas.Evidence{Sentence: source + " reports " + typ + " " + action, End: 10}, Confidence: 0.9,
			Article:          schemas.ArticleRef{ID: schemas.ArticleID(url), URL: url, Source: source, Title: "t " + url, PublishedAt: &pub},
			ExtractorVersion: "test", ExtractedAt: pub.Add(time.Minute)}
		if kind != "" {
			e.Kind = &kind
		}
		if scope != "" {
			e.Scope = &scope
		}
		if usd > 0 {
			e.Amount = &schemas.Amount{Value: &usd, Currency: "USD", Qualifier: "exact", Text: "x"}
		}
		e.DealID = schemas.DealID(e)
		e.EventID = schemas.HashID(e.Article.ID, typ, action, kind, fmt.Sprint(usd))
		return e
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	p := func(id, name, role string) schemas.Party { return schemas.Party{ID: id, Name: name, Role: role} }
	ms, oa := "microsoft", "openai"
	live = []schemas.DealEvent{
		mk("https://a.example/2019", "wire", day(2019, 7, 22), "partnership", "formed", "", "", 0, p(ms, "Microsoft", "partner"), p(oa, "OpenAI", "partner")),
		mk("https://a.example/2019", "wire", day(2019, 7, 22), "exclusivity", "granted", "", "cloud", 0, p(ms, "Microsoft", "holder"), p(oa, "OpenAI", "grantor")),
		mk("https://a.example/2019", "wire", day(2019, 7, 22), "commitment", "new", "investment", "", 1e9, p(ms, "Microsoft", "from"), p(oa, "OpenAI", "to")),
		mk("https://b.example/2025", "herald", day(2025, 1, 21), "exclusivity", "removed", "", "cloud", 0, p(ms, "Microsoft", "holder"), p(oa, "OpenAI", "grantor")),
		mk("https://b.example/2025", "herald", day(2025, 1, 21), "partnership", "restructured", "", "", 0, p(ms, "Microsoft", "partner"), p(oa, "OpenAI", "partner")),
		mk("https://c.example/2025", "daily", day(2025, 3, 1), "commitment", "new", "revenue_share", "", 5e9, p(oa, "OpenAI", "from"), p(ms, "Microsoft", "to")),
		mk("https://d.example/2025", "daily", day(2025, 6, 1), "commitment", "ended", "revenue_share", "", 0, p(oa, "OpenAI", "from"), p(ms, "Microsoft", "to")),
		mk("https://e.example/2025", "wire", day(2025, 9, 9), "exclusivity", "granted", "", "first_launch", 0, p("mistral", "Mistral AI", "holder"), p("nvidia", "Nvidia", "grantor")),
		// Two figures for one deal in one article: same time, same stage;
		// the tie is broken the same way in Go and SQL (larger amount last).
		mk("https://h.example/2025", "daily", day(2025, 8, 8), "commitment", "new", "compute", "", 3e9, p("cohere", "Cohere", "from"), p("oracle", "Oracle", "to")),
		mk("https://h.example/2025", "daily", day(2025, 8, 8), "commitment", "new", "compute", "", 2e9, p("cohere", "Cohere", "from"), p("oracle", "Oracle", "to")),
	}
	r := mk("https://f.example/2025", "blog", day(2025, 12, 1), "commitment", "new", "compute", "", 10e9, p(oa, "OpenAI", "from"), p("google", "Google", "to"))
	r.Modality = schemas.ModalityRumoured
	x := mk("https://g.example/2025", "wire", day(2025, 12, 2), "commitment", "new", "compute", "", 7e9, p("xai", "xAI", "from"), p("oracle", "Oracle", "to"))
	return live, []schemas.DealEvent{r}, []schemas.DealEvent{x}
}

func seed(t *testing.T, ctx context.Context, e store.Engine) []schemas.DealEvent {
	t.Helper()
	live, rumoured, retracted := alliancesFixture()
	live = append(storetest.Events(t, "../testdata/outlets.jsonl"), live...)
	storetest.Seed(t, e, append(append(append([]schemas.DealEvent{}, live...), rumoured...), retracted...))
	if ok, err := store.Retract(ctx, e, retracted[0].EventID); err != nil || !ok {
		t.Fatalf("retract: %v %v", ok, err)
	}
	return live
}

func str(v any) string { return fmt.Sprint(v) }

func num(t *testing.T, v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	t.Fatalf("not a number: %T %v", v, v)
	return 0
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, fmt.Sprint(x))
	}
	sort.Strings(out)
	return out
}

// TestViewsMatchGoClustering checks on both engines that the SQL views give
// the same deals and alliances as alert/deal does in Go.
func TestViewsMatchGoClustering(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			e := eng.Open(t)
			live := seed(t, ctx, e)
			want := deal.Cluster(live)

			res, err := e.Query(ctx, "SELECT deal_id, type, action, versions, mentions, sources, first_seen, last_seen, committed_usd FROM deals ORDER BY deal_id")
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Rows) != len(want) {
				t.Fatalf("%d deals in SQL, %d in Go", len(res.Rows), len(want))
			}
			byID := map[string]deal.Deal{}
			for _, d := range want {
				byID[d.ID] = d
			}
			for _, r := range res.Maps() {
				d, ok := byID[str(r["deal_id"])]
				if !ok {
					t.Errorf("SQL deal %v not in Go", r["deal_id"])
					continue
				}
				got := fmt.Sprintf("%v %v v%v m%v s%v %v %v $%v", r["type"], r["action"], r["versions"], r["mentions"], r["sources"],
					r["first_seen"].(time.Time).Format(time.RFC3339), r["last_seen"].(time.Time).Format(time.RFC3339), num(t, r["committed_usd"]))
				exp := fmt.Sprintf("%v %v v%v m%v s%v %v %v $%v", d.Type, d.Current().Event.Action, len(d.Versions), d.Mentions, d.Sources,
					d.FirstSeen.Format(time.RFC3339), d.LastSeen.Format(time.RFC3339), d.Committed()["USD"])
				if got != exp {
					t.Errorf("deal %s:\n SQL %s\n Go  %s", d.ID, got, exp)
				}
			}

			res, err = e.Query(ctx, "SELECT org_a, org_b, partnership_action, exclusivity_action, exclusive, exclusive_scopes, committed_usd_total, committed_usd_revenue_share, deals, commitment_deals, commitment_kinds FROM alliance_state ORDER BY org_a, org_b")
			if err != nil {
				t.Fatal(err)
			}
			al := deal.Alliances(want)
			if len(res.Rows) != len(al) {
				t.Fatalf("%d alliances in SQL, %d in Go", len(res.Rows), len(al))
			}
			for i, r := range res.Maps() {
				a := al[i]
				got := fmt.Sprintf("%v-%v p=%v x=%v excl=%v %v $%v rs=%v d=%v cd=%v ck=%v", r["org_a"], r["org_b"], r["partnership_action"], r["exclusivity_action"],
					num(t, r["exclusive"]) == 1, strs(r["exclusive_scopes"]), num(t, r["committed_usd_total"]), num(t, r["committed_usd_revenue_share"]), r["deals"], r["commitment_deals"], strs(r["commitment_kinds"]))
				exp := fmt.Sprintf("%v-%v p=%v x=%v excl=%v %v $%v rs=%v d=%v cd=%v ck=%v", a.OrgA, a.OrgB, a.PartnershipAction, a.ExclusivityAction,
					a.Exclusive, append([]string(nil), a.ExclusiveScopes...), a.TotalCommitted, a.CommittedUSD["revenue_share"], a.Deals, a.CommitmentDeals, a.CommitmentKinds)
				if got != exp {
					t.Errorf("alliance %d:\n SQL %s\n Go  %s", i, got, exp)
				}
			}
			// Spot checks that pin the semantics, independent of the Go code.
			ms := res.Maps()
			find := func(a, b string) map[string]any {
				for _, r := range ms {
					if r["org_a"] == a && r["org_b"] == b {
						return r
					}
				}
				t.Fatalf("no alliance %s-%s", a, b)
				return nil
			}
			if r := find("microsoft", "openai"); num(t, r["exclusive"]) != 0 || r["partnership_action"] != "restructured" || num(t, r["committed_usd_total"]) != 1e9 {
				t.Errorf("microsoft-openai: %v", r)
			}
			if r := find("cohere", "oracle"); num(t, r["committed_usd_total"]) != 3e9 {
				t.Errorf("cohere-oracle: %v", r)
			}
			if r := find("mistral", "nvidia"); num(t, r["exclusive"]) != 1 {
				t.Errorf("mistral-nvidia: %v", r)
			}
			for _, r := range ms {
				if r["org_b"] == "xai" || r["org_a"] == "google" {
					t.Errorf("retracted or rumoured deal in alliance_state: %v", r)
				}
			}
		})
	}
}

var sqlBlock = regexp.MustCompile("(?s)```sql\n(.*?)```")

// TestViewsReadmeQueries runs every example query of alert/README.md on
// both engines: each must run and return rows on the fixture.
func TestViewsReadmeQueries(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	queries := sqlBlock.FindAllStringSubmatch(string(raw), -1)
	if len(queries) < 6 {
		t.Fatalf("found %d example queries", len(queries))
	}
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			e := eng.Open(t)
			seed(t, ctx, e)
			for i, q := range queries {
				res, err := e.Query(ctx, q[1])
				if err != nil {
					t.Errorf("query %d: %v\n%s", i, err, q[1])
					continue
				}
				if len(res.Rows) == 0 {
					t.Errorf("query %d returned no rows:\n%s", i, q[1])
				}
			}
		})
	}
}
