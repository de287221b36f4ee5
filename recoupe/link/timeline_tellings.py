"""A weekday dating the report of a past event falls on or after that event's day.

News tells what happened before it was told: "trois soldats ont été tués le 11 mars, a annoncé jeudi la
coalition" was announced on the Thursday after 11 March, never the one before. A weekday is read from the
article's publication day; when that day is wrong (a page dated by its URL or its first version, an update
published later) the weekday lands a week early, before the event its own sentence tells in the past. Such
a weekday is moved to the same weekday of the next week, the first one on or after the event told.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date as Date
from datetime import timedelta
from typing import Protocol

from recoupe.link.timeline_evidence import names_its_day, when_of
from recoupe.link.timeline_words import WordRules
from recoupe.read.events import REFERENCE
from recoupe.read.timex.patterns import TimexGrammar
from recoupe.read.timex.tense import find_direction
from recoupe.records import Event, TimeRef


class Told(Protocol):
    """A dated event as this rule reads it (`timeline._Candidate`)."""

    @property
    def article(self) -> str: ...

    @property
    def event(self) -> Event: ...

    @property
    def dating(self) -> tuple[TimeRef, ...]: ...


def find_late_tellings(texts: Mapping[str, str], cands: Sequence[Told],
                       grammar: TimexGrammar) -> dict[tuple[str, int], str]:
    """The weekdays that date a telling before the past event it tells, keyed by (article, offset), with the
    day a week on that they name.

    A candidate dated by a bare weekday ("jeudi", "ce jeudi") is moved when another dated clause of its
    sentence tells, in the past, an event on a day it writes out ("le 11 mars") that falls in the six days
    after that weekday: the telling cannot precede what it tells, so the weekday is the one of the next week.
    `texts` are the story's clean texts by article id.
    """
    by_article: dict[str, list[Told]] = defaultdict(list)
    for c in cands:
        by_article[c.article].append(c)
    moved: dict[tuple[str, int], str] = {}
    for c in cands:
        when = when_of(c.dating)
        day = _bare_weekday_day(when, grammar) if when is not None else None
        if when is None or day is None:
            continue
        text = texts.get(c.article, "")
        if (any(_tells_later_past(text, c, d, day, grammar) for d in by_article[c.article])
                and _past(text, when, grammar)):
            moved[(c.article, when.mention.start)] = (day + timedelta(days=7)).isoformat()
    return moved


def _bare_weekday_day(t: TimeRef, grammar: TimexGrammar) -> Date | None:
    """The day a bare weekday expression ("jeudi", "ce jeudi") was read as, or None for any other expression."""
    words = t.mention.text.lower().split()
    words = words[1:] if words[:1] and words[0] in grammar.data["this_words"] else words
    if len(words) != 1 or words[0] not in grammar.weekdays or t.precision != "day" or names_its_day(t):
        return None
    try:
        return Date.fromisoformat(t.value[:10])
    except ValueError:
        return None


def _past(text: str, t: TimeRef, grammar: TimexGrammar) -> bool:
    """Whether the clause around an expression reports in the past."""
    return find_direction(text, t.mention.start, t.mention.end, grammar) == "past"


def _tells_later_past(text: str, telling: Told, told: Told, day: Date, grammar: TimexGrammar) -> bool:
    """Whether `told`, a clause of the same sentence as `telling`, tells in the past an event on a day it writes
    out within the six days after `day`."""
    if told is telling or told.article != telling.article or told.event.precision != "day":
        return False
    a, b = telling.event.evidence, told.event.evidence
    if not (a.start < b.end and b.start < a.end):
        return False
    when = when_of(told.dating)
    if when is None or not names_its_day(when):
        return False
    try:
        later = Date.fromisoformat(told.event.date)
    except ValueError:
        return False
    return day < later <= day + timedelta(days=6) and _past(text, when, grammar)


def reports_its_deed(a: Told, b: Told, grammar: TimexGrammar, rules: WordRules) -> bool:
    """Whether one of two clauses of one sentence reports on a weekday the deed the other dates, on a day it
    writes out before that weekday ("ont été tués le 11 mars, a annoncé jeudi la coalition").

    The report and the deed are two events, whatever words they share: the sentence's. Without this, a report
    a day after its deed merges with it (adjacent days, alike sentences) and its day is lost. A weekday its
    clause sets as a limit ("ont appelé samedi 4 janvier les soldats à partir avant dimanche") dates no
    report: it is part of what the deed asks.
    """
    if a.article != b.article or a.event.date == b.event.date:
        return False
    if not (a.event.evidence.start < b.event.evidence.end and b.event.evidence.start < a.event.evidence.end):
        return False
    return _reports(a, b, grammar, rules) or _reports(b, a, grammar, rules)


def names_in_passing(a: Told, b: Told) -> bool:
    """Whether one of two clauses of one sentence only names, on another day, an event the other's telling
    passes by ("a assuré jeudi que les clubs financeraient le gymnase, détruit mardi par une tempête").

    A noun's participle or relative names what befell that noun earlier: that event is told elsewhere (or
    not at all), and the sentence's own event is its telling. The two share the sentence's words but are
    never one event. A later day named so ("la conférence prévue mercredi", "avant dimanche") is part of
    what is told, a plan or a limit, and is not this case.
    """
    if a.article != b.article or (a.event.type == REFERENCE) == (b.event.type == REFERENCE):
        return False
    naming, telling = (a, b) if a.event.type == REFERENCE else (b, a)
    if not naming.event.date < telling.event.date[:len(naming.event.date)]:
        return False
    return a.event.evidence.start < b.event.evidence.end and b.event.evidence.start < a.event.evidence.end


def _reports(telling: Told, deed: Told, grammar: TimexGrammar, rules: WordRules) -> bool:
    """Whether `telling` is dated by a bare weekday, not set as a limit, after the day `deed` is dated by and
    writes out."""
    when, deed_when = when_of(telling.dating), when_of(deed.dating)
    day = _bare_weekday_day(when, grammar) if when is not None else None
    if when is None or day is None or deed_when is None or not names_its_day(deed_when) or deed.event.precision != "day":
        return False
    evidence = telling.event.evidence
    if rules.points_later(evidence.text[:max(0, when.mention.start - evidence.start)]):
        return False
    try:
        return Date.fromisoformat(deed.event.date) < day
    except ValueError:
        return False
