-- extractions: one row per re-extraction of an article that the sink applied
-- (dealwatch reextract → extract workers → dealwatch.extractions.v1 → sink).
-- The row is written after the article's new events are stored and the
-- events the new extractor no longer produces are retracted, so a row for
-- (run_id, article_id) means that article is done in that run. reextract
-- counts them for its progress; analysts see which extractor version last
-- looked at each article.

-- +goose Up
CREATE TABLE IF NOT EXISTS extractions (
    run_id            String,
    article_id        String,
    extractor_version LowCardinality(String),
    extracted_at      DateTime('UTC'),
    events            UInt32,
    version           UInt64,
    applied_at        DateTime('UTC') DEFAULT now()
) ENGINE = ReplacingMergeTree(version)
ORDER BY (run_id, article_id);

-- +goose Down
DROP TABLE IF EXISTS extractions;
