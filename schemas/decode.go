package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Where events are checked.
//
// A DealEvent is validated against deal_event.v1.json once, where it is
// produced: the extract worker checks every event it publishes
// (CheckDealEventValue, which refuses what Validator.CheckDealEventJSON
// refuses of the bytes it encodes to) and dead-letters the article when
// one fails. Its consumers (the sink, the alerter) do not validate again: they
// decode with DecodeDealEvent, which costs a fraction of a validation and
// still refuses, with ErrInvalid and the reason, every message they could
// not handle correctly:
//   - anything that is not exactly one JSON object of the DealEvent shape
//     (a field the schema does not know, a value of the wrong JSON type,
//     trailing data);
//   - an event without what the consumers key their work on: event_id and
//     deal_id (16 lowercase hex digits: dedup in ClickHouse, the alerter's
//     state), a known type (the deal rule), at least one party with an id,
//     the article id, and extracted_at (the row version).
//
// A consumer dead-letters what DecodeDealEvent refuses, with its error as
// the reason, and commits past it: never a silent drop, never a stage
// stuck on one message. Other rules of the schema (patterns of party ids,
// currencies, ranges) are the producer's to enforce.

// DecodeDealEvent decodes raw as a DealEvent for a consumer of the events
// topic; see above for what it refuses. Errors wrap ErrInvalid.
func DecodeDealEvent(raw []byte) (DealEvent, error) {
	e, ok := fastDealEvent(raw)
	if !ok {
		if err := decodeStrict(raw, &e); err != nil {
			return DealEvent{}, fmt.Errorf("%w: deal event: %v", ErrInvalid, err)
		}
	}
	if err := checkDecoded(e); err != nil {
		return DealEvent{}, fmt.Errorf("%w: deal event: %v", ErrInvalid, err)
	}
	return e, nil
}

// decodeStrict decodes exactly one JSON value into dst, refusing fields
// dst does not have.
func decodeStrict(raw []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// checkDecoded checks what the consumers of events key their work on.
func checkDecoded(e DealEvent) error {
	var errs []error
	if !isHexID(e.EventID) {
		errs = append(errs, fmt.Errorf("event_id %q is not 16 hex digits", e.EventID))
	}
	if !isHexID(e.DealID) {
		errs = append(errs, fmt.Errorf("deal_id %q is not 16 hex digits", e.DealID))
	}
	switch e.Type {
	case TypePartnership, TypeCommitment, TypeExclusivity:
	default:
		errs = append(errs, fmt.Errorf("type %q is not partnership, commitment or exclusivity", e.Type))
	}
	if len(e.Parties) == 0 {
		errs = append(errs, errors.New("no parties"))
	}
	for i, p := range e.Parties {
		if p.ID == "" {
			errs = append(errs, fmt.Errorf("parties[%d] has no id", i))
		}
	}
	if e.Article.ID == "" {
		errs = append(errs, errors.New("article.id is empty"))
	}
	if e.ExtractedAt.IsZero() {
		errs = append(errs, errors.New("extracted_at is missing"))
	}
	return errors.Join(errs...)
}

func isHexID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
