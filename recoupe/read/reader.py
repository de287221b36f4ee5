"""The reading stage: one spaCy pass per article, then every extractor over the same Doc.

Extractors are plain functions (Doc in, records out) and never touch the store:
the pipeline writes what they find. The order matters only where one extractor
uses another's output: quotes need entities (speakers), figures and events need
time expressions (as-of dates, event dates).

Each stage is written over a language's data: it runs for a language whose plug ships that data (or
replaces the stage by a hook of the same name, spaCy-style), and is skipped for one that does not, so a
plug can start with entities alone and grow.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from recoupe.lang import Language
from recoupe.read.entities.find import find_entities
from recoupe.read.events import find_events, reporting_verbs
from recoupe.read.figures.find import find_figures
from recoupe.read.nlp import PIPE_BATCH_SIZE, doc_text, load_nlp, token_lemmas
from recoupe.read.quotes.find import find_quotes
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Reading

if TYPE_CHECKING:
    from spacy.language import Language as SpacyLanguage
    from spacy.tokens import Doc


# The data files each reading stage is written over: a plug lacking one of them skips the stage (unless
# its hooks provide the stage under the same name). Events need the reporting verbs of quotes.json.
STAGE_DATA: dict[str, tuple[str, ...]] = {
    "find_entities": ("entities.json", "places.json"),
    "tag_timexes": ("timex.json",),
    "find_quotes": ("quotes.json",),
    "find_figures": ("figures.json", "numbers.json"),
    "find_events": ("quotes.json", "timex.json"),
}

# Parts of speech whose lemmas describe what an article is about (story clustering).
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


class Reader:
    """Reads articles of one language; holds the loaded spaCy pipeline (load it once per process)."""

    def __init__(self, lang: Language, nlp: SpacyLanguage | None = None) -> None:
        self.lang = lang
        self.stages = frozenset(name for name, data in STAGE_DATA.items()
                                if lang.hook(name) is not None or all(lang.has(f) for f in data))
        self.reporting = reporting_verbs(lang) if "find_events" in self.stages else frozenset()
        self.nlp = nlp if nlp is not None else load_nlp(lang)

    def read_batch(self, articles: Sequence[Article],
                   on_error: Callable[[Article, Exception], None] | None = None) -> list[Reading]:
        """Read a batch of cleaned articles with one `nlp.pipe` call.

        An extractor that fails on one article costs that article its reading, not the batch: the
        article gets an empty reading and `on_error` is told (the pipeline reports it as a warning).
        """
        docs = self.nlp.pipe((a.clean_text for a in articles), batch_size=PIPE_BATCH_SIZE)
        readings = []
        for article, doc in zip(articles, docs, strict=True):
            try:
                readings.append(self.read_doc(article, doc))
            except Exception as exc:  # reported, never silent: see on_error
                if on_error is None:
                    raise
                on_error(article, exc)
                readings.append(Reading(article=article.id))
            finally:
                release_doc(doc)
        return readings

    def stage(self, name: str, extractor: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        """The extractor of stage `name` for this language: the plug's hook of that name, the shared
        `extractor`, or, when the plug ships neither the hook nor the stage's data, one finding nothing."""
        if name not in self.stages:
            return _nothing
        hook: Callable[..., list[Any]] | None = self.lang.hook(name)
        return hook or extractor

    def read_doc(self, article: Article, doc: Doc) -> Reading:
        """Run every extractor over one parsed article."""
        index_sentences(doc)
        aid, lang, stage = article.id, self.lang, self.stage
        entities = stage("find_entities", find_entities)(doc, lang, aid)
        timexes = stage("tag_timexes", tag_timexes)(doc_text(doc), article.published, lang, doc=doc, article_id=aid)
        quotes = stage("find_quotes", find_quotes)(doc, entities, lang, aid)
        figures = stage("find_figures", find_figures)(doc, lang, article.published, timexes, aid)
        events = stage("find_events", find_events)(doc, timexes, entities, aid, self.reporting)
        return Reading(article=aid, entities=entities, timexes=timexes, quotes=quotes, figures=figures,
                       events=events, lemmas=count_lemmas(doc))


def _nothing(*args: object, **kwargs: object) -> list[Any]:
    """The extractor of a stage a language does not have: it finds nothing."""
    return []


def index_sentences(doc: Doc) -> None:
    """Make `token.sent` and `span.sent` constant-time for this doc.

    spaCy answers `token.sent` by walking the document's sentences again on every call; the
    extractors ask it for many tokens, which made reading 0.6x the speed of bare nlp.pipe (measured
    on 100 OrangeSum articles). One pass builds the sentences and a token-to-sentence table, and
    the doc's own hooks serve the same Span objects from it.
    """
    sentences = list(doc.sents)
    owner = [0] * len(doc)
    for n, sentence in enumerate(sentences):
        for i in range(sentence.start, sentence.end):
            owner[i] = n
    doc.user_token_hooks["sent"] = lambda token: sentences[owner[token.i]]
    doc.user_span_hooks["sent"] = lambda span: sentences[owner[span.start]]


def release_doc(doc: Doc) -> None:
    """Drop what the extractors hung on a doc once it is read, so that the doc is freed as soon as it is let go.

    The sentence hooks (`index_sentences`) hold the doc's sentences, which hold the doc: a reference cycle
    that only Python's full garbage collection frees, and a process that holds a loaded model runs it
    rarely, so the read docs piled up (a worker grew by about 280 MB over 1,000 articles; bare `nlp.pipe`,
    whose docs hold no cycle, stays flat). Cleared, the doc goes by reference counting like bare spaCy's.
    """
    doc.user_token_hooks.clear()
    doc.user_span_hooks.clear()
    doc.user_hooks.clear()
    doc.user_data.clear()


def count_lemmas(doc: Doc) -> dict[str, int]:
    """Lower-cased lemmas of the content words (nouns, proper nouns, verbs, adjectives), with counts.

    Read from the doc's arrays (part of speech, stop word, letters only, length) and its lemma table, so
    that no Token is built for a word that is not counted.
    """
    from spacy.attrs import IS_ALPHA, IS_STOP, LENGTH, POS
    from spacy.parts_of_speech import IDS

    content = {IDS[pos] for pos in CONTENT_POS}
    lemmas = token_lemmas(doc)
    counts: dict[str, int] = {}
    for i, (pos, stop, alpha, length) in enumerate(doc.to_array([POS, IS_STOP, IS_ALPHA, LENGTH]).tolist()):
        if pos in content and not stop and length > 1 and alpha:
            lemma = lemmas[i].lower()
            counts[lemma] = counts.get(lemma, 0) + 1
    return counts
