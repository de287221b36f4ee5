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


def _analyses(nlp: Any) -> list[list[tuple[str, ...]]]:
    """Every token's part of speech, morphology, head, dependency, lemma and entity, for the sentences above."""
    return [[(t.pos_, str(t.morph), str(t.head.i), t.dep_, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]
            for doc in nlp.pipe(LEMMA_SENTENCES)]


def _layers(nlp: Any) -> list[Any]:
    """Every layer of every component that has a network."""
    return [node for _, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None for node in pipe.model.walk()]


def test_layers_multiply_through_numpy_and_every_analysis_stays_as_with_blis(nlp: Any) -> None:
    from thinc.api import NumpyOps

    layers = _layers(nlp)
    assert layers and all(isinstance(node.ops, NumpyOps) and not node.ops.use_blis for node in layers)
    kept = [node.ops for node in layers]
    try:
        blis = NumpyOps()  # thinc's CPU ops as a pipeline loads with them
        for node in layers:
            node.ops = blis
        with_blis = _analyses(nlp)
    finally:
        for node, ops in zip(layers, kept, strict=True):
            node.ops = ops
    through_numpy = _analyses(nlp)
    assert through_numpy == with_blis
    assert any(label == "LOC" for _, _, _, _, _, _, label in through_numpy[2])  # Valence
    assert any(dep == "nsubj" for _, _, _, dep, _, _, _ in through_numpy[0])


def test_numpy_blas_runs_on_one_thread_in_a_reading_process(nlp: Any) -> None:
    from threadpoolctl import threadpool_info

    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
