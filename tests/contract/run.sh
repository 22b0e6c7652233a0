#!/usr/bin/env bash
# The API contract, tried as an integrator would: schemathesis (property-based API testing) runs
# every operation of the committed spec against the real server, with an organization API key,
# every check, and the stateful phase; and a Python client generated from the same spec signs up,
# creates an agent and lists phone numbers.
#
# Expects DATABASE_URL (a server where it may create databases) and the server built
# (target/debug/loquent). Its tools (schemathesis, openapi-python-client) live in the project's
# Python venv, .data/tools/py (scripts/python-tools.sh installs them). Settings: tests/contract/schemathesis.toml.
# Reports land in .data/contract/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE="$ROOT/tests/contract"
VENV="$ROOT/.data/tools/py"
OUT="$ROOT/.data/contract"

"$ROOT/scripts/python-tools.sh"

# shellcheck source=../support/stack.sh
. "$ROOT/tests/support/stack.sh"
start_stack contract

export LOQUENT_URL="$STACK_URL" CONTRACT_EMAIL=owner@contract.example
CONTRACT_PASSWORD=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
export CONTRACT_PASSWORD
python3 "$HERE/setup.py" "$STACK_URL"
rm -rf "$OUT" && mkdir -p "$OUT"
# schemathesis replays the failures it cached on earlier runs first, bypassing the hooks' filters;
# each run starts from its seed alone, as it does on CI's fresh checkout.
rm -rf "$HERE/.schemathesis"

# The client first: schemathesis signs up and signs in thousands of times, and the server's rate
# limits (per address, as any caller's) would then refuse the client's sign-up.
echo "A typed client generated from openapi/openapi.json, used as an integrator would"
"$VENV/bin/openapi-python-client" generate --path "$ROOT/openapi/openapi.json" \
  --config "$HERE/client-config.yaml" --meta none --output-path "$OUT/client/loquent_client" \
  --overwrite >"$OUT/client-generation.log" 2>&1 || { cat "$OUT/client-generation.log" >&2; exit 1; }
if grep -q "WARNING" "$OUT/client-generation.log"; then
  cat "$OUT/client-generation.log" >&2
  echo "error: the spec has parts the client generator can't read" >&2
  exit 1
fi
PYTHONPATH="$OUT/client" "$VENV/bin/python" "$HERE/client_test.py" "$STACK_URL"

echo "schemathesis: every operation of openapi/openapi.json against $STACK_URL"
started=$(date +%s)
(cd "$HERE" && PYTHONPATH="$HERE" "$VENV/bin/st" --config-file "$HERE/schemathesis.toml" run "$ROOT/openapi/openapi.json" \
  --url "$STACK_URL" \
  --report junit,ndjson --report-dir "$OUT" "$@")
echo "schemathesis took $(( $(date +%s) - started )) s"
