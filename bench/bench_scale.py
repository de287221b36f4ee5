"""Benchmark the whole local engine against bare spaCy on the same texts, side by side in one run.

usage: python bench/bench_scale.py [--shared ../shared] [--limit N] [--workers 2]

Writes the first N (default: all 36,152) OrangeSum articles to a JSONL file, then times, each in its own
process tree: (1) bare `nlp.pipe` of fr_core_news_md with `n_process=WORKERS` over the articles' texts,
and (2) `recoupe analyze FILE --workers WORKERS` into a fresh store (ingest, clean, read, link, write).
Prints articles/second of each, their ratio (issue 16 asks >= 0.7), the peak resident memory of each
process tree (the sum over the process and its children, sampled every 0.2 s from /proc), and the CPU
seconds each tree used (its processes' user and system time once they are reaped): on a shared machine the
CPU ratio moves less with the load than the wall-clock one.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum

# Seconds between two samples of the process tree's memory.
SAMPLE_S = 0.2
# The bare spaCy run: the texts of a JSONL file, piped with n_process workers, docs dropped as they come.
BARE_SPACY = """
import json, sys, spacy
nlp = spacy.load("fr_core_news_md")
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=64):
    pass
"""


def tree_rss(root: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc (0 for processes gone meanwhile)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's reaped children and their reaped descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(argv: list[str]) -> tuple[float, int, float]:
    """Run a command; return its wall seconds, the peak RSS of its process tree and the tree's CPU seconds."""
    peak = 0
    cpu = children_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(argv)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(SAMPLE_S)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{argv[:4]}... exited with {code}")
    return seconds, peak, children_cpu() - cpu


def main() -> int:
    """Time bare spaCy and the whole engine on the same articles; print rates, ratio and memory."""
    parser = corpus_parser((__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    lines = read_orangesum_lines(source, args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        corpus.write_text("".join(lines), encoding="utf-8")
        n = len(lines)
        bare_s, bare_rss, bare_cpu = run_measured([sys.executable, "-c", BARE_SPACY, str(corpus), str(args.workers)])
        ours_s, ours_rss, ours_cpu = run_measured([sys.executable, "-c", "from recoupe.cli import main; main()", "analyze",
                                         str(corpus), "--db", str(Path(tmp) / "store.db"), "--workers",
                                         str(args.workers), "--quiet"])
    bare_rate, ours_rate = n / bare_s, n / ours_s
    print(f"{n} articles, {args.workers} workers")
    print(f"bare nlp.pipe (n_process={args.workers}): {bare_s:.1f} s, {bare_rate:.1f} articles/s, "
          f"peak RSS of the tree {bare_rss / 2**30:.2f} GB")
    print(f"recoupe analyze (--workers {args.workers}): {ours_s:.1f} s, {ours_rate:.1f} articles/s, "
          f"peak RSS of the tree {ours_rss / 2**30:.2f} GB")
    print(f"ratio recoupe / bare spaCy: {ours_rate / bare_rate:.2f}")
    print(f"CPU of the trees: bare {bare_cpu:.0f} s ({1000 * bare_cpu / n:.0f} ms/article), recoupe {ours_cpu:.0f} s "
          f"({1000 * ours_cpu / n:.0f} ms/article); CPU ratio bare / recoupe {bare_cpu / ours_cpu:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
