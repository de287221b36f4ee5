"""The writer's or speaker's "today" with a plain present tells how things stand, not a dated event."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.events import find_events
from recoupe.read.timex.tagger import tag_timexes

DCT = "2021-03-09"


def dates_of(nlp: Any, fr: Any, text: str) -> list[str]:
    """The dates of the events read in `text` published on DCT."""
    doc = nlp(text)
    return [e.date for e in find_events(doc, tag_timexes(text, DCT, fr, doc=doc, article_id="t"), [], "t")]


@pytest.mark.parametrize("text", [
    "La coopérative reste aujourd'hui déficitaire, selon son président.",
    "Toutes les hypothèses restent aujourd'hui ouvertes, selon les enquêteurs.",
    "Le port de Marseille est aujourd'hui le premier de France pour les croisières.",
    "« Nous sommes aujourd'hui dans l'attente des analyses », explique le maire.",
])
def test_today_with_a_present_dates_no_event(nlp: Any, fr: Any, text: str) -> None:
    assert dates_of(nlp, fr, text) == []


@pytest.mark.parametrize("text", [
    "Les auditions des témoins ont commencé aujourd'hui au palais de justice.",
    "Le ministre se rendra aujourd'hui sur le site de l'usine.",
    "La préfecture a levé aujourd'hui les restrictions de circulation.",
    "Le président de la coopérative est mardi à Paris pour rencontrer le ministre.",
])
def test_today_with_a_past_or_future_or_a_named_day_dates_an_event(nlp: Any, fr: Any, text: str) -> None:
    assert dates_of(nlp, fr, text)
