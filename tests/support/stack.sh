# The real server on a fresh database, with the fake Twilio and the fake OpenAI it talks to:
# what the browser tests and the API contract run both stand on. Source it, then `start_stack
# NAME`; everything it starts is stopped, and the database dropped, when the script exits.
#
# Expects ROOT (the checkout), DATABASE_URL naming a server where it may create databases, and
# the server built (target/debug/loquent). Builds the fakes and seed_call. Afterwards:
#   STACK_URL           the server, http://127.0.0.1:PORT
#   STACK_DATABASE_URL  its database
#   STACK_LOG           its log file
#   PSQL                a psql binary
# and exported for the tests: TWILIO_API_BASE, FAKE_TWILIO_BYO_SID / _TOKEN / _RECORDING_SID
# (the fake Twilio's customer account), SEED_CALL, LOQUENT_BIN, RECORDINGS_DIR, APP_HOST,
# LOQUENT_SECRET_KEY.

stack_cleanup() {
  [ -n "${stack_server_pid:-}" ] && kill "$stack_server_pid" 2>/dev/null && wait "$stack_server_pid" 2>/dev/null || true
  [ -n "${stack_twilio_pid:-}" ] && kill "$stack_twilio_pid" 2>/dev/null && wait "$stack_twilio_pid" 2>/dev/null || true
  [ -n "${stack_openai_pid:-}" ] && kill "$stack_openai_pid" 2>/dev/null && wait "$stack_openai_pid" 2>/dev/null || true
  [ -n "${stack_db:-}" ] && "$PSQL" "$DATABASE_URL" -qc "DROP DATABASE IF EXISTS \"$stack_db\" WITH (FORCE)" >/dev/null 2>&1 || true
  [ -n "${RECORDINGS_DIR:-}" ] && rm -rf "$RECORDINGS_DIR"
}

# stack_fake NAME: runs target/debug/NAME, waits for the JSON line it prints (its URL and
# credentials) in .data/NAME-NAME.json.
stack_fake() {
  local out="$ROOT/.data/$stack_name-$1.json" err="$ROOT/.data/$stack_name-$1.log"
  : >"$out"
  "$ROOT/target/debug/$1" >"$out" 2>"$err" &
  stack_fake_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$out" ] && return 0
    kill -0 "$stack_fake_pid" 2>/dev/null || { cat "$err" >&2; echo "error: $1 exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: $1 printed nothing" >&2
  exit 1
}

stack_field() {
  python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())[sys.argv[2]])' \
    "$ROOT/.data/$stack_name-$1.json" "$2"
}

start_stack() {
  stack_name=$1
  : "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server to create the test database on}"
  PSQL=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
  stack_db="loquent_${stack_name}_$(date +%s)_$$"
  local base="${DATABASE_URL%%\?*}"
  STACK_DATABASE_URL="${base%/*}/$stack_db"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  STACK_URL="http://127.0.0.1:$port"
  STACK_LOG="$ROOT/.data/$stack_name-server.log"
  mkdir -p "$ROOT/.data"
  trap stack_cleanup EXIT

  "$PSQL" "$DATABASE_URL" -qc "CREATE DATABASE \"$stack_db\"" >/dev/null
  RECORDINGS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/loquent-$stack_name-recordings.XXXXXX")
  (cd "$ROOT" && cargo build -q -p loquent-tests --bin fake_twilio --bin fake_openai --bin seed_call)
  stack_fake fake_twilio
  stack_twilio_pid=$stack_fake_pid
  stack_fake fake_openai
  stack_openai_pid=$stack_fake_pid
  export TWILIO_API_BASE FAKE_TWILIO_BYO_SID FAKE_TWILIO_BYO_TOKEN FAKE_TWILIO_BYO_RECORDING_SID
  TWILIO_API_BASE=$(stack_field fake_twilio base_url)
  FAKE_TWILIO_BYO_SID=$(stack_field fake_twilio byo_account_sid)
  FAKE_TWILIO_BYO_TOKEN=$(stack_field fake_twilio byo_auth_token)
  FAKE_TWILIO_BYO_RECORDING_SID=$(stack_field fake_twilio byo_recording_sid)
  export SEED_CALL="$ROOT/target/debug/seed_call" LOQUENT_BIN="$ROOT/target/debug/loquent"
  export RECORDINGS_DIR APP_HOST="$STACK_URL"
  export LOQUENT_SECRET_KEY="${LOQUENT_SECRET_KEY:-$(printf '0%.0s' {1..64})}"

  # STACK_SERVER_ENV: more NAME=value settings for the server, space-separated.
  # shellcheck disable=SC2086
  env DATABASE_URL="$STACK_DATABASE_URL" LOQUENT_BIND="127.0.0.1:$port" \
    LOQUENT_WEB_DIR="$ROOT/web/dist" \
    TWILIO_MAIN_ACCOUNT_SID="$(stack_field fake_twilio main_account_sid)" \
    TWILIO_MAIN_AUTH_TOKEN="$(stack_field fake_twilio main_auth_token)" \
    OPENAI_BASE_URL="$(stack_field fake_openai base_url)" OPENAI_API_KEY="$(stack_field fake_openai api_key)" \
    JOB_POLL_MS=100 ${STACK_SERVER_ENV:-} \
    "$ROOT/target/debug/loquent" serve >"$STACK_LOG" 2>&1 &
  stack_server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "$STACK_URL/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$stack_server_pid" 2>/dev/null || { tail -n 30 "$STACK_LOG" >&2; echo "error: the server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "error: the server did not become ready" >&2
  exit 1
}
