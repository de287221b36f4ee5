"""Every evaluation corpus in one run: dev, dev2 (score.py), French TimeBank dev, the seeds, optionally TLS libya.

usage: .venv/bin/python bench/eval_all.py [--shared ../shared] [--tls] [--json OUT.json] [--compare BASE.json]

Each corpus goes through the same path a user runs (`analyze` into a fresh
SQLite store, then the export; TimeBank through `tag_jsonl`, what `recoupe
timex` runs), is scored by the shared scorers, and lands in one table; every
export is also checked by timeline_check.py ("timeline.violations"). With
`--compare`, a saved run's figures stand beside this one's with the change,
so that a change that helps one corpus and hurts another shows at a glance.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recoupe.lang import load_language  # noqa: E402
from recoupe.pipeline import analyze  # noqa: E402
from recoupe.read.timex.tagger import tag_jsonl  # noqa: E402
from recoupe.store import open_store  # noqa: E402
from recoupe.tell.export import write_export  # noqa: E402

SCORED = ("dev", "dev2")


def load_scorer(shared: Path, name: str) -> ModuleType:
    """Import one of the shared scorers (standard-library scripts) as a module."""
    spec = importlib.util.spec_from_file_location(f"shared_{name}", shared / "eval" / f"{name}.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {name}.py from {shared / 'eval'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_corpus(corpus: Path, work: Path, name: str) -> dict[str, Any]:
    """Analyze one JSONL corpus into a fresh store and return its export."""
    with open_store(work / f"{name}.db") as store:
        analyze([corpus], store)
        write_export(store, work / f"{name}.json")
    return dict(json.loads((work / f"{name}.json").read_text(encoding="utf-8")))


def score_gold_corpus(shared: Path, name: str, work: Path) -> dict[str, float]:
    """score.py's metrics for one gold corpus (dev or dev2), plus timeline_check's violations."""
    score = load_scorer(shared, "score")
    export = export_corpus(shared / "eval" / name / "input.jsonl", work, name)
    gold = json.loads((shared / "eval" / name / "gold.json").read_text(encoding="utf-8"))
    scores = {metric: value for metric, (value, _detail) in score.score_all(gold, export).items()}
    return scores | timeline_violations(shared, export)


def timeline_violations(shared: Path, export: dict[str, Any]) -> dict[str, float]:
    """timeline_check.py's count of timeline entries a reader cannot verify in an export (0 is the goal)."""
    _entries, violating, _problems = load_scorer(shared, "timeline_check").check(export)
    return {"timeline.violations": float(violating)}


def score_timebank(shared: Path, work: Path) -> dict[str, float]:
    """French TimeBank dev through `tag_jsonl` (what `recoupe timex` runs), scored by timeml_score.py."""
    scorer = load_scorer(shared, "timeml_score")
    tml = shared / "eval" / "timebank" / "dev"
    gold = scorer.load_gold(tml)
    infile = work / "timebank-in.jsonl"
    with infile.open("w", encoding="utf-8") as f:
        for doc_id, (dct, text, _g) in gold.items():
            f.write(json.dumps({"id": doc_id, "text": text, "dct": dct}, ensure_ascii=False) + "\n")
    tag_jsonl(infile, work / "timebank-out.jsonl", load_language("fr"))
    results = scorer.score(tml, work / "timebank-out.jsonl")
    return {f"timex.{name}_f1": float(results[name]["F1"]) for name in ("strict", "relaxed", "value", "type")}


def check_seeds(shared: Path, work: Path) -> dict[str, float]:
    """The five seed articles (no gold): timeline_check's violations on their export."""
    return timeline_violations(shared, export_corpus(shared / "corpus" / "seeds", work, "seeds"))


def score_tls(shared: Path, work: Path) -> dict[str, float]:
    """tls_score.py on the libya topic: date F1 and ROUGE, as `make eval-tls` prints them."""
    tls = load_scorer(shared, "tls_score")
    export = export_corpus(shared / "eval" / "tls" / "dev" / "libya.jsonl", work, "tls")
    violations = timeline_violations(shared, export)
    reference = tls.read_reference(shared / "eval" / "tls" / "dev" / "reference" / "libya.txt")
    size = len(reference)
    per_date = -(-sum(len(v) for v in reference.values()) // size)
    result = tls.evaluate(tls.system_timeline(export, size, per_date), reference)
    return {f"tls.{k}": float(v) for k, v in result.items() if isinstance(v, (int, float))} | violations


def print_table(results: dict[str, dict[str, float]], base: dict[str, dict[str, float]] | None) -> None:
    """One line per metric, a column per corpus (and the saved run's value with the change when given)."""
    corpora = list(results)
    metrics: list[str] = []
    for values in results.values():
        metrics.extend(m for m in values if m not in metrics)
    header = f"{'metric':28s}" + "".join(f"{c:>22s}" for c in corpora)
    print(header)
    for metric in metrics:
        cells = []
        for corpus in corpora:
            value = results[corpus].get(metric)
            if value is None:
                cells.append(f"{'':>22s}")
                continue
            old = (base or {}).get(corpus, {}).get(metric)
            cell = f"{value:.3f}" if old is None else f"{old:.3f}->{value:.3f} ({value - old:+.3f})"
            cells.append(f"{cell:>22s}")
        print(f"{metric:28s}" + "".join(cells))


def main(argv: list[str] | None = None) -> int:
    """Run every corpus, print the table, save it when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding eval/ (default: ../shared beside the repo)")
    parser.add_argument("--tls", action="store_true", help="also the TLS libya topic (133 articles)")
    parser.add_argument("--only", choices=[*SCORED, "timebank", "tls", "seeds"], action="append",
                        help="run only these corpora (repeatable)")
    parser.add_argument("--json", type=Path, help="save the figures as JSON")
    parser.add_argument("--compare", type=Path, help="a saved --json run to show beside this one")
    args = parser.parse_args(argv)
    wanted = args.only or [*SCORED, "timebank", "seeds", *(["tls"] if args.tls else [])]
    results: dict[str, dict[str, float]] = {}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in wanted:
            if name in SCORED:
                results[name] = score_gold_corpus(args.shared, name, work)
            elif name == "timebank":
                results[name] = score_timebank(args.shared, work)
            elif name == "seeds":
                results[name] = check_seeds(args.shared, work)
            else:
                results[name] = score_tls(args.shared, work)
    base = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    print_table(results, base)
    print(f"({time.perf_counter() - t0:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
