package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// provenanceRow is one row of the provenance view.
type provenanceRow struct {
	Version                            string
	Live, Retracted, Articles, Deals   uint64
	Partnerships, Commitments, Exclude uint64
}

// TestProvenanceView runs the provenance view (migration 00007) on both
// engines after an upgrade: the fixture is extracted by v1, then two of
// its articles are re-extracted by v2, which leaves one event unchanged,
// changes one, drops one and finds a new one. The view must count, per
// extractor version, what the current rows say (computed here in Go).
func TestProvenanceView(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := eng.Open(t)
			storetest.Migrated(t, e)
			ctx := storetest.Ctx(t)
			t0 := storetest.Day(2025, 12, 2)
			v1 := storetest.Fixture(t0)
			for i := range v1 {
				v1[i].ExtractorVersion = "v1"
			}
			if err := e.InsertEvents(ctx, v1); err != nil {
				t.Fatal(err)
			}

			// v2 re-extracts aws-deal (cloud commitment unchanged, investment
			// gone, a new partnership) and ms-2025 (partnership changed,
			// exclusivity unchanged).
			t1 := t0.Add(24 * time.Hour)
			byArticle := map[string][]schemas.DealEvent{}
			for _, ev := range v1 {
				byArticle[ev.Article.URL] = append(byArticle[ev.Article.URL], ev)
			}
			aws, ms := byArticle["https://news.example/aws-deal"], byArticle["https://news.example/ms-2025"]
			if len(aws) != 2 || len(ms) != 2 || aws[1].Kind == nil || *aws[1].Kind != schemas.KindInvestment || ms[0].Type != schemas.TypePartnership {
				t.Fatal("fixture changed")
			}
			v2 := func(ev schemas.DealEvent) schemas.DealEvent {
				ev.ExtractorVersion, ev.ExtractedAt = "v2", t1
				return ev
			}
			newPartnership := v2(storetest.Event(storetest.Ev{Article: "aws-deal", Source: "daily", Published: storetest.Day(2025, 11, 3),
				Type: schemas.TypePartnership, Action: schemas.ActionFormed, Sentence: "Amazon and OpenAI form a partnership.",
				Parties: []schemas.Party{storetest.P("amazon", "Amazon", schemas.RolePartner), storetest.P("openai", "OpenAI", schemas.RolePartner)}}, t1))
			changed := v2(ms[0])
			changed.Confidence = 0.75
			xs := []any{
				schemas.Extraction{SchemaVersion: schemas.ExtractionVersion, RunID: "up", ArticleID: aws[0].Article.ID, ExtractorVersion: "v2",
					ExtractedAt: t1, Events: []schemas.DealEvent{v2(aws[0]), newPartnership}},
				schemas.Extraction{SchemaVersion: schemas.ExtractionVersion, RunID: "up", ArticleID: ms[0].Article.ID, ExtractorVersion: "v2",
					ExtractedAt: t1, Events: []schemas.DealEvent{changed, v2(ms[1])}},
			}
			xt, err := store.NewExtractionTable(e.(store.ExtractionStore), nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := xt.Insert(ctx, xs); err != nil {
				t.Fatal(err)
			}

			// The current rows, as the re-extraction leaves them: unchanged
			// events keep v1, the changed and the new one are v2, the
			// dropped investment is a retracted v1 row.
			type cur struct {
				ev        schemas.DealEvent
				retracted bool
			}
			var current []cur
			for _, ev := range v1 {
				switch ev.EventID {
				case changed.EventID:
					current = append(current, cur{changed, false})
				case aws[1].EventID:
					current = append(current, cur{ev, true})
				default:
					current = append(current, cur{ev, false})
				}
			}
			current = append(current, cur{newPartnership, false})
			want := map[string]*provenanceRow{}
			arts, deals := map[string]map[string]bool{}, map[string]map[string]bool{}
			for _, c := range current {
				v := c.ev.ExtractorVersion
				if want[v] == nil {
					want[v] = &provenanceRow{Version: v}
					arts[v], deals[v] = map[string]bool{}, map[string]bool{}
				}
				w := want[v]
				if c.retracted {
					w.Retracted++
					continue
				}
				w.Live++
				arts[v][c.ev.Article.ID], deals[v][c.ev.DealID] = true, true
				switch c.ev.Type {
				case schemas.TypePartnership:
					w.Partnerships++
				case schemas.TypeCommitment:
					w.Commitments++
				case schemas.TypeExclusivity:
					w.Exclude++
				}
			}
			for v, w := range want {
				w.Articles, w.Deals = uint64(len(arts[v])), uint64(len(deals[v]))
			}
			if want["v2"].Live != 2 || want["v1"].Retracted != 1 {
				t.Fatalf("test arithmetic: %+v %+v", *want["v1"], *want["v2"])
			}

			got := provenance(ctx, t, e)
			if len(got) != len(want) {
				t.Fatalf("provenance has %d rows (%+v), want %d", len(got), got, len(want))
			}
			for _, g := range got {
				if w := want[g.Version]; w == nil || !reflect.DeepEqual(g, *w) {
					t.Errorf("provenance %s = %+v, want %+v", g.Version, g, w)
				}
			}
			if !slices.IsSortedFunc(got, func(a, b provenanceRow) int { return cmpString(a.Version, b.Version) }) {
				t.Errorf("provenance not ordered by version: %+v", got)
			}
		})
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func provenance(ctx context.Context, t *testing.T, e store.Engine) []provenanceRow {
	t.Helper()
	r, err := e.Query(ctx, `SELECT extractor_version, live_events, retracted_events, articles, deals,
    live_partnerships, live_commitments, live_exclusivities, first_extracted_at, last_extracted_at FROM provenance`)
	if err != nil {
		t.Fatal(err)
	}
	var out []provenanceRow
	for _, row := range r.Rows {
		u := func(i int) uint64 {
			n, ok := row[i].(uint64)
			if !ok {
				t.Fatalf("provenance column %d: %T", i, row[i])
			}
			return n
		}
		v, _ := row[0].(string)
		first, _ := row[8].(time.Time)
		last, _ := row[9].(time.Time)
		if first.IsZero() || last.Before(first) {
			t.Errorf("provenance %s: extracted %v .. %v", v, first, last)
		}
		out = append(out, provenanceRow{Version: v, Live: u(1), Retracted: u(2), Articles: u(3), Deals: u(4),
			Partnerships: u(5), Commitments: u(6), Exclude: u(7)})
	}
	return out
}

// TestMigrateAppliesAnOlderMissingMigration: a database whose newest
// migration is the alerter's 00101 but which lacks a store migration added
// later (00007) gets it on the next Migrate, instead of goose refusing to
// start over an out-of-order migration.
func TestMigrateAppliesAnOlderMissingMigration(t *testing.T) {
	e := storetest.Embedded(t)
	ctx := storetest.Ctx(t)
	storetest.Migrated(t, e)
	r, err := e.Query(ctx, "SELECT version_id FROM "+store.VersionTable+" WHERE version_id != 7 ORDER BY version_id")
	if err != nil {
		t.Fatal(err)
	}
	// The database as it was before 00007 existed.
	for _, q := range []string{"DROP TABLE provenance", "TRUNCATE TABLE " + store.VersionTable} {
		if err := e.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, row := range r.Rows {
		if err := e.Exec(ctx, "INSERT INTO "+store.VersionTable+" (version_id, is_applied) SELECT ?, 1", row[0]); err != nil {
			t.Fatal(err)
		}
	}
	applied, err := store.Migrate(ctx, e, nil)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(applied) != "[7]" {
		t.Errorf("applied %v, want [7]", applied)
	}
	if _, err := e.Query(ctx, "SELECT count() FROM provenance"); err != nil {
		t.Errorf("provenance after the catch-up migration: %v", err)
	}
}
