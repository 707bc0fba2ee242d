package store

import (
	"encoding/json"
	"time"

	"github.com/dealwatch/dealwatch/schemas"
)

// EventColumns is the explicit column list of every insert into events,
// in the order of EventRow.Values.
const EventColumns = "event_id, deal_id, type, action, kind, modality, " +
	"party_ids, party_names, party_roles, " +
	"amount_value, amount_currency, amount_qualifier, amount_text, " +
	"capacity_value, capacity_unit, capacity_text, until, scope, " +
	"evidence_sentence, evidence_start, evidence_end, confidence, " +
	"article_id, article_url, article_source, article_title, article_published_at, " +
	"extractor_version, extracted_at, version, content_hash, retracted"

// EventRow is one row of the events table. Absent strings (kind, until,
// scope, currency, ...) are empty; absent numbers and times are nil.
type EventRow struct {
	EventID            string     `json:"event_id"`
	DealID             string     `json:"deal_id"`
	Type               string     `json:"type"`
	Action             string     `json:"action"`
	Kind               string     `json:"kind"`
	Modality           string     `json:"modality"`
	PartyIDs           []string   `json:"party_ids"`
	PartyNames         []string   `json:"party_names"`
	PartyRoles         []string   `json:"party_roles"`
	AmountValue        *float64   `json:"amount_value"`
	AmountCurrency     string     `json:"amount_currency"`
	AmountQualifier    string     `json:"amount_qualifier"`
	AmountText         string     `json:"amount_text"`
	CapacityValue      *float64   `json:"capacity_value"`
	CapacityUnit       string     `json:"capacity_unit"`
	CapacityText       string     `json:"capacity_text"`
	Until              string     `json:"until"`
	Scope              string     `json:"scope"`
	EvidenceSentence   string     `json:"evidence_sentence"`
	EvidenceStart      uint32     `json:"evidence_start"`
	EvidenceEnd        uint32     `json:"evidence_end"`
	Confidence         float64    `json:"confidence"`
	ArticleID          string     `json:"article_id"`
	ArticleURL         string     `json:"article_url"`
	ArticleSource      string     `json:"article_source"`
	ArticleTitle       string     `json:"article_title"`
	ArticlePublishedAt *time.Time `json:"-"`
	ExtractorVersion   string     `json:"extractor_version"`
	ExtractedAt        time.Time  `json:"-"`
	Version            uint64     `json:"version"`
	ContentHash        string     `json:"content_hash"`
	Retracted          uint8      `json:"retracted"`
}

// NewEventRow flattens an event. Version is extracted_at in unix
// nanoseconds, so a later extraction of the same event replaces an earlier
// one; ContentHash covers everything but extracted_at and
// extractor_version, so a replay or a re-extraction that changed nothing
// can be recognised and skipped.
func NewEventRow(e schemas.DealEvent) EventRow {
	r := EventRow{
		EventID:          e.EventID,
		DealID:           e.DealID,
		Type:             e.Type,
		Action:           e.Action,
		Kind:             e.KindOf(),
		Modality:         e.Modality,
		PartyIDs:         make([]string, len(e.Parties)),
		PartyNames:       make([]string, len(e.Parties)),
		PartyRoles:       make([]string, len(e.Parties)),
		EvidenceSentence: e.Evidence.Sentence,
		EvidenceStart:    clampU32(e.Evidence.Start),
		EvidenceEnd:      clampU32(e.Evidence.End),
		Confidence:       e.Confidence,
		ArticleID:        e.Article.ID,
		ArticleURL:       e.Article.URL,
		ArticleSource:    e.Article.Source,
		ArticleTitle:     e.Article.Title,
		ExtractorVersion: e.ExtractorVersion,
		ExtractedAt:      utc(e.ExtractedAt),
		ContentHash:      ContentHash(e),
	}
	if r.Modality == "" {
		r.Modality = schemas.ModalityStated
	}
	if n := e.ExtractedAt.UnixNano(); n > 0 {
		r.Version = uint64(n)
	}
	for i, p := range e.Parties {
		r.PartyIDs[i], r.PartyNames[i], r.PartyRoles[i] = p.ID, p.Name, p.Role
	}
	if a := e.Amount; a != nil {
		r.AmountValue = a.Value
		r.AmountCurrency, r.AmountQualifier, r.AmountText = a.Currency, a.Qualifier, a.Text
	}
	if c := e.Capacity; c != nil {
		v := c.Value
		r.CapacityValue = &v
		r.CapacityUnit, r.CapacityText = c.Unit, c.Text
	}
	if e.Until != nil {
		r.Until = *e.Until
	}
	if e.Scope != nil {
		r.Scope = *e.Scope
	}
	if p := e.Article.PublishedAt; p != nil {
		t := utc(*p)
		r.ArticlePublishedAt = &t
	}
	return r
}

func clampU32(n int) uint32 {
	switch {
	case n < 0:
		return 0
	case n > int(^uint32(0)):
		return ^uint32(0)
	}
	return uint32(n)
}

// Values returns the row in EventColumns order, typed for clickhouse-go.
func (r EventRow) Values() []any {
	return []any{
		r.EventID, r.DealID, r.Type, r.Action, r.Kind, r.Modality,
		r.PartyIDs, r.PartyNames, r.PartyRoles,
		r.AmountValue, r.AmountCurrency, r.AmountQualifier, r.AmountText,
		r.CapacityValue, r.CapacityUnit, r.CapacityText, r.Until, r.Scope,
		r.EvidenceSentence, r.EvidenceStart, r.EvidenceEnd, r.Confidence,
		r.ArticleID, r.ArticleURL, r.ArticleSource, r.ArticleTitle, r.ArticlePublishedAt,
		r.ExtractorVersion, r.ExtractedAt, r.Version, r.ContentHash, r.Retracted,
	}
}

// MarshalJSON encodes the row as one JSONEachRow line (times as
// "YYYY-MM-DD hh:mm:ss" UTC, which DateTime('UTC') parses on every engine;
// see appendJSON).
func (r EventRow) MarshalJSON() ([]byte, error) {
	return r.appendJSON(nil)
}

// ContentHash identifies an event's content: what was extracted, not when
// or by which extractor version (extracted_at and extractor_version left
// out), so a re-extraction that finds the same event leaves it alone.
func ContentHash(e schemas.DealEvent) string {
	e.ExtractedAt = time.Time{}
	e.ExtractorVersion = ""
	raw, err := json.Marshal(e)
	if err != nil { // cannot happen for this plain struct
		return ""
	}
	return schemas.HashID(string(raw))
}

// JSONEachRow encodes rows as JSONEachRow data: data, never SQL.
func JSONEachRow(rows []EventRow) ([]byte, error) {
	b := make([]byte, 0, 1024*len(rows))
	for _, r := range rows {
		var err error
		if b, err = r.appendJSON(b); err != nil {
			return nil, err
		}
		b = append(b, '\n')
	}
	return b, nil
}
