#!/usr/bin/env python3
"""Tests of scripts/realcorpus.py on a corpus of its own in a temp dir: python3 scripts/realcorpus_test.py"""
import contextlib
import hashlib
import io
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import realcorpus  # noqa: E402

GOOD = {"type": "commitment", "kind": "investment", "action": "new", "parties": ["acme", "zeta"],
        "from": "zeta", "to": "acme", "amount": {"value": 5e8, "currency": "USD", "qualifier": "exact"},
        "capacity": None, "until": None}


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


class RealCorpusTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.real = os.path.join(self.tmp.name, "real")
        self.cache = os.path.join(self.tmp.name, "cache")
        os.makedirs(os.path.join(self.real, "parts"))
        os.makedirs(self.cache)
        self.saved = realcorpus.REAL, realcorpus.CACHE
        realcorpus.REAL, realcorpus.CACHE = self.real, self.cache
        # one article merged before, whose text is not cached
        self.old_m = {"id": "r0001", "url": "https://a.example/1", "query": "q", "outlet": "a.example", "date": "2025",
                      "date_basis": "url", "fold": "b", "sha256": "0" * 64, "chars": 10}
        self.old_g = {"id": "r0001", "file": "r0001.txt", "published": "2025", "source": "a.example",
                      "events": [GOOD], "optional": [], "note": "n", "fold": "b"}
        write_jsonl(os.path.join(self.real, "manifest.jsonl"), [self.old_m])
        write_jsonl(os.path.join(self.real, "gold.jsonl"), [self.old_g])
        write_jsonl(os.path.join(self.real, "parts", "h1.manifest.jsonl"), [{k: self.old_m[k] for k in ("id", "url", "query", "outlet", "date", "date_basis")}])
        write_jsonl(os.path.join(self.real, "parts", "h1.gold.jsonl"), [{k: v for k, v in self.old_g.items() if k != "fold"}])

    def tearDown(self):
        realcorpus.REAL, realcorpus.CACHE = self.saved
        self.tmp.cleanup()

    def run_quiet(self, fn, *args):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            rc = fn(*args)
        return rc, out.getvalue()

    def new_part(self, event, url="https://b.example/2"):
        write_jsonl(os.path.join(self.real, "parts", "h2.manifest.jsonl"),
                    [{"id": "r9000", "url": url, "query": "q2", "outlet": "b.example", "date": "2026-01-02", "date_basis": "text"}])
        write_jsonl(os.path.join(self.real, "parts", "h2.gold.jsonl"),
                    [{"id": "r9000", "file": "r9000.txt", "published": "2026-01-02", "source": "b.example", "events": [event], "optional": [], "note": "n"}])
        with open(os.path.join(self.cache, "r9000.txt"), "w", encoding="utf-8") as f:
            f.write("Zeta invests $500 million in Acme.")

    def test_validate_accepts_a_good_part_and_names_each_problem(self):
        self.new_part(GOOD)
        rc, out = self.run_quiet(realcorpus.validate, ["h2"])
        self.assertEqual((rc, out.strip()), (0, "ok"))
        bad = dict(GOOD, kind="equity", parties=["zeta", "acme"])
        self.new_part(bad, url="https://a.example/1")
        rc, out = self.run_quiet(realcorpus.validate, ["h2"])
        self.assertEqual(rc, 1)
        for want in ("kind 'equity'", "sorted", "url already in manifest.jsonl"):
            self.assertIn(want, out)

    def test_merge_keeps_recorded_facts_and_adds_new_articles(self):
        self.new_part(GOOD)
        self.run_quiet(realcorpus.merge)
        man = realcorpus.read_jsonl(os.path.join(self.real, "manifest.jsonl"))
        self.assertEqual([m["id"] for m in man], ["r0001", "r9000"])
        self.assertEqual(man[0], self.old_m)  # no text cached: its facts stay as recorded
        with open(os.path.join(self.cache, "r9000.txt"), "rb") as f:
            text = f.read()
        self.assertEqual(man[1]["sha256"], hashlib.sha256(text).hexdigest())
        self.assertEqual(man[1]["fold"], realcorpus.fold_of("r9000"))

    def test_check_mends_a_trailing_newline_only_with_fix(self):
        self.new_part(GOOD)
        self.run_quiet(realcorpus.merge)
        path = os.path.join(self.cache, "r9000.txt")
        with open(path, "a", encoding="utf-8") as f:
            f.write("\n")
        fold = realcorpus.fold_of("r9000")
        rc, out = self.run_quiet(realcorpus.check, [fold])
        self.assertEqual(rc, 1)
        self.assertIn("one trailing newline", out)
        rc, out = self.run_quiet(realcorpus.check, ["--fix", fold])
        self.assertEqual(rc, 0, out)
        rc, out = self.run_quiet(realcorpus.check, [fold])
        self.assertEqual(rc, 0, out)
        with open(path, "w", encoding="utf-8") as f:
            f.write("Another text altogether.")
        rc, out = self.run_quiet(realcorpus.check, ["--fix", fold])
        self.assertEqual(rc, 1)
        self.assertIn("differs from the labelled one", out)


if __name__ == "__main__":
    unittest.main()
