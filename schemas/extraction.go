package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// TopicExtractions carries re-extractions: one Extraction per article that
// `dealwatch reextract` re-published, with the complete event set the
// current extractor found in it. Key: the article id.
const TopicExtractions = "dealwatch.extractions.v1"

// ExtractionVersion is the schema-version of an Extraction.
const ExtractionVersion = "extraction.v1"

// HeaderReextract marks an article on dealwatch.articles.v1 as re-published
// from the archive by `dealwatch reextract`; its value is the run id. The
// extract worker answers such an article with one Extraction on
// TopicExtractions instead of events on TopicEvents, and the archive sink
// does not store it again.
const HeaderReextract = "dealwatch-reextract"

// Extraction is the complete result of re-extracting one article: the sink
// stores its events (unchanged ones are left alone) and retracts the
// article's live events that are not among them.
type Extraction struct {
	SchemaVersion    string `json:"schema_version"`
	RunID            string `json:"run_id"`
	ArticleID        string `json:"article_id"`
	ExtractorVersion string `json:"extractor_version"`
	// ExtractedAt is when the extraction ran, no earlier than any event's
	// extracted_at: events stored before it and absent here are retracted.
	ExtractedAt time.Time   `json:"extracted_at"`
	Events      []DealEvent `json:"events"`
}

// DecodeExtraction decodes raw as an Extraction for a consumer of the
// extractions topic and checks it: known fields only, a run and article
// id, an extraction time, and every event decodable as DecodeDealEvent
// wants it (the worker validated each against deal_event.v1.json when it
// published the extraction), of this article and extracted no later.
// Errors wrap ErrInvalid.
func DecodeExtraction(raw []byte) (Extraction, error) {
	var x Extraction
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil {
		return x, fmt.Errorf("%w: extraction: %v", ErrInvalid, err)
	}
	var errs []error
	if x.SchemaVersion != ExtractionVersion {
		errs = append(errs, fmt.Errorf("schema_version %q, want %q", x.SchemaVersion, ExtractionVersion))
	}
	if x.RunID == "" || x.ArticleID == "" {
		errs = append(errs, errors.New("run_id and article_id are required"))
	}
	if x.ExtractedAt.IsZero() {
		errs = append(errs, errors.New("extracted_at is required"))
	}
	for i, e := range x.Events {
		if err := checkDecoded(e); err != nil {
			errs = append(errs, fmt.Errorf("events[%d]: %v", i, err))
			continue
		}
		if e.Article.ID != x.ArticleID {
			errs = append(errs, fmt.Errorf("events[%d] is of article %q", i, e.Article.ID))
		}
		if e.ExtractedAt.After(x.ExtractedAt) {
			errs = append(errs, fmt.Errorf("events[%d] extracted after the extraction", i))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return x, fmt.Errorf("%w: extraction: %v", ErrInvalid, err)
	}
	return x, nil
}
