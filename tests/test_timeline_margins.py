"""Each pair of a story's events is measured once when its timeline is merged, with the same merge and blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from recoupe.link import timeline_merge
from recoupe.link.timeline_merge import MarginMemo, TimelineOptions, measure_margin, merge_keyed, score_pairs
from recoupe.link.timeline_update import _number_blocks
from recoupe.records import Event, Mention


@dataclass(frozen=True)
class Told:
    """A dated event as merging compares it, built from a sentence written for the test."""

    article: str
    published: str
    event: Event
    words: frozenset[str]
    own: frozenset[str]
    actors: frozenset[str]
    agents: frozenset[str] = frozenset()
    post: int = -1  # no live report


def told(article: str, date: str, sentence: str, actors: str = "", start: int = 0) -> Told:
    """An event of `article` on `date` whose words are the sentence's words of four letters or more."""
    words = frozenset(w.strip(".,").lower() for w in sentence.split() if len(w) > 3)
    precision = {4: "year", 7: "month"}.get(len(date), "day")
    event = Event(date=date, precision=precision, what=sentence,
                  evidence=Mention(article, start, start + len(sentence), sentence))
    return Told(article, "2024-03-20", event, words, words, frozenset(actors.split()))


# Three wordings of one family: reports of a few events on the same day, adjacent days and the month holding
# them, by several articles, some alike enough to merge and some not.
FLOODS = [
    told("a1", "2024-03-12", "La crue de la Sarve a inondé le centre de Montbrun mardi soir.", "Sarve Montbrun"),
    told("a2", "2024-03-12", "Le centre de Montbrun a été inondé par la crue de la Sarve.", "Sarve Montbrun"),
    told("a3", "2024-03-13", "La crue de la Sarve a inondé le centre de Montbrun dans la nuit.", "Sarve Montbrun"),
    told("a2", "2024-03", "En mars, la préfecture a ouvert trois gymnases aux sinistrés.", "préfecture", 80),
    told("a4", "2024-03-14", "La préfecture a ouvert trois gymnases aux sinistrés de Montbrun.", "préfecture Montbrun"),
    told("a5", "2024-03-12", "Les pompiers ont évacué quarante habitants de Montbrun mardi.", "pompiers Montbrun"),
]
STRIKE = [
    told("b1", "2024-05-02", "Les conducteurs de tramway de Lorvel ont cessé le travail jeudi.", "Lorvel"),
    told("b2", "2024-05-02", "Grève des conducteurs de tramway à Lorvel depuis jeudi matin.", "Lorvel"),
    told("b3", "2024-05", "En mai, le tramway de Lorvel a perdu la moitié de ses voyageurs.", "Lorvel"),
    told("b3", "2024-05-03", "La direction du tramway de Lorvel a reçu les syndicats vendredi.", "Lorvel", 90),
    told("b4", "2024", "Le tramway de Lorvel a été mis en service en 2024.", "Lorvel"),
]
SUMMIT = [
    told("c1", "2024-09-20", "Les ministres de la pêche se sont réunis à Brest vendredi.", "Brest"),
    told("c2", "2024-09-21", "Réunis à Brest, les ministres de la pêche ont signé un accord.", "Brest"),
    told("c3", "2024-09-20", "Un accord sur les quotas de pêche a été signé à Brest vendredi.", "Brest"),
    told("c4", "2024-09-20", "Les ministres de la pêche ont signé vendredi à Brest un accord sur les quotas.", "Brest"),
]


@pytest.mark.parametrize("cands", [FLOODS, STRIKE, SUMMIT])
def test_margins_are_those_of_measure_margin_either_way(cands: list[Told]) -> None:
    """The memo gives `measure_margin`'s value of a pair, whichever way round it is asked."""
    opts = TimelineOptions()
    memo = MarginMemo(cands, opts, frozenset())
    for i in range(len(cands)):
        for j in range(len(cands)):
            if i != j:
                assert memo.margin(i, j) == measure_margin(cands[i], cands[j], opts)
                assert memo.margin(j, i) == measure_margin(cands[j], cands[i], opts)


@pytest.mark.parametrize("cands", [FLOODS, STRIKE, SUMMIT])
def test_each_pair_is_measured_once(cands: list[Told], monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging with average linkage asks the same pairs again as clusters grow; each is measured once."""
    calls: list[tuple[int, int]] = []
    real = timeline_merge.measure_margin

    def counted(a: Any, b: Any, *args: Any) -> float | None:
        calls.append((id(a), id(b)))
        return real(a, b, *args)

    monkeypatch.setattr(timeline_merge, "measure_margin", counted)
    merge_keyed(cands, TimelineOptions())
    assert calls
    assert len(calls) == len({frozenset(c) for c in calls})


@pytest.mark.parametrize("cands", [FLOODS, STRIKE, SUMMIT])
def test_merge_and_blocks_are_the_same_with_shared_pairs(cands: list[Told]) -> None:
    """The merge and the blocks given the pairs scored once equal those that score the pairs themselves."""
    opts = TimelineOptions()
    memo = MarginMemo(cands, opts, frozenset())
    assert merge_keyed(cands, opts, frozenset(), memo) == merge_keyed(cands, opts)
    pairs = score_pairs(cands, opts)
    assert pairs == memo.score_pairs()
    assert all(m >= 0 for m, _, _ in pairs)
    assert _number_blocks(cands, opts, frozenset(), pairs) == _number_blocks(cands, opts, frozenset())  # type: ignore[arg-type]


def test_a_merge_happens_in_each_family() -> None:
    """The wordings above do merge something (else the comparisons would prove nothing)."""
    for cands in (FLOODS, STRIKE, SUMMIT):
        clusters = merge_keyed(cands, TimelineOptions())
        assert len(clusters) < len(cands)
