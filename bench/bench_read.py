"""Benchmark the reading stage against bare spaCy on the same texts, and say where a worker's CPU goes.

usage: python bench/bench_read.py [--shared ../shared] [--limit 500] [--skip K] [--warm W] [--batch 64] [--bare-tuned]

Reads N OrangeSum articles (after the first K, none by default) the way a worker of `recoupe analyze` does
(ingest, then the engine's language detection and cleaning), then over the same cleaned texts times in
alternating blocks (1) bare `nlp.pipe` of fr_core_news_md and (2) recoupe's reading stage (the same nlp.pipe
plus every extractor), in one process with the model loaded once. Prints articles/second for both and their ratio,
then the CPU milliseconds per article of each part of a worker's work (cleaning, nlp, each extractor)
and its share against `nlp` itself: CPU time, which the machine's load disturbs less than wall time.

`--warm W` first has both sides read W other articles (those after the timed ones), untimed: spaCy's
lemmatizer keeps every form it has lemmatized, and the model as shipped looks words up in lists, so bare
spaCy's cost per article falls over a long run (57.4 to 47.4 ms on the same 600 articles after 4,000 others,
session of 2026-12-07, sixth) while recoupe's, whose lookups are sets, barely moves. A short cold run shows the
reading stage at parity with bare spaCy; `--warm 4000` shows what a worker pays over a 36,152-article run.

`--bare-tuned` loads bare spaCy's pipeline as recoupe loads its own (`recoupe.read.nlp.tune_pipeline`: lemma tables
as sets, matrices multiplied through numpy): the ratio then counts only what recoupe adds to the network's work,
not what it saves on it.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum

from recoupe.ingest import IngestIssue, IngestOptions, iter_articles
from recoupe.lang import Language
from recoupe.pipeline import AnalyzeOptions, Engine
from recoupe.read.nlp import tune_pipeline
from recoupe.read.reader import Reader
from recoupe.records import Article, Reading

if TYPE_CHECKING:
    from spacy.tokens import Doc

BLOCK = 250  # articles per alternating block
WARM_UP = 20  # articles read before timing, so that neither side pays for lazy initialisation


class TimedReader(Reader):
    """A reader that adds the CPU seconds of each extractor stage to `seconds`."""

    def __init__(self, lang: Language) -> None:
        super().__init__(lang)
        self.seconds: dict[str, float] = {}
        self.reading = 0.0  # CPU seconds of read_doc: the extractors and the rest done per doc

    def read_doc(self, article: Article, doc: Doc) -> Reading:
        """Read one parsed article, timed."""
        started = time.process_time()
        try:
            return super().read_doc(article, doc)
        finally:
            self.reading += time.process_time() - started

    def stage(self, name: str, extractor: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        """The stage's extractor, timed."""
        run = super().stage(name, extractor)

        def timed(*args: Any, **kwargs: Any) -> list[Any]:
            started = time.process_time()
            try:
                return run(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - started

        return timed


def load_articles(shared: Path, limit: int, skip: int = 0) -> tuple[list[Article], float]:
    """`limit` OrangeSum articles after the first `skip` (and after the warm-up ones) ingested and prepared as a
    worker prepares them (language detection, cleaning), with the CPU seconds the preparation took."""
    source = require_orangesum(shared)
    if source is None:
        raise SystemExit(2)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("".join(read_orangesum_lines(source, limit + WARM_UP, skip)), encoding="utf-8")
        raw = [a for a in iter_articles([corpus], IngestOptions()) if not isinstance(a, IngestIssue)]
    engine = Engine(AnalyzeOptions(read=False))
    started = time.process_time()
    prepared = [engine.prepare(a) for a in raw]
    return prepared, time.process_time() - started


def main() -> int:
    """Time bare spaCy and the reading stage over the same cleaned texts; print where the CPU goes."""
    parser = corpus_parser((__doc__ or "").splitlines()[0], skip=True)
    parser.add_argument("--batch", type=int, default=64, help="texts per nlp.pipe call")
    parser.add_argument("--warm", type=int, default=0,
                        help="other articles both sides read first, untimed (spaCy's lemma cache as in a long run)")
    parser.add_argument("--bare-tuned", action="store_true",
                        help="bare spaCy loaded as recoupe loads it (tune_pipeline): the ratio of what recoupe adds")
    parser.set_defaults(limit=500)
    args = parser.parse_args()
    from recoupe.lang import load_language

    articles, prepare_s = load_articles(args.shared, args.limit, args.skip)
    warming = [a.clean_text for a in load_articles(args.shared, args.warm, args.skip + args.limit + WARM_UP)[0]
               ] if args.warm else []
    import spacy

    reader = TimedReader(load_language("fr"))
    # Bare spaCy gets a pipeline of its own, as in its own process: spaCy's lemmatizer caches what it has
    # lemmatized, so sharing one would let whichever side runs second find every word done.
    nlp = spacy.load(reader.lang.model)
    if args.bare_tuned:
        tune_pipeline(nlp)
    warm, articles = articles[:WARM_UP], articles[WARM_UP:]
    list(nlp.pipe([a.clean_text for a in warm] + warming, batch_size=args.batch))
    reader.read_batch(warm)
    list(reader.nlp.pipe(warming, batch_size=args.batch))
    reader.seconds.clear()
    reader.reading = 0.0

    # Bare and full runs alternate block by block, so that a change in the machine's load during the run
    # weighs on both sides alike; CPU seconds are counted beside wall seconds.
    bare = full = bare_cpu = full_cpu = 0.0
    counts = {"entities": 0, "timexes": 0, "quotes": 0, "figures": 0, "events": 0}
    for i in range(0, len(articles), BLOCK):
        block = articles[i:i + BLOCK]
        started, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe([a.clean_text for a in block], batch_size=args.batch):
            pass
        bare += time.perf_counter() - started
        bare_cpu += time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        for j in range(0, len(block), args.batch):
            for reading in reader.read_batch(block[j:j + args.batch]):
                for key in counts:
                    counts[key] += len(getattr(reading, key))
        full += time.perf_counter() - started
        full_cpu += time.process_time() - cpu
    print_report(len(articles), (bare, full, bare_cpu, full_cpu, prepare_s * len(articles) / (len(articles) + WARM_UP)),
                 reader, counts)
    return 0


def print_report(n: int, times: tuple[float, float, float, float, float], reader: TimedReader,
                 counts: dict[str, int]) -> None:
    """Rates, ratio, and the CPU ms per article of each part of a worker's work against nlp's."""
    bare, full, bare_cpu, full_cpu, prepare = times
    stages = reader.seconds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {n}")
    print(f"bare nlp.pipe:  {bare:.1f} s = {n / bare:.1f} articles/s")
    print(f"reading stage:  {full:.1f} s = {n / full:.1f} articles/s")
    print(f"ratio reading/bare: {bare / full:.2f} (CPU: {bare_cpu / full_cpu:.2f})")
    extractors = sum(stages.values())
    rows = [("clean + language", prepare), ("nlp (bare nlp.pipe)", bare_cpu),
            ("nlp within reading", full_cpu - reader.reading)]
    rows += sorted(stages.items(), key=lambda kv: -kv[1])
    rows += [("rest of reading (sentences, lemma counts)", reader.reading - extractors),
             ("worker total", prepare + full_cpu)]
    print("CPU per article of a worker's work:")
    for name, seconds in rows:
        print(f"  {name:38s} {1000 * seconds / n:7.1f} ms  {100 * seconds / bare_cpu:6.1f} % of nlp")
    print("found: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"peak RSS: {peak:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
