"""Schemathesis hooks for the sandbox, loaded through SCHEMATHESIS_HOOKS by test/sandbox/schemathesis-run.ts.

- `refused_request_changes_nothing`, a check: before every request the sandbox's SQLite file (SANDBOX_DB, opened
  read-only; the sandbox commits before it answers) is digested; when the answer is an error (4xx or 5xx) it is
  digested again, and any difference fails the check naming the tables that changed. Meaningful only with one
  worker: a concurrent request would change the file.
- Unicode property escapes: the contract's patterns use `\p{Cc}`, `\p{Cf}`, `\p{Zl}`, `\p{Zp}` and `\p{Cs}`
  (ECMAScript, as Ajv reads them), which Python's `re`, and so Schemathesis's generator, cannot read. Before the
  schema loads, each is spelled out as the code point ranges of that category (from `unicodedata`); `\p{Cs}` is
  dropped, as Python strings that go out as JSON never hold lone surrogates. The sets are the same.
"""

import hashlib
import os
import re
import sqlite3
import sys
import unicodedata
from contextlib import closing

import schemathesis

_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")


def _spans() -> dict[str, list[tuple[int, int]]]:
    """The code point ranges of each category in _CATEGORIES but Cs, in one pass over Unicode."""
    spans: dict[str, list[tuple[int, int]]] = {category: [] for category in _CATEGORIES if category != "Cs"}
    for point in range(sys.maxunicode + 1):
        found = spans.get(unicodedata.category(chr(point)))
        if found is None:
            continue
        if found and found[-1][1] == point - 1:
            found[-1] = (found[-1][0], point)
        else:
            found.append((point, point))
    return spans


def _escape(point: int) -> str:
    return f"\\u{point:04X}" if point <= 0xFFFF else f"\\U{point:08X}"


_SPELLED = {
    f"\\p{{{category}}}": "".join(_escape(a) if a == b else f"{_escape(a)}-{_escape(b)}" for a, b in spans)
    for category, spans in _spans().items()
}
_SPELLED["\\p{Cs}"] = ""


def _spell_out(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = re.sub(r"\\p\{(\w+)\}", lambda m: _SPELLED.get(m.group(0), m.group(0)), value)
            else:
                _spell_out(value)
    elif isinstance(node, list):
        for item in node:
            _spell_out(item)


@schemathesis.hook
def before_load_schema(context, raw_schema):
    _spell_out(raw_schema)


_DB = os.environ["SANDBOX_DB"]
_before: dict[int, dict[str, str]] = {}


def _digest() -> dict[str, str]:
    """One hash per table of every row, order-independent (memberships and connections have no rowid)."""
    with closing(sqlite3.connect(f"file:{_DB}?mode=ro", uri=True)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: hashlib.sha256(
                repr(sorted(repr(row) for row in db.execute(f'SELECT * FROM "{table}"'))).encode()
            ).hexdigest()
            for table in tables
        }


@schemathesis.hook
def before_call(context, case, kwargs):
    _before[id(case)] = _digest()


@schemathesis.check
def refused_request_changes_nothing(ctx, response, case):
    """A request the sandbox refused (4xx or 5xx) leaves its database as it was."""
    if response.status_code < 400:
        return None
    before = _before.pop(id(case), None)
    if before is None:
        return None
    after = _digest()
    changed = sorted(table for table in set(before) | set(after) if before.get(table) != after.get(table))
    if changed:
        raise AssertionError(
            f"{case.method} {case.path} was refused with {response.status_code} but changed: {', '.join(changed)}"
        )
    return None
