"""Per-doc token tables (`recoupe.read.nlp`): plain lists the extractors scan instead of building a Token per
word. Each must equal what the Token objects say, for every token, kept once per doc, and the sentence
range must hold exactly the tokens that start inside the given offsets."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.nlp import (
    LEMMAS_KEY,
    LOWERS_KEY,
    STARTS_KEY,
    TEXTS_KEY,
    token_lemmas,
    token_lowers,
    token_starts,
    token_texts,
    tokens_within,
)

# Sentences written for these tests: apostrophes, hyphens, brackets, non-breaking spaces, capitals,
# quotation marks, several paragraphs and doubled spaces, so that offsets and lengths are put to the test.
TEXTS = [
    "Le Conseil d'État (CE) a rendu son avis jeudi ; « c'est une décision attendue », a-t-il déclaré.",
    "L’ONG a compté 1\u00a0250 réfugiés à Saint-Jean-de-Luz.\n\nLe maire, lui, promet   une réponse demain.",
    "VERS 18 H, LES POMPIERS SONT ARRIVÉS SUR PLACE. Deux blessés ont été évacués vers l'hôpital.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_tables_say_what_the_tokens_say(nlp: Any, text: str) -> None:
    doc = nlp(text)
    assert token_starts(doc) == [t.idx for t in doc]
    assert token_texts(doc) == [t.text for t in doc]
    assert token_lowers(doc) == [t.lower_ for t in doc]
    assert token_lemmas(doc) == [t.lemma_ for t in doc]


def test_each_table_is_built_once_per_doc(nlp: Any) -> None:
    doc = nlp(TEXTS[0])
    for key in (STARTS_KEY, TEXTS_KEY, LOWERS_KEY, LEMMAS_KEY):
        assert key not in doc.user_data
    tables = (token_starts(doc), token_texts(doc), token_lowers(doc), token_lemmas(doc))
    again = (token_starts(doc), token_texts(doc), token_lowers(doc), token_lemmas(doc))
    assert all(a is b for a, b in zip(tables, again, strict=True))


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_within_are_those_starting_in_the_range(nlp: Any, text: str) -> None:
    doc = nlp(text)
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        assert list(tokens_within(doc, start, end)) == [t.i for t in doc if start <= t.idx < end]
    middle = len(text) // 2  # a range cutting a word: the cut word starts before it and is left out
    assert list(tokens_within(doc, middle, len(text))) == [t.i for t in doc if t.idx >= middle]
    assert list(tokens_within(doc, 5, 5)) == []
