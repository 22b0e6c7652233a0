#!/usr/bin/env bash
# The project's Python tools, pinned in tests/contract/requirements.txt (the OpenAPI lint,
# schemathesis, openapi-python-client), in the venv .data/tools/py: installed on first use and
# again whenever the pinned list changes. Prints nothing when they are already there.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.data/tools/py"
WANTED="$ROOT/tests/contract/requirements.txt"

if ! cmp -s "$WANTED" "$VENV/requirements.txt" 2>/dev/null; then
  echo "Installing the Python tools into .data/tools/py"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$WANTED"
  cp "$WANTED" "$VENV/requirements.txt"
fi
