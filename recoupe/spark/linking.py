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
loaded from it continues with the local engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recoupe.lang import load_language
from recoupe.link.dedup import CopyRule, DedupOptions
from recoupe.link.entities import EntityLinker, GlobalEntity
from recoupe.link.linking import LinkFeatures, link_article
from recoupe.link.stories import StoryClusterer, StoryOptions
from recoupe.spark.codec import parse_entities

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
    duplicates: int = 0


def link_on_driver(ranked: DataFrame, matches: dict[str, list[str]], language: str, story_prefix: str) -> DriverLinks:
    """Run the duplicate rule, the entity linker and the story clusterer over every article in rank order."""
    rule = CopyRule(DedupOptions().max_kept)
    linker = EntityLinker(load_language(language))
    clusterer = StoryClusterer(StoryOptions(language=language, id_prefix=story_prefix))
    out = DriverLinks()
    for row in _in_rank_order(ranked):
        duplicate = rule.add(row["id"], matches.get(row["id"], ())) if row["signed"] else None
        features = LinkFeatures(row["id"], row["published"], row["headline"] or "",
                                dict(json.loads(row["lemmas"] or "{}")), parse_entities(row["entities"] or "[]"))
        linked = link_article(linker, clusterer, features)
        out.rows.append((row["id"], linked.story, duplicate, json.dumps(linked.entities, separators=(",", ":"))))
        out.duplicates += duplicate is not None
    out.titles = {s.id: s.title for s in clusterer.stories()}
    clusterer.pop_retired()  # retired stories leave the snapshot, as the local stage saves it
    out.stories_state = clusterer.snapshot()
    out.entities = linker.entities()
    out.entity_counter = linker.counter_state()
    out.entity_states = linker.entity_states()
    return out


def _in_rank_order(ranked: DataFrame) -> Iterator[Any]:
    from pyspark.sql import functions as F

    columns: list[Column | str] = ["rank", "id", "published", "headline", "lemmas", "entities",
                                   (F.length("signature") > 0).alias("signed")]
    yield from ranked.select(*columns).orderBy("rank").toLocalIterator()
