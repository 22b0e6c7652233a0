#!/usr/bin/env python3
"""One module owns each table: fails when server code writes a table outside its owner's folder.

The owner map is server/src/db/table_owners.txt (table -> folder under server/src). Every
table declared in server/src/db/schema.rs must have an owner there.

A write is a diesel insert, update or delete: `diesel::insert_into(t::table)` (also the method
form `.insert_into(t::table)` and `replace_into`), `diesel::update(t::table…)`,
`diesel::delete(t::table…)` (also imported bare from diesel), and `INSERT INTO t`, `UPDATE t`,
`DELETE FROM t` in a `sql_query` string. The table is the first `<name>::table` in the call's
argument, with `use crate::db::schema::{t as alias}` aliases resolved. When the argument names
no table (a helper such as `scoped(id)` builds it), the write counts against every schema table
the file imports, so such a helper passes only in a file that imports its owner's tables alone.
Comments are ignored, and so is code in string literals.

    scripts/check-table-owners.py              self-test, then check this checkout
    scripts/check-table-owners.py --no-self-test [ROOT]
"""

from __future__ import annotations

import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SCHEMA = Path("server/src/db/schema.rs")
OWNERS = Path("server/src/db/table_owners.txt")
SOURCES = Path("server/src")


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def mask(source: str) -> tuple[str, list[tuple[int, int]]]:
    """The source with comments and string contents blanked (offsets and newlines kept), and
    the (start, end) span of every string literal's contents."""
    out = list(source)
    strings: list[tuple[int, int]] = []
    i, n = 0, len(source)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
            blank(i, end)
            i = end
        elif source.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if source.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif source.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif m := re.compile(r'b?r(#*)"').match(source, i):
            if i > 0 and (source[i - 1].isalnum() or source[i - 1] == "_"):
                i += 1
                continue
            close = '"' + m.group(1)
            start = m.end()
            end = source.find(close, start)
            end = n if end < 0 else end
            strings.append((start, end))
            blank(start, end)
            i = end + len(close)
        elif c == '"':
            j = i + 1
            while j < n and source[j] != '"':
                j += 2 if source[j] == "\\" else 1
            strings.append((i + 1, j))
            blank(i + 1, j)
            i = j + 1
        elif c == "'":
            # A char literal ('x', '\n', '\u{1F600}'), or else a lifetime.
            m = re.compile(r"'(\\(u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|.)|[^\\'])'").match(source, i)
            if m:
                blank(i + 1, m.end() - 1)
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out), strings


def balanced_end(code: str, open_paren: int) -> int:
    """The index just past the parenthesis matching the one at `open_paren`."""
    depth = 0
    for k in range(open_paren, len(code)):
        if code[k] == "(":
            depth += 1
        elif code[k] == ")":
            depth -= 1
            if depth == 0:
                return k + 1
    return len(code)


SCHEMA_USE = re.compile(r"\buse\s+(?:crate|loquent_server)::db::schema::([^;]+);")


def schema_aliases(code: str, tables: set[str]) -> dict[str, str]:
    """Local name -> table, from the file's `use …::db::schema::…` imports."""
    aliases: dict[str, str] = {}
    for m in SCHEMA_USE.finditer(code):
        body = m.group(1).strip()
        if body == "*":
            aliases.update({t: t for t in tables})
            continue
        body = body.strip("{}")
        for item in body.split(","):
            parts = item.split()
            if not parts:
                continue
            name = parts[0].split("::")[0]
            local = parts[2] if len(parts) == 3 and parts[1] == "as" else name
            if name in tables:
                aliases[local] = name
    return aliases


WRITE_CALL = re.compile(
    r"(?P<prefix>\bdiesel::|\.|(?<![\w:.]))"
    r"(?P<verb>insert_into|replace_into|insert_or_ignore_into|update|delete)\s*\("
)
BARE_DIESEL_USE = re.compile(r"\buse\s+diesel::(?:\{[^}]*\b(update|delete)\b[^}]*\}|(update|delete)\b)")
TABLE_IN_ARG = re.compile(r"(?<![\w])(?:(?:crate|loquent_server)::db::schema::)?(\w+)::table\b")
SQL_QUERY = re.compile(r"\bsql_query\s*\(")
SQL_WRITE = re.compile(
    r'(?i)(?<!\bfor\s)(?<!\bdo\s)\b(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?'
)


def writes_in(source: str, tables: set[str]) -> list[tuple[int, set[str], str]]:
    """Every write in one file: (line, tables it may write, what was found)."""
    code, strings = mask(source)
    aliases = schema_aliases(code, tables)
    bare_ok = BARE_DIESEL_USE.search(code) is not None
    line_of = lambda pos: code.count("\n", 0, pos) + 1  # noqa: E731
    found: list[tuple[int, set[str], str]] = []
    for m in WRITE_CALL.finditer(code):
        verb, prefix = m.group("verb"), m.group("prefix")
        if prefix == "." and verb != "insert_into":
            continue  # `.update(…)` and `.delete(…)` are other types' methods
        if prefix == "":
            before = code[max(0, m.start() - 3) : m.start()]
            if before.endswith(("fn ", "[")):
                continue  # a function of that name, or an attribute such as `#[delete("/…")]`
            if verb in ("update", "delete") and not bare_ok:
                continue
        open_paren = m.end() - 1
        arg = code[open_paren : balanced_end(code, open_paren)]
        named = [t.group(1) for t in TABLE_IN_ARG.finditer(arg)]
        named = [aliases.get(t, t) for t in named if aliases.get(t, t) in tables]
        if named:
            targets = {named[0]}
        else:
            targets = set(aliases.values())
        found.append((line_of(m.start()), targets, f"{verb}(…)"))
    for m in SQL_QUERY.finditer(code):
        open_paren = m.end() - 1
        end = balanced_end(code, open_paren)
        for start, stop in strings:
            if open_paren < start < end:
                for w in SQL_WRITE.finditer(source[start:stop]):
                    table = w.group(1).lower()
                    if table in tables:
                        found.append((line_of(start + w.start()), {table}, "sql_query(…)"))
    return found


def read_owners(root: Path) -> tuple[dict[str, str], list[Violation]]:
    schema = (root / SCHEMA).read_text()
    declared = re.findall(r"diesel::table!\s*\{\s*(?:[\w:]+\.)?(\w+)\s*\(", schema)
    owners: dict[str, str] = {}
    problems: list[Violation] = []
    for number, raw in enumerate((root / OWNERS).read_text().splitlines(), 1):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        if len(line) != 2:
            problems.append(Violation(str(OWNERS), number, "expected `table owner-folder`"))
            continue
        table, folder = line
        owners[table] = folder.strip("/")
        if not (root / SOURCES / folder).is_dir():
            problems.append(Violation(str(OWNERS), number, f"no folder server/src/{folder}"))
        if table not in declared:
            problems.append(Violation(str(OWNERS), number, f"`{table}` is not in schema.rs"))
    for table in declared:
        if table not in owners:
            problems.append(Violation(str(SCHEMA), 1, f"table `{table}` has no owner in {OWNERS}"))
    return owners, problems


def check(root: Path) -> list[Violation]:
    owners, violations = read_owners(root)
    tables = set(owners)
    for path in sorted((root / SOURCES).rglob("*.rs")):
        rel = path.relative_to(root / SOURCES).as_posix()
        if rel == "db/schema.rs":
            continue
        for line, targets, what in writes_in(path.read_text(), tables):
            if not targets:
                violations.append(Violation(
                    str(SOURCES / rel), line,
                    f"{what} names no table and the file imports none from db::schema; "
                    "write `<table>::table` in the call",
                ))
            for table in sorted(targets):
                owner = owners[table]
                if rel != owner and not rel.startswith(owner + "/"):
                    violations.append(Violation(
                        str(SOURCES / rel), line,
                        f"{what} writes `{table}`, owned by server/src/{owner}: call a function "
                        "of that module instead",
                    ))
    return violations


# --- Self-test: a small tree with planted violations ------------------------------------------

PLANTED_SCHEMA = """
diesel::table! {
    call (id) { id -> Uuid, status -> Text, }
}
diesel::table! {
    phone_number (id) { id -> Uuid, }
}
diesel::table! {
    job (id) { id -> Uuid, }
}
"""
PLANTED_OWNERS = "# comment\ncall mods/call\nphone_number mods/phone\njob jobs\n"
PLANTED = {
    # The owner writes its own table, in every form: all allowed.
    "mods/call/queries.rs": """
use crate::db::schema::call;
pub async fn f() {
    diesel::insert_into(call::table).values(()).execute(c).await;
    diesel::update(call::table.find(id)).set(()).execute(c).await;
    diesel::delete(call::table).execute(c).await;
}
""",
    # Another module writes `call`: through an alias, across lines, in method form, raw SQL.
    "mods/twilio/stream/record.rs": """
use crate::db::schema::{call as calls, phone_number};
// diesel::delete(phone_number::table) in a comment is not a write
const NOTE: &str = "diesel::update(phone_number::table) in a string is not one either";
pub async fn f() {
    let x = 'a';
    diesel::insert_into(
        calls::table,
    )
    .values(());
    diesel::update(calls::table.filter(calls::id.eq_any(phone_number::table.select(phone_number::id))))
        .set(());
    (calls::status.eq("x"),).insert_into(calls::table);
    diesel::sql_query("UPDATE call SET status = 'done' WHERE id = $1");
    diesel::sql_query(r#"SELECT id FROM job FOR UPDATE SKIP LOCKED"#);
    hasher.update(b"x");
    queries::delete(c, id);
}
""",
    # A helper hides the table: allowed in a file importing only its owner's tables ...
    "mods/phone/queries.rs": """
use crate::db::schema::phone_number;
pub async fn f() { diesel::update(scoped(id)).set(()); }
""",
    # ... and a violation where the file imports another module's table.
    "mods/agent/queries.rs": """
use crate::db::schema::{phone_number, job};
use diesel::{delete, update};
fn update(x: u8) {}
pub async fn f() { update(scoped(id)).set(()); delete(job::table); }
#[delete("/agents/{id}")]
async fn g() {}
""",
    "jobs/queue.rs": """
pub async fn f() {
    diesel::sql_query("UPDATE job SET attempts = attempts + 1 WHERE id IN (SELECT id FROM job FOR UPDATE SKIP LOCKED)");
    diesel::update(crate::db::schema::call::table).set(());
}
""",
}
EXPECTED = [
    ("server/src/db/schema.rs", 1, "contact"),
    ("server/src/jobs/queue.rs", 3, "call"),
    ("server/src/mods/agent/queries.rs", 4, "job"),
    ("server/src/mods/agent/queries.rs", 4, "job"),
    ("server/src/mods/agent/queries.rs", 4, "phone_number"),
    ("server/src/mods/twilio/stream/record.rs", 6, "call"),
    ("server/src/mods/twilio/stream/record.rs", 10, "call"),
    ("server/src/mods/twilio/stream/record.rs", 12, "call"),
    ("server/src/mods/twilio/stream/record.rs", 13, "call"),
]


def table_named(message: str) -> str:
    m = re.search(r"`(\w+)`", message)
    return m.group(1) if m else ""


def self_test() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for folder in ("db", "mods/call", "mods/phone", "mods/agent", "mods/twilio/stream", "jobs"):
            (root / SOURCES / folder).mkdir(parents=True, exist_ok=True)
        (root / SCHEMA).write_text(
            PLANTED_SCHEMA + "diesel::table! {\n    contact (id) { id -> Uuid, }\n}\n"
        )
        (root / OWNERS).write_text(PLANTED_OWNERS)
        for rel, text in PLANTED.items():
            (root / SOURCES / rel).write_text(text.lstrip("\n"))
        got = check(root)
        found = sorted((v.path, v.line, table_named(v.message)) for v in got)
        if found != EXPECTED:
            print("check-table-owners self-test FAILED: planted violations were not caught exactly")
            print("  expected:", *sorted(EXPECTED), sep="\n    ")
            print("  found:", *got, sep="\n    ")
            sys.exit(2)


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--no-self-test"]
    if "--no-self-test" not in argv:
        self_test()
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    violations = check(root)
    for v in violations:
        print(v)
    if violations:
        print(f"\n{len(violations)} write(s) outside the table's owner (map: {OWNERS})")
        return 1
    print(f"table owners: every write is in its owner's module ({OWNERS})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
