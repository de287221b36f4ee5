"""Per story on Spark: institutions within the story, then its timeline, with the local link stage's functions.

Articles are grouped by story (one shuffle) and each story is handled whole by one task: `group_institutions`
over the story's entity records and `build_timeline` over its readings, the pure functions the local stage
calls; the title is the one the story clusterer gave on the driver. A task holds one story's readings: the
largest story bounds a task's memory.

One order differs from the local engine: the local stage resolves institutions after each batch of
`LINK_BATCH` linked articles (a group, once made, only grows), here once per story over all its articles.
On a corpus linked in one batch (dev, dev2) the two are the same; on a larger one a description may join a
group the later articles made, instead of staying apart. Only entity links can differ, never the stories.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from recoupe.lang import Language
from recoupe.link.institutions import InstitutionRow, group_institutions
from recoupe.link.timeline import build_timeline
from recoupe.records import ReadArticle, Story
from recoupe.spark.codec import parse_article, parse_reading
from recoupe.tell.export import story_record

STORY_SCHEMA = "story string, record string, changes map<string,string>, renamed string"


def story_partition(groups: Iterable[tuple[str, Iterable[Any]]], language: str,
                    titles: Mapping[str, str]) -> Iterator[tuple[Any, ...]]:
    """Build each story of a partition: rows (story id, story record JSON, institution links changed,
    renamed global entities JSON)."""
    from recoupe.lang import load_language

    lang = load_language(language)
    for story_id, rows in groups:
        ordered = sorted(rows, key=lambda r: r["rank"])
        items = [ReadArticle(parse_article(r["article"]), parse_reading(r["reading"], r["id"]), r["duplicate_of"])
                 for r in ordered]
        links: dict[str, str] = {}
        for r in ordered:
            links.update(json.loads(r["links"] or "{}"))
        changes, renamed = _institutions(items, links, story_id, lang)
        # the local stage's fallbacks when the clusterer kept no title candidate (`recoupe.link.rebuilds.choose_title`)
        title = titles.get(story_id) or items[0].article.title or items[0].article.id
        story = Story(id=story_id, title=title, articles=[it.article.id for it in items])
        yield (story_id, json.dumps(story_record(story, build_timeline(items)), ensure_ascii=False), changes,
               json.dumps(renamed, ensure_ascii=False))


def institution_rows(items: Iterable[ReadArticle], links: Mapping[str, str], story_id: str) -> list[InstitutionRow]:
    """The story's linked entities other than persons, as the store lists them for `resolve_institutions`:
    in publication order (the items' order), then by entity id."""
    rows: list[tuple[tuple[bool, str, str], InstitutionRow]] = []
    for item in items:
        published = item.article.published
        for entity in item.reading.entities:
            gid = links.get(entity.id)
            if entity.type == "PER" or gid is None:
                continue
            row = InstitutionRow(entity.id, item.article.id, story_id, entity.name, list(entity.aliases), gid)
            rows.append(((published is None, published or "", entity.id), row))
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def _institutions(items: list[ReadArticle], links: dict[str, str], story_id: str,
                  lang: Language) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """`group_institutions` over this story: the links it changed, and the entities its groups became."""
    changed, renamed = group_institutions(institution_rows(items, links, story_id), lang)
    return changed, [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)} for e in renamed]
