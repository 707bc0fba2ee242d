-- Deal-level views (owned by alert/; rule documented in alert/README.md).
-- A deal is every live event sharing a deal_id; a version of a deal is one
-- (action, amount in millions + currency, capacity, until) state of it.
-- Plain views only: they run on ClickHouse 18.16 and on chDB 26.x.

-- +goose Up

-- deal_mentions: live events (latest extraction of each event_id, not
-- retracted, reported as fact: rumoured and denied reports are left to the
-- timeline view) with the time they became known and their version key.
CREATE VIEW IF NOT EXISTS deal_mentions AS
SELECT
    event_id, deal_id, type, action, kind, modality,
    party_ids, party_names, party_roles,
    amount_value, amount_currency, amount_qualifier, amount_text,
    capacity_value, capacity_unit, capacity_text, until, scope,
    evidence_sentence, confidence,
    article_id, article_url, article_source, article_title, article_published_at,
    inserted_at,
    ifNull(article_published_at, extracted_at) AS seen_at,
    if(isNull(amount_value), toInt64(-1), toInt64(round(assumeNotNull(amount_value) / 1000000))) AS amount_millions,
    if(isNull(capacity_value), toFloat64(-1), assumeNotNull(capacity_value)) AS capacity_key,
    multiIf(action IN ('formed', 'new', 'granted'), 0, action IN ('ended', 'removed'), 2, 1) AS action_stage
FROM events FINAL
WHERE retracted = 0 AND modality IN ('stated', 'background', '');

-- deal_versions: one row per version of a deal, with the earliest mention's
-- evidence and article, when it was first and last reported, and by how many.
CREATE VIEW IF NOT EXISTS deal_versions AS
SELECT
    deal_id, action, amount_currency, amount_millions, capacity_unit, capacity_key, until,
    any(type) AS type,
    any(kind) AS kind,
    any(scope) AS scope,
    argMin(party_ids, seen_at) AS party_ids,
    argMin(party_names, seen_at) AS party_names,
    argMin(party_roles, seen_at) AS party_roles,
    argMin(amount_value, seen_at) AS amount_value,
    argMin(amount_qualifier, seen_at) AS amount_qualifier,
    argMin(amount_text, seen_at) AS amount_text,
    argMin(capacity_value, seen_at) AS capacity_value,
    argMin(evidence_sentence, seen_at) AS evidence_sentence,
    argMin(article_url, seen_at) AS article_url,
    argMin(article_title, seen_at) AS article_title,
    argMin(article_source, seen_at) AS article_source,
    max(confidence) AS confidence,
    min(seen_at) AS first_seen,
    max(seen_at) AS last_seen,
    uniqExact(article_id) AS mentions,
    any(action_stage) AS action_stage,
    toUInt64(toUnixTimestamp(first_seen)) * 4 + action_stage AS version_order
FROM deal_mentions
GROUP BY deal_id, action, amount_currency, amount_millions, capacity_unit, capacity_key, until;

-- deals: one row per deal, its current version (the last in version_order;
-- ties broken by amount, capacity, until, action, as alert/deal does),
-- its mentions, sources and the money committed (commitments: the latest
-- "new" amount plus every "increased" amount, USD only). discovered_at is
-- when the first mention reached ClickHouse (the Grafana new-deal alert).
CREATE VIEW IF NOT EXISTS deals AS
SELECT
    deal_id, cur_type AS type, kind, scope, party_ids, party_names, party_roles,
    cur_action AS action, cur_amount_value AS amount_value, cur_amount_currency AS amount_currency,
    amount_qualifier, amount_text,
    capacity_value, capacity_unit, cur_until AS until,
    evidence_sentence, article_url, article_title, article_source, confidence,
    versions, updated_at, committed_usd,
    mentions, sources, first_seen, last_seen, source_names, article_urls, discovered_at
FROM
(
    SELECT
        deal_id,
        any(type) AS cur_type,
        any(kind) AS kind,
        any(scope) AS scope,
        argMax(party_ids, (version_order, amount_millions, capacity_key, until, action)) AS party_ids,
        argMax(party_names, (version_order, amount_millions, capacity_key, until, action)) AS party_names,
        argMax(party_roles, (version_order, amount_millions, capacity_key, until, action)) AS party_roles,
        argMax(action, (version_order, amount_millions, capacity_key, until, action)) AS cur_action,
        argMax(amount_value, (version_order, amount_millions, capacity_key, until, action)) AS cur_amount_value,
        argMax(amount_currency, (version_order, amount_millions, capacity_key, until, action)) AS cur_amount_currency,
        argMax(amount_qualifier, (version_order, amount_millions, capacity_key, until, action)) AS amount_qualifier,
        argMax(amount_text, (version_order, amount_millions, capacity_key, until, action)) AS amount_text,
        argMax(capacity_value, (version_order, amount_millions, capacity_key, until, action)) AS capacity_value,
        argMax(capacity_unit, (version_order, amount_millions, capacity_key, until, action)) AS capacity_unit,
        argMax(until, (version_order, amount_millions, capacity_key, until, action)) AS cur_until,
        argMax(evidence_sentence, (version_order, amount_millions, capacity_key, until, action)) AS evidence_sentence,
        argMax(article_url, (version_order, amount_millions, capacity_key, until, action)) AS article_url,
        argMax(article_title, (version_order, amount_millions, capacity_key, until, action)) AS article_title,
        argMax(article_source, (version_order, amount_millions, capacity_key, until, action)) AS article_source,
        argMax(confidence, (version_order, amount_millions, capacity_key, until, action)) AS confidence,
        count() AS versions,
        argMax(first_seen, (version_order, amount_millions, capacity_key, until, action)) AS updated_at,
        if(cur_type = 'commitment',
           argMaxIf(ifNull(amount_value, 0), (version_order, amount_millions, capacity_key, until, action), action = 'new' AND amount_currency = 'USD' AND isNotNull(amount_value))
             + sumIf(ifNull(amount_value, 0), action = 'increased' AND amount_currency = 'USD'),
           0) AS committed_usd
    FROM deal_versions
    GROUP BY deal_id
) AS current_version
ANY INNER JOIN
(
    SELECT
        deal_id,
        uniqExact(article_id) AS mentions,
        uniqExact(article_source) AS sources,
        min(seen_at) AS first_seen,
        max(seen_at) AS last_seen,
        groupUniqArray(article_source) AS source_names,
        groupUniqArray(article_url) AS article_urls,
        min(inserted_at) AS discovered_at
    FROM deal_mentions
    GROUP BY deal_id
) AS mention_stats USING deal_id;

-- +goose Down
DROP TABLE IF EXISTS deals;
DROP TABLE IF EXISTS deal_versions;
DROP TABLE IF EXISTS deal_mentions;
