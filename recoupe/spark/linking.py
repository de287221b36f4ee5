"""The link stage's sequential part on the Spark driver: duplicates, entities and stories, in publication order.

Linking is sequential by nature: a copy points at the earliest article of its group, a bare surname joins
the full name already most present, an article joins the story whose centroid the earlier articles made.
The local engine's answers depend on that order, so the driver takes the articles in the local order
(oldest publication first, undated last, then by id: `rank`) and calls the very functions the local link
stage calls for each (`CopyRule.add`, `link_article`). It stays bounded: the driver streams one small row
per article (`toLocalIterator`: headline, lemma counts, entity names and mention offsets, never texts) and
holds the linkers' state, which the local engine bounds the same way (`max_kept` signatures, `max_active`
stories, the entities' forms); what it hands back per article is its story, its original and its
local → global entity ids. The linkers' final state is written with the run (`link_state`), so a store
loaded from it continues with the local engine; and a run may start from a store's saved state
(`spark/continuing.py`), so Spark continues a store the local engine linked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recoupe.lang import load_language
from recoupe.link.dedup import CopyRule, DedupOptions
from recoupe.link.entities import GlobalEntity
from recoupe.link.languages import LanguageLinkers
from recoupe.link.linking import LinkFeatures, link_article
from recoupe.spark.codec import parse_entities
from recoupe.spark.continuing import StoreStart, start_linkers

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

LINKS_SCHEMA = "id string, story string, duplicate_of string, links string"


@dataclass
class DriverLinks:
    """What the driver's pass decided: one row per article, the global entities, the stories' titles, and
    the linkers' state as the store keeps it (entity counter, one state per entity, clusterer snapshot)."""

    rows: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # (id, story, original, links)
    entities: list[GlobalEntity] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    entity_counter: dict[str, Any] = field(default_factory=dict)
    entity_states: list[dict[str, Any]] = field(default_factory=list)
    stories_state: dict[str, Any] = field(default_factory=dict)
    other_states: dict[str, dict[str, Any]] = field(default_factory=dict)  # other languages' linkers, by row name
    duplicates: int = 0


def link_on_driver(ranked: DataFrame, matches: dict[str, list[str]], language: str, story_prefix: str,
                   start: StoreStart | None = None) -> DriverLinks:
    """Run the duplicate rule, the entity linkers and the story clusterer over every article in rank order,
    from the state of the store the run continues (`start`) or from nothing.

    Each article's entities go to its own language's linker (`LanguageLinkers`), as in the local stage."""
    lang = load_language(language)
    rule = start.rule if start is not None else CopyRule(DedupOptions().max_kept)
    main, clusterer = start_linkers(lang, story_prefix, start)
    linkers = LanguageLinkers(main)
    store = start.store if start is not None else None
    touched: set[str] = set()
    out = DriverLinks()
    for row in _in_rank_order(ranked):
        duplicate = rule.add(row["id"], matches.get(row["id"], ())) if row["signed"] else None
        features = LinkFeatures(row["id"], row["published"], row["headline"] or "",
                                dict(json.loads(row["lemmas"] or "{}")), parse_entities(row["entities"] or "[]"))
        linked = link_article(linkers.for_article(store, row["language"]), clusterer, features)
        touched.update(linked.entities.values())
        out.rows.append((row["id"], linked.story, duplicate, json.dumps(linked.entities, separators=(",", ":"))))
        out.duplicates += duplicate is not None
    out.titles = {s.id: s.title for s in clusterer.stories()}
    clusterer.pop_retired()  # retired stories leave the snapshot, as the local stage saves it
    out.stories_state = clusterer.snapshot()
    out.entities = linkers.entities(touched)
    out.entity_counter = main.counter_state()
    # a fresh run hands over every entity; a continuing one those it touched (the store keeps the others)
    out.entity_states = main.entity_states(None if start is None else {i for i in touched if ":" not in i})
    out.other_states = linkers.other_states()
    return out


def _in_rank_order(ranked: DataFrame) -> Iterator[Any]:
    from pyspark.sql import functions as F

    columns: list[Column | str] = ["rank", "id", "published", "language", "headline", "lemmas", "entities",
                                   (F.length("signature") > 0).alias("signed")]
    yield from ranked.select(*columns).orderBy("rank").toLocalIterator()
