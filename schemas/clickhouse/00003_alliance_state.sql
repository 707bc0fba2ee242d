-- alliance_state: one row per pair of organisations (org_a < org_b) that
-- appear together in an event. Only stated or background events count
-- (rumoured and denied ones do not), retracted ones never.
--   partnership_action / partnership_at: the latest partnership action.
--   exclusivity_action / exclusivity_holder / exclusivity_scope /
--   exclusive: the latest exclusivity event; exclusive = 1 unless it
--   removed the exclusivity.
--   committed_usd_<kind>, committed_usd_total: money committed in USD, by
--   commitment kind. Mentions of one deal (same deal_id, several outlets or
--   a restated figure) are not added up: a deal counts once, with the
--   largest amount stated for it, and not at all when its latest action
--   ended it.
--   deals, mentions, last_event_at: how much the pair was in the news.

-- +goose Up
CREATE VIEW IF NOT EXISTS alliance_state AS
SELECT
    org_a,
    org_b,
    argMaxIf(last_action, last_at, type = 'partnership') AS partnership_action,
    maxIf(last_at, type = 'partnership') AS partnership_at,
    argMaxIf(last_action, last_at, type = 'exclusivity') AS exclusivity_action,
    argMaxIf(holder, last_at, type = 'exclusivity') AS exclusivity_holder,
    argMaxIf(scope, last_at, type = 'exclusivity') AS exclusivity_scope,
    toUInt8(exclusivity_action IN ('granted', 'modified')) AS exclusive,
    sumIf(committed, type = 'commitment' AND kind = 'cloud_services') AS committed_usd_cloud_services,
    sumIf(committed, type = 'commitment' AND kind = 'investment') AS committed_usd_investment,
    sumIf(committed, type = 'commitment' AND kind = 'compute') AS committed_usd_compute,
    sumIf(committed, type = 'commitment' AND kind = 'revenue_share') AS committed_usd_revenue_share,
    sumIf(committed, type = 'commitment') AS committed_usd_total,
    count() AS deals,
    sum(mentions) AS mentions,
    max(last_at) AS last_event_at
FROM
(
    SELECT
        org_a,
        org_b,
        deal_id,
        any(type) AS type,
        any(kind) AS kind,
        argMax(action, event_time) AS last_action,
        max(event_time) AS last_at,
        argMax(scope, event_time) AS scope,
        argMax(holder, event_time) AS holder,
        if(last_action = 'ended', 0, ifNull(maxIf(amount_value, amount_currency = 'USD'), 0)) AS committed,
        count() AS mentions
    FROM
    (
        SELECT
            deal_id, type, kind, action, scope, amount_value, amount_currency,
            event_time, holder, org_a,
            arrayJoin(party_ids) AS org_b
        FROM
        (
            SELECT
                deal_id, type, kind, action, scope, amount_value, amount_currency,
                party_ids,
                ifNull(article_published_at, extracted_at) AS event_time,
                party_ids[indexOf(party_roles, 'holder')] AS holder,
                arrayJoin(party_ids) AS org_a
            FROM events FINAL
            WHERE retracted = 0 AND modality IN ('stated', 'background', '')
        )
        WHERE org_a < org_b
    )
    GROUP BY org_a, org_b, deal_id
)
GROUP BY org_a, org_b;

-- +goose Down
DROP TABLE IF EXISTS alliance_state;
