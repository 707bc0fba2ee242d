package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/schemas"
)

// ExtractionsGroup is the consumer group of the sink's second table:
// re-extractions (schemas.TopicExtractions) applied to the events table.
const ExtractionsGroup = "dealwatch-sink-extractions"

// ExtractionColumns is the column list of inserts into extractions.
const ExtractionColumns = "run_id, article_id, extractor_version, extracted_at, events, version"

// ExtractionStore is the ClickHouse side of applying re-extractions.
type ExtractionStore interface {
	EventStore
	RowInserter
}

// ExtractionTable applies re-extractions (schemas.Extraction) as a sink
// Table. For each article, the latest extraction's event set replaces the
// live one:
//   - its events are stored as the event sink stores them: an unchanged
//     event (same content hash, live) is left alone, a changed one gets a
//     new version, a new one is added, one retracted earlier comes back;
//   - the article's live events that are not in the set and older than the
//     extraction are retracted (a new version with retracted = 1); events
//     newer than it (a later extraction) are never touched, so extractions
//     applied out of order or replayed change nothing;
//   - then a row in extractions records the article as done in its run.
//
// Each step skips what is already done, so the whole is idempotent and the
// sink may repeat it after any failure.
type ExtractionTable struct {
	st     ExtractionStore
	events *EventTable
	val    *schemas.Validator
	log    *slog.Logger
}

var _ Table = (*ExtractionTable)(nil)

// NewExtractionTable returns the table on st.
func NewExtractionTable(st ExtractionStore, log *slog.Logger) (*ExtractionTable, error) {
	et, err := NewEventTable(st, log)
	if err != nil {
		return nil, err
	}
	return &ExtractionTable{st: st, events: et, val: et.val, log: et.log}, nil
}

// Decode implements Table: the message must be a valid extraction.v1.
func (t *ExtractionTable) Decode(m kafka.Message) (any, error) {
	x, err := t.val.Extraction(m.Value)
	if err != nil {
		return nil, err
	}
	return x, nil
}

func extractionsOf(rows []any) []schemas.Extraction {
	idx := map[string]int{}
	var out []schemas.Extraction
	for _, r := range rows {
		x, ok := r.(schemas.Extraction)
		if !ok {
			continue
		}
		if i, seen := idx[x.ArticleID]; seen {
			if x.ExtractedAt.After(out[i].ExtractedAt) {
				out[i] = x
			}
			continue
		}
		idx[x.ArticleID] = len(out)
		out = append(out, x)
	}
	return out
}

// Insert implements Table. It returns the rows written: events stored,
// events retracted and extractions recorded.
func (t *ExtractionTable) Insert(ctx context.Context, rows []any) (int, error) {
	xs := extractionsOf(rows)
	if len(xs) == 0 {
		return 0, nil
	}
	var evs []schemas.DealEvent
	for _, x := range xs {
		evs = append(evs, x.Events...)
	}
	stored, err := t.events.InsertEvents(ctx, evs)
	if err != nil {
		return 0, err
	}
	retracted, err := t.retract(ctx, xs)
	if err != nil {
		return stored, err
	}
	recorded, err := t.record(ctx, xs)
	if err != nil {
		return stored + retracted, err
	}
	if retracted > 0 {
		t.log.Debug("re-extraction applied", "articles", len(xs), "stored", stored, "retracted", retracted)
	}
	return stored + retracted + recorded, nil
}

// retract writes a retracted version of every live event of the
// extractions' articles that the extraction did not produce and that is
// older than it.
func (t *ExtractionTable) retract(ctx context.Context, xs []schemas.Extraction) (int, error) {
	byArticle := make(map[string]schemas.Extraction, len(xs))
	ids := make([]string, 0, len(xs))
	for _, x := range xs {
		byArticle[x.ArticleID] = x
		ids = append(ids, x.ArticleID)
	}
	keep := map[string]bool{}
	for _, x := range xs {
		for _, e := range x.Events {
			keep[e.EventID] = true
		}
	}
	r, err := t.st.Query(ctx, "SELECT event_id, article_id, max(version), argMax(retracted, version) FROM events WHERE article_id IN (SELECT arrayJoin(?)) GROUP BY event_id, article_id", ids)
	if err != nil {
		return 0, fmt.Errorf("live events of re-extracted articles: %w", err)
	}
	var gone, goneIDs []string
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		aid, _ := row[1].(string)
		v, _ := row[2].(uint64)
		if row[3] != uint64(0) || keep[id] {
			continue
		}
		if x, ok := byArticle[aid]; ok && v < uint64(max(x.ExtractedAt.UnixNano(), 0)) {
			gone = append(gone, id+":"+strconv.FormatUint(v, 10))
			goneIDs = append(goneIDs, id)
		}
	}
	if len(gone) == 0 {
		return 0, nil
	}
	if err := t.st.Exec(ctx, retractSelect, goneIDs, gone); err != nil {
		return 0, fmt.Errorf("retract %d events: %w", len(gone), err)
	}
	return len(gone), nil
}

// retractSelect copies the given versions (event_id:version) of live events
// as version + 1 with retracted = 1.
var retractSelect = func() string {
	cols := strings.Split(EventColumns, ", ")
	sel := make([]string, len(cols))
	for i, c := range cols {
		switch c {
		case "version":
			sel[i] = "version + 1"
		case "retracted":
			sel[i] = "toUInt8(1)"
		default:
			sel[i] = c
		}
	}
	return "INSERT INTO events (" + EventColumns + ") SELECT " + strings.Join(sel, ", ") +
		" FROM events WHERE event_id IN (SELECT arrayJoin(?)) AND concat(event_id, ':', toString(version)) IN (SELECT arrayJoin(?)) AND retracted = 0 LIMIT 1 BY event_id"
}()

// extractionRow is one row of extractions.
type extractionRow struct {
	RunID            string    `json:"run_id"`
	ArticleID        string    `json:"article_id"`
	ExtractorVersion string    `json:"extractor_version"`
	ExtractedAt      time.Time `json:"-"`
	Events           uint32    `json:"events"`
	Version          uint64    `json:"version"`
}

func (r extractionRow) Values() []any {
	return []any{r.RunID, r.ArticleID, r.ExtractorVersion, r.ExtractedAt, r.Events, r.Version}
}

func (r extractionRow) MarshalJSON() ([]byte, error) {
	type plain extractionRow
	return json.Marshal(struct {
		plain
		ExtractedAt string `json:"extracted_at"`
	}{plain(r), r.ExtractedAt.UTC().Format(DateTimeLayout)})
}

// record notes each extraction as applied, unless it already is.
func (t *ExtractionTable) record(ctx context.Context, xs []schemas.Extraction) (int, error) {
	keys := make([]string, len(xs))
	for i, x := range xs {
		keys[i] = x.RunID + ":" + x.ArticleID
	}
	r, err := t.st.Query(ctx, "SELECT DISTINCT concat(run_id, ':', article_id) FROM extractions WHERE concat(run_id, ':', article_id) IN (SELECT arrayJoin(?))", keys)
	if err != nil {
		return 0, fmt.Errorf("check recorded extractions: %w", err)
	}
	done := map[string]bool{}
	for _, row := range r.Rows {
		k, _ := row[0].(string)
		done[k] = true
	}
	var rows []Row
	for i, x := range xs {
		if done[keys[i]] {
			continue
		}
		rows = append(rows, extractionRow{RunID: x.RunID, ArticleID: x.ArticleID, ExtractorVersion: x.ExtractorVersion,
			ExtractedAt: utc(x.ExtractedAt), Events: uint32(min(len(x.Events), 1<<31)), Version: uint64(max(x.ExtractedAt.UnixNano(), 0))})
	}
	if len(rows) == 0 {
		return 0, nil
	}
	if err := t.st.InsertRows(ctx, "extractions", ExtractionColumns, rows); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// Collapse implements Table: exact doubles of the articles' events (same
// event_id and version, from two racing inserts or retractions) are merged
// away before the batch is committed.
func (t *ExtractionTable) Collapse(ctx context.Context, rows []any) error {
	xs := extractionsOf(rows)
	if len(xs) == 0 {
		return nil
	}
	ids := make([]string, len(xs))
	for i, x := range xs {
		ids[i] = x.ArticleID
	}
	r, err := t.st.Query(ctx, "SELECT count() FROM (SELECT event_id FROM events WHERE article_id IN (SELECT arrayJoin(?)) GROUP BY event_id, version HAVING count() > 1)", ids)
	if err != nil {
		return fmt.Errorf("check doubled events: %w", err)
	}
	if len(r.Rows) != 1 || r.Rows[0][0] == uint64(0) {
		return nil
	}
	t.log.Warn("sink: doubled rows found, merging them away", "events", r.Rows[0][0])
	if err := optimizeFinal(ctx, t.st, "events", t.log.Warn); err != nil {
		return fmt.Errorf("merge doubled events: %w", err)
	}
	return nil
}
