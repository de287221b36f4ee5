"""The PostgreSQL back-end: the same `Store` on a shared server, for teams and concurrent writers.

`open_postgres_store(url)` connects with psycopg (an optional extra, imported here only), migrates the
database with `migrations/postgres/` (versions kept in a `schema_version` table) and returns a
`PostgresStore`: the SQL both back-ends share (`common.py`) with PostgreSQL's dialect, on a `PgConnection`
that takes the store's `?` placeholders and gives rows that answer `row[0]` and `row["name"]` like
`sqlite3.Row`. Full-text search is PostgreSQL's own, French stemming with accents folded (the `recoupe_fr`
configuration the first migration creates).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from recoupe.records import Article
from recoupe.store.base import SearchHit, SearchSyntaxError, StoreError
from recoupe.store.common import SqlStore, article_from_row, check_lock_name, list_migrations
from recoupe.store.dialect import Cursor, PostgresDialect, to_pyformat
from recoupe.store.search_terms import widen_websearch

log = logging.getLogger(__name__)

# The full-text document of an article; the same expression as the index in 0001_articles.sql, so that the
# planner uses that index. Titles weigh more than body text (A > B).
DOCUMENT = ("(setweight(to_tsvector('recoupe_fr', coalesce({a}title, '')), 'A')"
            " || setweight(to_tsvector('recoupe_fr', {a}clean_text), 'B'))")

# Snippet options: about a dozen words around the best match, as SQLite's snippet(..., 12) gives.
HEADLINE = "StartSel=[, StopSel=], MaxWords=14, MinWords=6, MaxFragments=1, FragmentDelimiter=…"

# How long a statement may wait for a row lock held by another writer before failing (milliseconds);
# the same 60 s as SQLite's busy timeout, for the same reason.
LOCK_TIMEOUT_MS = 60_000


def open_postgres_store(url: str) -> PostgresStore:
    """Connect to the database at `url`, migrate it, and return the store; one-line StoreError on failure."""
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(f"{redact_url(url)}: PostgreSQL needs psycopg: pip install 'recoupe[postgres]'") from exc
    where = describe_server(url)
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(f"cannot connect to PostgreSQL at {where}: {_reason(exc, url)}") from exc
    store = PostgresStore(PgConnection(raw), redact_url(url))
    try:
        store.migrate()
    except BaseException:
        store.close()
        raise
    return store


def redact_url(url: str) -> str:
    """The URL without its password (in the user part or as `?password=`), fit for messages and `store.path`."""
    url = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)


def describe_server(url: str) -> str:
    """`host:port/dbname` of a PostgreSQL URL, for error messages (never the password)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(url)
    except psycopg.Error as exc:
        raise StoreError(f"{redact_url(url)}: not a valid PostgreSQL URL ({_reason(exc, url)})") from exc
    host = info.get("host") or info.get("hostaddr") or "localhost"
    return f"{host}:{info.get('port') or 5432}/{info.get('dbname') or info.get('user') or ''}"


def _reason(exc: BaseException, url: str) -> str:
    """The first meaningful line of a driver error, with any password of the URL blanked out."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    reason = lines[0] if lines else type(exc).__name__
    for secret in re.findall(r"://[^:/@]*:([^@/]+)@|[?&]password=([^&]+)", url):
        for part in secret:
            if part:
                reason = reason.replace(part, "***")
    return reason


class Row:
    """One result row: by position (`row[0]`), by column name (`row["id"]`, any case), iterable like a tuple."""

    __slots__ = ("_columns", "_index", "_values")

    def __init__(self, columns: tuple[str, ...], index: dict[str, int], values: Sequence[Any]) -> None:
        self._columns = columns
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            position = self._index.get(key)
            if position is None:
                position = self._index.get(key.lower())
            if position is None:
                raise IndexError(f"no column named {key!r}")
            return self._values[position]
        return self._values[key]

    def keys(self) -> list[str]:
        """Column names, in order."""
        return list(self._columns)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Row | tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row{self._values!r}"


def _row_factory(cursor: Any) -> Any:
    """psycopg row factory building `Row`s that share one name → position map per result."""
    columns = tuple(column.name for column in cursor.description or [])
    index: dict[str, int] = {}
    for position, name in enumerate(columns):
        index.setdefault(name, position)  # first of duplicate names wins, as in sqlite3.Row
    for name, position in list(index.items()):
        index.setdefault(name.lower(), position)

    def make(values: Sequence[Any]) -> Row:
        return Row(columns, index, values)

    return make


class PgCursor:
    """The result of one statement, shaped like a sqlite3 cursor (`fetchone` is None after a write)."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._cursor.fetchone() if self._cursor.description is not None else None

    def fetchall(self) -> list[Any]:
        """Every remaining row."""
        return list(self._cursor.fetchall()) if self._cursor.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        """Rows changed by the statement (-1 when unknown)."""
        return int(self._cursor.rowcount)


class PgConnection:
    """A psycopg connection taking the store's `?` placeholders: `execute(sql, params)` as sqlite3 has it.

    The SQL is PostgreSQL's as written (the store's queries use what both back-ends share, and their dialect
    for the rest); only the parameter style is changed, once per distinct statement.
    """

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self._formatted: dict[str, str] = {}

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        """Run one statement with its parameters."""
        params = tuple(parameters or ())
        cursor = self.raw.cursor(row_factory=_row_factory)
        self._run(lambda: cursor.execute(self._format(sql), params))
        return PgCursor(cursor)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        """Run one statement for every parameter tuple (pipelined by psycopg)."""
        rows = [tuple(r) for r in parameters]
        cursor = self.raw.cursor(row_factory=_row_factory)
        if rows:
            self._run(lambda: cursor.executemany(self._format(sql), rows))
        return PgCursor(cursor)

    def _format(self, sql: str) -> str:
        """`sql` in psycopg's parameter style, remembered (the store runs few distinct statements many times)."""
        found = self._formatted.get(sql)
        if found is None:
            found = self._formatted[sql] = to_pyformat(sql)
        return found

    def run_script(self, script: str) -> None:
        """Run a script of several statements as written, without parameters: the migrations."""
        self._run(lambda: self.raw.execute(script))

    def native(self, sql: str, parameters: Sequence[Any] = ()) -> Cursor:
        """Run one native PostgreSQL statement (`%s` placeholders), for the PostgreSQL-only parts of the store."""
        cursor = self.raw.cursor(row_factory=_row_factory)
        self._run(lambda: cursor.execute(sql, tuple(parameters)))
        return PgCursor(cursor)

    def close(self) -> None:
        """Close the connection."""
        self.raw.close()

    def _run(self, call: Callable[[], object]) -> None:
        import psycopg

        try:
            call()
        except psycopg.OperationalError as exc:
            if isinstance(exc, psycopg.errors.QueryCanceled | psycopg.errors.LockNotAvailable):
                raise
            raise StoreError(f"PostgreSQL: {_reason(exc, '')}") from exc


class PostgresStore(SqlStore):
    """A recoupe store in a PostgreSQL database. Use `open_store("postgresql://...")` to get one."""

    def __init__(self, conn: PgConnection, path: str) -> None:
        self.conn = conn
        self.pg = conn
        self.path = path
        self.dialect = "postgres"
        self.sql = PostgresDialect()
        self.accent_folding = True
        self._depth = 0
        self._advisory: dict[str, int] = {}  # advisory lock name -> depth of nested holds
        self._cursor_names = itertools.count()
        self.pg.native(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")

    def close(self) -> None:
        """Close the connection."""
        self.pg.close()

    def iter_articles(self, with_edits: bool = False) -> Iterator[Article]:
        """Every stored article in id order, streamed through a server-side cursor (a few hundred in memory)."""
        name = f"recoupe_articles_{next(self._cursor_names)}"
        with self.pg.raw.cursor(name=name, row_factory=_row_factory, withhold=True) as cursor:
            # 200 rows a fetch: few round trips, and a few megabytes of text in memory at most
            cursor.itersize = 200
            cursor.execute("SELECT * FROM articles ORDER BY id")
            for row in cursor:
                article = article_from_row(row)
                if with_edits:
                    article.edits = self.edits(article.id)
                yield article

    def table_names(self) -> set[str]:
        """The tables of this database's search path (an older schema lacks the newer ones)."""
        return {r[0] for r in self.pg.native(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))"
            " AND table_type = 'BASE TABLE'")}

    @property
    def schema_version(self) -> int:
        """The schema version this database is at (0 when recoupe never wrote to it)."""
        row = self.pg.native("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not row[0]:
            return 0
        return int(self.pg.native("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])

    def migrate(self) -> int:
        """Apply every PostgreSQL migration newer than the database's version, one transaction each.

        Two processes opening a new database at once take turns (an advisory lock), so each migration
        runs once.
        """
        import psycopg

        migrations = list_migrations("postgres")
        latest = migrations[-1][0] if migrations else 0
        step = "schema_version"
        try:
            with self.exclusive("migrate"):
                self.pg.run_script("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                                   " name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                current = self.schema_version
                if current > latest:
                    raise StoreError(f"{self.path}: schema version {current} is newer than this recoupe knows"
                                     f" ({latest}); upgrade recoupe")
                for version, name, sql in migrations:
                    if version > current:
                        step = name
                        with self.transaction():
                            self.pg.run_script(sql)
                            self.pg.native("INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                                           (version, name))
        except psycopg.Error as exc:  # no rights to create tables, a half-made schema of another tool...
            raise StoreError(f"{self.path}: migration {step} failed ({_reason(exc, '')})") from exc
        self.accent_folding = self.pg.native(
            "SELECT 1 FROM pg_extension WHERE extname = 'unaccent'").fetchone() is not None
        if not self.accent_folding:
            log.warning("%s: the unaccent extension is not available; search does not fold accents"
                        " (install PostgreSQL's contrib package and run CREATE EXTENSION unaccent)", self.path)
        return self.schema_version

    def _lock_article(self, article_id: str) -> None:
        # Two writers saving one article take turns: without it both could delete nothing and insert twice.
        self.pg.native("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"recoupe:article:{article_id}",))

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold a PostgreSQL advisory lock named `name` for the block: one holder at a time across processes."""
        check_lock_name(name)
        if self._advisory.get(name):
            self._advisory[name] += 1
            try:
                yield
            finally:
                self._advisory[name] -= 1
            return
        key = f"recoupe:{name}"
        # wait as long as the holder needs (a link stage can take minutes): no lock_timeout for this one
        self.pg.native("SET lock_timeout = 0")
        try:
            self.pg.native("SELECT pg_advisory_lock(hashtext(%s))", (key,))
        finally:
            self.pg.native(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        self._advisory[name] = 1
        try:
            yield
        finally:
            self._advisory[name] = 0
            self.pg.native("SELECT pg_advisory_unlock(hashtext(%s))", (key,))

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search (web-search syntax: words, "a phrase", or, -word) over titles and texts, best first."""
        import psycopg

        document = DOCUMENT.format(a="a.")
        query = widen_websearch(self.conn, query)
        if "\x00" in query:
            raise SearchSyntaxError(f"cannot use search query {query!r}: it contains a NUL character")
        try:
            row = self.pg.native("SELECT numnode(websearch_to_tsquery('recoupe_fr', %s))", (query,)).fetchone()
            if not row[0]:
                raise SearchSyntaxError(f"cannot use search query {query!r}: it has no searchable word"
                                        " (only stop words or punctuation)")
            rows = self.pg.native(
                "WITH q AS (SELECT websearch_to_tsquery('recoupe_fr', %s) AS query)"
                f" SELECT a.id, a.title, a.source, a.published, ts_headline('recoupe_fr', a.clean_text, q.query,"
                f" '{HEADLINE}') AS snip, -ts_rank_cd({document}, q.query) AS rank"
                f" FROM articles a, q WHERE {document} @@ q.query ORDER BY rank, a.id LIMIT %s",
                (query, limit)).fetchall()
        except (psycopg.errors.SyntaxError, psycopg.DataError) as exc:
            raise SearchSyntaxError(f"cannot use search query {query!r}: {_reason(exc, '')}") from exc
        return [SearchHit(id=r[0], title=r[1], source=r[2], published=r[3], snippet=r[4], rank=float(r[5]))
                for r in rows]

    def full_text_condition(self, alias: str = "a") -> str:
        """A WHERE condition with one `?` (the query, web-search syntax) true for the articles `alias` that
        match it; the PostgreSQL twin of the SQLite FTS5 condition."""
        return f"{DOCUMENT.format(a=alias + '.')} @@ websearch_to_tsquery('recoupe_fr', ?)"

    def integrity_check(self) -> str:
        """"ok" when the database answers and holds every table of the schema (PostgreSQL checks the rest)."""
        missing = [t for t in ("articles", "edits", "entities", "stories", "story_entries")
                   if self.pg.native("SELECT to_regclass(%s) IS NULL", (t,)).fetchone()[0]]
        return "ok" if not missing else f"missing tables: {', '.join(missing)}"

    def set_read_only(self, mmap_bytes: int = 0) -> None:
        """Refuse every write in this session (a web server's); `mmap_bytes` is SQLite's and ignored here
        (the server caches pages for every session)."""
        self.pg.native("SET default_transaction_read_only = on")

    def change_stamp(self) -> tuple[object, ...]:
        """Values that change whenever an article is written or a story rewritten. PostgreSQL keeps no index on
        articles.rowid: its sequence says the same (it moves on every insert or rewrite of an article)
        without reading the table."""
        return tuple(self.pg.native(
            "SELECT (SELECT last_value FROM articles_rowid_seq), (SELECT count(*) FROM stories),"
            " (SELECT max(updated_at) FROM stories)").fetchone())

    def is_broken(self) -> bool:
        """Whether the connection is closed or was lost (server restart, network)."""
        return bool(self.pg.raw.closed or self.pg.raw.broken)

