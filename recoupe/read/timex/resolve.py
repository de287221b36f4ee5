"""Calendar arithmetic for the temporal tagger: parsing the publication date, shifting it, and writing TIMEX3 values.

Kept apart from the patterns (timex_patterns.py) so that the rules stay readable
and the date logic is tested once. No language-specific words live here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

from recoupe.dates import PartialDate

Direction = Literal["past", "future", "none"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


# The publication date (DCT) a document's relative expressions are resolved against, at its precision.
Anchor = PartialDate


def parse_anchor(dct: str | None) -> Anchor:
    """Read an ISO publication date at day, month or year precision (anything after the day is ignored)."""
    if not dct:
        return Anchor(None)
    m = _ISO.match(dct.strip())
    if not m:
        return Anchor(None)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) and month else None
    if month is not None and not 1 <= month <= 12:
        return Anchor(year)
    if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        day = None
    return Anchor(year, month, day)


def format_day(d: date) -> str:
    """ISO day value."""
    return d.isoformat()


def format_week(d: date) -> str:
    """ISO week value of the week containing `d` ("1999-W20")."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) moved by `delta` months."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def valid_day(year: int, month: int, day: int) -> bool:
    """Whether the triple is a real calendar day."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def resolve_weekday(anchor: Anchor, weekday: int, direction: Direction, strict: bool = False) -> date | None:
    """The date of ISO `weekday` (1=Monday) nearest the DCT in `direction` (past by default).

    `strict` ("jeudi dernier", "jeudi prochain") excludes the DCT itself. Needs a DCT known to the day.
    """
    dct = anchor.as_date
    if dct is None:
        return None
    today = dct.isoweekday()
    if direction == "future":
        delta = (weekday - today) % 7
        if strict and delta == 0:
            delta = 7
        return dct + timedelta(days=delta)
    delta = (today - weekday) % 7
    if strict and delta == 0:
        delta = 7
    return dct - timedelta(days=delta)


# A tense cue may move a yearless day or month to the previous or next year only if that
# lands within this many months of the DCT; beyond, the nearest occurrence wins (news does
# not name a day ten months back without its year). Chosen on TimeBank dev and the libya
# TLS articles: 9 fixes a mis-read tense (a day 10.5 months back in a mixed-tense
# sentence) while keeping past days 8 months back ("le 16 février" read in October).
MAX_TENSE_REACH_MONTHS = 9


def _months_between(anchor: Anchor, year: int, month: int, day: int | None) -> float:
    assert anchor.year is not None and anchor.month is not None
    here = anchor.year * 12 + anchor.month + ((anchor.day or 15) - 1) / 31
    there = year * 12 + month + ((day or 15) - 1) / 31
    return there - here


def resolve_year_of(anchor: Anchor, month: int, day: int | None, direction: Direction,
                    strict: bool = False) -> int | None:
    """The year of a day or month given without year: the occurrence nearest the DCT, or the tense's one.

    Past reporting of a later month means last year ("en septembre" read in February
    of a past event); future reporting of an earlier month means next year, unless
    that lands more than MAX_TENSE_REACH_MONTHS away. `strict` ("dernier",
    "prochain") always follows the direction.
    """
    if anchor.year is None:
        return None
    if anchor.month is None:
        return anchor.year
    options = [anchor.year - 1, anchor.year, anchor.year + 1]
    nearest = min(options, key=lambda y: abs(_months_between(anchor, y, month, day)))
    if direction == "none":
        return _recalled_year(anchor, month, day, nearest)
    same_month = month == anchor.month
    if direction == "past":
        fits = [y for y in options if _months_between(anchor, y, month, day) <= 0 or (same_month and y == anchor.year)]
        chosen = max(fits)
    else:
        fits = [y for y in options if _months_between(anchor, y, month, day) >= 0 or (same_month and y == anchor.year)]
        chosen = min(fits)
    if strict or abs(_months_between(anchor, chosen, month, day)) <= MAX_TENSE_REACH_MONTHS:
        return chosen
    return nearest


# How far ahead of the DCT a yearless day told with no tense at all may lie before the same day of the
# year before (when within MAX_TENSE_REACH_MONTHS back) is taken instead: a quarter.
MAX_UNTENSED_AHEAD_MONTHS = 3


def _recalled_year(anchor: Anchor, month: int, day: int | None, nearest: int) -> int:
    """The year of a yearless day no tense places: the nearest, unless that lies more than a quarter ahead.

    News tells what has happened and announces what is coming with a future, a conditional or a
    planning word ("aura lieu", "prévu le"); a bare day far ahead with none of them ("la fermeture du
    marché du 11 octobre", read in June) is one it recalls, so the year before wins when not too far back.
    """
    if day is None or _months_between(anchor, nearest, month, day) <= MAX_UNTENSED_AHEAD_MONTHS:
        return nearest
    back = nearest - 1
    return back if abs(_months_between(anchor, back, month, day)) <= MAX_TENSE_REACH_MONTHS else nearest


def expand_two_digit_year(yy: int, anchor: Anchor) -> int:
    """A two-digit year ("octobre 98") put in the century that keeps it at most ten years after the DCT."""
    base = anchor.year if anchor.year is not None else 2000
    century = base // 100 * 100
    year = century + yy
    if year > base + 10:
        year -= 100
    return year


def duration_value(amount: float | None, letter: str, factor: int, is_time: bool) -> str:
    """A TIMEX3 duration ("P3Y", "PT30.4S", "PXM") from an amount (None = unspecified) and a unit letter."""
    prefix = "PT" if is_time else "P"
    if amount is None:
        return f"{prefix}X{letter}"
    total = amount * factor
    text = f"{total:g}" if total != int(total) else str(int(total))
    return f"{prefix}{text}{letter}"


def in_calendar(value: str | None) -> bool:
    """Whether a value's year, if it starts with one, lies in 0001..9999 (the range ISO dates and Python allow)."""
    if not value:
        return True
    return not (value.startswith(("-", "0000")) or (len(value) > 4 and value[:5].isdigit()))
