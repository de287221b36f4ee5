"""Benchmark ingest + clean + store (no reading): articles/s on OrangeSum JSONL, pages/s on its HTML pages.

usage: python bench/bench_ingest.py [--shared ../shared] [--limit N] [--part jsonl|html|all]

Each part runs in a child process so that its peak memory (ru_maxrss) is its own.
Prints one line per part: items, seconds, items/s, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_part(part: str, shared: Path, limit: int) -> dict[str, float | int | str]:
    """Run one measurement in this process and return its figures."""
    from recoupe.pipeline import AnalyzeOptions, analyze
    from recoupe.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if part == "jsonl":
            source = shared / "corpus" / "orangesum" / "articles.jsonl.gz"
            if limit:
                import gzip

                sliced = tmpdir / "slice.jsonl"
                with gzip.open(source, "rt", encoding="utf-8") as src, sliced.open("w", encoding="utf-8") as dst:
                    for i, line in enumerate(src):
                        if i >= limit:
                            break
                        dst.write(line)
                source = sliced
            inputs = [source]
            unit = "articles"
        else:
            with tarfile.open(shared / "corpus" / "orangesum" / "html-400.tar.gz") as tar:
                tar.extractall(tmpdir / "pages", filter="data")
            inputs = [tmpdir / "pages"]
            unit = "pages"
        store = open_store(tmpdir / "bench.db")
        started = time.perf_counter()
        report = analyze(inputs, store, AnalyzeOptions(read=False))
        seconds = time.perf_counter() - started
        store.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"part": part, "unit": unit, "items": report.seen, "failed": report.failed, "seconds": round(seconds, 2),
            "per_second": round(report.seen / seconds, 1) if seconds else 0.0, "peak_rss_mb": round(peak_mb, 1)}


def main() -> int:
    """Parse arguments and run each part in a child process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=0, help="only the first N JSONL articles (0: all 36,152)")
    parser.add_argument("--part", choices=["jsonl", "html", "all"], default="all")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not (args.shared / "corpus" / "orangesum").is_dir():
        print(f"no OrangeSum corpus under {args.shared}", file=sys.stderr)
        return 2
    if args.child:
        print(json.dumps(run_part(args.part, args.shared, args.limit)))
        return 0
    parts = ["jsonl", "html"] if args.part == "all" else [args.part]
    for part in parts:
        out = subprocess.run(
            [sys.executable, __file__, "--child", "--part", part, "--shared", str(args.shared),
             "--limit", str(args.limit)], check=True, capture_output=True, text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"ingest+clean+store {r['part']:5s}: {r['items']} {r['unit']} ({r['failed']} failed) in "
              f"{r['seconds']} s = {r['per_second']} {r['unit']}/s, peak RSS {r['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
