"""The evaluation gate's limits, read from `eval_floors.json`: floors (scores that may only rise) and
ceilings (counts of faults that may only fall), keyed by corpus and metric."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMITS_FILE = Path(__file__).resolve().parent / "eval_floors.json"
# The key under which the ceilings sit; every other key not starting with "_" is a corpus of floors.
CEILINGS_KEY = "ceilings"

Table = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Limits:
    """Floors and ceilings by corpus, then metric (or fault count) name."""

    floors: Table
    ceilings: Table


def read_limits(data: dict[str, Any]) -> Limits:
    """Split the parsed file into floors and ceilings, leaving out comments (keys starting with "_")."""
    def table(d: dict[str, Any]) -> Table:
        return {k: {m: v for m, v in vs.items() if not m.startswith("_")}
                for k, vs in d.items() if not k.startswith("_")}

    ceilings = data.get(CEILINGS_KEY, {})
    return Limits(floors=table({k: v for k, v in data.items() if k != CEILINGS_KEY}), ceilings=table(ceilings))


def load_limits(path: Path = LIMITS_FILE) -> Limits:
    """The limits in the working tree's file."""
    return read_limits(json.loads(path.read_text(encoding="utf-8")))
