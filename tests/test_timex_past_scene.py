"""A yearless day told in the pluperfect, imperfect or simple past lies before publication however far back."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes


def value_of(nlp: Any, fr: Any, text: str, dct: str) -> str:
    """The value of the first date of `text` published on `dct`."""
    return next(t.value for t in tag_timexes(text, dct, fr, doc=nlp(text), article_id="t") if t.type == "DATE")


@pytest.mark.parametrize(("text", "value"), [
    ("Le 26 septembre, près de 500 tonnes de déchets avaient brûlé dans l'entrepôt.", "2019-09-26"),
    ("L'usine avait fermé ses portes le 3 novembre après deux mois de grève.", "2019-11-03"),
    ("Le 3 novembre, la foule envahissait les rues de la capitale.", "2019-11-03"),
    ("Les secours étaient arrivés sur place le 15 octobre au petit matin.", "2019-10-15"),
])
def test_a_past_scene_puts_a_far_day_in_the_year_before(nlp: Any, fr: Any, text: str, value: str) -> None:
    assert value_of(nlp, fr, text, "2020-08-31") == value


@pytest.mark.parametrize(("text", "value"), [
    ("Le sommet aura lieu le 3 novembre à Bruxelles.", "2020-11-03"),
    ("Le chantier doit s'achever le 15 octobre, selon la mairie.", "2020-10-15"),
    ("L'usine avait fermé ses portes le 12 août après deux mois de grève.", "2020-08-12"),
])
def test_a_future_or_a_near_day_keeps_its_year(nlp: Any, fr: Any, text: str, value: str) -> None:
    assert value_of(nlp, fr, text, "2020-08-31") == value
