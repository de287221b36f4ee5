"""Events a sentence only names ("la catastrophe du 3 mars") join the entry that tells them.

News tells an event once with a verb ("un incendie a ravagé mardi 3 mars la mairie") and then
names it by a noun, a participle or a relative wherever it recalls it ("après l'incendie du 3
mars", "le pont, qui s'était effondré le 14 août"). Such a naming is one more report of the
event told, not an event of its own: it becomes evidence of the entry that tells an event of
its date with the words it names it by. A naming that no entry tells stays an entry of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as Date
from datetime import timedelta
from typing import Protocol

from recoupe.link.timeline_events import share_act
from recoupe.read.events import REFERENCE
from recoupe.records import Event


class Dated(Protocol):
    """What joining a naming to an entry reads of a dated event."""

    @property
    def article(self) -> str: ...

    @property
    def published(self) -> str: ...  # its article's publication date (ISO, any precision; "" if unknown)

    @property
    def event(self) -> Event: ...

    @property
    def own(self) -> frozenset[str]: ...


# Share of a naming's own content words that the telling entry must hold for the naming to be one
# more report of it: a third, the share by which the evaluation itself takes two descriptions of an
# event as one. Measured: 0.2 / 0.34 / 0.5 -> dev date_f1 .793/.804/.796, dev2 .850/.853/.853; event
# F1 dev .649/.643/.637, dev2 .654/.650/.647 (at 0.2 namings join entries of other events of the day).
NAMING_SHARE = 0.34


def names_only(cands: Sequence[Dated], members: list[int]) -> bool:
    """Whether every event of a merged group is only named ("la catastrophe du 3 mars"), none told."""
    return all(cands[i].event.type == REFERENCE for i in members)


def attach_namings(cands: Sequence[Dated], clusters: list[list[int]]) -> list[list[int]]:
    """The clusters with each group of namings moved into the entry that tells their event, where one does.

    That entry holds an event told on the naming's date (or a day of the naming's month or
    year) and at least NAMING_SHARE of the naming's own words; of several, the one holding the
    most of them, then the largest. Failing that, it is the largest such entry that tells the act
    the naming names (`_names_its_act`), and failing that, the one that tells what its own article recalls
    of that day (`_recalls_its_told_day`). Only the entries whose dates agree are weighed (`index_told_dates`):
    a story of thousands of entries asks each naming about the few of its day, not about all of them.
    """
    told = [k for k, members in enumerate(clusters) if not names_only(cands, members)]
    by_prefix = index_told_dates(cands, clusters, told)
    moved: dict[int, int] = {}
    for k, members in enumerate(clusters):
        if not names_only(cands, members):
            continue
        agreeing = find_agreeing_entries(cands, members, by_prefix)
        best = max(((_share(cands, members, clusters[t]), len(clusters[t]), -t) for t in agreeing), default=None)
        if best is not None and best[0] >= NAMING_SHARE:
            moved[k] = -best[2]
            continue
        acts = max(((len(clusters[t]), -t) for t in agreeing if _names_its_act(cands, members, clusters[t])),
                   default=None)
        if acts is not None:
            moved[k] = -acts[1]
            continue
        recalled = max(((len(clusters[t]), -t) for t in agreeing
                        if _recalls_its_told_day(cands, members, clusters[t])), default=None)
        if recalled is not None:
            moved[k] = -recalled[1]
    out = [list(members) for members in clusters]
    for k, t in moved.items():
        out[t].extend(out[k])
        out[k] = []
    return [sorted(members) for members in out if members]


def index_told_dates(cands: Sequence[Dated], clusters: list[list[int]], told: list[int]) -> dict[str, list[int]]:
    """The entries that tell an event, under every date a naming may carry to join them.

    A naming joins an entry only when each date the entry tells is the naming's date or a day (month) within it,
    that is, when the naming's ISO date begins every told date, hence their longest common beginning. So each
    entry is filed under every beginning of that common part, and a naming's date finds the entries it may
    join in one lookup.
    """
    by_prefix: dict[str, list[int]] = {}
    for t in told:
        common = _common_beginning([cands[i].event.date for i in clusters[t] if cands[i].event.type != REFERENCE])
        for end in range(len(common) + 1):
            by_prefix.setdefault(common[:end], []).append(t)
    return by_prefix


def _common_beginning(values: list[str]) -> str:
    """The longest string every value begins with (that of the first and last in sorted order)."""
    first, last = min(values), max(values)
    end = 0
    while end < min(len(first), len(last)) and first[end] == last[end]:
        end += 1
    return first[:end]


def find_agreeing_entries(cands: Sequence[Dated], namings: list[int], by_prefix: dict[str, list[int]]) -> list[int]:
    """The told entries (by index, ascending) whose dates agree with every naming's date (`index_told_dates`)."""
    dates = {cands[n].event.date for n in namings}
    found: set[int] | None = None
    for d in dates:
        targets = by_prefix.get(d, [])
        found = set(targets) if found is None else found & set(targets)
    return sorted(found or ())


def _names_its_act(cands: Sequence[Dated], namings: list[int], target: list[int]) -> bool:
    """Whether each naming names its event by the act the target tells: the word it names it by
    (`Event.predicate`, "les frappes de vendredi") and a predicate of the target's events ("ont frappé
    vendredi") share their root, the one a noun of an act and its verb share (`share_act`).

    A naming recalls the event in a sentence about something else ("les frappes de vendredi donnent
    du poids à la menace"): few of its words are the event's, but the act it names is the one told.
    Measured: dev unchanged; dev2 date_f1 0.869 -> 0.871, event_f1 0.673 -> 0.674. Matching the naming's
    act against any word of the target's clauses instead joined a state ("qui se trouvait à ...") to an
    entry that merely used the verb.
    """
    acts = [p for i in target if (p := cands[i].event.predicate)]
    return all((p := cands[i].event.predicate) is not None and any(share_act(p, q) for q in acts) for i in namings)


# Days before its publication past which an article recalls a day rather than reports it: a week, the span
# within which news reports what happened (the story's coverage window opens a week before it too).
RECALL_DAYS = 7


def _recalls_its_told_day(cands: Sequence[Dated], namings: list[int], target: list[int]) -> bool:
    """Whether each naming names a day long past that its own article tells an event of, and the target holds it.

    News recalls a past day for the one event that made it part of the story ("depuis l'attentat du 14 juillet
    2016 ...", then "le 14 juillet 2016, un camion avait foncé dans la foule"): a naming of a day more than
    `RECALL_DAYS` before its article and the event its article tells on that day are that one event. Days of
    the news itself hold many events (a naming of one of them stays apart).
    """
    def recalls(n: int) -> bool:
        c = cands[n]
        day, published = _as_day(c.event.date), _as_day(c.published[:10])
        return (day is not None and published is not None and day + timedelta(days=RECALL_DAYS) < published
                and any(cands[i].article == c.article and cands[i].event.type != REFERENCE
                        and cands[i].event.date == c.event.date for i in target))
    return all(recalls(n) for n in namings)


def _as_day(value: str) -> Date | None:
    """An ISO day as a date, or None when `value` is no day."""
    if len(value) != 10:
        return None
    try:
        return Date.fromisoformat(value)
    except ValueError:
        return None


def _share(cands: Sequence[Dated], namings: list[int], target: list[int]) -> float:
    """Share of the namings' own content words found in the target's events' own words."""
    named = frozenset().union(*(cands[i].own for i in namings))
    held = frozenset().union(*(cands[i].own for i in target))
    return len(named & held) / len(named) if named else 0.0
