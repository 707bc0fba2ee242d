//go:build cluster

package cluster

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

const (
	database    = "cluster"
	clusterName = "dealwatch"
	batchFiles  = 24 // articles per batch (copies of corpus files, ids of their own)
	benchN      = 48 // articles per worker count in the bench-cluster run
)

type suite struct {
	t           *testing.T
	root, work  string
	bin         string
	svcEnv      []string
	kafka       []string // s1r1, s1r2, s2r1, s2r2 for ClickHouse below
	chTCP       []string
	chHTTP      []string
	env         []string
	corpus      []string
	batches     int
	events      map[string]map[string]bool // article_id → event_ids
	deals       map[string]bool
	mu          sync.Mutex
	procs       []*proc
	deadClickHs map[int]bool
	rcv         *receiver
}

type proc struct {
	name     string
	cmd      *exec.Cmd
	done     chan struct{}
	stopping bool
	exitErr  error
	log      string
}

// TestCluster runs the extract workers, the sink and the alerter as
// processes against a 3-broker Kafka (replication 3, min.insync.replicas 2)
// and ClickHouse 18.16 as 2 shards x 2 replicas. While batches flow it
// SIGKILLs the leader broker of a partition in use, a ClickHouse replica
// and, once they are back, the broker coordinating the extract workers'
// consumer group; it removes and adds an extract worker. Then every
// article's events in the Distributed table equal `dealwatch extract` of its
// file, once each, the deals view has every deal once, and the webhook got
// exactly one Idempotency-Key per deal. Last, `dealwatch bench-cluster`
// measures 1 and 2 worker processes (logged, never asserted).
func TestCluster(t *testing.T) {
	root, err := testenv.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	s := &suite{t: t, root: root, work: t.TempDir(), events: map[string]map[string]bool{}, deals: map[string]bool{}, deadClickHs: map[int]bool{}}
	s.corpus, err = filepath.Glob(filepath.Join(root, "extract", "testdata", "corpus", "t0*.txt"))
	if err != nil || len(s.corpus) < batchFiles {
		t.Fatalf("corpus: %d files, %v", len(s.corpus), err)
	}
	sort.Strings(s.corpus)
	s.rcv = newReceiver()
	defer s.rcv.srv.Close()
	s.build()
	s.startCluster()
	defer s.stopAll()
	s.run("migrate", "migrate")
	s.run("migrate again (idempotent)", "migrate")

	// The pipeline under faults.
	w1 := s.start("extract-1", "extract-worker", "--concurrency", "4", "--drain-timeout", "2s")
	w2 := s.start("extract-2", "extract-worker", "--concurrency", "4", "--drain-timeout", "2s")
	sink := s.start("sink", "sink", "--batch-timeout", "200ms", "--retry-max", "2s", "--batch", "20")
	al := s.start("alert", "alert", "--state", filepath.Join(s.work, "alert-state.db"))

	s.waitTopics(time.Minute) // the stages create them at start
	s.checkTopics()
	s.ingest(s.batch("flow-a", 1))
	leader := s.leaderOf(schemas.TopicEvents, 0)
	s.cluster("kill", fmt.Sprintf("kafka-%d", leader))
	t.Logf("killed kafka-%d, leader of %s/0; new leaders after %v", leader, schemas.TopicEvents, s.waitLeadersMoved(leader))
	s.ingest(s.batch("flow-b", 1)) // 2 of 3 brokers: acks=all still has min.insync.replicas
	s.cluster("kill", "ch-s1r1")   // the replica inserts go to first
	s.deadClickHs[0] = true
	s.ingest(s.batch("flow-c", 1))
	s.stop(w1) // remove a worker: rebalance
	w3 := s.start("extract-3", "extract-worker", "--concurrency", "4", "--drain-timeout", "2s")
	s.ingest(s.batch("flow-d", 1))
	s.cluster("resume", fmt.Sprintf("kafka-%d", leader))
	s.cluster("resume", "ch-s1r1")
	delete(s.deadClickHs, 0)
	s.ingest(s.batch("flow-e", 1))

	// The group coordinator: the broker the extract workers' group
	// heartbeats, joins and commits through. Its loss moves the group to
	// another broker (a new coordinator loads the offsets from
	// __consumer_offsets) with no manual step.
	coord := s.coordinatorOf(worker.DefaultGroup)
	t.Logf("kafka-%d coordinates group %s; it leads %v", coord, worker.DefaultGroup, s.ledBy(coord))
	s.cluster("kill", fmt.Sprintf("kafka-%d", coord))
	t.Logf("killed kafka-%d; new leaders after %v", coord, s.waitLeadersMoved(coord))
	s.ingest(s.batch("flow-f", 1))
	s.cluster("resume", fmt.Sprintf("kafka-%d", coord))
	s.ingest(s.batch("flow-g", 1))

	s.converge(4 * time.Minute)
	s.checkAlerts(al, 2*time.Minute)
	for _, p := range s.procs {
		if p.exitErr != nil && !p.stopping {
			t.Errorf("%s exited by itself: %v\n%s", p.name, p.exitErr, tail(p.log, 20))
		}
	}

	// Scale-out, measured by the command users run (logged, never
	// asserted): the stages above stop first so they do not compete.
	for _, p := range []*proc{w2, w3, sink, al} {
		s.stop(p)
	}
	out := s.run("bench-cluster", "bench-cluster", "-n", strconv.Itoa(benchN), "-workers", "1,2",
		"-database", database+"_bench", "-corpus", filepath.Join(root, "extract", "testdata", "corpus"))
	t.Logf("SCALE\n%s", out)
	for _, want := range []string{"bench-cluster: " + strconv.Itoa(benchN) + " articles per worker count", "\n  1  ", "\n  2  ", "1 workers: w0 ", "2 workers: w0 "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("bench-cluster output lacks %q", want)
		}
	}
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

func (s *suite) cluster(args ...string) {
	s.t.Helper()
	cmd := exec.Command(filepath.Join(s.root, "scripts", "services.sh"), append([]string{"cluster"}, args...)...)
	cmd.Env = append(os.Environ(), s.svcEnv...)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("services.sh cluster %v: %v\n%s", args, err, out)
	}
}

func (s *suite) startCluster() {
	dir := filepath.Join(s.work, "svc")
	s.svcEnv = []string{"DEALWATCH_SERVICES_DIR=" + dir}
	start := time.Now()
	s.cluster("start")
	s.t.Logf("cluster up in %v", time.Since(start).Round(time.Second))
	vars, err := testenv.ReadEnvFile(filepath.Join(dir, "cluster", "env"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.kafka = bus.SplitBrokers(vars["DEALWATCH_CLUSTER_KAFKA"])
	s.chTCP = bus.SplitBrokers(vars["DEALWATCH_CLUSTER_CLICKHOUSE"])
	s.chHTTP = bus.SplitBrokers(vars["DEALWATCH_CLUSTER_CLICKHOUSE_HTTP"])
	if len(s.kafka) != 3 || len(s.chTCP) != 4 || len(s.chHTTP) != 4 || vars["DEALWATCH_CLUSTER_NAME"] != clusterName {
		s.t.Fatalf("cluster env: %v", vars)
	}
	// Every deal the deals view shows is announced (stated and background,
	// any confidence), once (no updates): so unique Idempotency-Keys must
	// equal the deals.
	rules := filepath.Join(s.work, "rules.yaml")
	if err := os.WriteFile(rules, []byte("modalities: [stated, background]\nmin_confidence: 0\nalert_on_updates: false\n"), 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.env = []string{
		"ALERT_RULES=" + rules, "ALERT_WEBHOOK_URLS=" + s.rcv.srv.URL, "ALERT_WEBHOOK_SECRET=cluster-secret",
		"KAFKA_BROKERS=" + strings.Join(s.kafka, ","), "KAFKA_PARTITIONS=6", "KAFKA_REPLICATION=3",
		"CLICKHOUSE_ADDR=" + strings.Join(s.chTCP, ","), "CLICKHOUSE_CLUSTER=" + clusterName,
		"CLICKHOUSE_DATABASE=" + database, "DEALWATCH_METRICS_ADDR=", "CLICKHOUSE_USER=", "CLICKHOUSE_PASSWORD=",
	}
}

func (s *suite) stopAll() {
	for _, p := range s.procs {
		s.stop(p)
	}
	s.cluster("stop")
}

// run runs a dealwatch command to completion.
func (s *suite) run(what string, args ...string) []byte {
	s.t.Helper()
	cmd := exec.Command(s.bin, args...)
	cmd.Env = append(os.Environ(), s.env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		s.t.Fatalf("%s: %v\n%s", what, err, errb.String())
	}
	return out.Bytes()
}

func (s *suite) start(name string, args ...string) *proc {
	p := &proc{name: name, log: filepath.Join(s.work, name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		s.t.Fatal(err)
	}
	p.cmd = exec.Command(s.bin, args...)
	p.cmd.Env = append(os.Environ(), s.env...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	if err := p.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	go func() {
		err := p.cmd.Wait()
		f.Close()
		s.mu.Lock()
		p.exitErr = err
		s.mu.Unlock()
		close(p.done)
	}()
	s.procs = append(s.procs, p)
	return p
}

func (s *suite) stop(p *proc) {
	s.mu.Lock()
	p.stopping = true
	s.mu.Unlock()
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func tail(path string, n int) string {
	raw, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// ---------------------------------------------------------------- articles

// batch copies batchFiles corpus files (copies times, under names of their
// own) into a directory of their own (new article ids), adds `dealwatch
// extract` of them to the expectations and returns the directory.
func (s *suite) batch(name string, copies int) string {
	dir := filepath.Join(s.work, "articles", name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.t.Fatal(err)
	}
	off := (s.batches * batchFiles) % (len(s.corpus) - batchFiles)
	var paths []string
	for c := range copies {
		for _, src := range s.corpus[off : off+batchFiles] {
			raw, err := os.ReadFile(src)
			if err != nil {
				s.t.Fatal(err)
			}
			dst := filepath.Join(dir, fmt.Sprintf("c%d-%s", c, filepath.Base(src)))
			if err := os.WriteFile(dst, raw, 0o644); err != nil {
				s.t.Fatal(err)
			}
			paths = append(paths, dst)
		}
	}
	s.batches++
	sc := bufio.NewScanner(bytes.NewReader(s.run("dealwatch extract", append([]string{"extract"}, paths...)...)))
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
	s.run("ingest "+dir, "ingest", "--quiet", "--brokers", strings.Join(s.kafka, ","), dir)
}

// ---------------------------------------------------------------- Kafka

func (s *suite) waitGroupDone(group, topic string, within time.Duration) {
	s.t.Helper()
	if err := s.groupDone(group, topic, within); err != nil {
		s.t.Fatal(err)
	}
}

// groupDone waits until group has committed everything written to topic.
func (s *suite) groupDone(group, topic string, within time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	cfg := bus.Config{Brokers: s.kafka}
	for {
		lags, err := bus.GroupLag(ctx, cfg, group, topic)
		if err == nil && len(lags) > 0 {
			var total int64
			for _, l := range lags {
				total += l.Lag
			}
			if total == 0 {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("group %s did not consume %s within %v (last: %v %v)", group, topic, within, lags, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// leaderOf returns the node id of the broker leading topic/partition.
func (s *suite) leaderOf(topic string, partition int) int {
	conn, err := kafka.Dial("tcp", s.kafka[0])
	if err != nil {
		s.t.Fatal(err)
	}
	defer conn.Close()
	parts, err := conn.ReadPartitions(topic)
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range parts {
		if p.ID == partition {
			return p.Leader.ID
		}
	}
	s.t.Fatalf("%s/%d: no leader", topic, partition)
	return 0
}

// coordinatorOf returns the node id of the broker coordinating group,
// as the Kafka admin API (FindCoordinator) reports it.
func (s *suite) coordinatorOf(group string) int {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(s.kafka...), Timeout: 10 * time.Second}
	res, err := c.FindCoordinator(ctx, &kafka.FindCoordinatorRequest{Key: group, KeyType: kafka.CoordinatorKeyTypeConsumer})
	if err != nil || res.Error != nil || res.Coordinator == nil {
		s.t.Fatalf("find coordinator of %s: %v %+v", group, err, res)
	}
	return res.Coordinator.NodeID
}

// ledBy lists the partitions of the stages' topics that broker node leads.
func (s *suite) ledBy(node int) []string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(s.kafka...), Timeout: 10 * time.Second}
	md, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{schemas.TopicArticles, schemas.TopicEvents}})
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, t := range md.Topics {
		for _, p := range t.Partitions {
			if p.Leader.ID == node {
				out = append(out, fmt.Sprintf("%s/%d", t.Name, p.ID))
			}
		}
	}
	sort.Strings(out)
	return out
}

// waitLeadersMoved waits until no partition of the stages' topics is led
// by the dead broker node (the controller elects new leaders once the
// broker's session expires) and returns how long that took. `dealwatch
// ingest` is a one-shot command whose writes give up after a few seconds;
// the stages themselves retry for as long as it takes.
func (s *suite) waitLeadersMoved(node int) time.Duration {
	s.t.Helper()
	start := time.Now()
	for {
		led := s.ledBy(node)
		if len(led) == 0 {
			return time.Since(start).Round(100 * time.Millisecond)
		}
		if time.Since(start) > time.Minute {
			s.t.Fatalf("kafka-%d dead for a minute and still leads %v", node, led)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitTopics waits until the stages' topics exist with a leader for every
// partition.
func (s *suite) waitTopics(within time.Duration) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), within)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(s.kafka...), Timeout: 10 * time.Second}
	topics := []string{schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter}
	last := ""
	for {
		md, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: topics})
		ready := err == nil && len(md.Topics) == len(topics)
		if err == nil {
			for _, t := range md.Topics {
				if t.Error != nil || len(t.Partitions) == 0 {
					ready = false
					last = fmt.Sprintf("%s: %v", t.Name, t.Error)
				}
				for _, p := range t.Partitions {
					if p.Leader.ID < 0 || p.Error != nil {
						ready = false
						last = fmt.Sprintf("%s/%d: leader %d %v", t.Name, p.ID, p.Leader.ID, p.Error)
					}
				}
			}
		} else {
			last = err.Error()
		}
		if ready {
			return
		}
		select {
		case <-ctx.Done():
			s.t.Fatalf("topics not ready within %v: %s", within, last)
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// checkTopics: the stages created every topic with 3 replicas and
// min.insync.replicas 2.
func (s *suite) checkTopics() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(s.kafka...)}
	for _, topic := range []string{schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter} {
		md, err := c.Metadata(ctx, &kafka.MetadataRequest{Topics: []string{topic}})
		if err != nil || len(md.Topics) != 1 || md.Topics[0].Error != nil {
			s.t.Fatalf("metadata %s: %v %+v", topic, err, md)
		}
		for _, p := range md.Topics[0].Partitions {
			if len(p.Replicas) != 3 {
				s.t.Errorf("%s/%d: %d replicas, want 3", topic, p.ID, len(p.Replicas))
			}
		}
		res, err := c.DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{Resources: []kafka.DescribeConfigRequestResource{{
			ResourceType: kafka.ResourceTypeTopic, ResourceName: topic, ConfigNames: []string{"min.insync.replicas"}}}})
		if err != nil {
			s.t.Fatal(err)
		}
		got := ""
		for _, r := range res.Resources {
			for _, e := range r.ConfigEntries {
				if e.ConfigName == "min.insync.replicas" {
					got = e.ConfigValue
				}
			}
		}
		if got != "2" {
			s.t.Errorf("%s: min.insync.replicas %q, want 2", topic, got)
		}
	}
}

// ---------------------------------------------------------------- ClickHouse

// query runs SQL on a live node over HTTP and returns the TSV fields.
func (s *suite) query(q string) ([][]string, error) {
	var lastErr error
	for i, addr := range s.chHTTP {
		if s.deadClickHs[i] {
			continue
		}
		u := "http://" + addr + "/?database=" + database + "&query=" + url.QueryEscape(q+" FORMAT TabSeparated")
		c := http.Client{Timeout: 20 * time.Second}
		resp, err := c.Get(u)
		if err != nil {
			lastErr = err
			continue
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			lastErr = fmt.Errorf("clickhouse %s: %s %v: %s", addr, resp.Status, err, bytes.TrimSpace(body))
			continue
		}
		var out [][]string
		for _, line := range strings.Split(strings.TrimRight(string(body), "\n"), "\n") {
			if line != "" {
				out = append(out, strings.Split(line, "\t"))
			}
		}
		return out, nil
	}
	return nil, lastErr
}

func (s *suite) wantEvents() int {
	n := 0
	for _, ids := range s.events {
		n += len(ids)
	}
	return n
}

// converge waits until the Distributed table has caught up, then checks
// everything exactly: rows per event (raw and FINAL), deals once each.
func (s *suite) converge(within time.Duration) {
	deadline := time.Now().Add(within)
	var rows map[string]map[string]int
	var nRows int
	var qerr error
	for {
		rows, nRows, qerr = s.rows("SELECT article_id, event_id, count() FROM events GROUP BY article_id, event_id")
		if qerr == nil && nRows >= s.wantEvents() {
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("not converged after %v: %d/%d rows, %v", within, nRows, s.wantEvents(), qerr)
		}
		time.Sleep(500 * time.Millisecond)
	}
	final, nFinal, err := s.rows("SELECT article_id, event_id, count() FROM events FINAL WHERE retracted = 0 GROUP BY article_id, event_id")
	if err != nil {
		s.t.Fatal(err)
	}
	doubled := 0
	for art, want := range s.events {
		for id := range want {
			if n := rows[art][id]; n != 1 {
				doubled += max(0, n-1)
				s.t.Errorf("article %s event %s: %d rows in events, want 1", art, id, n)
			}
			if final[art][id] != 1 {
				s.t.Errorf("article %s event %s: %d rows in events FINAL, want 1", art, id, final[art][id])
			}
		}
		for id := range rows[art] {
			if !want[id] {
				s.t.Errorf("article %s: unexpected event %s", art, id)
			}
		}
	}
	for art := range rows {
		if s.events[art] == nil {
			s.t.Errorf("events of an unexpected article %s", art)
		}
	}
	deals, _, err := s.rows("SELECT deal_id, '', count() FROM deals GROUP BY deal_id")
	if err != nil {
		s.t.Fatal(err)
	}
	dupDeals := 0
	for d, m := range deals {
		if m[""] != 1 {
			dupDeals++
			s.t.Errorf("deal %s: %d rows in the deals view", d, m[""])
		}
		if !s.deals[d] {
			s.t.Errorf("deal %s in the view but not expected", d)
		}
	}
	for d := range s.deals {
		if deals[d] == nil {
			s.t.Errorf("deal %s missing from the deals view", d)
		}
	}
	// Where the rows went: per shard and replica, straight from the local tables.
	var spread []string
	for i, addr := range s.chHTTP {
		u := "http://" + addr + "/?database=" + database + "&query=" + url.QueryEscape("SELECT count() FROM events_local FORMAT TabSeparated")
		resp, err := http.Get(u)
		if err != nil {
			spread = append(spread, fmt.Sprintf("node%d:?", i))
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		spread = append(spread, fmt.Sprintf("%s:%s", []string{"s1r1", "s1r2", "s2r1", "s2r2"}[i], strings.TrimSpace(string(b))))
	}
	s.t.Logf("RESULT articles=%d events want=%d raw=%d final=%d doubled=%d deals want=%d got=%d dup=%d local rows %s",
		len(s.events), s.wantEvents(), nRows, nFinal, doubled, len(s.deals), len(deals), dupDeals, strings.Join(spread, " "))
}

func (s *suite) rows(q string) (map[string]map[string]int, int, error) {
	out, err := s.query(q)
	if err != nil {
		return nil, 0, err
	}
	m := map[string]map[string]int{}
	total := 0
	for _, f := range out {
		if len(f) != 3 {
			return nil, 0, fmt.Errorf("bad row %q", f)
		}
		n, _ := strconv.Atoi(f[2])
		if m[f[0]] == nil {
			m[f[0]] = map[string]int{}
		}
		m[f[0]][f[1]] += n
		total += n
	}
	return m, total, nil
}

// ---------------------------------------------------------------- alerts

// checkAlerts waits until the alerter has committed every event and the
// webhook has seen every expected deal, then checks each deal was
// announced under one Idempotency-Key and no other deal was announced.
func (s *suite) checkAlerts(al *proc, within time.Duration) {
	s.t.Helper()
	if err := s.groupDone(alert.ConsumerGroup, schemas.TopicEvents, within); err != nil {
		s.t.Fatalf("alerter: %v\n%s", err, tail(al.log, 40))
	}
	deadline := time.Now().Add(within)
	var keys map[string]map[string]bool
	var posts int
	for {
		keys, posts = s.rcv.snapshot()
		missing := 0
		for d := range s.deals {
			if len(keys[d]) == 0 {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		if time.Now().After(deadline) {
			s.t.Errorf("after %v, %d of %d deals never alerted", within, missing, len(s.deals))
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	unique := 0
	for d := range s.deals {
		unique += len(keys[d])
		if n := len(keys[d]); n != 1 {
			s.t.Errorf("deal %s: %d Idempotency-Keys, want 1", d, n)
		}
	}
	for d, ks := range keys {
		if !s.deals[d] {
			unique += len(ks)
			s.t.Errorf("alert for unexpected deal %s", d)
		}
	}
	s.t.Logf("ALERTS deals=%d unique Idempotency-Keys=%d POSTs=%d (a redelivery repeats its key)", len(s.deals), unique, posts)
}

// receiver is the webhook: it records every POST's Idempotency-Key by deal.
type receiver struct {
	srv   *httptest.Server
	mu    sync.Mutex
	keys  map[string]map[string]bool
	posts int
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
		r.keys[a.DealID][req.Header.Get(alert.HeaderIdempotencyKey)] = true
		r.posts++
		r.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	return r
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
