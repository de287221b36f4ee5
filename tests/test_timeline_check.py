"""Timelines that prove each entry: `../shared/eval/timeline_check.py` on the exports of the seeds and dev.

The checker (standard library, shared with the evaluation) counts the entries a
reader cannot verify: evidence not credited, a `when` that does not date its
sentence, a span that is evidence of two entries. The ceilings below are what the
link stage measures today; they only ever go down. The remaining entries are
sentences whose dates the parse does not put in clauses of their own ("jeudi et
vendredi matin", "hier et aujourd'hui"): each date stays an event on the same clause.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = [pytest.mark.shared, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"

# Violating entries allowed per corpus (measured: seeds 1 of 24, dev 2 of 57; before clause-level
# evidence: 6 of 26 and 8 of 57). Lower them when the link stage does better; never raise them.
CEILINGS = {"seeds": 1, "dev": 2}


def require_eval(path: Path) -> None:
    """Skip when the evaluation data is not beside the project; in CI (CI set) fail instead."""
    if path.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{path} is missing in CI: the timeline check cannot run")
    pytest.skip(f"{path} is not beside the project")


def load_checker() -> ModuleType:
    """Import `timeline_check.py` from the shared evaluation folder."""
    spec = importlib.util.spec_from_file_location("shared_timeline_check", EVAL / "timeline_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_of(source: Path, out: Path) -> dict[str, Any]:
    """Analyze a folder or JSONL file into a fresh store and return its export."""
    from recoupe.pipeline import analyze
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    with open_store(out / "check.db") as store:
        analyze([source], store)
        write_export(store, out / "check.json")
    return dict(json.loads((out / "check.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize(("corpus", "source"), [
    ("seeds", SHARED / "corpus" / "seeds"),
    ("dev", EVAL / "dev" / "input.jsonl"),
])
def test_timeline_entries_prove_themselves(corpus: str, source: Path, tmp_path: Path) -> None:
    require_eval(EVAL / "timeline_check.py")
    require_eval(source)
    entries, violating, problems = load_checker().check(export_of(source, tmp_path))
    assert entries > 10
    shown = {kind: items[:3] for kind, items in problems.items() if items}
    assert violating <= CEILINGS[corpus], f"{corpus}: {violating} of {entries} entries violate: {shown}"
    # what the reader relies on most never breaks: evidence sentences, credits, when values
    assert not problems["sentence"] and not problems["credited"] and not problems["when"], shown
