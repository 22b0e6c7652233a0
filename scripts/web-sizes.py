#!/usr/bin/env python3
"""Prints what the built web app (web/dist) makes a browser download, gzip -9, in KB.

The main module (loquent_web_bg.wasm) is fetched by every page load. Each group of lazy pages
(web/src/app.rs) is a split module plus the shared chunks it needs; __wasm_split.js, written by
wasm-split, names them. A first page load fetches the main module and, for a signed-in page,
its group: `first load` is that sum, the figure the bundle's budget is about. A page whose first
load is over the budget fails the build: split its group, or make it lighter.
"""

import gzip
import re
import sys
from pathlib import Path

args = [a for a in sys.argv[1:] if not a.startswith("--")]
dist = Path(args[0] if args else "web/dist")
enforce = "--no-budget" not in sys.argv
# What the first load of any page may weigh, gzip -9: under it a page is interactive in about a
# second on a 3 Mbit/s link. 350 KB until the team and account pages (README, "The web bundle"):
# the components they share with other pages crossed into the main module (+13 KB).
BUDGET = 355 * 1024


def gz(name: str) -> int:
    return len(gzip.compress((dist / name).read_bytes(), 9))


def raw(name: str) -> int:
    return (dist / name).stat().st_size


def kb(n: int) -> str:
    return f"{n / 1024:.0f} KB"


main_raw, main_gz = raw("loquent_web_bg.wasm"), gz("loquent_web_bg.wasm")
print(f"    wasm main module: {kb(main_raw)} raw, {kb(main_gz)} gzipped (sign-in pages, app frame)")

split_js = (dist / "__wasm_split.js").read_text()
chunks = dict(
    re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', split_js)
)
groups = re.findall(
    r'export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*'
    r'const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]\)\);',
    split_js,
    re.S,
)
worst = 0
for name, module, deps in sorted(groups):
    files = [module] + [chunks[d.strip()] for d in deps.split(",") if d.strip()]
    group_gz = sum(gz(f) for f in files)
    worst = max(worst, group_gz)
    print(
        f"    + {name:<16} {len(files):3d} files, {kb(sum(raw(f) for f in files)):>7} raw, "
        f"{kb(group_gz):>7} gzipped → first load {kb(main_gz + group_gz)}"
    )
total = sum(gz(p.name) for p in dist.glob("*.wasm"))
print(f"    first load, largest: {kb(main_gz + worst)} gzipped; all wasm together: {kb(total)} gzipped")
if enforce and main_gz + worst > BUDGET:
    print(f"error: a page's first load is over the {kb(BUDGET)} budget", file=sys.stderr)
    sys.exit(1)
