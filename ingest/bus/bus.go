// Package bus is dealwatch's Kafka plumbing on github.com/segmentio/kafka-go:
// topic creation, writers and readers configured the way every stage needs
// them, and the dead-letter publisher.
//
// Delivery contract shared by every stage: a reader from NewReader never
// commits on its own (CommitInterval 0); a stage fetches with FetchMessage,
// performs its side effect (publish with acks=all, ClickHouse insert, alert)
// and only then calls CommitMessages. Writers from NewWriter wait for all
// in-sync replicas (RequireAll), compress with zstd and place keyed messages
// with the murmur2 partitioner, the same one Java clients use, so a key lands
// on the same partition whichever client produced it.
package bus

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/schemas"
)

// Defaults used by ConfigFromEnv when the environment says nothing.
const (
	DefaultBrokers     = "127.0.0.1:9092"
	DefaultPartitions  = 6
	DefaultReplication = 1
	DefaultClientID    = "dealwatch"
)

// BatchTimeout is how long a writer waits to fill a batch before sending it.
const BatchTimeout = 5 * time.Millisecond

// Message size limits, chosen together so that nothing a dealwatch writer
// accepts is refused by the broker, and nothing the broker accepts breaks a
// stage:
//
//   - MaxMessageBytes caps one message as a writer sees it (key, value and
//     headers, uncompressed): NewWriter refuses larger ones before sending
//     (kafka.MessageSizeTooLarge), ingest and the crawler refuse larger
//     articles with ErrTooLarge, the extract worker dead-letters larger
//     articles, and DeadLetter truncates larger payloads to fit.
//   - TopicMaxMessageBytes is the topics' max.message.bytes, the broker's
//     limit on a (compressed) record batch, set when EnsureTopics creates
//     them: twice MaxMessageBytes, so that a batch a writer built under
//     MaxMessageBytes fits even when zstd cannot shrink it.
//
// Another producer can still put a larger, well-compressible message on a
// topic (the broker checks the compressed size); a stage that meets one
// dead-letters it, truncated.
const (
	MaxMessageBytes      = 1 << 20
	TopicMaxMessageBytes = 2 * MaxMessageBytes
)

// ErrTooLarge is returned by CheckSize for a message over MaxMessageBytes.
var ErrTooLarge = errors.New("bus: message too large")

// MessageSize is m's size as the MaxMessageBytes cap counts it: key, value
// and headers plus a per-record allowance for Kafka's framing.
func MessageSize(m kafka.Message) int {
	n := len(m.Key) + len(m.Value) + recordOverhead
	for _, h := range m.Headers {
		n += len(h.Key) + len(h.Value) + 2*binary.MaxVarintLen32
	}
	return n
}

// recordOverhead bounds a record's framing in a v2 batch (length, attributes,
// timestamp and offset deltas, key and value lengths, header count).
const recordOverhead = 64

// CheckSize returns ErrTooLarge (wrapped, with the size) when m is over
// MaxMessageBytes. Producers call it before publishing, so that an
// oversized input is reported as such and never reaches a topic.
func CheckSize(m kafka.Message) error {
	if n := MessageSize(m); n > MaxMessageBytes {
		return fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, n, MaxMessageBytes)
	}
	return nil
}

// IsTooLarge reports whether err is a size refusal: ErrTooLarge, or Kafka's
// MessageSizeTooLarge (from the writer's own check or from the broker).
// Retrying such a write cannot help.
func IsTooLarge(err error) bool {
	return errors.Is(err, ErrTooLarge) || errors.Is(err, kafka.MessageSizeTooLarge)
}

// Config says where Kafka is and how topics are created.
type Config struct {
	Brokers           []string
	Partitions        int
	ReplicationFactor int
	// MinInsyncReplicas is the topics' min.insync.replicas: how many
	// replicas must have a message before an acks=all write of it succeeds.
	// 0 takes DefaultMinInsyncReplicas(ReplicationFactor).
	MinInsyncReplicas int
	ClientID          string
}

// DefaultMinInsyncReplicas is min.insync.replicas for a replication factor:
// 1 for one or two replicas (a write survives the loss of one broker of
// two), 2 from three replicas on (the usual production setting: one broker
// may be down, and an acknowledged write is on two).
func DefaultMinInsyncReplicas(replication int) int {
	if replication >= 3 {
		return 2
	}
	return 1
}

// ConfigFromEnv reads KAFKA_BROKERS (comma-separated host:port list),
// KAFKA_PARTITIONS, KAFKA_REPLICATION and KAFKA_MIN_INSYNC_REPLICAS, falling
// back to the defaults.
func ConfigFromEnv() Config {
	cfg := Config{
		Brokers:           SplitBrokers(os.Getenv("KAFKA_BROKERS")),
		Partitions:        envInt("KAFKA_PARTITIONS", DefaultPartitions),
		ReplicationFactor: envInt("KAFKA_REPLICATION", DefaultReplication),
		MinInsyncReplicas: envInt("KAFKA_MIN_INSYNC_REPLICAS", 0),
		ClientID:          DefaultClientID,
	}
	if len(cfg.Brokers) == 0 {
		cfg.Brokers = []string{DefaultBrokers}
	}
	return cfg
}

// SplitBrokers splits a comma-separated broker list, dropping blanks.
func SplitBrokers(s string) []string {
	var out []string
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

func envInt(name string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(os.Getenv(name)))
	if err != nil || n <= 0 {
		return def
	}
	return n
}

func (c Config) partitions() int {
	if c.Partitions <= 0 {
		return DefaultPartitions
	}
	return c.Partitions
}

func (c Config) replication() int {
	if c.ReplicationFactor <= 0 {
		return DefaultReplication
	}
	return c.ReplicationFactor
}

func (c Config) minInsync() int {
	if c.MinInsyncReplicas <= 0 {
		return DefaultMinInsyncReplicas(c.replication())
	}
	return c.MinInsyncReplicas
}

// TopicConfigs are the settings EnsureTopics gives a topic it creates.
func (c Config) TopicConfigs() []kafka.ConfigEntry {
	return []kafka.ConfigEntry{
		{ConfigName: "max.message.bytes", ConfigValue: strconv.Itoa(TopicMaxMessageBytes)},
		{ConfigName: "min.insync.replicas", ConfigValue: strconv.Itoa(c.minInsync())},
	}
}

func (c Config) clientID() string {
	if c.ClientID == "" {
		return DefaultClientID
	}
	return c.ClientID
}

// ErrNoBrokers is returned when a Config names no broker.
var ErrNoBrokers = errors.New("bus: no Kafka brokers configured")

// ErrBadTopicConfig is returned by EnsureTopics for settings no topic can have.
var ErrBadTopicConfig = errors.New("bus: bad topic settings")

// EnsureTopics creates the topics on the cluster's controller with the
// configured partitions, replication factor and min.insync.replicas
// (TopicConfigs). A min.insync.replicas above the replication factor is a
// configuration error: no acks=all write could ever succeed. A topic that already exists
// is left as it is. It retries transient failures (broker still starting,
// controller moving) until ctx ends, then waits until every partition of
// every topic has a leader. It retries silently, 100ms doubling to 2s;
// EnsureTopicsWith takes the policy.
func EnsureTopics(ctx context.Context, cfg Config, topics ...string) error {
	return EnsureTopicsWith(ctx, cfg, Policy{Backoff: Backoff{Initial: 100 * time.Millisecond, Max: 2 * time.Second}}, topics...)
}

// EnsureTopicsWith is EnsureTopics retrying with p, whose log and health
// reports tell why a stage waiting for Kafka at start is waiting. Only bad
// settings (ErrNoBrokers, ErrBadTopicConfig) and errors Kafka does not mark
// as passing end it before ctx does.
func EnsureTopicsWith(ctx context.Context, cfg Config, p Policy, topics ...string) error {
	if len(cfg.Brokers) == 0 {
		return ErrNoBrokers
	}
	if len(topics) == 0 {
		return nil
	}
	if cfg.minInsync() > cfg.replication() {
		return fmt.Errorf("%w: min.insync.replicas %d > replication factor %d", ErrBadTopicConfig, cfg.minInsync(), cfg.replication())
	}
	err := p.Do(ctx, DepKafka, "create topics",
		func(ctx context.Context) error {
			err := createTopics(ctx, cfg, topics)
			if err == nil {
				err = waitTopics(ctx, cfg, topics)
			}
			if err != nil && !retriable(err) {
				return Permanent(err)
			}
			return err
		})
	if err != nil {
		return fmt.Errorf("bus: create topics %v: %w", topics, err)
	}
	return nil
}

// retriable reports whether err may go away on its own: network errors and
// Kafka errors marked temporary (leader/controller elections).
func retriable(err error) bool {
	var ke kafka.Error
	if errors.As(err, &ke) {
		return ke.Temporary() || ke == kafka.NotController || ke == kafka.UnknownTopicOrPartition
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, errTopicsNotReady) || errors.Is(err, errNoController)
}

var (
	errTopicsNotReady = errors.New("topics not ready")
	errNoController   = errors.New("no controller known")
)

func dialer(cfg Config) *kafka.Dialer {
	return &kafka.Dialer{ClientID: cfg.clientID(), Timeout: 10 * time.Second, DualStack: true}
}

func dialAny(ctx context.Context, cfg Config) (*kafka.Conn, error) {
	var errs []error
	for _, b := range cfg.Brokers {
		c, err := dialer(cfg).DialContext(ctx, "tcp", b)
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

func createTopics(ctx context.Context, cfg Config, topics []string) error {
	conn, err := dialAny(ctx, cfg)
	if err != nil {
		return err
	}
	ctrl, err := conn.Controller()
	conn.Close()
	if err != nil {
		return err
	}
	if ctrl.Host == "" {
		return errNoController
	}
	cc, err := dialer(cfg).DialContext(ctx, "tcp", net.JoinHostPort(ctrl.Host, strconv.Itoa(ctrl.Port)))
	if err != nil {
		return err
	}
	defer cc.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = cc.SetDeadline(dl)
	}
	tcs := make([]kafka.TopicConfig, len(topics))
	for i, t := range topics {
		tcs[i] = kafka.TopicConfig{Topic: t, NumPartitions: cfg.partitions(), ReplicationFactor: cfg.replication(),
			ConfigEntries: cfg.TopicConfigs()}
	}
	// Conn.CreateTopics already treats TopicAlreadyExists as success; the
	// check below keeps that true should the library change.
	if err := cc.CreateTopics(tcs...); err != nil && !errors.Is(err, kafka.TopicAlreadyExists) {
		return err
	}
	return nil
}

// waitTopics returns nil once the metadata lists every topic with all of its
// partitions led by a broker.
func waitTopics(ctx context.Context, cfg Config, topics []string) error {
	conn, err := dialAny(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	parts, err := conn.ReadPartitions(topics...)
	if err != nil {
		return err
	}
	seen := make(map[string]int, len(topics))
	for _, p := range parts {
		if p.Leader.Host == "" {
			return fmt.Errorf("%w: %s/%d has no leader", errTopicsNotReady, p.Topic, p.ID)
		}
		seen[p.Topic]++
	}
	for _, t := range topics {
		if seen[t] == 0 {
			return fmt.Errorf("%w: %s has no partitions", errTopicsNotReady, t)
		}
	}
	return nil
}

// NewWriter returns a synchronous writer for topic: every WriteMessages call
// returns once all in-sync replicas have the messages (RequireAll). Messages
// are zstd-compressed, batched for at most BatchTimeout and partitioned by
// key with murmur2. Topics are never auto-created. The caller closes it.
func NewWriter(cfg Config, topic string) *kafka.Writer {
	return newWriter(cfg, topic, BatchTimeout)
}

func newWriter(cfg Config, topic string, batchTimeout time.Duration) *kafka.Writer {
	return &kafka.Writer{
		Addr:                   kafka.TCP(cfg.Brokers...),
		Topic:                  topic,
		Balancer:               kafka.Murmur2Balancer{Consistent: true},
		RequiredAcks:           kafka.RequireAll,
		Compression:            kafka.Zstd,
		BatchTimeout:           batchTimeout,
		BatchSize:              500,
		BatchBytes:             MaxMessageBytes,
		MaxAttempts:            10,
		WriteBackoffMin:        50 * time.Millisecond,
		WriteBackoffMax:        time.Second,
		AllowAutoTopicCreation: false,
		Transport:              &kafka.Transport{ClientID: cfg.clientID(), DialTimeout: 10 * time.Second},
	}
}

// NewReader returns a consumer-group reader for topic. It starts at the
// earliest offset when the group has no committed offset and never commits
// by itself (CommitInterval 0): call CommitMessages after the side effect.
// The caller closes it.
func NewReader(cfg Config, topic, group string) *kafka.Reader {
	return kafka.NewReader(kafka.ReaderConfig{
		Brokers:           cfg.Brokers,
		GroupID:           group,
		Topic:             topic,
		Dialer:            dialer(cfg),
		MinBytes:          1,
		MaxBytes:          16 << 20,
		MaxWait:           250 * time.Millisecond,
		CommitInterval:    0,
		StartOffset:       kafka.FirstOffset,
		HeartbeatInterval: time.Second,
		SessionTimeout:    10 * time.Second,
		RebalanceTimeout:  10 * time.Second,
		JoinGroupBackoff:  500 * time.Millisecond,
		ReadBackoffMin:    10 * time.Millisecond,
		ReadBackoffMax:    250 * time.Millisecond,
		ReadLagInterval:   -1,
		MaxAttempts:       10,
	})
}

// MessageWriter is what DeadLetter and the stages need from a Kafka writer.
type MessageWriter interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
}

// Header returns the value of m's first header named key, or "".
func Header(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// HeaderPublishedAt carries the time a message's source article was
// published to Kafka (RFC 3339 with nanoseconds). Ingest and crawl set it on
// articles; the extract worker copies it onto the article's events, so later
// stages can measure end-to-end latency.
const HeaderPublishedAt = "dealwatch-published-at"

// PublishedAtHeader returns the HeaderPublishedAt header for t.
func PublishedAtHeader(t time.Time) kafka.Header {
	return kafka.Header{Key: HeaderPublishedAt, Value: []byte(t.UTC().Format(time.RFC3339Nano))}
}

// PublishedAt parses m's HeaderPublishedAt; ok is false when it has none.
func PublishedAt(m kafka.Message) (t time.Time, ok bool) {
	v := Header(m, HeaderPublishedAt)
	if v == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	return t, err == nil
}

// SchemaHeader is the schema-version header every published message carries.
func SchemaHeader(version string) kafka.Header {
	return kafka.Header{Key: schemas.HeaderSchemaVersion, Value: []byte(version)}
}

// ErrWrongTopic is returned by DeadLetter when given a writer bound to a
// topic other than the dead-letter topic.
var ErrWrongTopic = errors.New("bus: writer is bound to another topic")

// HeaderDLQOriginalSize carries the size of a dead-lettered value that
// DeadLetter truncated to fit under MaxMessageBytes.
const HeaderDLQOriginalSize = "dlq-original-size"

// deadLetterFallbackBytes is what DeadLetter keeps of a payload when the
// broker refuses even a message under MaxMessageBytes (a topic created
// with a smaller max.message.bytes than TopicMaxMessageBytes).
const deadLetterFallbackBytes = 64 << 10

// DeadLetter publishes src's key and value to schemas.TopicDeadLetter with
// the reason, the stage and src's topic, partition and offset in dlq-*
// headers, plus src's schema-version header when it has one. w is either a
// writer bound to the dead-letter topic (NewWriter(cfg,
// schemas.TopicDeadLetter)) or one without a topic of its own. It returns
// once the message is acknowledged; only then may the caller commit src.
//
// A message too large to dead-letter whole is dead-lettered all the same:
// its headers and the first part of its value, with "payload-truncated: N
// bytes" appended to the reason and N in the dlq-original-size header. One
// attempt is made; callers retry other failures with a Policy.
func DeadLetter(ctx context.Context, w MessageWriter, stage string, src kafka.Message, reason error) error {
	why := "unknown"
	if reason != nil {
		why = reason.Error()
	}
	msg := kafka.Message{
		Key:   src.Key,
		Value: src.Value,
		Headers: []kafka.Header{
			{Key: schemas.HeaderDLQReason, Value: []byte(why)},
			{Key: schemas.HeaderDLQStage, Value: []byte(stage)},
			{Key: schemas.HeaderDLQTopic, Value: []byte(src.Topic)},
			{Key: schemas.HeaderDLQPartition, Value: []byte(strconv.Itoa(src.Partition))},
			{Key: schemas.HeaderDLQOffset, Value: []byte(strconv.FormatInt(src.Offset, 10))},
		},
	}
	if v := Header(src, schemas.HeaderSchemaVersion); v != "" {
		msg.Headers = append(msg.Headers, SchemaHeader(v))
	}
	if kw, ok := w.(*kafka.Writer); ok && kw.Topic != "" {
		if kw.Topic != schemas.TopicDeadLetter {
			return fmt.Errorf("%w: %s, want %s", ErrWrongTopic, kw.Topic, schemas.TopicDeadLetter)
		}
	} else {
		msg.Topic = schemas.TopicDeadLetter
	}
	if MessageSize(msg) > MaxMessageBytes {
		msg = truncated(msg, why, len(src.Value), MaxMessageBytes)
	}
	err := w.WriteMessages(ctx, msg)
	if err != nil && IsTooLarge(err) && len(msg.Value) > deadLetterFallbackBytes {
		msg = truncated(msg, why, len(src.Value), deadLetterFallbackBytes)
		err = w.WriteMessages(ctx, msg)
	}
	if err != nil {
		return fmt.Errorf("bus: dead-letter %s/%d@%d: %w", src.Topic, src.Partition, src.Offset, err)
	}
	return nil
}

// truncated returns msg with its value cut so that the whole message is at
// most limit bytes, the reason header saying so, and the original size in
// the dlq-original-size header.
func truncated(msg kafka.Message, why string, size, limit int) kafka.Message {
	note := fmt.Sprintf("payload-truncated: %d bytes", size)
	hs := make([]kafka.Header, 0, len(msg.Headers)+1)
	for _, h := range msg.Headers {
		switch h.Key {
		case schemas.HeaderDLQReason:
			h.Value = []byte(why + "; " + note)
		case HeaderDLQOriginalSize:
			continue
		}
		hs = append(hs, h)
	}
	hs = append(hs, kafka.Header{Key: HeaderDLQOriginalSize, Value: []byte(strconv.Itoa(size))})
	out := msg
	out.Headers = hs
	out.Value = nil
	keep := max(0, limit-MessageSize(out))
	out.Value = msg.Value[:min(keep, len(msg.Value))]
	return out
}
