"""The publication day a news lead gives away when no stamp, header or URL states it.

Hard news opens on the day it reports: "Les secours fouillaient jeudi 16 août les décombres", "Dimanche
5 janvier, en soirée, deux roquettes...". A day written with its weekday and month but no year is the
lead's news day, which is the publication day (or the day before: the precision stays "day" since that is
what the text states). The weekday fixes the year up to a cycle of 5, 6 or 11 years; of the years that fit,
the latest one within a year of a year the article names (never after today) is taken, so "lundi 15
avril" in an article that speaks of 2019 is 2019-04-15, not 2024-04-15. An article that names no year
gets no day from its lead: the weekday alone cannot choose between the fitting years.

Only an article whose date nothing else states takes its lead's day: a month already known (a header,
a URL) is not narrowed to the lead's day, which can be the eve of publication and would then send
every "mardi" of the article a week back.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from recoupe.dates import PartialDate
from recoupe.lang import Language

# The lead: the opening of the prose, where hard news states its day. On dev2 (text-only copy) the
# weekday-dated day sits in the first two paragraphs, under 600 characters in; 1200 keeps the first
# three while a background date further down ("le 14 juillet 2016") stays out.
LEAD_CHARS = 1200
# A news day lies within a year of a year its article names (a plan "pour Noël 2019" written in December
# 2018; a review of "2019" in January 2020); of the fitting years that do, the latest is the news.
YEAR_REACH = 1
# Plausible publication years for a year fixed by a weekday (as metadata.MIN_YEAR).
FIRST_YEAR = 1990
_YEAR = re.compile(r"(?<![\d,.])(19[89]\d|20\d\d)(?![\d,.]\d|\d)")


class LeadPatterns:
    """The weekday-day-month pattern of one language, from its `metadata.json` (weekdays Monday first)."""

    def __init__(self, lang: Language) -> None:
        """Compile "jeudi 16 août [2018]" from the language's weekdays, months and first-day suffixes."""
        data = lang.json("metadata.json")
        self.weekdays: dict[str, int] = {w.lower(): i + 1 for i, w in enumerate(data["weekdays"])}
        self.months: dict[str, int] = {k.lower(): int(v) for k, v in data["months"].items()}
        alt = literal_alternation
        self.dated_day = re.compile(
            rf"(?<!\w)({alt(list(self.weekdays))})\s+(\d{{1,2}})(?:{alt(data['first_day_suffixes'])})?\s+"
            rf"({alt(list(self.months))})\.?(?:\s+(\d{{4}}))?(?!\w)", re.IGNORECASE)


def literal_alternation(words: list[str]) -> str:
    """A regex alternation of the literal words, longest first so "juillet" wins over "juil"."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def load_lead_patterns(lang: Language) -> LeadPatterns:
    """The compiled lead pattern of a language (once per process)."""
    return LeadPatterns(lang)


def years_fitting(weekday: int, month: int, day: int, today: dt.date) -> list[int]:
    """The years from FIRST_YEAR to today's in which `day`/`month` falls on ISO `weekday`, not after today."""
    years = []
    for year in range(FIRST_YEAR, today.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d.isoweekday() == weekday and d <= today:
            years.append(year)
    return years


def find_lead_day(text: str, lang: Language, today: dt.date) -> PartialDate | None:
    """The first weekday-dated day of the lead ("jeudi 16 août"), its year fixed by the weekday near the
    article's own years; None when the lead dates nothing by weekday or no year fits."""
    pats = load_lead_patterns(lang)
    m = pats.dated_day.search(text[:LEAD_CHARS])
    if m is None:
        return None
    weekday, day, month = pats.weekdays[m[1].lower()], int(m[2]), pats.months[m[3].lower()]
    if m[4]:
        try:
            written = dt.date(int(m[4]), month, day)
        except ValueError:
            return None
        return PartialDate(written.year, month, day) if written <= today else None
    fits = years_fitting(weekday, month, day, today)
    if not fits:
        return None
    named = [y for y in map(int, _YEAR.findall(text)) if y <= today.year]
    if not named:
        return None  # the weekday alone leaves a choice of years every 5 to 11: nothing says which
    near = [y for y in fits if any(abs(y - n) <= YEAR_REACH for n in named)]
    return PartialDate(max(near), month, day) if near else None
