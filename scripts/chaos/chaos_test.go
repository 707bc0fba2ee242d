//go:build chaos

package chaos

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// Knobs (environment): CHAOS_SEED (default 1), CHAOS_OUTAGE (default 30s),
// CHAOS_SETTLE (how long a scenario may take to converge, default 150s).
func knobs(t *testing.T) (seed uint64, outage, settle time.Duration) {
	seed, outage, settle = 1, 30*time.Second, 150*time.Second
	if v := os.Getenv("CHAOS_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatalf("CHAOS_SEED: %v", err)
		}
		seed = n
	}
	for name, d := range map[string]*time.Duration{"CHAOS_OUTAGE": &outage, "CHAOS_SETTLE": &settle} {
		if v := os.Getenv(name); v != "" {
			p, err := time.ParseDuration(v)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			*d = p
		}
	}
	return seed, outage, settle
}

const (
	database      = "chaos"
	filesPerScene = 10
)

type suite struct {
	t              *testing.T
	root, work     string
	bin            string
	svcEnv         []string // DEALWATCH_SERVICES_DIR for services.sh
	kafka, chHTTP  string
	stageEnv       []string
	rng            *rand.Rand
	outage, settle time.Duration
	rcv            *receiver
	stages         []*stage
	corpus         []string

	// Cumulative expectations.
	events map[string]map[string]bool // article_id → event_ids
	files  int                        // articles ingested
	deals  map[string]bool
	poison []poisonMsg
	rows   []row
}

type poisonMsg struct {
	key, stage, reason string // reason: a substring the dlq-reason must hold ("" = any)
}

// row is one line of the summary table.
type row struct {
	scenario                  string
	took                      time.Duration
	articles, events, gotEv   int
	deals, gotDeals, dupDeals int
	dlq, gotDLQ               int
	keys, posts               int
	kills, selfExits          int
	health                    string
	fail                      []string
}

func TestFaults(t *testing.T) {
	seed, outage, settle := knobs(t)
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{t: t, root: root, work: t.TempDir(), rng: rand.New(rand.NewPCG(seed, seed^0x5eed)),
		outage: outage, settle: settle, events: map[string]map[string]bool{}, deals: map[string]bool{}}
	t.Logf("seed %d, outage %v", seed, outage)
	s.build()
	s.startServices()
	s.rcv = newReceiver()
	defer s.rcv.srv.Close()
	s.startStages()
	defer s.stopStages()

	s.corpus, err = filepath.Glob(filepath.Join(root, "extract", "testdata", "corpus", "t0*.txt"))
	if err != nil || len(s.corpus) < 5*filesPerScene {
		t.Fatalf("corpus: %d files, %v", len(s.corpus), err)
	}
	sort.Strings(s.corpus)

	s.scenario("stage-kill", s.stageKill)
	s.scenario("broker-down", s.brokerDown)
	s.scenario("clickhouse-down", s.clickhouseDown)
	s.scenario("poison", s.poisonFlood)
	s.scenario("alert-mid-delivery", s.alertMidDelivery)
	s.printSummary()
}

// ---------------------------------------------------------------- setup

func (s *suite) build() {
	s.bin = filepath.Join(s.work, "dealwatch")
	cmd := exec.Command("go", "build", "-o", s.bin, "./cmd/dealwatch")
	cmd.Dir = s.root
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("go build: %v\n%s", err, out)
	}
}

func (s *suite) services(args ...string) {
	s.t.Helper()
	cmd := exec.Command(filepath.Join(s.root, "scripts", "services.sh"), args...)
	cmd.Env = append(os.Environ(), s.svcEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("services.sh %v: %v\n%s", args, err, out)
	}
}

func (s *suite) startServices() {
	dir := filepath.Join(s.work, "svc")
	s.svcEnv = []string{"DEALWATCH_SERVICES_DIR=" + dir}
	s.services("start")
	s.t.Cleanup(func() { s.services("stop") })
	vars, err := testenv.ReadEnvFile(filepath.Join(dir, "env"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.kafka, s.chHTTP = vars[testenv.EnvKafka], vars[testenv.EnvClickHouseHTTP]
	rules := filepath.Join(s.work, "rules.yaml")
	// Every deal the deals view shows is announced (stated and background,
	// any confidence), once (no updates): so unique Idempotency-Keys must
	// equal the deals.
	if err := os.WriteFile(rules, []byte("modalities: [stated, background]\nmin_confidence: 0\nalert_on_updates: false\n"), 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.stageEnv = []string{
		"KAFKA_BROKERS=" + s.kafka, "KAFKA_PARTITIONS=3",
		"CLICKHOUSE_ADDR=" + vars[testenv.EnvClickHouse], "CLICKHOUSE_DATABASE=" + database,
		"ALERT_RULES=" + rules, "ALERT_WEBHOOK_SECRET=chaos-secret",
		"DEALWATCH_METRICS_ADDR=",
	}
}

// ---------------------------------------------------------------- stages

// stage is one dealwatch process. Any exit the suite did not cause is
// recorded: a stage must never need a manual restart.
type stage struct {
	s          *suite
	name, addr string
	args       []string
	log        string

	mu         sync.Mutex
	cmd        *exec.Cmd
	done       chan struct{}
	killing    bool
	kills      int
	selfExits  []string
	stopping   bool
	cleanStops int
}

func (s *suite) startStages() {
	s.stageEnv = append(s.stageEnv, "ALERT_WEBHOOK_URLS="+s.rcv.srv.URL)
	mk := func(name string, args ...string) *stage {
		st := &stage{s: s, name: name, addr: testenv.RestartableAddr(s.t), log: filepath.Join(s.work, name+".log")}
		st.args = append(args, "--metrics-addr", st.addr)
		st.start()
		return st
	}
	s.stages = []*stage{
		mk("extract", "extract-worker", "--concurrency", "4", "--drain-timeout", "2s"),
		mk("sink", "sink", "--batch-timeout", "200ms", "--retry-max", "2s"),
		mk("alert", "alert", "--state", filepath.Join(s.work, "alert", "state.db")),
	}
}

func (s *suite) stage(name string) *stage {
	for _, st := range s.stages {
		if st.name == name {
			return st
		}
	}
	s.t.Fatalf("no stage %s", name)
	return nil
}

func (st *stage) start() {
	f, err := os.OpenFile(st.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		st.s.t.Fatal(err)
	}
	cmd := exec.Command(st.s.bin, st.args...)
	cmd.Env = append(os.Environ(), st.s.stageEnv...)
	cmd.Dir = st.s.work
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		st.s.t.Fatalf("start %s: %v", st.name, err)
	}
	done := make(chan struct{})
	st.mu.Lock()
	st.cmd, st.done = cmd, done
	st.mu.Unlock()
	go func() {
		err := cmd.Wait()
		f.Close()
		st.mu.Lock()
		switch {
		case st.killing:
		case st.stopping && err == nil:
			st.cleanStops++
		default:
			st.selfExits = append(st.selfExits, fmt.Sprintf("%s exited by itself: %v", st.name, err))
		}
		st.mu.Unlock()
		close(done)
	}()
}

// kill SIGKILLs the stage and starts it again, as a supervisor would.
func (st *stage) kill() {
	st.mu.Lock()
	st.killing = true
	cmd, done := st.cmd, st.done
	st.mu.Unlock()
	_ = cmd.Process.Signal(syscall.SIGKILL)
	<-done
	st.mu.Lock()
	st.killing = false
	st.kills++
	st.mu.Unlock()
	st.start()
}

func (st *stage) exits() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return slices.Clone(st.selfExits)
}

// healthz returns the HTTP status of the stage's /healthz (0: no answer).
func (st *stage) healthz() int {
	c := http.Client{Timeout: 2 * time.Second}
	resp, err := c.Get("http://" + st.addr + "/healthz")
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (s *suite) stopStages() {
	for _, st := range s.stages {
		st.mu.Lock()
		st.stopping = true
		cmd, done := st.cmd, st.done
		st.mu.Unlock()
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if x := st.exits(); len(x) > 0 {
			s.t.Errorf("%s: %v (log %s):\n%s", st.name, x, st.log, tail(st.log, 30))
		}
	}
}

func tail(path string, n int) string {
	raw, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// ---------------------------------------------------------------- scenarios

func (s *suite) scenario(name string, run func(r *row)) {
	s.t.Logf("== scenario %s", name)
	r := row{scenario: name, health: "-"}
	killsBefore := map[string]int{}
	for _, st := range s.stages {
		st.mu.Lock()
		killsBefore[st.name] = st.kills
		st.mu.Unlock()
	}
	start := time.Now()
	run(&r)
	s.converge(&r)
	r.took = time.Since(start).Round(time.Second)
	for _, st := range s.stages {
		st.mu.Lock()
		r.kills += st.kills - killsBefore[st.name]
		st.mu.Unlock()
		x := st.exits()
		r.selfExits += len(x)
		for _, e := range x {
			r.fail = append(r.fail, e+"\n"+tail(st.log, 20))
		}
	}
	s.rows = append(s.rows, r)
	for _, f := range r.fail {
		s.t.Errorf("%s: %s", name, f)
	}
}

// slice copies the scenario's share of the corpus into a directory of its
// own (so its articles have ids of their own), adds what `dealwatch
// extract` gives for them to the expectations and returns the directory.
func (s *suite) slice(name string, i int) string {
	dir := filepath.Join(s.work, "articles", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Fatal(err)
	}
	var paths []string
	for _, src := range s.corpus[i*filesPerScene : (i+1)*filesPerScene] {
		raw, err := os.ReadFile(src)
		if err != nil {
			s.t.Fatal(err)
		}
		dst := filepath.Join(dir, filepath.Base(src))
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			s.t.Fatal(err)
		}
		paths = append(paths, dst)
	}
	s.files += len(paths)
	cmd := exec.Command(s.bin, append([]string{"extract"}, paths...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("dealwatch extract: %v\n%s", err, errb.String())
	}
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e schemas.DealEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			s.t.Fatal(err)
		}
		if s.events[e.Article.ID] == nil {
			s.events[e.Article.ID] = map[string]bool{}
		}
		s.events[e.Article.ID][e.EventID] = true
		switch e.Modality {
		case "", schemas.ModalityStated, "background":
			s.deals[e.DealID] = true
		}
	}
	return dir
}

func (s *suite) ingest(dir string) {
	s.t.Helper()
	cmd := exec.Command(s.bin, "ingest", "--brokers", s.kafka, dir)
	cmd.Env = append(os.Environ(), s.stageEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("ingest %s: %v\n%s", dir, err, out)
	}
}

// pause waits a random time in [lo, hi): when the next fault strikes.
func (s *suite) pause(lo, hi time.Duration) {
	time.Sleep(lo + time.Duration(s.rng.Int64N(int64(hi-lo))))
}

// stageKill: SIGKILL every stage three times at random points while a
// batch flows through.
func (s *suite) stageKill(r *row) {
	dir := s.slice("stage-kill", 0)
	s.ingest(dir)
	order := []string{"extract", "sink", "alert"}
	for range 3 {
		s.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, name := range order {
			s.pause(100*time.Millisecond, 1500*time.Millisecond)
			s.stage(name).kill()
		}
	}
}

// brokerDown: SIGKILL the broker while a batch is in flight, keep it down,
// bring it back on the same data and publish a second batch.
func (s *suite) brokerDown(r *row) {
	s.ingest(s.slice("broker-down-a", 1))
	s.pause(0, time.Second)
	s.services("kill", "kafka")
	r.health = s.watchHealth("extract", s.outage)
	s.services("resume", "kafka")
	// The same texts again under new names: new articles, known deals.
	s.ingest(s.slice("broker-down-b", 1))
	r.health += s.waitHealthy()
}

// clickhouseDown: SIGKILL ClickHouse, publish a batch while it is down,
// keep it down, bring it back.
func (s *suite) clickhouseDown(r *row) {
	dir := s.slice("clickhouse-down", 2)
	s.services("kill", "clickhouse")
	s.ingest(dir)
	r.health = s.watchHealth("sink", s.outage)
	s.services("resume", "clickhouse")
	r.health += s.waitHealthy()
}

// watchHealth keeps the outage going for d, and reports whether the named
// stage's /healthz turned 503 during it.
func (s *suite) watchHealth(name string, d time.Duration) string {
	st := s.stage(name)
	end := time.Now().Add(d)
	seen := false
	for time.Now().Before(end) {
		if !seen && st.healthz() == http.StatusServiceUnavailable {
			seen = true
		}
		time.Sleep(250 * time.Millisecond)
	}
	if !seen {
		s.t.Errorf("%s /healthz never reported the outage", name)
		return name + " 503:no"
	}
	return name + " 503:yes"
}

// waitHealthy waits until every stage's /healthz is 200 again.
func (s *suite) waitHealthy() string {
	deadline := time.Now().Add(s.settle)
	for _, st := range s.stages {
		for st.healthz() != http.StatusOK {
			if time.Now().After(deadline) {
				s.t.Errorf("%s /healthz not 200 %v after the outage", st.name, s.settle)
				return ", 200:no"
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
	return ", 200:yes"
}

// poisonFlood: what no dealwatch producer publishes but another might.
func (s *suite) poisonFlood(r *row) {
	dir := s.slice("poison", 3)
	w := &kafka.Writer{Addr: kafka.TCP(s.kafka), Balancer: &kafka.Hash{}, RequiredAcks: kafka.RequireAll,
		Compression: kafka.Zstd, BatchBytes: 16 << 20}
	defer w.Close()
	var msgs []kafka.Message
	add := func(topic, key, value, stage, reason string) {
		msgs = append(msgs, kafka.Message{Topic: topic, Key: []byte(key), Value: []byte(value)})
		s.poison = append(s.poison, poisonMsg{key: key, stage: stage, reason: reason})
	}
	for i := range 20 {
		add(schemas.TopicArticles, fmt.Sprintf("poison-json-%d", i), fmt.Sprintf("<html>not json %d", i), "extract", "invalid article")
	}
	for i := range 10 {
		add(schemas.TopicArticles, fmt.Sprintf("poison-schema-%d", i), fmt.Sprintf(`{"id":%d}`, i), "extract", "invalid article")
	}
	for i := range 5 {
		key := fmt.Sprintf("poison-event-%d", i)
		add(schemas.TopicEvents, key, `{"event_id":"nope"}`, "sink", "")
		s.poison = append(s.poison, poisonMsg{key: key, stage: "alert"})
	}
	// 5 MB of compressible text in a valid article: the broker takes it
	// (compressed it is far below max.message.bytes), no stage can keep it whole.
	big := schemas.Article{SchemaVersion: schemas.ArticleVersion, ID: "poison-big", URL: "https://example.com/big",
		Source: "chaos", Title: "big", FetchedAt: time.Now().UTC()}
	big.Text = strings.Repeat("OpenAI and Microsoft extend their partnership again. ", (5<<20)/53)
	raw, err := json.Marshal(big)
	if err != nil {
		s.t.Fatal(err)
	}
	add(schemas.TopicArticles, "poison-big", string(raw), "extract", fmt.Sprintf("payload-truncated: %d bytes", len(raw)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		s.t.Fatalf("poison publish: %v", err)
	}
	s.ingest(dir) // good articles behind the poison must flow
}

// alertMidDelivery: SIGKILL the alerter while its first webhook POST of a
// new batch is in flight.
func (s *suite) alertMidDelivery(r *row) {
	dir := s.slice("alert-mid-delivery", 4)
	held, release := s.rcv.holdNext()
	s.ingest(dir)
	select {
	case <-held:
	case <-time.After(s.settle):
		s.t.Error("no webhook POST arrived")
		close(release)
		return
	}
	s.stage("alert").kill()
	close(release)
}

// ---------------------------------------------------------------- checks

type state struct {
	rows    map[string]map[string]int // article_id → event_id → rows
	nRows   int
	deals   map[string]int
	dlq     []kafka.Message
	keys    map[string]map[string]bool // deal_id → keys
	posts   int
	nKeys   int
	errText string
}

func (s *suite) observe() state {
	st := state{rows: map[string]map[string]int{}, deals: map[string]int{}}
	var errs []string
	if out, err := s.query("SELECT article_id, event_id, count() FROM events GROUP BY article_id, event_id"); err != nil {
		errs = append(errs, err.Error())
	} else {
		for _, f := range out {
			n, _ := strconv.Atoi(f[2])
			if st.rows[f[0]] == nil {
				st.rows[f[0]] = map[string]int{}
			}
			st.rows[f[0]][f[1]] = n
			st.nRows += n
		}
	}
	if out, err := s.query("SELECT deal_id, count() FROM deals GROUP BY deal_id"); err != nil {
		errs = append(errs, err.Error())
	} else {
		for _, f := range out {
			st.deals[f[0]], _ = strconv.Atoi(f[1])
		}
	}
	dlq, err := readTopic(s.kafka, schemas.TopicDeadLetter)
	if err != nil {
		errs = append(errs, err.Error())
	}
	st.dlq = dlq
	st.keys, st.posts = s.rcv.snapshot()
	for _, ks := range st.keys {
		st.nKeys += len(ks)
	}
	st.errText = strings.Join(errs, "; ")
	return st
}

func (s *suite) wantEvents() int {
	n := 0
	for _, ids := range s.events {
		n += len(ids)
	}
	return n
}

// converge waits (at most CHAOS_SETTLE) until the observable state has
// caught up with the expectations, then checks it exactly.
func (s *suite) converge(r *row) {
	deadline := time.Now().Add(s.settle)
	var st state
	for {
		st = s.observe()
		if st.errText == "" && st.nRows >= s.wantEvents() && len(st.deals) >= len(s.deals) &&
			len(st.dlq) >= len(s.poison) && len(st.keys) >= len(s.deals) {
			break
		}
		if time.Now().After(deadline) {
			r.fail = append(r.fail, fmt.Sprintf("not converged after %v (rows %d/%d, deals %d/%d, dlq %d/%d, alerted deals %d/%d) %s",
				s.settle, st.nRows, s.wantEvents(), len(st.deals), len(s.deals), len(st.dlq), len(s.poison), len(st.keys), len(s.deals), st.errText))
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	r.articles, r.events, r.gotEv = s.files, s.wantEvents(), st.nRows
	r.deals, r.gotDeals = len(s.deals), len(st.deals)
	r.dlq, r.gotDLQ = len(s.poison), len(st.dlq)
	r.keys, r.posts = st.nKeys, st.posts

	// Events: per article exactly what `dealwatch extract` gives, once.
	for art, want := range s.events {
		got := st.rows[art]
		for id := range want {
			if got[id] != 1 {
				r.fail = append(r.fail, fmt.Sprintf("article %s event %s: %d rows, want 1", art, id, got[id]))
			}
		}
		for id := range got {
			if !want[id] {
				r.fail = append(r.fail, fmt.Sprintf("article %s: unexpected event %s", art, id))
			}
		}
	}
	for art := range st.rows {
		if s.events[art] == nil {
			r.fail = append(r.fail, fmt.Sprintf("events of an unexpected article %s", art))
		}
	}
	// Deals: no duplicates, no gaps.
	for d, n := range st.deals {
		if n > 1 {
			r.dupDeals++
			r.fail = append(r.fail, fmt.Sprintf("deal %s: %d rows in the deals view", d, n))
		}
		if !s.deals[d] {
			r.fail = append(r.fail, fmt.Sprintf("deal %s in the view but not expected", d))
		}
	}
	for d := range s.deals {
		if st.deals[d] == 0 {
			r.fail = append(r.fail, fmt.Sprintf("deal %s missing from the deals view", d))
		}
	}
	// Dead letters: every poison message, from the right stage, with its reason.
	for _, p := range s.poison {
		found := false
		for _, m := range st.dlq {
			reason := headerOf(m, schemas.HeaderDLQReason)
			if string(m.Key) == p.key && headerOf(m, schemas.HeaderDLQStage) == p.stage && reason != "" &&
				strings.Contains(reason, p.reason) {
				found = true
				break
			}
		}
		if !found {
			r.fail = append(r.fail, fmt.Sprintf("dead-letter topic lacks %s from %s with reason %q", p.key, p.stage, p.reason))
		}
	}
	if len(st.dlq) != len(s.poison) {
		r.fail = append(r.fail, fmt.Sprintf("%d dead letters, want %d", len(st.dlq), len(s.poison)))
	}
	// Alerts: one unique Idempotency-Key per deal.
	for d := range s.deals {
		if n := len(st.keys[d]); n != 1 {
			r.fail = append(r.fail, fmt.Sprintf("deal %s: %d Idempotency-Keys, want 1", d, n))
		}
	}
	for d := range st.keys {
		if !s.deals[d] {
			r.fail = append(r.fail, fmt.Sprintf("alert for unexpected deal %s", d))
		}
	}
}

func headerOf(m kafka.Message, k string) string {
	for _, h := range m.Headers {
		if h.Key == k {
			return string(h.Value)
		}
	}
	return ""
}

// query runs SQL on the chaos database over ClickHouse's HTTP interface and
// returns the TSV fields.
func (s *suite) query(q string) ([][]string, error) {
	u := "http://" + s.chHTTP + "/?database=" + database + "&query=" + url.QueryEscape(q+" FORMAT TabSeparated")
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("clickhouse: %s: %s", resp.Status, bytes.TrimSpace(body))
	}
	var out [][]string
	for _, line := range strings.Split(strings.TrimRight(string(body), "\n"), "\n") {
		if line != "" {
			out = append(out, strings.Split(line, "\t"))
		}
	}
	return out, nil
}

// readTopic reads every message of topic, partition by partition.
func readTopic(broker, topic string) ([]kafka.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := kafka.DialContext(ctx, "tcp", broker)
	if err != nil {
		return nil, err
	}
	parts, err := conn.ReadPartitions(topic)
	conn.Close()
	if err != nil {
		return nil, err
	}
	var out []kafka.Message
	for _, p := range parts {
		lc, err := kafka.DialLeader(ctx, "tcp", broker, topic, p.ID)
		if err != nil {
			return nil, err
		}
		first, last, err := lc.ReadOffsets()
		lc.Close()
		if err != nil {
			return nil, err
		}
		if last <= first {
			continue
		}
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{broker}, Topic: topic, Partition: p.ID,
			MaxBytes: 16 << 20, MaxWait: 100 * time.Millisecond})
		if err := r.SetOffset(first); err != nil {
			r.Close()
			return nil, err
		}
		for {
			m, err := r.ReadMessage(ctx)
			if err != nil {
				r.Close()
				return nil, fmt.Errorf("read %s/%d: %w", topic, p.ID, err)
			}
			out = append(out, m)
			if m.Offset >= last-1 {
				break
			}
		}
		r.Close()
	}
	return out, nil
}

// ---------------------------------------------------------------- webhook receiver

// receiver records every POST's Idempotency-Key by deal. holdNext makes
// the next POST wait (recorded already, as a receiver that acted on it
// would) until released.
type receiver struct {
	srv   *httptest.Server
	mu    sync.Mutex
	keys  map[string]map[string]bool
	posts int
	hold  chan struct{} // closed by the test to release
	held  chan struct{}
}

func newReceiver() *receiver {
	r := &receiver{keys: map[string]map[string]bool{}}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var a struct {
			DealID string `json:"deal_id"`
		}
		if json.Unmarshal(body, &a) != nil || a.DealID == "" {
			http.Error(w, "bad alert", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		if r.keys[a.DealID] == nil {
			r.keys[a.DealID] = map[string]bool{}
		}
		r.keys[a.DealID][req.Header.Get("Idempotency-Key")] = true
		r.posts++
		hold, held := r.hold, r.held
		r.hold, r.held = nil, nil
		r.mu.Unlock()
		if hold != nil {
			close(held)
			<-hold
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	return r
}

func (r *receiver) holdNext() (held <-chan struct{}, release chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hold, r.held = make(chan struct{}), make(chan struct{})
	return r.held, r.hold
}

func (r *receiver) snapshot() (map[string]map[string]bool, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]map[string]bool, len(r.keys))
	for d, ks := range r.keys {
		out[d] = make(map[string]bool, len(ks))
		for k := range ks {
			out[d][k] = true
		}
	}
	return out, r.posts
}

// ---------------------------------------------------------------- summary

func (s *suite) printSummary() {
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "scenario\ttime\tarticles\tevents want/got\tdeals want/got\tdup deals\tDLQ want/got\talert keys/POSTs\tkills\tself-exits\thealth\tresult")
	for _, r := range s.rows {
		res := "PASS"
		if len(r.fail) > 0 {
			res = fmt.Sprintf("FAIL (%d)", len(r.fail))
		}
		fmt.Fprintf(tw, "%s\t%v\t%d\t%d/%d\t%d/%d\t%d\t%d/%d\t%d/%d\t%d\t%d\t%s\t%s\n", r.scenario, r.took, r.articles,
			r.events, r.gotEv, r.deals, r.gotDeals, r.dupDeals, r.dlq, r.gotDLQ, r.keys, r.posts, r.kills, r.selfExits, r.health, res)
	}
	tw.Flush()
}
