package schemas

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed article.v1.json deal_event.v1.json
var schemaFiles embed.FS

// ErrInvalid is wrapped by every validation failure, so callers can tell a
// bad message (dead-letter it) from an infrastructure error (retry).
var ErrInvalid = errors.New("invalid message")

// Validator checks messages against the embedded JSON Schemas.
type Validator struct {
	article *jsonschema.Schema
	event   *jsonschema.Schema
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
	return &Validator{article: a, event: e}, nil
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
func (v *Validator) Article(raw []byte) (Article, error) {
	var a Article
	err := validate(v.article, raw, &a)
	return a, err
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
