#!/usr/bin/env python3
"""Maintain the real-news corpus in testdata/real (facts only; texts stay in .cache/real).

  scripts/realcorpus.py merge [--skip P,..] fold the labellers' parts/*.jsonl into manifest.jsonl and gold.jsonl;
                                           --skip leaves out the parts whose names start with P (folds still
                                           being labelled: their files may be half written)
  scripts/realcorpus.py check [--fix] [F]  verify the cached texts (of folds F, default all) against the
                                           manifest; --fix drops or adds the one trailing newline that
                                           some texts were saved with, where that makes them match
  scripts/realcorpus.py stats              articles, outlets, events and negatives per fold
  scripts/realcorpus.py worklist F...      the manifest's queries for folds F, each with its articles:
                                           what to search again to rebuild the cache on a new machine
  scripts/realcorpus.py validate PART...   check new parts/PART.{manifest,gold}.jsonl before a merge

Folds are fixed by a hash of the article id (a, b, c), so adding articles never moves an old one
to another fold; articles collected later are folds d (r700-r819) to w (r3280 and above): see
COLLECTED_FOLDS below.
"""
import glob
import hashlib
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
REAL = os.path.join(ROOT, "testdata", "real")
CACHE = os.path.join(ROOT, ".cache", "real")


# Rounds 3 to 17 collected new articles after every older fold had been scored: ids r700-r819
# form fold d, r820-r939 fold e, r940-r1059 fold f, r1060-r1179 fold g, r1180-r1299 fold h,
# r1300-r1419 fold i, r1420-r1539 fold j, r1540-r1659 fold k, r1660-r1779 fold l, r1780-r1899 fold m and
# r1900-r2019 fold n, r2020-r2139 fold o, r2140-r2259 fold p, r2260-r2379 fold q, r2380-r2559 fold r, r2560-r2739 fold s,
# r2740-r2919 fold t, r2920-r3099 fold u, r3100-r3279 fold v and r3280 and above fold w, whatever their hash
# (later folds: see the list).
# (first id, fold), newest first
COLLECTED_FOLDS = [(16320, "eb"), (16180, "ea"), (16040, "dz"), (15900, "dy"), (15760, "dx"), (15620, "dw"), (15480, "dv"), (15340, "du"), (15200, "dt"), (15060, "ds"), (14920, "dr"), (14780, "dq"), (14640, "dp"), (14500, "do"), (14360, "dn"), (14220, "dm"), (14080, "dl"), (13940, "dk"), (13800, "dj"), (13660, "di"), (13520, "dh"), (13380, "dg"), (13240, "df"), (13100, "de"), (12960, "dd"), (12820, "dc"), (12680, "db"), (12540, "da"), (12400, "cz"), (12260, "cy"), (12120, "cx"), (11980, "cw"), (11840, "cv"), (11700, "cu"), (11560, "ct"), (11420, "cs"), (11280, "cr"), (11140, "cq"), (11000, "cp"), (10860, "co"), (10720, "cn"), (10580, "cm"), (10440, "cl"), (10300, "ck"), (10160, "cj"), (10020, "ci"), (9880, "ch"), (9810, "cg"), (9705, "cf"), (9600, "ce"), (9495, "cd"), (9390, "cc"), (9285, "cb"), (9180, "ca"), (9075, "bz"), (8970, "by"), (8865, "bx"), (8760, "bw"), (8655, "bv"), (8550, "bu"), (8445, "bt"), (8340, "bs"), (8235, "br"), (8130, "bq"), (8025, "bp"), (7920, "bo"), (7815, "bn"), (7710, "bm"), (7605, "bl"), (7500, "bk"), (7395, "bj"), (7290, "bi"), (7185, "bh"), (7080, "bg"), (6975, "bf"), (6870, "be"), (6765, "bd"), (6660, "bc"), (6555, "bb"), (6450, "ba"), (6345, "az"), (6240, "ay"), (6135, "ax"), (6030, "aw"), (5925, "av"), (5820, "au"), (5715, "at"), (5610, "as"), (5505, "ar"), (5400, "aq"), (5295, "ap"), (5190, "ao"), (5085, "an"), (4980, "am"), (4875, "al"), (4770, "ak"), (4665, "aj"), (4560, "ai"), (4455, "ah"), (4350, "ag"), (4245, "af"), (4140, "ae"), (4035, "ad"), (3930, "ac"), (3830, "ab"), (3730, "aa"), (3630, "z"), (3530, "y"), (3430, "x"), (3280, "w"), (3100, "v"), (2920, "u"), (2740, "t"), (2560, "s"), (2380, "r"), (2260, "q"), (2140, "p"), (2020, "o"), (1900, "n"), (1780, "m"), (1660, "l"), (1540, "k"), (1420, "j"), (1300, "i"), (1180, "h"), (1060, "g"), (940, "f"), (820, "e"), (700, "d")]


def fold_of(aid):
    n = int(aid.lstrip("r"))
    for first, fold in COLLECTED_FOLDS:
        if n >= first:
            return fold
    return "abc"[int(hashlib.sha1(aid.encode()).hexdigest(), 16) % 3]


def read_jsonl(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: {e}")
    return out


def text_facts(aid):
    with open(os.path.join(CACHE, aid + ".txt"), "rb") as f:
        raw = f.read()
    return hashlib.sha256(raw).hexdigest(), len(raw.decode("utf-8"))


def merge(skip=()):
    manifest, gold = {}, {}
    merged_m = {m["id"]: m for m in read_jsonl(os.path.join(REAL, "manifest.jsonl"))}

    def parts(kind):
        out = []
        for p in sorted(glob.glob(os.path.join(REAL, "parts", "*." + kind + ".jsonl"))):
            if not any(os.path.basename(p).startswith(s) for s in skip):
                out.append(p)
            elif kind == "manifest" and any(m["id"] in merged_m for m in read_jsonl(p)):
                # its articles would leave manifest.jsonl: only a fold not yet merged may wait
                sys.exit(f"merge --skip: {os.path.basename(p)} holds articles merged already")
        return out

    for p in parts("manifest"):
        for m in read_jsonl(p):
            manifest[m["id"]] = m
    for p in parts("gold"):
        for g in read_jsonl(p):
            gold[g["id"]] = g
    seen_urls = {}
    out_m, out_g = [], []
    for aid in sorted(manifest):
        m = manifest[aid]
        if aid not in gold:
            print(f"skip {aid}: no gold line", file=sys.stderr)
            continue
        if m["url"] in seen_urls:
            print(f"skip {aid}: same url as {seen_urls[m['url']]}", file=sys.stderr)
            continue
        if aid in merged_m:
            # its facts were recorded from the text it was labelled on; a
            # text cached again (or not at all) never changes them
            seen_urls[m["url"]] = aid
            out_m.append(merged_m[aid])
            out_g.append(dict(gold[aid], fold=merged_m[aid]["fold"], file=aid + ".txt"))
            continue
        if not os.path.exists(os.path.join(CACHE, aid + ".txt")):
            print(f"skip {aid}: no cached text", file=sys.stderr)
            continue
        seen_urls[m["url"]] = aid
        sha, chars = text_facts(aid)
        f = fold_of(aid)
        m = dict(m, fold=f, sha256=sha, chars=chars)
        g = dict(gold[aid], fold=f, file=aid + ".txt")
        out_m.append(m)
        out_g.append(g)
    for name, rows in (("manifest.jsonl", out_m), ("gold.jsonl", out_g)):
        with open(os.path.join(REAL, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    print(f"{len(out_m)} articles merged")


def check(args):
    fix = "--fix" in args
    folds = {a for a in args if a != "--fix"}
    bad = fixed = 0
    for m in read_jsonl(os.path.join(REAL, "manifest.jsonl")):
        if folds and m["fold"] not in folds:
            continue
        path = os.path.join(CACHE, m["id"] + ".txt")
        if not os.path.exists(path):
            print(f"{m['id']}: missing {path}")
            bad += 1
            continue
        with open(path, "rb") as f:
            raw = f.read()
        if hashlib.sha256(raw).hexdigest() == m["sha256"]:
            continue
        # the search tool returns an excerpt without a final newline; some
        # texts were saved with one added, some without
        other = raw[:-1] if raw.endswith(b"\n") else raw + b"\n"
        if hashlib.sha256(other).hexdigest() == m["sha256"]:
            if fix:
                with open(path, "wb") as f:
                    f.write(other)
                fixed += 1
                continue
            print(f"{m['id']}: differs by one trailing newline (--fix mends it)")
        else:
            print(f"{m['id']}: text differs from the labelled one ({len(raw.decode('utf-8', 'replace'))} chars, labelled {m['chars']})")
        bad += 1
    if fixed:
        print(f"{fixed} texts mended")
    print("ok" if bad == 0 else f"{bad} texts missing or different")
    return 1 if bad else 0


def worklist(folds):
    by_query = {}
    for m in read_jsonl(os.path.join(REAL, "manifest.jsonl")):
        if m["fold"] in folds:
            by_query.setdefault(m["query"], []).append(m)
    for q, ms in by_query.items():
        print(f"QUERY: {q}")
        for m in ms:
            print(f"  {m['id']}  chars={m['chars']}  {m['url']}")


PARTY = re.compile(r"[a-z0-9]+$")
ACTIONS = {"partnership": {"formed", "expanded", "restructured", "reaffirmed", "ended"},
           "commitment": {"new", "increased", "capped", "ended"},
           "exclusivity": {"granted", "removed", "modified"}}
FIELDS = {"partnership": {"type", "action", "parties"},
          "commitment": {"type", "kind", "action", "parties", "from", "to", "amount", "capacity", "until"},
          "exclusivity": {"type", "action", "parties", "holder", "scope"}}


def event_problems(e):
    """What is wrong with one labelled event, by corpus/LABELING.md."""
    t = e.get("type")
    if t not in ACTIONS:
        return [f"type {t!r}"]
    out = []
    if set(e) != FIELDS[t]:
        out.append(f"fields must be {','.join(sorted(FIELDS[t]))}")
    if e.get("action") not in ACTIONS[t]:
        out.append(f"action {e.get('action')!r}")
    ps = e.get("parties") if isinstance(e.get("parties"), list) else []
    if len(ps) < 2 or ps != sorted(set(ps)) or not all(isinstance(p, str) and PARTY.match(p) for p in ps):
        out.append("parties must be two or more distinct lower-case ids, sorted")
    if t == "commitment":
        if e.get("kind") not in {"cloud_services", "investment", "compute", "revenue_share"}:
            out.append(f"kind {e.get('kind')!r}")
        if sorted({e.get("from"), e.get("to")}, key=str) != ps:
            out.append("parties must be exactly from and to")
        a = e.get("amount")
        if a is not None and not (isinstance(a, dict) and isinstance(a.get("value"), (int, float)) and a["value"] > 0
                                  and re.fullmatch(r"[A-Z]{3}", str(a.get("currency")))
                                  and a.get("qualifier") in {"exact", "up_to", "at_least", "approximately"}):
            out.append(f"amount {a!r}")
        c = e.get("capacity")
        if c is not None and not (isinstance(c, dict) and isinstance(c.get("value"), (int, float)) and c.get("unit") in {"GW", "MW", "chips"}):
            out.append(f"capacity {c!r}")
        if e.get("until") is not None and not re.fullmatch(r"\d{4}(-\d\d){0,2}", str(e["until"])):
            out.append(f"until {e['until']!r}")
    if t == "exclusivity" and (e.get("holder") not in ps or not e.get("scope")):
        out.append("holder must be a party and scope set")
    return out


def validate(parts):
    taken = {m["url"]: "manifest.jsonl" for m in read_jsonl(os.path.join(REAL, "manifest.jsonl"))}
    merged = {m["id"] for m in read_jsonl(os.path.join(REAL, "manifest.jsonl"))}
    for p in sorted(glob.glob(os.path.join(REAL, "parts", "*.manifest.jsonl"))):
        name = os.path.basename(p).split(".")[0]
        if name not in parts:
            for m in read_jsonl(p):
                taken.setdefault(m["url"], name)
    bad = 0
    for part in parts:
        gold = {g["id"]: g for g in read_jsonl(os.path.join(REAL, "parts", part + ".gold.jsonl"))}
        ids = set()
        for m in read_jsonl(os.path.join(REAL, "parts", part + ".manifest.jsonl")):
            aid = m.get("id", "?")
            problems = []
            if set(m) != {"id", "url", "query", "outlet", "date", "date_basis"}:
                problems.append("manifest fields must be id,url,query,outlet,date,date_basis")
            if m.get("date_basis") not in {"text", "url", "inferred"}:
                problems.append("date_basis must be text, url or inferred")
            if aid in ids:
                problems.append("duplicate id")
            ids.add(aid)
            if aid not in merged and m.get("url") in taken:
                problems.append(f"url already in {taken[m.get('url')]}")
            if aid not in merged and not os.path.exists(os.path.join(CACHE, aid + ".txt")):
                problems.append("text not in .cache/real")
            g = gold.get(aid)
            if g is None:
                problems.append("no gold line")
            else:
                if set(g) != {"id", "file", "published", "source", "events", "optional", "note"}:
                    problems.append("gold fields must be id,file,published,source,events,optional,note")
                for k in ("events", "optional"):
                    for e in g.get(k, []):
                        problems += [f"{k}: {x}: {json.dumps(e)}" for x in event_problems(e)]
            for x in problems:
                print(f"{part} {aid}: {x}")
            bad += len(problems)
        for aid in sorted(set(gold) - ids):
            print(f"{part} {aid}: gold line without a manifest line")
            bad += 1
    print("ok" if bad == 0 else f"{bad} problems")
    return 1 if bad else 0


def stats():
    gold = read_jsonl(os.path.join(REAL, "gold.jsonl"))
    man = {m["id"]: m for m in read_jsonl(os.path.join(REAL, "manifest.jsonl"))}
    for f in sorted({g["fold"] for g in gold}) + ["all"]:
        gs = [g for g in gold if f == "all" or g["fold"] == f]
        outlets = {man[g["id"]]["outlet"] for g in gs}
        ev = sum(len(g["events"]) for g in gs)
        neg = sum(1 for g in gs if not g["events"])
        print(f"fold {f}: articles={len(gs)} outlets={len(outlets)} required_events={ev} no_event_articles={neg}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "merge" and len(sys.argv) in (2, 4) and sys.argv[2:3] in ([], ["--skip"]):
        merge(tuple(s for s in sys.argv[3].split(",") if s) if len(sys.argv) == 4 else ())
    elif cmd == "check":
        sys.exit(check(sys.argv[2:]))
    elif cmd == "stats":
        stats()
    elif cmd == "worklist" and len(sys.argv) > 2:
        worklist(set(sys.argv[2:]))
    elif cmd == "validate" and len(sys.argv) > 2:
        sys.exit(validate(sys.argv[2:]))
    else:
        sys.exit(__doc__)
