package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if err := xml.Unmarshal(stdout.Bytes(), new(struct{})); err != nil || !strings.Contains(stdout.String(), "Amazon Web Services") {
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
