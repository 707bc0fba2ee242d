package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func sqlRun(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := realMain(args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

// TestAnalystCommandsOnServer: migrate, timeline and sql against the 18.16
// server through CLICKHOUSE_ADDR.
func TestAnalystCommandsOnServer(t *testing.T) {
	cfg := storetest.ServerConfig(t)
	t.Setenv("CLICKHOUSE_ADDR", cfg.Addr)
	t.Setenv("CLICKHOUSE_DATABASE", cfg.Database)
	for i := range 2 {
		out, errs, code := sqlRun(t, "migrate")
		if code != 0 {
			t.Fatalf("migrate #%d: %d %s", i+1, code, errs)
		}
		if i == 1 && !strings.Contains(out, "up to date") {
			t.Fatalf("second migrate: %q", out)
		}
	}
	e, err := chserver.Open(storetest.Ctx(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Exec(storetest.Ctx(t), "DROP DATABASE IF EXISTS "+cfg.Database); e.Close() })
	if err := e.InsertEvents(storetest.Ctx(t), storetest.Fixture(time.Now())); err != nil {
		t.Fatal(err)
	}

	out, errs, code := sqlRun(t, "timeline", "--org", "amazon", "--since", "2025-11-04", "--format", "tsv")
	if code != 0 {
		t.Fatalf("timeline: %d %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "event_time\ttype\taction") ||
		!strings.HasPrefix(lines[1], "2025-11-04 12:00:00\tcommitment\tnew\tcloud_services\tOpenAI (from), Amazon Web Services (to)\t$38 billion\t38000000000\therald") {
		t.Fatalf("timeline tsv:\n%s", out)
	}
	out, _, code = sqlRun(t, "timeline", "--org", "x' OR 1=1 --", "--format", "json")
	if code != 0 || out != "" {
		t.Fatalf("hostile --org: code %d, output %q", code, out)
	}

	out, errs, code = sqlRun(t, "sql", "--format", "json", "SELECT org_a, org_b, committed_usd_total FROM alliance_state ORDER BY org_a")
	if code != 0 {
		t.Fatalf("sql: %d %s", code, errs)
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(strings.Split(out, "\n")[0]), &first); err != nil {
		t.Fatalf("sql json %q: %v", out, err)
	}
	if first["org_a"] != "amazon" || first["committed_usd_total"] != 88e9 {
		t.Fatalf("alliance_state first row %v", first)
	}
	out, _, code = sqlRun(t, "sql", "SELECT count() AS n FROM events FINAL")
	if code != 0 || !strings.Contains(out, "n\n8\n(1 rows)") {
		t.Fatalf("sql table: %d %q", code, out)
	}
	if _, errs, code := sqlRun(t, "sql", "DROP TABLE events"); code != 2 || !strings.Contains(errs, "only SELECT") {
		t.Fatalf("sql DROP: code %d, %s", code, errs)
	}
	if _, errs, code := sqlRun(t, "timeline", "--since", "last week"); code != 2 {
		t.Fatalf("bad --since: code %d, %s", code, errs)
	}
}

// TestAnalystCommandsOnChDB: migrate then sql on chDB under -data, and
// sql through the query endpoint of the process that holds the session.
func TestAnalystCommandsOnChDB(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	dir := t.TempDir()
	if out, errs, code := sqlRun(t, "migrate", "-data", dir); code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %d %q %s", code, out, errs)
	}
	out, errs, code := sqlRun(t, "sql", "-data", dir, "--format", "tsv", "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('events', 'timeline', 'alliance_state') ORDER BY name")
	if code != 0 || out != "name\nalliance_state\nevents\ntimeline\n" {
		t.Fatalf("sql on chDB: %d %q %s", code, out, errs)
	}

	// While another holder of the session (here: this process, as `run`
	// would) serves the endpoint, sql goes through it.
	e, err := chembed.Open(storetest.Ctx(t), chembed.Config{Dir: filepath.Join(dir, "chdb")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if err := e.InsertEvents(storetest.Ctx(t), storetest.Fixture(time.Now())); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(storetest.Ctx(t))
	done := make(chan error, 1)
	go func() { done <- store.ServeQueries(ctx, e, dir, nil) }()
	defer func() { stop(); <-done }()
	for i := 0; ; i++ {
		if _, err := os.Stat(filepath.Join(dir, store.AddrFile)); err == nil {
			break
		}
		if i > 200 {
			t.Fatal("no run.addr")
		}
		time.Sleep(25 * time.Millisecond)
	}
	out, errs, code = sqlRun(t, "timeline", "-data", dir, "--org", "google", "--format", "tsv")
	if code != 0 || !strings.Contains(out, "commitment\tnew\tcompute\tGoogle (to), OpenAI (from)") {
		t.Fatalf("timeline through the endpoint: %d %q %s", code, out, errs)
	}
}
