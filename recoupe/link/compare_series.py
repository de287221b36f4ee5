"""The figure series of a story: its figures grouped by what they count (kind, whose, where), over time.

A series never joins two subjects: killed soldiers and troop levels are two
kinds, American and British troops two scopes, troops in Iraq and in Syria two
places (a place the story names alone is its setting and does not split). A
bare nationality count ("2 500 Américains") joins the one series of a people
kind with that scope, when the story has exactly one; otherwise it stays a
series of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

from recoupe.records import Figure, FigureClaim, FigureSeries


class SeriesKey(Protocol):
    """What `compare.FigureKey` offers: the kind, the scope and the places of a count."""

    @property
    def group(self) -> str: ...

    @property
    def scope(self) -> frozenset[str]: ...

    @property
    def places(self) -> frozenset[str]: ...


class SeriesClaim(Protocol):
    """What `compare._Claim` offers: a figure with its source, article, key and period."""

    @property
    def source(self) -> str: ...

    @property
    def article(self) -> str: ...

    @property
    def figure(self) -> Figure: ...

    @property
    def key(self) -> SeriesKey: ...

    @property
    def period(self) -> str: ...


def build_series(claims: Sequence[SeriesClaim], people_unit: str,
                 people_groups: frozenset[str]) -> list[FigureSeries]:
    """The series of a story's claims of a known kind, largest first; each series in period order."""
    groups: dict[tuple[str, frozenset[str], frozenset[str]], list[SeriesClaim]] = defaultdict(list)
    for c in claims:
        if c.key.group:
            groups[c.key.group, c.key.scope, c.key.places].append(c)
    for key in [k for k in groups if k[0] == people_unit]:
        hosts = [k for k in groups if k[0] in people_groups and k[1:] == key[1:]]
        if len(hosts) == 1:
            groups[hosts[0]] += groups.pop(key)
    out = [_series(key[0], key[1] | key[2], members) for key, members in groups.items()]
    out.sort(key=lambda s: (-len(s.claims), s.kind, s.subject))
    return out


def _series(kind: str, scope: frozenset[str], members: list[SeriesClaim]) -> FigureSeries:
    """One series: named by its longest subject, its claims in period order (undated ones last)."""
    members = sorted(members, key=lambda c: (not c.period, c.period, c.article, c.figure.mention.start))
    subject = max((c.figure.subject or c.figure.unit or "" for c in members), key=len)
    return FigureSeries(subject=subject, kind=kind, scope=sorted(scope),
                        claims=[FigureClaim(c.source, c.article, c.figure, c.period) for c in members])
