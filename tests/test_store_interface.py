"""The store is reached through its methods only: no SQL, no connection, no database driver outside recoupe/store.

The checker walks every module of the package with `ast`; it is first tested on small sources of its own,
so that a checker that finds nothing cannot pass for a clean package.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import recoupe

PACKAGE = Path(recoupe.__file__).parent
STORE = PACKAGE / "store"
DRIVERS = ("sqlite3", "psycopg")
# A string that opens an SQL statement: a keyword, then a word or a parenthesis or `*` (so that prose such as
# "Update the page" or "with care" in a message is not taken for SQL).
SQL_START = re.compile(
    r"^(?:SELECT\s+(?:\*|\(|\d|DISTINCT\b|[\w.\"]+\s*(?:,|\(|FROM\b|AS\b))|INSERT\s+(?:OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b"
    r"|CREATE\s+(?:UNIQUE\s+|VIRTUAL\s+|TEMP\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b|DROP\s+(?:TABLE|INDEX|VIEW)\b"
    r"|ALTER\s+TABLE\b|PRAGMA\s+\w+|WITH\s+(?:RECURSIVE\s+)?\w+\s+AS\s*\(|REPLACE\s+INTO\b|SET\s+\w+\s*(?:=|TO)\b"
    r"|BEGIN(?:\s+IMMEDIATE|\s+EXCLUSIVE|\s+DEFERRED)?\s*;?$|COMMIT\s*;?$|ROLLBACK\s*;?$)",
    re.I,
)


def find_violations(source: str, filename: str = "<source>") -> list[str]:
    """`file:line: what` for each `.conn` access, driver import and SQL-looking string literal of a module."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            found.append(f"{filename}:{node.lineno}: attribute .conn")
        elif isinstance(node, ast.Import):
            found.extend(f"{filename}:{node.lineno}: import {a.name}" for a in node.names
                         if a.name.split(".")[0] in DRIVERS)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in DRIVERS:
            found.append(f"{filename}:{node.lineno}: import from {node.module}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_START.match(node.value.strip()):
            found.append(f"{filename}:{node.lineno}: SQL string {node.value.strip()[:50]!r}")
    return found


def test_checker_finds_a_connection_a_driver_and_sql() -> None:
    source = (
        "import sqlite3\n"
        "from psycopg import sql\n"
        "def f(store):\n"
        "    return store.conn.execute('select id from articles where story = ?')\n"
        "Q = '''\n   WITH x AS (SELECT 1) SELECT * FROM x'''\n"
        "P = 'PRAGMA query_only = ON'\n"
        "D = 'delete from dirty_stories'\n"
    )
    found = find_violations(source, "m.py")
    assert [f.split(": ")[1].split(" ")[0] for f in found].count("SQL") == 4
    assert "m.py:1: import sqlite3" in found
    assert "m.py:2: import from psycopg" in found
    assert "m.py:4: attribute .conn" in found


def test_checker_leaves_prose_alone() -> None:
    source = (
        "'''Select the stories to show, then update the page.'''\n"
        "HELP = 'Delete the old export first.'\n"
        "MSG = 'with care: select a store'\n"
        "X = 'Selection of articles'\n"
    )
    assert find_violations(source) == []


def test_no_sql_connection_or_driver_outside_the_store() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if STORE in path.parents:
            continue
        found += find_violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert not found, "\n".join(found)


def store_attributes(source: str, filename: str = "<source>") -> list[tuple[str, str]]:
    """(`file:line`, attribute) of each attribute read on a store in a module: on a name `store`, or on a name
    annotated with a `Store` type (`Store`, `api.Store`) in the function or module where it is read."""
    tree = ast.parse(source, filename)
    found = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))]:
        names = {"store"}
        for node in ast.walk(scope):
            if isinstance(node, ast.arg) and node.annotation is not None and _names_store(node.annotation):
                names.add(node.arg)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and _names_store(
                    node.annotation):
                names.add(node.target.id)
        for node in ast.walk(scope):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
                found.append((f"{filename}:{node.lineno}", node.attr))
    return sorted(set(found))


def _names_store(annotation: ast.expr) -> bool:
    """Whether a type annotation is the store type (`Store`, `api.Store`, `"Store"`, `Store | None`)."""
    text = ast.unparse(annotation).strip("'\"")
    return any(part.strip().split(".")[-1] == "Store" for part in text.split("|"))


def test_attribute_collector_sees_named_and_annotated_stores() -> None:
    source = (
        "def f(db: api.Store, other: int) -> None:\n"
        "    db.story_of_article('x')\n"
        "    other.real\n"
        "def g():\n"
        "    with open_store(':memory:') as store:\n"
        "        store.conn.execute('')\n"
    )
    assert [a for _, a in store_attributes(source)] == ["story_of_article", "conn"]


def test_every_store_attribute_used_outside_the_store_is_declared_on_the_interface() -> None:
    from recoupe.store.base import Store

    declared = set(dir(Store)) | set(Store.__annotations__)
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if STORE in path.parents:
            continue
        for where, attr in store_attributes(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent))):
            if attr not in declared:
                missing.append(f"{where}: store.{attr} is not declared on recoupe.store.base.Store")
    assert not missing, "\n".join(missing)
    assert "conn" not in {a for p in PACKAGE.rglob("*.py") if STORE not in p.parents
                          for _, a in store_attributes(p.read_text(encoding="utf-8"))}


# What one back-end says its own way (the dialect says it for the shared queries), and the shared modules.
ONE_DIALECT = re.compile(r"\bINSERT\s+OR\s+(?:REPLACE|IGNORE)\b|^\s*REPLACE\s+INTO\b|\bgroup_concat\s*\(|\bstring_agg\s*\("
                         r"|\bstrftime\s*\(|\bBEGIN\s+IMMEDIATE\b|\bifnull\s*\(|\bILIKE\b", re.I)
SHARED = ("common.py", "queries.py", "links.py", "browse.py")


def one_dialect_sql(source: str, filename: str = "<source>") -> list[str]:
    """`file:line: text` of each SQL string literal (or f-string part) using what only one back-end understands."""
    tree = ast.parse(source, filename)
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and ONE_DIALECT.search(node.value):
            found.append(f"{filename}:{node.lineno}: {node.value.strip()[:60]!r}")
    return found


def test_one_dialect_checker_finds_sqlite_only_sql() -> None:
    source = ("A = 'INSERT OR REPLACE INTO t (a) VALUES (?)'\n"
              "B = f'SELECT group_concat(DISTINCT {x}) FROM t'\n"
              "C = 'SELECT coalesce(a, 1) FROM t ON CONFLICT DO NOTHING'\n"
              "def f():\n    'Not SQL: says BEGIN IMMEDIATE in prose.'\n")
    assert [f.split(":")[1] for f in one_dialect_sql(source)] == ["1", "2"]


def test_shared_queries_speak_both_dialects() -> None:
    found = []
    for name in SHARED:
        path = STORE / name
        found += one_dialect_sql(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert not found, "ask the store's dialect (store.sql) instead:\n" + "\n".join(found)
