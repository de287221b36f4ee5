"""The approximate-count scan of the number grammar ("une dizaine", "trois centaines") is skipped for a text
holding none of the collective nouns: the skip is a necessary condition, so it finds what the full scan finds."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from recoupe.read.numbers import NumberGrammar, number_grammar

# Sentences written for these tests: collective nouns in several wordings and cases, and texts without any.
SENTENCES = [
    "Une dizaine de manifestants se sont rassemblés devant la mairie.",
    "Trois centaines de colis attendaient encore au dépôt mardi soir.",
    "Des milliers de foyers restent privés d'électricité après la tempête.",
    "UNE VINGTAINE DE BÉNÉVOLES ont nettoyé la plage dimanche.",
    "Deux douzaines d'huîtres et 40 euros : l'addition du réveillon.",
    "Le club compte 1.250 adhérents, soit deux cents de plus qu'en 2019.",
    "Rien n'a changé depuis le vote de la loi.",
]


def _ungated(grammar: NumberGrammar) -> NumberGrammar:
    """The same grammar with its gate off: the approximate counts scanned in every text."""
    full = copy.copy(grammar)
    full.approx_gate = None
    return full


def test_the_gate_lists_the_collective_nouns(fr: Any) -> None:
    gate = number_grammar(fr).approx_gate
    assert gate is not None
    assert {"dizaine", "centaines", "milliers"} <= set(gate)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_skipped_scan_finds_what_the_full_scan_finds(fr: Any, sentence: str) -> None:
    grammar = number_grammar(fr)
    assert grammar.find(sentence) == _ungated(grammar).find(sentence)


def test_an_approximate_count_is_still_found_in_any_case(fr: Any) -> None:
    grammar = number_grammar(fr)
    for sentence, value in [(SENTENCES[0], 10), (SENTENCES[3], 20), (SENTENCES[1], 300)]:
        assert any(s.approx and s.value == value for s in grammar.find(sentence)), sentence
    assert not grammar._approx_nouns(SENTENCES[-1])
