package main

// TestReextractAgainstRun: `dealwatch reextract` against a running
// `dealwatch run` (embedded Kafka and chDB, alerter on), each a process of
// its own as a user runs them. reextract finds the run's broker and query
// endpoint in run.json.
//
// The history before the re-extraction is that of an "old extractor":
// part of the corpus was ingested live (and announced), then, with run
// stopped, the stored events were made to differ from what the current
// extractor finds — two false positives added, one real event retracted
// (a miss) — and two more articles were put in the archive only (never
// extracted, so their deals appear only through re-extraction). After
// reextract: for every article the live events equal `dealwatch extract`,
// the false positives are gone from deals, no alert was repeated, the
// deals found only by re-extraction were announced once, marked backfill
// (rules: backfill: announce), and a second reextract writes nothing.

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
	osexec "os/exec"
	"path/filepath"
	"slices"
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
	"github.com/dealwatch/dealwatch/store/chembed"
)

// tamper is what the helper process does to a stopped run's chDB.
type tamper struct {
	Dir      string              `json:"dir"`
	Insert   []schemas.DealEvent `json:"insert"`
	Retract  []string            `json:"retract"`
	Articles []schemas.Article   `json:"articles"`
}

// TestReextractHelperProcess is not a test: TestReextractAgainstRun runs
// the test binary again with DEALWATCH_REEXTRACT_TAMPER set to change a
// chDB data directory (libchdb allows one session per process).
func TestReextractHelperProcess(t *testing.T) {
	raw := os.Getenv("DEALWATCH_REEXTRACT_TAMPER")
	if raw == "" {
		t.Skip("helper process for TestReextractAgainstRun")
	}
	var tp tamper
	if err := json.Unmarshal([]byte(raw), &tp); err != nil {
		panic(err)
	}
	ctx := context.Background()
	e, err := chembed.Open(ctx, chembed.Config{Dir: tp.Dir})
	if err != nil {
		panic(err)
	}
	defer e.Close()
	if err := e.InsertEvents(ctx, tp.Insert); err != nil {
		panic(err)
	}
	for _, id := range tp.Retract {
		if ok, err := store.Retract(ctx, e, id); err != nil || !ok {
			panic(fmt.Sprintf("retract %s: %v %v", id, ok, err))
		}
	}
	at, err := store.NewArticleTable(e, nil)
	if err != nil {
		panic(err)
	}
	rows := make([]any, len(tp.Articles))
	for i, a := range tp.Articles {
		rows[i] = a
	}
	if _, err := at.Insert(ctx, rows); err != nil {
		panic(err)
	}
}

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

// extractedSet runs `dealwatch extract` (a process of its own) on paths:
// event_id → content hash, and the events.
func extractedSet(t *testing.T, ctx context.Context, paths []string) (map[string]string, []schemas.DealEvent) {
	t.Helper()
	out, err := helperCmd(t, ctx, "main", append([]string{"extract"}, paths...)).Output()
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

	// The corpus: live articles and two held back, whose deals the live
	// ones do not have.
	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	paths, err := files.Walk([]string{"../../testdata/corpus/part1"})
	if err != nil {
		t.Fatal(err)
	}
	var live, held []string
	var heldArts []schemas.Article
	liveDeals := map[string]bool{}
	liveEvents := map[string][]schemas.DealEvent{} // by path
	for _, p := range paths {
		a, err := files.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := x.Extract(ctx, a)
		if err != nil || len(evs) == 0 {
			continue
		}
		switch {
		case len(live) < 8:
			live = append(live, p)
			liveEvents[p] = evs
			for _, e := range evs {
				liveDeals[e.DealID] = true
			}
		case len(held) < 2 && !slices.ContainsFunc(evs, func(e schemas.DealEvent) bool { return liveDeals[e.DealID] }):
			held, heldArts = append(held, p), append(heldArts, a)
		}
	}
	if len(held) < 2 {
		t.Fatal("corpus: no two articles with deals of their own")
	}

	data := t.TempDir()
	base := []string{"run", "--data", data, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0", "--alert", "--alert-rules", rules}

	// 1. Live: ingest, extract, store, archive, announce.
	args := append(slices.Clone(base), "--until-idle")
	for _, p := range live {
		args = append(args, "--ingest", p)
	}
	if out, err := helperCmd(t, ctx, "main", args).CombinedOutput(); err != nil {
		t.Fatalf("run --until-idle: %v\n%s", err, out)
	}
	liveAlerts, _, _ := alerts.snapshot()
	if len(liveAlerts) == 0 {
		t.Fatal("no live alert")
	}

	// 2. The old extractor's history: two false positives, one miss, two
	// articles archived but never extracted.
	var fakes []schemas.DealEvent
	for i, p := range live[:2] {
		real := liveEvents[p][0]
		f := real
		f.Type, f.Action, f.Kind, f.Amount, f.Capacity, f.Until, f.Scope = schemas.TypePartnership, schemas.ActionFormed, nil, nil, nil, nil, nil
		f.Parties = []schemas.Party{{ID: fmt.Sprintf("phantom-%d", i), Name: fmt.Sprintf("Phantom %d", i), Role: schemas.RolePartner},
			{ID: "mirage", Name: "Mirage", Role: schemas.RolePartner}}
		f.ExtractorVersion, f.ExtractedAt = "old", real.ExtractedAt.Add(-time.Hour)
		f.DealID = schemas.DealID(f)
		f.EventID = schemas.HashID(f.Article.ID, "phantom", f.DealID)
		fakes = append(fakes, f)
	}
	missed := liveEvents[live[2]][0]
	tp := tamper{Dir: filepath.Join(data, "chdb"), Insert: fakes, Retract: []string{missed.EventID}, Articles: heldArts}
	raw, err := json.Marshal(tp)
	if err != nil {
		t.Fatal(err)
	}
	tc := osexec.CommandContext(ctx, os.Args[0], "-test.run=^TestReextractHelperProcess$")
	tc.Env = append(os.Environ(), "DEALWATCH_REEXTRACT_TAMPER="+string(raw))
	if out, err := tc.CombinedOutput(); err != nil {
		t.Fatalf("tamper: %v\n%s", err, out)
	}

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
	all := append(slices.Clone(live), held...)
	reextract := func() string {
		t.Helper()
		out, err := helperCmd(t, ctx, "main", []string{"reextract", "--data", data, "--stall-timeout", "2m"}).CombinedOutput()
		if err != nil {
			t.Fatalf("reextract: %v\n%s", err, out)
		}
		if want := fmt.Sprintf(": %d articles re-extracted and applied in ", len(all)); !strings.Contains(string(out), want) {
			t.Fatalf("reextract output lacks %q:\n%s", want, out)
		}
		return string(out)
	}
	reextract()

	// Every article's live events are what `dealwatch extract` gives.
	want, wantEvents := extractedSet(t, ctx, all)
	got := map[string]string{}
	for _, r := range sqlRows(t, ctx, data, "SELECT event_id, content_hash FROM events FINAL WHERE retracted = 0") {
		got[r[0]] = r[1]
	}
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
	if _, ok := got[missed.EventID]; !ok {
		t.Errorf("the missed event %s did not come back", missed.EventID)
	}
	for _, f := range fakes {
		if n := sqlRows(t, ctx, data, "SELECT count() FROM deals WHERE deal_id = '"+f.DealID+"'"); n[0][0] != "0" {
			t.Errorf("false positive deal %s still in deals", f.DealID)
		}
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
		t.Fatal("the held-back articles have no deal the rules announce")
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
	t.Logf("%d articles (%d held back), %d live events after reextract, %d live alerts, %d backfill deals", len(all), len(held), len(got), len(liveAlerts), len(backfillDeals))
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
