"""Events a sentence only names ("l'incendie du 3 mars") are read as namings and join the entry that tells them."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.read.events import REFERENCE, find_events
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def kinds(nlp: Any, fr: Any, text: str, dct: str) -> list[tuple[str, str | None]]:
    """(date, type) of each event the reading finds in `text`."""
    doc = nlp(text)
    return [(e.date, e.type) for e in find_events(doc, tag_timexes(text, dct, fr, doc=doc, article_id="t"), [], "t")]


@pytest.mark.parametrize("text", [
    "La collecte a dépassé vingt millions d'euros après la catastrophe du 3 mars.",
    "Les derniers piliers du viaduc, qui s'était écroulé le 14 août 2018, ont été abattus.",
    "Le maire l'a confirmé dans un communiqué diffusé jeudi.",
])
def test_a_date_qualifying_a_noun_names_an_event(nlp: Any, fr: Any, text: str) -> None:
    found = kinds(nlp, fr, text, "2019-03-09")
    assert found and all(kind == REFERENCE for _, kind in found)


@pytest.mark.parametrize("text", [
    "Le ministre a annoncé le 4 mars l'ouverture d'une enquête.",
    "Le 4 mars, le ministre a annoncé l'ouverture d'une enquête.",
    "Un violent incendie a dévasté la mairie de Lyon, mardi 3 mars.",
])
def test_a_date_governed_by_the_verb_tells_an_event(nlp: Any, fr: Any, text: str) -> None:
    found = kinds(nlp, fr, text, "2020-03-09")
    assert found and all(kind is None for _, kind in found)


def item(aid: str, source: str, dated: list[tuple[str, str, str, str | None]]) -> ReadArticle:
    """An article of dated sentences (sentence, date, its date words, event type)."""
    text = " ".join(s for s, _, _, _ in dated)
    events, timexes = [], []
    for sentence, date, words, kind in dated:
        start = text.index(sentence)
        precision = {4: "year", 7: "month"}.get(len(date), "day")
        events.append(Event(date=date, precision=precision, what=sentence, type=kind,
                            evidence=Mention(aid, start, start + len(sentence), sentence)))
        w = text.index(words, start)
        timexes.append(TimeRef("DATE", date, Mention(aid, w, w + len(words), words), precision=precision))
    article = Article(id=aid, raw_text=text, source=source, published="2023-03-10", clean_text=text)
    return ReadArticle(article, Reading(article=aid, events=events, timexes=timexes,
                                        lemmas={w: 1 for w in text.lower().split()}))


TOLD = ("Un incendie a ravagé vendredi 3 mars l'entrepôt de pneus de Korvan, au nord de la ville, obligeant les "
        "pompiers du département à évacuer trois rues et à fermer la route nationale pendant toute la nuit.",
        "2023-03-03", "vendredi 3 mars", None)


@pytest.mark.parametrize("naming", [
    ("L'entrepôt ravagé par l'incendie du 3 mars reste interdit.", "2023-03-03", "3 mars", REFERENCE),
    ("L'incendie de l'entrepôt, le 3 mars, inquiète encore.", "2023-03-03", "3 mars", REFERENCE),
    ("Depuis l'incendie de mars à l'entrepôt, les riverains se plaignent.", "2023-03", "mars", REFERENCE),
])
def test_a_naming_is_evidence_of_the_entry_that_tells_its_event(naming: tuple[str, str, str, str | None]) -> None:
    told = item("a", "alpha.fr", [TOLD])
    named = item("b", "beta.fr", [naming])
    timeline = build_timeline([told, named])
    assert len(timeline) == 1
    assert timeline[0].date == "2023-03-03"
    assert set(timeline[0].articles) == {"a", "b"}
    assert {ev.text for ev in timeline[0].evidence} == {TOLD[0], naming[0]}


def test_a_naming_no_entry_tells_stays_an_entry_of_its_own() -> None:
    told = item("a", "alpha.fr", [TOLD])
    other = item("b", "beta.fr", [("La grève du 3 mars a paralysé les trains de la région.", "2023-03-03",
                                   "3 mars", REFERENCE)])
    earlier = item("c", "gamma.fr", [("Le rapport sur l'entrepôt de pneus de Korvan, publié le 1er mars, "
                                      "alertait sur l'incendie.", "2023-03-01", "1er mars", REFERENCE)])
    timeline = build_timeline([told, other, earlier])
    assert sorted((e.date, tuple(e.articles)) for e in timeline) == [
        ("2023-03-01", ("c",)), ("2023-03-03", ("a",)), ("2023-03-03", ("b",))]
