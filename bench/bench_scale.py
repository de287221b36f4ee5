"""Benchmark the whole local engine against bare spaCy on the same texts, side by side in one run.

usage: python bench/bench_scale.py [--shared ../shared] [--limit N] [--skip K] [--workers 2] [--keep-store FILE]
       [--bare-tuned]

Writes N (default: all 36,152) OrangeSum articles (after the first K, none by default) to a JSONL file,
then times, each in its own process tree: (1) bare `nlp.pipe` of fr_core_news_md with `n_process=WORKERS`
over the articles' texts, and (2) `recoupe analyze FILE --workers WORKERS` into a fresh store (ingest, clean,
read, link, write).
Prints articles/second of each, their ratio (issue 16 asks >= 0.7), the peak resident memory of each
process tree (the sum over the process and its children, sampled every 0.2 s from /proc), and the CPU
seconds each tree used (its processes' user and system time once they are reaped): on a shared machine the
CPU ratio moves less with the load than the wall-clock one. Each tree is also split by role (bench/proctree.py):
peak RSS and CPU of the main process and of its workers, and the busy cores over each tenth of the run.

`--bare-tuned` adds a third contestant: bare `nlp.pipe` of the pipeline loaded as recoupe loads its own
(`recoupe.read.nlp.tune_pipeline`: lemma tables as sets, matrices multiplied through numpy on one thread). Its
ratio counts only what recoupe adds to the network's work; the first counts, as issue 16 asks, against spaCy as
shipped.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum
from proctree import TreeSampler, children_cpu, describe_phases

# Seconds between two samples of the process tree's memory.
SAMPLE_S = 0.2
# The bare spaCy run: the texts of a JSONL file, piped with n_process workers, docs dropped as they come.
BARE_SPACY = """
import json, sys, spacy
nlp = spacy.load("fr_core_news_md")
if sys.argv[3:] == ["tuned"]:
    from recoupe.read.nlp import tune_pipeline
    tune_pipeline(nlp)
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=64):
    pass
"""



def run_measured(argv: list[str], label: str, trace: Path | None) -> tuple[float, int, float]:
    """Run a command; return its wall seconds, the peak RSS of its process tree and the tree's CPU seconds.

    Also prints the peak RSS and CPU per role (the main process, the workers) and the busy cores over each
    tenth of the run, and writes the per-second trace to `trace` when given.
    """
    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(argv)
    sampler = TreeSampler(process.pid, SAMPLE_S)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    sampler.stop()
    if code != 0:
        raise SystemExit(f"{argv[:4]}... exited with {code}")
    total_cpu = children_cpu() - cpu
    peaks, roles = sampler.peak_by_role(), sampler.cpu_by_role()
    print(f"{label}: peak RSS main {peaks['main'] / 2**30:.2f} GB, one worker {peaks['one worker'] / 2**30:.2f} GB, "
          f"workers together {peaks['workers'] / 2**30:.2f} GB; CPU main {roles['main']:.0f} s, workers "
          f"{roles['workers']:.0f} s; busy cores on average {total_cpu / seconds:.2f}")
    print("\n".join(describe_phases(sampler)))
    if trace is not None:
        sampler.write_trace(trace)
    return seconds, sampler.peak_tree(), total_cpu


def main() -> int:
    """Time bare spaCy and the whole engine on the same articles; print rates, ratio and memory."""
    parser = corpus_parser((__doc__ or "").splitlines()[0], skip=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-bare", action="store_true", help="time recoupe alone (no ratio)")
    parser.add_argument("--trace", type=Path, help="write per-second CSV traces to TRACE.bare.csv, TRACE.recoupe.csv "
                        "(and TRACE.tuned.csv with --bare-tuned)")
    parser.add_argument("--bare-tuned", action="store_true",
                        help="also time bare spaCy loaded as recoupe loads it (tune_pipeline); "
                             "not with --skip-bare")
    parser.add_argument("--keep-store", type=Path,
                        help="write recoupe's store here and keep it (for bench_relink, bench_cold, bench_watch)")
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    lines = read_orangesum_lines(source, args.limit, args.skip)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("".join(lines), encoding="utf-8")
        n = len(lines)
        bare_s, bare_rss, bare_cpu = (0.0, 0, 0.0) if args.skip_bare else run_measured(
            [sys.executable, "-c", BARE_SPACY, str(corpus), str(args.workers)], "bare", trace_path(args.trace, "bare"))
        tuned_s, _, tuned_cpu = run_measured(
            [sys.executable, "-c", BARE_SPACY, str(corpus), str(args.workers), "tuned"], "bare tuned",
            trace_path(args.trace, "tuned")) if args.bare_tuned and not args.skip_bare else (0.0, 0, 0.0)
        store = args.keep_store or Path(tmp) / "store.db"
        if store.exists():
            raise SystemExit(f"{store} exists: the bench times a fresh store")
        ours_s, ours_rss, ours_cpu = run_measured([sys.executable, "-c", "from recoupe.cli import main; main()", "analyze",
                                                   str(corpus), "--db", str(store), "--workers",
                                                   str(args.workers), "--quiet"],
                                                  "recoupe", trace_path(args.trace, "recoupe"))
    print(f"{n} articles, {args.workers} workers")
    if args.skip_bare:
        print(f"recoupe analyze (--workers {args.workers}): {ours_s:.1f} s, {n / ours_s:.1f} articles/s, peak RSS of "
              f"the tree {ours_rss / 2**30:.2f} GB, CPU {ours_cpu:.0f} s ({1000 * ours_cpu / n:.0f} ms/article)")
        return 0
    bare_rate, ours_rate = n / bare_s, n / ours_s
    print(f"bare nlp.pipe (n_process={args.workers}): {bare_s:.1f} s, {bare_rate:.1f} articles/s, "
          f"peak RSS of the tree {bare_rss / 2**30:.2f} GB")
    print(f"recoupe analyze (--workers {args.workers}): {ours_s:.1f} s, {ours_rate:.1f} articles/s, "
          f"peak RSS of the tree {ours_rss / 2**30:.2f} GB")
    print(f"ratio recoupe / bare spaCy: {ours_rate / bare_rate:.2f}")
    if tuned_s:
        print(f"bare nlp.pipe, tuned as recoupe loads it: {tuned_s:.1f} s, {n / tuned_s:.1f} articles/s, CPU "
              f"{tuned_cpu:.0f} s ({1000 * tuned_cpu / n:.0f} ms/article); ratio recoupe / tuned bare spaCy: "
              f"{tuned_s / ours_s:.2f} (CPU {tuned_cpu / ours_cpu:.2f})")
    print(f"CPU of the trees: bare {bare_cpu:.0f} s ({1000 * bare_cpu / n:.0f} ms/article), recoupe {ours_cpu:.0f} s "
          f"({1000 * ours_cpu / n:.0f} ms/article); CPU ratio bare / recoupe {bare_cpu / ours_cpu:.2f}")
    return 0


def trace_path(trace: Path | None, label: str) -> Path | None:
    """Where one contestant's per-second trace goes, or None when no trace was asked for."""
    return None if trace is None else trace.with_name(f"{trace.name}.{label}.csv")


if __name__ == "__main__":
    sys.exit(main())
