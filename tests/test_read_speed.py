"""Speed helpers of the reading stage: each must give exactly what the slow way gives.

The doc's text read once (`doc_text`), and the timex rules skipped when a text lacks every word their
matches hold (`recoupe.read.timex.gates`): a gate is a necessary condition, so a skipped rule would have
found nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from recoupe.read.nlp import TEXT_KEY, doc_text
from recoupe.read.timex.gates import find_gate, find_gates, folds_plainly, may_match, may_match_all
from recoupe.read.timex.patterns import get_grammar

# Sentences written for these tests, with and without time expressions of many families.
SENTENCES = [
    "Le conseil municipal se réunira le 14 mars prochain, a indiqué lundi la maire.",
    "Depuis trois ans, l'usine tourne au ralenti ; elle fermera à la fin de l'été.",
    "Le chantier a duré une quinzaine de jours, bien moins que la décennie annoncée.",
    "Vers 18 h 30, les pompiers sont intervenus dans un entrepôt de la zone industrielle.",
    "Aujourd'hui, la société emploie 240 salariés contre 300 il y a cinq ans.",
    "La réunion hebdomadaire a lieu chaque mercredi matin au siège de l'association.",
    "Le ministre a rappelé que le texte avait été adopté au cours du XXe siècle.",
    "Rien ne bouge dans ce village où les habitants attendent une réponse.",
    "Le LUNDI 3 JANVIER 2022, la préfecture a publié un nouvel arrêté.",
]


def test_doc_text_is_the_docs_text_read_once(nlp: Any) -> None:
    for sentence in SENTENCES[:3]:
        doc = nlp(sentence)
        assert TEXT_KEY not in doc.user_data
        first = doc_text(doc)
        assert first == doc.text == sentence
        assert doc_text(doc) is first  # kept, not joined again


def test_a_gate_lists_the_words_every_match_holds() -> None:
    months = re.compile(r"(?<![\w\-])(?:le\s+)?\d{1,2}\s+(?P<m>janvier|Février|mars)(?![\w\-])", re.IGNORECASE)
    assert find_gate(months) == ("janvier", "février", "mars")
    required = re.compile(r"(?:environ\s+)?\d+\s+siècles?", re.IGNORECASE)
    assert find_gate(required) == ("siècle",)


@pytest.mark.parametrize("pattern", [
    r"(?:hier|demain)?\s*\d+",  # everything optional but digits: no word is required
    r"\d+\s+(?:an|h)",  # words too short to select anything
    r"(?:veille|\d+)",  # one branch needs no word
])
def test_a_pattern_without_required_words_has_no_gate(pattern: str) -> None:
    assert find_gate(re.compile(pattern, re.IGNORECASE)) is None


def test_a_text_folding_unlike_lower_runs_every_rule() -> None:
    assert folds_plainly("Le 3 Mai", "le 3 mai")
    assert not folds_plainly("İzmir, le 3 mai", "İzmir, le 3 mai".lower())  # lower-cases to two characters
    assert not folds_plainly("la ſemaine", "la ſemaine")  # `re` folds the long s with s
    assert may_match(None, "rien")
    assert may_match(("siècle",), "au xxe siècle")
    assert not may_match(("siècle",), "au xxe sièc")


def test_a_rule_skipped_by_its_gate_finds_nothing(fr: Any) -> None:
    grammar = get_grammar(fr)
    skipped = 0
    for text in SENTENCES:
        folded = text.lower()
        assert folds_plainly(text, folded)
        for rule in grammar.rules:
            if not may_match_all(rule.gates, folded):
                skipped += 1
                assert next(rule.pattern.finditer(text), None) is None, (rule.name, text)
    assert skipped > len(SENTENCES)  # the gates do skip rules on ordinary sentences


def test_a_rule_needs_every_word_group_it_requires() -> None:
    night = re.compile(r"(?<![\w\-])(?:la\s+)?nuit\s+du\s+(?P<wd>lundi|mardi)(?![\w\-])", re.IGNORECASE)
    gates = find_gates(night)
    assert ("nuit",) in gates and ("lundi", "mardi") in gates
    assert find_gate(night) in gates
    assert may_match_all(gates, "dans la nuit du lundi au mardi")
    assert not may_match_all(gates, "une nuit agitée")  # the night, but no weekday
    assert not may_match_all(gates, "lundi soir")  # a weekday, but no night
    assert may_match_all((), "rien")  # a rule requiring nothing runs everywhere


def test_the_conjunction_skips_no_text_a_rule_matches(fr: Any) -> None:
    grammar = get_grammar(fr)
    texts = [*SENTENCES, "Dans la nuit de samedi à dimanche, un vent violent a soufflé.", "Le matin même, tout était calme."]
    for text in texts:
        for rule in grammar.rules:
            if next(rule.pattern.finditer(text), None) is not None:
                assert may_match_all(rule.gates, text.lower()), (rule.name, text)
