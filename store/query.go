package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// TimelineFilter narrows the timeline.
type TimelineFilter struct {
	Org   string    // organisation id (party_ids), "" for all
	Since time.Time // zero for all time
	Limit int       // 0 for no limit
}

// TimelineQuery is the analyst timeline: one row per current event, in
// article-time order. Arguments: org twice, since (unix seconds), limit.
const TimelineQuery = `SELECT
    event_time,
    type,
    action,
    kind,
    arrayStringConcat(arrayMap((n, r) -> concat(n, ' (', r, ')'), party_names, party_roles), ', ') AS parties,
    amount_text AS amount,
    amount_value,
    source,
    title,
    evidence,
    modality,
    event_id,
    deal_id,
    url
FROM timeline
WHERE (? = '' OR has(party_ids, ?)) AND toUInt32(event_time) >= ?
ORDER BY event_time, event_id
LIMIT ?`

// Timeline runs TimelineQuery. The filter values travel as bound
// arguments, never pasted into the SQL.
func Timeline(ctx context.Context, q Querier, f TimelineFilter) (*Result, error) {
	var since int64
	if !f.Since.IsZero() {
		since = max(f.Since.Unix(), 0)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1 << 31
	}
	return q.Query(ctx, TimelineQuery, f.Org, f.Org, since, limit)
}

// Retract hides an event from the views: it writes a new version of the
// event's current row with retracted = 1. A later extraction of the event
// (a newer version) brings it back. It reports whether the event existed.
func Retract(ctx context.Context, e Engine, eventID string) (bool, error) {
	r, err := e.Query(ctx, "SELECT count() FROM events WHERE event_id = ?", eventID)
	if err != nil {
		return false, err
	}
	if len(r.Rows) != 1 || r.Rows[0][0] == uint64(0) {
		return false, nil
	}
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
	q := "INSERT INTO events (" + EventColumns + ") SELECT " + strings.Join(sel, ", ") +
		" FROM events FINAL WHERE event_id = ?"
	if err := e.Exec(ctx, q, eventID); err != nil {
		return false, fmt.Errorf("store: retract %s: %w", eventID, err)
	}
	return true, nil
}
