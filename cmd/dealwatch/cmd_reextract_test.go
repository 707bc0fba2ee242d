package main

// TestReextract: articles go through the pipeline (kfake, chDB) with the
// extractor as built (configuration A); then the configuration changes
// (changedConfig: one stage switched off, one organisation added to the
// lexicon) and reextract must leave exactly B's events live, take the deals
// A found and B does not out of the deals, timeline and alliance_state
// views, survive a kill in the middle, and change nothing when run again.
// The dry run must predict it.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

// addedOrg is the lexicon entry the re-extraction tests add: Bpifrance,
// which the corpus names (testdata/corpus/part1/t020.txt) and the embedded
// lexicon does not know, under an id of its own (bpi instead of the name's
// slug bpifrance), so the deals it is a party to change.
const addedOrg = "  - {id: bpi, name: Bpifrance, kind: investor, aliases: [Bpifrance, Bpi France]}\n"

// changedConfig is the configuration the re-extraction tests change to:
// the veto switched off (extract.StageVeto), so that deals it dropped
// appear, and addedOrg in the lexicon, written to a file under
// t.TempDir(), so that Bpifrance's deals change id. It returns the
// configuration and the same as command-line flags.
func changedConfig(t *testing.T) (extractorConfig, []string) {
	t.Helper()
	raw, err := os.ReadFile("../../extract/gazetteer.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const at = "\norgs:\n"
	if !bytes.Contains(raw, []byte(at)) {
		t.Fatalf("extract/gazetteer.yaml has no %q line", at)
	}
	path := filepath.Join(t.TempDir(), "gazetteer.yaml")
	if err := os.WriteFile(path, bytes.Replace(raw, []byte(at), []byte(at+addedOrg), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	c := extractorConfig{gazetteer: path, disable: []string{extract.StageVeto}}
	return c, []string{"--gazetteer", path, "--disable-stage", extract.StageVeto}
}

// buildConfig builds c's extractor.
func buildConfig(t *testing.T, c extractorConfig) configuredExtractor {
	t.Helper()
	x, err := c.build(extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// configChange is what changing the configuration from events a to b
// does: the deals only a has (to disappear) and only b has (to appear).
func configChange(a, b []schemas.DealEvent) (gone, appearing []string) {
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, e := range a {
		inA[e.DealID] = true
	}
	for _, e := range b {
		inB[e.DealID] = true
	}
	for d := range inA {
		if !inB[d] {
			gone = append(gone, d)
		}
	}
	for d := range inB {
		if !inA[d] {
			appearing = append(appearing, d)
		}
	}
	slices.Sort(gone)
	slices.Sort(appearing)
	return gone, appearing
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
	cb, _ := changedConfig(t)
	xa, xb := buildConfig(t, extractorConfig{}), buildConfig(t, cb)

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
	wantB, evsB := expectedSet(t, xb, arts)
	goneDeals, newDeals := configChange(evsA, evsB)
	// Both changes must show: a deal the veto dropped (the stage switched
	// off) and the added organisation's deal under its new id, its old one
	// gone.
	if !slices.ContainsFunc(evsB, func(e schemas.DealEvent) bool {
		return slices.Contains(newDeals, e.DealID) && !slices.Contains(e.PartyIDs(), "bpi")
	}) || !slices.ContainsFunc(evsB, func(e schemas.DealEvent) bool { return slices.Contains(e.PartyIDs(), "bpi") }) || len(goneDeals) == 0 {
		t.Fatalf("the corpus does not show both configuration changes: deals gone %v, new %v", goneDeals, newDeals)
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
	if want := fmt.Sprintf("deals: %d appearing, %d disappearing", len(newDeals), len(goneDeals)); !strings.Contains(dry.String(), want) {
		t.Errorf("dry run: want %q:\n%s", want, dry.String())
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
	for _, d := range goneDeals {
		if n := count(t, e, "SELECT count() FROM deals WHERE deal_id = ?", d); n != 0 {
			t.Errorf("retracted deal %s still in deals", d)
		}
		if n := count(t, e, "SELECT count() FROM timeline WHERE deal_id = ?", d); n != 0 {
			t.Errorf("retracted deal %s still in timeline", d)
		}
	}
	for _, d := range newDeals {
		if n := count(t, e, "SELECT count() FROM deals WHERE deal_id = ?", d); n == 0 {
			t.Errorf("new deal %s not in deals", d)
		}
	}
	if n := count(t, e, "SELECT count() FROM alliance_state WHERE org_a = 'bpifrance' OR org_b = 'bpifrance'"); n != 0 {
		t.Errorf("alliance_state still has %d pairs of bpifrance, which the lexicon now names bpi", n)
	}
	if n := count(t, e, "SELECT count() FROM alliance_state WHERE org_a = 'bpi' OR org_b = 'bpi'"); n == 0 {
		t.Errorf("alliance_state has no pair of bpi")
	}
	// Provenance: what B changed counts under B's version.
	if n := count(t, e, "SELECT toUInt64(sum(live_events)) FROM provenance WHERE extractor_version = ?", xb.version); n == 0 {
		t.Errorf("provenance shows no live event of %s", xb.version)
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
