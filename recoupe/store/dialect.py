"""What both store back-ends offer callers, and the translation of the SQLite dialect into PostgreSQL's.

Callers write SQLite SQL (`?` placeholders, `INSERT OR REPLACE`, `group_concat`) through
`store.conn.execute`; on PostgreSQL the connection adapter passes each distinct statement through
`SqlTranslator` once. The translator works on the text with its string literals, quoted names and comments
masked, so that a `?` or a parenthesis inside a literal is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    """The part of a DB-API cursor the store's callers use: iterate rows or fetch them, count changes."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> list[Any]:
        """Every remaining row."""

    def __iter__(self) -> Iterator[Any]:
        """The remaining rows, one by one."""

    @property
    def rowcount(self) -> int:
        """Rows changed by the statement (-1 when unknown)."""


class Connection(Protocol):
    """The part of a DB-API connection the store's callers use; rows support `row[0]` and `row["name"]`."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor:
        """Run one statement with its parameters."""

    def executemany(self, sql: str, parameters: Any, /) -> Cursor:
        """Run one statement once per parameter tuple."""

    def close(self) -> None:
        """Close the connection."""


class Dialect(Protocol):
    """What differs between the SQL of two back-ends, said once per back-end instead of rewritten in text.

    The store's queries are written in the SQL both back-ends share (`?` placeholders, standard joins,
    `ON CONFLICT DO NOTHING`, `coalesce`); where they part, a query asks its store's dialect.
    """

    name: str
    begin: str  # the statement that opens a write transaction
    ilike: str  # the operator matching a LIKE pattern without regard to case

    def upsert(self, table: str, columns: Sequence[str], keys: Sequence[str], renumber: bool = False) -> str:
        """An INSERT of `columns` (one `?` each) that replaces the row with the same `keys`; `renumber`: the
        replaced row counts as newly inserted (its `rowid` is new), as the duplicate finder's order needs."""

    def group_concat(self, expression: str, distinct: bool = False) -> str:
        """An aggregate joining the non-null text values of `expression` with commas."""

    def now_text(self) -> str:
        """An expression for the current UTC time as `YYYY-MM-DDTHH:MM:SSZ`, the server's clock."""


class SqliteDialect:
    """SQLite's dialect: REPLACE re-inserts a row, group_concat joins, LIKE already ignores case."""

    name = "sqlite"
    begin = "BEGIN IMMEDIATE"  # take the write lock at once: no deadlock between two readers turned writers
    ilike = "LIKE"

    def upsert(self, table: str, columns: Sequence[str], keys: Sequence[str], renumber: bool = False) -> str:
        """`INSERT OR REPLACE`: SQLite deletes the old row and inserts the new one (a new rowid, always)."""
        return f"INSERT OR REPLACE INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"

    def group_concat(self, expression: str, distinct: bool = False) -> str:
        """`group_concat([DISTINCT] x)`, comma-separated."""
        return f"group_concat({'DISTINCT ' if distinct else ''}{expression})"

    def now_text(self) -> str:
        """`strftime` of 'now', which SQLite takes in UTC."""
        return "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"


class PostgresDialect:
    """PostgreSQL's dialect: upserts name their conflict key, string_agg joins, ILIKE ignores case."""

    name = "postgres"
    begin = "BEGIN"
    ilike = "ILIKE"

    def upsert(self, table: str, columns: Sequence[str], keys: Sequence[str], renumber: bool = False) -> str:
        """`INSERT ... ON CONFLICT (keys) DO UPDATE` of the other columns; `renumber` also draws a new `rowid`
        from the table's sequence, as SQLite's REPLACE does."""
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        updates = [f"{c} = EXCLUDED.{c}" for c in columns if c not in keys]
        if renumber:
            updates.append("rowid = DEFAULT")
        if not updates:
            return f"{head} ON CONFLICT ({', '.join(keys)}) DO NOTHING"
        return f"{head} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}"

    def group_concat(self, expression: str, distinct: bool = False) -> str:
        """`string_agg([DISTINCT] (x)::text, ',')`."""
        return f"string_agg({'DISTINCT ' if distinct else ''}({expression})::text, ',')"

    def now_text(self) -> str:
        """`to_char` of now() in UTC (the same text as the column default of migration 0004)."""
        return "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


# Table name -> (primary key columns, whether the table has a `rowid` column).
TableInfo = Callable[[str], tuple[list[str], bool]]

_MASKED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.S)
_NAMED = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")  # `:name`, not the `::` of a cast
_LITERAL = re.compile(r"\x00(\d+)\x00")
_UPSERT = re.compile(r"^\s*(?:INSERT\s+OR\s+(REPLACE|IGNORE)|(REPLACE))\s+INTO\s+(\w+)\s*(\(([^)]*)\))?",
                     re.I | re.S)
_GROUP_CONCAT = re.compile(r"\bgroup_concat\s*\(", re.I)
_STRFTIME = re.compile(r"\bstrftime\s*\(\s*\x00(\d+)\x00\s*,\s*\x00(\d+)\x00\s*\)", re.I)
_DATETIME = re.compile(r"\b(datetime|date)\s*\(\s*\x00(\d+)\x00\s*\)", re.I)
_STRFTIME_CODES = {"%Y": "YYYY", "%m": "MM", "%d": "DD", "%H": "HH24", "%M": "MI", "%S": "SS", "%j": "DDD"}
_SIMPLE = [
    (re.compile(r"\bBEGIN\s+(IMMEDIATE|DEFERRED|EXCLUSIVE)\b", re.I), "BEGIN"),
    (re.compile(r"\bifnull\s*\(", re.I), "coalesce("),
    (re.compile(r"(?<!\w)IN\s*\(\s*\)", re.I), "IN (NULL)"),  # `x IN ()` is legal SQLite, an error in PG
    (re.compile(r"\bLIKE\b", re.I), "ILIKE"),  # SQLite's LIKE ignores case
]


class SqlTranslator:
    """Turns the SQLite statements recoupe's code uses into PostgreSQL ones, caching each translation."""

    def __init__(self, table_info: TableInfo) -> None:
        self._table_info = table_info
        self._cache: dict[tuple[str, bool], str] = {}

    def translate(self, sql: str, named: bool = False) -> str:
        """The PostgreSQL form of `sql` for psycopg (`%s` or `%(name)s` placeholders, `%` doubled)."""
        key = (sql, named)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._translate(sql, named)
        return found

    def _translate(self, sql: str, named: bool) -> str:
        literals: list[str] = []

        def mask(match: re.Match[str]) -> str:
            literals.append(match.group(0))
            return f"\x00{len(literals) - 1}\x00"

        text = _MASKED.sub(mask, sql)
        text = _STRFTIME.sub(lambda m: _to_char(literals, m.group(1), m.group(2)) or m.group(0), text)
        text = _DATETIME.sub(lambda m: _to_char_now(literals, m.group(1), m.group(2)) or m.group(0), text)
        text = _rewrite_group_concat(text)
        for pattern, replacement in _SIMPLE:
            text = pattern.sub(replacement, text)
        text = self._rewrite_upsert(text)
        text = text.replace("%", "%%")
        text = _NAMED.sub(r"%(\1)s", text) if named else text.replace("?", "%s")
        return _LITERAL.sub(lambda m: literals[int(m.group(1))].replace("%", "%%"), text)

    def _rewrite_upsert(self, text: str) -> str:
        match = _UPSERT.match(text)
        if match is None:
            return text
        table = match.group(3)
        body = f"INSERT INTO {table} {match.group(4) or ''}" + text[match.end():]
        body, semicolon = (body.rstrip()[:-1], ";") if body.rstrip().endswith(";") else (body.rstrip(), "")
        if match.group(1) and match.group(1).upper() == "IGNORE":
            return f"{body} ON CONFLICT DO NOTHING{semicolon}"
        keys, has_rowid = self._table_info(table)
        columns = [c.strip() for c in (match.group(5) or "").split(",") if c.strip()]
        key_names = {k.strip('"').lower() for k in keys}
        updates = [f"{c} = EXCLUDED.{c}" for c in columns if c.strip('"').lower() not in key_names]
        if has_rowid:  # REPLACE deletes and re-inserts: the row becomes the newest, as in SQLite
            updates.append("rowid = DEFAULT")
        if not keys or not updates:
            return f"{body} ON CONFLICT DO NOTHING{semicolon}"
        return f"{body} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}{semicolon}"


def _to_char(literals: list[str], fmt_index: str, when_index: str) -> str | None:
    """`strftime('<fmt>', 'now')` as `to_char` of the UTC time; None for any other strftime."""
    if literals[int(when_index)].lower() != "'now'":
        return None
    fmt = literals[int(fmt_index)][1:-1]
    parts = re.split(r"(%[a-zA-Z])", fmt)
    out = []
    for part in parts:
        if part in _STRFTIME_CODES:
            out.append(_STRFTIME_CODES[part])
        elif part.startswith("%"):
            return None
        else:  # letters and digits would be read as to_char patterns: quote them
            out.append(re.sub(r"[A-Za-z0-9]+", lambda m: f'"{m.group(0)}"', part.replace('"', "")))
    return _now_as(literals, "".join(out))


def _to_char_now(literals: list[str], function: str, when_index: str) -> str | None:
    """`datetime('now')` / `date('now')` as `to_char` of the UTC time."""
    if literals[int(when_index)].lower() != "'now'":
        return None
    return _now_as(literals, "YYYY-MM-DD HH24:MI:SS" if function.lower() == "datetime" else "YYYY-MM-DD")


def _now_as(literals: list[str], pg_format: str) -> str:
    literals.append("'" + pg_format.replace("'", "''") + "'")
    return f"to_char(now() AT TIME ZONE 'UTC', \x00{len(literals) - 1}\x00)"


def _rewrite_group_concat(text: str) -> str:
    """`group_concat([DISTINCT] x[, sep])` → `string_agg([DISTINCT] x::text, sep)` (',' by default)."""
    while (match := _GROUP_CONCAT.search(text)) is not None:
        start = match.end()
        depth, i, commas = 1, start, []
        while i < len(text) and depth:
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
            elif text[i] == "," and depth == 1:
                commas.append(i)
            i += 1
        if depth:
            return text  # unbalanced: leave it for the server to report
        inner_end = i - 1
        arg = text[start:commas[0]] if commas else text[start:inner_end]
        separator = text[commas[0] + 1:inner_end].strip() if commas else "','"
        distinct = re.match(r"\s*DISTINCT\s+", arg, re.I)
        head = "DISTINCT " if distinct else ""
        value = arg[distinct.end():] if distinct else arg
        replacement = f"string_agg({head}({value.strip()})::text, {separator})"
        text = text[:match.start()] + replacement + text[i:]
    return text
