-- provenance: per extractor version, how many events it stands behind now,
-- so that an analyst sees what an extractor upgrade (and the re-extraction
-- that follows it, dealwatch reextract) changed. One row per
-- extractor_version found on the current version of an event (events FINAL):
--   live_events: events whose current version that extractor wrote and that
--     are not retracted. A re-extraction leaves an unchanged event alone
--     (same content_hash), so such an event keeps the version that first
--     found it: it counts under the old version, confirmed by the new one.
--     A changed or new event counts under the new version.
--   retracted_events: events that version found and a later extraction no
--     longer produced (the retraction copies the event, version included).
--   articles, deals: distinct articles and deals among its live events.
--   live_partnerships / live_commitments / live_exclusivities: by type.
--   first_extracted_at, last_extracted_at: over all its current rows.
-- Which version last looked at each article is in `extractions`.

-- +goose Up
CREATE VIEW IF NOT EXISTS provenance AS
SELECT
    extractor_version,
    countIf(retracted = 0) AS live_events,
    countIf(retracted = 1) AS retracted_events,
    uniqExactIf(article_id, retracted = 0) AS articles,
    uniqExactIf(deal_id, retracted = 0) AS deals,
    countIf(retracted = 0 AND type = 'partnership') AS live_partnerships,
    countIf(retracted = 0 AND type = 'commitment') AS live_commitments,
    countIf(retracted = 0 AND type = 'exclusivity') AS live_exclusivities,
    min(extracted_at) AS first_extracted_at,
    max(extracted_at) AS last_extracted_at
FROM events FINAL
GROUP BY extractor_version
ORDER BY extractor_version;

-- +goose Down
DROP TABLE IF EXISTS provenance;
