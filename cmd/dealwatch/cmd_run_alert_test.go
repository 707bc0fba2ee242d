package main

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// webhookReceiver records the signed POSTs it gets.
type webhookReceiver struct {
	mu   sync.Mutex
	keys []string
	bad  []string
}

func newWebhookReceiver(t *testing.T, secret []byte) (*webhookReceiver, *httptest.Server) {
	rcv := &webhookReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if err := alert.VerifySignature(secret, body, r.Header.Get(alert.HeaderSignature), time.Now(), alert.DefaultSignatureTolerance); err != nil {
			rcv.bad = append(rcv.bad, err.Error())
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		rcv.keys = append(rcv.keys, r.Header.Get(alert.HeaderIdempotencyKey))
	}))
	t.Cleanup(srv.Close)
	return rcv, srv
}

func (r *webhookReceiver) got() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.keys...), append([]string(nil), r.bad...)
}

// TestRunAlertCallsWebhooks: `run --alert --alert-rules FILE` sets the
// alerter up as `dealwatch alert` does: the rules file's webhook and
// ALERT_WEBHOOK_URLS both get every alert, signed with
// ALERT_WEBHOOK_SECRET (timestamped, verified by the receiver), one per
// Idempotency-Key.
func TestRunAlertCallsWebhooks(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	t.Setenv("KAFKA_BROKERS", "")
	t.Setenv("ALERT_RULES", "")
	secret := []byte("run-alert-secret")
	fromRules, rulesSrv := newWebhookReceiver(t, secret)
	fromEnv, envSrv := newWebhookReceiver(t, secret)
	t.Setenv("ALERT_WEBHOOK_URLS", envSrv.URL+"/hook")
	dir := t.TempDir()
	rules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(rules, []byte("webhooks:\n  - url: "+rulesSrv.URL+"/rules\n    name: rules-hook\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"run", "--data", filepath.Join(dir, "data"), "--ingest", filepath.Join("..", "..", "testdata", "samples"),
		"--until-idle", "--alert", "--alert-rules", rules, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0"}

	// Webhooks without a secret are a configuration error at start.
	t.Setenv("ALERT_WEBHOOK_SECRET", "")
	var out, errb bytes.Buffer
	if code := realMain(args, strings.NewReader(""), &out, &errb); code != 2 || !strings.Contains(errb.String(), "ALERT_WEBHOOK_SECRET") {
		t.Fatalf("run --alert with webhooks and no secret: exit %d\n%s", code, errb.String())
	}

	t.Setenv("ALERT_WEBHOOK_SECRET", string(secret))
	out.Reset()
	errb.Reset()
	if code := realMain(args, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	rk, rbad := fromRules.got()
	ek, ebad := fromEnv.got()
	if len(rbad)+len(ebad) > 0 {
		t.Fatalf("signatures refused: %v %v", rbad, ebad)
	}
	if len(rk) == 0 || len(rk) != len(ek) {
		t.Fatalf("rules webhook got %d alerts, ALERT_WEBHOOK_URLS %d; want the same, more than 0\n%s", len(rk), len(ek), errb.String())
	}
	seen := map[string]bool{}
	for _, k := range rk {
		if k == "" || seen[k] {
			t.Errorf("Idempotency-Key %q missing or repeated", k)
		}
		seen[k] = true
	}
	t.Logf("%d alerts to each webhook", len(rk))
}
