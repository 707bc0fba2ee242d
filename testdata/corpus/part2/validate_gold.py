# Structural check of gold.jsonl for this corpus part: python3 validate_gold.py [dir]
import json, os, re, sys, datetime, collections
d = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
TYPES = {"partnership", "commitment", "exclusivity"}
PACT = {"formed", "expanded", "restructured", "reaffirmed", "ended"}
CACT = {"new", "increased", "capped", "ended"}
EACT = {"granted", "removed", "modified"}
KINDS = {"cloud_services", "investment", "compute", "revenue_share"}
QUAL = {"exact", "up_to", "at_least", "approximately"}
UNITS = {"GW", "MW", "chips"}
errs = []
def err(i, m): errs.append(f"{i}: {m}")
stats = collections.Counter(); seen = set(); parties_all = collections.Counter()
def mkey(e):
    k = (e["type"], tuple(e["parties"]))
    if e["type"] == "commitment":
        a = e["amount"]
        k += (e["kind"], None if a is None else (a["currency"], a["value"]))
    return k
lines = open(os.path.join(d, "gold.jsonl"), encoding="utf-8").read().splitlines()
for n, line in enumerate(lines, 1):
    try: g = json.loads(line)
    except Exception as ex: err(f"line{n}", f"json: {ex}"); continue
    i = g.get("id")
    if set(g) != {"id", "file", "published", "source", "events", "optional"}: err(i, f"keys {sorted(g)}")
    if i in seen: err(i, "dup id")
    seen.add(i)
    if not re.fullmatch(r"t1\d\d", i or ""): err(i, "id pattern")
    f = os.path.join(d, g["file"])
    if not os.path.isfile(f): err(i, "missing file")
    if os.path.splitext(g["file"])[0] != i: err(i, "file/id mismatch")
    pub = datetime.date.fromisoformat(g["published"])
    if not (2024 <= pub.year <= 2026): err(i, "published year")
    if not re.fullmatch(r"[a-z0-9-]+", g["source"]): err(i, "source")
    raw = open(f, "rb").read(); txt = raw.decode("utf-8")
    if g["file"].endswith(".txt"):
        ls = txt.split("\n")
        if not ls[0].strip() or ls[1] != "" or not ls[2].strip(): err(i, "txt layout")
    else:
        for needle in ("<article", "</article>", 'property="og:title"', "article:published_time", "datePublished", "<nav", "<footer"):
            if needle not in txt: err(i, f"html lacks {needle}")
        m = re.search(r'article:published_time" content="(\d{4}-\d\d-\d\d)', txt)
        if not m or m.group(1) != g["published"]: err(i, "html published_time != gold published")
        m = re.search(r'"datePublished":\s*"(\d{4}-\d\d-\d\d)', txt)
        if not m or m.group(1) != g["published"]: err(i, "json-ld datePublished != gold")
    stats["words_" + ("long" if len(re.sub(r"<[^>]+>", " ", txt).split()) >= 600 else "short")] += 1
    keys = {}
    for where in ("events", "optional"):
        for e in g[where]:
            t = e.get("type")
            if t not in TYPES: err(i, f"type {t}"); continue
            ps = e["parties"]
            if ps != sorted(ps) or len(set(ps)) != len(ps) or len(ps) < 2: err(i, f"parties {ps}")
            for p in ps:
                if not re.fullmatch(r"[a-z0-9]+", p): err(i, f"party id {p}")
                parties_all[p] += where == "events"
            if t == "partnership":
                if set(e) != {"type", "action", "parties"} or e["action"] not in PACT: err(i, f"bad partnership {e}")
            elif t == "commitment":
                if list(e) != ["type", "kind", "action", "parties", "from", "to", "amount", "capacity", "until"]: err(i, f"commitment keys {list(e)}")
                if e["kind"] not in KINDS or e["action"] not in CACT: err(i, f"kind/action {e}")
                if e["from"] not in ps or e["to"] not in ps or e["from"] == e["to"] or len(ps) != 2: err(i, f"from/to {e}")
                a = e["amount"]
                if a is not None and (set(a) != {"value", "currency", "qualifier"} or not isinstance(a["value"], int) or a["value"] <= 0
                                      or not re.fullmatch(r"[A-Z]{3}", a["currency"]) or a["qualifier"] not in QUAL): err(i, f"amount {a}")
                c = e["capacity"]
                if c is not None and (set(c) != {"value", "unit"} or c["unit"] not in UNITS or not isinstance(c["value"], (int, float))): err(i, f"capacity {c}")
                if e["until"] is not None and not re.fullmatch(r"20\d\d", e["until"]): err(i, f"until {e['until']}")
                if where == "events":
                    stats[f"commitment.{e['kind']}"] += 1
                    if a is None: stats["amount_null"] += 1
                    else: stats["cur_" + a["currency"]] += 1; stats["q_" + a["qualifier"]] += 1
                    if c: stats["cap_" + c["unit"]] += 1
                    if e["until"]: stats["until"] += 1
            else:
                if list(e) != ["type", "action", "parties", "holder", "scope"] or e["action"] not in EACT or e["holder"] not in ps or not e["scope"]: err(i, f"exclusivity {e}")
            stats[f"{where}.{t}"] += 1
            stats[f"{where}.{t}.{e['action']}"] += 1
            k = mkey(e)
            if k in keys and keys[k] == "events" and where == "events": err(i, f"required match-key collision {k}")
            elif k in keys: stats["note_opt_overlap"] += 1
            keys.setdefault(k, where)
    if not g["events"]: stats["no_required_events"] += 1
    if not g["events"] and not g["optional"]: stats["pure_negative"] += 1
    if not g["events"] and g["optional"]: stats["optional_only"] += 1
    stats["html" if g["file"].endswith(".html") else "txt"] += 1
files = sorted(x for x in os.listdir(d) if x.endswith((".txt", ".html")))
if len(files) != len(lines): err("dir", f"{len(files)} article files vs {len(lines)} gold lines")
print("articles:", len(lines))
for k in sorted(stats): print(f"  {k}: {stats[k]}")
print("parties in required events:", dict(sorted((p, c) for p, c in parties_all.items() if c)))
print("parties only optional:", sorted(p for p, c in parties_all.items() if not c))
if errs: print("ERRORS:"); [print(" ", e) for e in errs]; sys.exit(1)
print("OK")
