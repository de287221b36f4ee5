"""Per story on Spark: timeline, institutions within the story, title, source comparison.

Articles are grouped by story (one shuffle) and each story is handled whole by one task, with the very
functions the local link stage calls: `build_timeline`, `resolve_institutions` (it works on a store, so each
story gets a throw-away in-memory SQLite store holding just its articles) and `compare_sources`. A task holds
one story's readings: the largest story bounds a task's memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from recoupe.link.compare import compare_sources
from recoupe.link.stories import headline
from recoupe.link.story_space import cosine
from recoupe.link.timeline import build_timeline
from recoupe.records import ReadArticle, Story, TimelineEntry
from recoupe.spark.codec import parse_article, parse_reading
from recoupe.tell.export import story_record

STORY_SCHEMA = "story string, record string, changes map<string,string>, renamed string, comparison string"


def story_partition(groups: Iterable[tuple[str, Iterable[Any]]], language: str) -> Iterator[tuple[Any, ...]]:
    """Build each story of a partition: rows (story id, story record JSON, institution links changed,
    renamed global entities JSON, comparison summary JSON)."""
    from recoupe.lang import load_language

    lang = load_language(language)
    for story_id, rows in groups:
        ordered = sorted(rows, key=lambda r: r["rank"])
        items = [ReadArticle(parse_article(r["article"]), parse_reading(r["reading"], r["id"]), r["duplicate_of"])
                 for r in ordered]
        links = {}
        for r in ordered:
            links.update(json.loads(r["links"] or "{}"))
        changes, renamed = _institutions(items, links, story_id, lang)
        timeline = build_timeline(items)
        story = Story(id=story_id, title=_title(items, ordered), articles=[it.article.id for it in items])
        comparison = compare_sources(story_id, items, timeline, language)
        summary = {"sources": len(comparison.sources), "conflicts": len(comparison.conflicts),
                   "single_source_entries": len(comparison.single_source_entries)}
        yield (story_id, json.dumps(_record(story, timeline), ensure_ascii=False), changes,
               json.dumps(renamed, ensure_ascii=False), json.dumps(summary))


def _record(story: Story, timeline: list[TimelineEntry]) -> dict[str, Any]:
    return story_record(story, timeline)


def _title(items: list[ReadArticle], rows: list[Any]) -> str:
    """The headline of the article closest to the story's centroid (a title drawn from an article)."""
    vectors = [dict(r["lemma_vec"] or {}) for r in rows]
    centroid: dict[str, float] = {}
    for vec in vectors:
        for term, weight in vec.items():
            centroid[term] = centroid.get(term, 0.0) + weight
    best = max(range(len(items)), key=lambda i: (cosine(vectors[i], centroid), -i))
    return headline(items[best]) or items[best].article.id


def _institutions(items: list[ReadArticle], links: dict[str, str], story_id: str,
                  lang: Any) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """`resolve_institutions` over a throw-away store holding this story: links it changed, entities renamed."""
    from recoupe.link.institutions import resolve_institutions
    from recoupe.pipeline import PIPELINE_VERSION
    from recoupe.store import open_store
    from recoupe.store.links import save_global_entities, set_article_links

    store = open_store(":memory:")
    try:
        with store.transaction():
            for it in items:
                store.save_article(it.article, PIPELINE_VERSION, it.reading)
                set_article_links(store, it.article.id, story_id, it.duplicate_of)
            save_global_entities(store, [], links)
        changed = resolve_institutions(store, lang, [it.article.id for it in items])
        renamed = [{"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases}
                   for e in store.global_entity_names()]
    finally:
        store.close()
    return changed, renamed
