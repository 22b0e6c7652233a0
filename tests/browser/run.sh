#!/usr/bin/env bash
# The browser tests: a fresh database, the real server (serving the built web app) on a free
# port, and headless Chromium driven by Playwright through Node's test runner.
#
# Expects DATABASE_URL to name a server where it may create databases (./dev test sets it), the
# server built (target/debug/loquent) and the web app built (web/dist). The server and the fakes
# it talks to come from tests/support/stack.sh, which also exports what the tests read: the fake
# Twilio's customer account (FAKE_TWILIO_BYO_*), SEED_CALL, LOQUENT_BIN; the tests also get the
# test database as DATABASE_URL and psql as PSQL. Screenshots land in tests/browser/screenshots/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/tests/browser"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server to create the test database on}"

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium (Debian's; Playwright cannot download browsers here)"
  [ "$(id -u)" = 0 ] || { echo "error: install chromium with apt" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
# The web app asks for Inter first; without it screenshots fall back to DejaVu Sans.
if [ ! -d /usr/share/fonts/opentype/inter ] && [ ! -d /usr/share/fonts/truetype/inter ] && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-inter >/dev/null 2>&1 || echo "note: fonts-inter unavailable; using fallback fonts"
fi
if [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error)
fi

# shellcheck source=../support/stack.sh
. "$ROOT/tests/support/stack.sh"
start_stack browser

cd "$HERE"
PSQL="$PSQL" DATABASE_URL="$STACK_DATABASE_URL" LOQUENT_URL="$STACK_URL" node --test --test-concurrency=1 ./*.test.mjs
