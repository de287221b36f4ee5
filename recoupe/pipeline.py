"""The local engine: ingest → clean → read → store, over a stream of inputs, in batches.

`analyze` is the one function the CLI (and later the web app and the Spark job)
call to turn files into a store. It never holds more than one batch of
articles in memory, skips articles the store already holds unchanged, and
writes each batch in one transaction, so a run killed at any moment leaves a
consistent store and a rerun finishes the work instead of redoing it.
"""

from __future__ import annotations

import dataclasses
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.clean import clean_generic, clean_in_language
from recoupe.ingest import IngestIssue, IngestOptions, iter_articles
from recoupe.ingest.language import LanguageDetector, body_sample
from recoupe.lang import DEFAULT_LANGUAGE, Language, available_languages, find_language, load_language
from recoupe.link.ahead import LinkAhead, LinkCounts
from recoupe.records import Article, Reading, ingest_hash
from recoupe.store import Store

if TYPE_CHECKING:
    from recoupe.link.driver import WarmLinkers
    from recoupe.read.reader import Reader
    from recoupe.read.workers import WorkerPool

# Bump when a stage's output changes, so that stored articles are re-processed on the next run.
PIPELINE_VERSION = "1"
# Marks the version of an article stored unread: its language has no plug (cleaned generically, never read).
UNREAD_SUFFIX = "-unread"

# Articles per batch: one nlp.pipe call and one transaction each. 64 keeps a
# batch's spaCy docs around 50 MB for news-length texts and commits often enough
# that a killed run loses at most a few seconds of work.
BATCH_SIZE = 64


# One article of a batch once processed: cleaned, its reading (None when not read), and why reading failed.
Processed = tuple[Article, Reading | None, str | None]
# Longest clean text the reading stage is given: spaCy's own limit as `recoupe.read.nlp.load_nlp` sets it
# (a longer text makes nlp.pipe raise for the whole batch). Longer articles are stored without a reading.
MAX_READ_CHARS = 2_000_000


@dataclass
class AnalyzeOptions:
    """What `analyze` should do; the CLI builds one from its flags."""

    language: str = DEFAULT_LANGUAGE  # the plug used when an article's language cannot be told
    read: bool = True  # run the reading stage (entities, dates, quotes, figures, events)
    link: bool = True  # run the link stage (duplicates, stories, entities across articles, timelines)
    batch_size: int = BATCH_SIZE
    workers: int = 1  # processes that read (spaCy); more than 1 uses a process pool
    strict: bool = False  # stop at the first input error
    ingest: IngestOptions = field(default_factory=IngestOptions)


@dataclass
class AnalyzeReport:
    """What a run did: counts, the input problems met, and how long it took."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    warnings: int = 0
    issues: list[IngestIssue] = field(default_factory=list)
    seconds: float = 0.0
    linked: int = 0  # articles placed in a story by this run
    duplicates: int = 0
    stories_touched: int = 0

    @property
    def stored(self) -> int:
        """Articles written by this run."""
        return self.added + self.updated

    @property
    def seen(self) -> int:
        """Articles met in the input, whatever became of them."""
        return self.added + self.updated + self.unchanged


class InputError(RuntimeError):
    """Raised in strict mode at the first input that cannot be ingested."""

    def __init__(self, issue: IngestIssue) -> None:
        super().__init__(str(issue))
        self.issue = issue


@dataclass
class Hooks:
    """Callbacks a shell passes to follow a run (progress bars, messages); all optional."""

    on_issue: Callable[[IngestIssue], None] | None = None
    on_article: Callable[[Article, str], None] | None = None  # (article, "added"|"updated"|"unchanged")


class Engine:
    """Holds what is costly to build (language plugs, detector, one spaCy reader per language) for a run or process."""

    def __init__(self, options: AnalyzeOptions) -> None:
        self.options = options
        self.default_language = load_language(options.language)
        self.detector = LanguageDetector()
        # Whether a plug other than the default language's exists: only then can detection pick another cleaning.
        self.other_plugs = any(code != self.default_language.code for code in available_languages())
        self._readers: dict[str, Reader] = {}  # by language code, each built on the first article it reads
        self._pool: WorkerPool[tuple[str, bool], Processed] | None = None

    def close(self) -> None:
        """Stop the reading workers, if any were started (the next batch handed over starts them again)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def language_for(self, code: str | None) -> Language | None:
        """The plug for a detected language (the default one when none was detected), or None when recoupe has no plug for it."""
        if code is None:
            return self.default_language
        return find_language(code)

    def prepare(self, article: Article) -> Article:
        """Detect an article's language, then clean it with that language's plug (generically when it has none).

        Detection first reads the longest paragraphs of a cleaning that uses no language (page furniture, in
        short lines, is still in); that language's cleaning (the default language's when it has no plug) then
        removes the furniture, and the language is confirmed on the clean text, as the reading will see it:
        a page whose chrome or photo captions are in another language than its article is read in the
        article's, and an article is left unread only when its cleaned text is in a language without a plug.
        The first guess only picks the plug that cleans; when the default language's is the only plug, every
        guess picks it, so the guess (one detection, ~1.7 ms) and the generic cleaning are skipped.
        """
        generic = clean_generic(article) if self.other_plugs else None
        lang = self.default_language
        if generic is not None:
            guess = self.detector.detect(body_sample(generic.clean_text)) or article.language
            lang = self.language_for(guess) or self.default_language
        cleaned = clean_in_language(article, lang)
        code = self.detector.detect(cleaned.clean_text) or article.language
        confirmed = self.language_for(code)
        if confirmed is None:
            return dataclasses.replace(generic or clean_generic(article), language=code)
        if confirmed != lang:
            cleaned = clean_in_language(article, confirmed)
        cleaned.language = code
        return cleaned

    @property
    def ahead(self) -> int:
        """Batches handed over and not yet written that a run keeps in hand: one per worker, so that a worker
        done with its chunk finds the next batch's waiting instead of idling while this process writes (one
        batch without workers: it is read on the spot)."""
        return max(1, self.options.workers)

    def unread(self, article: Article) -> bool:
        """Whether a run that reads leaves `article` unread because no plug reads its language."""
        return self.options.read and self.language_for(article.language) is None

    def reader_for(self, lang: Language) -> Reader:
        """The reading stage of one language, built on first use (it loads that language's pipeline)."""
        reader = self._readers.get(lang.code)
        if reader is None:
            from recoupe.read.reader import Reader

            reader = self._readers[lang.code] = Reader(lang)
        return reader

    @property
    def reader(self) -> Reader:
        """The reading stage of the default language (a shell loads it before the first article lands)."""
        return self.reader_for(self.default_language)

    def process(self, articles: Sequence[Article], ahead: LinkAhead | None = None) -> Callable[[], list[Processed]]:
        """Clean and read a batch; the returned call gives the results, in order.

        With worker processes the batch is cleaned and read there while the caller goes on (it ingests
        the next batch and writes the previous one); with one process the work is done here, now, the
        cleaning of a batch that loads the model done by `ahead` meanwhile when given (`recoupe.link.ahead`).
        """
        if self.options.workers > 1:
            return self.start_workers().submit(articles)
        done = self.process_here(articles, ahead)
        return lambda: done

    def start_workers(self) -> WorkerPool[tuple[str, bool], Processed]:
        """Start the reading workers if they are not running; a shell calls it before its own threads start.

        Where the platform forks, the worker engine (spaCy loaded) is built here first and the workers start by
        fork with it, as spaCy's own `n_process` does: one model load instead of one per worker, its pages
        shared by the workers. This process then drops its copy: with workers it reads nothing (a bulk run, or a
        watcher, whose workers run until it stops). Elsewhere each worker starts fresh and loads spaCy on its
        first chunk.
        """
        if self._pool is None:
            from recoupe.read.nlp import forget_models, loaded_models
            from recoupe.read.workers import WorkerPool, can_fork

            key = (self.default_language.code, self.options.read)
            fork = can_fork()
            held = loaded_models()
            if fork:
                _worker_engine(*key).load_reader()
            self._pool = WorkerPool(process_in_worker, key, self.options.workers, fork=fork)
            if fork:
                _worker_engine.cache_clear()
                if not held:  # loaded for the fork alone: dropped (a model this process used before stays)
                    forget_models()
        return self._pool

    def loads_model_here(self) -> bool:
        """Whether reading the next batch here first loads a spaCy model: the engine reads in this process and
        no model is loaded in it yet (a cold run, seconds of loading ahead)."""
        from recoupe.read.nlp import loaded_models

        return (self.options.read and self.options.workers <= 1 and self.default_language.code not in self._readers
                and loaded_models() == 0)

    def load_reader(self) -> None:
        """Load the default language's reading stage now (spaCy), when this engine reads."""
        if self.options.read:
            self.reader  # noqa: B018 - the property loads it

    def process_here(self, articles: Sequence[Article], ahead: LinkAhead | None = None) -> list[Processed]:
        """Clean and read a batch in this process; a reading that fails is None with its reason. When reading it
        first loads the model, `ahead` (another process) cleans it meanwhile, if given and able."""
        prepared: list[Article] | None = None
        if ahead is not None and self.loads_model_here():
            cleaned = ahead.prepare(list(articles))
            self.load_reader()
            prepared = cleaned()
        if prepared is None:
            prepared = [self.prepare(a) for a in articles]
        errors: dict[str, str] = {}

        def note(article: Article, exc: Exception) -> None:
            errors[article.id] = f"{type(exc).__name__}: {exc}"

        readings = self.read(prepared, note)
        return [(a, r, errors.get(a.id)) for a, r in zip(prepared, readings, strict=True)]

    def read(self, articles: Sequence[Article],
             on_error: Callable[[Article, Exception], None] | None = None) -> list[Reading | None]:
        """Read a batch of cleaned articles here, each with its language's reader (one `nlp.pipe` per
        language in the batch); articles in a language without a plug get no reading."""
        if not self.options.read:
            return [None] * len(articles)
        by_language: dict[Language, list[Article]] = {}
        for article in articles:
            lang = self.language_for(article.language)
            if article.clean_text and lang is not None:
                by_language.setdefault(lang, []).append(article)
        readings: dict[str, Reading] = {}
        for lang, group in by_language.items():
            readable = [a for a in group if len(a.clean_text) <= MAX_READ_CHARS]
            for article in group:
                if len(article.clean_text) > MAX_READ_CHARS and on_error is not None:
                    on_error(article, ValueError(f"text too long to read ({len(article.clean_text):,} characters"
                                                 f" > {MAX_READ_CHARS:,})"))
            readings.update((r.article, r) for r in self.reader_for(lang).read_batch(readable, on_error))
        return [readings.get(a.id) for a in articles]


@cache
def _worker_engine(language: str, read: bool) -> Engine:
    """The engine of one worker process: built on its first chunk (one spaCy load per process), or inherited
    loaded from the process that forked it (`Engine.start_workers`)."""
    return Engine(AnalyzeOptions(language=language, read=read))


def process_in_worker(key: tuple[str, bool], articles: list[Article]) -> list[Processed]:
    """Clean and read a chunk in a worker process (`key`: the default language and whether to read)."""
    return _worker_engine(*key).process_here(articles)


def prepare_in_worker(language: str, articles: list[Article]) -> list[Article]:
    """Clean a batch in another process (`Engine.prepare`, `language` the run's default), without reading it."""
    engine = _worker_engine(language, False)
    return [engine.prepare(a) for a in articles]


def analyze(
    paths: Sequence[str | Path],
    store: Store,
    options: AnalyzeOptions | None = None,
    hooks: Hooks | None = None,
    engine: Engine | None = None,
) -> AnalyzeReport:
    """Ingest, clean, read and store every article under `paths`; return what happened."""
    options = options or AnalyzeOptions()
    return analyze_items(iter_articles(paths, options.ingest), store, options, hooks, engine)


def analyze_items(
    items: Iterable[Article | IngestIssue],
    store: Store,
    options: AnalyzeOptions | None = None,
    hooks: Hooks | None = None,
    engine: Engine | None = None,
    warm: WarmLinkers | None = None,
) -> AnalyzeReport:
    """Clean, read, store and link a stream of ingested articles (and the issues met ingesting them).

    `analyze` feeds it the articles under some paths; `recoupe watch` feeds it what lands in a folder,
    keeping the engine and the linkers (`warm`) from one call to the next.
    """
    options = options or AnalyzeOptions()
    hooks = hooks or Hooks()
    own_engine = engine is None
    engine = engine or Engine(options)
    try:
        return _analyze(items, store, options, hooks, engine, warm)
    finally:
        if own_engine:
            engine.close()


def _analyze(items: Iterable[Article | IngestIssue], store: Store, options: AnalyzeOptions, hooks: Hooks,
             engine: Engine, warm: WarmLinkers | None) -> AnalyzeReport:
    report = AnalyzeReport()
    started = time.perf_counter()
    seen_ids: dict[str, tuple[str, str]] = {}  # id -> (content hash, origin) met in this run
    batch: list[tuple[Article, str]] = []
    pending: deque[Pending] = deque()  # batches being cleaned and read while the next ones are ingested

    def note(issue: IngestIssue) -> None:
        report.issues.append(issue)
        if issue.severity == "error":
            report.failed += 1
        else:
            report.warnings += 1
        if hooks.on_issue:
            hooks.on_issue(issue)
        if options.strict and issue.severity == "error":
            raise InputError(issue)

    ahead: LinkAhead | None = None  # a cold run's helper process: it cleans the first batch and links
    try:
        for item in items:
            if isinstance(item, IngestIssue):
                note(item)
                continue
            article = item
            digest = article.content_hash = ingest_hash(article)
            earlier = seen_ids.get(article.id)
            if earlier is not None:
                if earlier[0] != digest:
                    note(IngestIssue(article.origin, f"id {article.id!r} already used by {earlier[1]} in this run; "
                                     "skipped (rename one of them)", "error"))
                continue
            seen_ids[article.id] = (digest, article.origin)
            state = store.article_state(article.id)
            if state is not None and state[0] == digest and state[1] in _current_versions(options):
                report.unchanged += 1
                if hooks.on_article:
                    hooks.on_article(article, "unchanged")
                continue
            batch.append((article, "added" if state is None else "updated"))
            if len(batch) >= options.batch_size:
                ahead = ahead or _start_link_ahead(store, options, engine, warm)
                _hand_over(batch, pending, store, engine, report, hooks, ahead)
                batch = []
        if batch:
            ahead = ahead or _start_link_ahead(store, options, engine, warm)
            _hand_over(batch, pending, store, engine, report, hooks, ahead)
        while pending:
            _write(pending.popleft(), store, engine, report, hooks)
        if options.read and options.link:
            engine.close()  # the link stage needs no reader: stopped, the workers' models never sit beside the linkers
            counts, ahead = (ahead.link() if ahead is not None else None), None
            if counts is None:
                from recoupe.link.driver import link_store

                linked = link_store(store, engine.default_language, warm=warm, workers=options.workers)
                counts = LinkCounts(linked.linked, linked.duplicates, linked.stories_touched)
            report.linked, report.duplicates, report.stories_touched = counts
        report.seconds = time.perf_counter() - started
        return report
    finally:
        if ahead is not None:  # the run ends without linking (an error, Ctrl-C): the process goes too
            ahead.stop()


def _start_link_ahead(store: Store, options: AnalyzeOptions, engine: Engine,
                      warm: WarmLinkers | None) -> LinkAhead | None:
    """A process preparing this run's link stage while its first batch loads the model (`recoupe.link.ahead`),
    when the run links a store file in the end and that batch is about to load a model here; else None."""
    if not (options.read and options.link) or warm is not None or not engine.loads_model_here():
        return None
    from recoupe.store.opening import shared_target

    target = shared_target(store)
    if target is None or not LinkAhead.can_start():
        return None
    return LinkAhead(target, engine.default_language.code, prepare_in_worker)


def _current_versions(options: AnalyzeOptions) -> tuple[str, ...]:
    """The version a run writes first, then the stored versions it accepts as done.

    An article stored without its reading ("-noread") is read again by a run that reads; an
    article stored with its reading is done for a run that does not read.
    """
    if options.read:
        return (PIPELINE_VERSION,)
    return (f"{PIPELINE_VERSION}-noread", PIPELINE_VERSION)


def stored_version(engine: Engine, article: Article) -> str:
    """The version an article is stored under: the run's, marked "-unread" when no plug reads its language.

    No run accepts "-unread" as done, so each one cleans such an article again (no reading: cheap) and
    finds it unchanged, until a plug for its language exists and the article is read.
    """
    version = _current_versions(engine.options)[0]
    return version + UNREAD_SUFFIX if engine.unread(article) else version


def unread_reason(language: str | None, version: str | None) -> str | None:
    """Why a stored article has no reading, said to the user (export, `recoupe show`); None when it was read
    or simply stored by a run that did not read."""
    if version is None or not version.endswith(UNREAD_SUFFIX):
        return None
    return f"no language plug reads {language!r}"


@dataclass
class Pending:
    """A batch handed to the engine: its articles with their status ("added"/"updated"), and its results."""

    batch: list[tuple[Article, str]]
    results: Callable[[], list[Processed]]


def _hand_over(batch: list[tuple[Article, str]], pending: deque[Pending], store: Store, engine: Engine,
               report: AnalyzeReport, hooks: Hooks, ahead: LinkAhead | None = None) -> None:
    """Start a batch, then write the oldest batches while more than `engine.ahead` are in hand (so workers read
    while this process writes); batches are written in the order they were handed over."""
    pending.append(Pending(batch, engine.process([a for a, _ in batch], ahead)))
    while len(pending) > engine.ahead:
        _write(pending.popleft(), store, engine, report, hooks)


def _write(pending: Pending, store: Store, engine: Engine, report: AnalyzeReport, hooks: Hooks) -> None:
    """Wait for a batch's readings and write the batch in one transaction."""
    processed = pending.results()
    for article, _, error in processed:
        if error is not None:
            issue = IngestIssue(article.origin or article.id,
                                f"reading failed ({error}); stored without its reading", "warning")
            report.issues.append(issue)
            report.warnings += 1
            if hooks.on_issue:
                hooks.on_issue(issue)
    statuses = []
    with store.transaction():
        for (article, reading, _), (_, status) in zip(processed, pending.batch, strict=True):
            version = stored_version(engine, article)
            # Checked again under the write lock: another process may have stored the same article since.
            if store.article_state(article.id) == (article.content_hash, version):
                statuses.append("unchanged")
                continue
            _mark_story_dirty(store, article.id)
            store.save_article(article, version, reading)
            statuses.append(status)
    for (article, _, _), status in zip(processed, statuses, strict=True):
        if status == "added":
            report.added += 1
        elif status == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
        if hooks.on_article:
            hooks.on_article(article, status)


def _mark_story_dirty(store: Store, article_id: str) -> None:
    """An article about to be replaced leaves its story: that story's timeline must be rebuilt."""
    story = store.story_of_article(article_id)
    if story is not None:
        from recoupe.link.driver import mark_stories_dirty

        mark_stories_dirty(store, [story])
