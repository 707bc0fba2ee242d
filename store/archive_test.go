package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/schemas"
	"github.com/dealwatch/dealwatch/store"
	"github.com/dealwatch/dealwatch/store/storetest"
)

// TestArchiveAndExtractionTables runs the archive and re-extraction tables
// on both engines: an article is stored once however often it is written,
// is searchable, and a re-extraction retracts the article's events it no
// longer has, leaves unchanged ones alone and is idempotent.
func TestArchiveAndExtractionTables(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			e := eng.Open(t)
			storetest.Migrated(t, e)
			ctx := storetest.Ctx(t)
			rs := e.(store.ExtractionStore)
			at, err := store.NewArticleTable(rs, nil)
			if err != nil {
				t.Fatal(err)
			}
			pub := storetest.Day(2025, 11, 3)
			a := schemas.Article{SchemaVersion: schemas.ArticleVersion, ID: schemas.ArticleID("https://x.test/a"), URL: "https://x.test/a",
				Source: "x.test", Title: "A deal", Text: "Microsoft loses its exclusive access to OpenAI's models.", PublishedAt: &pub, FetchedAt: pub.Add(time.Hour)}
			for range 2 {
				if _, err := at.Insert(ctx, []any{a}); err != nil {
					t.Fatal(err)
				}
			}
			// A re-published article is the archive's own row: skipped.
			if row, err := at.Decode(kafka.Message{Value: mustJSON(t, a), Headers: []kafka.Header{{Key: schemas.HeaderReextract, Value: []byte("r")}}}); err != nil || row != nil {
				t.Fatalf("re-published article decoded to %v, %v", row, err)
			}
			if n := countQ(t, e, "SELECT count() FROM articles"); n != 1 {
				t.Fatalf("articles rows = %d, want 1", n)
			}
			if n := countQ(t, e, "SELECT count() FROM articles WHERE positionCaseInsensitive(text, 'EXCLUSIVE') > 0"); n != 1 {
				t.Fatalf("search found %d", n)
			}
			got, err := store.ArchivedArticles(ctx, e, store.ArchiveFilter{Source: "x.test"}, "", 10)
			if err != nil || len(got) != 1 || got[0].Text != a.Text || got[0].PublishedAt == nil || !got[0].PublishedAt.Equal(pub) {
				t.Fatalf("archived articles: %+v, %v", got, err)
			}

			// Two events of the article; a re-extraction keeps one.
			t0 := pub.Add(2 * time.Hour)
			evs := storetest.Fixture(t0)
			for i := range evs {
				evs[i].Article.ID = a.ID
			}
			keep, gone := evs[0], evs[1]
			if _, err := store.NewEventTable(e, nil); err != nil {
				t.Fatal(err)
			}
			if err := e.InsertEvents(ctx, []schemas.DealEvent{keep, gone}); err != nil {
				t.Fatal(err)
			}
			xt, err := store.NewExtractionTable(rs, nil)
			if err != nil {
				t.Fatal(err)
			}
			again := keep
			again.ExtractedAt = t0.Add(time.Hour)
			x := schemas.Extraction{SchemaVersion: schemas.ExtractionVersion, RunID: "r1", ArticleID: a.ID,
				ExtractedAt: t0.Add(time.Hour), Events: []schemas.DealEvent{again}}
			for range 2 {
				if _, err := xt.Insert(ctx, []any{x}); err != nil {
					t.Fatal(err)
				}
			}
			live, err := store.LiveEvents(ctx, e, []string{a.ID})
			if err != nil {
				t.Fatal(err)
			}
			if len(live) != 1 || live[0].EventID != keep.EventID {
				t.Fatalf("live after re-extraction: %+v", live)
			}
			if n := countQ(t, e, "SELECT count() FROM events WHERE event_id = ?", keep.EventID); n != 1 {
				t.Errorf("unchanged event rewritten: %d rows", n)
			}
			if n := countQ(t, e, "SELECT count() FROM events WHERE event_id = ?", gone.EventID); n != 2 {
				t.Errorf("retracted event: %d rows, want the original and one retraction", n)
			}
			if n, err := store.AppliedExtractions(ctx, e, "r1"); err != nil || n != 1 {
				t.Errorf("applied = %d, %v", n, err)
			}
			// The event comes back when an extraction finds it again.
			back := gone
			back.ExtractedAt = t0.Add(2 * time.Hour)
			x2 := schemas.Extraction{SchemaVersion: schemas.ExtractionVersion, RunID: "r2", ArticleID: a.ID,
				ExtractedAt: back.ExtractedAt, Events: []schemas.DealEvent{again, back}}
			if _, err := xt.Insert(ctx, []any{x2}); err != nil {
				t.Fatal(err)
			}
			if live, _ := store.LiveEvents(ctx, e, []string{a.ID}); len(live) != 2 {
				t.Errorf("after the event came back: %d live", len(live))
			}
			if e.Name() == "chdb" {
				r, err := e.Query(ctx, "SELECT compression_codec FROM system.columns WHERE database = currentDatabase() AND table = 'articles' AND name = 'text'")
				if err != nil || len(r.Rows) != 1 || r.Rows[0][0] != "CODEC(ZSTD(3))" {
					t.Errorf("articles.text codec on chDB: %v, %v", r, err)
				}
			}
			// Bytes per article of the archive (informational).
			r, err := e.Query(ctx, "SELECT sum(data_compressed_bytes), sum(data_uncompressed_bytes) FROM system.columns WHERE database = currentDatabase() AND table = 'articles'")
			if err == nil && len(r.Rows) == 1 {
				t.Logf("articles on disk: %v compressed, %v uncompressed bytes (1 article)", r.Rows[0][0], r.Rows[0][1])
			}
		})
	}
}

func countQ(t *testing.T, e store.Engine, q string, args ...any) uint64 {
	t.Helper()
	r, err := e.Query(storetest.Ctx(t), q, args...)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := r.Rows[0][0].(uint64)
	return n
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
