#!/usr/bin/env bash
# The browser tests: a fresh database, the real server (serving the built web app) on a free
# port, and headless Chromium driven by Playwright through Node's test runner.
#
# Expects DATABASE_URL to name a server where it may create databases (./dev test sets it), the
# server built (target/debug/loquent) and the web app built (web/dist). Builds and starts the fake
# Twilio (target/debug/fake_twilio) and points the server at it; the tests get its customer
# account's credentials as FAKE_TWILIO_BYO_SID / FAKE_TWILIO_BYO_TOKEN. Screenshots land in
# tests/browser/screenshots/.
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

psql_bin=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
db="loquent_browser_$(date +%s)_$$"
base="${DATABASE_URL%%\?*}"
server_url="${base%/*}/$db"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log="$ROOT/.data/browser-server.log"
mkdir -p "$ROOT/.data"

"$psql_bin" "$DATABASE_URL" -qc "CREATE DATABASE \"$db\"" >/dev/null
server_pid=
twilio_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$twilio_pid" ] && kill "$twilio_pid" 2>/dev/null && wait "$twilio_pid" 2>/dev/null || true
  "$psql_bin" "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The fake Twilio: one JSON line with its URL and both accounts' credentials, then it serves.
(cd "$ROOT" && cargo build -q -p loquent-tests --bin fake_twilio)
twilio_log="$ROOT/.data/browser-fake-twilio.log"
twilio_out="$ROOT/.data/browser-fake-twilio.json"
: >"$twilio_out"
"$ROOT/target/debug/fake_twilio" >"$twilio_out" 2>"$twilio_log" &
twilio_pid=$!
for _ in $(seq 1 100); do
  [ -s "$twilio_out" ] && break
  kill -0 "$twilio_pid" 2>/dev/null || { cat "$twilio_log" >&2; echo "error: fake_twilio exited" >&2; exit 1; }
  sleep 0.1
done
[ -s "$twilio_out" ] || { echo "error: fake_twilio printed nothing" >&2; exit 1; }
twilio_field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$twilio_out" "$1"; }
export TWILIO_API_BASE FAKE_TWILIO_BYO_SID FAKE_TWILIO_BYO_TOKEN
TWILIO_API_BASE=$(twilio_field base_url)
FAKE_TWILIO_BYO_SID=$(twilio_field byo_account_sid)
FAKE_TWILIO_BYO_TOKEN=$(twilio_field byo_auth_token)

DATABASE_URL="$server_url" LOQUENT_BIND="127.0.0.1:$port" APP_HOST="http://127.0.0.1:$port" \
  LOQUENT_WEB_DIR="$ROOT/web/dist" LOQUENT_SECRET_KEY="${LOQUENT_SECRET_KEY:-$(printf '0%.0s' {1..64})}" \
  TWILIO_MAIN_ACCOUNT_SID="$(twilio_field main_account_sid)" TWILIO_MAIN_AUTH_TOKEN="$(twilio_field main_auth_token)" \
  "$ROOT/target/debug/loquent" serve >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$log" >&2; echo "error: the server exited" >&2; exit 1; }
  sleep 0.1
done

cd "$HERE"
LOQUENT_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 ./*.test.mjs
