"""Benchmark the whole local pipeline (ingest, clean, read, link) on OrangeSum, then adding one article.

usage: python bench/bench_pipeline.py [--shared ../shared] [--limit N] [--workers 2] [--db PATH]

Streams the first N (default: all 36,152) OrangeSum articles but the last one
into a fresh store, then adds that last one as a new input and times it: the
"add one article to a stored corpus" figure. Prints articles/second, peak RSS of
the main process and of the largest reading worker, the number of stories and
duplicates found.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum


def main() -> int:
    """Run the pipeline over the corpus, then time one more article."""
    parser = corpus_parser((__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, default=None, help="keep the store here (default: a temp file)")
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    from recoupe.pipeline import AnalyzeOptions, Hooks, analyze
    from recoupe.store import open_store
    from recoupe.store.links import list_stories

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        lines = read_orangesum_lines(source, args.limit)
        bulk, one = tmpdir / "bulk.jsonl", tmpdir / "one.jsonl"
        bulk.write_text("".join(lines[:-1]), encoding="utf-8")
        one.write_text(lines[-1], encoding="utf-8")
        del lines
        db = args.db or tmpdir / "bench.db"
        store = open_store(db)
        options = AnalyzeOptions(workers=args.workers)
        started = time.perf_counter()
        done = 0

        def progress(article: object, status: str) -> None:
            nonlocal done
            done += 1
            if done % 1000 == 0:  # a partial figure survives a run stopped early
                elapsed = time.perf_counter() - started
                print(f"  {done} articles read and stored in {elapsed:.0f} s = {done / elapsed:.1f}/s",
                      file=sys.stderr, flush=True)

        report = analyze([bulk], store, options, Hooks(on_article=progress))
        seconds = time.perf_counter() - started
        n = report.seen
        stories = len(list_stories(store))
        print(f"pipeline: {n} articles in {seconds:.0f} s = {n / seconds:.1f} articles/s "
              f"({args.workers} reading workers); {report.failed} failed, {report.warnings} warnings")
        print(f"stories: {stories}; duplicates: {report.duplicates}")
        started = time.perf_counter()
        one_report = analyze([one], store, AnalyzeOptions(workers=1))
        print(f"adding one article to that store: {time.perf_counter() - started:.1f} s "
              f"(added {one_report.added}, stories touched {one_report.stories_touched}; "
              "includes loading spaCy once)")
        store.close()
    main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {main_mb:.0f} MB, largest reading worker {child_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
