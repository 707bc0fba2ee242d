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
    deal_id, type, kind, scope, action, committed_usd, mentions, updated_at, first_seen, last_seen,
    party_ids[indexOf(party_roles, 'holder')] AS holder,
    toUInt64(toUnixTimestamp(updated_at)) * 4 + multiIf(action IN ('formed', 'new', 'granted'), 0, action IN ('ended', 'removed'), 2, 1) AS state_order
FROM
(
    SELECT deal_id, type, kind, scope, action, committed_usd, mentions, updated_at, first_seen, last_seen,
           party_ids, party_names, party_roles, i, arrayJoin(arrayEnumerate(party_ids)) AS j
    FROM
    (
        SELECT deal_id, type, kind, scope, action, committed_usd, mentions, updated_at, first_seen, last_seen,
               party_ids, party_names, party_roles, arrayJoin(arrayEnumerate(party_ids)) AS i
        FROM deals
    )
)
WHERE i < j AND party_ids[i] != party_ids[j];

-- alliance_state: per pair of organisations (org_a < org_b):
--   partnership_action / partnership_at: the latest partnership action;
--   exclusivity_action / exclusivity_holder / exclusivity_scope: the latest
--   exclusivity change; exclusive = 1 while some exclusivity between them
--   is in force (its latest change, per holder and scope, is not a
--   removal, whichever year's deal it belongs to); exclusive_scopes lists those;
--   committed_usd_<kind>, committed_usd_total: USD committed by commitment
--   deals that have not ended (per deal: latest "new" amount plus increases);
--   deals, commitment_deals, commitment_kinds, mentions, first_seen, last_event_at.
-- Rumoured and denied reports never count (see deal_mentions).
DROP TABLE IF EXISTS alliance_state;
CREATE VIEW alliance_state AS
SELECT
    org_a, org_b,
    any(topic_name_a) AS name_a,
    any(topic_name_b) AS name_b,
    argMaxIf(last_action, last_order, type = 'partnership') AS partnership_action,
    maxIf(last_at, type = 'partnership') AS partnership_at,
    argMaxIf(last_action, last_order, type = 'exclusivity') AS exclusivity_action,
    argMaxIf(holder, last_order, type = 'exclusivity') AS exclusivity_holder,
    argMaxIf(scope, last_order, type = 'exclusivity') AS exclusivity_scope,
    toUInt8(countIf(type = 'exclusivity' AND last_action != 'removed') > 0) AS exclusive,
    groupUniqArrayIf(scope, type = 'exclusivity' AND last_action != 'removed') AS exclusive_scopes,
    sumIf(live_usd, kind = 'cloud_services') AS committed_usd_cloud_services,
    sumIf(live_usd, kind = 'investment') AS committed_usd_investment,
    sumIf(live_usd, kind = 'compute') AS committed_usd_compute,
    sumIf(live_usd, kind = 'revenue_share') AS committed_usd_revenue_share,
    sum(live_usd) AS committed_usd_total,
    sum(topic_deals) AS deals,
    sumIf(topic_deals, type = 'commitment') AS commitment_deals,
    groupUniqArrayIf(kind, type = 'commitment') AS commitment_kinds,
    sum(topic_mentions) AS mentions,
    min(topic_first_seen) AS first_seen,
    max(topic_last_seen) AS last_event_at
FROM
(
    -- one row per pair and relationship topic (type, kind, holder, scope):
    -- the same exclusivity reported in two years is two deals, one topic.
    SELECT
        org_a, org_b, type, kind, holder, scope,
        any(name_a) AS topic_name_a,
        any(name_b) AS topic_name_b,
        argMax(action, state_order) AS last_action,
        max(state_order) AS last_order,
        max(updated_at) AS last_at,
        sumIf(committed_usd, action != 'ended') AS live_usd,
        count() AS topic_deals,
        sum(mentions) AS topic_mentions,
        min(first_seen) AS topic_first_seen,
        max(last_seen) AS topic_last_seen
    FROM deal_pairs
    GROUP BY org_a, org_b, type, kind, holder, scope
)
GROUP BY org_a, org_b;

-- +goose Down
DROP TABLE IF EXISTS alliance_state;
DROP TABLE IF EXISTS deal_pairs;
DROP TABLE IF EXISTS exclusivity_changes;
DROP TABLE IF EXISTS commitments_monthly;
DROP TABLE IF EXISTS commitment_flow;
