package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/ingest/files"
	"github.com/dealwatch/dealwatch/schemas"
)

func testKafka(t *testing.T) bus.Config {
	t.Helper()
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return bus.Config{Brokers: b.Addrs(), Partitions: 3, ReplicationFactor: 1}
}

func TestIngestPublishesAndReportsUnreadable(t *testing.T) {
	t.Setenv("DEALWATCH_DATA_DIR", t.TempDir()) // the ingest checkpoint
	cfg := testKafka(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good1 := write("a.txt", "OpenAI signs deal with AWS\n\nOpenAI agreed to buy $38 billion of cloud services from Amazon.")
	good2 := write("b.html", "<html><head><title>Oracle and OpenAI</title></head><body><article><h1>Oracle and OpenAI</h1><p>Oracle will supply compute to OpenAI under a new agreement announced today in Austin.</p></article></body></html>")
	write("b.html.json", `{"url":"https://news.example.com/oracle-openai","source":"example","published":"2025-09-10"}`)
	bad := write("c.txt", "\x00\x01\x02\x03\x00\xff\xfe")
	missing := filepath.Join(dir, "nope")

	var stdout, stderr bytes.Buffer
	code := realMain([]string{"ingest", "--brokers", strings.Join(cfg.Brokers, ","), dir, missing}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a file failed); stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "published 2 articles") || !strings.Contains(stdout.String(), "2 failed") {
		t.Errorf("stdout = %q", stdout.String())
	}
	for _, want := range []string{bad, missing} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr does not name %s:\n%s", want, stderr.String())
		}
	}

	want := map[string]bool{}
	for _, p := range []string{good1, good2} {
		a, err := files.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		want[a.ID] = true
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r := bus.NewReader(cfg, schemas.TopicArticles, "check")
	defer r.Close()
	v, _ := schemas.NewValidator()
	for range 2 {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		a, err := v.Article(m.Value)
		if err != nil {
			t.Fatalf("published article invalid: %v", err)
		}
		if string(m.Key) != a.ID || !want[a.ID] {
			t.Errorf("key %q id %q not among %v", m.Key, a.ID, want)
		}
		if bus.Header(m, schemas.HeaderSchemaVersion) != schemas.ArticleVersion {
			t.Errorf("schema-version header = %q", bus.Header(m, schemas.HeaderSchemaVersion))
		}
		if _, ok := bus.PublishedAt(m); !ok {
			t.Error("no published-at header")
		}
		if a.ID == schemas.ArticleID("https://news.example.com/oracle-openai") && a.Source != "example" {
			t.Errorf("sidecar source not applied: %+v", a)
		}
		delete(want, a.ID)
	}
	lags, err := bus.GroupLag(ctx, cfg, "check", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, l := range lags {
		total += l.End - l.Start
	}
	if total != 2 {
		t.Errorf("%d messages on the topic, want 2", total)
	}
}

func TestIngestUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := realMain([]string{"ingest"}, strings.NewReader(""), &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
}

func TestRunningBrokers(t *testing.T) {
	dir := t.TempDir()
	if b := runningBrokers(dir); b != nil {
		t.Fatalf("no run.json: %v", b)
	}
	if err := writeRunInfo(dir, runInfo{PID: os.Getpid(), Brokers: []string{"127.0.0.1:1234"}}); err != nil {
		t.Fatal(err)
	}
	if b := runningBrokers(dir); len(b) != 1 || b[0] != "127.0.0.1:1234" {
		t.Fatalf("live run.json: %v", b)
	}
	if err := writeRunInfo(dir, runInfo{PID: 1 << 30, Brokers: []string{"127.0.0.1:1234"}}); err != nil {
		t.Fatal(err)
	}
	if b := runningBrokers(dir); b != nil {
		t.Fatalf("run.json of a dead process: %v", b)
	}
}

// TestIngestRefusesOversizedArticle: an article over bus.MaxMessageBytes is
// reported against its file and not published; the rest of the batch is.
func TestIngestRefusesOversizedArticle(t *testing.T) {
	t.Setenv("DEALWATCH_DATA_DIR", t.TempDir()) // the ingest checkpoint
	cfg := testKafka(t)
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.txt")
	body := "A huge article\n\n" + strings.Repeat("OpenAI agreed to buy cloud services from Amazon. ", 5<<20/50)
	if err := os.WriteFile(huge, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ok.txt"), []byte("OpenAI signs deal with AWS\n\nOpenAI agreed to buy $38 billion of cloud services from Amazon."), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := realMain([]string{"ingest", "--brokers", strings.Join(cfg.Brokers, ","), dir}, strings.NewReader(""), &stdout, &stderr)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (a file failed); stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "published 1 articles") || !strings.Contains(stdout.String(), "1 failed") {
		t.Errorf("stdout = %q", stdout.String())
	}
	if !strings.Contains(stderr.String(), huge) || !strings.Contains(stderr.String(), "message too large") {
		t.Errorf("stderr does not report %s as too large:\n%s", huge, stderr.String())
	}
}

// cancelAfter is a writer that cancels the ingest after its n-th write,
// as a Ctrl-C during that write would.
type cancelAfter struct {
	w      bus.MessageWriter
	n      int
	calls  int
	cancel context.CancelFunc
}

func (c *cancelAfter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	c.calls++
	if c.calls == c.n {
		c.cancel()
	}
	return c.w.WriteMessages(ctx, msgs...)
}

// TestIngestInterruptedResumesWithoutDoubles: an ingest interrupted during
// its second batch finishes that write, records it and stops; run again it
// publishes the rest and nothing twice, then removes the checkpoint; and a
// file list that changed under a checkpoint is refused.
func TestIngestInterruptedResumesWithoutDoubles(t *testing.T) {
	cfg := testKafka(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	const n = 230
	for i := range n {
		a := genArticle(7, i, "ingest")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%04d.txt", i)), []byte(a.Title+"\n\n"+a.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	state := filepath.Join(t.TempDir(), "ingest.json")
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	o := ingestOptions{batch: 50, stderr: io.Discard, log: slog.New(slog.DiscardHandler), state: state}

	ictx, interrupt := context.WithCancel(ctx)
	st, err := ingestFiles(ictx, &cancelAfter{w: w, n: 2, cancel: interrupt}, []string{dir}, o)
	if !errors.Is(err, context.Canceled) || st.Published != 100 {
		t.Fatalf("interrupted run: published %d, err %v; want the 2 batches written, context.Canceled", st.Published, err)
	}
	st, err = ingestFiles(ctx, w, []string{dir}, o)
	if err != nil || st.Resumed != 100 || st.Published != n-100 {
		t.Fatalf("resumed run: %+v, %v; want %d published after 100", st, err, n-100)
	}
	if _, err := os.Stat(state); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("checkpoint after a finished run: %v, want it removed", err)
	}

	// Every file is on the topic exactly once.
	r := bus.NewReader(cfg, schemas.TopicArticles, "check")
	defer r.Close()
	seen := map[string]int{}
	for range n {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatalf("after %d messages: %v", len(seen), err)
		}
		seen[string(m.Key)]++
	}
	lags, err := bus.GroupLag(ctx, cfg, "check", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, l := range lags {
		total += l.End - l.Start
	}
	if total != n || len(seen) != n {
		t.Fatalf("%d messages, %d distinct articles on the topic; want %d of each", total, len(seen), n)
	}

	// A file that sorts before the checkpoint: the list changed.
	if err := (ingestCheckpoint{Paths: []string{dir}, Files: n, Done: 100, Last: filepath.Join(dir, "a0099.txt")}).save(state); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a0000b.txt"), []byte("Late\n\nA late file."), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ingestFiles(ctx, w, []string{dir}, o); !errors.Is(err, ErrIngestChanged) {
		t.Fatalf("changed list: err %v, want ErrIngestChanged", err)
	}
}
