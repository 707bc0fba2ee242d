-- Analyst views on top of deals (owned by alert/): commitments by provider
-- and kind over time, exclusivity changes, and the per-pair alliance_state.
-- alliance_state is (re)defined here on top of deals; it replaces any
-- earlier definition.

-- +goose Up

-- commitment_flow: money committed as it was reported — one row per
-- commitment version that adds money (new, increased), at the time it was
-- first reported. provider = the receiving party ("to"), customer = the
-- paying party ("from").
CREATE VIEW IF NOT EXISTS commitment_flow AS
SELECT
    first_seen AS time,
    deal_id,
    kind,
    action,
    party_ids[indexOf(party_roles, 'to')] AS provider,
    party_names[indexOf(party_roles, 'to')] AS provider_name,
    party_ids[indexOf(party_roles, 'from')] AS customer,
    party_names[indexOf(party_roles, 'from')] AS customer_name,
    ifNull(amount_value, 0) AS amount,
    amount_currency AS currency,
    if(amount_currency = 'USD', ifNull(amount_value, 0), 0) AS amount_usd,
    capacity_value, capacity_unit,
    evidence_sentence, article_url, article_title, article_source, mentions
FROM deal_versions
WHERE type = 'commitment' AND action IN ('new', 'increased');

-- commitments_monthly: commitment_flow summed by month, provider and kind.
CREATE VIEW IF NOT EXISTS commitments_monthly AS
SELECT
    toStartOfMonth(time) AS month,
    provider,
    any(provider_name) AS provider_name,
    kind,
    sum(amount_usd) AS committed_usd,
    uniqExact(deal_id) AS deals,
    count() AS versions
FROM commitment_flow
GROUP BY month, provider, kind;

-- exclusivity_changes: one row per exclusivity version (granted, removed,
-- modified) with holder, grantor, scope and the first report.
CREATE VIEW IF NOT EXISTS exclusivity_changes AS
SELECT
    first_seen AS time,
    deal_id,
    action,
    scope,
    party_ids[indexOf(party_roles, 'holder')] AS holder,
    party_names[indexOf(party_roles, 'holder')] AS holder_name,
    party_ids[indexOf(party_roles, 'grantor')] AS grantor,
    party_names[indexOf(party_roles, 'grantor')] AS grantor_name,
    evidence_sentence, article_url, article_title, article_source, mentions, confidence
FROM deal_versions
WHERE type = 'exclusivity';

-- deal_pairs: every deal once per pair of distinct organisations it names
-- (org_a < org_b), carrying the deal's current state.
CREATE VIEW IF NOT EXISTS deal_pairs AS
SELECT
    if(party_ids[i] < party_ids[j], party_ids[i], party_ids[j]) AS org_a,
    if(party_ids[i] < party_ids[j], party_ids[j], party_ids[i]) AS org_b,
    if(party_ids[i] < party_ids[j], party_names[i], party_names[j]) AS name_a,
    if(party_ids[i] < party_ids[j], party_names[j], party_names[i]) AS name_b,
    deal_id, type, kind, scope, action, committed_usd, updated_at, first_seen, last_seen,
    toUInt64(toUnixTimestamp(updated_at)) * 4 + multiIf(action IN ('formed', 'new', 'granted'), 0, action IN ('ended', 'removed'), 2, 1) AS state_order
FROM
(
    SELECT deal_id, type, kind, scope, action, committed_usd, updated_at, first_seen, last_seen,
           party_ids, party_names, i, arrayJoin(arrayEnumerate(party_ids)) AS j
    FROM
    (
        SELECT deal_id, type, kind, scope, action, committed_usd, updated_at, first_seen, last_seen,
               party_ids, party_names, arrayJoin(arrayEnumerate(party_ids)) AS i
        FROM deals
    )
)
WHERE i < j AND party_ids[i] != party_ids[j];

-- alliance_state: per pair of organisations, the latest partnership action,
-- the exclusivity in force, and totals committed by kind (USD).
DROP TABLE IF EXISTS alliance_state;
CREATE VIEW alliance_state AS
SELECT
    org_a, org_b,
    any(name_a) AS name_a,
    any(name_b) AS name_b,
    count() AS deals,
    argMaxIf(action, state_order, type = 'partnership') AS partnership_action,
    maxIf(updated_at, type = 'partnership') AS partnership_updated_at,
    countIf(type = 'commitment') AS commitment_deals,
    argMaxIf(action, state_order, type = 'exclusivity') AS exclusivity_action,
    toUInt8(countIf(type = 'exclusivity' AND action != 'removed') > 0) AS exclusive,
    groupUniqArrayIf(scope, type = 'exclusivity' AND action != 'removed') AS exclusive_scopes,
    sumIf(committed_usd, kind = 'cloud_services') AS cloud_services_usd,
    sumIf(committed_usd, kind = 'compute') AS compute_usd,
    sumIf(committed_usd, kind = 'investment') AS investment_usd,
    sumIf(committed_usd, kind = 'revenue_share') AS revenue_share_usd,
    sum(committed_usd) AS total_committed_usd,
    min(first_seen) AS first_seen,
    max(last_seen) AS last_seen
FROM deal_pairs
GROUP BY org_a, org_b;

-- +goose Down
DROP TABLE IF EXISTS alliance_state;
DROP TABLE IF EXISTS deal_pairs;
DROP TABLE IF EXISTS exclusivity_changes;
DROP TABLE IF EXISTS commitments_monthly;
DROP TABLE IF EXISTS commitment_flow;
