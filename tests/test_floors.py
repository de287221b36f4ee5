"""The gate only tightens: no floor in eval_floors.json is lower, and no ceiling higher, than in any
earlier committed version of the file (nor is one dropped). Checked against git history, so that
"floors only rise" is a test rather than a comment."""

from __future__ import annotations

import json
import subprocess
from itertools import pairwise
from pathlib import Path

import pytest
from gate_limits import LIMITS_FILE, Limits, Table, load_limits, read_limits

ROOT = LIMITS_FILE.parent.parent
RELATIVE = LIMITS_FILE.relative_to(ROOT).as_posix()


def run_git(*args: str) -> str:
    """Run git in the project folder and return its output (CalledProcessError or OSError on failure)."""
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def read_history() -> list[tuple[str, Limits]]:
    """Every committed version of the limits file, oldest first, as (commit, limits); empty outside a git
    checkout (or without git)."""
    try:
        commits = run_git("log", "--format=%H", "--reverse", "--", RELATIVE).split()
        return [(c, read_limits(json.loads(run_git("show", f"{c}:{RELATIVE}")))) for c in commits]
    except (OSError, subprocess.CalledProcessError):
        return []


def find_loosened(before: Table, after: Table, higher_is_tighter: bool) -> list[str]:
    """Limits of `before` that `after` drops or moves the loose way (a floor down, a ceiling up)."""
    found = []
    for group, limits in before.items():
        for name, limit in limits.items():
            now = after.get(group, {}).get(name)
            if now is None or (now < limit if higher_is_tighter else now > limit):
                found.append(f"{group} {name}: {limit} -> {now}")
    return found


def find_loosenings(versions: list[tuple[str, Limits]]) -> list[str]:
    """Every step between consecutive versions that loosens a floor or a ceiling, named by the later one."""
    found = []
    for (_, before), (label, after) in pairwise(versions):
        found += [f"{label[:10]}: floor {x}" for x in find_loosened(before.floors, after.floors, True)]
        found += [f"{label[:10]}: ceiling {x}" for x in find_loosened(before.ceilings, after.ceilings, False)]
    return found


def test_no_floor_falls_and_no_ceiling_rises_in_history() -> None:
    history = read_history()
    if not history:
        pytest.skip("not a git checkout: the history of eval_floors.json cannot be read")
    assert find_loosenings([*history, ("working tree", load_limits())]) == []


def test_the_working_tree_has_floors_and_ceilings() -> None:
    limits = load_limits()
    assert {"dev", "dev2", "timebank"} <= set(limits.floors)
    assert limits.ceilings["timeline_violations"]
    assert all(isinstance(v, (int, float)) for t in (limits.floors, limits.ceilings) for d in t.values()
               for v in d.values())


def limits_of(floors: Table, ceilings: Table | None = None) -> Limits:
    return Limits(floors=floors, ceilings=ceilings or {})


@pytest.mark.parametrize(("after", "expected"), [
    (limits_of({"dev": {"f1": 0.8}}), []),
    (limits_of({"dev": {"f1": 0.9, "recall": 0.5}}), []),
    (limits_of({"dev": {"f1": 0.79}}), ["later: floor dev f1: 0.8 -> 0.79"]),
    (limits_of({"dev": {}}), ["later: floor dev f1: 0.8 -> None"]),
    (limits_of({}), ["later: floor dev f1: 0.8 -> None"]),
])
def test_a_floor_may_rise_but_not_fall_nor_vanish(after: Limits, expected: list[str]) -> None:
    assert find_loosenings([("earlier", limits_of({"dev": {"f1": 0.8}})), ("later", after)]) == expected


@pytest.mark.parametrize(("count", "loosened"), [(3, False), (1, False), (4, True), (None, True)])
def test_a_ceiling_may_fall_but_not_rise_nor_vanish(count: int | None, loosened: bool) -> None:
    before = limits_of({}, {"faults": {"dev": 3}})
    after = limits_of({}, {"faults": {"dev": count}} if count is not None else {"faults": {}})
    assert bool(find_loosenings([("a", before), ("b", after)])) == loosened


def test_every_step_of_a_history_is_checked() -> None:
    versions = [("a", limits_of({"x": {"m": 0.5}})), ("b", limits_of({"x": {"m": 0.7}})),
                ("c", limits_of({"x": {"m": 0.6}}))]
    assert find_loosenings(versions) == ["c: floor x m: 0.7 -> 0.6"]


def test_outside_a_git_checkout_the_history_is_empty(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)  # a folder that is no repository
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert read_history() == []
