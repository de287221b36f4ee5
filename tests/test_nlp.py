"""Loading spaCy: one pipeline per process, with only the components recoupe uses."""

from __future__ import annotations

from typing import Any

from recoupe.read.nlp import USED_COMPONENTS, load_nlp


def test_load_nlp_is_loaded_once_per_process(fr: Any, nlp: Any) -> None:
    assert load_nlp(fr) is nlp


def test_load_nlp_runs_only_the_components_recoupe_uses(nlp: Any) -> None:
    assert nlp.pipe_names
    assert set(nlp.pipe_names) <= set(USED_COMPONENTS)


def test_plugs_naming_the_same_model_share_one_pipeline(fr: Any, nlp: Any, tmp_path: Any) -> None:
    from recoupe.lang import Language

    other_plug = Language(code="xx", model=fr.model, folder=tmp_path)
    assert other_plug != fr
    assert load_nlp(other_plug) is nlp


# Sentences of several kinds (nouns and verbs the tables know, inflected forms the rules reach, names and numbers
# the lemmatizer looks up), written for this test.
LEMMA_SENTENCES = [
    "Les maires des communes riveraines ont réclamé mardi des digues plus hautes.",
    "Selon la préfète, trois cents habitants avaient été évacués avant l'aube.",
    "Nous reconstruirons les ponts emportés, a promis le ministre, qui s'exprimait à Valence.",
    "Les agricultrices interrogées redoutaient surtout les grêlons et les coulées de boue.",
    "L'Organisation mondiale de la santé a publié ses chiffres le 12 mars 2024.",
]


def _lemmas(nlp: Any) -> list[list[str]]:
    nlp.get_pipe("lemmatizer").cache.clear()
    return [[t.lemma_ for t in doc] for doc in nlp.pipe(LEMMA_SENTENCES)]


def test_lemma_tables_become_sets_and_every_lemma_stays_as_with_lists(nlp: Any) -> None:
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    kept = dict(table.items())
    assert kept and all(isinstance(words, frozenset) for words in kept.values())
    try:
        for key, words in kept.items():  # spaCy's tables as shipped: lists of words
            table[key] = sorted(words)
        with_lists = _lemmas(nlp)
    finally:
        for key, words in kept.items():
            table[key] = words
    with_sets = _lemmas(nlp)
    assert with_sets == with_lists
    assert "réclamer" in with_sets[0] and "habitant" in with_sets[1] and "reconstruire" in with_sets[2]
