"""A reference count set beside another by "contre" holds at its own date, or at an earlier unnamed one."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.figures.find import find_figures
from recoupe.read.figures.time import PAST_REF
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Figure

PUB = "2024-05-02"


def figures_of(nlp: Any, fr: Any, text: str) -> dict[float, Figure]:
    """The figures of `text` by value, dated with the temporal tagger's expressions."""
    doc = nlp(text)
    timexes = tag_timexes(text, PUB, fr, doc=doc, article_id="a1")
    return {f.value: f for f in find_figures(doc, fr, PUB, timexes, article_id="a1")}


@pytest.mark.parametrize("text", [
    "Il reste aujourd'hui environ 900 policiers déployés dans la région, contre plus de 1 400 avant la réforme.",
    "La mission compte désormais 900 casques bleus, contre 1 400 au plus fort de la crise.",
    "Le camp accueille 900 réfugiés, contre quelque 1 400 auparavant.",
])
def test_an_undated_reference_is_an_earlier_state(nlp: Any, fr: Any, text: str) -> None:
    figs = figures_of(nlp, fr, text)
    assert figs[900].as_of == PUB
    assert figs[1400].as_of == PAST_REF


@pytest.mark.parametrize(("text", "month"), [
    ("Les gendarmes ont relevé 42 infractions en mars, contre 17 en février.", "2024-02"),
    ("En mars, le port a accueilli 42 navires, contre 17 en janvier.", "2024-01"),
])
def test_a_dated_reference_holds_at_its_own_date(nlp: Any, fr: Any, text: str, month: str) -> None:
    figs = figures_of(nlp, fr, text)
    assert (figs[17].as_of or "").startswith(month)
    assert (figs[42].as_of or "").startswith("2024-03")


@pytest.mark.parametrize("text", [
    "L'aviation a tiré deux missiles contre trois bases de la milice.",
    "Les rebelles ont lancé 12 assauts contre 300 soldats retranchés dans la vallée.",
])
def test_a_count_of_its_own_after_contre_is_no_reference(nlp: Any, fr: Any, text: str) -> None:
    assert all(f.as_of != PAST_REF for f in figures_of(nlp, fr, text).values())


def test_a_reference_elsewhere_keeps_the_time_of_the_count(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "La ville compte 300 médecins, contre 200 à Lyon.")
    assert figs[200].as_of == figs[300].as_of == PUB


@pytest.mark.parametrize(("as_of", "shown"), [
    (PAST_REF, "earlier, undated"),
    ("2024-02", "as of 2024-02"),
    (None, ""),
])
def test_a_reader_sees_when_a_reference_holds(as_of: str | None, shown: str) -> None:
    from recoupe.records import Mention
    from recoupe.tell.story_common import as_of_phrase

    fig = Figure(value=1400, mention=Mention("a1", 0, 5, "1 400"), unit="policiers", as_of=as_of)
    assert as_of_phrase(fig) == shown
