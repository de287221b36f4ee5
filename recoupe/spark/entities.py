"""Entities across articles on Spark: the local `EntityLinker`, fed on the driver in publication order.

Linking is sequential by nature (a bare surname joins the full name already most present), and the local
engine's answers depend on that order; running the same linker over the same order is the only way to give
the same entities. It stays bounded: the driver streams the articles' entity records partition by partition
(`toLocalIterator`: only names, types and mention offsets, never texts), and holds the linker's state, which
grows with the number of distinct entities (their forms and counts), not with the number of articles; on
the 35 dev articles 366 local entities (661 mentions) become 122 global ones. What it hands back per article is small:
local id → global id, and the count of mentions of each global entity (the story features).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from recoupe.lang import load_language
from recoupe.link.entities import EntityLinker, GlobalEntity
from recoupe.spark.codec import parse_entities

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

LINKS_SCHEMA = "id string, links string, entity_keys map<string,int>"


@dataclass
class LinkedEntities:
    """The linker's output: global entities (name, type, aliases), its state (counter and one state per
    entity, as the store keeps them), and one row per article."""

    entities: list[GlobalEntity] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)
    entity_states: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)  # (id, links JSON, key counts)


def link_entities(ranked: DataFrame, language: str) -> LinkedEntities:
    """Run the entity linker over every article's entities, oldest publication first."""
    linker = EntityLinker(load_language(language))
    out = LinkedEntities()
    for article_id, entities_json in _in_rank_order(ranked):
        entities = parse_entities(entities_json or "[]")
        mapping = linker.add(article_id, entities)
        # one key per mention, as the local link stage feeds the story clusterer
        counts: dict[str, int] = {}
        for entity in entities:
            gid = mapping.get(entity.id)
            if gid is not None:
                counts[gid] = counts.get(gid, 0) + len(entity.mentions)
        out.rows.append((article_id, json.dumps(mapping, separators=(",", ":")), counts))
    out.entities = linker.entities()
    out.state = linker.counter_state()
    out.entity_states = linker.entity_states()
    return out


def _in_rank_order(ranked: DataFrame) -> Iterator[tuple[str, str]]:
    for row in ranked.select("rank", "id", "entities").orderBy("rank").toLocalIterator():
        yield row["id"], row["entities"]
