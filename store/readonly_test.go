package store_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// bypass is a statement the read-only path must refuse, with the
// arguments bound into it.
type bypass struct {
	class, query string
	args         []any
}

// bypasses are the known ways past a string filter (issue 9): comments
// that hide a second statement from a tokenizer (#, --, /* */), heredocs,
// string escapes, unicode quotes, SETTINGS clauses, INTO OUTFILE, table
// functions that reach outside the database, multi-statements and writes.
// {url}, {out}, {db} and {port} are replaced per engine.
var bypasses = []bypass{
	{"hash comment", "SELECT 1 # '\n; DROP TABLE events", nil},
	{"hash comment", "SELECT 1 #!\n; CREATE DATABASE {db}", nil},
	{"dash comment", "SELECT 1 -- '\n; DROP TABLE events", nil},
	{"block comment", "SELECT 1 /* ' */; DROP TABLE events", nil},
	{"block comment", "/* SELECT */ DROP TABLE events", nil},
	{"nested block comment", "SELECT 1 /* /* */ */; DROP TABLE events", nil},
	{"heredoc", "SELECT $$ ' $$; CREATE DATABASE {db}", nil},
	{"heredoc", "SELECT $tag$ ; $tag$; DROP TABLE events", nil},
	{"heredoc via argument", "SELECT $$ ? $$", []any{"$$; DROP TABLE events; --"}},
	{"string escape", `SELECT 'a\''; DROP TABLE events; --'`, nil},
	{"string escape", `SELECT 'a\\'; DROP TABLE events; --'`, nil},
	{"string escape", "SELECT 'a'''; DROP TABLE events; --'", nil},
	{"quoted identifier", "SELECT `a\\``; DROP TABLE events; --`", nil},
	{"unicode quotes", "SELECT ‘'’; DROP TABLE events; --'", nil},
	{"unicode quotes", "SELECT “x’; DROP TABLE events", nil},
	{"settings", "SELECT 1 SETTINGS readonly = 0", nil},
	{"settings", "SELECT count() FROM events SETTINGS max_threads = 1", nil},
	{"settings", "SELECT * FROM url('{url}', CSV, 'a String') SETTINGS readonly = 0", nil},
	{"settings", "SELECT * FROM (SELECT 1 SETTINGS readonly = 0)", nil},
	{"set", "SET readonly = 0", nil},
	{"into outfile", "SELECT * FROM events INTO OUTFILE '{out}'", nil},
	{"into outfile", "SELECT 1 INTO OUTFILE '{out}' FORMAT TSV", nil},
	{"format", "SELECT 1 FORMAT Native", nil},
	{"table function", "SELECT * FROM url('{url}', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM URL('{url}', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM `url`('{url}', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM events AS e JOIN url('{url}', CSV, 'event_id String') AS u USING event_id", nil},
	{"table function", "SELECT count() FROM events WHERE event_id IN (SELECT * FROM url('{url}', CSV, 'a String'))", nil},
	{"table function", "WITH x AS (SELECT * FROM url('{url}', CSV, 'a String')) SELECT * FROM x", nil},
	{"table function", "DESCRIBE TABLE url('{url}', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM file('/etc/hostname', CSV, 'a String')", nil},
	{"table function", "SELECT file('/etc/hostname')", nil},
	{"table function", "SELECT * FROM remote('127.0.0.1:{port}', system.one)", nil},
	{"table function", "SELECT * FROM remoteSecure('127.0.0.1:{port}', system.one)", nil},
	{"table function", "SELECT * FROM cluster('default', system.one)", nil},
	{"table function", "SELECT * FROM s3('{url}x.csv', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM mysql('127.0.0.1:1', 'db', 't', 'u', 'p')", nil},
	{"table function", "SELECT * FROM postgresql('127.0.0.1:1', 'db', 't', 'u', 'p')", nil},
	{"table function", "SELECT * FROM hdfs('hdfs://127.0.0.1:1/x', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM executable('cat', CSV, 'a String')", nil},
	{"table function", "SELECT * FROM jdbc('jdbc:x', 'db', 't')", nil},
	{"table function", "SELECT * FROM odbc('DSN=x', 'db', 't')", nil},
	{"table function", "SELECT * FROM input('a String')", nil},
	{"multi-statement", "SELECT 1; DROP TABLE events", nil},
	{"multi-statement", "SELECT 1;;CREATE DATABASE {db}", nil},
	{"write", "DROP TABLE events", nil},
	{"write", "INSERT INTO events (event_id) SELECT 'x'", nil},
	{"write", "CREATE DATABASE {db}", nil},
	{"write", "ALTER TABLE events DELETE WHERE 1", nil},
	{"write", "TRUNCATE TABLE events", nil},
	{"write", "OPTIMIZE TABLE events FINAL", nil},
	{"write", "SYSTEM DROP MARK CACHE", nil},
	{"write", "EXISTS TABLE events INTO OUTFILE '{out}'", nil},
}

// analystQueries must keep working through the read-only path.
var analystQueries = []struct {
	query string
	args  []any
	rows  int
}{
	{"SELECT count() FROM events", nil, 1},
	{"SELECT deal_id, type, party_ids, mentions FROM deals ORDER BY deal_id", nil, -1},
	{"WITH 'microsoft' AS org SELECT count() FROM timeline WHERE has(party_ids, org)", nil, 1},
	{"SELECT type, count() AS n FROM events GROUP BY type ORDER BY type -- by type\n", nil, -1},
	{"/* which */ SELECT event_id FROM events WHERE event_id IN (SELECT event_id FROM timeline) LIMIT 1", nil, 1},
	{"SELECT 'x; DROP TABLE events' AS s UNION ALL SELECT 'file(x)'", nil, 2},
	{"SELECT count() FROM timeline WHERE has(party_ids, ?)", []any{"x'; DROP TABLE events --"}, 1},
	{"SELECT arrayStringConcat(arrayMap(x -> upper(x), party_ids), ',') FROM events LIMIT 1", nil, 1},
	{"SHOW TABLES", nil, -1},
	{"DESCRIBE TABLE events", nil, -1},
}

// TestReadOnlyRefusesBypasses: every bypass class is refused on both
// engines, and none has its effect (tables, databases, URL fetches, files);
// ordinary analyst queries still run.
func TestReadOnlyRefusesBypasses(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e store.Engine) {
		ctx := storetest.Ctx(t)
		fx := storetest.Fixture(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		storetest.Seed(t, e, fx)
		ro, err := store.NewReadOnly(e)
		if err != nil {
			t.Fatal(err)
		}
		var hits atomic.Int64
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			_, _ = w.Write([]byte("leak\n"))
		}))
		defer srv.Close()
		out := filepath.Join(t.TempDir(), "out.tsv")
		db := storetest.Database(t)
		port := "9000"
		if addr, ok := testenv.Lookup(testenv.EnvClickHouse); ok {
			port = addr[strings.LastIndex(addr, ":")+1:]
		}
		subst := strings.NewReplacer("{url}", srv.URL+"/", "{out}", out, "{db}", db, "{port}", port)

		for _, b := range bypasses {
			q := subst.Replace(b.query)
			res, err := ro.Query(ctx, q, b.args...)
			if err == nil {
				t.Errorf("%s: %q ran: %v", b.class, q, res.Rows)
				continue
			}
			t.Logf("%s: %q: %v", b.class, q, err)
		}

		if row := queryOne(t, e, "SELECT count() FROM events"); row[0] != uint64(len(fx)) {
			t.Errorf("events changed: %v rows", row[0])
		}
		if row := queryOne(t, e, "SELECT count() FROM system.databases WHERE name = ?", db); row[0] != uint64(0) {
			t.Errorf("database %s was created", db)
		}
		if n := hits.Load(); n != 0 {
			t.Errorf("the engine fetched a URL of the caller's choice %d times", n)
		}
		if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("INTO OUTFILE wrote %s: %v", out, err)
		}

		for _, a := range analystQueries {
			res, err := ro.Query(ctx, a.query, a.args...)
			if err != nil {
				t.Errorf("analyst query %q refused: %v", a.query, err)
				continue
			}
			if a.rows >= 0 && len(res.Rows) != a.rows {
				t.Errorf("analyst query %q: %d rows, want %d", a.query, len(res.Rows), a.rows)
			}
		}
		// The timeline through the read-only path equals the engine's.
		direct, err := store.Timeline(ctx, e, store.TimelineFilter{Org: "microsoft"})
		if err != nil {
			t.Fatal(err)
		}
		viaRO, err := store.Timeline(ctx, ro, store.TimelineFilter{Org: "microsoft"})
		if err != nil {
			t.Fatal(err)
		}
		if len(direct.Rows) == 0 || len(direct.Rows) != len(viaRO.Rows) {
			t.Errorf("timeline: %d rows direct, %d read-only", len(direct.Rows), len(viaRO.Rows))
		}
	})
}

// TestCheckTreeSpoofedLines: an alias holding a newline can print as
// extra lines of a tree (18.16 returns the tree as one text); such lines
// never turn a refused tree into an accepted one.
func TestCheckTreeSpoofedLines(t *testing.T) {
	funs := map[string]bool{"url": true, "numbers": true}
	sel := func(extra ...string) []string {
		return append([]string{
			"SelectWithUnionQuery (children 1)",
			" ExpressionList (children 1)",
			"  SelectQuery (children 2)",
			"   ExpressionList (children 1)",
			"    Literal UInt64_1 (alias a",
		}, extra...)
	}
	if err := store.CheckTree(store.ReadOnlyPlan{AST: sel()}, funs); err != nil {
		t.Fatalf("plain select refused: %v", err)
	}
	if err := store.CheckTree(store.ReadOnlyPlan{AST: sel("   TablesInSelectQuery (children 1)", "    TablesInSelectQueryElement (children 1)", "     TableExpression (children 1)", "      Function numbers (children 1)")}, funs); err != nil {
		t.Fatalf("numbers() refused: %v", err)
	}
	spoofs := []string{"", " Set", "Set", " ExpressionList (children 1)", "SelectWithUnionQuery (children 1)", "      Identifier x", " TableExpression (children 1)"}
	refused := map[string]store.ReadOnlyPlan{
		"table function": {AST: sel("   TablesInSelectQuery (children 1)", "    TablesInSelectQueryElement (children 1)", "     TableExpression (children 1)", "      Function url (children 1)")},
		"user settings":  {AST: sel("   Set")},
		"into outfile":   {AST: append([]string{"SelectWithUnionQuery (children 2)"}, append(sel()[1:], " Literal '/tmp/x'")...)},
		"two settings":   {EngineSettings: true, AST: append([]string{"SelectWithUnionQuery (children 2)"}, append(sel()[1:], "   Set", " Set")...)},
		"inner readonly": {EngineSettings: true, AST: append([]string{"SelectWithUnionQuery (children 2)"}, append(sel()[1:], "   Set")...)},
		"drop":           {AST: []string{"DropQuery  events (children 1)", " Identifier events"}},
	}
	for name, p := range refused {
		for _, spoof := range spoofs {
			for at := 1; at <= len(p.AST); at++ {
				q := p
				q.AST = append(append(append([]string{}, p.AST[:at]...), spoof), p.AST[at:]...)
				if err := store.CheckTree(q, funs); err == nil {
					t.Errorf("%s: accepted with %q spoofed in at line %d", name, spoof, at)
				}
			}
		}
	}
}
