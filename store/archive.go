package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// ArchiveStage names the archive sink in metrics, logs and dead-letter headers.
const ArchiveStage = "archive"

// ArchiveGroup is the archive sink's consumer group on dealwatch.articles.v1.
const ArchiveGroup = "dealwatch-archive"

// ArticleColumns is the column list of every insert into articles, in the
// order of ArticleRow.Values.
const ArticleColumns = "id, url, fetched_url, source, title, author, language, " +
	"published_at, fetched_at, text, content_hash, simhash, near_duplicate_of, version"

// ArchiveStore is the ClickHouse side of the archive; every Engine is one.
type ArchiveStore interface {
	Exec(ctx context.Context, query string, args ...any) error
	Query(ctx context.Context, query string, args ...any) (*Result, error)
	RowInserter
}

// ArticleRow is one row of the articles table.
type ArticleRow struct {
	ID              string     `json:"id"`
	URL             string     `json:"url"`
	FetchedURL      string     `json:"fetched_url"`
	Source          string     `json:"source"`
	Title           string     `json:"title"`
	Author          string     `json:"author"`
	Language        string     `json:"language"`
	PublishedAt     *time.Time `json:"-"`
	FetchedAt       time.Time  `json:"-"`
	Text            string     `json:"text"`
	ContentHash     string     `json:"content_hash"`
	Simhash         uint64     `json:"simhash"`
	NearDuplicateOf string     `json:"near_duplicate_of"`
	Version         uint64     `json:"version"`
}

// NewArticleRow flattens an article. The content hash and simhash are the
// article's (computed by ingest), or computed here the same way when it
// has none. Version is fetched_at in unix ns: a later fetch whose text
// changed replaces the earlier one.
func NewArticleRow(a schemas.Article) ArticleRow {
	r := ArticleRow{
		ID: a.ID, URL: a.URL, FetchedURL: a.FetchedURL, Source: a.Source, Title: a.Title,
		Author: a.Author, Language: a.Language, FetchedAt: utc(a.FetchedAt), Text: a.Text,
		ContentHash: a.ContentHash, NearDuplicateOf: a.NearDuplicateOf,
	}
	if r.ContentHash == "" {
		r.ContentHash = simhash.ContentHash(a.Text)
	}
	if h, err := simhash.Parse(a.Simhash); err == nil && a.Simhash != "" {
		r.Simhash = h
	} else {
		r.Simhash = simhash.Sum64(a.Text)
	}
	if a.PublishedAt != nil {
		t := utc(*a.PublishedAt)
		r.PublishedAt = &t
	}
	if n := a.FetchedAt.UnixNano(); n > 0 {
		r.Version = uint64(n)
	}
	return r
}

// Values implements Row (ArticleColumns order).
func (r ArticleRow) Values() []any {
	return []any{r.ID, r.URL, r.FetchedURL, r.Source, r.Title, r.Author, r.Language,
		r.PublishedAt, r.FetchedAt, r.Text, r.ContentHash, r.Simhash, r.NearDuplicateOf, r.Version}
}

// MarshalJSON implements Row: one JSONEachRow line, times as DateTime text.
func (r ArticleRow) MarshalJSON() ([]byte, error) {
	type plain ArticleRow
	var pub *string
	if r.PublishedAt != nil {
		s := r.PublishedAt.UTC().Format(DateTimeLayout)
		pub = &s
	}
	return json.Marshal(struct {
		plain
		PublishedAt *string `json:"published_at"`
		FetchedAt   string  `json:"fetched_at"`
	}{plain(r), pub, r.FetchedAt.UTC().Format(DateTimeLayout)})
}

// ArticleTable is the articles table as a sink Table: article.v1 messages,
// the latest fetch of each article, articles already stored with the same
// content skipped. Articles `dealwatch reextract` re-published from the
// archive (schemas.HeaderReextract) are the archive's own rows: skipped.
type ArticleTable struct {
	st  ArchiveStore
	val *schemas.Validator
	log *slog.Logger
}

var _ Table = (*ArticleTable)(nil)

// NewArticleTable returns the articles table on st.
func NewArticleTable(st ArchiveStore, log *slog.Logger) (*ArticleTable, error) {
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("store: archive validator: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &ArticleTable{st: st, val: v, log: log}, nil
}

// Decode implements Table.
func (t *ArticleTable) Decode(m kafka.Message) (any, error) {
	a, err := t.val.Article(m.Value)
	if err != nil {
		return nil, err
	}
	if headerOf(m, schemas.HeaderReextract) != "" {
		return nil, nil
	}
	return a, nil
}

func headerOf(m kafka.Message, key string) string {
	for _, h := range m.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// Insert implements Table.
func (t *ArticleTable) Insert(ctx context.Context, rows []any) (int, error) {
	latest := map[string]int{}
	var arts []schemas.Article
	for _, r := range rows {
		a, ok := r.(schemas.Article)
		if !ok {
			continue
		}
		if i, seen := latest[a.ID]; seen {
			if a.FetchedAt.After(arts[i].FetchedAt) {
				arts[i] = a
			}
			continue
		}
		latest[a.ID] = len(arts)
		arts = append(arts, a)
	}
	if len(arts) == 0 {
		return 0, nil
	}
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	r, err := t.st.Query(ctx, "SELECT id, max(version), argMax(content_hash, version) FROM articles WHERE id IN (SELECT arrayJoin(?)) GROUP BY id", ids)
	if err != nil {
		return 0, fmt.Errorf("check stored articles: %w", err)
	}
	type stored struct {
		version uint64
		hash    string
	}
	have := make(map[string]stored, len(r.Rows))
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		v, _ := row[1].(uint64)
		h, _ := row[2].(string)
		have[id] = stored{v, h}
	}
	fresh := make([]Row, 0, len(arts))
	for _, a := range arts {
		row := NewArticleRow(a)
		if st, ok := have[a.ID]; ok && (st.hash == row.ContentHash || st.version >= row.Version) {
			continue
		}
		fresh = append(fresh, row)
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	if err := t.st.InsertRows(ctx, "articles", ArticleColumns, fresh); err != nil {
		return 0, err
	}
	return len(fresh), nil
}

// Collapse implements Table: exact doubles (same id and version) left by
// two racing inserts are merged away before the batch is committed.
func (t *ArticleTable) Collapse(ctx context.Context, rows []any) error {
	var ids []string
	for _, r := range rows {
		if a, ok := r.(schemas.Article); ok {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	r, err := t.st.Query(ctx, "SELECT count() FROM (SELECT id FROM articles WHERE id IN (SELECT arrayJoin(?)) GROUP BY id, version HAVING count() > 1)", ids)
	if err != nil {
		return fmt.Errorf("check doubled articles: %w", err)
	}
	if len(r.Rows) != 1 || r.Rows[0][0] == uint64(0) {
		return nil
	}
	t.log.Warn("archive: doubled rows found, merging them away", "articles", r.Rows[0][0])
	if err := optimizeFinal(ctx, t.st, "articles", t.log.Warn); err != nil {
		return fmt.Errorf("merge doubled articles: %w", err)
	}
	return nil
}
