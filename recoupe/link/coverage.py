"""A story's coverage window, and which of its dated events are background before it.

A story is covered from its first publication on; what its articles date before that is the past they
recall (a war begun in 1969, a treaty of 2008). Such background stays in the timeline, marked as such and
weighing less than what the story reports. The first articles report the days just before them ("hier",
"la semaine dernière"), so the window opens COVERAGE_LEAD_DAYS before the first publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from recoupe.dates import PartialDate

# How far before its first publication a story's window opens: a week, the reach of "la semaine
# dernière" and of weekday names in the first reports. On the TLS libya topic the reference timeline
# starts the day before the first article (2011-02-15 for 2011-02-16).
COVERAGE_LEAD_DAYS = 7

_WEEK = re.compile(r"(\d{4})-W(\d{2})$")


def coverage_start(published: Iterable[str | None]) -> dt.date | None:
    """The first day of the window: COVERAGE_LEAD_DAYS before the earliest publication known to the day
    (a publication known to the month or year counts from its first day); None when none is known."""
    starts = [first_day(p) for p in published if p]
    known = [d for d in starts if d is not None]
    return min(known) - dt.timedelta(days=COVERAGE_LEAD_DAYS) if known else None


def first_day(value: str) -> dt.date | None:
    """The first calendar day of an ISO date, month, year or week ("2021-07" -> 1 July 2021)."""
    if m := _WEEK.match(value):
        return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
    date = PartialDate.from_iso(value)
    return date.first_day if date else None


def last_day(value: str) -> dt.date | None:
    """The last calendar day of an ISO date, month, year or week ("2021-07" -> 31 July 2021)."""
    if m := _WEEK.match(value):
        return dt.date.fromisocalendar(int(m[1]), int(m[2]), 7)
    date = PartialDate.from_iso(value)
    return date.last_day if date else None


def before_coverage(date: str, start: dt.date | None) -> bool:
    """Whether a dated event ends before the story's window opens: background the story recalls."""
    end = last_day(date)
    return start is not None and end is not None and end < start
