package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed article.v1.json deal_event.v1.json
var schemaFiles embed.FS

// ErrInvalid is wrapped by every validation failure, so callers can tell a
// bad message (dead-letter it) from an infrastructure error (retry).
var ErrInvalid = errors.New("invalid message")

// Validator checks messages against the embedded JSON Schemas.
type Validator struct {
	article  *jsonschema.Schema
	event    *jsonschema.Schema
	dateTime *jsonschema.Schema // a string in the format "date-time"
}

// NewValidator compiles the embedded schemas.
func NewValidator() (*Validator, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	compile := func(name string) (*jsonschema.Schema, error) {
		raw, err := schemaFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		if err := c.AddResource(name, doc); err != nil {
			return nil, fmt.Errorf("add %s: %w", name, err)
		}
		return c.Compile(name)
	}
	a, err := compile("article.v1.json")
	if err != nil {
		return nil, err
	}
	e, err := compile("deal_event.v1.json")
	if err != nil {
		return nil, err
	}
	if err := c.AddResource("date-time.json", map[string]any{"type": "string", "format": "date-time"}); err != nil {
		return nil, fmt.Errorf("add date-time.json: %w", err)
	}
	dt, err := c.Compile("date-time.json")
	if err != nil {
		return nil, err
	}
	return &Validator{article: a, event: e, dateTime: dt}, nil
}

// SchemaJSON returns the raw JSON Schema for "article.v1.json" or "deal_event.v1.json".
func SchemaJSON(name string) ([]byte, error) { return schemaFiles.ReadFile(name) }

func validate(s *jsonschema.Schema, raw []byte, dst any) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%w: not JSON: %v", ErrInvalid, err)
	}
	if err := s.Validate(doc); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}

// Article validates raw against article.v1.json and decodes it.
//
// The common article (a flat object of strings) is decoded by fastArticle
// in one pass, without the generic document a JSON Schema validator walks
// (20 instead of 75 us and 32 instead of 121 allocations for a 760-word
// article, BenchmarkArticle); anything else, including every article the
// schema refuses, takes the schema path, which says why.
func (v *Validator) Article(raw []byte) (Article, error) {
	if a, ok := fastArticle(raw, v.isDateTime); ok {
		return a, nil
	}
	return v.articleBySchema(raw)
}

func (v *Validator) isDateTime(s string) error { return v.dateTime.Validate(s) }

// articleBySchema parses raw into a generic document, validates that
// against article.v1.json and reads the Article out of it (not by parsing
// raw a second time: an article's text is most of its bytes).
func (v *Validator) articleBySchema(raw []byte) (Article, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return Article{}, fmt.Errorf("%w: not JSON: %v", ErrInvalid, err)
	}
	if err := v.article.Validate(doc); err != nil {
		return Article{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	a, err := articleOf(doc)
	if err != nil {
		return Article{}, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return a, nil
}

// articleOf is what json.Unmarshal makes of a document article.v1.json
// accepted: an object of known properties only, strings where Article
// has strings, and timestamps that time.Time's JSON decoding parses (an
// absent or null published_at stays nil).
func articleOf(doc any) (Article, error) {
	m, ok := doc.(map[string]any)
	if !ok {
		return Article{}, errors.New("article: not an object")
	}
	var a Article
	str := func(k string, dst *string) {
		if s, ok := m[k].(string); ok {
			*dst = s
		}
	}
	str("schema_version", &a.SchemaVersion)
	str("id", &a.ID)
	str("url", &a.URL)
	str("fetched_url", &a.FetchedURL)
	str("source", &a.Source)
	str("title", &a.Title)
	str("text", &a.Text)
	str("author", &a.Author)
	str("language", &a.Language)
	str("content_hash", &a.ContentHash)
	str("simhash", &a.Simhash)
	str("near_duplicate_of", &a.NearDuplicateOf)
	if s, ok := m["fetched_at"].(string); ok {
		if err := a.FetchedAt.UnmarshalText([]byte(s)); err != nil {
			return Article{}, fmt.Errorf("fetched_at: %w", err)
		}
	}
	if s, ok := m["published_at"].(string); ok {
		var t time.Time
		if err := t.UnmarshalText([]byte(s)); err != nil {
			return Article{}, fmt.Errorf("published_at: %w", err)
		}
		a.PublishedAt = &t
	}
	return a, nil
}

// DealEvent validates raw against deal_event.v1.json and decodes it.
func (v *Validator) DealEvent(raw []byte) (DealEvent, error) {
	var e DealEvent
	err := validate(v.event, raw, &e)
	return e, err
}

// CheckDealEventJSON validates raw against deal_event.v1.json without
// decoding it into a DealEvent: the producer's check of the bytes it is
// about to publish (see DecodeDealEvent for what consumers do).
func (v *Validator) CheckDealEventJSON(raw []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%w: not JSON: %v", ErrInvalid, err)
	}
	if err := v.event.Validate(doc); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}

// CheckDealEvent validates an in-memory event by encoding it first.
func (v *Validator) CheckDealEvent(e DealEvent) error {
	raw, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	_, err = v.DealEvent(raw)
	return err
}

// CheckArticle validates an in-memory article by encoding it first.
func (v *Validator) CheckArticle(a Article) error {
	raw, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("encode article: %w", err)
	}
	_, err = v.Article(raw)
	return err
}
