"""A span holding nothing but time expressions tells no event; "aujourd'hui" beside a name is a title, not a date."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.events import find_events, only_time, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Mention, TimeRef

DCT = "2022-03-14"


def read(nlp: Any, fr: Any, text: str) -> list[tuple[str, str]]:
    """(date, evidence) of each event read in `text` published on DCT."""
    doc = nlp(text)
    timexes = tag_timexes(text, DCT, fr, doc=doc, article_id="t")
    return [(e.date, e.evidence.text) for e in find_events(doc, timexes, [], "t", reporting_verbs(fr))]


def dated(text: str, *expressions: tuple[str, str]) -> list[tuple[TimeRef, tuple[str, str]]]:
    """The expressions of `text` as (expression, (value, precision)) pairs, as the reader groups them."""
    out = []
    for words, value in expressions:
        at = text.index(words)
        out.append((TimeRef("TIME", value, Mention("t", at, at + len(words), words)), (value[:10], "day")))
    return out


@pytest.mark.parametrize(("text", "expressions"), [
    ("14H00", [("14H00", "2022-03-13T14:00")]),
    ("dimanche 9h30 GMT", [("dimanche", "2022-03-13"), ("9h30", "2022-03-13T09:30")]),
    ("► 18h05.", [("18h05", "2022-03-14T18:05")]),
])
def test_a_span_of_time_expressions_only_tells_nothing(text: str, expressions: list[tuple[str, str]]) -> None:
    assert only_time(text, 0, len(text), dated(text, *expressions))


@pytest.mark.parametrize(("text", "expressions"), [
    ("14H00 : le préfet lève l'alerte", [("14H00", "2022-03-13T14:00")]),
    ("Dimanche, la grève", [("Dimanche", "2022-03-13")]),
    ("Le 9 mars, vote", [("Le 9 mars", "2022-03-09")]),
])
def test_a_span_with_a_word_of_its_own_is_kept(text: str, expressions: list[tuple[str, str]]) -> None:
    assert not only_time(text, 0, len(text), dated(text, *expressions))


@pytest.mark.parametrize("text", [
    "« Nous ne céderons pas », a répondu Pierre Martin, ancien ministre de l'Agriculture et aujourd'hui "
    "président de la région.",
    "Le projet est porté par Anne Leroy, ancienne journaliste, aujourd'hui directrice de la fondation.",
    "La loi a été défendue par Marc Petit, ancien maire de la ville et aujourd'hui sénateur.",
])
def test_today_beside_a_name_dates_no_event(nlp: Any, fr: Any, text: str) -> None:
    assert all(date != DCT for date, _ev in read(nlp, fr, text))


@pytest.mark.parametrize("text", [
    "La préfecture a levé aujourd'hui les restrictions de circulation.",
    "Le club a limogé aujourd'hui son entraîneur après la défaite.",
    "Le président de la région a démissionné aujourd'hui.",
])
def test_today_with_a_past_verb_still_dates_its_event(nlp: Any, fr: Any, text: str) -> None:
    assert [date for date, _ev in read(nlp, fr, text)] == [DCT]
