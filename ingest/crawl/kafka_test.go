package crawl

import (
	"context"
	"testing"
	"time"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/ingest/fetch"
	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/scripts/testenv"
)

// TestPublishToRealKafka crawls the fixture feed into the real Apache Kafka
// broker of scripts/services.sh and consumes the articles back.
func TestPublishToRealKafka(t *testing.T) {
	cfg := bus.Config{Brokers: []string{testenv.Kafka(t)}, Partitions: 3, ReplicationFactor: 1, ClientID: "crawl-test"}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := bus.EnsureTopics(ctx, cfg, schemas.TopicArticles); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	w := bus.NewWriter(cfg, schemas.TopicArticles)
	defer w.Close()
	h := newHarness(t, t.TempDir(), []Source{{Name: "fixture", URL: f.URL + "/feed.xml",
		Exclude: []string{`/news/(slow|broken)`}}}, func(c *Config, _ *fetch.Config) {
		c.Publisher = KafkaPublisher{W: w}
	})
	start := time.Now()
	st, err := h.c.Once(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Published != 6 {
		t.Fatalf("published %d, want 6", st.Published)
	}
	// Read the topic from the start with a fresh group; the shared broker
	// may hold other tests' articles, so look for ours by id.
	want := map[string]bool{}
	for _, p := range []string{"/news/a1", "/news/a2", "/news/a3", "/wire/a1-copy", "/news/latin1", "/news/busy"} {
		canon, _ := Canonicalize(f.URL + p)
		want[schemas.ArticleID(canon)] = true
	}
	r := bus.NewReader(cfg, schemas.TopicArticles, "crawl-test-"+schemas.HashID(f.URL, start.String()))
	defer r.Close()
	v, _ := schemas.NewValidator()
	found := map[string]schemas.Article{}
	for len(found) < len(want) {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			t.Fatalf("consume: %v (found %d of %d)", err, len(found), len(want))
		}
		if !want[string(m.Key)] {
			continue
		}
		a, err := v.Article(m.Value)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != string(m.Key) || bus.Header(m, schemas.HeaderSchemaVersion) != schemas.ArticleVersion {
			t.Errorf("key %s / id %s / header %q", m.Key, a.ID, bus.Header(m, schemas.HeaderSchemaVersion))
		}
		if at, ok := bus.PublishedAt(m); !ok || at.Before(start.Add(-time.Second)) {
			t.Errorf("published-at header %v, %v", at, ok)
		}
		if _, dup := found[a.ID]; dup {
			t.Errorf("%s published twice", a.URL)
		}
		found[a.ID] = a
	}
	a1, _ := Canonicalize(f.URL + "/news/a1")
	cp, _ := Canonicalize(f.URL + "/wire/a1-copy")
	if found[schemas.ArticleID(cp)].NearDuplicateOf != schemas.ArticleID(a1) {
		t.Error("near_duplicate_of lost on the way through Kafka")
	}
}
