"""The Parquet tables of a Spark run, in the shapes of the export (`tell/export.py` builds the records).

One folder per table under the output directory: articles, entities, mentions, quotes, figures, events,
stories, timelines (and link_state, the linkers' state: the story clusterer's snapshot, the entity
linker's as one row per entity). Records are made by the export's own
functions (`article_record`, `reading_records`, `timeline_record`...) on the workers, as JSON, and parsed
by Spark against the schemas below, so a table's columns are the export's keys. `articles` also carries
what `recoupe load` needs to rebuild the store losslessly (raw text, edits, the reading as JSON).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from recoupe.spark.codec import parse_article, parse_reading
from recoupe.tell.export import article_record, reading_records

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

_TIMEX = "struct<text:string,start:int,`end`:int,value:string>"
_SPAN = f"struct<article:string,sentence:string,start:int,`end`:int,when:{_TIMEX},also:array<{_TIMEX}>>"

SCHEMAS = {
    "articles": ("id string, source string, published string, language string, title string, text string,"
                 " story string, duplicate_of string, published_precision string, url string, raw_text string,"
                 " origin string, fmt string, content_hash string, edits string, reading string, signature string,"
                 " rank long, wire string, unread boolean"),
    "mentions": "entity string, local_entity string, article string, text string, start int, `end` int",
    "quotes": ("article string, speaker string, speaker_entity string, text string, start int, `end` int,"
               " cue string"),
    "figures": ("article string, value double, unit string, subject string, as_of string, approx boolean,"
                " bound string, according_to string, start int, `end` int, text string"),
    "events": ("article string, date string, precision string, what string, type string, actors array<string>,"
               " start int, `end` int, sentence string"),
    "stories": "id string, title string, articles array<string>",
    "timelines": (f"story string, seq int, date string, precision string, event string, articles array<string>,"
                  f" weight double, sources array<string>, evidence array<{_SPAN}>,"
                  f" other_dates array<struct<date:string,articles:array<string>,evidence:array<{_SPAN}>>>,"
                  f" background boolean"),
    "entities": ("id string, name string, type string, aliases array<string>,"
                 " mentions array<struct<article:string,text:string,start:int,`end`:int>>"),
    "link_state": "name string, state string",
}

# link_state rows named so hold one global entity's linker state each; the row "entities" holds the counter.
ENTITY_STATE_PREFIX = "entity:"

TABLES = ("articles", "entities", "mentions", "quotes", "figures", "events", "stories", "timelines")


def article_tables(rows: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(table, record JSON) for every per-article record: the article, its mentions, quotes, figures, events.

    Local entity ids are replaced by global ones (`links`), as the export does."""
    for row in rows:
        article = parse_article(row["article"])
        reading = parse_reading(row["reading"], article.id)
        links: dict[str, str] = json.loads(row["links"] or "{}")
        record = article_record(article, row["story"], row["duplicate_of"])
        record.update(raw_text=article.raw_text, origin=article.origin, fmt=article.fmt,
                      content_hash=article.content_hash, edits=json.dumps(
                          [{"kind": e.kind, "start": e.start, "end": e.end, "original": e.original,
                            "reason": e.reason, "replacement": e.replacement} for e in article.edits],
                          ensure_ascii=False),
                      reading=row["reading"], rank=row["rank"], unread=row["unread"],
                      signature=base64.b64encode(row["signature"] or b"").decode("ascii"))
        yield "articles", _dump(record)
        for entity in reading.entities:
            for m in entity.mentions:
                yield "mentions", _dump({"entity": links.get(entity.id, entity.id), "local_entity": entity.id,
                                         "article": article.id, "text": m.text, "start": m.start, "end": m.end})
        records = reading_records(reading)
        for quote in records["quotes"]:
            quote["speaker_entity"] = links.get(quote["speaker_entity"], quote["speaker_entity"])
            yield "quotes", _dump(quote)
        for figure in records["figures"]:
            yield "figures", _dump(figure)
        for event in reading.events:
            yield "events", _dump({"article": article.id, "date": event.date, "precision": event.precision,
                                   "what": event.what, "type": event.type,
                                   "actors": [links.get(a, a) for a in event.actors],
                                   "start": event.evidence.start, "end": event.evidence.end,
                                   "sentence": event.evidence.text})


def story_tables(record_json: str) -> Iterator[tuple[str, str]]:
    """(table, record JSON) for one story record: its row in `stories` and one row per timeline entry."""
    record = json.loads(record_json)
    yield "stories", _dump({"id": record["id"], "title": record["title"], "articles": record["articles"]})
    for seq, entry in enumerate(record["timeline"]):
        yield "timelines", _dump({"story": record["id"], "seq": seq, **entry})


def write_table(records: DataFrame, name: str, out: str) -> None:
    """Parse the JSON records of one table against its schema and write them as Parquet under `out/name`."""
    spark = records.sparkSession
    frame = spark.read.schema(SCHEMAS[name]).json(records.where(records.table == name).rdd.map(lambda r: r.json))
    if name == "articles":  # in link order, so that a load keeps the duplicate index's order (`recoupe load`)
        frame = frame.orderBy("rank")
    frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")


def write_frame(frame: DataFrame, name: str, out: str) -> None:
    """Write an already-shaped DataFrame as one table."""
    frame.write.mode("overwrite").parquet(f"{out.rstrip('/')}/{name}")


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
