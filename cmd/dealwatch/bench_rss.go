package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/alert"
	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
)

// stageRSS is a stage process's peak resident set size.
type stageRSS struct {
	stage string
	kb    int64
}

// selfMaxRSS is this process's peak RSS in KB.
func selfMaxRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Maxrss
}

// benchStageRSS runs every stage as its own process, as a deployment runs
// them (`dealwatch extract-worker`, `sink`, `alert`, on the standard topics
// of the bench's broker, each group started at the end of its topic), sends
// o.n new articles through them, waits until every group has committed
// everything, stops them and reads each one's peak RSS from the kernel
// (getrusage of the child).
func benchStageRSS(ctx context.Context, env *cliEnv, o benchOptions, cfg bus.Config, tmp, runID, database string) ([]stageRSS, error) {
	bin, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter, schemas.TopicExtractions); err != nil {
		return nil, err
	}
	dir := filepath.Join(tmp, "rss")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	procEnv := append(os.Environ(), "KAFKA_BROKERS="+strings.Join(cfg.Brokers, ","), "DEALWATCH_DATA_DIR="+dir, "DEALWATCH_METRICS_ADDR=")
	if database != "" {
		procEnv = append(procEnv, "CLICKHOUSE_DATABASE="+database)
	}
	procs := &benchProcs{bin: bin, dir: dir, env: procEnv}
	defer procs.stopAll()

	groups := []stageGroup{
		{worker.Stage, "dealwatch-bench-rss-extract-" + runID, schemas.TopicArticles},
		{store.SinkStage, "dealwatch-bench-rss-sink-" + runID, schemas.TopicEvents},
		{alert.Stage, "dealwatch-bench-rss-alert-" + runID, schemas.TopicEvents},
	}
	backfill := "dealwatch-bench-rss-backfill-" + runID
	xgroup := "dealwatch-bench-rss-extractions-" + runID
	for _, sg := range groups {
		if err := startGroupAtEnd(ctx, cfg, sg.group, sg.topic); err != nil {
			return nil, err
		}
	}
	for _, sg := range []stageGroup{{"", backfill, schemas.TopicExtractions}, {"", xgroup, schemas.TopicExtractions}} {
		if err := startGroupAtEnd(ctx, cfg, sg.group, sg.topic); err != nil {
			return nil, err
		}
	}
	var workers []*benchProc
	for i := range o.workers {
		p, err := procs.start(ctx, fmt.Sprintf("extract-%d", i), "extract-worker", "--group", groups[0].group,
			"--concurrency", fmt.Sprint(o.concurrency))
		if err != nil {
			return nil, err
		}
		workers = append(workers, p)
	}
	sinkArgs := []string{"sink", "--group", groups[1].group}
	if o.clickhouse == "" {
		sinkArgs = append(sinkArgs, "--data", filepath.Join(dir, "chdb"))
	}
	sink, err := procs.start(ctx, "sink", sinkArgs...)
	if err != nil {
		return nil, err
	}
	al, err := procs.start(ctx, "alert", "alert", "--group", groups[2].group, "--backfill-group", backfill,
		"--state", filepath.Join(dir, "alert.db"))
	if err != nil {
		return nil, err
	}
	for _, sg := range groups {
		members := 1
		if sg.stage == worker.Stage {
			members = o.workers
		}
		if _, err := waitAssigned(ctx, cfg, sg.group, sg.topic, members, 2*time.Minute); err != nil {
			return nil, fmt.Errorf("%s: %w (logs in %s)", sg.stage, err, dir)
		}
	}

	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	rssRun := runID + "-rss"
	for i := 0; i < o.n; i += 100 {
		msgs := make([]kafka.Message, 0, 100)
		now := time.Now()
		for j := i; j < min(i+100, o.n); j++ {
			m, err := benchMessage(genArticle(o.seed+1, j, rssRun), now)
			if err != nil {
				return nil, err
			}
			msgs = append(msgs, m)
		}
		if err := w.WriteMessages(ctx, msgs...); err != nil {
			return nil, fmt.Errorf("publish: %w", err)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 15*time.Minute)
	defer cancel()
	if err := benchWaitIdle(wctx, cfg, groups, 100*time.Millisecond); err != nil {
		return nil, fmt.Errorf("waiting for the stage processes: %w (logs in %s)", err, dir)
	}
	// VmHWM, read while they run: the child's getrusage maxrss would
	// include this process's RSS at fork time (Linux keeps it across exec).
	peak := func(ps ...*benchProc) (int64, error) {
		var kb int64
		for _, p := range ps {
			n, err := vmHWM(p.cmd.Process.Pid)
			if err != nil {
				return 0, fmt.Errorf("%s: %w", p.name, err)
			}
			kb = max(kb, n)
		}
		return kb, nil
	}
	var out []stageRSS
	for _, st := range []struct {
		name string
		ps   []*benchProc
	}{{"extract", workers}, {"sink", []*benchProc{sink}}, {"alert", []*benchProc{al}}} {
		kb, err := peak(st.ps...)
		if err != nil {
			return nil, err
		}
		out = append(out, stageRSS{st.name, kb})
	}
	env.log.Info("bench: stage processes idle; stopping them")
	procs.stopAll()
	return out, nil
}

// vmHWM reads a process's peak RSS (VmHWM, KB) from /proc.
func vmHWM(pid int) (int64, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			if _, err := fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb); err != nil {
				return 0, fmt.Errorf("VmHWM %q: %w", rest, err)
			}
			return kb, nil
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
