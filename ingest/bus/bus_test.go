package bus_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/bus/embedded"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

func startBroker(t testing.TB, dir string) bus.Config {
	t.Helper()
	b, err := embedded.Start(embedded.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return bus.Config{Brokers: b.Addrs(), Partitions: 3, ReplicationFactor: 1, ClientID: "bus-test"}
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func partitions(t *testing.T, cfg bus.Config, topic string) []kafka.Partition {
	t.Helper()
	conn, err := kafka.Dial("tcp", cfg.Brokers[0])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ps, err := conn.ReadPartitions(topic)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestEnsureTopicsIdempotent(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	topics := []string{schemas.TopicArticles, schemas.TopicEvents, schemas.TopicDeadLetter}
	for i := 0; i < 2; i++ {
		if err := bus.EnsureTopics(ctx, cfg, topics...); err != nil {
			t.Fatalf("EnsureTopics call %d: %v", i+1, err)
		}
	}
	for _, topic := range topics {
		if n := len(partitions(t, cfg, topic)); n != 3 {
			t.Errorf("%s: %d partitions, want 3", topic, n)
		}
	}
	if err := bus.DeleteTopics(ctx, cfg, schemas.TopicEvents, "never.created"); err != nil {
		t.Fatal(err)
	}
	if _, err := bus.GroupLag(ctx, cfg, "g", schemas.TopicEvents); err == nil {
		t.Error("GroupLag on a deleted topic succeeded")
	}
}

func TestEnsureTopicsNoBrokers(t *testing.T) {
	err := bus.EnsureTopics(context.Background(), bus.Config{}, "x")
	if !errors.Is(err, bus.ErrNoBrokers) {
		t.Fatalf("err = %v, want ErrNoBrokers", err)
	}
}

func TestWriterDoesNotCreateTopics(t *testing.T) {
	cfg := startBroker(t, "")
	ctx, cancel := context.WithTimeout(ctxT(t), 3*time.Second)
	defer cancel()
	w := bus.NewWriter(cfg, "not.created")
	w.MaxAttempts = 1
	defer w.Close()
	if err := w.WriteMessages(ctx, kafka.Message{Key: []byte("k"), Value: []byte("v")}); err == nil {
		t.Fatal("write to a missing topic succeeded; the writer must not auto-create topics")
	}
}

// TestRoundTripGroupCommit writes zstd batches keyed like the pipeline does,
// consumes them in a group, commits part of them and checks that a new
// member of the group resumes right after the committed offsets.
func TestRoundTripGroupCommit(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	const topic = "rt.v1"
	if err := bus.EnsureTopics(ctx, cfg, topic); err != nil {
		t.Fatal(err)
	}
	w := bus.NewWriter(cfg, topic)
	defer w.Close()
	const n = 30
	msgs := make([]kafka.Message, n)
	for i := range msgs {
		msgs[i] = kafka.Message{
			Key:     []byte("key-" + strconv.Itoa(i%7)),
			Value:   []byte(fmt.Sprintf(`{"n":%d}`, i)),
			Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion)},
		}
	}
	if err := w.WriteMessages(ctx, msgs...); err != nil {
		t.Fatal(err)
	}

	r := bus.NewReader(cfg, topic, "g1")
	got := map[string]bool{}
	keyPart := map[string]int{}
	var committed int
	for len(got) < n {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v := bus.Header(m, schemas.HeaderSchemaVersion); v != schemas.ArticleVersion {
			t.Errorf("schema-version header = %q", v)
		}
		if p, ok := keyPart[string(m.Key)]; ok && p != m.Partition {
			t.Errorf("key %s on partitions %d and %d", m.Key, p, m.Partition)
		}
		keyPart[string(m.Key)] = m.Partition
		got[string(m.Value)] = true
		if m.Offset == 0 { // commit only each partition's first message
			if err := r.CommitMessages(ctx, m); err != nil {
				t.Fatal(err)
			}
			committed++
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if len(keyPart) != 7 {
		t.Fatalf("saw %d keys", len(keyPart))
	}

	lags, err := bus.GroupLag(ctx, cfg, "g1", topic)
	if err != nil {
		t.Fatal(err)
	}
	if got := bus.TotalLag(lags); got != int64(n-committed) {
		t.Errorf("GroupLag total = %d, want %d (%+v)", got, n-committed, lags)
	}
	if fresh, err := bus.GroupLag(ctx, cfg, "nobody", topic); err != nil || bus.TotalLag(fresh) != n {
		t.Errorf("GroupLag of a group without commits = %d, %v; want %d", bus.TotalLag(fresh), err, n)
	}

	r2 := bus.NewReader(cfg, topic, "g1")
	defer r2.Close()
	seen := 0
	for seen < n-committed {
		m, err := r2.FetchMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if m.Offset == 0 {
			t.Fatalf("offset 0 of partition %d redelivered after commit", m.Partition)
		}
		seen++
	}
}

func TestDeadLetter(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	src := kafka.Message{
		Topic: schemas.TopicArticles, Partition: 2, Offset: 41,
		Key: []byte("abc"), Value: []byte("not json"),
		Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion)},
	}
	w := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer w.Close()
	if err := bus.DeadLetter(ctx, w, "extract", src, errors.New("decode: invalid character")); err != nil {
		t.Fatal(err)
	}
	// A writer without a topic of its own works too.
	free := bus.NewWriter(cfg, "")
	defer free.Close()
	if err := bus.DeadLetter(ctx, free, "extract", src, errors.New("second")); err != nil {
		t.Fatal(err)
	}
	// A writer bound elsewhere is refused.
	other := bus.NewWriter(cfg, schemas.TopicEvents)
	defer other.Close()
	if err := bus.DeadLetter(ctx, other, "extract", src, errors.New("x")); !errors.Is(err, bus.ErrWrongTopic) {
		t.Fatalf("err = %v, want ErrWrongTopic", err)
	}

	r := bus.NewReader(cfg, schemas.TopicDeadLetter, "dlq-test")
	defer r.Close()
	reasons := map[string]bool{}
	for len(reasons) < 2 {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if string(m.Key) != "abc" || string(m.Value) != "not json" {
			t.Errorf("key/value = %q/%q", m.Key, m.Value)
		}
		want := map[string]string{
			schemas.HeaderDLQStage:      "extract",
			schemas.HeaderDLQTopic:      schemas.TopicArticles,
			schemas.HeaderDLQPartition:  "2",
			schemas.HeaderDLQOffset:     "41",
			schemas.HeaderSchemaVersion: schemas.ArticleVersion,
		}
		for k, v := range want {
			if got := bus.Header(m, k); got != v {
				t.Errorf("header %s = %q, want %q", k, got, v)
			}
		}
		reasons[bus.Header(m, schemas.HeaderDLQReason)] = true
	}
	if !reasons["decode: invalid character"] || !reasons["second"] {
		t.Errorf("reasons = %v", reasons)
	}
}

// TestEmbeddedPersists checks that records and committed offsets survive a
// restart of the embedded broker on the same data directory.
func TestEmbeddedPersists(t *testing.T) {
	dir := t.TempDir()
	ctx := ctxT(t)
	b, err := embedded.Start(embedded.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg := bus.Config{Brokers: b.Addrs(), Partitions: 1}
	if err := bus.EnsureTopics(ctx, cfg, "p.v1"); err != nil {
		t.Fatal(err)
	}
	w := bus.NewWriter(cfg, "p.v1")
	if err := w.WriteMessages(ctx, kafka.Message{Value: []byte("a")}, kafka.Message{Value: []byte("b")}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r := bus.NewReader(cfg, "p.v1", "g")
	m, err := r.FetchMessage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CommitMessages(ctx, m); err != nil {
		t.Fatal(err)
	}
	r.Close()
	b.Close()

	b2, err := embedded.Start(embedded.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	cfg.Brokers = b2.Addrs()
	r2 := bus.NewReader(cfg, "p.v1", "g")
	defer r2.Close()
	m2, err := r2.FetchMessage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if string(m2.Value) != "b" || m2.Offset != 1 {
		t.Fatalf("after restart got %q@%d, want b@1", m2.Value, m2.Offset)
	}
}

// TestGroupSplitsPartitions checks kafka-go's consumer-group protocol on the
// embedded broker: two members of one group share the partitions (a
// rebalance happens when the second joins) and each sees messages.
func TestGroupSplitsPartitions(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	const topic = "split.v1"
	if err := bus.EnsureTopics(ctx, cfg, topic); err != nil {
		t.Fatal(err)
	}
	type got struct {
		member, partition int
	}
	seen := make(chan got, 1000)
	for i := range 2 {
		r := bus.NewReader(cfg, topic, "split")
		t.Cleanup(func() { r.Close() })
		go func() {
			for {
				m, err := r.FetchMessage(ctx)
				if err != nil {
					return
				}
				_ = r.CommitMessages(ctx, m)
				seen <- got{i, m.Partition}
			}
		}()
	}
	w := bus.NewWriter(cfg, topic)
	defer w.Close()
	owner := map[int]int{} // partition → member that last consumed it
	members := map[int]bool{}
	for n := 0; len(members) < 2; n++ {
		if err := w.WriteMessages(ctx, kafka.Message{Key: []byte(strconv.Itoa(n)), Value: []byte("x")}); err != nil {
			t.Fatal(err)
		}
	drain:
		for {
			select {
			case g := <-seen:
				owner[g.partition] = g.member
				members[g.member] = true
			case <-ctx.Done():
				t.Fatalf("the second member never got a partition (owners %v)", owner)
			case <-time.After(20 * time.Millisecond):
				break drain
			}
		}
	}
}

// TestDeadLetterTruncatesOversized: a message too large to dead-letter
// whole (a 5 MB compressible article another producer managed to publish)
// is dead-lettered with its headers, a truncated payload and a reason that
// says so. Before, the write failed with MessageSizeTooLarge, and the stage
// that could not dead-letter it stopped for good.
func TestDeadLetterTruncatesOversized(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicDeadLetter); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte("a compressible sentence of a huge article. "), 5<<20/43)
	src := kafka.Message{Topic: schemas.TopicArticles, Partition: 3, Offset: 253, Key: []byte("huge"), Value: big,
		Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion)}}
	if err := bus.CheckSize(src); !errors.Is(err, bus.ErrTooLarge) {
		t.Fatalf("CheckSize = %v, want ErrTooLarge", err)
	}
	w := bus.NewWriter(cfg, schemas.TopicDeadLetter)
	defer w.Close()
	if err := bus.DeadLetter(ctx, w, "extract", src, errors.New("article refused: too large")); err != nil {
		t.Fatal(err)
	}
	r := bus.NewReader(cfg, schemas.TopicDeadLetter, "dlq-big")
	defer r.Close()
	m, err := r.FetchMessage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("article refused: too large; payload-truncated: %d bytes", len(big))
	if got := bus.Header(m, schemas.HeaderDLQReason); got != want {
		t.Errorf("reason = %q, want %q", got, want)
	}
	if got := bus.Header(m, bus.HeaderDLQOriginalSize); got != strconv.Itoa(len(big)) {
		t.Errorf("original size = %q", got)
	}
	if bus.Header(m, schemas.HeaderDLQOffset) != "253" || bus.Header(m, schemas.HeaderSchemaVersion) != schemas.ArticleVersion || string(m.Key) != "huge" {
		t.Errorf("headers/key lost: %v %q", m.Headers, m.Key)
	}
	if len(m.Value) < bus.MaxMessageBytes/2 || bus.MessageSize(m) > bus.MaxMessageBytes || !bytes.HasPrefix(big, m.Value) {
		t.Errorf("value: %d bytes, want a prefix of the original that fills most of %d", len(m.Value), bus.MaxMessageBytes)
	}
}

// TestWriterRefusesOverCap: a dealwatch writer refuses a message over
// MaxMessageBytes before sending it, with an error IsTooLarge recognises
// (callers dead-letter or report instead of retrying).
func TestWriterRefusesOverCap(t *testing.T) {
	cfg := startBroker(t, "")
	ctx := ctxT(t)
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicEvents); err != nil {
		t.Fatal(err)
	}
	w := bus.NewWriter(cfg, schemas.TopicEvents)
	defer w.Close()
	err := w.WriteMessages(ctx, kafka.Message{Value: make([]byte, bus.MaxMessageBytes+1)})
	if !bus.IsTooLarge(err) {
		t.Fatalf("WriteMessages = %v, want a size refusal", err)
	}
	if err := w.WriteMessages(ctx, kafka.Message{Value: make([]byte, bus.MaxMessageBytes-200)}); err != nil {
		t.Fatalf("a message under the cap: %v", err)
	}
}

// TestTopicsGetMaxMessageBytes: topics are created with a deliberate
// max.message.bytes (Apache Kafka's default is 1 MiB + 12 bytes).
func TestTopicsGetMaxMessageBytes(t *testing.T) {
	cfg := bus.Config{Brokers: []string{testenv.Kafka(t)}, Partitions: 1, ReplicationFactor: 1, ClientID: "bus-test"}
	ctx := ctxT(t)
	topic := fmt.Sprintf("bus-test-size-%d", time.Now().UnixNano())
	if err := bus.EnsureTopics(ctx, cfg, topic); err != nil {
		t.Fatal(err)
	}
	c := &kafka.Client{Addr: kafka.TCP(cfg.Brokers...)}
	res, err := c.DescribeConfigs(ctx, &kafka.DescribeConfigsRequest{Resources: []kafka.DescribeConfigRequestResource{{
		ResourceType: kafka.ResourceTypeTopic, ResourceName: topic, ConfigNames: []string{"max.message.bytes"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, r := range res.Resources {
		for _, e := range r.ConfigEntries {
			if e.ConfigName == "max.message.bytes" {
				got = e.ConfigValue
			}
		}
	}
	if got != strconv.Itoa(bus.TopicMaxMessageBytes) {
		t.Fatalf("max.message.bytes = %q, want %d", got, bus.TopicMaxMessageBytes)
	}
	dc, err := kafka.Dial("tcp", cfg.Brokers[0])
	if err == nil {
		_ = dc.DeleteTopics(topic)
		dc.Close()
	}
}
