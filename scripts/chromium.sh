#!/usr/bin/env bash
# chromium.sh — make sure a headless Chromium is present for the browser
# tests (alert/graph TestHTMLInChromium) and print its path. Installs
# Debian's chromium package with apt when it is missing (needs root, as CI
# has); prints nothing and exits 1 when it cannot.
set -euo pipefail
for b in chromium chromium-browser; do
	if p="$(command -v "$b")"; then echo "$p"; exit 0; fi
done
if [ "$(id -u)" != 0 ]; then
	echo "chromium.sh: chromium missing and not root: apt-get install chromium" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "chromium.sh: apt-get install chromium" >&2
apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends chromium >/dev/null
command -v chromium
