package worker_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/extract/worker"
	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/ingest/bus/metrics"
	"github.com/dealwatch/dealwatch/schemas"
)

// lineExtractor is a tiny deterministic extractor for testing the worker's
// delivery guarantees independently of extraction quality: every line
// "PARTNER a b" of the text is a partnership between a and b; a line "BROKEN"
// yields an event that violates the schema.
type lineExtractor struct{}

func (lineExtractor) Extract(_ context.Context, a schemas.Article) ([]schemas.DealEvent, error) {
	var out []schemas.DealEvent
	for _, line := range strings.Split(a.Text, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "PARTNER":
			e := schemas.DealEvent{
				Type: schemas.TypePartnership, Action: schemas.ActionFormed,
				Parties: []schemas.Party{
					{ID: f[1], Name: f[1], Role: schemas.RolePartner},
					{ID: f[2], Name: f[2], Role: schemas.RolePartner},
				},
				Evidence:         schemas.Evidence{Sentence: line, Start: 0, End: len(line)},
				Confidence:       0.9,
				Article:          schemas.ArticleRef{ID: a.ID, URL: a.URL, Source: a.Source, Title: a.Title, PublishedAt: a.PublishedAt},
				ExtractorVersion: "test",
				ExtractedAt:      time.Now().UTC(),
			}
			e.DealID = schemas.DealID(e)
			e.EventID = schemas.HashID(a.ID, e.Type, f[1], f[2])
			out = append(out, e)
		case len(f) == 1 && f[0] == "PANIC":
			var m map[string]int
			m["boom"]++ // nil map write: a bug in the extractor
		case len(f) == 1 && f[0] == "BROKEN":
			out = append(out, schemas.DealEvent{EventID: "NOT-HEX", Type: "merger"})
		}
	}
	return out, nil
}

type env struct {
	cfg bus.Config
	ctx context.Context
}

func newEnv(t testing.TB, partitions int) env {
	t.Helper()
	b, err := embedded.Start(embedded.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	t.Cleanup(cancel)
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: partitions, ReplicationFactor: 1}
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	return env{cfg: cfg, ctx: ctx}
}

func article(url, text string) schemas.Article {
	return schemas.Article{
		SchemaVersion: schemas.ArticleVersion, ID: schemas.ArticleID(url), URL: url,
		Source: "test", Title: "t " + url, Text: text, FetchedAt: time.Date(2025, 11, 3, 0, 0, 0, 0, time.UTC),
	}
}

func (e env) publish(t *testing.T, msgs ...kafka.Message) {
	t.Helper()
	w := bus.NewWriter(e.cfg, schemas.TopicArticles)
	defer w.Close()
	if err := w.WriteMessages(e.ctx, msgs...); err != nil {
		t.Fatal(err)
	}
}

func articleMsg(t testing.TB, a schemas.Article) kafka.Message {
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return kafka.Message{Key: []byte(a.ID), Value: raw, Headers: []kafka.Header{
		bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC))}}
}

// readTopic returns every message of topic, partition by partition.
func (e env) readTopic(t *testing.T, topic string) []kafka.Message {
	t.Helper()
	lags, err := bus.GroupLag(e.ctx, e.cfg, "reader-"+topic, topic)
	if err != nil {
		t.Fatal(err)
	}
	var out []kafka.Message
	for _, p := range lags {
		if p.End == p.Start {
			continue
		}
		r := kafka.NewReader(kafka.ReaderConfig{Brokers: e.cfg.Brokers, Topic: topic, Partition: p.Partition, MaxWait: 100 * time.Millisecond})
		if err := r.SetOffset(p.Start); err != nil {
			t.Fatal(err)
		}
		for {
			m, err := r.ReadMessage(e.ctx)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, m)
			if m.Offset == p.End-1 {
				break
			}
		}
		r.Close()
	}
	return out
}

type collector struct {
	mu  sync.Mutex
	res []worker.Result
	n   chan struct{}
}

func newCollector() *collector { return &collector{n: make(chan struct{}, 1000)} }

func (c *collector) onCommit(rs []worker.Result) {
	c.mu.Lock()
	c.res = append(c.res, rs...)
	c.mu.Unlock()
	for range rs {
		c.n <- struct{}{}
	}
}

func (c *collector) wait(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for range n {
		select {
		case <-c.n:
		case <-ctx.Done():
			t.Fatalf("only part of %d articles committed: %v", n, ctx.Err())
		}
	}
}

func runWorker(t *testing.T, e env, group string, opts worker.Options) (stop func() error) {
	t.Helper()
	w, err := worker.Open(e.cfg, group, lineExtractor{}, opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	return func() error { cancel(); return <-done }
}

func TestWorkerPublishesCommitsAndDeadLetters(t *testing.T) {
	e := newEnv(t, 3)
	withDeal := article("https://example.com/deal", "Intro.\nPARTNER openai amazon\nPARTNER microsoft openai\n")
	noDeal := article("https://example.com/none", "Nothing to see here.")
	badEvent := article("https://example.com/broken", "BROKEN")
	panics := article("https://example.com/panic", "PANIC")
	invalid := kafka.Message{Key: []byte("junk"), Value: []byte(`{"id": 42}`)}
	notJSON := kafka.Message{Key: []byte("junk2"), Value: []byte("<html>")}
	e.publish(t, articleMsg(t, withDeal), articleMsg(t, noDeal), articleMsg(t, badEvent), articleMsg(t, panics), invalid, notJSON)

	col := newCollector()
	stop := runWorker(t, e, "g", worker.Options{Concurrency: 3, OnCommit: col.onCommit})
	col.wait(t, e.ctx, 6)
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	// Every article is committed: the group has no lag, including the
	// zero-event article and the dead-lettered ones.
	lags, err := bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	if n := bus.TotalLag(lags); n != 0 {
		t.Fatalf("lag after all articles handled = %d (%+v)", n, lags)
	}
	var zero *worker.Result
	for i, r := range col.res {
		if r.ArticleID == noDeal.ID {
			zero = &col.res[i]
		}
	}
	if zero == nil || len(zero.EventIDs) != 0 || zero.DeadLettered {
		t.Fatalf("zero-event article result = %+v", zero)
	}

	evs := e.readTopic(t, schemas.TopicEvents)
	if len(evs) != 2 {
		t.Fatalf("%d events published, want 2", len(evs))
	}
	v, _ := schemas.NewValidator()
	for _, m := range evs {
		ev, err := v.DealEvent(m.Value)
		if err != nil {
			t.Fatalf("published event invalid: %v", err)
		}
		if string(m.Key) != ev.DealID {
			t.Errorf("event key %q, want deal_id %q", m.Key, ev.DealID)
		}
		if h := bus.Header(m, schemas.HeaderSchemaVersion); h != schemas.DealEventVersion {
			t.Errorf("schema-version header %q", h)
		}
		if pub, ok := bus.PublishedAt(m); !ok || !pub.Equal(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)) {
			t.Errorf("published-at header not carried over from the article: %v %v", pub, ok)
		}
		if ev.Article.ID != withDeal.ID {
			t.Errorf("event from article %s", ev.Article.ID)
		}
	}

	dl := e.readTopic(t, schemas.TopicDeadLetter)
	if len(dl) != 4 {
		t.Fatalf("%d dead letters, want 4", len(dl))
	}
	byKey := map[string]kafka.Message{}
	for _, m := range dl {
		byKey[string(m.Key)] = m
		if bus.Header(m, schemas.HeaderDLQStage) != worker.Stage || bus.Header(m, schemas.HeaderDLQTopic) != schemas.TopicArticles ||
			bus.Header(m, schemas.HeaderDLQPartition) == "" || bus.Header(m, schemas.HeaderDLQOffset) == "" {
			t.Errorf("dead letter %s lacks source headers: %v", m.Key, m.Headers)
		}
	}
	for k, want := range map[string]string{"junk": "invalid article", "junk2": "invalid article", badEvent.ID: "invalid event", panics.ID: "extractor panicked"} {
		m, ok := byKey[k]
		if !ok {
			t.Errorf("no dead letter for %s", k)
			continue
		}
		if r := bus.Header(m, schemas.HeaderDLQReason); !strings.Contains(r, want) {
			t.Errorf("dead letter %s reason %q, want it to mention %q", k, r, want)
		}
	}
	if string(byKey["junk2"].Value) != "<html>" {
		t.Errorf("dead letter value = %q, want the original bytes", byKey["junk2"].Value)
	}
	// Source offsets in the headers point at the original message.
	orig := e.readTopic(t, schemas.TopicArticles)
	for _, m := range orig {
		if d, ok := byKey[string(m.Key)]; ok {
			if bus.Header(d, schemas.HeaderDLQOffset) != fmt.Sprint(m.Offset) || bus.Header(d, schemas.HeaderDLQPartition) != fmt.Sprint(m.Partition) {
				t.Errorf("dead letter %s points at %s/%s, original at %d/%d", m.Key,
					bus.Header(d, schemas.HeaderDLQPartition), bus.Header(d, schemas.HeaderDLQOffset), m.Partition, m.Offset)
			}
		}
	}
}

// outageWriter fails every write while down, like a Kafka cluster that is
// unavailable, and passes writes on to w otherwise. failed receives a value
// per failed write (dropped when nobody listens).
type outageWriter struct {
	w      bus.MessageWriter
	down   atomic.Bool
	calls  atomic.Int64
	failed chan struct{}
}

func newOutageWriter(w bus.MessageWriter) *outageWriter {
	o := &outageWriter{w: w, failed: make(chan struct{}, 100)}
	o.down.Store(true)
	return o
}

func (o *outageWriter) WriteMessages(ctx context.Context, msgs ...kafka.Message) error {
	o.calls.Add(1)
	if o.down.Load() {
		select {
		case o.failed <- struct{}{}:
		default:
		}
		return errors.New("dial tcp 127.0.0.1:9092: connect: connection refused")
	}
	return o.w.WriteMessages(ctx, msgs...)
}

// waitFailures waits for n failed writes.
func (o *outageWriter) waitFailures(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for range n {
		select {
		case <-o.failed:
		case <-ctx.Done():
			t.Fatalf("fewer than %d write attempts: %v", n, ctx.Err())
		}
	}
}

var fastRetry = bus.Backoff{Initial: time.Millisecond, Max: 20 * time.Millisecond}

// TestPublishOutageIsRiddenOut: while Kafka refuses the events the worker
// keeps retrying, commits nothing (not even the zero-event article behind
// the failing one) and does not exit; once Kafka is back it finishes both.
func TestPublishOutageIsRiddenOut(t *testing.T) {
	e := newEnv(t, 1)
	deal := article("https://example.com/a", "PARTNER openai oracle")
	later := article("https://example.com/b", "no deal")
	e.publish(t, articleMsg(t, deal), articleMsg(t, later))

	v, _ := schemas.NewValidator()
	r := bus.NewReader(e.cfg, schemas.TopicArticles, "g")
	ew := bus.NewWriter(e.cfg, schemas.TopicEvents)
	defer ew.Close()
	ow := newOutageWriter(ew)
	dlq := bus.NewWriter(e.cfg, schemas.TopicDeadLetter)
	defer dlq.Close()
	reg := metrics.New()
	col := newCollector()
	w := worker.New(r, ow, dlq, lineExtractor{}, v, worker.Options{Concurrency: 2, Backoff: fastRetry,
		Metrics: reg.Stage(worker.Stage), OnCommit: col.onCommit})
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx); r.Close() }()

	ow.waitFailures(t, e.ctx, 5)
	select {
	case err := <-done:
		t.Fatalf("the worker exited during the outage: %v", err)
	default:
	}
	if got := reg.Unhealthy(); len(got) != 1 || !strings.HasPrefix(got[0], "extract/kafka: ") {
		t.Errorf("Unhealthy during the outage = %q, want extract/kafka", got)
	}
	lags, err := bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	// The failing article is at offset 0: nothing may be committed, not even
	// the zero-event article after it.
	if lags[0].Committed > 0 {
		t.Fatalf("committed offset %d during the outage, want none", lags[0].Committed)
	}

	ow.down.Store(false)
	col.wait(t, e.ctx, 2)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	if got := reg.Unhealthy(); len(got) != 0 {
		t.Errorf("Unhealthy after recovery = %q", got)
	}
	first := e.readTopic(t, schemas.TopicEvents)
	if len(first) != 1 {
		t.Fatalf("%d events after the outage, want 1", len(first))
	}

	// Reprocessing from scratch (a new group) publishes the same ids.
	col2 := newCollector()
	stop := runWorker(t, e, "g-replay", worker.Options{OnCommit: col2.onCommit})
	col2.wait(t, e.ctx, 2)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	all := e.readTopic(t, schemas.TopicEvents)
	if len(all) != 2 {
		t.Fatalf("%d events after replay, want 2", len(all))
	}
	var ids, deals []string
	for _, m := range all {
		var ev schemas.DealEvent
		if err := json.Unmarshal(m.Value, &ev); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, ev.EventID)
		deals = append(deals, ev.DealID)
	}
	if ids[0] != ids[1] || deals[0] != deals[1] {
		t.Fatalf("replay changed ids: events %v deals %v", ids, deals)
	}
	if !slices.Equal(col.res[0].EventIDs, []string{ids[0]}) && !slices.Equal(col.res[1].EventIDs, []string{ids[0]}) {
		t.Errorf("OnCommit results %+v do not carry event id %s", col.res, ids[0])
	}
}

// flakyReader fails its first fetches the way a kafka-go reader does while
// the broker is unreachable, then reads from r.
type flakyReader struct {
	worker.Reader
	fails atomic.Int64
}

func (f *flakyReader) FetchMessage(ctx context.Context) (kafka.Message, error) {
	if f.fails.Add(-1) >= 0 {
		return kafka.Message{}, fmt.Errorf("failed to dial: failed to open connection to 127.0.0.1:9092: %w", syscall.ECONNREFUSED)
	}
	return f.Reader.FetchMessage(ctx)
}

// TestFetchErrorsAndDeadLetterOutageAreRiddenOut: fetch errors are retried,
// and a poison message whose dead-lettering fails for a while is
// dead-lettered once the topic is back, not skipped, and nothing exits.
func TestFetchErrorsAndDeadLetterOutageAreRiddenOut(t *testing.T) {
	e := newEnv(t, 1)
	e.publish(t, kafka.Message{Key: []byte("bad"), Value: []byte("not json")},
		articleMsg(t, article("https://example.com/ok", "PARTNER openai google")))
	v, _ := schemas.NewValidator()
	kr := bus.NewReader(e.cfg, schemas.TopicArticles, "g")
	fr := &flakyReader{Reader: kr}
	fr.fails.Store(3)
	ew := bus.NewWriter(e.cfg, schemas.TopicEvents)
	defer ew.Close()
	dw := bus.NewWriter(e.cfg, "") // wrapped: bus.DeadLetter names the topic on the message
	defer dw.Close()
	od := newOutageWriter(dw)
	col := newCollector()
	w := worker.New(fr, ew, od, lineExtractor{}, v, worker.Options{Backoff: fastRetry, OnCommit: col.onCommit})
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx); kr.Close() }()

	od.waitFailures(t, e.ctx, 3)
	select {
	case err := <-done:
		t.Fatalf("the worker exited: %v", err)
	default:
	}
	od.down.Store(false)
	col.wait(t, e.ctx, 2)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	dl := e.readTopic(t, schemas.TopicDeadLetter)
	if len(dl) != 1 || string(dl[0].Key) != "bad" || !strings.Contains(bus.Header(dl[0], schemas.HeaderDLQReason), "invalid article") {
		t.Fatalf("dead letters = %d %v", len(dl), dl)
	}
}

// TestOversizedArticleIsDeadLetteredTruncated: a 5 MB compressible article
// from a foreign producer (the topic accepts it: it compresses below
// max.message.bytes) goes to the dead-letter topic truncated, with the
// reason, and the article behind it is extracted.
func TestOversizedArticleIsDeadLetteredTruncated(t *testing.T) {
	e := newEnv(t, 1)
	big := article("https://example.com/big", strings.Repeat("PARTNER openai oracle and more words. ", 5<<20/38))
	bigMsg := articleMsg(t, big)
	foreign := bus.NewWriter(e.cfg, schemas.TopicArticles)
	foreign.BatchBytes = 16 << 20 // another producer, without dealwatch's cap
	defer foreign.Close()
	if err := foreign.WriteMessages(e.ctx, bigMsg, articleMsg(t, article("https://example.com/next", "PARTNER openai google"))); err != nil {
		t.Fatal(err)
	}
	col := newCollector()
	stop := runWorker(t, e, "g", worker.Options{OnCommit: col.onCommit, Backoff: fastRetry})
	col.wait(t, e.ctx, 2)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	dl := e.readTopic(t, schemas.TopicDeadLetter)
	if len(dl) != 1 {
		t.Fatalf("%d dead letters, want 1", len(dl))
	}
	reason := bus.Header(dl[0], schemas.HeaderDLQReason)
	want := fmt.Sprintf("payload-truncated: %d bytes", len(bigMsg.Value))
	if !strings.Contains(reason, "too large") || !strings.HasSuffix(reason, want) {
		t.Errorf("reason = %q, want a size refusal ending in %q", reason, want)
	}
	if len(dl[0].Value) == 0 || len(dl[0].Value) > bus.MaxMessageBytes || !bytes.HasPrefix(bigMsg.Value, dl[0].Value) {
		t.Errorf("dead-lettered value: %d bytes, want a non-empty prefix of the article under %d", len(dl[0].Value), bus.MaxMessageBytes)
	}
	if evs := e.readTopic(t, schemas.TopicEvents); len(evs) != 1 {
		t.Errorf("%d events, want the next article's 1", len(evs))
	}
}

func TestWorkerStopsCleanlyOnCancel(t *testing.T) {
	e := newEnv(t, 2)
	var msgs []kafka.Message
	for i := range 40 {
		msgs = append(msgs, articleMsg(t, article(fmt.Sprintf("https://example.com/%d", i), "PARTNER openai google")))
	}
	e.publish(t, msgs...)
	col := newCollector()
	stop := runWorker(t, e, "g", worker.Options{Concurrency: 4, OnCommit: col.onCommit})
	col.wait(t, e.ctx, 1)
	if err := stop(); err != nil {
		t.Fatalf("Run after cancel = %v, want nil", err)
	}
	// Whatever was committed had its events published first.
	lags, err := bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if err != nil {
		t.Fatal(err)
	}
	committed := 40 - bus.TotalLag(lags)
	if events := int64(len(e.readTopic(t, schemas.TopicEvents))); events < committed {
		t.Fatalf("%d articles committed but only %d events published", committed, events)
	}
	// A restart finishes the rest.
	col2 := newCollector()
	stop = runWorker(t, e, "g", worker.Options{Concurrency: 4, OnCommit: col2.onCommit})
	col2.wait(t, e.ctx, int(40-committed))
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lags, _ = bus.GroupLag(e.ctx, e.cfg, "g", schemas.TopicArticles)
	if n := bus.TotalLag(lags); n != 0 {
		t.Fatalf("lag %d after restart", n)
	}
}
