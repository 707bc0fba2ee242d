-- events: one row per event version. ReplacingMergeTree keeps the row with
-- the highest version (extracted_at in unix ns) per event_id; readers that
-- need exactly one row per event_id use FINAL (the views below do). The sink
-- also skips rows whose content or a newer version is already stored, so a
-- Kafka replay adds no row at all.
-- Old-server rules (18.16): DateTime not DateTime64, a retracted flag not
-- is_deleted, LowCardinality needs allow_experimental_low_cardinality_type=1
-- (the server engine sends it to 18.x servers only).

-- +goose Up
CREATE TABLE IF NOT EXISTS events (
    event_id             String,
    deal_id              String,
    type                 LowCardinality(String),
    action               LowCardinality(String),
    kind                 LowCardinality(String),
    modality             LowCardinality(String),
    party_ids            Array(String),
    party_names          Array(String),
    party_roles          Array(String),
    amount_value         Nullable(Float64),
    amount_currency      LowCardinality(String),
    amount_qualifier     LowCardinality(String),
    amount_text          String,
    capacity_value       Nullable(Float64),
    capacity_unit        LowCardinality(String),
    capacity_text        String,
    until                String,
    scope                LowCardinality(String),
    evidence_sentence    String,
    evidence_start       UInt32,
    evidence_end         UInt32,
    confidence           Float64,
    article_id           String,
    article_url          String,
    article_source       LowCardinality(String),
    article_title        String,
    article_published_at Nullable(DateTime('UTC')),
    extractor_version    LowCardinality(String),
    extracted_at         DateTime('UTC'),
    version              UInt64,
    content_hash         String,
    retracted            UInt8 DEFAULT 0,
    inserted_at          DateTime('UTC') DEFAULT now()
) ENGINE = ReplacingMergeTree(version)
ORDER BY event_id;

-- +goose Down
DROP TABLE IF EXISTS events;
