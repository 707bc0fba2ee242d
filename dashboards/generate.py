#!/usr/bin/env python3
"""Writes dashboards/json/*.json (committed). Edit this file, run it, then go test ./dashboards."""
import json, pathlib
OUT = pathlib.Path(__file__).resolve().parent / 'json'
DS = {"type": "grafana-clickhouse-datasource", "uid": "dealwatch-clickhouse"}
TABLE, TS = 1, 0

def sql(s): return " ".join(s.split())

def target(s, fmt=TABLE, ref="A"):
    return {"refId": ref, "datasource": DS, "editorType": "sql", "format": fmt,
            "queryType": "table" if fmt == TABLE else "timeseries", "rawSql": sql(s)}

def panel(pid, title, ptype, x, y, w, h, s, fmt=TABLE, desc="", defaults=None, overrides=None, options=None):
    return {"id": pid, "title": title, "type": ptype, "description": desc, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "targets": [target(s, fmt)],
            "fieldConfig": {"defaults": defaults or {}, "overrides": overrides or []},
            "options": options or {}}

def link(field, url_field, title="Open article"):
    return {"matcher": {"id": "byName", "options": field},
            "properties": [{"id": "links", "value": [{"title": title, "url": "${__data.fields.%s}" % url_field, "targetBlank": True}]}]}

def hide(field):
    return {"matcher": {"id": "byName", "options": field}, "properties": [{"id": "custom.hidden", "value": True}]}

def unit(field, u):
    return {"matcher": {"id": "byName", "options": field}, "properties": [{"id": "unit", "value": u}]}

def dashboard(uid, title, desc, panels, templating=None, time_from="now-3y"):
    return {"uid": uid, "title": title, "description": desc, "tags": ["dealwatch"], "timezone": "utc",
            "schemaVersion": 39, "version": 1, "editable": False, "graphTooltip": 1, "refresh": "1m",
            "time": {"from": time_from, "to": "now"}, "templating": {"list": templating or []},
            "annotations": {"list": []}, "links": [
                {"title": "dealwatch dashboards", "type": "dashboards", "tags": ["dealwatch"], "asDropdown": True}],
            "panels": panels}

money = {"unit": "currencyUSD", "decimals": 1}

alliances = dashboard("dealwatch-alliances", "dealwatch — Alliances",
    "Deals between AI labs and cloud providers: timeline, commitments, exclusivity, latest deals.", [
    panel(1, "Alliance timeline", "table", 0, 0, 24, 9, """
        SELECT first_seen AS time,
               arrayStringConcat(party_names, ' – ') AS parties,
               type, kind, action, amount_text AS amount, mentions,
               article_source AS source, article_title AS title, article_url AS url, deal_id
        FROM deal_versions
        WHERE $__timeFilter(first_seen)
        ORDER BY first_seen DESC, deal_id
        LIMIT 500""",
        desc="Every version of every deal: a deal formed, raised, restructured or ended, when it was first reported.",
        overrides=[link("title", "url"), hide("url")]),
    panel(2, "Deal changes by type", "timeseries", 0, 9, 12, 8, """
        SELECT $__timeInterval(first_seen) AS bucket, type, count() AS changes
        FROM deal_versions
        WHERE $__timeFilter(first_seen)
        GROUP BY bucket, type
        ORDER BY bucket""", fmt=TS,
        defaults={"custom": {"drawStyle": "bars", "fillOpacity": 80, "stacking": {"mode": "normal"}}}),
    panel(3, "Commitments by provider and kind over time", "timeseries", 12, 9, 12, 8, """
        SELECT $__timeInterval(time) AS bucket,
               concat(provider_name, ' · ', kind) AS provider_kind,
               sum(amount_usd) AS committed_usd
        FROM commitment_flow
        WHERE $__timeFilter(time)
        GROUP BY bucket, provider_kind
        ORDER BY bucket""", fmt=TS,
        desc="USD committed when first reported (new commitments and increases), by receiving provider and kind.",
        defaults=dict(money, custom={"drawStyle": "bars", "fillOpacity": 80, "stacking": {"mode": "normal"}})),
    panel(4, "Latest deals", "table", 0, 17, 24, 10, """
        SELECT last_seen, type, kind, action,
               arrayStringConcat(party_names, ' – ') AS parties,
               amount_text AS amount, committed_usd, versions, mentions, sources,
               article_title AS title, article_url AS url, evidence_sentence AS evidence, deal_id
        FROM deals
        WHERE $__timeFilter(last_seen)
        ORDER BY last_seen DESC, deal_id
        LIMIT 100""",
        desc="One row per deal (current version), with the evidence sentence and a link to the article.",
        overrides=[link("title", "url"), hide("url"), unit("committed_usd", "currencyUSD")]),
    panel(5, "Exclusivity changes", "table", 0, 27, 12, 8, """
        SELECT time, holder_name AS holder, grantor_name AS grantor, scope, action,
               article_title AS title, article_url AS url, evidence_sentence AS evidence
        FROM exclusivity_changes
        WHERE $__timeFilter(time)
        ORDER BY time DESC""",
        overrides=[link("title", "url"), hide("url")]),
    panel(6, "Committed by provider and kind (time range)", "barchart", 12, 27, 12, 8, """
        SELECT provider_name AS provider,
               sumIf(amount_usd, kind = 'cloud_services') AS cloud_services,
               sumIf(amount_usd, kind = 'compute') AS compute,
               sumIf(amount_usd, kind = 'investment') AS investment,
               sumIf(amount_usd, kind = 'revenue_share') AS revenue_share
        FROM commitment_flow
        WHERE $__timeFilter(time)
        GROUP BY provider
        ORDER BY provider""",
        defaults=money, options={"stacking": "normal", "xField": "provider", "orientation": "horizontal"}),
    panel(7, "Current alliances", "table", 0, 35, 24, 9, """
        SELECT name_a, name_b, partnership_action, exclusive,
               arrayStringConcat(exclusive_scopes, ', ') AS exclusive_scopes,
               committed_usd_cloud_services, committed_usd_compute, committed_usd_investment,
               committed_usd_revenue_share, committed_usd_total, deals, mentions, last_event_at
        FROM alliance_state
        ORDER BY committed_usd_total DESC, org_a, org_b""",
        desc="Per pair of organisations: latest partnership action, exclusivity in force, USD committed by kind.",
        overrides=[unit(c, "currencyUSD") for c in ["committed_usd_cloud_services", "committed_usd_compute",
                   "committed_usd_investment", "committed_usd_revenue_share", "committed_usd_total"]]),
])

org_var = {"name": "org", "label": "Organisation", "type": "query", "datasource": DS,
           "definition": "SELECT DISTINCT arrayJoin(party_ids) AS org FROM deals ORDER BY org",
           "query": {"rawSql": "SELECT DISTINCT arrayJoin(party_ids) AS org FROM deals ORDER BY org",
                     "editorType": "sql", "format": TABLE, "queryType": "table"},
           "refresh": 1, "sort": 1, "multi": False, "includeAll": False,
           "current": {"text": "openai", "value": "openai"}}

org = dashboard("dealwatch-organisation", "dealwatch — Organisation",
    "Drill-down on one organisation: its deals, alliances and commitments.", [
    panel(1, "Deals of $org", "stat", 0, 0, 6, 4, """
        SELECT count() AS deals FROM deals WHERE has(party_ids, '${org}')"""),
    panel(2, "USD committed with $org", "stat", 6, 0, 6, 4, """
        SELECT sum(committed_usd) AS committed_usd FROM deals
        WHERE has(party_ids, '${org}') AND type = 'commitment' AND action != 'ended'""", defaults=money),
    panel(3, "Partners of $org", "stat", 12, 0, 6, 4, """
        SELECT count() AS partners FROM alliance_state WHERE org_a = '${org}' OR org_b = '${org}'"""),
    panel(4, "Exclusivities in force with $org", "stat", 18, 0, 6, 4, """
        SELECT countIf(exclusive = 1) AS exclusive FROM alliance_state WHERE org_a = '${org}' OR org_b = '${org}'"""),
    panel(5, "Alliances of $org", "table", 0, 4, 24, 8, """
        SELECT if(org_a = '${org}', name_b, name_a) AS partner,
               partnership_action, exclusive, arrayStringConcat(exclusive_scopes, ', ') AS exclusive_scopes,
               exclusivity_action, committed_usd_total, deals, mentions, last_event_at
        FROM alliance_state
        WHERE org_a = '${org}' OR org_b = '${org}'
        ORDER BY committed_usd_total DESC, partner""",
        overrides=[unit("committed_usd_total", "currencyUSD")]),
    panel(6, "Commitments involving $org over time", "timeseries", 0, 12, 12, 8, """
        SELECT $__timeInterval(time) AS bucket,
               concat(customer_name, ' → ', provider_name) AS direction,
               sum(amount_usd) AS committed_usd
        FROM commitment_flow
        WHERE $__timeFilter(time) AND (provider = '${org}' OR customer = '${org}')
        GROUP BY bucket, direction
        ORDER BY bucket""", fmt=TS,
        defaults=dict(money, custom={"drawStyle": "bars", "fillOpacity": 80, "stacking": {"mode": "normal"}})),
    panel(7, "Deal history of $org", "table", 12, 12, 12, 8, """
        SELECT first_seen AS time, arrayStringConcat(party_names, ' – ') AS parties, type, kind, action,
               amount_text AS amount, mentions, article_title AS title, article_url AS url
        FROM deal_versions
        WHERE $__timeFilter(first_seen) AND has(party_ids, '${org}')
        ORDER BY first_seen DESC""",
        overrides=[link("title", "url"), hide("url")]),
    panel(8, "Deals of $org with evidence", "table", 0, 20, 24, 9, """
        SELECT last_seen, type, kind, action, arrayStringConcat(party_names, ' – ') AS parties,
               amount_text AS amount, mentions, sources, article_title AS title, article_url AS url,
               evidence_sentence AS evidence
        FROM deals
        WHERE has(party_ids, '${org}')
        ORDER BY last_seen DESC""",
        overrides=[link("title", "url"), hide("url")]),
], templating=[org_var])

for name, d in [("alliances.json", alliances), ("organisation.json", org)]:
    (OUT / name).write_text(json.dumps(d, indent=2, ensure_ascii=False) + "\n")
print("ok")
