package crawl

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

type countingWriter struct{ calls int }

func (c *countingWriter) WriteMessages(context.Context, ...kafka.Message) error {
	c.calls++
	return nil
}

// TestPublisherRefusesOversizedArticle: an article over bus.MaxMessageBytes
// is refused before Kafka with a size error (the crawler then rejects that
// page instead of stopping), and one under the cap is written.
func TestPublisherRefusesOversizedArticle(t *testing.T) {
	w := &countingWriter{}
	p := KafkaPublisher{W: w}
	a := schemas.Article{SchemaVersion: schemas.ArticleVersion, ID: "big", URL: "https://example.com/big",
		Title: "big", FetchedAt: time.Now(), Text: strings.Repeat("word ", bus.MaxMessageBytes/5+1)}
	if err := p.Publish(context.Background(), a); !bus.IsTooLarge(err) {
		t.Fatalf("Publish = %v, want a size refusal", err)
	}
	if w.calls != 0 {
		t.Fatalf("%d writes of an oversized article", w.calls)
	}
	a.Text = "a small article"
	if err := p.Publish(context.Background(), a); err != nil || w.calls != 1 {
		t.Fatalf("Publish small = %v after %d writes", err, w.calls)
	}
}
