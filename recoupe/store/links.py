"""Store access for what the link stage writes: stories, timelines, entities across articles, linker state.

Functions over a `Store` rather than more methods on it, so that the article
store stays small; every write joins the caller's transaction when there is one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from recoupe.records import Entity, Evidence, Mention, ReadArticle, Story, TimelineEntry
from recoupe.store.base import Store
from recoupe.store.queries import chunk_values


@dataclass(slots=True)
class StoryRow:
    """A story as listed: id, title, size, outlets and the span of publication dates."""

    id: str
    title: str
    articles: int
    sources: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None


# The link stage's tables, which `clear_links` empties ("dirty_stories" only exists in newer schemas).
LINK_TABLES = ("stories", "global_entities", "entity_links", "link_state", "entity_states", "article_signatures",
               "dirty_stories", "entity_keys", "timeline_candidates", "timeline_ledgers", "story_states",
               "signature_bands", "story_terms", "story_members", "feature_frequencies",
               "institution_stories", "institution_units", "institution_articles", "entity_members")


def clear_links(store: Store) -> None:
    """Take every article out of its story and empty the link stage's tables (in the caller's transaction)."""
    with store.transaction():
        store.conn.execute("UPDATE articles SET story = NULL, duplicate_of = NULL")
        present = store.table_names()
        for table in (t for t in LINK_TABLES if t in present):
            store.conn.execute(f"DELETE FROM {table}")  # fixed table names, no input


def save_link_state(store: Store, name: str, state: dict[str, Any]) -> None:
    """Persist one linker's JSON snapshot."""
    with store.transaction():
        store.conn.execute(store.sql.upsert("link_state", ("name", "state"), keys=("name",)),
                           (name, json.dumps(state, ensure_ascii=False, separators=(",", ":"))))


def load_link_state(store: Store, name: str) -> dict[str, Any] | None:
    """One linker's snapshot, or None when the store has never been linked."""
    row = store.conn.execute("SELECT state FROM link_state WHERE name = ?", (name,)).fetchone()
    return dict(json.loads(row[0])) if row else None


def save_entity_states(store: Store, counter: dict[str, Any], states: list[dict[str, Any]]) -> None:
    """Persist the entity linker's counter and the whole states of the global entities given (the ones that
    changed), lists included: their member rows, if any, are dropped (the state row's lists are the truth)."""
    with store.transaction():
        _upsert_states(store, counter, states)
        for chunk in chunk_values([s["id"] for s in states]):
            store.conn.execute(f"DELETE FROM entity_members WHERE global_id IN ({','.join('?' * len(chunk))})", chunk)


def save_entity_parts(store: Store, counter: dict[str, Any], states: list[dict[str, Any]],
                      members: list[tuple[str, str, int, str]]) -> None:
    """Persist the entity linker's counter, the states of the global entities given without their lists of
    local entities and articles, and the (global id, kind, seq, member) rows appended to those lists (kind "l"
    a local entity, "a" an article): a batch writes what it attached, not every list again (migration 0019)."""
    with store.transaction():
        _upsert_states(store, counter, states)
        store.conn.executemany(store.sql.upsert("entity_members", ("global_id", "kind", "seq", "member"),
                                                keys=("global_id", "kind", "seq")), members)


def _upsert_states(store: Store, counter: dict[str, Any], states: list[dict[str, Any]]) -> None:
    """Write the linker's counter and the given state rows, as they are (with or without their lists)."""
    save_link_state(store, "entities", counter)
    store.conn.executemany(store.sql.upsert("entity_states", ("id", "state"), keys=("id",)),
                           [(s["id"], json.dumps(s, ensure_ascii=False, separators=(",", ":"))) for s in states])


def _fill_members(store: Store, rows: list[dict[str, Any]], whole: bool = False) -> None:
    """Give the state rows saved without lists (`save_entity_parts`) their local entities and articles from
    entity_members, in order; `whole`: the rows are every saved state (one scan of the table, not by id)."""
    parted = {r["id"]: r for r in rows if "locals" not in r}
    for r in parted.values():
        r["locals"], r["articles"] = [], []
    if not parted:
        return
    query = "SELECT global_id, kind, member FROM entity_members"
    if whole:
        chunks: list[list[str]] = [[]]
    else:
        chunks = chunk_values(list(parted))
        query += " WHERE global_id IN ({})"
    for chunk in chunks:
        sql = query.format(",".join("?" * len(chunk))) + " ORDER BY global_id, kind, seq"
        for gid, kind, member in store.conn.execute(sql, chunk):
            row = parted.get(gid)
            if row is not None:
                row["locals" if kind == "l" else "articles"].append(member)


def save_entity_snapshot(store: Store, snapshot: dict[str, Any]) -> None:
    """Persist a whole entity-linker snapshot (as a Spark run writes it) as counter plus per-entity rows."""
    with store.transaction():
        store.conn.execute("DELETE FROM entity_states")
        store.conn.execute("DELETE FROM entity_members")
        drop_entity_keys(store)  # keys of the replaced entities: written again by the next link stage
        save_entity_states(store, {k: v for k, v in snapshot.items() if k != "entities"}, snapshot["entities"])


def load_entity_snapshot(store: Store) -> tuple[dict[str, Any] | None, bool]:
    """The entity linker's snapshot rebuilt from its rows (None when never linked), and whether it came from
    the whole-snapshot form of stores linked before migration 0007 (then every entity must be saved again)."""
    state = load_link_state(store, "entities")
    if state is None or "entities" in state:
        return state, state is not None
    rows = [json.loads(r[0]) for r in store.conn.execute("SELECT state FROM entity_states")]
    _fill_members(store, rows, whole=True)
    rows.sort(key=lambda s: int(s["id"][1:]))  # creation order, as the linker keeps them
    return {**state, "entities": rows}, False


def unlinked_article_ids(store: Store) -> list[str]:
    """Articles not yet in a story, oldest publication first (undated last), for online linking."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM articles WHERE story IS NULL ORDER BY published IS NULL, published, id")]


def linked_articles(store: Store) -> list[tuple[str, str]]:
    """(article id, story id) of every article in a story, oldest publication first, as linking goes."""
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT id, story FROM articles WHERE story IS NOT NULL ORDER BY published IS NULL, published, id")]


def set_article_links(store: Store, article_id: str, story: str | None, duplicate_of: str | None) -> None:
    """Record an article's story and the article it near-duplicates."""
    with store.transaction():
        store.conn.execute("UPDATE articles SET story = ?, duplicate_of = ? WHERE id = ?",
                           (story, duplicate_of, article_id))


def save_signature(store: Store, article_id: str, signature: bytes) -> None:
    """Keep an article's MinHash signature, so that near-duplicate search never recomputes it."""
    with store.transaction():
        # renumbered: the duplicate finder restores the most recently saved signatures first
        store.conn.execute(store.sql.upsert("article_signatures", ("article_id", "signature"), keys=("article_id",),
                                            renumber=True), (article_id, signature))
        # the bands of a replaced signature are stale: filed again with the new ones (signatures.py)
        store.conn.execute("DELETE FROM signature_bands WHERE article_id = ?", (article_id,))


def save_story(store: Store, story: Story, timeline: list[TimelineEntry]) -> None:
    """Write (or replace) a story's title and its whole timeline."""
    save_encoded_story(store, story, encode_entries(timeline))


def encode_entries(timeline: list[TimelineEntry]) -> list[tuple[Any, ...]]:
    """A timeline's entries as the rows `story_entries` stores (`entry_values` in column order): plain values,
    which a planning process hands to the writer far faster than the entries themselves."""
    return [tuple(entry_values(e).values()) for e in timeline]


def save_encoded_story(store: Store, story: Story, rows: list[tuple[Any, ...]]) -> None:
    """Write (or replace) a story's title and its whole timeline, given as encoded entries (`encode_entries`)."""
    with store.transaction():
        store.conn.execute(
            "INSERT INTO stories (id, title) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
            f" updated_at = {store.sql.now_text()}", (story.id, story.title))
        store.conn.execute("DELETE FROM story_entries WHERE story_id = ?", (story.id,))
        store.conn.executemany(
            f"INSERT INTO story_entries (story_id, seq, {', '.join(_ENTRY_COLUMNS)})"
            f" VALUES (?, ?, {', '.join('?' * len(_ENTRY_COLUMNS))})",
            [(story.id, i, *row) for i, row in enumerate(rows)])


# The columns of `story_entries` that hold an entry (beside its story and seq), in `entry_values`' order.
_ENTRY_COLUMNS = ("date", "precision", "event", "weight", "articles", "sources", "evidence", "other_dates",
                  "background")


def entry_values(e: TimelineEntry) -> dict[str, Any]:
    """A timeline entry as its `story_entries` row stores it, by column (lists and evidence as JSON)."""
    return {"date": e.date, "precision": e.precision, "event": e.event, "weight": e.weight,
            "articles": json.dumps(e.articles), "sources": json.dumps(e.sources, ensure_ascii=False),
            "evidence": json.dumps([m.to_dict() for m in e.evidence], ensure_ascii=False),
            "other_dates": json.dumps([[d, arts] for d, arts in e.other_dates]), "background": int(e.background)}


def stored_entries(timeline: list[TimelineEntry]) -> list[TimelineEntry]:
    """A timeline as `load_timeline` will read it back once saved: what storage keeps of each entry, no more."""
    stored = []
    for e in timeline:
        values = entry_values(e)
        values["weight"] = float(values["weight"])  # a REAL (DOUBLE PRECISION) column: read back as a float
        stored.append(entry_from_row(values))
    return stored


def delete_story(store: Store, story_id: str) -> None:
    """Drop a story that no article belongs to any more, with its timeline (not left behind, unlisted)."""
    with store.transaction():
        drop_timeline_state(store, story_id)
        store.conn.execute("DELETE FROM story_entries WHERE story_id = ?", (story_id,))
        store.conn.execute("DELETE FROM stories WHERE id = ?", (story_id,))


def load_story(store: Store, story_id: str) -> Story | None:
    """A story with its article ids (in publication order), or None."""
    row = store.conn.execute("SELECT id, title FROM stories WHERE id = ?", (story_id,)).fetchone()
    if row is None:
        return None
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM articles WHERE story = ? ORDER BY published IS NULL, published, id", (story_id,))]
    return Story(id=row[0], title=row[1], articles=ids)


def load_timeline(store: Store, story_id: str) -> list[TimelineEntry]:
    """A story's timeline entries, by date."""
    return [entry_from_row(r) for r in store.conn.execute(
        "SELECT * FROM story_entries WHERE story_id = ? ORDER BY seq", (story_id,))]


def entry_from_row(r: Any) -> TimelineEntry:
    """A timeline entry from its `story_entries` row (lists and evidence are stored as JSON)."""
    return TimelineEntry(
        date=r["date"], precision=r["precision"], event=r["event"], articles=json.loads(r["articles"]),
        evidence=[Evidence.from_dict(e) for e in json.loads(r["evidence"])], sources=json.loads(r["sources"]),
        weight=r["weight"], other_dates=[(d, list(arts)) for d, arts in json.loads(r["other_dates"])],
        background=bool(r["background"]))


def list_stories(store: Store, limit: int | None = None) -> list[StoryRow]:
    """Stories, largest first: id, title, article count, outlets, first and last publication dates."""
    sql = (
        f"SELECT s.id, s.title, count(a.id) AS n, {store.sql.group_concat('a.source', distinct=True)} AS sources,"
        " min(a.published) AS first, max(a.published) AS last"
        " FROM stories s JOIN articles a ON a.story = s.id GROUP BY s.id ORDER BY n DESC, first, s.id"
    )
    params: tuple[int, ...] = ()
    if limit:
        sql += " LIMIT ?"
        params = (limit,)
    return [StoryRow(id=r[0], title=r[1], articles=r[2], sources=sorted((r[3] or "").split(",")) if r[3] else [],
                     first=r[4], last=r[5]) for r in store.conn.execute(sql, params)]


def save_global_entities(store: Store, entities: list[Entity], links: dict[str, str]) -> None:
    """Upsert entities across articles (no mentions: those stay per article) and local → global links."""
    with store.transaction():
        store.conn.executemany(
            store.sql.upsert("global_entities", ("id", "name", "type", "aliases"), keys=("id",)),
            [(e.id, e.name, e.type, json.dumps(e.aliases, ensure_ascii=False)) for e in entities])
        store.conn.executemany(store.sql.upsert("entity_links", ("entity_id", "global_id"), keys=("entity_id",)),
                               list(links.items()))


def load_global_entities(store: Store) -> list[Entity]:
    """Every entity across articles with all its mentions in every article."""
    mentions: dict[str, list[Mention]] = {}
    for r in store.conn.execute(
        'SELECT l.global_id, m.article_id, m.start, m."end", m.text FROM entity_links l'
        " JOIN mentions m ON m.entity_id = l.entity_id ORDER BY m.article_id, m.start"
    ):
        mentions.setdefault(r[0], []).append(Mention(r[1], r[2], r[3], r[4]))
    return [Entity(name=r["name"], type=r["type"], mentions=mentions.get(r["id"], []),
                   aliases=json.loads(r["aliases"]), id=r["id"])
            for r in store.conn.execute("SELECT * FROM global_entities ORDER BY id")
            if r["id"] in mentions]


def global_entity_of(store: Store) -> dict[str, str]:
    """Local entity id → global entity id, for every linked entity."""
    return {r[0]: r[1] for r in store.conn.execute("SELECT entity_id, global_id FROM entity_links")}


def load_read_articles(store: Store, article_ids: list[str]) -> list[ReadArticle]:
    """The given articles with their readings and the article each near-duplicates (one query for those)."""
    duplicate = {r[0]: r[1] for r in store.conn.execute(
        f"SELECT id, duplicate_of FROM articles WHERE id IN ({','.join('?' * len(article_ids))})", article_ids)
        } if article_ids else {}
    items = []
    for aid in article_ids:
        article = store.get_article(aid)
        if article is not None:
            items.append(ReadArticle(article, store.reading(aid), duplicate.get(aid)))
    return items


# ---- lookups by key (recoupe.link.entities, lazy restore) -------------------------------------------------

# The link_state row saying that entity_keys holds the keys of every stored entity (absent: rebuild them).
ENTITY_KEYS_DONE = "entity_keys"
def save_entity_keys(store: Store, rows: list[tuple[str, str]]) -> None:
    """Add (key, global id) lookup rows; rows already there stay (an entity's keys only grow)."""
    with store.transaction():
        store.conn.executemany("INSERT INTO entity_keys (key, global_id) VALUES (?, ?) ON CONFLICT DO NOTHING", rows)


def drop_entity_keys(store: Store) -> None:
    """Forget every lookup key (their entities were replaced); the next link stage writes them again."""
    with store.transaction():
        if "entity_keys" in store.table_names():
            store.conn.execute("DELETE FROM entity_keys")
        store.conn.execute("DELETE FROM link_state WHERE name = ?", (ENTITY_KEYS_DONE,))


def entity_keys_complete(store: Store) -> bool:
    """Whether entity_keys holds the keys of every stored entity (written by a link stage since 0013)."""
    return load_link_state(store, ENTITY_KEYS_DONE) is not None


def mark_entity_keys_complete(store: Store) -> None:
    """Note that entity_keys now holds every stored entity's keys (in the transaction that wrote them)."""
    save_link_state(store, ENTITY_KEYS_DONE, {"version": 1})


def find_global_ids(store: Store, keys: list[str]) -> dict[str, list[str]]:
    """The global entities filed under each of `keys` (keys under which none is filed are absent)."""
    out: dict[str, list[str]] = {}
    for chunk in chunk_values(list(dict.fromkeys(keys))):
        for key, gid in store.conn.execute(
                f"SELECT key, global_id FROM entity_keys WHERE key IN ({','.join('?' * len(chunk))})", chunk):
            out.setdefault(key, []).append(gid)
    return out


def load_entity_states(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """The saved states of the given global entities, in creation order (those never saved are absent), with
    their lists; a state whose lists came from entity_members is marked "parted": True (its rows are saved)."""
    rows: list[dict[str, Any]] = []
    for chunk in chunk_values(list(dict.fromkeys(ids))):
        rows += [json.loads(r[0]) for r in store.conn.execute(
            f"SELECT state FROM entity_states WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
    parted = [r for r in rows if "locals" not in r]
    _fill_members(store, parted)
    for r in parted:
        r["parted"] = True
    rows.sort(key=lambda s: int(s["id"][1:]))
    return rows


def load_entity_counter(store: Store) -> dict[str, Any] | None:
    """The entity linker's counter row (or its whole pre-0007 snapshot), None when never linked."""
    return load_link_state(store, "entities")


# ---- stored timeline candidates (recoupe.link.timeline_update) ---------------------------------------------


@dataclass(slots=True)
class CandidateRow:
    """One stored timeline candidate: its article and place, date, block, the member keying its entry, state."""

    article: str
    seq: int
    date: str
    block: int
    cluster: tuple[str, int] | None
    state: dict[str, Any] | None = None  # None when only the light columns were asked for


def list_story_articles(store: Store, story_id: str) -> list[tuple[str, str, str | None, str | None]]:
    """(id, content hash, article it copies, published) of a story's articles, in publication order."""
    return [(r[0], r[1], r[2], r[3]) for r in store.conn.execute(
        "SELECT id, content_hash, duplicate_of, published FROM articles WHERE story = ?"
        " ORDER BY published IS NULL, published, id", (story_id,))]


def count_story_articles(store: Store) -> dict[str, int]:
    """The number of articles of each story."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT story, COUNT(*) FROM articles WHERE story IS NOT NULL GROUP BY story")}


def load_timeline_ledger(store: Store, story_id: str) -> dict[str, Any] | None:
    """What a story's stored timeline candidates were built from, or None (never built incrementally)."""
    row = store.conn.execute("SELECT state FROM timeline_ledgers WHERE story_id = ?", (story_id,)).fetchone()
    return dict(json.loads(row[0])) if row else None


def save_timeline_ledger(store: Store, story_id: str, ledger: dict[str, Any]) -> None:
    """Write a story's timeline ledger (in the caller's transaction, with its candidates)."""
    with store.transaction():
        store.conn.execute(store.sql.upsert("timeline_ledgers", ("story_id", "state"), keys=("story_id",)),
                           (story_id, json.dumps(ledger, ensure_ascii=False, separators=(",", ":"))))


def load_timeline_candidates(store: Store, story_id: str, blocks: list[int] | None = None,
                            with_state: bool = True) -> list[CandidateRow]:
    """A story's stored candidates (of the given blocks only, if any), with their JSON state if asked."""
    columns = "article_id, seq, date, block, cluster_article, cluster_seq" + (", state" if with_state else "")
    where, params = "story_id = ?", [story_id]
    out: list[CandidateRow] = []
    for chunk in ([None] if blocks is None else chunk_values(sorted(set(blocks)))):
        extra = "" if chunk is None else f" AND block IN ({','.join('?' * len(chunk))})"
        for r in store.conn.execute(f"SELECT {columns} FROM timeline_candidates WHERE {where}{extra}",
                                    [*params, *(chunk or [])]):
            cluster = (r[4], int(r[5])) if r[4] is not None else None
            out.append(CandidateRow(r[0], int(r[1]), r[2], int(r[3]), cluster,
                                    json.loads(r[6]) if with_state else None))
    return out


def replace_timeline_blocks(store: Store, story_id: str, blocks: list[int], rows: list[CandidateRow]) -> None:
    """Drop the candidates of `blocks` and write `rows` (the same candidates recomputed, and new ones)."""
    with store.transaction():
        for chunk in chunk_values(sorted(set(blocks))):
            store.conn.execute(f"DELETE FROM timeline_candidates WHERE story_id = ? AND block IN"
                               f" ({','.join('?' * len(chunk))})", [story_id, *chunk])
        store.conn.executemany(
            "INSERT INTO timeline_candidates (story_id, article_id, seq, date, block, cluster_article, cluster_seq,"
            " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(story_id, r.article, r.seq, r.date, r.block, r.cluster[0] if r.cluster else None,
              r.cluster[1] if r.cluster else None, json.dumps(r.state, ensure_ascii=False, separators=(",", ":")))
             for r in rows])


def drop_timeline_state(store: Store, story_id: str) -> None:
    """Forget a story's stored candidates and ledger (its next build starts from its articles)."""
    with store.transaction():
        if "timeline_ledgers" not in store.table_names():
            return
        store.conn.execute("DELETE FROM timeline_candidates WHERE story_id = ?", (story_id,))
        store.conn.execute("DELETE FROM timeline_ledgers WHERE story_id = ?", (story_id,))


# ---- the story clusterer's state, story by story (recoupe.link.driver) ------------------------------------


def save_story_states(store: Store, head: dict[str, Any], stories: list[dict[str, Any]], retired: list[str]) -> None:
    """Persist the clusterer's head (`StoryClusterer.split_snapshot`), the states of the stories given, and
    forget those retired."""
    with store.transaction():
        save_link_state(store, "stories", head)
        store.conn.executemany(store.sql.upsert("story_states", ("id", "state"), keys=("id",)),
                               [(s["id"], json.dumps(s, ensure_ascii=False, separators=(",", ":"))) for s in stories])
        for chunk in chunk_values(retired):
            store.conn.execute(f"DELETE FROM story_states WHERE id IN ({','.join('?' * len(chunk))})", chunk)


def load_story_states(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """The saved states of the given active stories."""
    rows: list[dict[str, Any]] = []
    for chunk in chunk_values(ids):
        rows += [json.loads(r[0]) for r in store.conn.execute(
            f"SELECT state FROM story_states WHERE id IN ({','.join('?' * len(chunk))})", chunk)]
    return rows
