-- articles: the archive of every article that reached the pipeline, written
-- by the archive sink (dealwatch archive, the "archive" stage of dealwatch
-- run) from dealwatch.articles.v1, read by `dealwatch reextract`. One row per
-- article version: ReplacingMergeTree keeps the highest version (fetched_at
-- in unix ns) per id; readers use FINAL. The sink skips an article whose
-- latest stored version has the same content_hash, so replays and re-fetches
-- of an unchanged page add no row.
--   url: the canonical URL (id = hash of it); fetched_url: where it was read.
--   content_hash: SHA-256 hex of the normalised text (ingest/simhash).
--   simhash: the 64-bit simhash of the text as a number, for near-duplicate
--   queries (bitCount(bitXor(a.simhash, b.simhash)) on servers >= 19).
--   text: the article text. 18.16 has no column codecs: migration 00005
--   gives it CODEC(ZSTD(3)) on servers that have them (19.1+, chDB).
-- Analysts search it with positionCaseInsensitive(text, 'exclusive') > 0.

-- +goose Up
CREATE TABLE IF NOT EXISTS articles (
    id                String,
    url               String,
    fetched_url       String,
    source            LowCardinality(String),
    title             String,
    author            String,
    language          LowCardinality(String),
    published_at      Nullable(DateTime('UTC')),
    fetched_at        DateTime('UTC'),
    text              String,
    content_hash      String,
    simhash           UInt64,
    near_duplicate_of String,
    version           UInt64,
    inserted_at       DateTime('UTC') DEFAULT now()
) ENGINE = ReplacingMergeTree(version)
ORDER BY id;

-- +goose Down
DROP TABLE IF EXISTS articles;
