"""A day named in a present-subjunctive clause (what is demanded, wished or feared) lies ahead of the telling."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.timex.tagger import tag_timexes

# Saturday 28 September 2019: the Monday ahead is the 30th, the one behind the 23rd.
DCT = "2019-09-28"


def values_of(nlp: Any, fr: Any, text: str) -> dict[str, str]:
    """The values of the dates of `text` published on DCT, by their words."""
    return {t.mention.text.lower(): t.value for t in tag_timexes(text, DCT, fr, doc=nlp(text), article_id="t")
            if t.type == "DATE"}


@pytest.mark.parametrize("text", [
    "Vendredi, le maire a exigé que le ministre soit entendu lundi par le conseil régional.",
    "Le syndicat a réclamé hier que le préfet soit convoqué lundi devant les élus.",
    "L'opposition veut que le ministre vienne s'expliquer lundi devant les députés.",
])
def test_a_day_in_a_demanded_clause_lies_ahead(nlp: Any, fr: Any, text: str) -> None:
    assert values_of(nlp, fr, text)["lundi"] == "2019-09-30"


@pytest.mark.parametrize("text", [
    "Bien que le texte ait été voté lundi, la colère ne retombe pas.",
    "Le maire a été entendu lundi par le conseil régional.",
    "Les riverains ont appris lundi que l'usine serait fermée.",
])
def test_a_past_subjunctive_or_an_indicative_stays_behind(nlp: Any, fr: Any, text: str) -> None:
    assert values_of(nlp, fr, text)["lundi"] == "2019-09-23"
