"""Dated clauses: a sentence holding several dated events gives each its own clause as evidence."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.events import find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Event


def read(nlp: Any, fr: Any, text: str, dct: str) -> list[Event]:
    doc = nlp(text)
    timexes = tag_timexes(text, dct, fr, doc=doc, article_id="t")
    return find_events(doc, timexes, [], "t", reporting_verbs(fr))


def by_date(events: list[Event]) -> dict[str, str]:
    return {e.date: e.evidence.text for e in events}


def spans(events: list[Event]) -> set[tuple[int, int]]:
    return {(e.evidence.start, e.evidence.end) for e in events}


@pytest.mark.parametrize("text", [
    "Un conflit a éclaté en 1991, se terminant par un accord de paix en 1996, même si des incidents ont eu lieu depuis.",
    "La grève a commencé en 1995, débouchant sur un accord salarial en 1997.",
    "Le barrage a été construit en 1962, avant d'être rehaussé en 1984 après une crue.",
])
def test_a_following_clause_with_its_own_date_is_cut_off(nlp: Any, fr: Any, text: str) -> None:
    events = read(nlp, fr, text, "2023-11-10")
    dates = by_date(events)
    assert len(dates) == 2 and len(spans(events)) == 2
    first, second = sorted(dates)
    assert first[:4] in dates[first] and second[:4] not in dates[first]
    assert second[:4] in dates[second] and first[:4] not in dates[second]


@pytest.mark.parametrize("text", [
    "Le gouverneur a affirmé, mardi, que le président lui avait promis, lors de sa venue à Lyon le mois dernier, "
    "de rouvrir l'usine.",
    "La ministre a déclaré mardi que son prédécesseur avait signé le mois dernier un contrat avec le fournisseur.",
])
def test_a_reported_content_with_its_own_date_stays_in_the_report(nlp: Any, fr: Any, text: str) -> None:
    # what a source says is the event of its saying: the report keeps the whole sentence,
    # the content is a second event evidenced by its own clause
    dates = by_date(read(nlp, fr, text, "2023-11-10"))
    assert dates["2023-11-07"] == text
    assert dates["2023-10"] != text and dates["2023-10"] in text and "mardi" not in dates["2023-10"]


@pytest.mark.parametrize("text", [
    "Le sommet aura lieu le 3 février à Bruxelles, a confirmé mardi la présidence.",
    "« Deux employés ont été blessés le 3 février lors d'une explosion dans le port », a indiqué mercredi la direction.",
    "Le pont sera rouvert à la circulation le 3 février, a précisé lundi la préfecture.",
])
def test_a_reporting_incise_keeps_what_it_tells(nlp: Any, fr: Any, text: str) -> None:
    # the telling ("a confirmé mardi") is evidenced by the whole sentence, what it tells by
    # the content alone: two dated events, two different spans
    events = read(nlp, fr, text, "2023-11-10")
    content = [e for e in events if e.date.endswith("-02-03")]
    telling = [e for e in events if not e.date.endswith("-02-03")]
    assert len(content) == 1 and len(telling) == 1
    assert telling[0].evidence.text == text
    assert content[0].evidence.text != text and content[0].evidence.text in text
    assert len(spans(events)) == 2


@pytest.mark.parametrize("text", [
    "Les deux pays ont signé le 12 juin un traité de paix.",
    "Le sommet, prévu du 4 au 6 mai, a été reporté.",
])
def test_a_clause_with_one_date_keeps_its_whole_sentence(nlp: Any, fr: Any, text: str) -> None:
    events = read(nlp, fr, text, "2023-11-10")
    assert events and all(e.evidence.text == text for e in events)
