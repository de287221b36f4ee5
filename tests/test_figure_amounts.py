"""An amount of money is named by what it measures: the noun it complements, or the noun its participle describes."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.figures.find import find_figures


def subject_of(nlp: Any, fr: Any, text: str) -> str | None:
    [fig] = [f for f in find_figures(nlp(text), fr, "2024-05-02", (), article_id="a1") if f.unit == "euros"]
    return fig.subject


@pytest.mark.parametrize(("text", "head"), [
    ("Le mécène a confirmé un don de 150 millions d'euros pour le musée.", "don"),
    ("L'entreprise écope d'une amende de 8.000 euros.", "amende"),
    ("Ils dénoncent des travaux estimés à 12 millions d'euros.", "travaux estimés"),
])
def test_an_amount_is_named_by_what_it_measures(nlp: Any, fr: Any, text: str, head: str) -> None:
    subject = subject_of(nlp, fr, text)
    assert subject is not None and subject.startswith(head)


@pytest.mark.parametrize("text", [
    "La fondation a reçu 9 millions d'euros.",
    "Quelque 80 millions d'euros ont été versés.",
])
def test_an_amount_standing_alone_keeps_its_unit(nlp: Any, fr: Any, text: str) -> None:
    subject = subject_of(nlp, fr, text)
    assert subject is not None and subject.startswith("euros")


@pytest.mark.parametrize("text", [
    "La région crée un fonds de soutien à hauteur de 40 millions d'euros.",
    "Le conseil vote une aide de l'ordre de 3 millions d'euros.",
])
def test_an_amount_of_filler_words_is_named_past_them(nlp: Any, fr: Any, text: str) -> None:
    subject = subject_of(nlp, fr, text) or ""
    assert subject.split()[0] in {"fonds", "soutien", "aide"}
    assert "hauteur" not in subject and "ordre" not in subject
