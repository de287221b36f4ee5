"""The date index of `attach_namings` finds exactly the entries the plain date test accepts."""

from __future__ import annotations

import random
from dataclasses import dataclass

from recoupe.link.timeline_refs import find_agreeing_entries, index_told_dates, names_only
from recoupe.link.timeline_words import date_relation
from recoupe.read.events import REFERENCE
from recoupe.records import Event, Mention

DATES = ["2023", "2023-03", "2023-03-03", "2023-03-04", "2023-03-14", "2023-04", "2023-04-01", "2022-03-03",
         "2022", "2023-03-30"]


@dataclass(frozen=True)
class Cand:
    """A dated event as the namings' joining reads it."""

    article: str
    published: str
    event: Event
    own: frozenset[str]


def cand(rng: random.Random, i: int) -> Cand:
    date = rng.choice(DATES)
    kind = REFERENCE if rng.random() < 0.4 else None
    words = frozenset(rng.sample(["incendie", "mairie", "pompiers", "grève", "vote", "pont", "séisme"], 2))
    event = Event(date=date, precision="day", what=f"e{i}", type=kind, predicate=rng.choice(["incendie", "voter", None]),
                  evidence=Mention(f"a{i % 4}", 0, 1, "x"))
    return Cand(f"a{i % 4}", "2023-03-20", event, words)


def plain_agree(cands: list[Cand], namings: list[int], target: list[int]) -> bool:
    """The date test as first written: every naming's date is, or holds, every date the target tells."""
    told = [cands[i].event.date for i in target if cands[i].event.type != REFERENCE]
    return all(date_relation(cands[n].event.date, d) == "same" or
               (d.startswith(cands[n].event.date) and d != cands[n].event.date)
               for n in namings for d in told)


def random_story(seed: int) -> tuple[list[Cand], list[list[int]]]:
    rng = random.Random(seed)
    cands = [cand(rng, i) for i in range(rng.randint(1, 40))]
    order = list(range(len(cands)))
    rng.shuffle(order)
    clusters: list[list[int]] = []
    while order:
        size = rng.randint(1, 3)
        clusters.append(sorted(order[:size]))
        order = order[size:]
    return cands, clusters


def test_the_index_finds_exactly_the_entries_whose_dates_agree() -> None:
    checked = 0
    for seed in range(300):
        cands, clusters = random_story(seed)
        told = [k for k, members in enumerate(clusters) if not names_only(cands, members)]
        index = index_told_dates(cands, clusters, told)
        for members in clusters:
            if names_only(cands, members):
                want = [t for t in told if plain_agree(cands, members, clusters[t])]
                assert find_agreeing_entries(cands, members, index) == want
                checked += 1
    assert checked > 500


def test_a_naming_of_a_month_reaches_the_entries_of_its_days_only() -> None:
    cands = [Cand("a", "2023-03-20", Event(date=d, precision="day", what=d, type=k, evidence=Mention("a", 0, 1, "x")),
                  frozenset({"incendie"}))
             for d, k in [("2023-03", REFERENCE), ("2023-03-03", None), ("2023-04-01", None),
                          ("2023-03-04", None), ("2023", None)]]
    clusters = [[0], [1], [2], [3, 4]]
    told = [1, 2, 3]
    index = index_told_dates(cands, clusters, told)
    assert find_agreeing_entries(cands, [0], index) == [1]  # [3, 4] also tells 2023, which March does not hold
