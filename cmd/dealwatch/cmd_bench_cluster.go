package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/backend"
	"github.com/dealwatch/dealwatch/store/chserver"
)

// bench-cluster measures scale-out on real clusters: the extract workers
// and the sinks run as separate `dealwatch` processes (one consumer group
// each), as a team runs them, against the Kafka brokers of KAFKA_BROKERS
// and the ClickHouse servers of CLICKHOUSE_ADDR (CLICKHOUSE_CLUSTER for a
// sharded, replicated schema). For each worker count it starts that many
// workers in a fresh group, waits until the group has assigned every
// partition (so group join is not part of the sample), publishes N new
// articles and times them until every event is visible through the
// Distributed table.

type benchClusterOptions struct {
	n           int
	workers     []int
	concurrency int
	sinks       int
	corpus      []string
	bin         string
	database    string
	poll        time.Duration
	timeout     time.Duration
	logDir      string
}

func runBenchCluster(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet(env, "bench-cluster")
	o := benchClusterOptions{workers: []int{1, 2, 4}}
	fs.IntVar(&o.n, "n", 1500, "articles published per worker count")
	fs.Func("workers", "worker counts to measure, comma-separated (default 1,2,4)", func(s string) error {
		o.workers = nil
		for _, f := range strings.Split(s, ",") {
			k, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || k < 1 {
				return fmt.Errorf("bad worker count %q", f)
			}
			o.workers = append(o.workers, k)
		}
		return nil
	})
	fs.IntVar(&o.concurrency, "concurrency", worker.DefaultConcurrency(), "articles each worker process handles at once (extract-worker --concurrency)")
	fs.IntVar(&o.sinks, "sinks", 1, "sink processes (one consumer group)")
	fs.Func("corpus", "article files or directories the articles are drawn from (repeatable; default testdata/corpus)", func(s string) error {
		o.corpus = append(o.corpus, s)
		return nil
	})
	fs.StringVar(&o.bin, "bin", "", "the dealwatch binary the workers and sinks run (default: this one)")
	fs.StringVar(&o.database, "database", "dealwatch_bench", "ClickHouse database the benchmark's sinks write (created and migrated; kept)")
	fs.DurationVar(&o.poll, "poll", 100*time.Millisecond, "how often ClickHouse is polled for visible events (latency resolution)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Minute, "give up on one worker count after this long")
	fs.StringVar(&o.logDir, "logs", "", "directory for the worker and sink logs (default: a temporary one, removed)")
	if err := parseArgs(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || o.n < 1 || o.concurrency < 1 || o.sinks < 1 || len(o.workers) == 0 {
		return fmt.Errorf("%w: bench-cluster takes flags only; -n, -concurrency, -sinks and -workers must be positive", errUsage)
	}
	if os.Getenv("KAFKA_BROKERS") == "" || os.Getenv("CLICKHOUSE_ADDR") == "" {
		return fmt.Errorf("%w: bench-cluster runs on real clusters: set KAFKA_BROKERS and CLICKHOUSE_ADDR (the embedded services: dealwatch bench)", errUsage)
	}
	if len(o.corpus) == 0 {
		o.corpus = []string{"testdata/corpus"}
	}
	if o.bin == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench-cluster: own binary: %w", err)
		}
		o.bin = exe
	}
	return benchCluster(ctx, env, o)
}

// benchWorkerRun is what one worker count measured.
type benchWorkerRun struct {
	workers              int
	joined               time.Duration // start of the processes → every partition assigned
	published            time.Duration // first publish → last publish acknowledged
	extracted, visible   time.Duration // first publish → extract group committed all / all events visible
	latencies            []time.Duration
	loadBefore, loadEnd  string // /proc/loadavg (1, 5, 15 min)
	perWorker            []benchWorkerFigures
	sinkCPU, selfCPU     float64 // CPU seconds of the sinks and of this process (publisher, poller) during the run
	partitionsPerMember  []int
	articles, withEvents int
}

// benchWorkerFigures is one worker process, from its /metrics at the end.
type benchWorkerFigures struct {
	consumed   float64 // articles fetched
	processed  uint64  // articles extracted
	processSec float64 // summed extraction time
	cpuSec     float64 // process CPU time (user+system)
}

func benchCluster(ctx context.Context, env *cliEnv, o benchClusterOptions) error {
	cfg := bus.ConfigFromEnv()
	server := chserver.ConfigFromEnv()
	server.Database = o.database
	runID := fmt.Sprintf("%d", time.Now().UnixNano())

	arts, distinct, err := benchArticles(o.corpus, o.n*len(o.workers), runID)
	if err != nil {
		return err
	}
	x, err := extract.New()
	if err != nil {
		return err
	}
	// Expected events per article (the visibility check), and the
	// extraction rate of this machine's cores with no Kafka or ClickHouse.
	if _, _, err := benchExtract(ctx, x, arts[:min(len(arts), distinct)], runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	alone, want, err := benchExtract(ctx, x, arts, runtime.GOMAXPROCS(0))
	if err != nil {
		return err
	}

	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions); err != nil {
		return err
	}
	e, err := backend.Open(ctx, backend.Options{Server: &server, CreateDatabase: true})
	if err != nil {
		return fmt.Errorf("bench-cluster: open ClickHouse: %w", err)
	}
	defer e.Close()
	if _, err := store.Migrate(ctx, e, env.log); err != nil {
		return fmt.Errorf("bench-cluster: migrate %s: %w", o.database, err)
	}

	logDir := o.logDir
	if logDir == "" {
		if logDir, err = os.MkdirTemp("", "dealwatch-bench-cluster-"); err != nil {
			return err
		}
		defer os.RemoveAll(logDir)
	} else if err := os.MkdirAll(logDir, 0o755); err != nil {
		return err
	}
	procs := &benchProcs{bin: o.bin, dir: logDir, env: append(os.Environ(), "CLICKHOUSE_DATABASE="+o.database, "DEALWATCH_METRICS_ADDR=")}
	defer procs.stopAll()

	// The sinks: one group for the whole benchmark, starting at the end of
	// the events topic (events written before are not the benchmark's).
	sinkGroup := "dealwatch-bench-sink-" + runID
	if err := startGroupAtEnd(ctx, cfg, sinkGroup, schemas.TopicEvents); err != nil {
		return err
	}
	var sinks []*benchProc
	for i := range o.sinks {
		p, err := procs.start(ctx, fmt.Sprintf("sink-%d", i), "sink", "--group", sinkGroup)
		if err != nil {
			return err
		}
		sinks = append(sinks, p)
	}
	if _, err := waitAssigned(ctx, cfg, sinkGroup, schemas.TopicEvents, o.sinks, 2*time.Minute); err != nil {
		return fmt.Errorf("bench-cluster: sinks: %w", err)
	}

	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	var runs []benchWorkerRun
	for i, nw := range o.workers {
		r, err := benchClusterRun(ctx, cfg, e, procs, sinks, w, o, nw, arts[i*o.n:(i+1)*o.n], want, sinkGroup, runID)
		if err != nil {
			return err
		}
		runs = append(runs, r)
		env.log.Info("bench-cluster: measured", "workers", nw, "articles_per_s", float64(o.n)/r.visible.Seconds())
	}
	procs.stopAll()
	printBenchCluster(env.stdout, cfg, server, o, distinct, alone, runs)
	return nil
}

// benchClusterRun measures one worker count.
func benchClusterRun(ctx context.Context, cfg bus.Config, q store.Querier, procs *benchProcs, sinks []*benchProc, w *kafka.Writer,
	o benchClusterOptions, nw int, arts []schemas.Article, want map[string]int, sinkGroup, runID string) (benchWorkerRun, error) {
	r := benchWorkerRun{workers: nw, articles: len(arts)}
	group := fmt.Sprintf("dealwatch-bench-extract-%s-%d", runID, nw)
	if err := startGroupAtEnd(ctx, cfg, group, schemas.TopicArticles); err != nil {
		return r, err
	}
	start := time.Now()
	var ws []*benchProc
	for i := range nw {
		p, err := procs.start(ctx, fmt.Sprintf("extract-%d-%d", nw, i), "extract-worker",
			"--group", group, "--concurrency", strconv.Itoa(o.concurrency), "--drain-timeout", "5s")
		if err != nil {
			return r, err
		}
		ws = append(ws, p)
	}
	defer func() {
		for _, p := range ws {
			p.stop()
		}
	}()
	parts, err := waitAssigned(ctx, cfg, group, schemas.TopicArticles, nw, 2*time.Minute)
	if err != nil {
		return r, fmt.Errorf("bench-cluster: %d workers: %w", nw, err)
	}
	r.joined = time.Since(start)
	r.partitionsPerMember = parts
	r.loadBefore = loadAvg()
	sinkCPU0, err := cpuOf(ctx, sinks)
	if err != nil {
		return r, err
	}
	selfCPU0 := selfCPU()

	// Published in writes of 500 (the writer's batch size): the time of
	// each write is its articles' publish time.
	start = time.Now()
	// Asked by the run's URL mark and insert time: a list of thousands of
	// ids is larger than a query may be.
	vis := &visibility{q: q, mark: runID, since: start, published: map[string]time.Time{}, want: want}
	for i := 0; i < len(arts); i += 500 {
		batch := arts[i:min(i+500, len(arts))]
		msgs := make([]kafka.Message, len(batch))
		for j, a := range batch {
			raw, err := json.Marshal(a)
			if err != nil {
				return r, err
			}
			msgs[j] = kafka.Message{Key: []byte(a.ID), Value: raw,
				Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Now())}}
		}
		now := time.Now()
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			return r, fmt.Errorf("bench-cluster: publish: %w", err)
		}
		for _, a := range batch {
			if want[a.ID] > 0 {
				vis.published[a.ID] = now
				r.withEvents++
			}
		}
	}
	r.published = time.Since(start)
	extracted := make(chan time.Duration, 1)
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		if err := waitIdle(wctx, cfg, []stageGroup{{worker.Stage, group, schemas.TopicArticles}}, 50*time.Millisecond); err != nil {
			extracted <- 0
			return
		}
		extracted <- time.Since(start)
	}()
	if err := vis.wait(ctx, o.poll, o.timeout); err != nil {
		return r, fmt.Errorf("bench-cluster: %d workers: %w", nw, err)
	}
	r.visible = time.Since(start)
	r.latencies = vis.latencies
	r.extracted = <-extracted
	r.loadEnd = loadAvg()
	// The sink must have committed too before the next count starts.
	if err := waitIdle(ctx, cfg, []stageGroup{{store.SinkStage, sinkGroup, schemas.TopicEvents}}, 50*time.Millisecond); err != nil {
		return r, err
	}
	sinkCPU1, err := cpuOf(ctx, sinks)
	if err != nil {
		return r, err
	}
	r.sinkCPU, r.selfCPU = sinkCPU1-sinkCPU0, selfCPU()-selfCPU0
	for _, p := range ws {
		f, err := p.figures(ctx, worker.Stage)
		if err != nil {
			return r, fmt.Errorf("bench-cluster: %s: %w", p.name, err)
		}
		r.perWorker = append(r.perWorker, f)
	}
	return r, nil
}

func printBenchCluster(out io.Writer, cfg bus.Config, server chserver.Config, o benchClusterOptions, distinct int, alone benchResult, runs []benchWorkerRun) {
	chMode := "one ClickHouse schema"
	if server.Cluster != "" {
		chMode = "ClickHouse cluster " + server.Cluster
	}
	fmt.Fprintf(out, "dealwatch bench-cluster: %d articles per worker count (%d distinct texts); Kafka %d brokers (topics: %d partitions, replication %d); %s on %d servers, database %s; workers and %d sink(s) as processes, --concurrency %d; this machine: %d CPUs\n",
		o.n, distinct, len(cfg.Brokers), cfg.Partitions, cfg.ReplicationFactor, chMode, len(strings.Split(server.Addr, ",")), o.database, o.sinks, o.concurrency, runtime.NumCPU())
	fmt.Fprintf(out, "  extraction alone, in one process: %.1f articles/s (%d goroutines, %d articles)\n", alone.rate(), runtime.GOMAXPROCS(0), alone.articles)
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  workers\tarticles/s\tpublished in\textracted after\tvisible after\tpublish→visible p50\tp99\tgroup join\tpartitions per worker\tload avg before\tload avg after")
	for _, r := range runs {
		fmt.Fprintf(tw, "  %d\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%v\t%s\t%s\n", r.workers, float64(r.articles)/r.visible.Seconds(),
			r.published.Round(time.Millisecond), r.extracted.Round(time.Millisecond), r.visible.Round(time.Millisecond),
			percentile(r.latencies, 0.5).Round(time.Millisecond), percentile(r.latencies, 0.99).Round(time.Millisecond),
			r.joined.Round(time.Millisecond), r.partitionsPerMember, r.loadBefore, r.loadEnd)
	}
	tw.Flush()
	fmt.Fprintln(out, "  per worker (from its /metrics): articles extracted, articles/s over the run, mean extraction ms (wall clock), CPU seconds")
	for _, r := range runs {
		var parts []string
		for i, f := range r.perWorker {
			mean := 0.0
			if f.processed > 0 {
				mean = f.processSec / float64(f.processed) * 1000
			}
			parts = append(parts, fmt.Sprintf("w%d %d art %.1f/s %.1fms cpu %.1fs", i, f.processed, float64(f.processed)/r.visible.Seconds(), mean, f.cpuSec))
		}
		fmt.Fprintf(out, "    %d workers: %s; sinks cpu %.1fs; this process (publisher, poller) cpu %.1fs\n", r.workers, strings.Join(parts, "; "), r.sinkCPU, r.selfCPU)
	}
}

// cpuOf sums the CPU seconds of processes from their /metrics.
func cpuOf(ctx context.Context, ps []*benchProc) (float64, error) {
	var sum float64
	for _, p := range ps {
		f, err := p.figures(ctx, store.SinkStage)
		if err != nil {
			return 0, fmt.Errorf("bench-cluster: %s: %w", p.name, err)
		}
		sum += f.cpuSec
	}
	return sum, nil
}

// selfCPU is this process's CPU time (user+system) in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// loadAvg is the 1, 5 and 15 minute load averages ("?" where /proc is not).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// startGroupAtEnd commits, for a group with no members, the end of every
// partition of topic, so that its consumers read only what is written
// from now on (bus.NewReader starts a group without offsets at the
// beginning of the log). The coordinator may not be ready on a fresh
// cluster (__consumer_offsets being created): it retries for 30 s.
func startGroupAtEnd(ctx context.Context, cfg bus.Config, group, topic string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for {
		err := commitGroupAtEnd(ctx, cfg, group, topic)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func commitGroupAtEnd(ctx context.Context, cfg bus.Config, group, topic string) error {
	lags, err := bus.GroupLag(ctx, cfg, group, topic)
	if err != nil {
		return err
	}
	commits := make([]kafka.OffsetCommit, len(lags))
	for i, l := range lags {
		commits[i] = kafka.OffsetCommit{Partition: l.Partition, Offset: l.End}
	}
	c := &kafka.Client{Addr: kafka.TCP(cfg.Brokers...), Timeout: 10 * time.Second}
	res, err := c.OffsetCommit(ctx, &kafka.OffsetCommitRequest{GroupID: group, GenerationID: -1, Topics: map[string][]kafka.OffsetCommit{topic: commits}})
	if err != nil {
		return fmt.Errorf("bench-cluster: start %s at the end of %s: %w", group, topic, err)
	}
	for _, ps := range res.Topics {
		for _, p := range ps {
			if p.Error != nil {
				return fmt.Errorf("bench-cluster: start %s at the end of %s/%d: %w", group, topic, p.Partition, p.Error)
			}
		}
	}
	return nil
}

// waitAssigned waits until group is stable with members members that hold
// every partition of topic between them, and returns how many partitions
// each member holds.
func waitAssigned(ctx context.Context, cfg bus.Config, group, topic string, members int, within time.Duration) ([]int, error) {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	c := &kafka.Client{Addr: kafka.TCP(cfg.Brokers...), Timeout: 10 * time.Second}
	last := "no answer"
	for {
		lags, err := bus.GroupLag(ctx, cfg, group, topic)
		if err == nil {
			var res *kafka.DescribeGroupsResponse
			res, err = c.DescribeGroups(ctx, &kafka.DescribeGroupsRequest{GroupIDs: []string{group}})
			if err == nil && len(res.Groups) == 1 {
				g := res.Groups[0]
				var per []int
				total := 0
				for _, m := range g.Members {
					n := 0
					for _, t := range m.MemberAssignments.Topics {
						if t.Topic == topic {
							n += len(t.Partitions)
						}
					}
					per = append(per, n)
					total += n
				}
				last = fmt.Sprintf("state %s, %d members, %d of %d partitions assigned", g.GroupState, len(g.Members), total, len(lags))
				if g.GroupState == "Stable" && len(g.Members) == members && total == len(lags) {
					return per, nil
				}
			}
		}
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("group %s not assigned to %d members within %s (%s)", group, members, within, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// benchProcs runs dealwatch stages as child processes.
type benchProcs struct {
	bin, dir string
	env      []string
	all      []*benchProc
}

type benchProc struct {
	name, metrics string
	cmd           *exec.Cmd
	done          chan struct{}
}

func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs `bin args... --metrics-addr <free port>`, its output in
// dir/name.log. The process is stopped (SIGTERM) when ctx ends.
func (ps *benchProcs) start(ctx context.Context, name string, args ...string) (*benchProc, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	f, err := os.Create(filepath.Join(ps.dir, name+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, ps.bin, append(args, "--metrics-addr", addr)...)
	cmd.Env = ps.env
	cmd.Stdout, cmd.Stderr = f, f
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench-cluster: start %s: %w", name, err)
	}
	p := &benchProc{name: name, metrics: addr, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	ps.all = append(ps.all, p)
	return p, nil
}

func (ps *benchProcs) stopAll() {
	for _, p := range ps.all {
		p.stop()
	}
}

// stop sends SIGTERM and waits (SIGKILL after 30 s).
func (p *benchProc) stop() {
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

// figures reads the process's /metrics: what the stage consumed and
// processed, and the process's CPU time.
func (p *benchProc) figures(ctx context.Context, stage string) (benchWorkerFigures, error) {
	var f benchWorkerFigures
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+p.metrics+"/metrics", nil)
	if err != nil {
		return f, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return f, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return f, fmt.Errorf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		return f, err
	}
	found := false
	for name, mf := range mfs {
		for _, m := range mf.GetMetric() {
			if name == "process_cpu_seconds_total" {
				f.cpuSec = m.GetCounter().GetValue()
				continue
			}
			onStage := false
			for _, l := range m.GetLabel() {
				if l.GetName() == "stage" && l.GetValue() == stage {
					onStage = true
				}
			}
			if !onStage {
				continue
			}
			switch name {
			case "dealwatch_consumed_total":
				f.consumed = m.GetCounter().GetValue()
			case "dealwatch_process_seconds":
				f.processed = m.GetHistogram().GetSampleCount()
				f.processSec = m.GetHistogram().GetSampleSum()
				found = true
			}
		}
	}
	if !found {
		return f, errors.New("no dealwatch_process_seconds for stage " + stage)
	}
	return f, nil
}
