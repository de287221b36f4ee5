"""Articles and readings as JSON text, the form they travel in between Spark stages and sit in Parquet.

The same records the store keeps (`recoupe.records`), field for field, so that a reading made on a
Spark worker is the reading the local engine would store, and `recoupe load` rebuilds it losslessly.
Pure Python: `load` uses it without Spark.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from recoupe.records import Article, Edit, Entity, Event, Figure, Mention, Quote, Reading, TimeRef


def dump_article(article: Article) -> str:
    """An article (with its edits) as one JSON string."""
    return json.dumps(asdict(article), ensure_ascii=False, separators=(",", ":"))


def parse_article(text: str) -> Article:
    """The article `dump_article` wrote."""
    data = json.loads(text)
    data["edits"] = [Edit(**e) for e in data.get("edits", [])]
    return Article(**data)


def dump_reading(reading: Reading) -> str:
    """A reading (entities with mentions, time references, quotes, figures, events, lemmas) as one JSON string."""
    return json.dumps(asdict(reading), ensure_ascii=False, separators=(",", ":"))


def parse_reading(text: str | None, article_id: str = "") -> Reading:
    """The reading `dump_reading` wrote (an empty reading for an article never read)."""
    if not text:
        return Reading(article=article_id)
    return reading_from_dict(json.loads(text))


def reading_from_dict(data: dict[str, Any]) -> Reading:
    """A reading from its `asdict` form."""
    return Reading(
        article=data["article"],
        entities=[_entity(e) for e in data.get("entities", [])],
        timexes=[TimeRef(**{**t, "mention": Mention(**t["mention"])}) for t in data.get("timexes", [])],
        quotes=[_quote(q) for q in data.get("quotes", [])],
        figures=[Figure(**{**f, "mention": Mention(**f["mention"])}) for f in data.get("figures", [])],
        events=[Event(**{**e, "evidence": Mention(**e["evidence"])}) for e in data.get("events", [])],
        lemmas=dict(data.get("lemmas", {})),
    )


def dump_entities(entities: list[Entity]) -> str:
    """Entities (with mentions) as one JSON string: what the entity linker needs of an article."""
    return json.dumps([asdict(e) for e in entities], ensure_ascii=False, separators=(",", ":"))


def parse_entities(text: str) -> list[Entity]:
    """The entities `dump_entities` wrote."""
    return [_entity(e) for e in json.loads(text)]


def _entity(data: dict[str, Any]) -> Entity:
    return Entity(**{**data, "mentions": [Mention(**m) for m in data.get("mentions", [])]})


def _quote(data: dict[str, Any]) -> Quote:
    speaker = data.get("speaker_mention")
    return Quote(**{**data, "mention": Mention(**data["mention"]),
                    "speaker_mention": Mention(**speaker) if speaker else None})
