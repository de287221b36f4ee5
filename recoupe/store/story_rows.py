"""Store access for the story clusterer kept as rows (migration 0017): centroid postings by term, the articles
of the active stories, document frequencies by term.

A cold start restores the clusterer from its head and reads here only the rows an article reaches
(`recoupe.link.story_lazy`); each link batch writes the rows it changed (`save_story_rows`). Functions over a
`Store`, as in `links.py`; every write joins the caller's transaction when there is one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from recoupe.store.base import Store
from recoupe.store.links import save_link_state
from recoupe.store.queries import chunk_values, in_marks

# The link_state row of the clusterer's head.
HEAD = "stories"


def save_story_rows(store: Store, head: dict[str, Any], states: list[dict[str, Any]],
                    postings: list[tuple[str, str, float]], dropped: list[tuple[str, str]],
                    members: list[tuple[str, str]], retired: list[str], left: list[str], whole: bool) -> None:
    """Save the clusterer's head and the states of the stories given; drop the postings `dropped` (terms that
    left a centroid, or of a retired story), file the postings given (new or changed weights); drop the articles
    `left` (of retired stories), then add those given; forget the states of the stories retired. `whole`: these
    are every story's rows (the saved ones are dropped first)."""
    with store.transaction():
        save_link_state(store, HEAD, head)
        if whole:
            for table in ("story_states", "story_terms", "story_members"):
                store.conn.execute(f"DELETE FROM {table}")  # fixed table names, no input
        for chunk in chunk_values(retired):
            store.conn.execute(f"DELETE FROM story_states WHERE id IN ({in_marks(chunk)})", chunk)
        store.conn.executemany("DELETE FROM story_terms WHERE term = ? AND story_id = ?", dropped)
        store.conn.executemany("DELETE FROM story_members WHERE article_id = ?", [(a,) for a in left])
        store.conn.executemany(store.sql.upsert("story_states", ("id", "state"), keys=("id",)),
                               [(s["id"], json.dumps(s, ensure_ascii=False, separators=(",", ":"))) for s in states])
        store.conn.executemany("INSERT INTO story_terms (term, story_id, weight) VALUES (?, ?, ?)"
                               " ON CONFLICT (term, story_id) DO UPDATE SET weight = excluded.weight", postings)
        store.conn.executemany(store.sql.upsert("story_members", ("article_id", "story_id"), keys=("article_id",)),
                               members)


def save_feature_frequencies(store: Store, space: str, rows: list[tuple[str, int, int]], whole: bool) -> None:
    """Save document frequencies of one space as (term, frequency, order) rows: a saved term keeps its order;
    `whole`: the rows replace the space's."""
    with store.transaction():
        if whole:
            store.conn.execute("DELETE FROM feature_frequencies WHERE space = ?", (space,))
        store.conn.executemany(
            "INSERT INTO feature_frequencies (space, term, df, seq) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (space, term) DO UPDATE SET df = excluded.df",
            [(space, term, df, seq) for term, df, seq in rows])


def find_story_postings(store: Store, keys: Sequence[str]) -> dict[str, list[tuple[str, float]]]:
    """The (story id, weight) postings saved under each of these term keys that has some."""
    found: dict[str, list[tuple[str, float]]] = {}
    for chunk in chunk_values(list(dict.fromkeys(keys))):
        for term, story_id, weight in store.conn.execute(
                f"SELECT term, story_id, weight FROM story_terms WHERE term IN ({in_marks(chunk)})", chunk):
            found.setdefault(term, []).append((story_id, float(weight)))
    return found


def find_member_story(store: Store, article_id: str) -> str | None:
    """The active story an article was saved in, if any."""
    row = store.conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
    return str(row[0]) if row else None


def load_feature_frequencies(store: Store, space: str, terms: Sequence[str]) -> dict[str, int]:
    """The saved document frequencies of these terms in one space."""
    found: dict[str, int] = {}
    for chunk in chunk_values(list(dict.fromkeys(terms))):
        found.update((r[0], int(r[1])) for r in store.conn.execute(
            f"SELECT term, df FROM feature_frequencies WHERE space = ? AND term IN ({in_marks(chunk)})",
            [space, *chunk]))
    return found


def list_feature_frequencies(store: Store, space: str) -> list[tuple[str, int]]:
    """Every saved document frequency of one space, in the space's order."""
    return [(r[0], int(r[1])) for r in store.conn.execute(
        "SELECT term, df FROM feature_frequencies WHERE space = ? ORDER BY seq", (space,))]


