"""Benchmark the local engine and the Spark engine (local[2]) on the same OrangeSum articles, in one run.

usage: python bench/bench_spark.py [--shared ../shared] [--limit N] [--workers 2] [--master local[2]]
                                   [--driver-memory 4g] [--json FILE]

Takes the first N (default: all 36,152) articles of OrangeSum, runs them through the Spark engine
(`run_spark`, Parquet into a temporary folder) and then through the local engine (`recoupe.pipeline.analyze`
into a temporary store, `--workers` reading processes), and prints for each, as it ends: articles/s and
peak resident memory of the driver and of the workers.

How memory is measured: a thread reads /proc every second and sums VmRSS over the process tree under
this process, by role: this Python process (the driver), the JVM (driver and executor are one JVM in
local mode), and the Python workers (children of the JVM's pyspark daemon, or the local engine's reading
processes); the peak of the largest single worker and of all workers together are kept. Linux only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from orangesum import corpus_parser, read_orangesum_lines, require_orangesum

# Seconds between two /proc samples: short enough to catch a worker's peak (a spaCy batch lasts seconds),
# long enough that sampling costs nothing next to the work.
SAMPLE_SECONDS = 1.0


@dataclass
class Peaks:
    """Peak resident memory (MB) by role, over one engine's run."""

    driver: float = 0.0
    jvm: float = 0.0
    worker_max: float = 0.0
    workers_sum: float = 0.0
    workers_seen: set[int] = field(default_factory=set)


class TreeSampler:
    """Samples the RSS of this process and its descendants every second, in a daemon thread."""

    def __init__(self) -> None:
        self.peaks = Peaks()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self.sample()

    def sample(self) -> None:
        """Read the process tree once and update the peaks."""
        me = os.getpid()
        parents: dict[int, int] = {}
        names: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            parents[int(entry)], names[int(entry)] = ppid, name
        workers = 0.0
        for pid in parents:
            if pid == me:
                self.peaks.driver = max(self.peaks.driver, _rss_mb(pid))
                continue
            if not _descends(pid, me, parents):
                continue
            rss = _rss_mb(pid)
            if names[pid] == "java":
                self.peaks.jvm = max(self.peaks.jvm, rss)
            elif names[pid].startswith("python"):
                workers += rss
                self.peaks.worker_max = max(self.peaks.worker_max, rss)
                self.peaks.workers_seen.add(pid)
        self.peaks.workers_sum = max(self.peaks.workers_sum, workers)


def _descends(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        pid = parents.get(pid, 0)
        if pid == ancestor:
            return True
    return False


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_local(jsonl: Path, tmpdir: Path, workers: int) -> dict[str, object]:
    """The local engine over the file, into a temporary store."""
    from recoupe.pipeline import AnalyzeOptions, analyze
    from recoupe.store import open_store

    with TreeSampler() as sampler, open_store(tmpdir / "bench.db") as store:
        started = time.perf_counter()
        report = analyze([jsonl], store, AnalyzeOptions(workers=workers))
        seconds = time.perf_counter() - started
        stories = store.conn.execute("SELECT count(DISTINCT story) FROM articles").fetchone()[0]
    return {"engine": f"local (workers={workers})", "articles": report.seen, "seconds": round(seconds, 1),
            "articles_per_s": round(report.seen / seconds, 2), "stories": stories, "duplicates": report.duplicates,
            "memory_mb": _peaks(sampler.peaks)}


def run_spark_engine(jsonl: Path, tmpdir: Path, master: str, driver_memory: str | None) -> dict[str, object]:
    """The Spark engine over the file, session start-up included."""
    from recoupe.spark import SparkOptions, run_spark

    with TreeSampler() as sampler:
        started = time.perf_counter()
        report = run_spark(str(jsonl), str(tmpdir / "out"), SparkOptions(master=master, driver_memory=driver_memory))
        seconds = time.perf_counter() - started
    return {"engine": f"spark ({master})", "articles": report.articles, "seconds": round(seconds, 1),
            "articles_per_s": round(report.articles / seconds, 2), "stories": report.stories,
            "duplicates": report.duplicates, "candidate_pairs": report.candidate_pairs,
            "stage_seconds": report.seconds, "memory_mb": _peaks(sampler.peaks)}


def _peaks(peaks: Peaks) -> dict[str, float]:
    out = asdict(peaks)
    out["workers_seen"] = len(peaks.workers_seen)
    return {k: round(v, 1) for k, v in out.items()}


def _print(r: dict[str, object]) -> None:
    mem = r["memory_mb"]
    assert isinstance(mem, dict)
    print(f"{r['engine']:<22} {r['articles']} articles in {r['seconds']} s = {r['articles_per_s']} art/s;"
          f" {r['stories']} stories, {r['duplicates']} copies; peak RSS MB: driver {mem['driver']},"
          f" JVM {mem['jvm']}, largest worker {mem['worker_max']}, all workers {mem['workers_sum']}"
          f" ({mem['workers_seen']} seen)", flush=True)
    if "stage_seconds" in r:
        print(f"spark stages (s): {r['stage_seconds']}", flush=True)


def main() -> int:
    """Run both engines over the same articles and print their figures."""
    parser = corpus_parser((__doc__ or "").splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="reading processes of the local engine")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--driver-memory", default=None,
                        help="spark.driver.memory (in local mode also the executors' heap); Spark's default is 1g")
    parser.add_argument("--only", choices=["spark", "local"], help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    source = require_orangesum(args.shared)
    if source is None:
        return 2
    if args.only:  # a child run: one engine over the prepared file, figures as JSON on the last line
        jsonl, tmpdir = Path(args.input), Path(args.tmp)
        result = (run_spark_engine(jsonl, tmpdir, args.master, args.driver_memory) if args.only == "spark"
                  else run_local(jsonl, tmpdir, args.workers))
        print(json.dumps(result), flush=True)
        return 0
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        jsonl = tmpdir / "input.jsonl"
        jsonl.write_text("".join(read_orangesum_lines(source, args.limit)), encoding="utf-8")
        # Spark first: on a corpus it has not met it is the likelier to fail, and an hour of the local engine
        # should not be spent before finding out. Each engine runs in its own process (PySpark keeps its JVM
        # until the Python process ends, which would count in the other engine's memory); its figures are
        # printed (and saved) as it ends.
        for only in ("spark", "local"):
            command = [sys.executable, __file__, "--only", only, "--input", str(jsonl), "--tmp", str(tmpdir),
                       "--workers", str(args.workers), "--master", args.master, "--shared", str(args.shared)]
            if args.driver_memory:
                command += ["--driver-memory", args.driver_memory]
            child = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
            if child.returncode != 0:
                print(f"{only}: the run failed (exit {child.returncode}); see its messages above", file=sys.stderr)
                return 1
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
            _print(results[-1])
            if args.json:
                args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
