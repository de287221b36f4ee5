"""Store access for the institution resolver's kept units (migration 0016): per story, the units of its
descriptions of bodies grouped so far and the articles they were read from, so that a story joined by new
articles is grouped from those articles and its units, not from every entity it holds
(`recoupe.link.institutions`). Every write joins the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from recoupe.store.base import LinkedEntity, Store
from recoupe.store.queries import chunk_values, in_marks


def load_institution_coverage(store: Store, story_ids: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """For each story with kept units: (articles its units were read from, how many of those are still in the
    story, version of the kept units). Fewer still there means an article left (re-analysed or deleted)."""
    out: dict[str, tuple[int, int, int]] = {}
    for chunk in chunk_values(story_ids):
        for r in store.conn.execute(
                "SELECT s.story_id, s.articles, s.version, (SELECT count(*) FROM institution_articles i"
                " JOIN articles a ON a.id = i.article_id AND a.story = i.story_id WHERE i.story_id = s.story_id)"
                f" FROM institution_stories s WHERE s.story_id IN ({in_marks(chunk)})", chunk):
            out[str(r[0])] = (int(r[1]), int(r[3]), int(r[2]))
    return out


def list_uncovered_articles(store: Store, story_ids: Sequence[str]) -> dict[str, list[str]]:
    """The articles of each story that its kept units were not read from (those that joined it since)."""
    out: dict[str, list[str]] = {}
    for chunk in chunk_values(story_ids):
        for r in store.conn.execute(
                "SELECT a.story, a.id FROM articles a LEFT JOIN institution_articles i"
                " ON i.article_id = a.id AND i.story_id = a.story"
                f" WHERE a.story IN ({in_marks(chunk)}) AND i.article_id IS NULL ORDER BY a.id", chunk):
            out.setdefault(str(r[0]), []).append(str(r[1]))
    return out


def load_institution_units(store: Store, story_ids: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """The kept units of these stories: story -> global id -> JSON state."""
    out: dict[str, dict[str, dict[str, Any]]] = {s: {} for s in story_ids}
    for chunk in chunk_values(story_ids):
        for r in store.conn.execute(
                f"SELECT story_id, global_id, state FROM institution_units WHERE story_id IN ({in_marks(chunk)})", chunk):
            out[str(r[0])][str(r[1])] = json.loads(r[2])
    return out


DatedEntity = tuple[LinkedEntity, str | None]  # a linked entity and its article's publication date


def linked_entities_of_articles(store: Store, article_ids: Sequence[str], skip_type: str) -> list[DatedEntity]:
    """The linked entities (but those of type `skip_type`) of these articles, with their story and publication
    date, in publication order (undated last) then entity id, as `StoryQueries.linked_entities_in_stories`
    lists a story's."""
    return _list_dated(store, "e.article_id", article_ids, skip_type)


def linked_entities_of_stories(store: Store, story_ids: Sequence[str], skip_type: str) -> list[DatedEntity]:
    """`linked_entities_of_articles` for every article of these stories."""
    return _list_dated(store, "a.story", story_ids, skip_type)


def _list_dated(store: Store, column: str, values: Sequence[str], skip_type: str) -> list[DatedEntity]:
    """The linked entities whose `column` (a fixed name, not input) is among `values`, sorted in Python so that
    both back-ends give one order whatever their collation."""
    rows: list[tuple[tuple[bool, str, str], DatedEntity]] = []
    for chunk in chunk_values(values):
        for r in store.conn.execute(
                "SELECT e.id, e.article_id, a.story, e.name, e.aliases, l.global_id, a.published FROM entities e"
                " JOIN articles a ON a.id = e.article_id JOIN entity_links l ON l.entity_id = e.id"
                f" WHERE e.type != ? AND a.story IS NOT NULL AND {column} IN ({in_marks(chunk)})", [skip_type, *chunk]):
            entity = LinkedEntity(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5])
            rows.append(((r[6] is None, r[6] or "", r[0]), (entity, r[6])))
    rows.sort(key=lambda row: row[0])
    return [row for _, row in rows]


def save_institution_units(store: Store, story_id: str, version: int, units: dict[str, dict[str, Any]],
                           dropped: Sequence[str], whole: bool) -> None:
    """Write a story's changed units (all of them, in place of the kept ones, when `whole`) and drop the units
    whose entities joined another's global entity."""
    with store.transaction():
        if whole:
            store.conn.execute("DELETE FROM institution_units WHERE story_id = ?", (story_id,))
        store.conn.executemany("DELETE FROM institution_units WHERE story_id = ? AND global_id = ?",
                               [(story_id, gid) for gid in dropped])
        store.conn.executemany(
            store.sql.upsert("institution_units", ("story_id", "global_id", "state"), keys=("story_id", "global_id")),
            [(story_id, gid, json.dumps(state, ensure_ascii=False, separators=(",", ":")))
             for gid, state in units.items()])


def cover_institution_articles(store: Store, story_id: str, article_ids: Sequence[str], total: int,
                               version: int) -> None:
    """Note that a story's kept units now hold these articles too, `total` articles in all."""
    with store.transaction():
        store.conn.executemany(
            store.sql.upsert("institution_articles", ("article_id", "story_id"), keys=("article_id",)),
            [(aid, story_id) for aid in article_ids])
        store.conn.execute(
            store.sql.upsert("institution_stories", ("story_id", "articles", "version"), keys=("story_id",)),
            (story_id, total, version))


def drop_institution_units(store: Store) -> None:
    """Forget every story's kept units: the next grouping of each story reads it whole."""
    with store.transaction():
        for table in ("institution_units", "institution_articles", "institution_stories"):
            store.conn.execute(f"DELETE FROM {table}")  # fixed table names, no input
