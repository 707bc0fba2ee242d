package main

// End-to-end tests of the pipeline.
//
// TestE2ERealServices: fixture articles → a real Apache Kafka broker → two
// extract workers → the sink → a real ClickHouse server; the events table
// must hold exactly the events `dealwatch extract` prints for the same files,
// after a worker and the sink were stopped and restarted mid-stream, and
// again after the same files were ingested a second time.
//
// TestE2ERunEmbedded: the same through `dealwatch run` on the embedded
// Kafka and chDB, with the process stopped by SIGTERM mid-stream and
// restarted on the same data directory.
//
// Both need the services from scripts/services.sh (scripts/testenv skips
// them otherwise, and fails under CI=true).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/chembed"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// e2eCorpus returns the fixture article directories (at least 60 articles).
func e2eCorpus(t *testing.T) []string {
	t.Helper()
	dirs := []string{"../../testdata/corpus/part1", "../../testdata/corpus/part2"}
	paths, err := files.Walk(dirs)
	if err != nil {
		t.Fatalf("fixture corpus: %v", err)
	}
	if len(paths) < 60 {
		t.Fatalf("fixture corpus has %d articles, want >= 60", len(paths))
	}
	return dirs
}

// eventKey is what must match between `dealwatch extract` and ClickHouse.
type eventKey struct {
	EventID, DealID, Type, Action, Kind, ArticleID string
}

// expectedEvents runs `dealwatch extract` on the files and returns its events by event_id.
func expectedEvents(t *testing.T, dirs []string) map[string]eventKey {
	t.Helper()
	paths, err := files.Walk(dirs)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := realMain(append([]string{"extract"}, paths...), strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("dealwatch extract exited %d: %s", code, stderr.String())
	}
	out := map[string]eventKey{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var e schemas.DealEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("extract output: %v", err)
		}
		if _, dup := out[e.EventID]; dup {
			t.Fatalf("dealwatch extract printed event %s twice", e.EventID)
		}
		out[e.EventID] = eventKey{e.EventID, e.DealID, e.Type, e.Action, e.KindOf(), e.Article.ID}
	}
	if len(out) == 0 {
		t.Fatal("dealwatch extract found no events in the corpus")
	}
	return out
}

// storedEvents reads the events table: distinct rows (FINAL) by event_id and the raw row count.
func storedEvents(t *testing.T, ctx context.Context, q store.Querier) (map[string]eventKey, int) {
	t.Helper()
	r, err := q.Query(ctx, "SELECT event_id, deal_id, type, action, kind, article_id FROM events FINAL WHERE retracted = 0")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]eventKey{}
	for _, row := range r.Rows {
		s := make([]string, len(row))
		for i, v := range row {
			s[i], _ = v.(string)
		}
		out[s[0]] = eventKey{s[0], s[1], s[2], s[3], s[4], s[5]}
	}
	raw, err := q.Query(ctx, "SELECT count() FROM events")
	if err != nil {
		t.Fatal(err)
	}
	n := fmt.Sprint(raw.Rows[0][0])
	var rows int
	fmt.Sscan(n, &rows)
	return out, rows
}

func compareEvents(t *testing.T, when string, want, got map[string]eventKey, rawRows int) {
	t.Helper()
	var missing, extra, differ []string
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			missing = append(missing, id)
		case g != w:
			differ = append(differ, fmt.Sprintf("%+v != %+v", g, w))
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, id)
		}
	}
	if len(missing)+len(extra)+len(differ) > 0 {
		t.Fatalf("%s: events table differs from dealwatch extract: %d missing %v, %d extra %v, %d differ %v",
			when, len(missing), missing, len(extra), extra, len(differ), differ)
	}
	if rawRows != len(want) {
		t.Fatalf("%s: events table has %d rows for %d events: rows were doubled", when, rawRows, len(want))
	}
}

// stageRun is one stage running in its own goroutine, stoppable on its own.
type stageRun struct {
	cancel context.CancelFunc
	done   chan error
}

func startStage(ctx context.Context, run func(context.Context) error) *stageRun {
	ctx, cancel := context.WithCancel(ctx)
	s := &stageRun{cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- run(ctx) }()
	return s
}

func (s *stageRun) stop(t *testing.T, name string) {
	t.Helper()
	s.cancel()
	if err := <-s.done; err != nil {
		t.Errorf("%s: Run returned %v after cancel, want nil", name, err)
	}
}

func TestE2ERealServices(t *testing.T) {
	kafkaAddr := testenv.Kafka(t)
	chAddr := testenv.ClickHouse(t)
	dirs := e2eCorpus(t)
	want := expectedEvents(t, dirs)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	// Topics, groups and database of this run only: the broker and server
	// are shared with other tests.
	run := fmt.Sprintf("e2e%d", time.Now().UnixNano())
	artTopic, evTopic := run+".articles", run+".events"
	extractGroup, sinkGroup := run+"-extract", run+"-sink"
	cfg := bus.Config{Brokers: []string{kafkaAddr}, Partitions: 4, ReplicationFactor: 1, ClientID: run}
	if err := bus.EnsureTopics(ctx, cfg, artTopic, evTopic, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := bus.DeleteTopics(context.Background(), cfg, artTopic, evTopic); err != nil {
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

	x, err := extract.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := schemas.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64
	startWorker := func(name string) *stageRun {
		return startStage(ctx, func(ctx context.Context) error {
			r := bus.NewReader(cfg, artTopic, extractGroup)
			ew := bus.NewWriter(cfg, evTopic)
			dw := bus.NewWriter(cfg, schemas.TopicDeadLetter)
			defer dw.Close()
			defer ew.Close()
			defer r.Close()
			w := worker.New(r, ew, dw, x, v, worker.Options{Concurrency: 2, Log: discardLog(),
				OnCommit: func(rs []worker.Result) { committed.Add(int64(len(rs))) }})
			return w.Run(ctx)
		})
	}
	startSink := func() *stageRun {
		run, err := newSinkStage(cfg, evTopic, sinkGroup, eng, store.SinkConfig{BatchSize: 50, BatchTimeout: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		return startStage(ctx, run)
	}
	ingest := func() int {
		w := bus.NewWriter(cfg, artTopic)
		defer w.Close()
		st, err := ingestFiles(ctx, w, dirs, ingestOptions{stderr: os.Stderr, log: discardLog()})
		if err != nil || st.Failed > 0 {
			t.Fatalf("ingest: %+v %v", st, err)
		}
		return st.Published
	}
	groups := []stageGroup{{worker.Stage, extractGroup, artTopic}, {store.SinkStage, sinkGroup, evTopic}}
	waitIdleT := func(when string) {
		t.Helper()
		if err := waitIdle(ctx, cfg, groups, 100*time.Millisecond); err != nil {
			t.Fatalf("%s: pipeline never became idle: %v", when, err)
		}
	}

	// 1. Two workers and the sink; one worker and the sink are stopped
	// mid-stream and restarted.
	wA, wB, sink := startWorker("A"), startWorker("B"), startSink()
	n := ingest()
	for committed.Load() < 5 {
		select {
		case <-ctx.Done():
			t.Fatal("no article committed")
		case <-time.After(5 * time.Millisecond):
		}
	}
	wA.stop(t, "worker A")
	sink.stop(t, "sink")
	t.Logf("stopped worker A and the sink after %d of %d articles were committed", committed.Load(), n)
	wA, sink = startWorker("A"), startSink()
	waitIdleT("first ingest with restarts")
	got, rows := storedEvents(t, ctx, eng)
	if rows != len(want) {
		r, err := eng.Query(ctx, "SELECT event_id, count(), groupArray(content_hash), groupArray(version) FROM events GROUP BY event_id HAVING count() > 1 LIMIT 5")
		if err == nil {
			t.Logf("doubled rows: %v", r.Rows)
		}
	}
	compareEvents(t, "first ingest with restarts", want, got, rows)

	// 2. The same files again: still exactly the same events.
	ingest()
	waitIdleT("second ingest")
	got, rows = storedEvents(t, ctx, eng)
	compareEvents(t, "second ingest", want, got, rows)

	wA.stop(t, "worker A")
	wB.stop(t, "worker B")
	sink.stop(t, "sink")
	t.Logf("%d articles, %d events, all stages idle", n, len(want))
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// ---- `dealwatch run` embedded, in child processes ----

// TestRunHelperProcess is not a test: the run tests start the test binary
// again with DEALWATCH_HELPER set to act as `dealwatch` (or to query a chDB
// data directory) in a process of its own, as a user would run it.
func TestRunHelperProcess(t *testing.T) {
	switch os.Getenv("DEALWATCH_HELPER") {
	case "":
		t.Skip("helper process for the run end-to-end tests")
	case "main":
		var args []string
		if err := json.Unmarshal([]byte(os.Getenv("DEALWATCH_HELPER_ARGS")), &args); err != nil {
			panic(err)
		}
		os.Exit(realMain(args, os.Stdin, os.Stdout, os.Stderr))
	case "chdb-events":
		// Print the events table of a chDB data directory as JSON.
		ctx := context.Background()
		e, err := chembed.Open(ctx, chembed.Config{Dir: os.Getenv("DEALWATCH_HELPER_ARGS")})
		if err != nil {
			panic(err)
		}
		got, rows := storedEvents(t, ctx, e)
		_ = json.NewEncoder(os.Stdout).Encode(struct {
			Events map[string]eventKey
			Rows   int
		}{got, rows})
		e.Close()
		os.Exit(0)
	}
}

func helperCmd(t *testing.T, ctx context.Context, mode string, args any) *exec.Cmd {
	t.Helper()
	var a string
	if s, ok := args.(string); ok {
		a = s
	} else {
		raw, err := json.Marshal(args)
		if err != nil {
			t.Fatal(err)
		}
		a = string(raw)
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestRunHelperProcess$")
	cmd.Env = append(os.Environ(), "DEALWATCH_HELPER="+mode, "DEALWATCH_HELPER_ARGS="+a)
	return cmd
}

// syncBuffer is a bytes.Buffer safe for a child's output and the test to share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestE2ERunEmbedded(t *testing.T) {
	chdbLib := testenv.CHDB(t)
	t.Setenv("CHDB_LIB_PATH", chdbLib) // inherited by the child processes
	dirs := e2eCorpus(t)
	want := expectedEvents(t, dirs)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	data := t.TempDir()
	base := []string{"run", "--data", data, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0", "--workers", "2"}
	var ingestArgs []string
	for _, d := range dirs {
		ingestArgs = append(ingestArgs, "--ingest", d)
	}

	// 1. Ingest and stop the process with SIGTERM as soon as the first
	// events are in flight.
	var out1 syncBuffer
	c1 := helperCmd(t, ctx, "main", append(slices.Clone(base), ingestArgs...))
	c1.Stdout, c1.Stderr = &out1, &out1
	if err := c1.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c1.Wait() }()
	for !strings.Contains(out1.String(), `"msg":"ingest done"`) {
		select {
		case err := <-exited:
			t.Fatalf("run exited before ingesting (%v):\n%s", err, out1.String())
		case <-ctx.Done():
			t.Fatalf("run never ingested:\n%s", out1.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	if err := c1.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err != nil {
		t.Fatalf("run after SIGTERM: %v (want exit 0)\n%s", err, out1.String())
	}

	// 2. Restart on the same data directory until idle: nothing lost.
	runIdle := func(extra ...string) string {
		t.Helper()
		var out syncBuffer
		c := helperCmd(t, ctx, "main", append(append(slices.Clone(base), "--until-idle"), extra...))
		c.Stdout, c.Stderr = &out, &out
		if err := c.Run(); err != nil {
			t.Fatalf("run --until-idle: %v\n%s", err, out.String())
		}
		return out.String()
	}
	out := runIdle("--alert")
	announced := slices.ContainsFunc(strings.Split(out, "\n"), func(l string) bool {
		return strings.Contains(l, `"msg":"alert"`) && strings.Contains(l, `"kind":"new_deal"`)
	})
	if !announced {
		t.Errorf("run --alert announced no deal:\n%s", out)
	}
	check := func(when string) {
		t.Helper()
		raw, err := helperCmd(t, ctx, "chdb-events", filepath.Join(data, "chdb")).Output()
		if err != nil {
			t.Fatalf("%s: reading chDB: %v", when, err)
		}
		var res struct {
			Events map[string]eventKey
			Rows   int
		}
		if err := json.Unmarshal(raw, &res); err != nil {
			t.Fatalf("%s: %v: %s", when, err, raw)
		}
		compareEvents(t, when, want, res.Events, res.Rows)
	}
	check("run restarted after SIGTERM")

	// 3. While run holds the chDB session, sql and timeline go through its
	// query endpoint, and /metrics answers.
	var out2 syncBuffer
	c2 := helperCmd(t, ctx, "main", base)
	c2.Stdout, c2.Stderr = &out2, &out2
	if err := c2.Start(); err != nil {
		t.Fatal(err)
	}
	exited2 := make(chan error, 1)
	go func() { exited2 <- c2.Wait() }()
	for !strings.Contains(out2.String(), `"msg":"dealwatch run"`) {
		select {
		case err := <-exited2:
			t.Fatalf("run exited (%v):\n%s", err, out2.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	sqlOut, err := helperCmd(t, ctx, "main", []string{"sql", "--data", data, "--format", "tsv", "SELECT count() FROM events FINAL"}).CombinedOutput()
	if err != nil || !strings.Contains(string(sqlOut), fmt.Sprint(len(want))) {
		t.Errorf("dealwatch sql while run is up: %v\n%s", err, sqlOut)
	}
	tlOut, err := helperCmd(t, ctx, "main", []string{"timeline", "--data", data}).CombinedOutput()
	if err != nil || len(tlOut) == 0 {
		t.Errorf("dealwatch timeline while run is up: %v\n%s", err, tlOut)
	}
	var info runInfo
	if raw, err := os.ReadFile(runInfoFile(data)); err != nil || json.Unmarshal(raw, &info) != nil {
		t.Fatalf("run.json: %v %s", err, raw)
	}
	// run.json holds the query token: owner only. Without the token, or
	// from a browser, the endpoint answers nothing.
	if fi, err := os.Stat(runInfoFile(data)); err != nil || fi.Mode().Perm() != 0o600 || info.QueryToken == "" {
		t.Errorf("run.json: mode %v, token %q, %v", fi.Mode(), info.QueryToken, err)
	}
	if resp, err := http.Post(info.QueryURL, "application/json", strings.NewReader(`{"query":"SELECT 1"}`)); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("query without the token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if resp, err := http.Get("http://" + info.MetricsAddr + "/metrics"); err != nil {
		t.Errorf("/metrics: %v", err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, m := range []string{`dealwatch_consumed_total{stage="extract"}`, `dealwatch_consumed_total{stage="sink"}`, `dealwatch_consumer_lag{stage="extract"}`} {
			if !strings.Contains(string(body), m) {
				t.Errorf("/metrics lacks %s", m)
			}
		}
	}
	if err := c2.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-exited2; err != nil {
		t.Fatalf("run after SIGTERM: %v\n%s", err, out2.String())
	}
	if _, err := os.Stat(runInfoFile(data)); !os.IsNotExist(err) {
		t.Errorf("run.json left behind after exit: %v", err)
	}

	// 4. The same files once more: no duplicates.
	out = runIdle(ingestArgs...)
	if !strings.Contains(out, fmt.Sprintf("clickhouse (chdb): %d events", len(want))) {
		t.Errorf("run summary does not report %d events:\n%s", len(want), out)
	}
	check("run with the same files again")
}

// TestE2ERunCrawlOnce: `run --source FEED --until-idle` crawls the feed once
// (a local fixture site serving corpus articles), extracts and stores the
// articles' events, and exits.
func TestE2ERunCrawlOnce(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	pages := map[string]string{"/news/1": "../../testdata/corpus/part1/t014.html", "/news/2": "../../testdata/corpus/part1/t021.html"}
	var wantEvents int
	for _, f := range pages {
		want := expectedEvents(t, []string{f})
		wantEvents += len(want)
	}
	mux := http.NewServeMux()
	var srvURL string
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		now := time.Now().UTC().Format(http.TimeFormat)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Fixture</title>
<item><title>one</title><link>%[1]s/news/1</link><pubDate>%[2]s</pubDate></item>
<item><title>two</title><link>%[1]s/news/2</link><pubDate>%[2]s</pubDate></item>
</channel></rss>`, srvURL, now)
	})
	for path, file := range pages {
		body, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(body)
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	data := t.TempDir()
	out, err := helperCmd(t, ctx, "main", []string{"run", "--data", data, "--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0",
		"--source", srv.URL + "/feed.xml", "--crawl-allow-private", "--until-idle"}).CombinedOutput()
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), fmt.Sprintf("clickhouse (chdb): %d events", wantEvents)) ||
		!strings.Contains(string(out), "from 2 articles") {
		t.Fatalf("want %d events from 2 crawled articles:\n%s", wantEvents, out)
	}
}
