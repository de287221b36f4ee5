"""The one fold every stage compares words through: accents, case and apostrophes."""

from __future__ import annotations

import unicodedata

import pytest

from recoupe.folding import FIRST_COMBINING, fold


def fold_by_definition(text: str) -> str:
    """The fold written plainly: decompose, drop every combining mark, lowercase, unify apostrophes."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().replace("’", "'").replace("‘", "'")


def test_no_code_point_before_the_first_combining_one_combines() -> None:
    assert not any(unicodedata.combining(chr(cp)) for cp in range(ord(FIRST_COMBINING)))
    assert unicodedata.combining(FIRST_COMBINING)


@pytest.mark.parametrize("text", [
    "L’État a tranché", "l'Etat a tranché", "Côte d’Ivoire", "ÉLYSÉE", "Œuvre ﬁnale", "plain ascii Text",
    "‘citation’ du maire", "Zürich et Søren", "x\u0301y", "",
])
def test_fold_is_the_definition(text: str) -> None:
    assert fold(text) == fold_by_definition(text)


def test_spelling_variants_fold_alike() -> None:
    assert fold("L’État") == fold("l'Etat") == "l'etat"
    assert fold("Côte d’Ivoire") == fold("cote d'ivoire")


def test_every_code_point_folds_as_by_definition() -> None:
    text = "".join(chr(cp) for cp in range(0x20, 0x3000) if not 0xD800 <= cp < 0xE000)
    assert fold(text) == fold_by_definition(text)
