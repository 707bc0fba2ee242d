package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/segmentio/kafka-go"

	"github.com/dealwatch/dealwatch/ingest/bus"
	"github.com/dealwatch/dealwatch/schemas"
)

// reextracted answers an article that `dealwatch reextract` re-published
// (schemas.HeaderReextract, whose value is the run id): its complete new
// event set goes as one schemas.Extraction to the extractions topic, keyed
// by article id, instead of event by event to the events topic. The sink
// applies it as a whole (stores what changed, retracts what the extractor
// no longer finds); the alerter, which reads the events topic, does not see
// re-extracted events. The same guarantees as for events hold: committed
// only after Kafka acknowledged it, an extraction too large to publish or
// with an invalid event is dead-lettered.
func (w *Worker) reextracted(ctx context.Context, a *inflight, art schemas.Article, evs []schemas.DealEvent, run string) (output, error) {
	m := a.t.msg
	dead := func(reason error) (output, error) {
		res, err := w.deadLetter(ctx, m, a.res, reason)
		a.res = res
		return output{}, err
	}
	if w.opts.Extractions == nil {
		return dead(fmt.Errorf("re-extraction of article %s: this worker has no writer for %s", art.ID, schemas.TopicExtractions))
	}
	x := schemas.Extraction{
		SchemaVersion: schemas.ExtractionVersion, RunID: run, ArticleID: art.ID,
		ExtractorVersion: w.opts.ExtractorVersion, ExtractedAt: time.Now().UTC(), Events: evs,
	}
	if x.Events == nil {
		x.Events = []schemas.DealEvent{}
	}
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		if err := w.v.CheckDealEvent(e); err != nil {
			return dead(fmt.Errorf("extractor produced an invalid event %s: %w", e.EventID, err))
		}
		if e.ExtractedAt.After(x.ExtractedAt) {
			x.ExtractedAt = e.ExtractedAt
		}
		if x.ExtractorVersion == "" {
			x.ExtractorVersion = e.ExtractorVersion
		}
		ids = append(ids, e.EventID)
	}
	raw, err := json.Marshal(x)
	if err != nil {
		return dead(fmt.Errorf("encode extraction of %s: %w", art.ID, err))
	}
	msg := kafka.Message{
		Key:     []byte(art.ID),
		Value:   raw,
		Headers: append([]kafka.Header{bus.SchemaHeader(schemas.ExtractionVersion)}, passHeaders(m)...),
	}
	if err := bus.CheckSize(msg); err != nil {
		return dead(fmt.Errorf("re-extraction of article %s too large to publish: %w", art.ID, err))
	}
	a.res.EventIDs = ids
	a.what = "re-extraction of article " + art.ID
	w.log.Debug("article re-extracted", "article_id", art.ID, "run", run, "events", len(ids))
	return output{msgs: []kafka.Message{msg}, extraction: true}, nil
}
