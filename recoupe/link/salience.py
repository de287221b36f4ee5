"""What matters first in a story's timeline: the weight of each entry.

An entry weighs what the independent sources that report it say of it: one point a source that writes
the day out, less for one that only points at it ("mardi", "hier"), plus the entry's centrality to the
story. Background the story only recalls weighs less, and one source's uncorroborated entries of one
day share one entry's weight. `build_timeline` computes the entries; this module only weighs them, so
that the ranking can change without touching how entries are built.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence

from recoupe.records import TimelineEntry

# Weight of restated background ("depuis le 22 mars") relative to what happens in the
# story. Half by principle: TLS date F1 did not move between 0.25 and 1 (measured; the
# dev scores ignore weights); dropping single-source background does the real work.
BACKGROUND_FACTOR = 0.5

# Weight of a source that only points at an entry's day ("mardi", "hier", "en mars") relative
# to one that writes the day out ("le 17 février"): news re-reports the key days of a story by
# their date, while weekdays and "hier" date the day-to-day. On the TLS topic (date F1, top 28
# days by weight) 1 -> 0.321, 0.5 / 0.25 / 0.1 / 0 -> 0.357; a quarter sits inside that plateau
# and still lets many pointing sources outweigh one naming source. The dev scores ignore weights.
POINTED_FACTOR = 0.25


def source_support(sources: Sequence[str], naming: Collection[str]) -> float:
    """The entry's independent sources, each counting 1 if it writes the day out (is in `naming`),
    POINTED_FACTOR if it only points at it."""
    return sum(1.0 if s in naming else POINTED_FACTOR for s in sources)


def entry_weight(sources: float, centrality: float, background: bool) -> float:
    """How much an entry matters to its story: one point per independent source, plus its centrality.

    Independent sources are the strongest sign that an event matters; centrality in
    [0, 1] (mean share of the story's articles using its words) ranks entries with as
    many sources. Background restated by several sources counts BACKGROUND_FACTOR.
    On the TLS topic this ranks as well as making single-source entries weigh 0.05-0.5
    (8-9 of 28 reference dates either way) once `share_single_source_weight` applies.
    """
    weight = sources + centrality
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
