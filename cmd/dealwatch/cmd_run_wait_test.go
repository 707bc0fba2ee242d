package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// closedPort returns a loopback address nothing listens on (for now),
// below the ephemeral range: a stage retrying a connection to it for
// minutes must not find it taken by some outgoing connection, nor connect
// to itself.
func closedPort(t *testing.T) string {
	t.Helper()
	return testenv.RestartableAddr(t)
}

// runInProcess starts `dealwatch run args...` under ctx; its result comes
// on the returned channel.
func runInProcess(ctx context.Context, stdout, stderr *syncBuffer, args ...string) <-chan error {
	return commandInProcess(ctx, runAll, stdout, stderr, args...)
}

// commandInProcess starts a command under ctx; its result comes on the
// returned channel.
func commandInProcess(ctx context.Context, cmd func(context.Context, *cliEnv, []string) error, stdout, stderr *syncBuffer, args ...string) <-chan error {
	env := &cliEnv{stdout: stdout, stderr: stderr, stdin: strings.NewReader(""), name: "test",
		log: slog.New(slog.NewJSONHandler(stderr, nil)).With("cmd", "test")}
	done := make(chan error, 1)
	go func() { done <- cmd(ctx, env, args) }()
	return done
}

// waitLog waits until the log matches re; it fails the test when run ends
// first or the deadline passes.
func waitLog(t *testing.T, log *syncBuffer, re *regexp.Regexp, done <-chan error, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !re.MatchString(log.String()) {
		select {
		case err := <-done:
			t.Fatalf("run ended (%v) before its log matched %s\n%s", err, re, log.String())
		case <-deadline:
			t.Fatalf("no log line matching %s within %s\n%s", re, within, log.String())
		case <-tick.C:
		}
	}
}

// retriesTopics matches run's third retry of creating the topics.
var retriesTopics = regexp.MustCompile(`"msg":"retrying",.*"dependency":"kafka","op":"create topics","attempt":3,`)

// TestRunWaitsForKafka: `run --brokers ADDR` started before anything
// listens on ADDR keeps retrying (logging each wait) instead of giving
// up, and once a broker comes up there it runs the samples through as
// usual.
func TestRunWaitsForKafka(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	t.Setenv("KAFKA_BROKERS", "")
	addr := closedPort(t)
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	done := runInProcess(ctx, &stdout, &stderr, "--brokers", addr, "--data", t.TempDir(), "--metrics-addr", "127.0.0.1:0",
		"--ingest", filepath.Join("..", "..", "testdata", "samples"), "--until-idle")
	waitLog(t, &stderr, retriesTopics, done, time.Minute)

	b, err := embedded.Start(embedded.Options{Addr: addr, DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("kafka on %s: %v", addr, err)
	}
	defer b.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v\n%s", err, stderr.String())
		}
	case <-ctx.Done():
		t.Fatalf("run did not finish after Kafka came up\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "ingest: published 8 articles") || !regexp.MustCompile(`\d+ events, \d+ deals`).MatchString(stdout.String()) {
		t.Errorf("run output:\n%s", stdout.String())
	}
	if !regexp.MustCompile(`"msg":"recovered",.*"dependency":"kafka","op":"create topics"`).MatchString(stderr.String()) {
		t.Errorf("no recovery logged")
	}
}

// TestRunStopsWhileWaitingForKafka: SIGTERM/SIGINT (ctx cancelled) while
// run waits for Kafka ends it cleanly, without an error.
func TestRunStopsWhileWaitingForKafka(t *testing.T) {
	t.Setenv("CHDB_LIB_PATH", testenv.CHDB(t))
	t.Setenv("CLICKHOUSE_ADDR", "")
	t.Setenv("KAFKA_BROKERS", "")
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runInProcess(ctx, &stdout, &stderr, "--brokers", closedPort(t), "--data", t.TempDir(), "--metrics-addr", "127.0.0.1:0")
	waitLog(t, &stderr, retriesTopics, done, time.Minute)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run stopped while waiting: %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop within 30s of its context")
	}
}

// TestRunWaitsForClickHouse: `run --clickhouse ADDR` with nothing
// listening on ADDR keeps retrying (as the sink stage does) instead of
// exiting, until it is stopped.
func TestRunWaitsForClickHouse(t *testing.T) {
	t.Setenv("CLICKHOUSE_ADDR", "")
	t.Setenv("KAFKA_BROKERS", "")
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := runInProcess(ctx, &stdout, &stderr, "--clickhouse", closedPort(t), "--data", t.TempDir(),
		"--metrics-addr", "127.0.0.1:0", "--kafka-addr", "127.0.0.1:0")
	waitLog(t, &stderr, regexp.MustCompile(`"msg":"retrying",.*"dependency":"clickhouse","op":"open ClickHouse","attempt":3,`), done, time.Minute)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run stopped while waiting: %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop within 30s of its context")
	}
}

// TestCrawlWaitsForKafka: the crawler (a stage) started before Kafka
// listens keeps retrying the topics instead of giving up, and stops
// cleanly when asked to.
func TestCrawlWaitsForKafka(t *testing.T) {
	t.Setenv("KAFKA_BROKERS", "")
	var stdout, stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := commandInProcess(ctx, runCrawl, &stdout, &stderr, "--brokers", closedPort(t), "--data", t.TempDir(),
		"--source", "http://127.0.0.1:1/feed.xml")
	waitLog(t, &stderr, retriesTopics, done, time.Minute)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("crawl stopped while waiting: %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("crawl did not stop within 30s of its context")
	}
}
