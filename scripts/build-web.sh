#!/usr/bin/env bash
# Builds the web app into web/dist: the wasm bundle, its JS glue, index.html and static assets.
#
# Installs what is missing first (idempotent):
#   - the wasm32-unknown-unknown target (rustup)
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
#   - wasm-opt from npm's binaryen@132 in .data/tools (Debian's binaryen breaks the module)
#
# Env: WEB_SKIP_WASM_OPT=1 skips wasm-opt (faster local iterations).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BINARYEN_VERSION=132
TOOLS="$ROOT/.data/tools"
DIST="$ROOT/web/dist"
PROFILE=wasm-release
TARGET=wasm32-unknown-unknown
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

step() { printf '\n\033[1;35m==>\033[0m \033[1m%s\033[0m\n' "$*"; }
info() { printf '    %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"

step "Rust target $TARGET"
if rustup target list --installed | grep -qx "$TARGET"; then
  info "already installed"
else
  rustup target add "$TARGET"
fi

step "wasm-bindgen-cli (version from Cargo.lock)"
if [[ ! -f Cargo.lock ]]; then
  info "no Cargo.lock yet: resolving dependencies"
  cargo generate-lockfile
fi
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [[ -z "$WB_VERSION" ]]; then
  info "wasm-bindgen isn't in Cargo.lock yet: resolving loquent-web's dependencies"
  cargo update -p loquent-web >/dev/null 2>&1 || cargo generate-lockfile
  WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
fi
[[ -n "$WB_VERSION" ]] || { echo "error: no wasm-bindgen version in Cargo.lock" >&2; exit 1; }
HAVE_WB="$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)"
if [[ "$HAVE_WB" == "$WB_VERSION" ]]; then
  info "wasm-bindgen $WB_VERSION already installed"
else
  info "installing wasm-bindgen-cli $WB_VERSION (have: ${HAVE_WB:-none}); takes about 2 minutes"
  # Not --locked: its lockfile pins a yanked crate.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

step "wasm-opt (npm binaryen@$BINARYEN_VERSION in .data/tools)"
WASM_OPT="$TOOLS/node_modules/.bin/wasm-opt"
if [[ -x "$WASM_OPT" ]] && "$WASM_OPT" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  info "$("$WASM_OPT" --version) already installed"
else
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
  info "installed $("$WASM_OPT" --version)"
fi

step "cargo build -p loquent-web --target $TARGET --profile $PROFILE"
START=$SECONDS
cargo build -p loquent-web --target "$TARGET" --profile "$PROFILE"
info "compiled in $((SECONDS - START)) s"
WASM_IN="$TARGET_DIR/$TARGET/$PROFILE/loquent-web.wasm"

step "wasm-bindgen --target web → web/dist"
rm -rf "$DIST"
mkdir -p "$DIST"
wasm-bindgen --target web --no-typescript --out-dir "$DIST" --out-name loquent_web "$WASM_IN"
WASM_OUT="$DIST/loquent_web_bg.wasm"
RAW_BEFORE=$(stat -c %s "$WASM_OUT")

if [[ "${WEB_SKIP_WASM_OPT:-0}" == 1 ]]; then
  step "wasm-opt skipped (WEB_SKIP_WASM_OPT=1)"
else
  # wasm-bindgen drops the module's target_features section, so tell wasm-opt which features
  # rustc compiled with (today: bulk memory, multivalue, mutable globals, non-trapping float
  # conversion, reference types, sign extension). Exactly those: --all-features produces a
  # module Chromium rejects.
  FEATURES=()
  for feature in $(rustc --print cfg --target "$TARGET" | sed -n 's/^target_feature="\(.*\)"$/\1/p'); do
    case "$feature" in
      bulk-memory) FEATURES+=(--enable-bulk-memory --enable-bulk-memory-opt) ;;
      nontrapping-fptoint) FEATURES+=(--enable-nontrapping-float-to-int) ;;
      reference-types) FEATURES+=(--enable-reference-types --enable-call-indirect-overlong) ;;
      *) FEATURES+=("--enable-$feature") ;;
    esac
  done
  step "wasm-opt -Oz ${FEATURES[*]}"
  "$WASM_OPT" -Oz "${FEATURES[@]}" "$WASM_OUT" -o "$WASM_OUT.opt"
  mv "$WASM_OUT.opt" "$WASM_OUT"
  info "$RAW_BEFORE → $(stat -c %s "$WASM_OUT") bytes"
fi

step "index.html and static assets"
cp web/index.html "$DIST/"
cp -r web/static/. "$DIST/"
for f in "$DIST"/*; do info "$(basename "$f")"; done

RAW=$(stat -c %s "$WASM_OUT")
GZ=$(gzip -9 -c "$WASM_OUT" | wc -c)
JS_GZ=$(gzip -9 -c "$DIST/loquent_web.js" | wc -c)
CSS_GZ=$(gzip -9 -c "$DIST/styles.css" | wc -c)
step "Done: web/dist"
printf '    wasm: %d KB raw, %d KB gzipped\n' $((RAW / 1024)) $((GZ / 1024))
printf '    js glue: %d KB gzipped, css: %d KB gzipped\n' $((JS_GZ / 1024)) $((CSS_GZ / 1024))
