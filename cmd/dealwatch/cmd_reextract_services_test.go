package main

// TestReextractRealServices: the archive and reextract on a real Apache
// Kafka broker and a real ClickHouse 18.16 server (scripts/services.sh;
// skipped without them, a failure under CI=true). The stages run in this
// process on topics, consumer groups and a database named for this run
// only, since the broker and the server are shared with other tests: the
// extract worker, the event sink, the extractions sink, the archive and
// the alerter (backfill: announce) with a webhook receiver.
//
// The corpus is ingested with the extractor as built; then the worker is
// restarted with the changed configuration (changedConfig) and reextract
// re-publishes the archive. Then: every article's live events equal
// `dealwatch extract` with the new configuration, the deals only the old
// configuration found are gone from deals, no alert was repeated, the new
// configuration's deals were announced once as backfill, and a second
// reextract writes nothing and announces nothing.

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// runTopics are one test run's topics and consumer groups.
type runTopics struct {
	articles, events, extractions, deadLetter string
	extract, sink, sinkExtractions, archive   string
	alert, alertBackfill                      string
}

func newRunTopics(run string) runTopics {
	return runTopics{
		articles: run + ".articles", events: run + ".events", extractions: run + ".extractions", deadLetter: run + ".deadletter",
		extract: run + "-extract", sink: run + "-sink", sinkExtractions: run + "-sink-extractions", archive: run + "-archive",
		alert: run + "-alert", alertBackfill: run + "-alert-backfill",
	}
}

// startWorker runs an extract worker with x on the run's topics (as
// worker.Open wires one on the standard topics).
func (rt runTopics) startWorker(ctx context.Context, t *testing.T, cfg bus.Config, x configuredExtractor) *stageRun {
	t.Helper()
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return startStage(ctx, func(ctx context.Context) error {
		r := bus.NewReader(cfg, rt.articles, rt.extract)
		ew, dw, xw := bus.NewWriter(cfg, rt.events), bus.NewWriter(cfg, rt.deadLetter), bus.NewWriter(cfg, rt.extractions)
		defer xw.Close()
		defer dw.Close()
		defer ew.Close()
		defer r.Close()
		w := worker.New(r, ew, dw, x, v, worker.Options{Concurrency: 2, Log: discardLog(), Extractions: xw, ExtractorVersion: x.version})
		return w.Run(ctx)
	})
}

// startTableSink runs a sink of table on topic with the run's dead-letter topic.
func (rt runTopics) startTableSink(ctx context.Context, t *testing.T, cfg bus.Config, topic, group string, table func() (store.Table, error)) *stageRun {
	t.Helper()
	tb, err := table()
	if err != nil {
		t.Fatal(err)
	}
	r, dlq := bus.NewReader(cfg, topic, group), bus.NewWriter(cfg, rt.deadLetter)
	s, err := store.NewTableSink(r, tb, dlq, store.SinkConfig{BatchSize: 100, BatchTimeout: 100 * time.Millisecond, Log: discardLog()})
	if err != nil {
		t.Fatal(err)
	}
	return startStage(ctx, func(ctx context.Context) error {
		defer dlq.Close()
		defer r.Close()
		return s.Run(ctx)
	})
}

func TestReextractRealServices(t *testing.T) {
	kafkaAddr := testenv.Kafka(t)
	chAddr := testenv.ClickHouse(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	run := fmt.Sprintf("rx%d", time.Now().UnixNano())
	rt := newRunTopics(run)
	cfg := bus.Config{Brokers: []string{kafkaAddr}, Partitions: 3, ReplicationFactor: 1, ClientID: run}
	if err := bus.EnsureTopics(ctx, cfg, rt.articles, rt.events, rt.extractions, rt.deadLetter); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := bus.DeleteTopics(context.Background(), cfg, rt.articles, rt.events, rt.extractions, rt.deadLetter); err != nil {
			t.Logf("cleanup: %v", err)
		}
	}()
	eng, err := chserver.Open(ctx, chserver.Config{Addr: chAddr, Database: run, CreateDatabase: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = eng.Exec(context.Background(), "DROP DATABASE IF EXISTS "+run)
		eng.Close()
	}()
	if _, err := store.Migrate(ctx, eng, nil); err != nil {
		t.Fatal(err)
	}
	rs, err := rowStore(eng)
	if err != nil {
		t.Fatal(err)
	}

	// The corpus and what each configuration finds in it.
	paths, err := files.Walk([]string{"../../testdata/corpus/part1"})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(paths))
	for _, p := range paths {
		a, err := files.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	cb, newFlags := changedConfig(t)
	wantA, eventsA := extractedSet(t, ctx, nil, paths)
	want, wantEvents := extractedSet(t, ctx, newFlags, paths)
	goneDeals, newDeals := configChange(eventsA, wantEvents)
	if len(goneDeals) == 0 || len(newDeals) == 0 {
		t.Fatalf("the configuration change neither removes nor adds a deal in the corpus (gone %v, new %v)", goneDeals, newDeals)
	}

	// The alerter, with a webhook receiver.
	secret := []byte("reextract-services")
	var alerts alertLog
	srv := httptest.NewServer(alerts.handler(secret))
	defer srv.Close()
	rules := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(rules, []byte("backfill: announce\nwebhooks:\n  - name: test\n    url: "+srv.URL+"/hook\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	adlq := bus.NewWriter(cfg, rt.deadLetter)
	defer adlq.Close()
	al, err := openAlerter(alert.Options{RulesPath: rules, StatePath: filepath.Join(t.TempDir(), "alert.db"), Secret: secret}, adlq, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	defer al.Store.Close()
	alerter := startStage(ctx, func(ctx context.Context) error {
		er, xr := bus.NewReader(cfg, rt.events, rt.alert), bus.NewReader(cfg, rt.extractions, rt.alertBackfill)
		defer xr.Close()
		defer er.Close()
		return al.RunWithBackfill(ctx, er, xr)
	})
	defer alerter.stop(t, "alerter")

	// The sinks and the archive run throughout; the worker is restarted
	// with the new configuration, as a deployment rolls one out.
	sink := startStage(ctx, func(ctx context.Context) error {
		r, dlq := bus.NewReader(cfg, rt.events, rt.sink), bus.NewWriter(cfg, rt.deadLetter)
		defer dlq.Close()
		defer r.Close()
		s, err := store.NewSink(r, eng, dlq, store.SinkConfig{BatchSize: 100, BatchTimeout: 100 * time.Millisecond, Log: discardLog()})
		if err != nil {
			return err
		}
		return s.Run(ctx)
	})
	defer sink.stop(t, "sink")
	xsink := rt.startTableSink(ctx, t, cfg, rt.extractions, rt.sinkExtractions, func() (store.Table, error) { return store.NewExtractionTable(rs, discardLog()) })
	defer xsink.stop(t, "extractions sink")
	archive := rt.startTableSink(ctx, t, cfg, rt.articles, rt.archive, func() (store.Table, error) { return store.NewArticleTable(rs, discardLog()) })
	defer archive.stop(t, "archive")
	wA := rt.startWorker(ctx, t, cfg, buildConfig(t, extractorConfig{}))

	idle := func(when string, groups ...stageGroup) {
		t.Helper()
		if err := waitIdle(ctx, cfg, groups, 100*time.Millisecond); err != nil {
			t.Fatalf("%s: never idle: %v", when, err)
		}
	}
	live := []stageGroup{{worker.Stage, rt.extract, rt.articles}, {store.ArchiveStage, rt.archive, rt.articles},
		{store.SinkStage, rt.sink, rt.events}, {alert.Stage, rt.alert, rt.events}}
	backfill := []stageGroup{{alert.Stage, rt.alertBackfill, rt.extractions}}

	// 1. Ingest with the extractor as built.
	aw := bus.NewWriter(cfg, rt.articles)
	defer aw.Close()
	if st, err := ingestFiles(ctx, aw, paths, ingestOptions{stderr: io.Discard, log: discardLog()}); err != nil || st.Failed > 0 {
		t.Fatalf("ingest: %+v %v", st, err)
	}
	idle("ingest", live...)
	if got := liveSet(t, eng, ids); !mapsEqual(got, wantA) {
		t.Fatalf("after ingest: %d live events, `dealwatch extract` gives %d", len(got), len(wantA))
	}
	if n := count(t, eng, "SELECT count() FROM articles FINAL"); n != uint64(len(ids)) {
		t.Fatalf("archive holds %d articles, want %d", n, len(ids))
	}
	for _, d := range goneDeals {
		if count(t, eng, "SELECT count() FROM deals WHERE deal_id = ?", d) == 0 {
			t.Fatalf("deal %s of the old configuration is not in deals before reextract", d)
		}
	}
	liveAlerts, _, _ := alerts.snapshot()
	if len(liveAlerts) == 0 {
		t.Fatal("no live alert")
	}

	// 2. The new configuration, then reextract through Kafka.
	wA.stop(t, "worker A")
	wB := rt.startWorker(ctx, t, cfg, buildConfig(t, cb))
	defer wB.stop(t, "worker B")
	env := &cliEnv{stdout: io.Discard, stderr: io.Discard, log: discardLog()}
	o := reextractOptions{batch: 10, wait: true, stall: 2 * time.Minute, every: time.Second, dataDir: t.TempDir()}
	if err := reextractPublish(ctx, env, eng, aw, o); err != nil {
		t.Fatal(err)
	}
	got := liveSet(t, eng, ids)
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
		if n := count(t, eng, "SELECT count() FROM deals WHERE deal_id = ?", d); n != 0 {
			t.Errorf("deal %s, which the new configuration does not find, still in deals", d)
		}
	}
	for _, d := range newDeals {
		if n := count(t, eng, "SELECT count() FROM deals WHERE deal_id = ?", d); n == 0 {
			t.Errorf("new deal %s not in deals", d)
		}
	}

	// 3. Alerts: the old configuration's were not repeated, the new
	// deals were announced once each, marked backfill.
	idle("reextract", backfill...)
	rulesNow, err := alert.LoadRules(rules)
	if err != nil {
		t.Fatal(err)
	}
	liveDeals := map[string]bool{}
	for _, e := range eventsA {
		liveDeals[e.DealID] = true
	}
	backfillDeals := map[string]bool{}
	for _, e := range wantEvents {
		if ok, _ := rulesNow.Match(e); ok && !liveDeals[e.DealID] {
			backfillDeals[e.DealID] = true
		}
	}
	check := func(when string) int {
		t.Helper()
		as, keys, marked := alerts.snapshot()
		seenKey, seenNew, gotBackfill := map[string]bool{}, map[string]bool{}, map[string]bool{}
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
			if a.Backfill != marked[i] {
				t.Errorf("%s: alert %s: body backfill %v, header %v", when, keys[i], a.Backfill, marked[i])
			}
			if a.Backfill {
				gotBackfill[a.DealID] = true
			}
		}
		if !mapsEqualBool(gotBackfill, backfillDeals) {
			t.Errorf("%s: backfill alerts for %v, want %v", when, gotBackfill, backfillDeals)
		}
		if len(as) != len(liveAlerts)+len(backfillDeals) {
			t.Errorf("%s: %d alerts, want %d live + %d backfill", when, len(as), len(liveAlerts), len(backfillDeals))
		}
		return len(as)
	}
	n := check("after reextract")

	// 4. A second reextract writes nothing and announces nothing.
	newest := count(t, eng, "SELECT max(version) FROM events")
	if err := reextractPublish(ctx, env, eng, aw, o); err != nil {
		t.Fatal(err)
	}
	if rows := count(t, eng, "SELECT count() FROM events WHERE version > ?", newest); rows != 0 {
		t.Errorf("second reextract wrote %d event rows", rows)
	}
	if !mapsEqual(liveSet(t, eng, ids), want) {
		t.Errorf("second reextract changed the live events")
	}
	idle("second reextract", backfill...)
	if m := check("after a second reextract"); m != n {
		t.Errorf("second reextract: %d alerts, was %d", m, n)
	}
	if r := count(t, eng, "SELECT count() FROM articles FINAL WHERE positionCaseInsensitive(text, 'Bpifrance') > 0"); r == 0 {
		t.Error("the archive finds no article naming Bpifrance")
	}
	t.Logf("%d articles on Kafka %s and ClickHouse %s (database %s): %d live events, deals %d gone, %d new; %d live alerts, %d backfill",
		len(ids), kafkaAddr, chAddr, run, len(got), len(goneDeals), len(newDeals), len(liveAlerts), len(backfillDeals))
}
