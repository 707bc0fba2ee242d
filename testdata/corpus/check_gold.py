#!/usr/bin/env python3
"""Validate a corpus folder's gold.jsonl against LABELING.md. Usage: check_gold.py DIR"""
import json, os, re, sys, collections

d = sys.argv[1]
ID = re.compile(r"^[a-z0-9]+$")
TYPES = {"partnership", "commitment", "exclusivity"}
PACT = {"formed", "expanded", "restructured", "reaffirmed", "ended"}
CACT = {"new", "increased", "capped", "ended"}
XACT = {"granted", "removed", "modified"}
KINDS = {"cloud_services", "investment", "compute", "revenue_share"}
QUAL = {"exact", "up_to", "at_least", "approximately"}
UNITS = {"GW", "MW", "chips"}
KEYS = {"partnership": ["type", "action", "parties"],
        "commitment": ["type", "kind", "action", "parties", "from", "to", "amount", "capacity", "until"],
        "exclusivity": ["type", "action", "parties", "holder", "scope"]}
errs = []
counts = collections.Counter()
seen_ids = set()

def check_event(aid, e, where):
    def bad(msg):
        errs.append(f"{aid} {where}: {msg}: {json.dumps(e)}")
    t = e.get("type")
    if t not in TYPES:
        return bad("bad type")
    if list(e.keys()) != KEYS[t]:
        bad(f"keys {list(e.keys())} != {KEYS[t]}")
    ps = e.get("parties", [])
    if len(ps) < 2 or ps != sorted(set(ps)):
        bad("parties must be >=2, unique, sorted")
    for p in ps:
        if not ID.match(p):
            bad(f"party id {p!r}")
    if t == "partnership" and e["action"] not in PACT:
        bad("action")
    if t == "exclusivity":
        if e["action"] not in XACT: bad("action")
        if e.get("holder") not in ps: bad("holder not in parties")
        if not e.get("scope"): bad("scope empty")
    if t == "commitment":
        if e["action"] not in CACT: bad("action")
        if e["kind"] not in KINDS: bad("kind")
        if e["from"] not in ps or e["to"] not in ps or e["from"] == e["to"]: bad("from/to")
        if set(ps) != {e["from"], e["to"]}: bad("parties != {from,to}")
        a = e["amount"]
        if a is not None:
            if set(a) != {"value", "currency", "qualifier"}: bad("amount keys")
            if not isinstance(a["value"], (int, float)) or a["value"] <= 0: bad("amount value")
            if not re.match(r"^[A-Z]{3}$", a["currency"]): bad("currency")
            if a["qualifier"] not in QUAL: bad("qualifier")
        c = e["capacity"]
        if c is not None and (set(c) != {"value", "unit"} or c["unit"] not in UNITS or c["value"] <= 0):
            bad("capacity")
        u = e["until"]
        if u is not None and not re.match(r"^\d{4}$", u): bad("until")
        counts[(where, t, e["kind"])] += 1
    counts[(where, t)] += 1

def key(e):
    k = (e["type"], tuple(e["parties"]))
    if e["type"] == "commitment":
        k += (e["kind"], e["from"], json.dumps(e["amount"], sort_keys=True))
    return k

lines = open(os.path.join(d, "gold.jsonl"), encoding="utf-8").read().splitlines()
for n, line in enumerate(lines, 1):
    try:
        a = json.loads(line)
    except Exception as ex:
        errs.append(f"line {n}: {ex}"); continue
    if list(a.keys()) != ["id", "file", "published", "source", "events", "optional"]:
        errs.append(f"line {n}: keys {list(a.keys())}")
    aid = a["id"]
    if aid in seen_ids: errs.append(f"duplicate id {aid}")
    seen_ids.add(aid)
    path = os.path.join(d, a["file"])
    if not os.path.isfile(path):
        errs.append(f"{aid}: missing file {a['file']}")
    else:
        raw = open(path, encoding="utf-8").read()
        if a["file"].endswith(".txt"):
            ls = raw.split("\n")
            if len(ls) < 3 or not ls[0].strip() or ls[1] != "" or not ls[2].strip():
                errs.append(f"{aid}: txt must be headline, blank line, body")
        else:
            for tag in ("<article", "</article>", "article:published_time", "og:title", "application/ld+json"):
                if tag not in raw: errs.append(f"{aid}: html lacks {tag}")
    if not re.match(r"^202[4-6]-\d\d-\d\d$", a["published"]): errs.append(f"{aid}: published")
    keys = set()
    for e in a["events"]:
        check_event(aid, e, "required")
        k = key(e)
        if k in keys: errs.append(f"{aid}: duplicate required event {k}")
        keys.add(k)
    for e in a["optional"]:
        check_event(aid, e, "optional")
    # one partnership/exclusivity per party set among required (matching ignores action)
    ps = collections.Counter((e["type"], tuple(e["parties"])) for e in a["events"] if e["type"] != "commitment")
    for k, v in ps.items():
        if v > 1: errs.append(f"{aid}: {v} required {k} events share type+parties")
    counts["articles"] += 1
    if not a["events"] and not a["optional"]: counts["negatives"] += 1
    if not a["events"] and a["optional"]: counts["optional-only"] += 1
    if a["file"].endswith(".html"): counts["html"] += 1

for k in sorted(counts, key=str):
    print(k, counts[k])
for e in errs:
    print("ERROR", e)
sys.exit(1 if errs else 0)
