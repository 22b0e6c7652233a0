#!/usr/bin/env bash
# Builds the web app into web/dist: the wasm bundle, its JS glue, index.html and static assets.
#
# Installs what is missing first (idempotent):
#   - the wasm32-unknown-unknown target (rustup)
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
#   - wasm-opt from npm's binaryen@132 in .data/tools (Debian's binaryen breaks the module)
#   - wasm-split-cli, built from tools/wasm-split-cli (wasm_split_cli_support 0.2.4 with one rule
#     added: see tools/wasm-split-cli/PATCHED.md) into .data/tools/wasm-split
#
# The signed-in pages are lazy (web/src/app.rs): wasm-split cuts each group of pages out of the
# main module into a wasm module of its own, plus shared chunks for code several groups use;
# code SHARED_INTO_MAIN or more groups use stays in the main module.
# web/dist then holds the main module (loquent_web_bg.wasm, what every page load fetches), the
# split modules and chunks, and __wasm_split.js, which fetches them when a page first needs them.
#
# Env: WEB_SKIP_WASM_OPT=1 skips wasm-opt (faster local iterations).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

BINARYEN_VERSION=132
# Code at least this many of the lazy groups need stays in the main module: nearly every first
# load fetches it anyway, and as hundreds of tiny chunks it weighed more (PATCHED.md has the
# figures: 5 was the lightest largest first load for 16 groups; with the team and account pages, 6 is
# (353 KB against 355 KB); retune when adding groups).
SHARED_INTO_MAIN=${SHARED_INTO_MAIN:-6}
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

step "wasm-split-cli (tools/wasm-split-cli)"
WASM_SPLIT_SRC="$ROOT/tools/wasm-split-cli"
WASM_SPLIT="$TOOLS/wasm-split/bin/wasm-split-cli"
# Rebuilt when its sources change: the stamp is a hash of them.
SPLIT_STAMP="$(cd "$WASM_SPLIT_SRC" && find . -type f ! -path './target/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
if [[ -x "$WASM_SPLIT" && "$(cat "$TOOLS/wasm-split/stamp" 2>/dev/null)" == "$SPLIT_STAMP" ]]; then
  info "already built"
else
  info "building; takes about 3 minutes"
  CARGO_TARGET_DIR="$TOOLS/wasm-split/target" cargo install --path "$WASM_SPLIT_SRC" \
    --features build-binary --locked --force --root "$TOOLS/wasm-split"
  echo "$SPLIT_STAMP" > "$TOOLS/wasm-split/stamp"
fi

step "cargo build -p loquent-web --target $TARGET --profile $PROFILE"
START=$SECONDS
cargo build -p loquent-web --target "$TARGET" --profile "$PROFILE"
info "compiled in $((SECONDS - START)) s"
WASM_IN="$TARGET_DIR/$TARGET/$PROFILE/loquent-web.wasm"

step "wasm-split: the lazy pages out of the main module"
SPLIT="$TARGET_DIR/$TARGET/$PROFILE/wasm-split"
rm -rf "$SPLIT"
# The main module imports the loaders from ./__wasm_split.js, which gets the shared memory and
# function table from ./loquent_web.js (wasm-bindgen's glue): wasm-bindgen must keep the
# linker's `__indirect_function_table` export (--keep-lld-exports).
WASM_SPLIT_SHARED_INTO_MAIN=$SHARED_INTO_MAIN "$WASM_SPLIT" "$WASM_IN" "$SPLIT" --target web --out-name loquent_web
info "$(find "$SPLIT" -name '*.wasm' ! -name loquent_web.wasm | wc -l) split modules and chunks"

step "wasm-bindgen --target web → web/dist"
rm -rf "$DIST"
mkdir -p "$DIST"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$DIST" --out-name loquent_web \
  "$SPLIT/loquent_web.wasm"
find "$SPLIT" -name '*.wasm' ! -name loquent_web.wasm -exec cp {} "$DIST/" \;
cp "$SPLIT/__wasm_split.js" "$DIST/"
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
  # Every module loses its target_features and producers sections (no browser reads them; in
  # dozens of small chunks they add up).
  OPT=(-Oz "${FEATURES[@]}" --strip-target-features --strip-producers)
  step "wasm-opt ${OPT[*]} (main module, then the split modules two at a time)"
  "$WASM_OPT" "${OPT[@]}" "$WASM_OUT" -o "$WASM_OUT.opt"
  mv "$WASM_OUT.opt" "$WASM_OUT"
  info "main: $RAW_BEFORE → $(stat -c %s "$WASM_OUT") bytes"
  split_bytes() { find "$DIST" -name '*.wasm' ! -name loquent_web_bg.wasm -printf '%s\n' | awk '{ s += $1 } END { print s }'; }
  SPLIT_BEFORE=$(split_bytes)
  # (wasm-split writes a name subsection binaryen doesn't know; the names are dropped anyway.)
  find "$DIST" -name '*.wasm' ! -name loquent_web_bg.wasm -print0 |
    xargs -0 -P 2 -I{} "$WASM_OPT" "${OPT[@]}" {} -o {} 2> >(grep -v 'unknown name subsection' >&2)
  info "split modules: $SPLIT_BEFORE → $(split_bytes) bytes"
fi

step "voice.js: Twilio's Voice SDK and its glue (web/js), bundled with esbuild"
# Fetched by the dial pad the first time it opens, from Loquent itself (never a CDN). The
# versions are exact in web/js/package.json and locked in web/js/package-lock.json.
JS="$ROOT/web/js"
if [[ ! -x "$JS/node_modules/.bin/esbuild" ]] || [[ "$JS/package-lock.json" -nt "$JS/node_modules/.package-lock.json" ]]; then
  npm ci --prefix "$JS" --no-audit --no-fund --loglevel=error
fi
"$JS/node_modules/.bin/esbuild" "$JS/voice.mjs" --bundle --format=esm --minify --target=es2020 \
  --legal-comments=eof --log-level=warning --outfile="$DIST/voice.js"
# The SDK's licence (Apache-2.0) travels with it.
cp "$JS/node_modules/@twilio/voice-sdk/LICENSE.md" "$DIST/voice.LICENSE.md"
info "voice.js: $(($(stat -c %s "$DIST/voice.js") / 1024)) KB, $(($(gzip -9 -c "$DIST/voice.js" | wc -c) / 1024)) KB gzipped (loaded when the dial pad opens)"

step "index.html and static assets"
cp web/index.html "$DIST/"
cp -r web/static/. "$DIST/"
info "$(find "$DIST" -maxdepth 1 -type f ! -name '*.wasm' -printf '%f ' | xargs -n1 | sort | xargs)"
info "and $(find "$DIST" -maxdepth 1 -name '*.wasm' | wc -l) wasm modules"

JS_GZ=$(cat "$DIST/loquent_web.js" "$DIST/__wasm_split.js" | gzip -9 | wc -c)
CSS_GZ=$(gzip -9 -c "$DIST/styles.css" | wc -c)
step "Done: web/dist"
# The main module, then what each group of lazy pages adds when it is first shown (gzip -9 of
# each file, as the server sends them compressed).
# The budget holds for optimised modules only; without wasm-opt the figures are just shown.
if [[ "${WEB_SKIP_WASM_OPT:-0}" == 1 ]]; then
  python3 "$ROOT/scripts/web-sizes.py" "$DIST" --no-budget
else
  python3 "$ROOT/scripts/web-sizes.py" "$DIST"
fi
printf '    js glue (loquent_web.js, __wasm_split.js): %d KB gzipped, css: %d KB gzipped\n' \
  $((JS_GZ / 1024)) $((CSS_GZ / 1024))
