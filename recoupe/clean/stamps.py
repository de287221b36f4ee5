"""Page stamps below the header: lines that say when a page (or a page it links to) was published.

A news page prints its publication stamp under the title ("Publié le 12 mars 2011 à 10h05", "— 3 mai
2014 — Temps de lecture : 4 min"); metadata reads the one in the header. The same stamp is printed again
under every teaser of the site's other articles further down, and in the middle of live pages. A line made
only of a date (and a time) and page furniture (a publication or update marker, a reading time) reports
nothing: it is the metadata of a page, and a date read from it would become a false event. So is a line
that is only a full date later than the page's own publication date: nothing an article reports can be
dated after it was published, so the date is another page's (a teaser of a later article) or an update's.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from recoupe.clean.metadata import MetadataPatterns, _is_dateline, load_patterns, scan_dates, split_lines
from recoupe.lang import Language

STAMP_REASON = "page stamp"


@cache
def reading_time_pattern(lang: Language) -> re.Pattern[str]:
    """The language's reading-time furniture ("Temps de lecture : 2 min"), from its `metadata.json`."""
    return re.compile(lang.json("metadata.json")["reading_time_pattern"], re.IGNORECASE)


def find_page_stamps(text: str, consumed: list[tuple[int, int, str]], published: str | None, lang: Language,
                     today: dt.date | None = None) -> list[tuple[int, int, str]]:
    """Spans (start, end, reason) of the stamp lines of `text` that metadata has not consumed already.

    A stamp line holds a date, nothing but dates, times and filler words once its furniture is set
    aside, and at least one piece of furniture: a line that is only a date ("Lundi 21 mars") can head
    the hours of a live page and stays. The dates of these lines are never read as the publication date:
    the header's stamp, which metadata read, is the page's own. `published` (ISO, at any precision) is the
    date metadata read, against which a bare date line is judged.
    """
    pats = load_patterns(lang)
    reading = reading_time_pattern(lang)
    when = today or dt.date.today()
    spans: list[tuple[int, int, str]] = []
    for s, e in split_lines(text):
        if any(a < e and s < b for a, b, _ in consumed):
            continue
        if is_stamp_line(text[s:e], pats, reading, when) or is_later_date_line(text[s:e], published, pats, when):
            spans.append((s, e, STAMP_REASON))
    return spans


def is_stamp_line(line: str, pats: MetadataPatterns, reading: re.Pattern[str], today: dt.date) -> bool:
    """Whether `line` is a date with page furniture and nothing else (see `find_page_stamps`)."""
    furniture = reading.search(line) is not None or pats.any_marker.search(line) is not None
    if not furniture:
        return False
    rest = reading.sub(" ", line)
    dates = scan_dates(rest, pats, today)
    return bool(dates) and _is_dateline(rest, dates, pats)


def is_later_date_line(line: str, published: str | None, pats: MetadataPatterns, today: dt.date) -> bool:
    """Whether `line` is only a date, written with its year, that falls after the page's `published` date."""
    if not published:
        return False
    dates = scan_dates(line, pats, today)
    if not dates or not _is_dateline(line, dates, pats):
        return False
    return all(d.year is not None and (d.iso or "")[:len(published)] > published for _, _, d, _ in dates)
