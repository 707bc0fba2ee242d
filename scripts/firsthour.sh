#!/usr/bin/env bash
# firsthour.sh — the README's "Your first hour", checked the way a newcomer
# meets it: a fresh clone of this repository's committed HEAD, `make demo`,
# then the lines of the walkthrough block one by one (bash -e: the first
# failing line fails the check), with an empty environment (PATH and HOME
# only: no CHDB_LIB_PATH, no DEALWATCH_*). Then it checks that each step
# left what it promises (CSV, images, alerts at the webhook).
#
# libchdb (500 MB) is linked from this checkout's .cache/ when present
# instead of being fetched again; make demo fetches it otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "firsthour: FAIL: $*" >&2; exit 1; }

git clone -q "$ROOT" "$tmp/clone"
mkdir -p "$tmp/clone/.cache"
for d in "$ROOT"/.cache/chdb-*; do
	if [ -d "$d" ]; then ln -s "$d" "$tmp/clone/.cache/"; fi
done
cd "$tmp/clone"
clean=(env -i "PATH=$PATH" "HOME=$HOME")

if ! timeout 600 "${clean[@]}" make demo >"$tmp/demo.log" 2>&1; then
	tail -n 40 "$tmp/demo.log" >&2
	fail "make demo"
fi

# The demo's timeline: every row names its source and links an https URL,
# the HTML sample's too (its sidecar testdata/samples/*.html.json).
timeout 120 "${clean[@]}" bin/dealwatch timeline --format json >"$tmp/timeline.jsonl" || fail "timeline after make demo"
[ -s "$tmp/timeline.jsonl" ] || fail "timeline after make demo printed no row"
# grep -c, not `grep -v … | grep -q .`: under pipefail an early-exiting grep -q
# can fail the pipeline with SIGPIPE and hide the very line it found.
if [ "$(grep -cv '"source":"[^"]' "$tmp/timeline.jsonl" || true)" != 0 ] || [ "$(grep -cv '"url":"https://' "$tmp/timeline.jsonl" || true)" != 0 ]; then
	grep -v '"source":"[^"]' "$tmp/timeline.jsonl" | head -n 3 >&2 || true
	grep -v '"url":"https://' "$tmp/timeline.jsonl" | head -n 3 >&2 || true
	fail "a timeline row after make demo has no source or no https URL (above)"
fi
grep -q '"url":"https://samples.dealwatch.dev/2025/09/30/meta-coreweave"' "$tmp/timeline.jsonl" || fail "the HTML sample's deal is not in the timeline"

# The walkthrough: the sh block between the first-hour markers.
awk '/<!-- first-hour:begin -->/{on=1; next} /<!-- first-hour:end -->/{on=0} on && !/^```/' README.md >"$tmp/walkthrough.sh"
[ "$(grep -c '^bin/dealwatch\|dealwatch ' "$tmp/walkthrough.sh")" -ge 6 ] || fail "no walkthrough block found in README.md"
# timeout: a receiver that cannot bind its port would leave run --until-idle
# retrying deliveries for ever.
if ! timeout 300 "${clean[@]}" bash -e -o pipefail -x "$tmp/walkthrough.sh" >"$tmp/out.log" 2>"$tmp/err.log"; then
	tail -n 60 "$tmp/err.log" >&2
	fail "a walkthrough command failed (above)"
fi

grep -q '^org_a,org_b,committed_usd_total$' "$tmp/out.log" || fail "sql --format csv printed no CSV header"
grep -q 'Microsoft' "$tmp/out.log" || fail "timeline --org openai printed no Microsoft deal"
[ -s alliances.png ] && [ -s alliances.html ] || fail "graph did not write alliances.png and alliances.html"
grep -q '"evidence":"' alliances.html || fail "alliances.html carries no evidence"
grep -q '^alert 1 (new_deal): ' "$tmp/out.log" || fail "the local webhook received no alert"
echo "firsthour: the README walkthrough works in a fresh clone ($(grep -c '^alert [0-9]* (' "$tmp/out.log") alerts at the webhook)"
