"""Score recoupe's temporal tagger on French TimeBank dev, next to a dateparser `search_dates` baseline.

usage: .venv/bin/python bench/timebank_eval.py [--shared ../shared] [--no-baseline]

Both systems tag the `prepare` output of the official scorer
(`eval/timeml_score.py`) and are scored by that same scorer, imported from the
shared folder; documents/second is printed for each. recoupe runs through
`tag_jsonl`, which parses each text with spaCy and tags it with its Doc as
`recoupe analyze` does (the model's loading is not counted in the speed).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recoupe.lang import load_language  # noqa: E402
from recoupe.read.timex.tagger import tag_jsonl  # noqa: E402


def load_scorer(shared: Path) -> ModuleType:
    """Import the official TimeML scorer from the shared eval folder."""
    path = shared / "eval" / "timeml_score.py"
    spec = importlib.util.spec_from_file_location("timeml_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare_input(scorer: ModuleType, tml_dir: Path, out_path: Path) -> list[dict[str, Any]]:
    """Write the scorer's `prepare` lines ({"id", "text", "dct"}) and return them."""
    buf = io.StringIO()
    with redirect_stdout(buf):
        scorer.main(["timeml_score.py", "prepare", str(tml_dir)])
    out_path.write_text(buf.getvalue(), encoding="utf-8")
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def run_recoupe(in_path: Path, out_path: Path) -> float:
    """Tag with recoupe through tag_jsonl (spaCy Doc per text, as `recoupe analyze`); return seconds spent."""
    from recoupe.read.nlp import load_nlp

    lang = load_language("fr")
    nlp = load_nlp(lang)
    t0 = time.perf_counter()
    tag_jsonl(in_path, out_path, lang, nlp=nlp)
    return time.perf_counter() - t0


def dateparser_value(found: Any, matched: str) -> tuple[str, str]:
    """A TIMEX3 type and value for one dateparser hit (day precision unless the text shows only a year)."""
    if re.fullmatch(r"\s*(?:1\d|20)\d\d\s*", matched):
        return "DATE", f"{found.year:04d}"
    if found.hour or found.minute:
        return "TIME", found.strftime("%Y-%m-%dT%H:%M")
    return "DATE", found.strftime("%Y-%m-%d")


def run_dateparser(docs: list[dict[str, Any]], out_path: Path) -> float:
    """Baseline: dateparser's search_dates (French, relative to the DCT), matches turned into spans."""
    from datetime import datetime

    from dateparser.search import search_dates

    t0 = time.perf_counter()
    with out_path.open("w", encoding="utf-8") as f:
        for record in docs:
            text = record["text"]
            settings: dict[str, Any] = {}
            if record.get("dct"):
                settings["RELATIVE_BASE"] = datetime.fromisoformat(record["dct"][:10])
            hits = search_dates(text, languages=["fr"], settings=settings) or []
            timexes, cursor = [], 0
            for matched, found in hits:
                start = text.find(matched, cursor)
                if start < 0:
                    start = text.find(matched)
                if start < 0:
                    continue
                cursor = start + len(matched)
                kind, value = dateparser_value(found, matched)
                timexes.append({"start": start, "end": start + len(matched), "text": matched,
                                "type": kind, "value": value})
            f.write(json.dumps({"id": record["id"], "timexes": timexes}, ensure_ascii=False) + "\n")
    return time.perf_counter() - t0


def print_scores(label: str, scorer: ModuleType, tml_dir: Path, out_path: Path, seconds: float,
                 n_docs: int) -> None:
    """Print the official scorer's lines for one system, labelled, with its speed."""
    results = scorer.score(str(tml_dir), str(out_path))
    print(f"== {label}")
    for name in ("strict", "relaxed", "value", "type"):
        r = results[name]
        print(f"timex.{name}_f1 {r['F1']:.3f}  (P={r['P']:.3f} R={r['R']:.3f})")
    print(f"counts {results['counts']}")
    print(f"speed {n_docs / seconds:.1f} documents/second ({seconds:.2f} s)")


def main(argv: list[str] | None = None) -> int:
    """Run both taggers on TimeBank dev and print their scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help="the shared folder holding eval/ (default: ../shared beside the repo)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the dateparser baseline")
    args = parser.parse_args(argv)
    scorer = load_scorer(args.shared)
    tml_dir = args.shared / "eval" / "timebank" / "dev"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        in_path = work / "in.jsonl"
        docs = prepare_input(scorer, tml_dir, in_path)
        out = work / "recoupe.jsonl"
        seconds = run_recoupe(in_path, out)
        print_scores("recoupe", scorer, tml_dir, out, seconds, len(docs))
        if not args.no_baseline:
            out = work / "dateparser.jsonl"
            seconds = run_dateparser(docs, out)
            print_scores("dateparser search_dates baseline", scorer, tml_dir, out, seconds, len(docs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
