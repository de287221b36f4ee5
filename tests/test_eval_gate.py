"""The evaluation gate: scores on ../shared/eval pinned as floors that CI enforces.

Floors live in `eval_floors.json`. They are only ever raised: when a change
measures better, raise the floor in the same commit; a change that measures
worse does not land.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.shared

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
FLOORS: dict[str, dict[str, float]] = {
    name: values for name, values in json.loads((Path(__file__).parent / "eval_floors.json").read_text()).items()
    if not name.startswith("_")
}


def load_scorer(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"shared_{name}", EVAL / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (EVAL / "dev" / "input.jsonl").is_file():
        pytest.skip("../shared/eval is not beside the project")
    from recoupe.pipeline import analyze
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    tmp = tmp_path_factory.mktemp("dev")
    with open_store(tmp / "dev.db") as store:
        report = analyze([EVAL / "dev" / "input.jsonl"], store)
        assert report.failed == 0
        write_export(store, tmp / "dev.json")
    return dict(json.loads((tmp / "dev.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def dev_scores(dev_export: dict[str, Any]) -> dict[str, float]:
    score = load_scorer("score")
    gold = json.loads((EVAL / "dev" / "gold.json").read_text(encoding="utf-8"))
    return {name: value for name, (value, _detail) in score.score_all(gold, dev_export).items()}


@pytest.mark.parametrize("metric", sorted(FLOORS["dev"]))
def test_dev_metric_at_or_above_floor(dev_scores: dict[str, float], metric: str) -> None:
    assert dev_scores[metric] >= FLOORS["dev"][metric] - 1e-9, (
        f"{metric} fell to {dev_scores[metric]:.4f}, below its floor {FLOORS['dev'][metric]}")


def test_dev_evidence_is_exact(dev_export: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in dev_export["articles"]}
    bad = []
    checked = 0
    for e in dev_export["entities"]:
        for m in e["mentions"]:
            checked += 1
            if texts[m["article"]][m["start"]:m["end"]] != m["text"]:
                bad.append(m)
    for q in dev_export["quotes"]:
        checked += 1
        if texts[q["article"]][q["start"]:q["end"]] != q["text"]:
            bad.append(q)
    for s in dev_export["stories"]:
        for entry in s["timeline"]:
            for ev in entry["evidence"]:
                checked += 1
                if texts[ev["article"]][ev["start"]:ev["end"]] != ev["sentence"]:
                    bad.append(ev)
    assert checked > 100
    assert bad == []


def test_timebank_at_or_above_floor(tmp_path: Path) -> None:
    tml = EVAL / "timebank" / "dev"
    if not tml.is_dir():
        pytest.skip("../shared/eval/timebank is not beside the project")
    from recoupe.lang import load_language
    from recoupe.read.timex import tag_jsonl

    scorer = load_scorer("timeml_score")
    gold = scorer.load_gold(tml)
    infile = tmp_path / "in.jsonl"
    with infile.open("w", encoding="utf-8") as f:
        for doc_id, (dct, text, _g) in gold.items():
            f.write(json.dumps({"id": doc_id, "text": text, "dct": dct}, ensure_ascii=False) + "\n")
    tag_jsonl(infile, tmp_path / "out.jsonl", load_language("fr"))
    results = scorer.score(tml, tmp_path / "out.jsonl")
    for name, floor in FLOORS["timebank"].items():
        assert results[name]["F1"] >= floor - 1e-9, f"timebank {name} F1 {results[name]['F1']} < floor {floor}"


def test_tls_date_f1_at_or_above_floor(tmp_path: Path) -> None:
    corpus = EVAL / "tls" / "dev" / "libya.jsonl"
    if not corpus.is_file():
        pytest.skip("../shared/eval/tls is not beside the project")
    from recoupe.pipeline import analyze
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    with open_store(tmp_path / "tls.db") as store:
        analyze([corpus], store)
        write_export(store, tmp_path / "tls.json")
    tls = load_scorer("tls_score")
    reference = tls.read_reference(EVAL / "tls" / "dev" / "reference" / "libya.txt")
    export = json.loads((tmp_path / "tls.json").read_text(encoding="utf-8"))
    size = len(reference)
    per_date = -(-sum(len(v) for v in reference.values()) // size)
    result = tls.evaluate(tls.system_timeline(export, size, per_date), reference)
    assert result["date_f1"] >= FLOORS["tls"]["date_f1"] - 1e-9, f"TLS date F1 {result['date_f1']:.3f}"
