"""`recoupe load DIR`: a Spark run's Parquet tables into a store, for `stories`, `timeline`, `show`, `export`
and the web app. Reads with pyarrow (no Spark, no JVM) batch by batch and writes through the store API.

A load is a clean replace, in one transaction: the store's links (stories, timelines, entities across
articles, linker state) are dropped, the run's articles are written over any stored ones with the same id,
then the run's links are written with the linkers' state the run left (the story clusterer's snapshot, the
entity linker's states, the duplicate index's signatures in link order), so that `recoupe analyze` of new
articles joins the loaded stories as if the local engine had linked them (a run made before Spark wrote its
clusterer's state gets one rebuilt from its stories). Loading the same folder twice gives the same store; articles of the store
that are not in the run stay, outside any story (as after `analyze --no-link`).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recoupe.records import Article, Edit, Entity, Evidence, Story, TimelineEntry
from recoupe.spark.codec import parse_reading
from recoupe.spark.write import ENTITY_STATE_PREFIX, TABLES
from recoupe.store import Store

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
    """Write the tables under `folder` into `store` (see the module doc: a clean replace), then rebuild
    the story clusterer's state from the loaded stories so that later local runs can join them."""
    missing = [t for t in TABLES if not (folder / t).exists()]
    if missing:
        raise LoadError(f"{folder}: not the output of 'recoupe analyze --engine spark' (no {', '.join(missing)})")
    from recoupe.lang import load_language
    from recoupe.link.driver import REVISION, seed_story_state
    from recoupe.pipeline import PIPELINE_VERSION
    from recoupe.store.links import (
        clear_links,
        save_entity_snapshot,
        save_global_entities,
        save_link_state,
        save_signature,
        save_story,
        set_article_links,
    )

    report = LoadReport()
    with store.transaction():
        clear_links(store)
        links: list[tuple[str, str | None, str | None]] = []
        for row in _rows(folder / "articles"):
            article = _article(row)
            store.save_article(article, PIPELINE_VERSION, parse_reading(row["reading"], article.id)
                               if row["reading"] else None)
            links.append((article.id, row["story"], row["duplicate_of"]))
            if row.get("signature"):  # the near-duplicate index of a later local run starts from these
                save_signature(store, article.id, base64.b64decode(row["signature"]))
            report.articles += 1
        entity_links = {r["local_entity"]: r["entity"] for r in _rows(folder / "mentions", ["entity", "local_entity"])
                        if r["entity"] != r["local_entity"]}
        entities = [Entity(name=r["name"], type=r["type"], aliases=list(r["aliases"] or []), id=r["id"])
                    for r in _rows(folder / "entities", ["id", "name", "type", "aliases"])]
        save_global_entities(store, entities, entity_links)
        report.entities = len(entities)
        for article_id, story, duplicate in links:
            set_article_links(store, article_id, story, duplicate)
        timelines: dict[str, list[dict[str, Any]]] = {}
        for r in _rows(folder / "timelines"):
            timelines.setdefault(r["story"], []).append(r)
        for r in _rows(folder / "stories"):
            entries = sorted(timelines.get(r["id"], []), key=lambda e: e["seq"])
            save_story(store, Story(id=r["id"], title=r["title"], articles=list(r["articles"] or [])),
                       [_entry(e) for e in entries])
            report.stories += 1
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
                else:
                    save_link_state(store, r["name"], state)
                    stories_state = stories_state or r["name"] == "stories"
            if counter is not None:  # stored one row per entity, as the local engine keeps it
                save_entity_snapshot(store, {"entities": entity_states, **counter})
        if not stories_state:  # a run older than the clusterer on the driver left no clusterer state
            seed_story_state(store, load_language(language))
        else:  # a new snapshot: a process holding warm linkers must restore them (`WarmLinkers`)
            save_link_state(store, REVISION, {"token": uuid.uuid4().hex})
    return report


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
