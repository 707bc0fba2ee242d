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
func (w *Worker) reextracted(ctx context.Context, m kafka.Message, res Result, a schemas.Article, evs []schemas.DealEvent, run string) (Result, error) {
	if w.opts.Extractions == nil {
		return w.deadLetter(ctx, m, res, fmt.Errorf("re-extraction of article %s: this worker has no writer for %s", a.ID, schemas.TopicExtractions))
	}
	x := schemas.Extraction{
		SchemaVersion: schemas.ExtractionVersion, RunID: run, ArticleID: a.ID,
		ExtractorVersion: w.opts.ExtractorVersion, ExtractedAt: time.Now().UTC(), Events: evs,
	}
	if x.Events == nil {
		x.Events = []schemas.DealEvent{}
	}
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		if err := w.v.CheckDealEvent(e); err != nil {
			return w.deadLetter(ctx, m, res, fmt.Errorf("extractor produced an invalid event %s: %w", e.EventID, err))
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
		return w.deadLetter(ctx, m, res, fmt.Errorf("encode extraction of %s: %w", a.ID, err))
	}
	msg := kafka.Message{
		Key:     []byte(a.ID),
		Value:   raw,
		Headers: append([]kafka.Header{bus.SchemaHeader(schemas.ExtractionVersion)}, passHeaders(m)...),
	}
	pstart := time.Now()
	err = w.retry.Do(ctx, bus.DepKafka, "publish", func(c context.Context) error {
		err := w.opts.Extractions.WriteMessages(c, msg)
		if err != nil && c.Err() == nil {
			w.m.Error("publish")
		}
		if bus.IsTooLarge(err) {
			return bus.Permanent(err)
		}
		return err
	})
	if bus.IsTooLarge(err) {
		return w.deadLetter(ctx, m, res, fmt.Errorf("re-extraction of article %s too large to publish: %w", a.ID, err))
	}
	if err != nil {
		return res, fmt.Errorf("%w: publish re-extraction of article %s (%s/%d@%d): %w",
			errFatal, a.ID, m.Topic, m.Partition, m.Offset, err)
	}
	w.m.Insert(time.Since(pstart))
	w.m.Produced(1)
	res.EventIDs = ids
	w.log.Debug("article re-extracted", "article_id", a.ID, "run", run, "events", len(ids))
	return res, nil
}
