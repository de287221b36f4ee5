"""One timeline entry as JSON, the shape of `../shared/eval/OUTPUT.md`: the one encoder of an entry.

The analysis export writes it as it is; the JSON API adds the entry's index in its
story's timeline and the story formats add the outlet behind each article.
"""

from __future__ import annotations

from typing import Any

from recoupe.link.timeline_words import date_relation
from recoupe.records import Evidence, TimelineEntry


def entry_json(entry: TimelineEntry) -> dict[str, Any]:
    """One timeline entry as OUTPUT.md has it (plus sources and the dates other sources give)."""
    def evidence(articles: list[str], date: str) -> list[dict[str, Any]]:
        # An article may give the entry's date in one sentence and another date in the next:
        # each sentence goes with the date its own expression gives.
        return [m.to_dict() for m in entry.evidence if m.article in articles and _dates_agree(m, date)]

    # The evidence of a date goes with that date: sources that give another date for the same
    # event are listed under "other_dates", with their own sentences.
    return {
        "date": entry.date, "precision": entry.precision, "event": entry.event, "articles": entry.articles,
        "weight": round(entry.weight, 4), "sources": entry.sources, "evidence": evidence(entry.articles, entry.date),
        "other_dates": [{"date": d, "articles": arts, "evidence": evidence(arts, d)} for d, arts in entry.other_dates],
        "background": entry.background,
    }


def _dates_agree(m: Evidence, date: str) -> bool:
    """Whether an evidence sentence's dating expression gives `date` (equal on the shorter); True when unknown."""
    return m.when is None or date_relation(m.when.value.split("T")[0], date) in ("same", "contains")
