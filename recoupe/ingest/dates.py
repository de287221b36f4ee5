"""Publication dates as inputs state them (ISO 8601, RFC 2822, feed time tuples) to an ISO day/month/year."""

from __future__ import annotations

import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from recoupe.records import Precision

YEAR = re.compile(r"(\d{4})")
YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
# Years outside this range are typos or placeholders (0000, 9999), not news dates.
MIN_YEAR, MAX_YEAR = 1800, 2200


def parse_published(value: str) -> tuple[str, Precision] | None:
    """Read a stated publication date: "2020", "2020-06", "2020-06-10", an ISO datetime (its own local day),
    or an RFC 2822 date; None if it is none of these."""
    value = value.strip()
    if match := YEAR.fullmatch(value):
        return (value, "year") if _year_ok(int(match[1])) else None
    if match := YEAR_MONTH.fullmatch(value):
        return (value, "month") if _year_ok(int(match[1])) and 1 <= int(match[2]) <= 12 else None
    day = _parse_day(value)
    if day is None or not _year_ok(day.year):
        return None
    return day.isoformat(), "day"


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("z", "Z")).date()  # keeps the stated offset's local day
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def day_from_struct(value: time.struct_time | None) -> str | None:
    """The ISO day of a time tuple (feedparser's `published_parsed`), or None."""
    if value is None:
        return None
    try:
        day = date(value.tm_year, value.tm_mon, value.tm_mday)
    except (ValueError, AttributeError):
        return None
    return day.isoformat() if _year_ok(day.year) else None


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR
