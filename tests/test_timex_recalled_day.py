"""A yearless day that no tense places and that would lie more than a quarter ahead is a day recalled, last year's."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes

DCT = "2020-06-05"


def value_of(nlp: Any, fr: Any, text: str) -> str:
    """The value of the first date of `text` published on DCT."""
    return next(t.value for t in tag_timexes(text, DCT, fr, doc=nlp(text), article_id="t") if t.type == "DATE")


@pytest.mark.parametrize("text", [
    "Les élus contestent la fermeture du marché du 11 octobre, jugée trop brutale.",
    "Le rapport des inspecteurs pointe la réquisition du 11 octobre, jugée hâtive.",
    "Pour les riverains, la réunion publique du 11 octobre reste un mauvais souvenir.",
])
def test_an_untensed_day_far_ahead_is_recalled(nlp: Any, fr: Any, text: str) -> None:
    assert value_of(nlp, fr, text) == "2019-10-11"


@pytest.mark.parametrize(("text", "value"), [
    ("Le sommet aura lieu le 11 octobre à Bruxelles.", "2020-10-11"),
    ("Le vote est prévu le 11 octobre, selon la présidence.", "2020-10-11"),
    ("Les élus contestent la fermeture du marché du 20 juillet, jugée trop brutale.", "2020-07-20"),
])
def test_a_tensed_or_near_day_keeps_its_year(nlp: Any, fr: Any, text: str, value: str) -> None:
    assert value_of(nlp, fr, text) == value
