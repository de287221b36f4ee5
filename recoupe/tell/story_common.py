"""Helpers every story presentation shares: dates at their precision, sources of articles, sentences.

The terminal views and the md / html / json / TimelineJS exports all read the
same records (`Story`, `TimelineEntry`, `Comparison`, `Article`); what they
need to derive from them (who is the source of an article, which articles give
an entry's main date, the sentence around a figure) is computed here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from recoupe.clean.outlets import UNKNOWN_SOURCE, outlet_label
from recoupe.dates import PartialDate
from recoupe.records import Article, Figure, Story, TimelineEntry

# Characters of an ISO date at each precision ("2020-06-11", "2020-06", "2020").
_PRECISION_LENGTH = {"day": 10, "month": 7, "year": 4}

# A sentence ends at . ! ? or … followed by white space, unless the word before
# the full stop is an initial or a short capitalised abbreviation ("M.", "Mme.",
# "Dr.", "J."): a script-level rule that holds for French and English news, so
# it needs no per-language word list.
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d-])")
_SENTENCE_END = re.compile(r"[.!?…]+[»\"”’)]*\s+|\n+")
_ABBREVIATION_MAX = 3  # "M", "Mme", "Dr", "St": longer capitalised words ("Irak.") end sentences


@dataclass(slots=True)
class StoryCoverage:
    """Who covered a story and when: its outlets and the range of its publication dates (what `recoupe
    stories` shows); not the clusterer's `link.stories.StorySummary`, which lists its members."""

    story: Story
    sources: list[str] = field(default_factory=list)
    first: str | None = None  # earliest publication date of its articles
    last: str | None = None  # latest publication date of its articles


def infer_precision(date: str) -> str:
    """The precision an ISO date string states: day, month or year. A value that is no calendar date
    ("2011-Q4") is read by its length, as the ISO value of that size would be."""
    parsed = PartialDate.from_iso(date)
    if parsed is not None and parsed.precision is not None:
        return parsed.precision
    if len(date) >= 10:
        return "day"
    return "month" if len(date) >= 7 else "year"


def format_date(date: str, precision: str | None = None) -> str:
    """The date cut to its precision ("2020-06" for a month), so the display never claims a false day."""
    size = _PRECISION_LENGTH.get(precision or infer_precision(date))
    return date[:size] if size else date


def date_parts(date: str, precision: str | None = None) -> dict[str, str] | None:
    """Year, and month and day only when the precision has them (TimelineJS's `start_date`); None when
    the value is no calendar date (a "2011-Q4" or "PRESENT_REF" cannot be placed on a time axis)."""
    m = _ISO_DATE.match(date)
    if not m:
        return None
    precision = precision or infer_precision(date)
    parts = {"year": m.group(1)}
    if precision in ("month", "day") and m.group(2):
        parts["month"] = str(int(m.group(2)))
        if precision == "day" and m.group(3):
            parts["day"] = str(int(m.group(3)))
    return parts


def source_of(article_id: str, articles: Mapping[str, Article]) -> str:
    """The outlet of an article as a reader names it: "Belga, via rtl.be", "rtl.be", or "unknown source"
    (never the article's id, which names no outlet)."""
    article = articles.get(article_id)
    return outlet_label(article.source, article.wire) if article else UNKNOWN_SOURCE


def sources_of(article_ids: Iterable[str], articles: Mapping[str, Article]) -> list[str]:
    """Distinct outlets of some articles, in first-seen order."""
    return list(dict.fromkeys(source_of(a, articles) for a in article_ids))


def entry_sources(entry: TimelineEntry, articles: Mapping[str, Article]) -> list[str]:
    """The outlets behind an entry: the ones the timeline builder counted, else those of its articles."""
    return list(entry.sources) or sources_of(entry.articles, articles)


def main_date_articles(entry: TimelineEntry) -> list[str]:
    """The articles that give the entry's own date: all of them but those listed under `other_dates`."""
    elsewhere = {a for _, ids in entry.other_dates for a in ids}
    own = [a for a in entry.articles if a not in elsewhere]
    return own or list(entry.articles)


def chronological(timeline: Sequence[TimelineEntry]) -> list[tuple[int, TimelineEntry]]:
    """Entries with their index in `timeline`, by date then by weight (heaviest first on one date)."""
    return sorted(enumerate(timeline), key=lambda p: (p[1].date, -p[1].weight, p[0]))


def entries_by_date(indexes: Iterable[int], timeline: Sequence[TimelineEntry]) -> list[int]:
    """The valid indexes into `timeline` (a comparison's), oldest entry first."""
    return sorted((i for i in indexes if 0 <= i < len(timeline)), key=lambda i: timeline[i].date)


def summarize_story(story: Story, articles: Mapping[str, Article]) -> StoryCoverage:
    """A story's outlets and the range of its articles' publication dates."""
    dates = sorted(a.published for aid in story.articles if (a := articles.get(aid)) and a.published)
    return StoryCoverage(story=story, sources=sources_of(story.articles, articles),
                        first=dates[0] if dates else None, last=dates[-1] if dates else None)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence of `text` that holds [start, end), so a figure can be shown in context."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        if _ends_sentence(text, m):
            left = m.end()
    right = len(text)
    for m in _SENTENCE_END.finditer(text, end):
        if _ends_sentence(text, m):
            right = m.start() + len(m.group().rstrip())
            break
    return left, max(right, end)


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether a sentence-end match really ends one (a line break always does; "M." never does)."""
    if match.group().startswith("\n") or text[match.start()] != ".":
        return True
    i = match.start()
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    word = text[i:match.start()]
    short = 0 < len(word) <= _ABBREVIATION_MAX
    return not (short and word[0].isupper() and (len(word) == 1 or word[1:].islower()))


def figure_sentence(article_id: str, start: int, end: int, articles: Mapping[str, Article]) -> str:
    """The sentence around a span of an article's clean text (the span itself if the text is unknown)."""
    article = articles.get(article_id)
    if article is None or not article.clean_text:
        return ""
    s, e = sentence_bounds(article.clean_text, start, end)
    return " ".join(article.clean_text[s:e].split())


def format_number(value: float) -> str:
    """A figure's value with thin-space thousands ("3 500"): unambiguous in French and English alike."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,}".replace(",", "\u202f")


# How each view writes a figure's hedge: a bound states a side, a hedge a rounding.
_HEDGE_SIGNS = {"at_least": "≥", "at_most": "≤", "about": "~"}
_HEDGE_WORDS = {"at_least": "at least", "at_most": "at most", "about": "about"}


def hedge_sign(f: Figure) -> str:
    """The sign before a figure's value: "≥" (plus de), "≤" (moins de), "~" (environ), "" when exact."""
    return _HEDGE_SIGNS.get(f.bound or "", "~" if f.approx else "")


def hedge_word(f: Figure) -> str:
    """The figure's hedge in words, for a column of its own: at least, at most, about or exact."""
    return _HEDGE_WORDS.get(f.bound or "", "about" if f.approx else "exact")


def as_of_phrase(f: Figure) -> str:
    """When a figure holds, for a reader: "as of 2021-07", "earlier, undated" for a reference to a past the
    text does not name (TIMEX3's PAST_REF, "contre 5 200 auparavant"), "" when unknown."""
    if not f.as_of:
        return ""
    return "earlier, undated" if f.as_of == "PAST_REF" else f"as of {f.as_of}"


def figure_value(f: Figure) -> str:
    """A figure's value with its hedge sign and unit ("≥5 200 soldats"), and whose count it is when said."""
    text = f"{hedge_sign(f)}{format_number(f.value)} {f.unit or ''}".rstrip()
    return f"{text} (according to {f.according_to})" if f.according_to else text


def truncate(text: str, size: int) -> str:
    """`text` on one line, cut at a word boundary to at most `size` characters (… when cut)."""
    flat = " ".join(text.split())
    if len(flat) <= size:
        return flat
    cut = flat[: size - 1].rsplit(" ", 1)[0] if " " in flat[: size - 1] else flat[: size - 1]
    return cut.rstrip(" ,;:") + "…"
