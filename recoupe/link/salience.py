"""What matters first in a story's timeline: the weight of each entry.

An entry weighs what its reports say of it. Each independent source counts once (wires once, copies
never): fully if it writes the day out, less if it only points at it ("mardi", "hier", "13h12"). Each
distinct sentence that writes the day out adds a mention, as in date salience for timeline
summarization (DATEWISE, Ghalandari and Ifrim 2020: a date matters by how many articles refer to it).
Centrality to the story breaks ties. Background the story only recalls weighs less; one source's
uncorroborated entries of one day share one entry's weight; the days just around a heavier day count
as its echo. `build_timeline` builds the entries; this module only weighs them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from recoupe.folding import fold
from recoupe.records import TimelineEntry, TimeRef

# Weight of restated background ("depuis le 22 mars", "le raid de 1986") relative to what happens in
# the story: a quarter, as a source that only points at a day (POINTED_FACTOR) and a day's echo
# (SPILL_FACTOR): context the story recalls, not one of its events, so that a date every outlet recalls
# (each report writing a year out adds a report's weight) does not rank among the story's own events.
# Half, the value before, let a 1986 recollection restated by three outlets into the libya topic's ten
# heaviest entries (issue 13 asks all ten in 2011). Measured: dev, dev2 and TLS date F1 unchanged (the
# dev scores ignore weights); TLS concat ROUGE-1 0.447 -> 0.449, agreement ROUGE-1 0.1450 -> 0.1445.
# One source's starting point ("depuis 2014") is kept, at this weight: dropping it lost dev/dev2
# timeline entries (event F1 -0.02 each) and TLS date F1 (0.50 -> 0.46).
BACKGROUND_FACTOR = 0.25

# Weight of a source that only points at an entry's day ("mardi", "hier", "en mars") relative
# to one that writes the day out ("le 17 février"): news re-reports the key days of a story by
# their date, while weekdays and "hier" date the day-to-day. On the TLS topic (date F1, top 28
# days by weight) 1 -> 0.321, 0.5 / 0.25 / 0.1 / 0 -> 0.357; a quarter sits inside that plateau
# and still lets many pointing sources outweigh one naming source. The dev scores ignore weights.
POINTED_FACTOR = 0.25

# What each distinct report writing the entry's day out adds, beyond its source's point: half a
# source, since reports of one outlet (its first account, its later recollections) are not
# independent voices but each is one more time the story put that day in writing. On the TLS
# libya topic date F1 stays 0.357 from 0.1 to 1 and concat ROUGE-1 rises 0.43 -> 0.45-0.46: the
# days chosen are as many, their heaviest entries are the ones the coverage restates. By principle.
REPORT_FACTOR = 1.0

# Weight of a day next to a heavier day, relative to its own: the echo of that day's event (the
# night before, the morning after, time zones, the reactions), which a timeline tells once, on its
# day. A quarter, as a source that only points at a day (POINTED_FACTOR). On the TLS libya topic
# (re-linked store) date F1 0.393 -> 0.429 from 0.1 to 0.25, 0.393 at 0.5 and above.
SPILL_FACTOR = 0.25

# A time of day as digits: "13h12", "13 h", "07:30", "2 heures" (hours, then minutes if any).
_CLOCK = re.compile(r"\d{1,2}\s*(?:h(?:eures?)?|:)\s*\d{0,2}", re.IGNORECASE)


def writes_day_out(t: TimeRef) -> bool:
    """Whether an expression writes its day out ("le 17 février", "17/02") rather than pointing at it.

    A time of day ("13h12", "à 2 heures") places an event inside a day the reader already has, the
    pacing of a live report: its digits are the hour, not the day. Weekdays and "hier" have no digits.
    """
    text = _CLOCK.sub(" ", t.mention.text) if t.type == "TIME" else t.mention.text
    return any(ch.isdigit() for ch in text)


def report_credit(dating: Sequence[TimeRef]) -> float:
    """What one report of an entry's day counts for: 1 if one of its expressions writes the day out,
    POINTED_FACTOR if they only point at it."""
    return 1.0 if any(writes_day_out(t) for t in dating) else POINTED_FACTOR


def calendar_reports(reports: Iterable[tuple[str, Sequence[TimeRef]]]) -> int:
    """How many distinct sentences, among (sentence, its expressions dating the entry's day), write the
    day out; a sentence repeated word for word (a wire copy, a re-run) is one report."""
    return len({" ".join(fold(text).split()) for text, dating in reports
                if any(writes_day_out(t) for t in dating)})


def source_support(sources: Sequence[str], credit: Mapping[str, float], reports: int) -> float:
    """The entry's support: each independent source counting its best report's credit (`report_credit`;
    POINTED_FACTOR if it only gives another date, the month or an adjacent day), plus REPORT_FACTOR for
    each of the `reports` that write the day out."""
    return sum(credit.get(s, POINTED_FACTOR) for s in sources) + REPORT_FACTOR * reports


def entry_weight(support: float, centrality: float, background: bool) -> float:
    """How much an entry matters to its story: its support (`source_support`), plus its centrality.

    Independent sources are the strongest sign that an event matters; centrality in
    [0, 1] (mean share of the story's articles using its words) ranks entries with as
    much support. Background restated by several sources counts BACKGROUND_FACTOR.
    On the TLS topic this ranks as well as making single-source entries weigh 0.05-0.5
    (8-9 of 28 reference dates either way) once `share_single_source_weight` applies.
    """
    weight = support + centrality
    return weight * BACKGROUND_FACTOR if background else weight


def share_single_source_weight(entries: list[TimelineEntry]) -> None:
    """Divide the weight of one source's uncorroborated entries on one date among them.

    A live blog or a long report tells many things about its own day; uncorroborated,
    together they weigh what one such entry weighs, so a chatty source does not make
    its day outrank events other sources confirm.
    """
    groups: dict[tuple[str, str], list[TimelineEntry]] = defaultdict(list)
    for e in entries:
        if len(e.sources) == 1:
            groups[(e.sources[0], e.date)].append(e)
    for group in groups.values():
        for e in group:
            e.weight = round(e.weight / len(group), 4)


def discount_spillover(entries: list[TimelineEntry]) -> None:
    """Weigh a day's entries SPILL_FACTOR of their weight when the day before or the day after weighs more.

    A big event fills the news of the days around it: the eve that announces it, the next day's
    accounts, reactions and clocks of other time zones, all dated to those days. A timeline tells the
    event on its day; the days around it count only for what they add. Days are compared by the
    summed weight of their day-precise entries, each against the others' weight before any discount.
    """
    mass: dict[str, float] = defaultdict(float)
    for e in entries:
        if e.precision == "day":
            mass[e.date] += e.weight
    for e in entries:
        day = _day(e.date) if e.precision == "day" else None
        if day is None:
            continue
        around = (mass.get((day + dt.timedelta(days=k)).isoformat(), 0.0) for k in (-1, 1))
        if max(around) > mass[e.date]:
            e.weight = round(e.weight * SPILL_FACTOR, 4)


def _day(value: str) -> dt.date | None:
    """The calendar day of an ISO day value, or None when it is not a valid day."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
