package crawl

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// Publisher delivers an article downstream. Publish returns once the
// article is durably accepted (for Kafka: acknowledged by all replicas).
type Publisher interface {
	Publish(ctx context.Context, a schemas.Article) error
}

// MessageWriter is the part of a kafka.Writer the Kafka publisher uses.
type MessageWriter interface {
	WriteMessages(ctx context.Context, msgs ...kafka.Message) error
}

// KafkaPublisher publishes Article JSON keyed by article id (the hash of the
// canonical URL) with the schema-version header and the published-at header
// (bus.HeaderPublishedAt, for end-to-end latency).
type KafkaPublisher struct {
	W MessageWriter
}

// Publish writes one message and waits for the acknowledgement.
func (p KafkaPublisher) Publish(ctx context.Context, a schemas.Article) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	msg := kafka.Message{
		Key:     []byte(a.ID),
		Value:   raw,
		Headers: []kafka.Header{bus.SchemaHeader(schemas.ArticleVersion), bus.PublishedAtHeader(time.Now())},
	}
	if err := bus.CheckSize(msg); err != nil {
		return fmt.Errorf("publish article %s: %w", a.ID, err)
	}
	if err := p.W.WriteMessages(ctx, msg); err != nil {
		return fmt.Errorf("publish article %s: %w", a.ID, err)
	}
	return nil
}

// JSONLines writes one Article JSON object per line (`crawl --stdout`).
type JSONLines struct {
	mu sync.Mutex
	w  io.Writer
}

// NewJSONLines returns a publisher writing to w.
func NewJSONLines(w io.Writer) *JSONLines { return &JSONLines{w: w} }

// Publish writes a line.
func (p *JSONLines) Publish(_ context.Context, a schemas.Article) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode article %s: %w", a.ID, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err = p.w.Write(append(raw, '\n'))
	return err
}
