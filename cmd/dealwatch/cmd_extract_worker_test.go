package main

import (
	"context"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// TestExtractWorkerCommand runs `dealwatch ingest` and then `dealwatch
// extract-worker` (a child process) on the embedded broker: the worker
// publishes the events `dealwatch extract` finds, commits every article and
// exits 0 on SIGTERM.
func TestExtractWorkerCommand(t *testing.T) {
	cfg := testKafka(t)
	brokers := strings.Join(cfg.Brokers, ",")
	dir := "../../testdata/corpus/part1"
	want := expectedEvents(t, []string{dir})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	var out, errb syncBuffer
	if code := realMain([]string{"ingest", "--brokers", brokers, dir}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("ingest exited %d: %s", code, errb.String())
	}
	var wout syncBuffer
	c := helperCmd(t, ctx, "main", []string{"extract-worker", "--brokers", brokers, "--metrics-addr", "127.0.0.1:0"})
	c.Stdout, c.Stderr = &wout, &wout
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- c.Wait() }()
	for {
		lags, err := bus.GroupLag(ctx, cfg, worker.DefaultGroup, schemas.TopicArticles)
		if err == nil && len(lags) > 0 && bus.TotalLag(lags) == 0 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("extract-worker exited early (%v):\n%s", err, wout.String())
		case <-ctx.Done():
			t.Fatalf("articles never all committed:\n%s", wout.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	if err := c.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err != nil {
		t.Fatalf("extract-worker after SIGTERM: %v\n%s", err, wout.String())
	}
	lags, err := bus.GroupLag(ctx, cfg, "check-events", schemas.TopicEvents)
	if err != nil {
		t.Fatal(err)
	}
	if n := bus.TotalLag(lags); n != int64(len(want)) {
		t.Fatalf("%d events on the topic, `dealwatch extract` finds %d", n, len(want))
	}
}
