"""`recoupe load DIR`: a Spark run's Parquet tables into a store, for `stories`, `timeline`, `show`, `export`
and the web app. Reads with pyarrow (no Spark, no JVM) batch by batch and writes through the store API.

A load is a clean replace, in one transaction: the store's links (stories, timelines, entities across
articles, linker state) are dropped, the run's articles are written over any stored ones with the same id,
then the run's links are written with the linkers' state the run left (the story clusterer's snapshot, the
entity linker's states, the duplicate index's signatures in link order), so that `recoupe analyze` of new
articles joins the loaded stories as if the local engine had linked them (a run made before Spark wrote its
clusterer's state gets one rebuilt from its stories). Loading the same folder twice gives the same store; articles of the store
that are not in the run stay, outside any story (as after `analyze --no-link`).

A run that continued a store (`--from-db`, `spark/continuing.py`) is no replace: it goes only into that
store, unchanged since the run started, and adds to it. Its new stories are written as the run built them;
a stored story its articles joined is brought up to date by the local stage's own step (institutions
grouped across old and new articles, the timeline rebuilt), since the run never held its older articles.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.lang import Language
from recoupe.link.driver import (
    REVISION,
    mark_stories_dirty,
    rebuild_story,
    seed_story_state,
    snapshot_revision,
)
from recoupe.link.institutions import resolve_institutions
from recoupe.pipeline import PIPELINE_VERSION, UNREAD_SUFFIX
from recoupe.records import Article, Edit, Entity, Evidence, Story, TimelineEntry
from recoupe.spark.codec import parse_reading
from recoupe.spark.continuing import BASE_STATE
from recoupe.spark.write import ENTITY_STATE_PREFIX, TABLES
from recoupe.store import Store
from recoupe.store.links import (
    clear_links,
    drop_entity_keys,
    load_story,
    save_entity_snapshot,
    save_entity_states,
    save_global_entities,
    save_link_state,
    save_signature,
    save_story,
    set_article_links,
)

# Rows per Arrow batch read: a batch of articles holds their texts and readings (a few MB per 1,000).
BATCH_ROWS = 1000

class LoadError(RuntimeError):
    """The folder is not the output of a Spark run (a table is missing or unreadable)."""


@dataclass
class LoadReport:
    """What a load wrote."""

    articles: int = 0
    stories: int = 0
    entities: int = 0


def load_tables(folder: Path, store: Store, language: str = "fr") -> LoadReport:
    """Write the tables under `folder` into `store` (see the module doc: a clean replace, or the continuation
    of the store a run started from), with the linkers' state the run left, so later local runs join them."""
    missing = [t for t in TABLES if not (folder / t).exists()]
    if missing:
        raise LoadError(f"{folder}: not the output of 'recoupe analyze --engine spark' (no {', '.join(missing)})")
    from recoupe.lang import load_language

    lang = load_language(language)
    base = _base_revision(folder)
    report = LoadReport()
    with store.transaction():
        if base is None:
            clear_links(store)
        else:
            _check_base(store, folder, base)
        links = _load_articles(folder, store, report)
        entity_links = {r["local_entity"]: r["entity"] for r in _rows(folder / "mentions", ["entity", "local_entity"])
                        if r["entity"] != r["local_entity"]}
        entities = [Entity(name=r["name"], type=r["type"], aliases=list(r["aliases"] or []), id=r["id"])
                    for r in _rows(folder / "entities", ["id", "name", "type", "aliases"])]
        save_global_entities(store, entities, entity_links)
        report.entities = len(entities)
        for article_id, story, duplicate in links:
            set_article_links(store, article_id, story, duplicate)
        joined = _load_stories(folder, store, report, continuing=base is not None)
        _load_link_state(folder, store, lang, continuing=base is not None)
        if joined:
            _continue_stories(store, lang, joined, [aid for aid, story, _ in links if story in joined])
    return report


def _base_revision(folder: Path) -> str | None:
    """The store snapshot the run continued (`spark/continuing.py`), None for a run that started from nothing."""
    if not (folder / "link_state").exists():
        return None
    for r in _rows(folder / "link_state"):
        if r["name"] == BASE_STATE:
            return str(json.loads(r["state"])["revision"])
    return None


def _check_base(store: Store, folder: Path, revision: str) -> None:
    """A continuing run goes only into the store it started from, as that store was: its new ids follow that
    store's counters, and its linkers' state replaces the store's."""
    current = snapshot_revision(store)
    if current != revision:
        raise LoadError(f"{folder}: this run continues another store, or this store as it was before a later"
                        f" change (snapshot {revision[:8] or 'none'}, this store's {current[:8] or 'none'});"
                        " run it again from this store (--from-db)")


def _load_articles(folder: Path, store: Store, report: LoadReport) -> list[tuple[str, str | None, str | None]]:
    """Write the run's articles with their readings and signatures (in link order); return their links."""
    links: list[tuple[str, str | None, str | None]] = []
    for row in _rows(folder / "articles"):
        article = _article(row)
        version = PIPELINE_VERSION + UNREAD_SUFFIX if row.get("unread") else PIPELINE_VERSION
        store.save_article(article, version, parse_reading(row["reading"], article.id) if row["reading"] else None)
        links.append((article.id, row["story"], row["duplicate_of"]))
        if row.get("signature"):  # the near-duplicate index of a later local run starts from these
            save_signature(store, article.id, base64.b64decode(row["signature"]))
        report.articles += 1
    return links


def _load_stories(folder: Path, store: Store, report: LoadReport, continuing: bool) -> dict[str, str]:
    """Write the run's stories with their timelines; return the stored stories a continuing run's articles
    joined (id → title), which the store holds with articles the run never saw."""
    timelines: dict[str, list[dict[str, Any]]] = {}
    for r in _rows(folder / "timelines"):
        timelines.setdefault(r["story"], []).append(r)
    joined: dict[str, str] = {}
    for r in _rows(folder / "stories"):
        report.stories += 1
        if continuing and load_story(store, r["id"]) is not None:
            joined[r["id"]] = r["title"]
            continue
        entries = sorted(timelines.get(r["id"], []), key=lambda e: e["seq"])
        save_story(store, Story(id=r["id"], title=r["title"], articles=list(r["articles"] or [])),
                   [_entry(e) for e in entries])
    return joined


def _continue_stories(store: Store, lang: Language, joined: dict[str, str], article_ids: list[str]) -> None:
    """Bring the stored stories new articles joined up to date as the local stage would after linking them:
    descriptions of bodies grouped across old and new articles, then each timeline rebuilt from the
    entries the new articles' dates reach (`rebuild_story`)."""
    mark_stories_dirty(store, list(joined))
    resolve_institutions(store, lang, article_ids)
    for story_id, title in sorted(joined.items()):
        rebuild_story(store, story_id, title)  # clears its dirty mark


def _load_link_state(folder: Path, store: Store, lang: Language, continuing: bool) -> None:
    """Save the linkers' state the run left; the entity states replace the store's (a fresh run) or update
    them (a continuing run hands over only those it touched). A run written before Spark kept its clusterer
    gets one rebuilt from its stories."""
    stories_state = False
    if (folder / "link_state").exists():
        entity_states: list[dict[str, Any]] = []
        counter: dict[str, Any] | None = None
        for r in _rows(folder / "link_state"):
            state = json.loads(r["state"])
            if r["name"].startswith(ENTITY_STATE_PREFIX):
                entity_states.append(state)
            elif r["name"] == "entities":  # the counter (or, from older runs, the whole snapshot)
                counter = state
            elif r["name"] != BASE_STATE:
                save_link_state(store, r["name"], state)
                stories_state = stories_state or r["name"] == "stories"
        if counter is not None and continuing:
            save_entity_states(store, counter, entity_states)
            drop_entity_keys(store)  # the next local run files every entity under its keys again
        elif counter is not None:  # stored one row per entity, as the local engine keeps it
            save_entity_snapshot(store, {"entities": entity_states, **counter})
    if not stories_state:  # a run older than the clusterer on the driver left no clusterer state
        seed_story_state(store, lang)
    else:  # a new snapshot: a process holding warm linkers must restore them (`WarmLinkers`)
        save_link_state(store, REVISION, {"token": uuid.uuid4().hex})


def _rows(path: Path, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of one Parquet table (a folder of part files), batch by batch."""
    import pyarrow.dataset as ds

    try:
        dataset = ds.dataset(str(path), format="parquet")
        batches = dataset.to_batches(columns=columns, batch_size=BATCH_ROWS)
        for batch in batches:
            yield from batch.to_pylist()
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise LoadError(f"{path}: cannot read as Parquet ({exc})") from exc


def _article(row: dict[str, Any]) -> Article:
    return Article(id=row["id"], raw_text=row["raw_text"] or "", origin=row["origin"] or "", url=row["url"],
                   source=row["source"], wire=row.get("wire"), title=row["title"], published=row["published"],
                   published_precision=row["published_precision"], language=row["language"],
                   clean_text=row["text"] or "", fmt=row["fmt"] or "jsonl", content_hash=row["content_hash"] or "",
                   edits=[Edit(**e) for e in json.loads(row["edits"] or "[]")])


def _entry(row: dict[str, Any]) -> TimelineEntry:
    """A timeline entry from its export record (the evidence of other dates goes back with the rest)."""
    spans = list(row["evidence"] or [])
    for other in row["other_dates"] or []:
        spans.extend(other["evidence"] or [])
    return TimelineEntry(
        date=row["date"], precision=row["precision"], event=row["event"], articles=list(row["articles"] or []),
        evidence=[Evidence.from_dict(s) for s in spans],
        sources=list(row["sources"] or []), weight=row["weight"] or 0.0,
        other_dates=[(o["date"], list(o["articles"] or [])) for o in row["other_dates"] or []],
        background=bool(row.get("background")))
