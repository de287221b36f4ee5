"""The connection both store back-ends offer their query modules, and the SQL that differs between them.

The store's queries are written in the SQL SQLite and PostgreSQL share, with `?` placeholders; what one
back-end says otherwise (an upsert, a string aggregate, the time now, the opening of a write transaction) is
a method of its `Dialect`, chosen when the store is opened. Nothing rewrites one dialect into the other: the
PostgreSQL connection only changes the parameter style (`to_pyformat`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
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


# What `to_pyformat` leaves alone: string literals, quoted names and comments.
_MASKED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\*.*?\*/", re.S)


def to_pyformat(sql: str) -> str:
    """`sql` with the DB-API "qmark" placeholders the store writes (`?`, as sqlite3 takes them) in psycopg's
    "format" style (`%s`, with a literal `%` doubled). Only the parameter style changes, never the SQL: a `?`
    or `%` inside a string literal, a quoted name or a comment is kept as written."""
    out = []
    pos = 0
    for match in _MASKED.finditer(sql):
        out.append(sql[pos:match.start()].replace("%", "%%").replace("?", "%s"))
        out.append(match.group(0).replace("%", "%%"))
        pos = match.end()
    out.append(sql[pos:].replace("%", "%%").replace("?", "%s"))
    return "".join(out)
