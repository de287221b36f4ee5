"""A sentence proves one timeline entry: two dates the parse cannot separate give one cited entry, not two."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.link.timeline_evidence import cite_once
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def two_dated(aid: str, source: str, published: str, sentence: str, dates: list[tuple[str, str]]) -> ReadArticle:
    """An article of one sentence read as one event per (date, words) on the same span, as the reading gives
    when the parse puts both dates in one clause; the first is the main date."""
    events, timexes = [], []
    for date, words in dates:
        precision = {4: "year", 7: "month"}.get(len(date), "day")
        events.append(Event(date=date, precision=precision, what=sentence,
                            evidence=Mention(aid, 0, len(sentence), sentence)))
        w = sentence.index(words)
        timexes.append(TimeRef("DATE", date, Mention(aid, w, w + len(words), words), precision=precision))
    article = Article(id=aid, raw_text=sentence, source=source, published=published, clean_text=sentence)
    lemmas = {w: 1 for w in sentence.lower().split()}
    return ReadArticle(article, Reading(article=aid, events=events, timexes=timexes, lemmas=lemmas))


def one_dated(aid: str, source: str, published: str, sentence: str, date: str, words: str) -> ReadArticle:
    """An article of one sentence dated once."""
    return two_dated(aid, source, published, sentence, [(date, words)])


def spans_once(timeline: list[Any]) -> bool:
    """Whether no evidence span sits in two entries."""
    spans = [(ev.article, ev.start, ev.end) for e in timeline for ev in e.evidence]
    return len(spans) == len(set(spans))


@pytest.mark.parametrize(("sentence", "main", "other", "report", "reported"), [
    ("Les deux pays ont signé le 9 novembre un accord de trêve applicable à partir du 10 novembre à minuit.",
     ("2020-11-09", "le 9 novembre"), ("2020-11-10", "du 10 novembre"),
     "La trêve entre les deux pays est applicable depuis minuit le 10 novembre, selon l'accord.", "le 10 novembre"),
    ("Le conseil a adopté le 2 mars un budget qui entrera en vigueur le 1er avril dans toutes les communes.",
     ("2023-03-02", "le 2 mars"), ("2023-04-01", "le 1er avril"),
     "Le budget des communes entrera en vigueur le 1er avril, a confirmé le conseil.", "le 1er avril"),
])
def test_a_two_dated_sentence_proves_the_entry_another_outlet_reports(
        sentence: str, main: tuple[str, str], other: tuple[str, str], report: str, reported: str) -> None:
    a = two_dated("a", "alpha.fr", other[0], sentence, [main, other])
    b = one_dated("b", "beta.fr", other[0], report, other[0], reported)
    timeline = build_timeline([a, b])
    assert spans_once(timeline)
    entry = next(e for e in timeline if e.date == other[0])
    assert sorted(entry.articles) == ["a", "b"]
    cited = next(ev for ev in entry.evidence if ev.article == "a")
    assert cited.when is not None and cited.when.mention.text == other[1]
    assert [t.mention.text for t in cited.also] == [main[1]]
    assert all(e.date != main[0] for e in timeline)  # its only proof is cited for the other date


@pytest.mark.parametrize(("sentence", "main", "other"), [
    ("Le maire a annoncé le 12 juin la fermeture de la piscine jusqu'au 30 septembre.",
     ("2022-06-12", "le 12 juin"), ("2022-09-30", "30 septembre")),
    ("Les syndicats ont appelé mardi 4 octobre à une grève reconductible dès le lundi 10 octobre.",
     ("2022-10-04", "mardi 4 octobre"), ("2022-10-10", "lundi 10 octobre")),
    ("Le fabricant a rappelé en mai 2021 des milliers de véhicules vendus depuis mars 2019.",
     ("2021-05", "mai 2021"), ("2019-03", "mars 2019")),
])
def test_an_uncorroborated_two_dated_sentence_proves_its_main_date(
        sentence: str, main: tuple[str, str], other: tuple[str, str]) -> None:
    timeline = build_timeline([two_dated("a", "alpha.fr", "2022-12-01", sentence, [main, other])])
    assert [e.date for e in timeline] == [main[0]]
    (cited,) = timeline[0].evidence
    assert cited.when is not None and cited.when.mention.text == main[1]
    assert [t.mention.text for t in cited.also] == [other[1]]


def test_cite_once_keeps_a_span_in_the_cluster_with_most_sources() -> None:
    spans = [("a", 0, 10), ("a", 0, 10), ("b", 0, 8), ("c", 4, 9)]
    sources = ["x", "x", "y", "z"]
    # event 0 alone; event 1 with b and c (three sources): the span goes with 1, 0's cluster empties
    assert cite_once(spans, sources, [[0], [1, 2, 3]]) == [[1, 2, 3]]
    # with equal support, the event listed first (the main date) keeps it
    assert cite_once(spans, sources, [[0, 2], [1, 3]]) == [[0, 2], [3]]
    assert cite_once(spans, sources, [[1, 2], [0, 3]]) == [[2], [0, 3]]
