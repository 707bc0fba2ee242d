package store

import (
	"context"
	"errors"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

func clusterFiles(t *testing.T) (single, cluster map[string]string) {
	t.Helper()
	src, err := MigrationsFS()
	if err != nil {
		t.Fatal(err)
	}
	cfs, err := newClusterFS(src, "dw", "dealwatch")
	if err != nil {
		t.Fatalf("every migration must have a cluster form: %v", err)
	}
	names, err := fs.Glob(src, "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations: %v %v", names, err)
	}
	single, cluster = map[string]string{}, map[string]string{}
	for _, n := range names {
		a, err := fs.ReadFile(src, n)
		if err != nil {
			t.Fatal(err)
		}
		b, err := fs.ReadFile(cfs, n)
		if err != nil {
			t.Fatal(err)
		}
		f, err := cfs.Open(n)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.Stat()
		f.Close()
		if err != nil || st.Size() != int64(len(b)) {
			t.Fatalf("%s: Stat size %v, want %d (%v)", n, st.Size(), len(b), err)
		}
		single[n], cluster[n] = string(a), string(b)
	}
	return single, cluster
}

// Every table the migrations create becomes a replicated local table plus a
// Distributed table of the same name; every DDL statement runs ON CLUSTER.
func TestClusterMigrationsRewrite(t *testing.T) {
	_, cluster := clusterFiles(t)
	all := strings.Join(func() []string {
		var out []string
		for _, s := range cluster {
			out = append(out, s)
		}
		return out
	}(), "\n")
	for table, key := range map[string]string{"events": "deal_id", "articles": "id", "extractions": "run_id, article_id"} {
		local := regexp.MustCompile(`CREATE TABLE IF NOT EXISTS dealwatch\.` + table + `_local ON CLUSTER dw \(`)
		if !local.MatchString(all) {
			t.Errorf("%s_local is not created ON CLUSTER", table)
		}
		engine := `ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/dealwatch/` + table + `_local', '{replica}', version)`
		if !strings.Contains(all, engine) {
			t.Errorf("%s_local: no %s", table, engine)
		}
		dist := `CREATE TABLE IF NOT EXISTS dealwatch.` + table + ` ON CLUSTER dw AS dealwatch.` + table + `_local ENGINE = Distributed(dw, dealwatch, ` + table + `_local, cityHash64(` + key + `))`
		if !strings.Contains(all, dist) {
			t.Errorf("missing %q", dist)
		}
		if strings.Contains(all, "DROP TABLE IF EXISTS dealwatch."+table+" ON CLUSTER dw;") &&
			!strings.Contains(all, "DROP TABLE IF EXISTS dealwatch."+table+"_local ON CLUSTER dw;") {
			t.Errorf("%s dropped without its local table", table)
		}
	}
	// No statement that changes the schema is left without ON CLUSTER.
	stmt := regexp.MustCompile(`(?m)^(CREATE|DROP|ALTER)\s[^;]*?;`)
	for name, text := range cluster {
		for _, s := range stmt.FindAllString(text, -1) {
			if !strings.Contains(s, " ON CLUSTER dw") {
				t.Errorf("%s: statement without ON CLUSTER: %.80s", name, s)
			}
		}
		if strings.Contains(text, "ENGINE = ReplacingMergeTree") || strings.Contains(text, "ENGINE = MergeTree") {
			t.Errorf("%s: a non-replicated table is left", name)
		}
		// The nodes run ON CLUSTER statements in their default database:
		// every object a view reads must be qualified.
		for _, m := range regexp.MustCompile(`(?i)\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_.]*)`).FindAllStringSubmatch(text, -1) {
			if !strings.HasPrefix(m[1], "dealwatch.") && !strings.HasPrefix(m[1], "system.") {
				t.Errorf("%s: view reads unqualified %s", name, m[1])
			}
		}
	}
	for _, want := range []string{"FROM dealwatch.events FINAL", "FROM dealwatch.deal_mentions", "FROM dealwatch.deals", "FROM dealwatch.deal_pairs"} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in the cluster form", want)
		}
	}
}

// Without a cluster the migrations are the files as they are.
func TestSingleNodeMigrationsUnchanged(t *testing.T) {
	fsys, err := migrationsFor(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := fsys.(*clusterFS); ok {
		t.Fatal("single node got the cluster form")
	}
	single, _ := clusterFiles(t)
	for n, text := range single {
		if strings.Contains(text, "ON CLUSTER") || strings.Contains(text, "Replicated") {
			t.Errorf("%s: single-node file mentions the cluster", n)
		}
	}
}

func TestClusterRewriterStatements(t *testing.T) {
	rw := newClusterRewriter("dw", "db")
	got, err := rw.statement("-- note\nCREATE TABLE t (id String, v UInt64) ENGINE = MergeTree() ORDER BY (id, v)")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"-- note\nCREATE TABLE db.t_local ON CLUSTER dw (id String, v UInt64) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/t_local', '{replica}') ORDER BY (id, v)",
		"CREATE TABLE db.t ON CLUSTER dw AS db.t_local ENGINE = Distributed(dw, db, t_local, cityHash64(id, v))",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("create:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// In order: a view is qualified where a later one reads it.
	for _, c := range [][2]string{
		{"CREATE VIEW IF NOT EXISTS v AS SELECT id FROM t FINAL JOIN other USING id", "CREATE VIEW IF NOT EXISTS db.v ON CLUSTER dw AS SELECT id FROM db.t FINAL JOIN other USING id"},
		{"CREATE VIEW w AS\nSELECT 1 FROM (SELECT * FROM v)", "CREATE VIEW db.w ON CLUSTER dw AS\nSELECT 1 FROM (SELECT * FROM db.v)"},
		{"DROP TABLE IF EXISTS v", "DROP TABLE IF EXISTS db.v ON CLUSTER dw"},
		{"DROP TABLE IF EXISTS t", "DROP TABLE IF EXISTS db.t ON CLUSTER dw\nDROP TABLE IF EXISTS db.t_local ON CLUSTER dw"},
		{"ALTER TABLE t MODIFY COLUMN id String", "ALTER TABLE db.t_local ON CLUSTER dw MODIFY COLUMN id String"},
		{"ALTER TABLE other ADD COLUMN x UInt8", "ALTER TABLE db.other ON CLUSTER dw ADD COLUMN x UInt8"},
		{"INSERT INTO t (id, v) SELECT 'a', 1", "INSERT INTO t (id, v) SELECT 'a', 1"},
	} {
		in, out := c[0], c[1]
		got, err := rw.statement(in)
		if err != nil || strings.Join(got, "\n") != out {
			t.Errorf("%q → %q, %v; want %q", in, got, err, out)
		}
	}
	for _, bad := range []string{
		"RENAME TABLE a TO b",
		"CREATE MATERIALIZED VIEW m ENGINE = MergeTree() ORDER BY x AS SELECT 1",
		"CREATE TABLE k (id String) ENGINE = Log",
		"CREATE TABLE n (id String) ENGINE = MergeTree() PARTITION BY tuple()",
	} {
		if _, err := rw.statement(bad); !errors.Is(err, ErrClusterDDL) {
			t.Errorf("%q: err %v, want ErrClusterDDL", bad, err)
		}
	}
}
