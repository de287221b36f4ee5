"""Geometry of the two charts the story page draws as SVG: the timeline on a time axis and the figures over time.

This module only computes positions and sizes (plain dataclasses); the
templates write the SVG elements, so every piece of article text that ends up
in a chart (a title, a source label) goes through Jinja's autoescaping.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from recoupe.api import StoryFigure
from recoupe.records import Comparison, TimelineEntry
from recoupe.tell.story_common import date_parts, format_date, format_number, hedge_sign, truncate

# Layout of both charts, in SVG user units (1 unit = 1 CSS pixel at 100 %): chosen
# by eye for a page column of about 60 rem, not measured.
WIDTH = 960
MARGIN_X = 24
AXIS_Y = 28  # the time axis sits at the top; entries hang below it
LANE_HEIGHT = 24
MIN_RADIUS = 3.0
MAX_RADIUS = 10.0
# Lanes before entries are allowed to overlap (a story drawn with 200 entries
# rarely needs more than a dozen); keeps the chart under ~1000 units high.
MAX_LANES = 40
# Horizontal room left between two entries of one lane.
LANE_GAP = 3.0
# Ticks wanted on an axis at most: one label per ~80 units of width.
MAX_TICKS = 12
# Entries far from the rest are drawn in a gutter at either end of the axis (see
# `_core_window`), a box-plot rule: the core is the quartile range of entry dates (at
# least 60 days), widened by three times that on each side. Chosen on the sample story
# (March-July 2021 events that recall 1967, 2015 and 2018): it keeps all of 2021 on the
# axis and sends the three recollections to the gutter.
MIN_FOR_GUTTER = 5
CORE_QUANTILE = 0.25
MIN_CORE_DAYS = 60.0
CORE_WIDEN = 3.0
GUTTER = 64.0
GUTTER_BAR = {"month": 12.0, "year": 26.0}
PANEL_HEIGHT = 170
PANEL_GAP = 18
PANEL_TOP = 26  # room for the series title
PANEL_BOTTOM = 22  # room for the dates under a panel
LABEL_CHARS = 24  # a source label longer than this is cut (the tooltip has it whole)
LABEL_FLIP = 0.72  # points right of this share of the width get their label on the left (room for ~30 chars)
MAX_SERIES = 6  # panels drawn at most; the rest are counted in a note
MAX_POINTS = 40  # figures drawn per panel at most: beyond, labels are unreadable anyway
DAY = 1.0
# Room for the background band at the left of the timeline (one band, whatever the number of entries).
BAND_WIDTH = 96.0
# Entry labels: the heaviest LABELLED entries get LABEL_ROOM units reserved right of their dot in
# their lane; the others are labelled when their lane leaves room. CHAR_WIDTH is the mean advance
# of an 11 px system sans-serif character, MIN_LABEL_CHARS the shortest label worth writing.
LABELLED = 12
LABEL_ROOM = 170.0
CHAR_WIDTH = 6.0
MIN_LABEL_CHARS = 10
MAX_LABEL_CHARS = 60  # a label is a name for the entry, not its text (the list below has it whole)


@dataclass(slots=True)
class Tick:
    """A labelled mark on a time axis."""

    x: float
    label: str


@dataclass(slots=True)
class EntryMark:
    """One timeline entry on the axis: a circle sized by weight, and a bar spanning a month or a year."""

    index: int
    date: str
    precision: str
    label: str  # the tooltip: date and event, cut
    cx: float
    cy: float
    r: float
    bar_x: float
    bar_width: float  # 0 for a day: a dot alone says "this day"
    disputed: bool  # sources give other dates
    text: str = ""  # the visible label beside the dot: the event, cut to the room its lane leaves
    text_x: float = 0.0
    text_anchor: str = "start"  # "end": the label runs leftwards from text_x (no room on the right)


@dataclass(slots=True)
class TimelineChart:
    """The whole timeline chart: size, axis ticks, entries; entries whose date is no calendar date are left out."""

    width: int
    height: int
    axis_y: int
    ticks: list[Tick]
    marks: list[EntryMark]
    left_out: int
    breaks: list[Tick] = field(default_factory=list)  # axis breaks before/after a gutter, labelled by years
    band_count: int = 0  # background entries collapsed into the band at the left (0: no band)
    band_x: float = 0.0
    band_width: float = 0.0


@dataclass(slots=True)
class Point:
    """One figure in a series: where it is drawn, what it says and who says it."""

    x: float
    y: float
    value: str
    date: str
    source: str
    label: str  # the source, cut to LABEL_CHARS
    article: str
    text: str  # the figure's own words
    disagree: bool
    label_y: float = 0.0  # where its label sits: above the point, stacked when points share a date
    anchor: str = "start"  # "end" near the right edge: the label runs leftwards, inside the chart


@dataclass(slots=True)
class Series:
    """One panel of the figures chart: the figures of one subject and unit, over time."""

    title: str
    top: float  # y of the panel's top in the whole chart
    axis_y: float  # y of the panel's time axis
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    points: list[Point] = field(default_factory=list)
    line: str = ""  # SVG polyline points, oldest to newest
    total: int = 0  # figures of the series before thinning (see MAX_POINTS)


@dataclass(slots=True)
class FiguresChart:
    """Every panel of the figures chart and how many series were left out."""

    width: int
    height: int
    series: list[Series]
    left_out: int


def compact_number(value: float) -> str:
    """A count short enough for a chart label: "9,6 Md", "14 M", "422", "3\u202f500" (French abbreviations)."""
    for size, suffix in ((1e9, "Md"), (1e6, "M")):
        if abs(value) >= size:
            scaled = value / size
            text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:.0f}"
            return f"{text.replace('.', ',')}\u00a0{suffix}"
    return format_number(value)


def period_of(value: str, precision: str | None = None) -> tuple[date, date] | None:
    """The days [start, end) a date covers at its precision; None when it is no calendar date."""
    parts = date_parts(value, precision)
    if parts is None:
        return None
    try:
        year = int(parts["year"])
        if "day" in parts:
            start = date(year, int(parts["month"]), int(parts["day"]))
            return start, start + timedelta(days=1)
        if "month" in parts:
            month = int(parts["month"])
            start = date(year, month, 1)
            return start, date(year + month // 12, month % 12 + 1, 1)
        return date(year, 1, 1), date(year + 1, 1, 1)
    except (ValueError, OverflowError):
        return None


def _ordinal(d: date) -> float:
    return float(d.toordinal())


def time_ticks(lo: float, hi: float, to_x: Scale, most: int = MAX_TICKS) -> list[Tick]:
    """At most `most` ticks on round dates (years, months or days) between two ordinals."""
    lo, hi = max(lo, 1.0), min(hi, float(date.max.toordinal() - 1))
    span = max(hi - lo, DAY)
    first, last = date.fromordinal(int(lo)), date.fromordinal(max(int(hi), int(lo) + 1))
    for years in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        if span / (365.25 * years) <= most and span >= 365.25 * 2:
            start = (first.year // years + 1) * years
            return [Tick(to_x(_ordinal(date(y, 1, 1))), str(y)) for y in range(start, last.year + 1, years)
                    if 1 <= y <= 9999]
    for months in (1, 2, 3, 6):
        if span / (30.44 * months) <= most and span >= 60:
            ticks: list[Tick] = []
            index = first.year * 12 + first.month  # the month after `first`
            while True:
                y, m = divmod(index, 12)
                d = date(y, m + 1, 1)
                if d > last:
                    return ticks
                if m % months == 0:
                    ticks.append(Tick(to_x(_ordinal(d)), d.strftime("%Y-%m")))
                index += 1
    step = next((s for s in (1, 2, 7, 14, 30) if span / s <= most), 30)
    return [Tick(to_x(_ordinal(first) + k), date.fromordinal(int(lo) + k).isoformat())
            for k in range(0, int(span) + 1, step)]


class Scale:
    """A linear map from a domain [lo, hi] to SVG x (or y) coordinates [a, b]."""

    def __init__(self, lo: float, hi: float, a: float, b: float) -> None:
        self.lo, self.hi, self.a, self.b = lo, hi if hi > lo else lo + 1.0, a, b

    def __call__(self, v: float) -> float:
        """Where `v` lands."""
        return round(self.a + (v - self.lo) * (self.b - self.a) / (self.hi - self.lo), 2)


def _core_window(periods: Sequence[tuple[date, date]]) -> tuple[float, float] | None:
    """The stretch of time most entries fall in, widened on both sides; None when every entry is near it.

    A story of March 2021 that recalls a 1967 closure would otherwise squeeze all of
    March into one pixel: entries outside the window go to a gutter at the axis's end.
    """
    if len(periods) < MIN_FOR_GUTTER:
        return None
    mids = sorted((_ordinal(a) + _ordinal(b)) / 2 for a, b in periods)
    n = len(mids)
    lo, hi = mids[int(CORE_QUANTILE * (n - 1))], mids[math.ceil((1 - CORE_QUANTILE) * (n - 1))]
    widen = max(hi - lo, MIN_CORE_DAYS) * CORE_WIDEN
    window = (lo - widen, hi + widen)
    if all(_ordinal(a) < window[1] and _ordinal(b) > window[0] for a, b in periods):
        return None
    return window


def layout_timeline(entries: Sequence[tuple[int, TimelineEntry]], zoom: int = 1, band: int = 0) -> TimelineChart:
    """Place entries on a time axis, each in the first lane where it (and its label) overlaps nothing; far
    outliers in gutters; `band` background entries collapsed into one band at the left; `zoom` widens it all."""
    width = WIDTH * max(zoom, 1)
    placed = [(i, e, p) for i, e in entries if (p := period_of(e.date, e.precision)) is not None]
    band_width = BAND_WIDTH if band else 0.0
    if not placed:
        return TimelineChart(width, AXIS_Y + LANE_HEIGHT, AXIS_Y, [], [], len(entries), band_count=band,
                             band_x=MARGIN_X, band_width=band_width)
    window = _core_window([p for _, _, p in placed])
    inside = [t for t in placed if window is None or (_ordinal(t[2][0]) < window[1] and _ordinal(t[2][1]) > window[0])]
    before = [t for t in placed if window is not None and _ordinal(t[2][1]) <= window[0]]
    after = [t for t in placed if window is not None and _ordinal(t[2][0]) >= window[1]]
    lo = min(_ordinal(p[0]) for _, _, p in inside)
    hi = max(_ordinal(p[1]) for _, _, p in inside)
    if window is not None:
        lo, hi = max(lo, window[0]), min(hi, window[1])
    pad = max((hi - lo) * 0.02, 1.0)  # 2 %: circles at the ends stay inside the frame
    start_x = MARGIN_X + band_width
    left_edge = start_x + (GUTTER if before else 0)
    right_edge = width - MARGIN_X - (GUTTER if after else 0)
    to_x = Scale(lo - pad, hi + pad, left_edge, right_edge)
    spans: list[tuple[float, float, int, TimelineEntry]] = []
    for index, entry, (start, end) in inside:
        spans.append((max(to_x(_ordinal(start)), left_edge), min(to_x(_ordinal(end)), right_edge), index, entry))
    for group, centre in ((before, start_x + GUTTER / 2 - 4), (after, width - MARGIN_X - GUTTER / 2 + 4)):
        for index, entry, _ in group:
            half = GUTTER_BAR.get(entry.precision, 0.0) / 2  # not to scale: only says "a month", "a year"
            spans.append((centre - half, centre + half, index, entry))
    marks, lanes = _stack_marks(spans, width, start_x)
    height = AXIS_Y + LANE_HEIGHT * max(lanes, 1) + 14
    breaks = []
    if before:
        breaks.append(Tick(left_edge - 4, _years_label([e for _, e, _ in before])))
    if after:
        breaks.append(Tick(right_edge + 4, _years_label([e for _, e, _ in after])))
    # No round-date tick right beside an axis break: its label would run into the gutter's.
    ticks = [t for t in time_ticks(lo - pad, hi + pad, to_x, MAX_TICKS * max(zoom, 1))
             if left_edge + (GUTTER / 2 if before else 0) <= t.x <= right_edge - (GUTTER / 2 if after else 0)]
    return TimelineChart(width, height, AXIS_Y, ticks, marks, len(entries) - len(placed), breaks,
                         band_count=band, band_x=MARGIN_X, band_width=band_width)


def _years_label(entries: Sequence[TimelineEntry]) -> str:
    """The years of the entries in a gutter: "1967" or "1967–2015"."""
    years = sorted({e.date[:4] for e in entries})
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _stack_marks(spans: list[tuple[float, float, int, TimelineEntry]], width: int,
                 start_x: float) -> tuple[list[EntryMark], int]:
    """Give each entry a lane (the first one free at its left end) and a label cut to the room its lane leaves.

    The heaviest entries reserve room for their label when lanes are chosen, so that what
    matters most is always named; the rest are named where there is room.
    """
    heaviest = max((t[3].weight for t in spans), default=0.0) or 1.0
    labelled = {t[2] for t in sorted(spans, key=lambda t: (-t[3].weight, t[2]))[:LABELLED]}
    lane_ends: list[float] = []
    placed: list[tuple[EntryMark, int, float, float, TimelineEntry]] = []
    for x0, x1, index, entry in sorted(spans, key=lambda t: (t[0], t[3].date, -t[3].weight, t[2])):
        # Area proportional to weight: radius grows with its square root.
        r = MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(max(entry.weight, 0.0) / heaviest)
        cx = (x0 + x1) / 2
        left, right = min(x0, cx - r), max(x1, cx + r)
        if index in labelled:  # room for its label on the right, or on the left at the chart's right edge
            if cx + r + LABEL_ROOM <= width - 4 or cx - r - LABEL_ROOM < start_x:
                right = max(right, cx + r + LABEL_ROOM)
            else:
                left = min(left, cx - r - LABEL_ROOM)
        lane = next((k for k, e in enumerate(lane_ends) if e + LANE_GAP <= left), None)
        if lane is None:
            if len(lane_ends) < MAX_LANES:
                lane_ends.append(right)
                lane = len(lane_ends) - 1
            else:
                lane = min(range(len(lane_ends)), key=lambda k: lane_ends[k])
        lane_ends[lane] = max(lane_ends[lane], right)
        precision = entry.precision if entry.precision in ("day", "month", "year") else "day"
        mark = EntryMark(
            index=index, date=format_date(entry.date, entry.precision), precision=precision,
            label=f"{format_date(entry.date, entry.precision)} · {truncate(entry.event, 160)}",
            cx=round(cx, 2), cy=AXIS_Y + LANE_HEIGHT * (lane + 0.5) + 6, r=round(r, 2), bar_x=round(x0, 2),
            bar_width=0.0 if precision == "day" else round(max(x1 - x0, 1.0), 2), disputed=bool(entry.other_dates))
        placed.append((mark, lane, min(x0, cx - r), left, entry))
    _label_marks(placed, width, start_x)
    return [m for m, _, _, _, _ in placed], len(lane_ends)


def _label_marks(placed: list[tuple[EntryMark, int, float, float, TimelineEntry]], width: int,
                 start_x: float) -> None:
    """Write each mark's label right of its dot, cut where the next mark of its lane (or the chart) begins;
    left of it when only the left has room (the last entries of a lane, at the chart's right edge).
    Each mark comes with the left end of its dot and the left end of the room it reserved; no label runs left
    of `start_x` (the background band is there)."""
    by_lane: dict[int, list[tuple[EntryMark, float, float, TimelineEntry]]] = {}
    for mark, lane, left, reserved, entry in placed:
        by_lane.setdefault(lane, []).append((mark, left, reserved, entry))
    for row in by_lane.values():
        row.sort(key=lambda t: t[0].cx)
        taken = 0.0  # where the lane is drawn up to, labels included
        for k, (mark, _, _, entry) in enumerate(row):
            start = mark.cx + mark.r + 4  # over its own month or year bar, drawn light enough to read through
            stop = row[k + 1][2] - LANE_GAP if k + 1 < len(row) else width - 4
            chars = min(int((stop - start) / CHAR_WIDTH), MAX_LABEL_CHARS)
            # Leftwards only as far as reserved: a long label running back from its dot reads as another's.
            back = min(int((mark.cx - mark.r - 4 - max(taken + LANE_GAP, start_x)) / CHAR_WIDTH),
                       int(LABEL_ROOM / CHAR_WIDTH))
            if chars >= MIN_LABEL_CHARS:
                mark.text, mark.text_x = truncate(entry.event, chars), round(start, 2)
                taken = start + len(mark.text) * CHAR_WIDTH
            elif back >= MIN_LABEL_CHARS:
                mark.text, mark.text_x, mark.text_anchor = truncate(entry.event, back), round(mark.cx - mark.r - 4, 2), "end"
                taken = max(mark.cx + mark.r, mark.bar_x + mark.bar_width)
            else:
                taken = max(mark.cx + mark.r, mark.bar_x + mark.bar_width)


def _figure_key(f: StoryFigure) -> tuple[str, str]:
    """What a figure counts: its subject (or unit) and unit, lower-cased and trimmed."""
    unit = " ".join((f.figure.unit or "").lower().split())
    subject = " ".join((f.figure.subject or "").lower().split()) or unit
    return subject, unit


def _figure_day(f: StoryFigure) -> tuple[date, str] | None:
    """The day a figure is drawn at (the middle of its as-of period, else of its publication date) and the label."""
    for value in (f.figure.as_of, f.published):
        if value and (period := period_of(value)) is not None:
            start, end = period
            return start + (end - start) / 2, format_date(value)
    return None


def layout_figures(figures: Sequence[StoryFigure], comparison: Comparison | None,
                   cited: dict[str, str]) -> FiguresChart:
    """One panel per (subject, unit) counted more than once or disputed, biggest first; disputed points marked.

    `cited` maps article ids to the outlet shown for them.
    """
    disputed = {(c.article, c.figure.mention.start) for k in (comparison.conflicts if comparison else [])
                for c in k.claims}
    groups: dict[tuple[str, str], list[tuple[date, str, StoryFigure]]] = {}
    for f in figures:
        when = _figure_day(f)
        if when is not None:
            groups.setdefault(_figure_key(f), []).append((when[0], when[1], f))
    kept = [(k, g) for k, g in groups.items()
            if len(g) >= 2 or any((f.article, f.figure.mention.start) in disputed for _, _, f in g)]
    kept.sort(key=lambda kg: (-sum((f.article, f.figure.mention.start) in disputed for _, _, f in kg[1]),
                              -len(kg[1]), kg[0]))
    series = [_layout_series(key, group, disputed, cited, i * (PANEL_HEIGHT + PANEL_GAP))
              for i, (key, group) in enumerate(kept[:MAX_SERIES])]
    height = max(len(series) * (PANEL_HEIGHT + PANEL_GAP), PANEL_HEIGHT // 3)
    return FiguresChart(WIDTH, height, series, max(0, len(kept) - MAX_SERIES))


def _thin(group: list[tuple[date, str, StoryFigure]],
          disputed: set[tuple[str, int]]) -> list[tuple[date, str, StoryFigure]]:
    """At most MAX_POINTS figures of a series, in date order: every disputed one, the rest evenly spread."""
    if len(group) <= MAX_POINTS:
        return group
    keep = {i for i, (_, _, f) in enumerate(group) if (f.article, f.figure.mention.start) in disputed}
    room = max(MAX_POINTS - len(keep), 0)
    others = [i for i in range(len(group)) if i not in keep]
    if room and others:
        step = len(others) / room
        keep.update(others[int(k * step)] for k in range(min(room, len(others))))
    return [group[i] for i in sorted(keep)]


def _layout_series(key: tuple[str, str], group: list[tuple[date, str, StoryFigure]],
                   disputed: set[tuple[str, int]], cited: dict[str, str], top: float) -> Series:
    """One panel: time on x, value on y from zero, a point per figure labelled by its source."""
    total = len(group)
    group = _thin(sorted(group, key=lambda t: (t[0], t[2].figure.value)), disputed)
    lo, hi = _ordinal(group[0][0]), _ordinal(group[-1][0])
    pad = max((hi - lo) * 0.08, 1.0)  # 8 %: room for the labels at both ends
    to_x = Scale(lo - pad, hi + pad, MARGIN_X + 40, WIDTH - MARGIN_X - 60)
    vmax = max(f.figure.value for _, _, f in group)
    vmin = min(0.0, min(f.figure.value for _, _, f in group))
    top_value = vmax * 1.15 if vmax > 0 else 1.0  # 15 % headroom for the labels above the highest point
    to_y = Scale(vmin, top_value, top + PANEL_HEIGHT - PANEL_BOTTOM, top + PANEL_TOP)
    points = []
    for day, label, f in group:
        source = cited.get(f.article) or f.source or f.article
        points.append(Point(x=to_x(_ordinal(day)), y=to_y(f.figure.value),
                            value=hedge_sign(f.figure) + compact_number(f.figure.value), date=label,
                            source=source, label=truncate(source, LABEL_CHARS), article=f.article,
                            text=" ".join(f.figure.mention.text.split()),
                            disagree=(f.article, f.figure.mention.start) in disputed))
    stacked: dict[int, int] = {}
    for p in points:
        # Labels of points close together (in one bucket of about a label's width) stack upwards, a line apart.
        bucket = int(p.x // (LABEL_CHARS * 5))
        near = stacked.get(bucket, 0)
        stacked[bucket] = near + 1
        p.label_y = max(round(p.y - 7 - 12 * near, 2), top + PANEL_TOP)
        p.anchor = "end" if p.x > WIDTH * LABEL_FLIP else "start"
    subject, unit = key
    title = subject if not unit or unit in subject else f"{subject} ({unit})"
    y_ticks = [Tick(to_y(v), compact_number(v)) for v in (vmin, vmax) if v or vmin == 0]
    x_ticks = [t for t in time_ticks(lo - pad, hi + pad, to_x) if MARGIN_X + 40 <= t.x <= WIDTH - MARGIN_X]
    line = " ".join(f"{p.x},{p.y}" for p in points)
    return Series(title=truncate(title, 90), top=top, axis_y=top + PANEL_HEIGHT - PANEL_BOTTOM, y_ticks=y_ticks, x_ticks=x_ticks, points=points, line=line,
                  total=total)
