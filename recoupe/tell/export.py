"""The analysis export (`../shared/eval/OUTPUT.md`): one JSON document for a whole store.

Written as a stream, one record at a time, into a temporary file renamed into
place at the end: memory stays flat on a large store and a reader never sees a
half-written export.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from recoupe import __version__
from recoupe.link.key_events import key_events
from recoupe.link.timeline_evidence import dating_timexes, other_dates, when_of
from recoupe.pipeline import unread_reason
from recoupe.records import Article, Entity, Evidence, Reading, Story, TimelineEntry
from recoupe.store import Store
from recoupe.store.links import (
    global_entity_of,
    list_stories,
    load_global_entities,
    load_story,
    load_timeline,
)
from recoupe.tell.entry_json import entry_json


def article_record(article: Article, story: str | None, duplicate_of: str | None) -> dict[str, Any]:
    """The export's record for one article (OUTPUT.md keys first, extras after)."""
    return {
        "id": article.id,
        "source": article.source,
        "published": article.published,
        "language": article.language,
        "title": article.title,
        "text": article.clean_text,
        "story": story,
        "duplicate_of": duplicate_of,
        "published_precision": article.published_precision,
        "url": article.url,
        "wire": article.wire,
    }


def entity_record(e: Entity) -> dict[str, Any]:
    """The export's record for one entity, with every mention (article, text, offsets)."""
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": e.aliases,
            "mentions": [{"article": m.article, "text": m.text, "start": m.start, "end": m.end}
                         for m in e.mentions]}


def reading_records(reading: Reading) -> dict[str, list[dict[str, Any]]]:
    """Entities, quotes and figures of one article's reading as export records."""
    aid = reading.article
    entities = [entity_record(e) for e in reading.entities]
    quotes = [
        {"article": aid, "speaker": q.speaker, "speaker_entity": q.speaker_entity, "text": q.text,
         "start": q.mention.start, "end": q.mention.end, "cue": q.cue}
        for q in reading.quotes
    ]
    figures = [
        {"article": aid, "value": _number(f.value), "unit": f.unit, "subject": f.subject, "as_of": f.as_of,
         "approx": f.approx, "bound": f.bound, "according_to": f.according_to,
         "start": f.mention.start, "end": f.mention.end, "text": f.mention.text}
        for f in reading.figures
    ]
    return {"entities": entities, "quotes": quotes, "figures": figures}


def timeline_record(entry: TimelineEntry) -> dict[str, Any]:
    """One timeline entry as OUTPUT.md has it: the shared encoder, with nothing added."""
    return entry_json(entry)


def story_record(story: Story, timeline: list[TimelineEntry]) -> dict[str, Any]:
    """A linked story with its merged timeline and its key events (indexes into the timeline)."""
    return {"id": story.id, "title": story.title, "articles": story.articles,
            "timeline": [timeline_record(e) for e in timeline], "key_events": key_events(timeline)}


def article_story(article: Article, reading: Reading) -> dict[str, Any]:
    """A one-article story whose timeline is the article's dated events (until stories are linked)."""
    events = sorted(reading.events, key=lambda e: e.date)
    timeline = [
        {"date": e.date, "precision": e.precision, "event": e.what, "articles": [article.id], "weight": 1.0,
         "evidence": [Evidence(article.id, e.evidence.start, e.evidence.end, e.evidence.text,
                               when=when_of(dating_timexes(reading.timexes, e)),
                               also=other_dates(reading.timexes, e)).to_dict()]}
        for e in events
    ]
    return {"id": f"s:{article.id}", "title": article.title or article.id, "articles": [article.id],
            "timeline": timeline}


def write_export(store: Store, out: str | Path) -> int:
    """Write the export of `store` to `out` atomically; return the number of articles written."""
    out = Path(out)
    folder = out.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            count = _write_document(store, f)
        os.replace(tmp_name, out)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return count


def _write_document(store: Store, f: IO[str]) -> int:
    """Stream the export: one pass per top-level list, each record read from the store as needed."""
    f.write('{"recoupe": ')
    json.dump({"version": __version__, "schema": store.schema_version}, f)
    count = 0
    rows = {r["id"]: (r["story"], r["duplicate_of"]) for r in store.article_rows()}

    def section(name: str, records: Iterator[dict[str, Any]]) -> None:
        f.write(f',\n"{name}": [')
        first = True
        for record in records:
            f.write("\n" if first else ",\n")
            json.dump(record, f, ensure_ascii=False)
            first = False
        f.write("\n]")

    def articles() -> Iterator[dict[str, Any]]:
        nonlocal count
        for article in store.iter_articles():
            story, dup = rows.get(article.id, (None, None))
            count += 1
            record = article_record(article, story or f"s:{article.id}", dup)
            state = store.article_state(article.id)
            reason = unread_reason(article.language, state[1] if state else None)
            if reason is not None:  # said only of unread articles: the export of a read corpus is unchanged
                record["unread"] = reason
            yield record

    links = global_entity_of(store)

    def entities() -> Iterator[dict[str, Any]]:
        for entity in load_global_entities(store):
            yield entity_record(entity)
        for aid in rows:  # articles the link stage has not seen keep their own entities
            for entity in store.reading(aid).entities:
                if entity.id not in links:
                    yield entity_record(entity)

    def quotes() -> Iterator[dict[str, Any]]:
        for aid in rows:
            for record in reading_records(store.reading(aid))["quotes"]:
                local = record["speaker_entity"]
                if local in links:  # the entity across articles; the name stays as this article writes it
                    record["speaker_entity"] = links[local]
                yield record

    def figures() -> Iterator[dict[str, Any]]:
        for aid in rows:
            yield from reading_records(store.reading(aid))["figures"]

    def stories() -> Iterator[dict[str, Any]]:
        for row in list_stories(store):
            story = load_story(store, row.id)
            if story is not None:
                yield story_record(story, load_timeline(store, row.id))
        for article in store.iter_articles():
            if rows[article.id][0] is None:
                yield article_story(article, store.reading(article.id))

    section("articles", articles())
    section("entities", entities())
    section("quotes", quotes())
    section("figures", figures())
    section("stories", stories())
    f.write("\n}\n")
    return count


def _number(value: float) -> float | int:
    """Whole numbers as ints (5000, not 5000.0), so the export reads as the article wrote it."""
    return int(value) if float(value).is_integer() else value
