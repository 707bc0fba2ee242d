package store

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/schemas"
)

// Table is what a Sink writes: it turns messages into rows and writes
// batches of rows so that each row is visible exactly once, however often
// the same batch is written again (a retried insert whose first attempt
// landed, a Kafka replay).
type Table interface {
	// Decode validates one message. An error sends the message to the
	// dead-letter topic with the error as the reason; a nil row and a nil
	// error mean there is nothing to store (the message is committed).
	Decode(m kafka.Message) (any, error)
	// Insert writes the rows (values Decode returned) that are not stored
	// yet and returns how many rows it wrote. The sink calls it again with
	// the same rows after a failure, so it must be idempotent.
	Insert(ctx context.Context, rows []any) (int, error)
	// Collapse merges away exact doubles that two inserts of the same rows
	// racing (a rebalance, an acknowledgement lost) may have left.
	Collapse(ctx context.Context, rows []any) error
}

// EventTable is the events table as a sink Table: DealEvent messages,
// the latest extraction of each event_id, rows already stored skipped.
type EventTable struct {
	st  EventStore
	val *schemas.Validator
	log *slog.Logger
}

var _ Table = (*EventTable)(nil)

// NewEventTable returns the events table on st.
func NewEventTable(st EventStore, log *slog.Logger) (*EventTable, error) {
	v, err := schemas.NewValidator()
	if err != nil {
		return nil, fmt.Errorf("store: sink validator: %w", err)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &EventTable{st: st, val: v, log: log}, nil
}

// Decode implements Table: the message must be a valid deal_event.v1.
func (t *EventTable) Decode(m kafka.Message) (any, error) {
	e, err := t.val.DealEvent(m.Value)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Insert implements Table.
func (t *EventTable) Insert(ctx context.Context, rows []any) (int, error) {
	return t.InsertEvents(ctx, eventsOf(rows))
}

// Collapse implements Table.
func (t *EventTable) Collapse(ctx context.Context, rows []any) error {
	return t.CollapseEvents(ctx, eventIDs(eventsOf(rows)))
}

func eventsOf(rows []any) []schemas.DealEvent {
	evs := make([]schemas.DealEvent, 0, len(rows))
	for _, r := range rows {
		if e, ok := r.(schemas.DealEvent); ok {
			evs = append(evs, e)
		}
	}
	return evs
}

func eventIDs(evs []schemas.DealEvent) []string {
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.EventID
	}
	return ids
}

// InsertEvents keeps the latest extraction of each event_id, drops those
// already stored (see unstored) and inserts the rest. It returns how many
// rows it inserted.
func (t *EventTable) InsertEvents(ctx context.Context, events []schemas.DealEvent) (int, error) {
	events = latestPerEvent(events)
	if len(events) == 0 {
		return 0, nil
	}
	fresh, err := t.unstored(ctx, events)
	if err != nil {
		return 0, err
	}
	if len(fresh) == 0 {
		return 0, nil
	}
	if err := t.st.InsertEvents(ctx, fresh); err != nil {
		return 0, err
	}
	return len(fresh), nil
}

// latestPerEvent keeps one event per event_id: the latest extraction.
func latestPerEvent(events []schemas.DealEvent) []schemas.DealEvent {
	idx := make(map[string]int, len(events))
	out := events[:0:0]
	for _, e := range events {
		if i, ok := idx[e.EventID]; ok {
			if e.ExtractedAt.After(out[i].ExtractedAt) {
				out[i] = e
			}
			continue
		}
		idx[e.EventID] = len(out)
		out = append(out, e)
	}
	return out
}

// CollapseEvents is the backstop for the one case the check before the
// insert cannot see: two inserts of the same rows racing (an insert whose
// acknowledgement timed out landing after the retry, or two consumers of a
// partition during a rebalance). Whoever inserts last sees both copies and
// has ReplacingMergeTree merge them away, before committing.
func (t *EventTable) CollapseEvents(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	r, err := t.st.Query(ctx, "SELECT count() FROM (SELECT event_id, content_hash FROM events WHERE event_id IN (SELECT arrayJoin(?)) GROUP BY event_id, content_hash, version HAVING count() > 1)", ids)
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

// unstored drops the events the events table already holds as they are:
// those whose latest stored version has the same content and is live, and
// those of which a newer (or the same) version is stored. An event whose
// latest version was retracted comes back when an extraction produces it
// again, with its content unchanged.
func (t *EventTable) unstored(ctx context.Context, events []schemas.DealEvent) ([]schemas.DealEvent, error) {
	r, err := t.st.Query(ctx, "SELECT event_id, max(version), argMax(content_hash, version), argMax(retracted, version) FROM events WHERE event_id IN (SELECT arrayJoin(?)) GROUP BY event_id", eventIDs(events))
	if err != nil {
		return nil, fmt.Errorf("check stored events: %w", err)
	}
	type stored struct {
		version   uint64
		hash      string
		retracted bool
	}
	have := make(map[string]stored, len(r.Rows))
	for _, row := range r.Rows {
		id, _ := row[0].(string)
		v, _ := row[1].(uint64)
		h, _ := row[2].(string)
		have[id] = stored{version: v, hash: h, retracted: row[3] != uint64(0)}
	}
	out := make([]schemas.DealEvent, 0, len(events))
	for _, e := range events {
		if st, ok := have[e.EventID]; ok {
			row := NewEventRow(e)
			if (st.hash == row.ContentHash && !st.retracted) || st.version >= row.Version {
				continue
			}
		}
		out = append(out, e)
	}
	return out, nil
}
