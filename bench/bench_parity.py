"""Parity of the Spark engine (local[2]) and the local engine: the same articles through both, compared.

usage: python bench/bench_parity.py [--shared ../shared] [--n 2000] [--dev] [--continue] [--master local[2]]
                                    [--workers 2] [--json FILE]

Default: the first N OrangeSum articles through both engines; prints the B-cubed F1 of the two story
partitions against each other (the local one as reference), the number of stories and copies of each, how
many articles have the same original, and each engine's seconds. `--dev`: dev and dev2 through both
engines, each export scored by the shared score.py; prints every metric of each engine and the largest
difference. The Spark run is loaded into a SQLite store with `recoupe load` and exported like the local
store, so both sides go through the same export. `--continue`: the first half of the N articles analyzed
locally into a store, then the second half by each engine from a copy of it (Spark with `--from-db`, then
`recoupe load` into that copy): the same figures over all N articles, for an engine continuing a store.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_all import load_scorer  # noqa: E402
from orangesum import read_orangesum_lines, require_orangesum  # noqa: E402

from recoupe.pipeline import AnalyzeOptions, analyze  # noqa: E402
from recoupe.spark import SparkOptions, build_session, load_parquet, run_spark  # noqa: E402
from recoupe.store import open_store  # noqa: E402
from recoupe.tell.export import write_export  # noqa: E402


def bcubed_f1(reference: Mapping[str, str], other: Mapping[str, str]) -> float:
    """B-cubed F1 of a partition (item -> cluster) against a reference one, over the items both hold."""
    items = [i for i in reference if i in other]
    if not items:
        return 0.0
    ref_members: dict[str, set[str]] = {}
    other_members: dict[str, set[str]] = {}
    for i in items:
        ref_members.setdefault(reference[i], set()).add(i)
        other_members.setdefault(other[i], set()).add(i)
    precision = recall = 0.0
    for i in items:
        mine, theirs = other_members[other[i]], ref_members[reference[i]]
        common = len(mine & theirs)
        precision += common / len(mine)
        recall += common / len(theirs)
    precision, recall = precision / len(items), recall / len(items)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def local_export(jsonl: Path, work: Path, workers: int) -> tuple[dict[str, Any], float]:
    """The local engine over the file into a fresh store: its export and the seconds `analyze` took."""
    with open_store(work / "local.db") as store:
        started = time.perf_counter()
        analyze([jsonl], store, AnalyzeOptions(workers=workers))
        seconds = time.perf_counter() - started
        write_export(store, work / "local.json")
    return dict(json.loads((work / "local.json").read_text(encoding="utf-8"))), seconds


def spark_export(jsonl: Path, work: Path, spark: Any) -> tuple[dict[str, Any], float]:
    """The Spark engine over the file, loaded into a fresh store: its export and the seconds `run_spark` took."""
    started = time.perf_counter()
    report = run_spark(str(jsonl), str(work / "spark-out"), SparkOptions(), spark=spark)
    seconds = time.perf_counter() - started
    print(f"spark stages (s): {report.seconds}", flush=True)
    with open_store(work / "spark.db") as store:
        load_parquet(work / "spark-out", store)
        write_export(store, work / "spark.json")
    return dict(json.loads((work / "spark.json").read_text(encoding="utf-8"))), seconds


def both_exports(jsonl: Path, work: Path, spark: Any, workers: int) -> dict[str, tuple[dict[str, Any], float]]:
    """Both engines' exports of one file (Spark first: the likelier to fail), with their seconds."""
    (work / "spark").mkdir()
    (work / "local").mkdir()
    return {"spark": spark_export(jsonl, work / "spark", spark), "local": local_export(jsonl, work / "local", workers)}


def continued_exports(first: Path, second: Path, work: Path, spark: Any,
                      workers: int) -> dict[str, tuple[dict[str, Any], float]]:
    """Both engines continuing one store: `first` analyzed locally, the store copied, then `second` by each
    engine from its copy; each copy's export, with the seconds the second file took."""
    base = work / "base.db"
    with open_store(base) as store:
        analyze([first], store, AnalyzeOptions(workers=workers))
    out: dict[str, tuple[dict[str, Any], float]] = {}
    for name in ("spark", "local"):
        db = work / f"{name}.db"
        shutil.copyfile(base, db)
        started = time.perf_counter()
        if name == "spark":
            report = run_spark(str(second), str(work / "spark-out"), SparkOptions(from_db=str(db)), spark=spark)
            print(f"spark stages (s): {report.seconds}", flush=True)
        with open_store(db) as store:
            if name == "spark":
                load_parquet(work / "spark-out", store)
            else:
                analyze([second], store, AnalyzeOptions(workers=workers))
            seconds = time.perf_counter() - started
            write_export(store, work / f"{name}.json")
        out[name] = (dict(json.loads((work / f"{name}.json").read_text(encoding="utf-8"))), seconds)
    return out


def partition_figures(exports: Mapping[str, tuple[dict[str, Any], float]]) -> dict[str, Any]:
    """Stories and copies of each engine, and how far Spark's story partition is from the local one."""
    stories = {name: {a["id"]: a["story"] for a in export["articles"] if a.get("story")}
               for name, (export, _) in exports.items()}
    originals = {name: {a["id"]: a.get("duplicate_of") for a in export["articles"]}
                 for name, (export, _) in exports.items()}
    same = sum(originals["spark"].get(i) == o for i, o in originals["local"].items())
    figures: dict[str, Any] = {"stories_bcubed_f1": round(bcubed_f1(stories["local"], stories["spark"]), 4),
                               "same_original": f"{same}/{len(originals['local'])}"}
    for name, (export, seconds) in exports.items():
        figures[name] = {"articles": len(export["articles"]), "stories": len(set(stories[name].values())),
                         "copies": sum(o is not None for o in originals[name].values()), "seconds": round(seconds, 1)}
    return figures


def run_orangesum(args: argparse.Namespace, spark: Any, work: Path) -> dict[str, Any]:
    """The first `args.n` OrangeSum articles through both engines."""
    source = require_orangesum(args.shared)
    if source is None:
        raise SystemExit(2)
    lines = list(read_orangesum_lines(source, args.n))
    if args.continue_store:
        first, second = work / "first.jsonl", work / "second.jsonl"
        first.write_text("".join(lines[:len(lines) // 2]), encoding="utf-8")
        second.write_text("".join(lines[len(lines) // 2:]), encoding="utf-8")
        exports = continued_exports(first, second, work, spark, args.workers)
    else:
        jsonl = work / "orangesum.jsonl"
        jsonl.write_text("".join(lines), encoding="utf-8")
        exports = both_exports(jsonl, work, spark, args.workers)
    figures = partition_figures(exports)
    for name in ("spark", "local"):
        f = figures[name]
        print(f"{name:<6} {f['articles']} articles in {f['seconds']} s: {f['stories']} stories, {f['copies']} copies")
    print(f"stories B-cubed F1 (Spark against local): {figures['stories_bcubed_f1']:.4f};"
          f" same original: {figures['same_original']}")
    return figures


def run_dev(args: argparse.Namespace, spark: Any, work: Path) -> dict[str, Any]:
    """dev and dev2 through both engines, every score.py metric of each export."""
    score = load_scorer(args.shared, "score")
    out: dict[str, Any] = {}
    for corpus in ("dev", "dev2"):
        folder = args.shared / "eval" / corpus
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        (work / corpus).mkdir()
        exports = both_exports(folder / "input.jsonl", work / corpus, spark, args.workers)
        metrics = {name: {m: value for m, (value, _) in score.score_all(gold, export).items()}
                   for name, (export, _) in exports.items()}
        print(f"{corpus}: {'metric':<28} {'spark':>7} {'local':>7} {'diff':>7}")
        for metric in metrics["local"]:
            s, loc = metrics["spark"].get(metric, float("nan")), metrics["local"][metric]
            print(f"{corpus}: {metric:<28} {s:>7.3f} {loc:>7.3f} {s - loc:>+7.3f}")
        worst = max(abs(metrics["spark"].get(m, float("inf")) - v) for m, v in metrics["local"].items())
        print(f"{corpus}: largest difference {worst:.3f}; seconds spark {exports['spark'][1]:.1f},"
              f" local {exports['local'][1]:.1f}")
        out[corpus] = {"metrics": metrics, "largest_difference": worst}
    return out


def main() -> int:
    """Run the chosen comparison and print (and optionally save) its figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=2000, help="OrangeSum articles (the first N)")
    parser.add_argument("--dev", action="store_true", help="dev and dev2 scored by score.py instead")
    parser.add_argument("--continue", dest="continue_store", action="store_true",
                        help="each engine continues a store the local engine made of the first half")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--workers", type=int, default=2, help="reading processes of the local engine")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    spark = build_session(args.master)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            figures = run_dev(args, spark, Path(tmp)) if args.dev else run_orangesum(args, spark, Path(tmp))
    finally:
        spark.stop()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
