#!/usr/bin/env python3
"""Maintain the real-news corpus in testdata/real (facts only; texts stay in .cache/real).

  scripts/realcorpus.py merge   fold the labellers' parts/*.jsonl into manifest.jsonl and gold.jsonl
  scripts/realcorpus.py check   verify every cached text against the manifest (sha256, length)
  scripts/realcorpus.py stats   articles, outlets, events and negatives per fold

Folds are fixed by a hash of the article id (a, b, c), so adding articles never moves an old one
to another fold; articles collected later are folds d (r700-r819) to p (r2140 and above): see
COLLECTED_FOLDS below.
"""
import glob
import hashlib
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
REAL = os.path.join(ROOT, "testdata", "real")
CACHE = os.path.join(ROOT, ".cache", "real")


# Rounds 3 to 17 collected new articles after every older fold had been scored: ids r700-r819
# form fold d, r820-r939 fold e, r940-r1059 fold f, r1060-r1179 fold g, r1180-r1299 fold h,
# r1300-r1419 fold i, r1420-r1539 fold j, r1540-r1659 fold k, r1660-r1779 fold l, r1780-r1899 fold m and
# r1900-r2019 fold n, r2020-r2139 fold o, r2140-r2259 fold p, r2260-r2379 fold q, r2380-r2559 fold r, r2560-r2739 fold s,
# r2740-r2919 fold t, r2920-r3099 fold u, r3100-r3279 fold v and r3280 and above fold w, whatever their hash.
# (first id, fold), newest first
COLLECTED_FOLDS = [(3280, "w"), (3100, "v"), (2920, "u"), (2740, "t"), (2560, "s"), (2380, "r"), (2260, "q"), (2140, "p"), (2020, "o"), (1900, "n"), (1780, "m"), (1660, "l"), (1540, "k"), (1420, "j"), (1300, "i"), (1180, "h"), (1060, "g"), (940, "f"), (820, "e"), (700, "d")]


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
    raw = open(os.path.join(CACHE, aid + ".txt"), "rb").read()
    return hashlib.sha256(raw).hexdigest(), len(raw.decode("utf-8"))


def merge():
    manifest, gold = {}, {}
    merged_m = {m["id"]: m for m in read_jsonl(os.path.join(REAL, "manifest.jsonl"))}
    for p in sorted(glob.glob(os.path.join(REAL, "parts", "*.manifest.jsonl"))):
        for m in read_jsonl(p):
            manifest[m["id"]] = m
    for p in sorted(glob.glob(os.path.join(REAL, "parts", "*.gold.jsonl"))):
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


def check():
    bad = 0
    for m in read_jsonl(os.path.join(REAL, "manifest.jsonl")):
        path = os.path.join(CACHE, m["id"] + ".txt")
        if not os.path.exists(path):
            print(f"{m['id']}: missing {path}")
            bad += 1
            continue
        sha, chars = text_facts(m["id"])
        if sha != m["sha256"]:
            print(f"{m['id']}: text differs from the labelled one ({chars} chars, labelled {m['chars']})")
            bad += 1
    print("ok" if bad == 0 else f"{bad} texts missing or different")
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
    if cmd == "merge":
        merge()
    elif cmd == "check":
        sys.exit(check())
    elif cmd == "stats":
        stats()
    else:
        sys.exit(__doc__)
