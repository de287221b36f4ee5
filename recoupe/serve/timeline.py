"""The story page's timeline as a reader filters it: every entry reachable, a page at a time, on a clipped axis.

A story's timeline can hold hundreds of entries, many of them background (dated before
the story's coverage window: the past its articles recall). The page shows the story's
own entries on an axis clipped to their period, the background collapsed into one band
that opens it, and lets the reader narrow the entries by date, outlet and number of
outlets; the list is paged, chronological, and the chart draws the page it lists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from recoupe import api
from recoupe.records import TimelineEntry
from recoupe.serve.svg import TimelineChart, layout_timeline, period_of
from recoupe.store.browse import article_rows
from recoupe.store.links import load_timeline

# Entries listed (and drawn) per page: a chart of 50 marks keeps its labels legible,
# and a list of 50 is a screen or three to read.
ENTRIES_PER_PAGE = 50
# Outlets offered in the outlet filter: the most frequent, a select longer than this is unusable.
MAX_OUTLET_CHOICES = 60
# Zoom levels of the chart: its drawn width is the page column's times this (the box scrolls).
ZOOMS = (1, 2, 4)


@dataclass(frozen=True)
class TimelineQuery:
    """What the reader asked of the timeline: a date range, an outlet, a least number of outlets, a page, a zoom,
    and whether to show the background instead of the story's own entries."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    min_outlets: int = 1
    page: int = 1
    zoom: int = 1
    background: bool = False

    @property
    def filtered(self) -> bool:
        """Whether any filter narrows the entries (paging and zoom do not)."""
        return bool(self.since or self.until or self.outlet or self.min_outlets > 1)

    def params(self) -> dict[str, str | int | None]:
        """The query back as URL parameters, defaults left out (for links to other pages of the timeline)."""
        return {"tl_from": self.since, "tl_to": self.until, "outlet": self.outlet,
                "min_outlets": self.min_outlets if self.min_outlets > 1 else None,
                "tl_page": self.page if self.page > 1 else None, "zoom": self.zoom if self.zoom > 1 else None,
                "bg": 1 if self.background else None}


@dataclass
class TimelineView:
    """One page of a story's timeline: its entries, how many there are, the background band, the chart."""

    query: TimelineQuery
    entries: list[tuple[int, TimelineEntry]]  # (index in the story's timeline, entry), oldest first
    total: int  # entries in the story
    matching: int  # entries the filters keep, on the side shown (the story's own, or the background)
    pages: int
    page: int  # the page shown: the one asked, or the last when it asked past the end
    first: int  # position of the page's first entry among the matching ones, from 1
    background: int  # background entries the filters keep
    background_span: str  # their years, "1789–2010"
    period: tuple[str, str] | None  # the first and last dates of the story's own entries
    outlets: list[tuple[str, int]]  # outlets that report entries, most entries first
    chart: TimelineChart
    cited: dict[str, str] = field(default_factory=dict)  # article id -> its outlet
    heaviest: float = 1.0


def load_entries(store: api.Store, story_id: str) -> list[tuple[int, TimelineEntry]]:
    """Every entry of a story's timeline with its index (the store keeps them in index order from 0)."""
    return list(enumerate(load_timeline(store, story_id)))


def keeps(entry: TimelineEntry, query: TimelineQuery) -> bool:
    """Whether an entry passes the filters: its period meets the date range, the outlet reports it, enough
    outlets do. An entry with no calendar date is kept only when no date range is asked."""
    if query.outlet and query.outlet not in entry.sources:
        return False
    if len(entry.sources) < query.min_outlets:
        return False
    if not (query.since or query.until):
        return True
    period = period_of(entry.date, entry.precision)
    if period is None:
        return False
    start, end = period
    since = date.fromisoformat(query.since) if query.since else date.min
    until = date.fromisoformat(query.until) if query.until else date.max
    return start <= until and end > since


def span_of(entries: list[TimelineEntry]) -> str:
    """The years a group of entries covers: "2011", "1789–2010"; "" for none."""
    years = sorted(e.date[:4] for e in entries if e.date[:4].isdigit())
    if not years:
        return ""
    return years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def period_label(entries: list[TimelineEntry]) -> tuple[str, str] | None:
    """The first and last dates of a group of entries (as stored, at their precision); None when none is dated."""
    dated = sorted(e.date for e in entries if period_of(e.date, e.precision) is not None)
    return (dated[0], dated[-1]) if dated else None


def count_outlets(entries: list[tuple[int, TimelineEntry]]) -> list[tuple[str, int]]:
    """The outlets that report entries with their number of entries, most first (then by name)."""
    counts = Counter(s for _, e in entries for s in set(e.sources))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_OUTLET_CHOICES]


def gather_timeline(store: api.Store, story_id: str, query: TimelineQuery,
                    timeline: list[TimelineEntry] | None = None) -> TimelineView:
    """One page of a story's timeline under the reader's filters, laid out for the chart; from `timeline`
    (the story's whole timeline) when the caller holds it already, else read from the store."""
    everything = load_entries(store, story_id) if timeline is None else list(enumerate(timeline))
    kept = [(i, e) for i, e in everything if keeps(e, query)]
    background = [(i, e) for i, e in kept if e.background]
    own = [(i, e) for i, e in kept if not e.background]
    shown = background if query.background else own
    shown.sort(key=lambda p: (p[1].date, -p[1].weight, p[0]))
    pages = max(1, -(-len(shown) // ENTRIES_PER_PAGE))
    page = min(query.page, pages)
    first = (page - 1) * ENTRIES_PER_PAGE
    entries = shown[first:first + ENTRIES_PER_PAGE]
    band = len(background) if background and not query.background else 0
    chart = layout_timeline(entries, zoom=query.zoom, band=band)
    wanted = sorted({a for _, e in entries for a in e.articles} | {m.article for _, e in entries for m in e.evidence})
    cited = {aid: row.outlet for aid, row in article_rows(store, wanted).items()}
    return TimelineView(
        query=query, entries=entries, total=len(everything), matching=len(shown), pages=pages, page=page, first=first + 1,
        background=len(background), background_span=span_of([e for _, e in background]),
        period=period_label([e for _, e in own]), outlets=count_outlets(everything), chart=chart, cited=cited,
        heaviest=max((e.weight for _, e in entries), default=0.0) or 1.0)
