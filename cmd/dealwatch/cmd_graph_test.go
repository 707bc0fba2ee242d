package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/storetest"
)

func TestGraphFromEvents(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "g.png")
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"graph", "-from-events", "../../alert/testdata/outlets.jsonl", "-o", out}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	stdout.Reset()
	if code := realMain([]string{"graph", "-from-events", "../../alert/testdata/outlets.jsonl"}, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if err := xml.Unmarshal(stdout.Bytes(), new(struct{})); err != nil || !strings.Contains(stdout.String(), ">Amazon<") {
		t.Fatalf("stdout is not the SVG graph: %v", err)
	}
}

func TestGraphUsageErrors(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"graph", "-format", "gif", "-from-events", "x"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("bad format: exit %d", code)
	}
	if code := realMain([]string{"graph", "-from-events", "/nonexistent.jsonl"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("missing file: exit %d", code)
	}
}

func TestAlertRejectsBadRulesBeforeKafka(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(rules, []byte("types: [merger]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KAFKA_BROKERS", "127.0.0.1:1") // nothing listens: reaching Kafka would fail differently
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"alert", "-rules", rules, "-state", filepath.Join(dir, "s.db")}, nil, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "unknown type") {
		t.Errorf("stderr: %s", stderr.String())
	}
	t.Setenv("ALERT_WEBHOOK_URLS", "http://127.0.0.1:9/hook")
	t.Setenv("ALERT_WEBHOOK_SECRET", "")
	if code := realMain([]string{"alert", "-state", filepath.Join(dir, "s.db")}, nil, &stdout, &stderr); code != 2 {
		t.Fatalf("webhook without secret: exit %d: %s", code, stderr.String())
	}
}

// While another process holds the chDB session (as `dealwatch run` does),
// graph reads alliances and deals through its query endpoint: opening
// chDB itself would fail on the held directory.
func TestGraphThroughRunEndpoint(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	dir := t.TempDir()
	if _, errs, code := sqlRun(t, "migrate", "-data", dir); code != 0 {
		t.Fatalf("migrate: %d %s", code, errs)
	}
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
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, store.AddrFile)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the query endpoint did not start")
		}
		time.Sleep(25 * time.Millisecond)
	}
	page := filepath.Join(dir, "graph.html")
	if _, errs, code := sqlRun(t, "graph", "-data", dir, "-o", page); code != 0 {
		t.Fatalf("graph while the session is held: %d %s", code, errs)
	}
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// Organisation names from the gazetteer; the deals' evidence for hovering.
	if s := string(raw); !strings.Contains(s, ">Amazon<") || strings.Contains(s, ">Amazon Web Services<") || !strings.Contains(s, `"evidence":"`) {
		t.Errorf("graph.html lacks the organisation name or the evidence")
	}
}
