#!/usr/bin/env bash
# The browser tests: a fresh database, the real server (serving the built web app) on a free
# port, and headless Chromium driven by Playwright through Node's test runner.
#
# Expects DATABASE_URL to name a server where it may create databases (./dev test sets it), the
# server built (target/debug/loquent) and the web app built (web/dist). Builds and starts the fake
# Twilio (target/debug/fake_twilio) and the fake OpenAI (target/debug/fake_openai) and points the
# server at both, with its recordings in a temporary directory and a quick job queue. The tests
# get the fake Twilio's customer account as FAKE_TWILIO_BYO_SID / FAKE_TWILIO_BYO_TOKEN /
# FAKE_TWILIO_BYO_RECORDING_SID, and what they need to run target/debug/seed_call: its path in
# SEED_CALL and the test database as DATABASE_URL. Screenshots land in
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
recordings=$(mktemp -d "${TMPDIR:-/tmp}/loquent-browser-recordings.XXXXXX")
server_pid=
twilio_pid=
openai_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [ -n "$twilio_pid" ] && kill "$twilio_pid" 2>/dev/null && wait "$twilio_pid" 2>/dev/null || true
  [ -n "$openai_pid" ] && kill "$openai_pid" 2>/dev/null && wait "$openai_pid" 2>/dev/null || true
  "$psql_bin" "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$recordings"
}
trap cleanup EXIT

# The fakes print one JSON line (their URL, credentials), then serve until killed.
(cd "$ROOT" && cargo build -q -p loquent-tests --bin fake_twilio --bin fake_openai --bin seed_call)
# start_fake NAME: runs target/debug/NAME, waits for its line in .data/browser-NAME.json.
start_fake() {
  local out="$ROOT/.data/browser-$1.json" err="$ROOT/.data/browser-$1.log"
  : >"$out"
  "$ROOT/target/debug/$1" >"$out" 2>"$err" &
  fake_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$out" ] && return 0
    kill -0 "$fake_pid" 2>/dev/null || { cat "$err" >&2; echo "error: $1 exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $1 printed nothing" >&2
  exit 1
}
field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' "$ROOT/.data/browser-$1.json" "$2"; }
start_fake fake_twilio
twilio_pid=$fake_pid
start_fake fake_openai
openai_pid=$fake_pid
export TWILIO_API_BASE FAKE_TWILIO_BYO_SID FAKE_TWILIO_BYO_TOKEN FAKE_TWILIO_BYO_RECORDING_SID
TWILIO_API_BASE=$(field fake_twilio base_url)
FAKE_TWILIO_BYO_SID=$(field fake_twilio byo_account_sid)
FAKE_TWILIO_BYO_TOKEN=$(field fake_twilio byo_auth_token)
FAKE_TWILIO_BYO_RECORDING_SID=$(field fake_twilio byo_recording_sid)
# For the tests that seed calls (calls.test.mjs): the seeding binary (and, below, the database).
export SEED_CALL="$ROOT/target/debug/seed_call"

# For demo.test.mjs: `loquent seed-demo`, run by the test with the server's settings (database,
# secret key, recordings, links).
export LOQUENT_BIN="$ROOT/target/debug/loquent" RECORDINGS_DIR="$recordings" APP_HOST="http://127.0.0.1:$port"
export LOQUENT_SECRET_KEY="${LOQUENT_SECRET_KEY:-$(printf '0%.0s' {1..64})}"

DATABASE_URL="$server_url" LOQUENT_BIND="127.0.0.1:$port" \
  LOQUENT_WEB_DIR="$ROOT/web/dist" \
  TWILIO_MAIN_ACCOUNT_SID="$(field fake_twilio main_account_sid)" TWILIO_MAIN_AUTH_TOKEN="$(field fake_twilio main_auth_token)" \
  OPENAI_BASE_URL="$(field fake_openai base_url)" OPENAI_API_KEY="$(field fake_openai api_key)" \
  JOB_POLL_MS=100 \
  "$ROOT/target/debug/loquent" serve >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$log" >&2; echo "error: the server exited" >&2; exit 1; }
  sleep 0.1
done

cd "$HERE"
PSQL="$psql_bin" DATABASE_URL="$server_url" LOQUENT_URL="http://127.0.0.1:$port" node --test --test-concurrency=1 ./*.test.mjs
