"""Dated events: each sentence that dates something that happened or was announced.

An event is found, not written: its date is a resolved DATE (or TIME) expression
of the sentence, its description is the sentence itself trimmed to the clauses
around that date, its actors are the entities mentioned in the sentence, and its
evidence is the sentence's exact span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from recoupe.records import Entity, Event, Mention, TimeRef
from recoupe.spans import trim_span

if TYPE_CHECKING:
    from spacy.tokens import Doc

# An ISO calendar value at year, month or day precision, optionally followed by a
# time part (2021-07-22TEV, 2021-07-22T15:30) that events do not need.
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$")

# Descriptions longer than this are cut to the clauses around the date: the
# median French news sentence is ~30 words (~180 characters, measured on the
# dev corpus), and a timeline line should read in one glance.
MAX_DESCRIPTION_CHARS = 220

# Clause separators used to trim a long sentence around its date.
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:–—]|,(?=\s))\s*")

_POS_VERB = {"VERB", "AUX"}


def event_date(timex: TimeRef) -> tuple[str, str] | None:
    """The (ISO date, precision) an expression dates an event at, or None if it cannot date one."""
    if timex.type not in ("DATE", "TIME"):
        return None
    match = _ISO_DATE.match(timex.value)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"


def find_events(doc: Doc, timexes: Sequence[TimeRef], entities: Sequence[Entity], article_id: str = "") -> list[Event]:
    """One event per distinct date per sentence that has a verb and a resolved date."""
    if not timexes:
        return []
    text = doc.text
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    mentions = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
    events: list[Event] = []
    seen: set[tuple[int, str]] = set()
    for timex in sorted(timexes, key=lambda t: t.mention.start):
        dated = event_date(timex)
        if dated is None:
            continue
        index = _sentence_index(starts, timex.mention.start)
        if index is None:
            continue
        sentence = sentences[index]
        if (index, dated[0]) in seen or not any(t.pos_ in _POS_VERB for t in sentence):
            continue
        seen.add((index, dated[0]))
        start, end = _paragraph_part(text, sentence.start_char, sentence.end_char, timex.mention.start)
        start, end = trim_span(text, start, end)
        if end <= start:
            continue
        actors = list(dict.fromkeys(eid for ms, me, eid in mentions if ms >= start and me <= end))
        events.append(Event(
            date=dated[0], precision=dated[1], what=describe(text[start:end], timex.mention.start - start),
            evidence=Mention(article_id, start, end, text[start:end]), actors=actors,
        ))
    return events


def describe(text: str, offset: int) -> str:
    """The sentence as the event's description, cut to the clauses around the date (at `offset`) when long."""
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    pieces: list[tuple[int, int]] = []
    last = 0
    for match in _CLAUSE_BREAK.finditer(text):
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(text)))
    home = next((i for i, (s, e) in enumerate(pieces) if s <= offset < e + 1), 0)
    lo = hi = home
    while pieces[hi][1] - pieces[lo][0] < MAX_DESCRIPTION_CHARS // 2:
        grew = False
        if hi + 1 < len(pieces) and pieces[hi + 1][1] - pieces[lo][0] <= MAX_DESCRIPTION_CHARS:
            hi += 1
            grew = True
        if lo > 0 and pieces[hi][1] - pieces[lo - 1][0] <= MAX_DESCRIPTION_CHARS:
            lo -= 1
            grew = True
        if not grew:
            break
    cut = text[pieces[lo][0]:pieces[hi][1]].strip(" ,;:–—")
    if len(cut) > MAX_DESCRIPTION_CHARS:
        cut = cut[:MAX_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " …"
    return cut[:1].upper() + cut[1:]


def _paragraph_part(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of a sentence that lies in the same line as `anchor`.

    The parser sometimes runs a sentence across a line break (a subheading with no final
    period followed by a paragraph); evidence never spans two paragraphs.
    """
    before = text.rfind("\n", start, anchor)
    after = text.find("\n", anchor, end)
    return (before + 1 if before >= 0 else start), (after if after >= 0 else end)


def _sentence_index(starts: list[int], offset: int) -> int | None:
    from bisect import bisect_right

    i = bisect_right(starts, offset) - 1
    return i if i >= 0 else None
