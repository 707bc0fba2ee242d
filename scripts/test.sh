#!/usr/bin/env bash
# test.sh — the full check: start the private services, go vet, a short fuzz
# pass over every Fuzz target, then the whole test suite (its closing lines
# are go test's own). Services this script started are stopped on exit, even
# on failure; services that were already running (a developer's
# `make services`) are left alone.
#
#   FUZZTIME=20000x fuzzing budget per target (0 skips the fuzz pass); an
#                  execution count, not a duration: a duration races the Go 1.26
#                  fuzz coordinator at its deadline (go.dev/issue/75804) and fails
#                  with "context deadline exceeded" without any failing input
#   TEST_TIMEOUT=30m
#   CHAOS=0        skip the fault suite (scripts/chaos, `make chaos`)
#   CLUSTER=0      skip the cluster test (scripts/cluster, `make cluster-test`)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZTIME="${FUZZTIME:-20000x}"
TEST_TIMEOUT="${TEST_TIMEOUT:-30m}"

started=0
if ! scripts/services.sh status >/dev/null 2>&1; then
	started=1
fi
cleanup() {
	local rc=$?
	if [ "$started" = 1 ]; then
		scripts/services.sh stop >/dev/null 2>&1 || true
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t0=$SECONDS
scripts/services.sh start
# shellcheck disable=SC1091
. "$(scripts/services.sh env)"
echo "== services up in $((SECONDS - t0))s"
# A headless Chromium for the browser test of the interactive graph.
DEALWATCH_CHROMIUM="$(scripts/chromium.sh)"
export DEALWATCH_CHROMIUM

echo "== README first hour (fresh clone, make demo, then the walkthrough line by line)"
scripts/firsthour.sh

echo "== go vet ./..."
go vet ./...

echo "== scripts/realcorpus.py (the real-news corpus tool)"
python3 scripts/realcorpus_test.py

if [ "$FUZZTIME" != 0 ]; then
	# Every `func FuzzX(` in a _test.go file, as "dir FuzzX" pairs.
	{ grep -rEo --include='*_test.go' --exclude-dir=.git --exclude-dir=.cache --exclude-dir=.services \
		'^func Fuzz[A-Za-z0-9_]*\(' . || true; } |
		sed -E 's#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#\1 \2#' |
		sort -u |
		while read -r dir name; do
			echo "== fuzz $dir $name ($FUZZTIME)"
			if ! out="$(go test -run='^$' -fuzz="^${name}\$" -fuzztime="$FUZZTIME" "$dir" 2>&1)"; then
				printf '%s\n' "$out"
				echo "FAIL: fuzz $name in $dir"
				exit 1
			fi
			printf '%s\n' "$out" | tail -n 2
		done
fi

echo "== chdb-go against libchdb (build tag chdbgo)"
go test -count=1 -tags chdbgo ./scripts/testenv/chdbgo

echo "== go test ./..."
go test -count=1 -timeout "$TEST_TIMEOUT" ./...

# The fault suite starts a private Kafka + ClickHouse of its own (it kills
# them), so it runs after the suite above, not beside it. CHAOS=0 skips it.
if [ "${CHAOS:-1}" != 0 ]; then
	echo "== fault suite (make chaos)"
	make --no-print-directory chaos
fi

# The cluster test starts its own 3 brokers, ZooKeeper and 4 ClickHouse
# servers (and kills some), after everything else. CLUSTER=0 skips it.
if [ "${CLUSTER:-1}" != 0 ]; then
	echo "== cluster test (make cluster-test)"
	make --no-print-directory cluster-test
fi
