package main

// TestReextract: articles go through the pipeline (kfake, chDB) with
// extractor A; reextract with extractor B (A without its partnership rule,
// and with the exclusivity events A misses) must leave exactly B's events
// live, retract A's partnerships from the deals view, survive a kill in the
// middle, and change nothing when run again. The dry run must predict it.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// variant is the real extractor with one event type switched off and the
// confidence of commitments shifted: an extractor "configuration".
type variant struct {
	x          *extract.Extractor
	drop       string
	confidence float64
}

func (v variant) Extract(ctx context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	evs, err := v.x.Extract(ctx, a)
	if err != nil {
		return nil, err
	}
	out := evs[:0]
	for _, e := range evs {
		if e.Type == v.drop {
			continue
		}
		if e.Type == schemas.TypeCommitment {
			e.Confidence = min(1, e.Confidence+v.confidence)
		}
		out = append(out, e)
	}
	return out, nil
}

type pipelineT struct {
	cfg    bus.Config
	engine store.Engine
	stop   func()
}

// startStages runs an extract worker with x, the event sink, the
// extractions sink and the archive, as `dealwatch run` wires them.
func startStages(t *testing.T, cfg bus.Config, e store.Engine, x worker.Extractor) func() {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	reg := metrics.New()
	g := newRunGroup(context.Background(), log)
	w, err := worker.Open(cfg, worker.DefaultGroup, x, worker.Options{Log: log, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	g.Go("extract", w.Run)
	sc := func(stage string) store.SinkConfig {
		return store.SinkConfig{Stage: stage, BatchSize: 50, BatchTimeout: 50 * time.Millisecond, Log: log, Metrics: reg.Stage(stage)}
	}
	for _, mk := range []func() (func(context.Context) error, error){
		func() (func(context.Context) error, error) {
			return newSinkStage(cfg, schemas.TopicEvents, store.SinkGroup, e, sc(store.SinkStage))
		},
		func() (func(context.Context) error, error) {
			return newExtractionsStage(cfg, store.ExtractionsGroup, e, sc(store.SinkStage))
		},
		func() (func(context.Context) error, error) {
			return newArchiveStage(cfg, store.ArchiveGroup, e, sc(store.ArchiveStage))
		},
	} {
		run, err := mk()
		if err != nil {
			t.Fatal(err)
		}
		g.Go("stage", run)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			g.Stop()
			if err := g.Wait(); err != nil {
				t.Errorf("stages: %v", err)
			}
		}
	}
	t.Cleanup(stop)
	return stop
}

func liveSet(t *testing.T, e store.Engine, ids []string) map[string]string {
	t.Helper()
	live, err := store.LiveEvents(storetest.Ctx(t), e, ids)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range live {
		out[l.EventID] = l.ContentHash
	}
	return out
}

func expectedSet(t *testing.T, x worker.Extractor, arts []schemas.Article) (map[string]string, []schemas.DealEvent) {
	t.Helper()
	out := map[string]string{}
	var all []schemas.DealEvent
	for _, a := range arts {
		evs, err := x.Extract(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			out[e.EventID] = store.NewEventRow(e).ContentHash
		}
		all = append(all, evs...)
	}
	return out, all
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func count(t *testing.T, e store.Engine, q string, args ...any) uint64 {
	t.Helper()
	r, err := e.Query(storetest.Ctx(t), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := r.Rows[0][0].(uint64)
	return n
}

func TestReextract(t *testing.T) {
	e := storetest.Embedded(t)
	storetest.Migrated(t, e)
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: 3, ReplicationFactor: 1}
	ctx := storetest.Ctx(t)
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions); err != nil {
		t.Fatal(err)
	}
	base, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	xa := variant{x: base, drop: schemas.TypeExclusivity, confidence: -0.05}
	xb := variant{x: base, drop: schemas.TypePartnership}

	paths, err := files.Walk([]string{"../../testdata/samples", "../../testdata/corpus/part1"})
	if err != nil {
		t.Fatal(err)
	}
	var arts []schemas.Article
	for _, p := range paths {
		a, err := files.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	wantA, evsA := expectedSet(t, xa, arts)
	wantB, _ := expectedSet(t, xb, arts)
	var partnershipDeals []string
	for _, ev := range evsA {
		if ev.Type == schemas.TypePartnership {
			partnershipDeals = append(partnershipDeals, ev.DealID)
		}
	}
	if len(partnershipDeals) == 0 || len(wantB) == len(wantA) {
		t.Fatalf("the corpus does not tell the configurations apart (A %d events, B %d)", len(wantA), len(wantB))
	}

	// Version A: ingest, extract, archive.
	stop := startStages(t, cfg, e, xa)
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	if _, err := ingestFiles(ctx, w, paths, ingestOptions{log: slog.New(slog.DiscardHandler), stderr: io.Discard}); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "version A's events and the archive", func() bool {
		return len(liveSet(t, e, ids)) == len(wantA) && count(t, e, "SELECT count() FROM articles FINAL") == uint64(len(arts))
	})
	if got := liveSet(t, e, ids); !mapsEqual(got, wantA) {
		t.Fatalf("after ingest: live events differ from extractor A's")
	}
	if n := count(t, e, "SELECT count() FROM articles FINAL WHERE positionCaseInsensitive(text, 'exclusive') > 0"); n == 0 {
		t.Errorf("no archived article mentions 'exclusive'")
	}
	stop()

	// Dry run with B predicts the change.
	var dry bytes.Buffer
	o := reextractOptions{batch: 5, wait: true, stall: time.Minute, every: 100 * time.Millisecond, dataDir: t.TempDir()}
	if err := reextractDryRun(ctx, &dry, e, xb, o); err != nil {
		t.Fatal(err)
	}
	added, retracted, changed := 0, 0, 0
	for id, h := range wantB {
		switch ah, ok := wantA[id]; {
		case !ok:
			added++
		case ah != h:
			changed++
		}
	}
	for id := range wantA {
		if _, ok := wantB[id]; !ok {
			retracted++
		}
	}
	summary := regexp.MustCompile(`events: (\d+) added, (\d+) retracted, (\d+) changed`).FindStringSubmatch(dry.String())
	if summary == nil || summary[1] != strconv.Itoa(added) || summary[2] != strconv.Itoa(retracted) || summary[3] != strconv.Itoa(changed) {
		t.Fatalf("dry run summary %q, want %d added, %d retracted, %d changed\n%s", summary, added, retracted, changed, dry.String())
	}
	if !regexp.MustCompile(`deals: \d+ appearing, [1-9]\d* disappearing`).MatchString(dry.String()) {
		t.Errorf("dry run: no deal disappearing although partnerships are retracted:\n%s", dry.String())
	}
	if got := liveSet(t, e, ids); !mapsEqual(got, wantA) {
		t.Fatalf("the dry run changed the events")
	}

	// Version B: reextract, killed after the first batch, then resumed.
	startStages(t, cfg, e, xb)
	env := &cliEnv{stdout: io.Discard, stderr: io.Discard, log: slog.New(slog.DiscardHandler)}
	kctx, kill := context.WithCancel(ctx)
	o.afterBatch = func(n int) {
		if n >= o.batch {
			kill()
		}
	}
	if err := reextractPublish(kctx, env, e, w, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted reextract: %v", err)
	}
	st, ok := loadState(stateFile(o.dataDir, o.filter))
	if !ok || st.Done || st.Published != o.batch {
		t.Fatalf("checkpoint after the kill: %+v", st)
	}
	o.afterBatch = nil
	var out, errOut bytes.Buffer
	env.stdout, env.stderr = &out, &errOut
	if err := reextractPublish(ctx, env, e, w, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(errOut.Bytes(), []byte("resuming run "+st.RunID)) {
		t.Errorf("second run did not resume %s:\n%s", st.RunID, errOut.String())
	}
	if !regexp.MustCompile(`run ` + st.RunID + `: ` + strconv.Itoa(len(arts)) + ` articles re-extracted and applied in .* articles/s`).Match(out.Bytes()) {
		t.Errorf("summary: %s", out.String())
	}
	if got := liveSet(t, e, ids); !mapsEqual(got, wantB) {
		t.Fatalf("after reextract: live events differ from extractor B's (%d live, %d wanted)", len(got), len(wantB))
	}
	for _, d := range partnershipDeals {
		if n := count(t, e, "SELECT count() FROM deals WHERE deal_id = ?", d); n != 0 {
			t.Errorf("retracted partnership deal %s still in deals", d)
		}
		if n := count(t, e, "SELECT count() FROM timeline WHERE deal_id = ?", d); n != 0 {
			t.Errorf("retracted partnership deal %s still in timeline", d)
		}
	}
	if n := count(t, e, "SELECT count() FROM alliance_state WHERE partnership_action != ''"); n != 0 {
		t.Errorf("alliance_state still shows %d partnerships", n)
	}

	// Idempotent: a second reextract adds no row and changes nothing.
	// (Row counts shrink when parts merge; versions only grow.)
	newest := count(t, e, "SELECT max(version) FROM events")
	out.Reset()
	if err := reextractPublish(ctx, env, e, w, o); err != nil {
		t.Fatal(err)
	}
	if got := count(t, e, "SELECT count() FROM events WHERE version > ?", newest); got != 0 {
		t.Errorf("second reextract wrote %d event rows", got)
	}
	if got := liveSet(t, e, ids); !mapsEqual(got, wantB) {
		t.Errorf("second reextract changed the live events")
	}
	dry.Reset()
	if err := reextractDryRun(ctx, &dry, e, xb, o); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dry.Bytes(), []byte("events: 0 added, 0 retracted, 0 changed")) {
		t.Errorf("dry run after reextract: %s", dry.String())
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	ka := make([]string, 0, len(a))
	for k, v := range a {
		if b[k] != v {
			return false
		}
		ka = append(ka, k)
	}
	slices.Sort(ka)
	return true
}
