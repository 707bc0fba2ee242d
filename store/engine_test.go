package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// forEachEngine runs fn on the 18.16 server and on chDB.
func forEachEngine(t *testing.T, fn func(t *testing.T, e store.Engine)) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) { fn(t, eng.Open(t)) })
	}
}

func queryOne(t *testing.T, e store.Querier, q string, args ...any) []any {
	t.Helper()
	r, err := e.Query(storetest.Ctx(t), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(r.Rows) != 1 {
		t.Fatalf("%s: %d rows, want 1", q, len(r.Rows))
	}
	return r.Rows[0]
}

func TestMigrateIdempotent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		ctx := storetest.Ctx(t)
		first, err := store.Migrate(ctx, e, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range []int64{1, 2, 3} {
			if !slices.Contains(first, v) {
				t.Fatalf("first run applied %v, want 1, 2 and 3 among them", first)
			}
		}
		second, err := store.Migrate(ctx, e, nil)
		if err != nil {
			t.Fatalf("second run: %v", err)
		}
		if len(second) != 0 {
			t.Fatalf("second run applied %v, want nothing", second)
		}
		r, err := e.Query(ctx, "SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, row := range r.Rows {
			got[row[0].(string)] = row[1].(string)
		}
		want := map[string]string{"events": "ReplacingMergeTree", "timeline": "View", "alliance_state": "View", store.VersionTable: "MergeTree"}
		for name, engine := range want {
			if got[name] != engine {
				t.Errorf("table %s: engine %q, want %q (tables: %v)", name, got[name], engine, got)
			}
		}
		status, err := store.MigrationStatus(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range status {
			if s.State != "applied" {
				t.Errorf("migration %d is %s after Migrate", s.Source.Version, s.State)
			}
		}
	})
}

func TestEventsTimelineAllianceState(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		ctx := storetest.Ctx(t)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		fx := storetest.Fixture(t0)
		storetest.Seed(t, e, fx)
		// A replay of the same batch and a later re-extraction of the same
		// events: still one row per event_id, the latest version.
		if err := e.InsertEvents(ctx, fx); err != nil {
			t.Fatal(err)
		}
		later := storetest.Fixture(t0.Add(time.Hour))
		later[0].Confidence = 0.5
		if err := e.InsertEvents(ctx, later[:1]); err != nil {
			t.Fatal(err)
		}
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events FINAL")
		if row[0] != uint64(len(fx)) || row[1] != uint64(len(fx)) {
			t.Fatalf("events FINAL: %v rows/ids, want %d", row, len(fx))
		}
		row = queryOne(t, e, "SELECT confidence, extracted_at FROM events FINAL WHERE event_id = ?", fx[0].EventID)
		if row[0] != 0.5 || !row[1].(time.Time).Equal(t0.Add(time.Hour)) {
			t.Fatalf("latest version of %s: %v, want confidence 0.5 at %v", fx[0].EventID, row, t0.Add(time.Hour))
		}
		// All DealEvent fields as columns.
		aws := fx[2]
		row = queryOne(t, e, `SELECT deal_id, type, action, kind, modality, party_ids, party_names, party_roles,
			amount_value, amount_currency, amount_qualifier, amount_text, capacity_value, until, scope,
			evidence_sentence, evidence_end, article_id, article_url, article_source, article_published_at,
			extractor_version, retracted FROM events FINAL WHERE event_id = ?`, aws.EventID)
		want := []any{aws.DealID, "commitment", "new", "cloud_services", "stated",
			[]any{"openai", "amazon"}, []any{"OpenAI", "Amazon Web Services"}, []any{"from", "to"},
			38e9, "USD", "exact", "$38 billion", nil, "", "",
			aws.Evidence.Sentence, uint64(len(aws.Evidence.Sentence)), aws.Article.ID, aws.Article.URL, "daily", *aws.Article.PublishedAt,
			"test-1", uint64(0)}
		if fmt.Sprint(row) != fmt.Sprint(want) {
			t.Fatalf("event row\n got %v\nwant %v", row, want)
		}

		// timeline: every event once, in article-time order, source and evidence.
		tl, err := e.Query(ctx, "SELECT event_time, event_id, source, evidence FROM timeline")
		if err != nil {
			t.Fatal(err)
		}
		if len(tl.Rows) != len(fx) {
			t.Fatalf("timeline has %d rows, want %d", len(tl.Rows), len(fx))
		}
		for i := 1; i < len(tl.Rows); i++ {
			if tl.Rows[i][0].(time.Time).Before(tl.Rows[i-1][0].(time.Time)) {
				t.Fatalf("timeline out of order at %d: %v after %v", i, tl.Rows[i][0], tl.Rows[i-1][0])
			}
		}
		if first := tl.Rows[0]; first[2] != "wire" || !first[0].(time.Time).Equal(storetest.Day(2019, 7, 22)) {
			t.Fatalf("first timeline row %v, want the 2019 wire story", first)
		}

		// alliance_state.
		as, err := e.Query(ctx, "SELECT * FROM alliance_state ORDER BY org_a, org_b")
		if err != nil {
			t.Fatal(err)
		}
		pairs := map[string]map[string]any{}
		for _, m := range as.Maps() {
			pairs[m["org_a"].(string)+"/"+m["org_b"].(string)] = m
		}
		if _, ok := pairs["google/openai"]; ok || len(pairs) != 2 {
			t.Fatalf("alliance_state pairs %v, want amazon/openai and microsoft/openai only (rumours do not count)", keys(pairs))
		}
		ao := pairs["amazon/openai"]
		checkFields(t, "amazon/openai", ao, map[string]any{
			"committed_usd_cloud_services": 38e9, // two outlets, one deal
			"committed_usd_investment":     50e9,
			"committed_usd_compute":        0.0,
			"committed_usd_total":          88e9,
			"deals":                        uint64(2),
			"mentions":                     uint64(3),
			"partnership_action":           "",
			"exclusive":                    uint64(0),
		})
		mo := pairs["microsoft/openai"]
		checkFields(t, "microsoft/openai", mo, map[string]any{
			"partnership_action":  "restructured",
			"exclusivity_action":  "removed",
			"exclusivity_holder":  "microsoft",
			"exclusivity_scope":   "cloud",
			"exclusive":           uint64(0),
			"committed_usd_total": 0.0,
		})
		if !mo["partnership_at"].(time.Time).Equal(storetest.Day(2025, 10, 28)) {
			t.Errorf("microsoft/openai partnership_at %v", mo["partnership_at"])
		}
	})
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func checkFields(t *testing.T, what string, got map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: no column %s", what, k)
			continue
		}
		if u, isU := g.(uint64); isU {
			if _, wantU := w.(uint64); !wantU {
				g = float64(u)
			}
		}
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("%s: %s = %v (%T), want %v", what, k, g, g, w)
		}
	}
}

func TestTimelineFilterIsBound(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		ctx := storetest.Ctx(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		storetest.Seed(t, e, fx)
		r, err := store.Timeline(ctx, e, store.TimelineFilter{Org: "amazon", Since: storetest.Day(2025, 1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Rows) != 3 {
			t.Fatalf("amazon since 2025: %d rows, want 3", len(r.Rows))
		}
		var parties []string
		for _, row := range r.Rows {
			parties = append(parties, row[r.Col("parties")].(string))
		}
		if !slices.Contains(parties, "OpenAI (from), Amazon Web Services (to)") || !slices.Contains(parties, "Amazon (from), OpenAI (to)") {
			t.Fatalf("parties column %q", parties)
		}
		r, err = store.Timeline(ctx, e, store.TimelineFilter{Org: "openai", Since: storetest.Day(2025, 11, 1), Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Rows) != 2 {
			t.Fatalf("openai since 2025-11-01 limit 2: %d rows", len(r.Rows))
		}
		// Hostile values are data: no rows, no error, nothing dropped.
		for _, evil := range []string{
			"x' OR 1=1 --",
			"x') OR 1=1 OR has(party_ids, 'openai",
			`x\' OR 1=1 --`,
			"x'; DROP TABLE events; --",
			"?", "$1", "{org:String}", "a\x00' OR 1=1 --",
		} {
			r, err := store.Timeline(ctx, e, store.TimelineFilter{Org: evil})
			if err != nil {
				t.Fatalf("org %q: %v", evil, err)
			}
			if len(r.Rows) != 0 {
				t.Fatalf("org %q matched %d rows", evil, len(r.Rows))
			}
		}
		row := queryOne(t, e, "SELECT count() FROM events")
		if row[0] != uint64(len(fx)) {
			t.Fatalf("events has %v rows after hostile queries, want %d", row[0], len(fx))
		}
	})
}

func TestRetract(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		ctx := storetest.Ctx(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		storetest.Seed(t, e, fx)
		ok, err := store.Retract(ctx, e, fx[2].EventID)
		if err != nil || !ok {
			t.Fatalf("Retract: %v %v", ok, err)
		}
		if ok, err := store.Retract(ctx, e, "0000000000000000"); err != nil || ok {
			t.Fatalf("Retract of an unknown event: %v %v", ok, err)
		}
		row := queryOne(t, e, "SELECT count(), countIf(event_id = ?) FROM timeline", fx[2].EventID)
		if row[0] != uint64(len(fx)-1) || row[1] != uint64(0) {
			t.Fatalf("timeline after retraction: %v", row)
		}
		row = queryOne(t, e, "SELECT retracted, deal_id, amount_value FROM events FINAL WHERE event_id = ?", fx[2].EventID)
		if row[0] != uint64(1) || row[1] != fx[2].DealID || row[2] != 38e9 {
			t.Fatalf("retracted row %v", row)
		}
		// The other outlet's mention of the same deal still counts.
		row = queryOne(t, e, "SELECT committed_usd_cloud_services, mentions FROM alliance_state WHERE org_a = 'amazon' AND org_b = 'openai'")
		if row[0] != 38e9 || row[1] != uint64(2) {
			t.Fatalf("alliance_state after retraction: %v", row)
		}
	})
}

// TestValueTypes: the values analysts meet come back alike from both engines.
func TestValueTypes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		row := queryOne(t, e, `SELECT toUInt8(1) AS u8, toInt32(-2) AS i32, toUInt64(18446744073709551615) AS u64,
			toFloat64(1.5) AS f, 'x' AS s, toDateTime('2025-11-03 14:00:00', 'UTC') AS dt, toDate('2025-11-03') AS d,
			[1, 2] AS arr, CAST(NULL AS Nullable(String)) AS n, toDecimal64(12.5, 2) AS dec,
			toUUID('6d2f8d3e-1c2b-4a5e-9f00-0123456789ab') AS id`)
		want := "[1 -2 18446744073709551615 1.5 x 2025-11-03 14:00:00 +0000 UTC 2025-11-03 00:00:00 +0000 UTC [1 2] <nil> 12.5 6d2f8d3e-1c2b-4a5e-9f00-0123456789ab]"
		if fmt.Sprint(row) != want {
			t.Fatalf("values\n got %v\nwant %s", row, want)
		}
	})
}

// TestInsertEventsInPieces: an insert larger than the embedded engine's
// piece (1,000 rows) stores every event once, on both engines.
func TestInsertEventsInPieces(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		storetest.Migrated(t, e)
		base := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))[2]
		evs := make([]schemas.DealEvent, 2345)
		for i := range evs {
			evs[i] = base
			evs[i].EventID = schemas.HashID("piece", fmt.Sprint(i))
		}
		if err := e.InsertEvents(storetest.Ctx(t), evs); err != nil {
			t.Fatal(err)
		}
		row := queryOne(t, e, "SELECT count(), uniqExact(event_id) FROM events")
		if row[0] != uint64(len(evs)) || row[1] != uint64(len(evs)) {
			t.Fatalf("events: %v rows/ids, want %d", row, len(evs))
		}
	})
}
