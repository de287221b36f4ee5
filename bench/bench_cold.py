"""Benchmark a cold `recoupe analyze` of one new file on a large store, against loading the model alone.

usage: python bench/bench_cold.py --db STORE [--shared ../shared] [--runs 3]

Works on a copy of STORE (a store migrates on open, and the bench's articles are not news to keep). A first
analyze of one file prepares the copy as any first link run on a store of an older schema does (keys, bands,
ledgers written once) and is not timed; then, RUNS times, times `python -c 'load the model'` and the cold
`recoupe analyze` of one more OrangeSum article (taken from the end of the corpus, under a new id, as
bench_watch.py drops them), and prints each run and the medians, in wall seconds and in CPU seconds of the
child process (user + system: steadier than wall time on a shared machine). The cold run's budget is model
load + 2 s (issue 16).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_watch import drop, recoupe
from orangesum import ROOT, read_orangesum_lines, require_orangesum

# Loading the model as `recoupe analyze` does, and nothing else: the baseline of a cold run.
LOAD_MODEL = ("from recoupe.lang import load_language; from recoupe.read.nlp import load_nlp; "
              "load_nlp(load_language('fr'))")


def time_command(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one command, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def analyze_one(db: Path, folder: Path, article_id: str, line: str) -> tuple[float, float]:
    """Wall and CPU seconds of a cold `recoupe analyze` of one article dropped alone in a fresh folder."""
    one = folder / article_id
    one.mkdir()
    drop(one, article_id, line)
    return time_command(recoupe("analyze", str(one), "--db", str(db), "--quiet"))


def main() -> int:
    """Copy the store, prepare it once, then time model load and a cold analyze RUNS times each."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the store to copy (never opened itself)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    lines = read_orangesum_lines(source, 0)[-args.runs - 1:]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db = tmpdir / "store.db"
        shutil.copy(args.db, db)
        prepare, _ = analyze_one(db, tmpdir, "bench-cold-prepare", lines[0])
        print(f"first analyze on the copy (prepares it, not counted): {prepare:.2f} s", flush=True)
        models, colds = [], []
        for i, line in enumerate(lines[1:]):
            models.append(time_command([sys.executable, "-c", LOAD_MODEL]))
            colds.append(analyze_one(db, tmpdir, f"bench-cold-{i:03d}", line))
            print(f"run {i + 1}: {describe(models[-1], colds[-1])}", flush=True)
    model = (statistics.median(m[0] for m in models), statistics.median(m[1] for m in models))
    cold = (statistics.median(c[0] for c in colds), statistics.median(c[1] for c in colds))
    print(f"median of {len(colds)}: {describe(model, cold)} (budget: 2 s)")
    return 0


def describe(model: tuple[float, float], cold: tuple[float, float]) -> str:
    """Model load alone against the cold analyze, wall then CPU seconds."""
    return (f"model load alone {model[0]:.2f} s, cold analyze {cold[0]:.2f} s, difference {cold[0] - model[0]:.2f} s;"
            f" CPU {model[1]:.2f} s against {cold[1]:.2f} s, difference {cold[1] - model[1]:.2f} s")


if __name__ == "__main__":
    sys.exit(main())
