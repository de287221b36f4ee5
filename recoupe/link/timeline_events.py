"""What makes two dated clauses one event, and which clause tells it best (the story timeline's event identity).

Two clauses of one article on one day are one event only if they can share an agent: an article that
tells an event again (its lead restated in the body) names the same persons and organisations. Of the
clauses reporting one event, the entry is described by the one that states it most fully: who did what.
Two articles recalling one past year recall one event (`recalls_one_year`); a noun of an act and its
verb share a root (`act_root`), by which a naming finds the entry that tells its act.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from recoupe.folding import fold
from recoupe.lang import load_language
from recoupe.records import Event

# Entity types that can be the agent of an event (who does it), as opposed to where it happens.
AGENT_TYPES = frozenset({"PER", "ORG"})


class Clause(Protocol):
    """A dated event's clause as the timeline compares it."""

    @property
    def article(self) -> str: ...

    @property
    def published(self) -> str: ...  # its article's publication date (ISO, any precision; "" if unknown)

    @property
    def event(self) -> Event: ...

    @property
    def own(self) -> frozenset[str]: ...  # content-word stems of the clause

    @property
    def actors(self) -> frozenset[str]: ...  # words of the names of the entities it mentions

    @property
    def agents(self) -> frozenset[str]: ...  # ids of the persons and organisations it names


def other_agents(a: Clause, b: Clause) -> bool:
    """Whether two events of one article are done by different agents: each clause names persons or
    organisations, none in common.

    Two clauses of one article naming different agents on one day ("le gouvernement décrète ...", "le
    parti suspend ...") are two events. Across articles one agent may be spelt apart, so only one
    article's clauses are compared. Measured: dev event_f1 0.643 -> 0.673 and date_f1 0.804 -> 0.796
    (one more entry, unmatched), dev2 unchanged.
    """
    return a.article == b.article and bool(a.agents) and bool(b.agents) and a.agents.isdisjoint(b.agents)


@dataclass(frozen=True)
class _Endings:
    """The endings a noun of an act and its verb drop to share their root (`events.json`), as written."""

    all: tuple[str, ...]  # longest first, lowercase, accents kept
    verbs: frozenset[str]  # infinitive endings: each names its verb group ("er", "ir", "re")
    first_group: frozenset[str]  # the noun endings only verbs of the first group make nouns with
    first_group_ending: str  # the infinitive ending of that group


@cache
def _endings(language: str = "fr") -> _Endings:
    """The language's act endings (`_Endings`), read once."""
    lang = load_language(language)
    data = lang.json("events.json") if lang.has("events.json") else {}
    verbs = frozenset(x.lower() for x in data.get("verb_endings", []))
    found = {x.lower() for x in data.get("nominal_suffixes", [])} | verbs
    return _Endings(tuple(sorted(found, key=len, reverse=True)), verbs,
                    frozenset(x.lower() for x in data.get("first_group_suffixes", [])),
                    str(data.get("first_group_ending", "")))


def _split_act(word: str) -> tuple[str, str | None]:
    """A word naming an act as its folded root and the verb group its ending belongs to ("-er" for "partage",
    "lancement" and "lancer"; "-ir" for "partir"; None when the ending fits any group or there is none).

    The longest ending is dropped when four letters or more remain; endings are matched as written, so the
    "é" of "marché" is not the "e" of "marche".
    """
    lower = word.lower()
    endings = _endings()
    for ending in endings.all:
        if lower.endswith(ending) and len(lower) - len(ending) >= 4:
            group = ending if ending in endings.verbs else (
                endings.first_group_ending if ending in endings.first_group else None)
            return fold(lower[:-len(ending)]), group
    return fold(lower), None


def act_root(word: str) -> str:
    """The root of a word naming an act: "lancement", "lancer" -> "lanc"; "frappe", "frapper" -> "frapp"
    (its longest ending dropped, when four letters or more remain)."""
    return _split_act(word)[0]


def share_act(a: str, b: str) -> bool:
    """Whether two words name one act: they share their root (`act_root`) and their endings can be of one
    verb group.

    French makes the noun of an act with endings that belong to its verb's group: "-age", "-ation", "-ée",
    the silent "-e" only from verbs in -er. "partage" and "partir", "fondation" and "fondre" share a root
    but are different acts; "lancement" and "lancer", "explosion" and "exploser" are one.
    """
    (root_a, group_a), (root_b, group_b) = _split_act(a), _split_act(b)
    return root_a == root_b and (group_a is None or group_b is None or group_a == group_b)


def recalls_one_year(a: Clause, b: Clause) -> bool:
    """Whether two articles each recall the same past year: both clauses dated by a year alone, earlier
    than the year their article is published in.

    A story recalls its background in a clause or less ("la coalition formée en 2014", "venue en 2014
    combattre l'EI"): two recollections of one past year share few words, and a year long gone rarely
    holds two of the events a story recalls. Any word or actor they share that the whole story does not use
    makes them one (`measure_margin`, `share_telling_words`).
    """
    return (a.article != b.article and a.event.date == b.event.date and recalls_a_year(a) and recalls_a_year(b))


def recalls_a_year(c: Clause) -> bool:
    """Whether a clause is dated by a year alone, before the year its article is published in."""
    return c.event.precision == "year" and len(c.published) >= 4 and c.event.date < c.published[:4]


def clause_similarity(a: Clause, b: Clause) -> float:
    """How much of what two events' own clauses say is shared: the cosine of their clause content words."""
    if not a.own or not b.own:
        return 0.0
    return len(a.own & b.own) / math.sqrt(len(a.own) * len(b.own))


def fullness(group: Sequence[Clause]) -> Callable[[Clause], tuple[bool, int, int, float, bool, int]]:
    """How fully a clause of a merged group states its event, to choose the entry's description.

    A timeline line says who did what: a clause that names a doer (a person or a body, not only
    places), then the one that names its actors most fully (the words of their names), then the one
    that says the most (content words), then the one most alike the others' clauses, one dated to the
    day, the one told earliest in its article. Measured against the most alike clause first: dev
    event_f1 0.637 both, dev2 0.622 -> 0.650, date_f1 unchanged. A doer first: a live report's post
    opening on a place ("la cathédrale Notre-Dame de Paris") is described by its sentence naming who
    spoke; dev unchanged, dev2 event 0.697 -> 0.701.
    """
    def key(c: Clause) -> tuple[bool, int, int, float, bool, int]:
        centrality = sum(clause_similarity(c, d) for d in group if d is not c)
        return (bool(c.agents), len(c.actors), len(c.own), centrality, c.event.precision == "day", -c.event.evidence.start)
    return key
