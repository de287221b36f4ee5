"""The core of the temporal tagger: what one document's tagging holds, and the helpers every rule resolver uses.

Split from timex.py so that rule families can live in their own modules (timex_families.py)
while sharing the document state: the publication date (anchor), the grammar, the spaCy Doc
for tense, and the days already dated in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from recoupe.read.timex.patterns import TimexGrammar
from recoupe.read.timex.resolve import (
    Anchor,
    Direction,
    expand_two_digit_year,
    resolve_year_of,
)
from recoupe.read.timex.tense import (
    find_direction,
    is_planned,
    sentence_bounds,
    tells_a_past_scene,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class Candidate:
    """A rule match before resolution: its span, rule and regex match."""

    start: int
    end: int
    rule: str
    priority: int
    match: re.Match[str]


@dataclass(slots=True)
class State:
    """What earlier expressions of the document tell later ones: the last explicit year, and dated days."""

    last_year: int | None = None
    feasts: dict[str, int] = field(default_factory=dict)  # feast -> the year the text gave it
    days: list[tuple[int, date]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)  # (offset, year) of expressions that name a year


@dataclass(slots=True)
class Out:
    """A resolved expression before it becomes a TimeRef."""

    start: int
    end: int
    type: str
    value: str
    precision: str | None = None
    anchor: str | None = None
    day: date | None = None
    clock: str | None = None  # "HH:MM" or a part of day, for TIMEs resolved against the day in context


class TaggerCore:
    """One document being tagged: its text, anchor, grammar and Doc, and the helpers resolvers share."""

    def __init__(self, text: str, anchor: Anchor, g: TimexGrammar, doc: Doc | None) -> None:
        self.text = text
        self.anchor = anchor
        self.g = g
        self.doc = doc
        self.state = State()

    # ---- context helpers -------------------------------------------------------------------------
    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start and end offsets of the sentence around a span."""
        return sentence_bounds(self.text, start, end)

    def direction(self, start: int, end: int) -> Direction:
        """Past or future reporting around a span (see timex_tense)."""
        return find_direction(self.text, start, end, self.g, self.doc)

    def rel_direction(self, m: re.Match[str], start: int, end: int) -> tuple[Direction, bool]:
        """Direction from an explicit "dernier"/"prochain" in the match (strict), else from tense."""
        rel = m.groupdict().get("rel")
        if rel:
            return ("past" if rel.lower() in self.g.past_words else "future"), True
        return self.direction(start, end), False

    def day_out(self, start: int, end: int, d: date, kind: str = "DATE", pod: str | None = None,
                anchor: str | None = None) -> Out:
        """A DATE at day precision (or a TIME "dayTpart-of-day" when a part of day is given)."""
        if pod:
            return Out(start, end, "TIME", f"{d.isoformat()}T{pod}", "part_of_day", anchor, d)
        return Out(start, end, kind, d.isoformat(), "day", anchor, d)

    def relative_out(self, start: int, end: int, offset: int, pod: str | None) -> Out:
        """A day given relative to the DCT ("hier", "demain soir")."""
        dct = self.anchor.as_date
        if dct is not None:
            return self.day_out(start, end, dct + timedelta(days=offset), pod=pod, anchor=self.anchor.iso)
        if self.anchor.iso is not None:
            return Out(start, end, "DATE", self.anchor.iso, self.anchor.precision, self.anchor.iso)
        ref = "PAST_REF" if offset < 0 else "FUTURE_REF" if offset > 0 else "PRESENT_REF"
        return Out(start, end, "DATE", ref)

    def month_num(self, word: str) -> int:
        """Month number of a (possibly abbreviated) month name."""
        return self.g.months[word.lower()]

    def explicit_year(self, text: str) -> int:
        """A four-digit or two-digit ("'98") year, expanded around the DCT."""
        digits = text.lstrip("'’")
        year = int(digits) if len(digits) == 4 else expand_two_digit_year(int(digits), self.anchor)
        self.state.last_year = year
        return year

    def guess_year(self, m: re.Match[str], month: int, day: int | None, start: int, end: int) -> int | None:
        """The year of a day or month written without one: "de la même année", "dernier/prochain", else tense."""
        if m.groupdict().get("same") and self.state.last_year is not None:
            return self.state.last_year
        s0, _s1 = self.sentence_bounds(start, end)
        named = [year for pos, year in self.state.years if s0 <= pos < start]
        if named and not m.groupdict().get("rel"):
            # "l'an prochain, en juillet", "en 2008, le 17 novembre": the sentence has named the year of its month.
            return named[-1]
        direction, strict = self.rel_direction(m, start, end)
        if direction == "future" and not strict:
            # A scheduled date ("l'élection prévue en novembre") lies ahead however far: no reach limit.
            strict = is_planned(self.doc, start, end, self.g)
        elif direction == "past" and not strict:
            # A scene set in the past ("avait brûlé le 26 septembre") lies behind however far: no reach limit.
            strict = tells_a_past_scene(self.doc, start, end)
        return resolve_year_of(self.anchor, month, day, direction, strict)
