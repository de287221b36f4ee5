"""What a timeline entry cites from a dated event: the expressions that date it, its other dates, its sentence.

An event's evidence is the clause that holds it (`recoupe.read.events`); the
expression that dates it is its `when`, the span's other dates are listed as its
`also`, and the sentence it was cut from is what events are compared by.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from recoupe.read.events import event_date
from recoupe.records import Event, TimeRef


def event_contexts(events: Sequence[Event], text: str) -> list[str]:
    """The text each event is compared by: its clause with the other dated clauses cut from its sentence.

    A clause cut out of a sentence still shares that sentence's actors and objects
    ("X et Y ont signé lundi un accord | mettant fin à la mission d'ici fin 2021"),
    and other articles restate the event with them. Clauses of one sentence overlap
    (a nested clause) or touch across the punctuation that joined them.
    """
    order = sorted(range(len(events)), key=lambda i: (events[i].evidence.start, -events[i].evidence.end))
    groups: list[list[int]] = []
    end = -1
    for i in order:
        m = events[i].evidence
        if groups and (m.start < end or _joins(text[end:m.start])):
            groups[-1].append(i)
            end = max(end, m.end)
        else:
            groups.append([i])
            end = m.end
    out = [""] * len(events)
    for group in groups:
        lo = min(events[i].evidence.start for i in group)
        hi = max(events[i].evidence.end for i in group)
        for i in group:
            out[i] = text[lo:hi]
    return out


def _joins(gap: str) -> bool:
    """Whether the text between two clauses is only the punctuation that joins clauses of one sentence."""
    return bool(gap) and not gap.strip(" \t,;:–—") and any(ch in ",;:–—" for ch in gap)


def dating_timexes(timexes: Sequence[TimeRef], ev: Event) -> list[TimeRef]:
    """The expressions inside the event's evidence that give it its date (one running past it cannot be cited)."""
    return [t for t, date in _dated_inside(timexes, ev) if date == ev.date]


def other_dates(timexes: Sequence[TimeRef], ev: Event) -> list[TimeRef]:
    """The expressions inside the event's evidence that give other dates than the event's own."""
    return [t for t, date in _dated_inside(timexes, ev) if date != ev.date]


def _dated_inside(timexes: Sequence[TimeRef], ev: Event) -> list[tuple[TimeRef, str]]:
    """(expression, the date it gives) for the expressions wholly inside the event's evidence that date."""
    out = []
    for t in timexes:
        if ev.evidence.start <= t.mention.start and t.mention.end <= ev.evidence.end:
            dated = event_date(t)
            if dated is not None:
                out.append((t, dated[0]))
    return out


def names_its_day(t: TimeRef) -> bool:
    """Whether an expression writes its day out ("le 17 février", "17/02") rather than pointing at it ("mardi", "hier")."""
    return any(ch.isdigit() for ch in t.mention.text)


def when_of(dating: Sequence[TimeRef]) -> TimeRef | None:
    """Of a sentence's expressions giving its event's date, the one to cite: the first that names the day, else the first."""
    return next((t for t in dating if names_its_day(t)), dating[0] if dating else None)


Span = tuple[str, int, int]  # (article, start, end) of an evidence sentence


def cite_once(spans: Sequence[Span], sources: Sequence[str], clusters: list[list[int]]) -> list[list[int]]:
    """The clusters of events with each evidence span kept in one cluster only; clusters left empty go.

    A clause holding two dates the parse cannot separate ("ont signé le 9 novembre un
    accord ... à partir du 10 novembre") is read as two events, but a sentence proves one
    entry: its other dates are listed with it. It proves the event other outlets report
    too (the cluster with the most independent sources, then the most reports); with no
    such sign, the event of its main date (`find_events` lists it first). An entry whose
    only proof was such a sentence is not told: its date stays listed with the sentence.
    `spans[i]` and `sources[i]` are event i's evidence span and independent source.
    """
    holders: dict[Span, list[int]] = defaultdict(list)
    for k, members in enumerate(clusters):
        for i in members:
            if k not in holders[spans[i]]:
                holders[spans[i]].append(k)
    dropped: set[int] = set()
    for span, ks in holders.items():
        if len(ks) < 2:
            continue

        def rank(k: int, span: Span = span) -> tuple[int, int, int]:
            members = clusters[k]
            return (len({sources[i] for i in members}), len(members), -min(i for i in members if spans[i] == span))

        best = max(ks, key=rank)
        dropped.update(i for k in ks if k != best for i in clusters[k] if spans[i] == span)
    kept = [[i for i in members if i not in dropped] for members in clusters]
    return [members for members in kept if members]
