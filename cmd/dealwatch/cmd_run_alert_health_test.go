package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// TestRunAlertWebhookDownIsUnhealthy: in `dealwatch run --alert`, a
// webhook receiver that fails turns /healthz 503 naming alert/webhook:<name>
// (as a failing Kafka or ClickHouse does for the other stages); once it
// accepts again every alert is delivered and run --until-idle ends.
func TestRunAlertWebhookDownIsUnhealthy(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	t.Setenv("KAFKA_BROKERS", "")
	t.Setenv("ALERT_RULES", "")
	t.Setenv("ALERT_WEBHOOK_URLS", "")
	t.Setenv("ALERT_WEBHOOK_SECRET", "health-secret")
	var down atomic.Bool
	var delivered atomic.Int64
	down.Store(true)
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		delivered.Add(1)
	}))
	defer rcv.Close()
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(rules, []byte("webhooks:\n  - url: "+rcv.URL+"/hook\n    name: ops\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	args := []string{"run", "--data", data, "--ingest", filepath.Join("..", "..", "testdata", "samples"),
		"--until-idle", "--alert", "--alert-rules", rules, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0"}
	var out, errb bytes.Buffer
	exit := make(chan int, 1)
	go func() { exit <- realMain(args, strings.NewReader(""), &out, &errb) }()

	deadline := time.Now().Add(2 * time.Minute)
	var body string
	for {
		if time.Now().After(deadline) {
			down.Store(false)
			t.Fatalf("no 503 from /healthz naming alert/webhook:ops; last body %q", body)
		}
		select {
		case code := <-exit:
			t.Fatalf("run ended (%d) while the webhook was down\n%s", code, errb.String())
		case <-time.After(50 * time.Millisecond):
		}
		raw, err := os.ReadFile(runInfoFile(data))
		if err != nil {
			continue
		}
		var info runInfo
		if json.Unmarshal(raw, &info) != nil || info.MetricsAddr == "" {
			continue
		}
		resp, err := http.Get("http://" + info.MetricsAddr + "/healthz")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body = string(b)
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(body, "alert/webhook:ops: ") && strings.Contains(body, "HTTP 503") {
			break
		}
	}
	down.Store(false)
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("run: exit %d\n%s", code, errb.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("run --until-idle did not end after the webhook recovered")
	}
	if delivered.Load() == 0 {
		t.Fatalf("no alert delivered after the receiver recovered\n%s", errb.String())
	}
	if !strings.Contains(errb.String(), `"dependency":"webhook:ops"`) || !strings.Contains(errb.String(), `"msg":"recovered"`) {
		t.Errorf("no retry and recovery logged for webhook:ops")
	}
}
