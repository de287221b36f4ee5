"""Loading the spaCy pipeline of a language plug: once per process, switched down to what is used."""

from __future__ import annotations

import ctypes
import gc
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, TypeVar

from recoupe.lang import Language

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc, Token

# Components recoupe's readers use: NER for entities, the parser for sentences and
# speaker attribution, the morphologizer for tense (weekday resolution), the
# lemmatizer for clustering. Nothing else ships in fr_core_news_md today; the
# list exists so that a heavier model's extra components stay off.
USED_COMPONENTS = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")

# Where `doc_text` keeps a doc's text in `doc.user_data` (spaCy's own keys there are tuples).
TEXT_KEY = "recoupe.text"
# Where the per-token tables below are kept in `doc.user_data`.
STARTS_KEY = "recoupe.token_starts"
TEXTS_KEY = "recoupe.token_texts"
LOWERS_KEY = "recoupe.token_lowers"
LEMMAS_KEY = "recoupe.token_lemmas"

T = TypeVar("T")

# Texts per nlp.pipe batch; 64 measured no slower than 256 on 2 cores and keeps memory flat.
PIPE_BATCH_SIZE = 64


class ModelNotInstalledError(RuntimeError):
    """The language's spaCy model package is not installed (it is never downloaded at run time)."""


def load_nlp(lang: Language) -> SpacyLanguage:
    """The language's spaCy model with only the components recoupe uses enabled, loaded once per process.

    A load costs about 7 s and 500 MB; every caller in a process (each `analyze`, `recoupe timex`,
    the link stage's description reader, every test) shares the one pipeline, which nothing mutates.
    A plug whose hooks provide `make_nlp(lang)` builds its own pipeline (a language without a trained
    model, a test plug); it is called once per process too.
    """
    if lang.hook("make_nlp") is not None:
        return make_plug_nlp(lang)
    return load_model(lang.model, USED_COMPONENTS)


def loaded_models() -> int:
    """How many pipelines this process holds loaded (`load_model`, `make_plug_nlp`)."""
    return load_model.cache_info().currsize + make_plug_nlp.cache_info().currsize


def forget_models() -> None:
    """Drop the loaded pipelines and free their memory now (a process that loaded one only to fork readers from
    it: `recoupe.pipeline.Engine.start_workers`); a later `load_nlp` loads again."""
    load_model.cache_clear()
    make_plug_nlp.cache_clear()
    gc.collect()  # a spaCy pipeline holds reference cycles: without a collection its memory waits for the next one
    return_free_memory()


def return_free_memory() -> None:
    """Hand the heap's free pages back to the system where the C library can (glibc's `malloc_trim`): after a
    model is dropped, freed small blocks otherwise stay in the process (about 240 of a loaded model's 480 MB)."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl, Windows): nothing to ask
        return
    trim(0)


@cache
def make_plug_nlp(lang: Language) -> SpacyLanguage:
    """The pipeline a plug's `make_nlp` hook builds, once per process and plug."""
    nlp: SpacyLanguage = lang.hook("make_nlp")(lang)
    return nlp


@cache
def load_model(model: str, components: tuple[str, ...]) -> SpacyLanguage:
    """spaCy model `model` with only `components` enabled, cached per (model, components).

    The cache is `functools.cache` on purpose: the pipeline is read-only after loading, so sharing it
    is safe, and keying it on what was loaded (not on the language plug) lets plugs naming the same
    model share one pipeline. `load_model.cache_clear()` drops it.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed; install it with pip "
            f"(it is a PyPI package: pip install {model.replace('_', '-')})"
        ) from exc
    for name in nlp.pipe_names:
        if name not in components:
            nlp.disable_pipe(name)
    # News articles can be long; the parser's memory is bounded per document by this.
    nlp.max_length = max(nlp.max_length, 2_000_000)
    tune_pipeline(nlp)
    return nlp


def tune_pipeline(nlp: SpacyLanguage) -> None:
    """Make a loaded pipeline cheaper to run without changing what it finds: its lemma tables become sets
    (`index_lemma_tables`) and its layers multiply matrices through numpy (`multiply_through_numpy`)."""
    index_lemma_tables(nlp)
    multiply_through_numpy(nlp)


def multiply_through_numpy(nlp: SpacyLanguage) -> None:
    """Have the pipeline's layers multiply their matrices through numpy's BLAS on one thread, not through BLIS.

    thinc's CPU ops multiply through the BLIS library bundled with it, and the token-to-vector and entity layers
    are such products (a few thousand tokens by 288, times 288 by 288). On the AMD EPYC of our machines BLIS
    takes 15.0 ms for one where numpy's OpenBLAS takes 5.3 ms, and `nlp` over 300 OrangeSum articles went from
    54.5 to 41.8 ms of CPU per article (session of 2026-12-07, seventh). The sums are the same ones in another
    order: over those articles' 103,674 tokens every tag, morphology, head, dependency, lemma and entity stayed
    the same (tests/test_nlp.py compares them on sentences of its own). The parser's transition loop still
    multiplies through BLIS: it calls it from C. numpy's BLAS is held to one thread, process-wide: recoupe reads
    in parallel by processes (`--workers`), and on matrices this small a second thread cost half again as much
    CPU (58.7 against 39.2 ms per article) to save 6 % of the wall time of one process.
    """
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_limits

    ops = NumpyOps(use_blis=False)
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        if model is None:
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps:  # a GPU's or another backend's ops are left as they are
                node.ops = ops
    threadpool_limits(limits=1, user_api="blas")


def index_lemma_tables(nlp: SpacyLanguage) -> None:
    """Turn the word lists a rule lemmatizer asks "is this form a known word?" into sets, in place.

    spaCy's rule lemmatizers (French's among them) test a form's membership in the model's `lemma_index`
    table, which ships as lists (66,191 French nouns): each test is a scan, and a word the lemmatizer's cache
    has not seen costs about 150 microseconds, 15 % of a reading worker's CPU on OrangeSum (the cache keeps
    missing: proper nouns and numbers are never cached). A set answers the same question alike, so every
    lemma is unchanged (tests/test_nlp.py compares them with the lists'); only membership is ever asked of
    these values.
    """
    for _, pipe in nlp.pipeline:
        lookups = getattr(pipe, "lookups", None)
        if lookups is None or not lookups.has_table("lemma_index"):
            continue
        table = lookups.get_table("lemma_index")
        for key, words in list(table.items()):
            if isinstance(words, list):
                table[key] = frozenset(words)


def pipe_texts(nlp: SpacyLanguage, texts: Iterable[str], batch_size: int = PIPE_BATCH_SIZE) -> Iterator[Doc]:
    """Run `nlp.pipe` over texts in batches (one process; the Spark engine parallelises above this)."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once and kept in `doc.user_data`.

    spaCy's `doc.text` joins every token's text again on each access, and the extractors each read it
    (eight joins per article before this); the readers never retokenize a doc, so the text cannot change.
    """
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def _remember(doc: Doc, key: str, build: Callable[[], T]) -> T:
    """The value kept in `doc.user_data` under `key`, built by `build` on first use.

    The readers never retokenize or re-annotate a doc once parsed, so a table read off it stays true.
    """
    value: T | None = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = build()
    return value


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token (`token.idx`), read once from the doc's arrays.

    A `Token` is a new Python object on every `doc[i]` or iteration (about 0.5 µs each, measured); the
    extractors scan whole documents for a few tokens that matter, so they read plain tables instead.
    """
    from spacy.attrs import IDX

    return _remember(doc, STARTS_KEY, lambda: [int(i) for i in doc.to_array(IDX).tolist()])


def token_texts(doc: Doc) -> list[str]:
    """The text of every token (`token.text`), cut from the doc's text at each token's offset and length."""
    from spacy.attrs import IDX, LENGTH

    def build() -> list[str]:
        text = doc_text(doc)
        return [text[start:start + length] for start, length in doc.to_array([IDX, LENGTH]).tolist()]

    return _remember(doc, TEXTS_KEY, build)


def token_lowers(doc: Doc) -> list[str]:
    """The lower-cased form of every token (`token.lower_`), one table per doc."""
    lowers = doc.user_data.get(LOWERS_KEY)
    if lowers is None:
        lowers = _read_words(doc)[0]
    return lowers


def _read_words(doc: Doc) -> tuple[list[str], list[str]]:
    """The lower-cased forms and the lemmas of every token, read in one pass (the readers ask for both)."""
    lowers: list[str] = []
    lemmas: list[str] = []
    for t in doc:
        lowers.append(t.lower_)
        lemmas.append(t.lemma_)
    doc.user_data[LOWERS_KEY], doc.user_data[LEMMAS_KEY] = lowers, lemmas
    return lowers, lemmas


def tokens_within(doc: Doc, start: int, end: int) -> range:
    """The indices of the tokens that start at a character offset in [start, end), in order."""
    starts = token_starts(doc)
    return range(bisect_left(starts, start), bisect_left(starts, end))


def token_lemmas(doc: Doc) -> list[str]:
    """The lemma of every token (`token.lemma_`), one table per doc."""
    lemmas = doc.user_data.get(LEMMAS_KEY)
    if lemmas is None:
        lemmas = _read_words(doc)[1]
    return lemmas


def is_root(tok: Token) -> bool:
    """Whether a token is the root of its sentence's parse (spaCy makes a root its own head).

    Compared by index: `tok.head` builds a new Token on each access, so `tok.head is tok` is never true
    and a climb that tests it walks on past the root, weighing the root again and again.
    """
    return tok.head.i == tok.i
