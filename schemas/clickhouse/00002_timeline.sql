-- timeline: the current version of every event that is not retracted, in
-- order of article time (publication, else extraction), with its source and
-- evidence sentence.

-- +goose Up
CREATE VIEW IF NOT EXISTS timeline AS
SELECT
    ifNull(article_published_at, extracted_at) AS event_time,
    article_published_at AS published_at,
    event_id,
    deal_id,
    type,
    action,
    kind,
    modality,
    party_ids,
    party_names,
    party_roles,
    amount_value,
    amount_currency,
    amount_qualifier,
    amount_text,
    capacity_value,
    capacity_unit,
    capacity_text,
    until,
    scope,
    confidence,
    article_source AS source,
    article_title AS title,
    article_url AS url,
    article_id,
    evidence_sentence AS evidence,
    evidence_start,
    evidence_end,
    extractor_version,
    extracted_at
FROM events FINAL
WHERE retracted = 0
ORDER BY event_time, event_id;

-- +goose Down
DROP TABLE IF EXISTS timeline;
