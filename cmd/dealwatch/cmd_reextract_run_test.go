package main

// TestReextractAgainstRun: `dealwatch reextract` against a running
// `dealwatch run` (embedded Kafka and chDB, alerter on), each a process of
// its own as a user runs them. reextract finds the run's broker and query
// endpoint in run.json.
//
// The corpus is ingested live (and announced) by `run` with the extractor
// as built. Then the configuration changes (changedConfig: the veto
// switched off, Bpifrance added to the lexicon): `run` is started
// again with --gazetteer and --disable-stage, and reextract re-runs it over
// the archive. After reextract: for every article the live events equal
// `dealwatch extract` with the new configuration; the deals only the old
// configuration found are gone from deals; no alert was repeated; the
// deals only the new configuration finds were announced once, marked
// backfill (rules: backfill: announce); the events the change produced
// carry its extractor_version; and a second reextract writes nothing.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
)

// alertLog is a webhook receiver that checks signatures and records alerts.
type alertLog struct {
	mu     sync.Mutex
	alerts []alert.Alert
	keys   []string
	marked []bool // X-Dealwatch-Backfill: true
	bad    int
}

func (l *alertLog) handler(secret []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		l.mu.Lock()
		defer l.mu.Unlock()
		if alert.VerifySignature(secret, body, r.Header.Get(alert.HeaderSignature), time.Now(), alert.DefaultSignatureTolerance) != nil {
			l.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var a alert.Alert
		if err := json.Unmarshal(body, &a); err != nil {
			l.bad++
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		l.alerts = append(l.alerts, a)
		l.keys = append(l.keys, r.Header.Get(alert.HeaderIdempotencyKey))
		l.marked = append(l.marked, r.Header.Get(alert.HeaderBackfill) == "true")
	})
}

func (l *alertLog) snapshot() ([]alert.Alert, []string, []bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.alerts), slices.Clone(l.keys), slices.Clone(l.marked)
}

// extractedSet runs `dealwatch extract` with flags (a process of its own)
// on paths: event_id → content hash, and the events.
func extractedSet(t *testing.T, ctx context.Context, flags, paths []string) (map[string]string, []schemas.DealEvent) {
	t.Helper()
	out, err := helperCmd(t, ctx, "main", append(append([]string{"extract"}, flags...), paths...)).Output()
	if err != nil {
		t.Fatalf("dealwatch extract: %v", err)
	}
	set := map[string]string{}
	var evs []schemas.DealEvent
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e schemas.DealEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("extract output: %v", err)
		}
		set[e.EventID] = store.NewEventRow(e).ContentHash
		evs = append(evs, e)
	}
	return set, evs
}

// sqlRows runs `dealwatch sql --format tsv` (through run's query endpoint)
// and returns the rows without the header.
func sqlRows(t *testing.T, ctx context.Context, data, query string) [][]string {
	t.Helper()
	out, err := helperCmd(t, ctx, "main", []string{"sql", "--data", data, "--format", "tsv", query}).Output()
	if err != nil {
		t.Fatalf("dealwatch sql %q: %v", query, err)
	}
	var rows [][]string
	for i, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if i == 0 || line == "" { // header
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	return rows
}

func TestReextractAgainstRun(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	secret := []byte("reextract-e2e")
	t.Setenv("ALERT_WEBHOOK_SECRET", string(secret))
	t.Setenv("ALERT_WEBHOOK_URLS", "")
	t.Setenv("ALERT_RULES", "")
	var alerts alertLog
	srv := httptest.NewServer(alerts.handler(secret))
	defer srv.Close()
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte("backfill: announce\nwebhooks:\n  - name: test\n    url: "+srv.URL+"/hook\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	// The corpus, and what each configuration finds in it.
	paths, err := files.Walk([]string{"../../testdata/corpus/part1"})
	if err != nil {
		t.Fatal(err)
	}
	_, newFlags := changedConfig(t)
	wantA, eventsA := extractedSet(t, ctx, nil, paths)
	want, wantEvents := extractedSet(t, ctx, newFlags, paths)
	goneDeals, newDeals := configChange(eventsA, wantEvents)
	if len(goneDeals) == 0 || len(newDeals) == 0 {
		t.Fatalf("the configuration change neither removes nor adds a deal in the corpus (gone %v, new %v)", goneDeals, newDeals)
	}
	liveDeals := map[string]bool{}
	for _, e := range eventsA {
		liveDeals[e.DealID] = true
	}

	data := t.TempDir()
	base := []string{"run", "--data", data, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0", "--alert", "--alert-rules", rules}

	// 1. Live, with the extractor as built: ingest, extract, store,
	// archive, announce.
	args := append(slices.Clone(base), "--until-idle", "--ingest", "../../testdata/corpus/part1")
	if out, err := helperCmd(t, ctx, "main", args).CombinedOutput(); err != nil {
		t.Fatalf("run --until-idle: %v\n%s", err, out)
	}
	liveAlerts, _, _ := alerts.snapshot()
	if len(liveAlerts) == 0 {
		t.Fatal("no live alert")
	}

	// 2. The configuration changes: run again with it.
	base = append(base, newFlags...)

	// 3. run is up; reextract goes through its broker and query endpoint.
	var runOut syncBuffer
	rc := helperCmd(t, ctx, "main", base)
	rc.Stdout, rc.Stderr = &runOut, &runOut
	if err := rc.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- rc.Wait() }()
	defer func() {
		_ = rc.Process.Signal(syscall.SIGTERM)
		if err := <-exited; err != nil {
			t.Errorf("run after SIGTERM: %v\n%s", err, runOut.String())
		}
	}()
	for !strings.Contains(runOut.String(), `"msg":"dealwatch run"`) {
		select {
		case err := <-exited:
			t.Fatalf("run exited (%v):\n%s", err, runOut.String())
		case <-ctx.Done():
			t.Fatalf("run never started:\n%s", runOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	var info runInfo
	if raw, err := os.ReadFile(runInfoFile(data)); err != nil || json.Unmarshal(raw, &info) != nil {
		t.Fatalf("run.json: %v", err)
	}
	liveNow := func() map[string]string {
		t.Helper()
		got := map[string]string{}
		for _, r := range sqlRows(t, ctx, data, "SELECT event_id, content_hash FROM events FINAL WHERE retracted = 0") {
			got[r[0]] = r[1]
		}
		return got
	}
	// Before: the old configuration's events and deals.
	if !mapsEqual(liveNow(), wantA) {
		t.Fatal("after the live run, the live events are not what `dealwatch extract` gives with the old configuration")
	}
	for _, d := range goneDeals {
		if n := sqlRows(t, ctx, data, "SELECT count() FROM deals WHERE deal_id = '"+d+"'"); n[0][0] == "0" {
			t.Fatalf("deal %s of the old configuration is not in deals before reextract", d)
		}
	}
	reextract := func() string {
		t.Helper()
		out, err := helperCmd(t, ctx, "main", []string{"reextract", "--data", data, "--stall-timeout", "2m"}).CombinedOutput()
		if err != nil {
			t.Fatalf("reextract: %v\n%s", err, out)
		}
		if want := fmt.Sprintf(": %d articles re-extracted and applied in ", len(paths)); !strings.Contains(string(out), want) {
			t.Fatalf("reextract output lacks %q:\n%s", want, out)
		}
		return string(out)
	}
	reextract()

	// Every article's live events are what `dealwatch extract` gives with
	// the new configuration.
	got := liveNow()
	if !mapsEqual(got, want) {
		for id, h := range want {
			if got[id] != h {
				t.Errorf("event %s: stored %q, extract gives %q", id, got[id], h)
			}
		}
		for id := range got {
			if _, ok := want[id]; !ok {
				t.Errorf("event %s is live but extract does not give it", id)
			}
		}
		t.FailNow()
	}
	for _, d := range goneDeals {
		if n := sqlRows(t, ctx, data, "SELECT count() FROM deals WHERE deal_id = '"+d+"'"); n[0][0] != "0" {
			t.Errorf("deal %s, which the new configuration does not find, still in deals", d)
		}
	}
	// The events the change produced (new or changed) carry its version;
	// the others keep the version that first found them.
	version, produced := wantEvents[0].ExtractorVersion, 0
	for id, h := range want {
		if wantA[id] != h {
			produced++
		}
	}
	if !strings.Contains(version, "+no-"+extract.StageVeto) {
		t.Errorf("extractor_version %q does not name the configuration", version)
	}
	if r := sqlRows(t, ctx, data, "SELECT count() FROM events FINAL WHERE retracted = 0 AND extractor_version = '"+version+"'"); r[0][0] != strconv.Itoa(produced) {
		t.Errorf("%s live events of %s, want the %d the change produced", r[0][0], version, produced)
	}

	// Alerts: the alerter has consumed every re-extraction.
	idle := func() {
		t.Helper()
		if err := waitIdle(ctx, bus.Config{Brokers: info.Brokers}, []stageGroup{
			{alert.Stage, alert.BackfillGroup, schemas.TopicExtractions}, {alert.Stage, alert.ConsumerGroup, schemas.TopicEvents}}, 50*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	idle()
	backfillDeals := map[string]bool{}
	rulesNow, err := alert.LoadRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range wantEvents {
		if ok, _ := rulesNow.Match(e); ok && !liveDeals[e.DealID] {
			backfillDeals[e.DealID] = true
		}
	}
	if len(backfillDeals) == 0 {
		t.Fatalf("none of the new configuration's deals %v is one the rules announce", newDeals)
	}
	checkAlerts := func(when string) int {
		t.Helper()
		as, keys, marked := alerts.snapshot()
		seenKey, seenNew := map[string]bool{}, map[string]bool{}
		gotBackfill := map[string]bool{}
		for i, a := range as {
			if seenKey[keys[i]] {
				t.Errorf("%s: alert %s repeated", when, keys[i])
			}
			seenKey[keys[i]] = true
			if a.Kind == alert.KindNewDeal {
				if seenNew[a.DealID] {
					t.Errorf("%s: deal %s announced twice", when, a.DealID)
				}
				seenNew[a.DealID] = true
			}
			if a.Backfill != marked[i] || (a.Backfill && a.ReextractRun == "") {
				t.Errorf("%s: alert %s: body backfill %v, header %v, run %q", when, keys[i], a.Backfill, marked[i], a.ReextractRun)
			}
			if a.Backfill {
				gotBackfill[a.DealID] = true
			}
		}
		if !mapsEqualBool(gotBackfill, backfillDeals) {
			t.Errorf("%s: backfill alerts for %v, want %v", when, gotBackfill, backfillDeals)
		}
		if alerts.bad > 0 {
			t.Errorf("%s: %d alerts with a bad signature or body", when, alerts.bad)
		}
		return len(as)
	}
	n := checkAlerts("after reextract")
	t.Logf("%d articles, %d live events after reextract (%d of %s), deals %d gone, %d new; %d live alerts, %d backfill deals",
		len(paths), len(got), produced, version, len(goneDeals), len(newDeals), len(liveAlerts), len(backfillDeals))
	if n != len(liveAlerts)+len(backfillDeals) {
		t.Errorf("%d alerts, want %d live + %d backfill", n, len(liveAlerts), len(backfillDeals))
	}

	// A second reextract writes nothing and announces nothing.
	newest := sqlRows(t, ctx, data, "SELECT max(version) FROM events")[0][0]
	reextract()
	if r := sqlRows(t, ctx, data, "SELECT count() FROM events WHERE version > "+newest); r[0][0] != "0" {
		t.Errorf("second reextract wrote %s event rows", r[0][0])
	}
	idle()
	if m := checkAlerts("after a second reextract"); m != n {
		t.Errorf("second reextract: %d alerts, was %d", m, n)
	}
}

func mapsEqualBool(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}
