#!/usr/bin/env bash
# Makes sure Debian's chromium is installed (the end-to-end tests and benchmarks drive it).
# Never downloads a browser build of its own: only the distribution's package.
set -euo pipefail
CHROMIUM=${PHEDDS_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "chromium is missing at $CHROMIUM and cannot be installed here (needs root on Debian)." >&2
  echo "Install it (apt-get install chromium) or set PHEDDS_CHROMIUM to a Chromium binary." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "chromium installed: $("$CHROMIUM" --version)" >&2
