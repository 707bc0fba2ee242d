package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dealwatch/dealwatch/ingest/simhash"
	"github.com/dealwatch/dealwatch/schemas"
)

// ArchiveFilter selects archived articles by article time (publication,
// else fetch) and source.
type ArchiveFilter struct {
	Since  time.Time // inclusive; zero: no lower bound
	Until  time.Time // exclusive; zero: no upper bound
	Source string    // "" for every source
}

func (f ArchiveFilter) args() []any {
	var since, until int64 = 0, 1<<32 - 1
	if !f.Since.IsZero() {
		since = max(f.Since.Unix(), 0)
	}
	if !f.Until.IsZero() {
		until = max(f.Until.Unix(), 0)
	}
	return []any{f.Source, f.Source, since, until}
}

const archiveWhere = `(? = '' OR source = ?) AND toUInt32(ifNull(published_at, fetched_at)) >= ? AND toUInt32(ifNull(published_at, fetched_at)) < ?`

// CountArchived returns how many archived articles f selects.
func CountArchived(ctx context.Context, q Querier, f ArchiveFilter) (int, error) {
	r, err := q.Query(ctx, "SELECT count() FROM articles FINAL WHERE "+archiveWhere, f.args()...)
	if err != nil {
		return 0, fmt.Errorf("store: count archived articles: %w", err)
	}
	if len(r.Rows) != 1 {
		return 0, fmt.Errorf("store: count archived articles: %d rows", len(r.Rows))
	}
	n, _ := r.Rows[0][0].(uint64)
	return int(n), nil
}

// ArchivedArticles returns up to limit archived articles that f selects,
// with ids greater than after, in id order: the pages of a resumable scan.
func ArchivedArticles(ctx context.Context, q Querier, f ArchiveFilter, after string, limit int) ([]schemas.Article, error) {
	args := append([]any{after}, f.args()...)
	args = append(args, limit)
	r, err := q.Query(ctx, `SELECT id, url, fetched_url, source, title, author, language, published_at, fetched_at,
    text, content_hash, simhash, near_duplicate_of
FROM articles FINAL
WHERE id > ? AND `+archiveWhere+`
ORDER BY id
LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read archived articles: %w", err)
	}
	out := make([]schemas.Article, 0, len(r.Rows))
	for _, row := range r.Rows {
		s := func(i int) string { v, _ := row[i].(string); return v }
		a := schemas.Article{
			SchemaVersion: schemas.ArticleVersion, ID: s(0), URL: s(1), FetchedURL: s(2), Source: s(3),
			Title: s(4), Author: s(5), Language: s(6), Text: s(9), ContentHash: s(10), NearDuplicateOf: s(12),
		}
		if t, ok := row[7].(time.Time); ok {
			a.PublishedAt = &t
		}
		a.FetchedAt, _ = row[8].(time.Time)
		if h, ok := row[11].(uint64); ok {
			a.Simhash = simhash.Hex(h)
		}
		out = append(out, a)
	}
	return out, nil
}

// AppliedExtractions returns how many articles of run the sink has applied.
func AppliedExtractions(ctx context.Context, q Querier, run string) (int, error) {
	r, err := q.Query(ctx, "SELECT uniqExact(article_id) FROM extractions WHERE run_id = ?", run)
	if err != nil {
		return 0, fmt.Errorf("store: applied extractions: %w", err)
	}
	if len(r.Rows) != 1 {
		return 0, fmt.Errorf("store: applied extractions: %d rows", len(r.Rows))
	}
	n, _ := r.Rows[0][0].(uint64)
	return int(n), nil
}

// LiveEvent is the current, not retracted, version of an event.
type LiveEvent struct {
	EventID, ArticleID, DealID, ContentHash, Modality string
	Type, Action, Parties                             string // Parties: party ids, comma-separated
}

// LiveEvents returns the live events of the given articles.
func LiveEvents(ctx context.Context, q Querier, articleIDs []string) ([]LiveEvent, error) {
	if len(articleIDs) == 0 {
		return nil, nil
	}
	r, err := q.Query(ctx, `SELECT event_id, any(article_id), argMax(deal_id, version), argMax(content_hash, version),
    argMax(toString(modality), version), argMax(retracted, version) AS r,
    argMax(toString(type), version), argMax(toString(action), version), argMax(arrayStringConcat(party_ids, ','), version)
FROM events
WHERE article_id IN (SELECT arrayJoin(?))
GROUP BY event_id
HAVING r = 0`, articleIDs)
	if err != nil {
		return nil, fmt.Errorf("store: live events: %w", err)
	}
	out := make([]LiveEvent, 0, len(r.Rows))
	for _, row := range r.Rows {
		s := func(i int) string { v, _ := row[i].(string); return v }
		out = append(out, LiveEvent{EventID: s(0), ArticleID: s(1), DealID: s(2), ContentHash: s(3), Modality: s(4),
			Type: s(6), Action: s(7), Parties: s(8)})
	}
	return out, nil
}

// DealMentions returns, for the given deals, how many live mentions the
// deals view counts (deal_mentions: stated or background events).
func DealMentions(ctx context.Context, q Querier, dealIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(dealIDs) == 0 {
		return out, nil
	}
	r, err := q.Query(ctx, "SELECT deal_id, count() FROM deal_mentions WHERE deal_id IN (SELECT arrayJoin(?)) GROUP BY deal_id", dealIDs)
	if err != nil {
		return nil, fmt.Errorf("store: deal mentions: %w", err)
	}
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		n, _ := row[1].(uint64)
		out[id] = int(n)
	}
	return out, nil
}

// CountsForDeals reports whether an event of this modality counts in the
// deals view (deal_mentions).
func CountsForDeals(modality string) bool {
	switch modality {
	case schemas.ModalityStated, schemas.ModalityBackground, "":
		return true
	}
	return false
}
