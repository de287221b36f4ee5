"""Crash safety: `recoupe analyze` killed with SIGKILL at random moments, rerun each time.

After every kill the store must pass SQLite's integrity check and hold each article at most once; the rerun
must finish the work rather than redo it (articles stored before the kill come back `unchanged`); a run
that completes leaves every input article stored exactly once, in a story, with every story's timeline
current. A seeded RNG draws, for each run, a stage (start-up, reading, linking) and a delay within it, so
kills land in every stage. A run that finishes before its kill ends a round; the next starts on a fresh store.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from trust_corpus import (
    GeneratedCorpus,
    build_corpus,
    check_complete,
    dump,
    parse_summary,
    read_state,
    start_analyze,
)

# Seed of the kill delays and of the generated articles: fixed so that a failure replays.
SEED = 20260
# Longest a single run may take on a loaded two-core machine before the test gives up on it.
RUN_TIMEOUT = 600


@dataclass
class CrashLog:
    """What the kill loop did: kills by phase, rounds completed, reruns checked."""

    kills: Counter[str] = field(default_factory=Counter)
    rounds: int = 0
    reruns_checked: int = 0


def phase_of(before: tuple[int, int, int], after: tuple[int, int, int], total: int) -> str:
    """Name the stage a kill interrupted from the store's state before and after the killed run.

    States are (articles stored, articles unlinked, stories dirty).
    """
    stored, unlinked, dirty = after
    if after == before:
        return "before any commit"  # spaCy loading, ingest, reading the first batch or linking its first batch
    if stored < total:
        return "reading"
    if unlinked or dirty:
        return "linking"
    return "closing"  # everything committed; killed while writing the summary or closing


def counts(db: Path) -> tuple[int, int, int]:
    """(articles stored, unlinked, dirty stories) after checking the store's consistency."""
    state = read_state(db)
    assert all(n == 1 for n in state.ids.values()), "an article is stored twice"
    return len(state.ids), state.unlinked, state.dirty


def run_to_completion(corpus: GeneratedCorpus, db: Path, stored_before: int) -> None:
    """Rerun `analyze` without killing it: it must add exactly what is missing and redo nothing."""
    process = start_analyze(corpus.paths, db)
    _, err = process.communicate(timeout=RUN_TIMEOUT)
    assert process.returncode == 0, err[-2000:]
    summary = parse_summary(err)
    assert summary is not None, err[-2000:]
    seen, added, updated, unchanged, failed = summary
    assert (seen, failed, updated) == (len(corpus.ids), 0, 0), summary
    assert (added, unchanged) == (len(corpus.ids) - stored_before, stored_before), summary
    check_complete(db, corpus.ids)


def stored_count(db: Path) -> int:
    """Articles committed so far (-1 while the store has no table yet), read without disturbing the writer."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return -1


def wait_and_kill(process: subprocess.Popen[str], db: Path, rng: random.Random, before: int, total: int) -> bool:
    """Kill the run at a seeded random moment of a seeded random stage; False if it finished first.

    The stage is drawn first (start-up, reading, linking), then a delay within it: the moment a stage
    starts is read from the store (a new batch committed; every article stored), so that kills land in
    every stage whatever the machine's load.
    """
    stage = rng.choice(["startup", "reading", "reading", "linking", "linking"])
    extra = rng.uniform(0.5, 8.0) if stage == "startup" else rng.uniform(0.0, 3.0)
    started = time.perf_counter()
    trigger: float | None = started + extra if stage == "startup" else None
    while process.poll() is None:
        now = time.perf_counter()
        assert now - started < RUN_TIMEOUT, "a run took too long"
        if trigger is None:
            stored = stored_count(db)
            if (stage == "reading" and stored > max(before, 0)) or (stage == "linking" and stored >= total):
                trigger = now + extra
        elif now >= trigger:
            os.kill(process.pid, signal.SIGKILL)
            process.communicate(timeout=60)
            return True
        time.sleep(0.1)
    return False


def kill_loop(corpus: GeneratedCorpus, work: Path, kills_wanted: int, seed: int) -> CrashLog:
    """Kill `analyze` at seeded random moments until `kills_wanted` kills happened; check the store each time."""
    rng = random.Random(seed)
    log = CrashLog()
    total = len(corpus.ids)
    db = work / "round-0.db"
    while sum(log.kills.values()) < kills_wanted:
        before = counts(db) if db.exists() else (0, 0, 0)
        process = start_analyze(corpus.paths, db)
        if wait_and_kill(process, db, rng, before[0], total):
            log.kills[phase_of(before, counts(db), total)] += 1
            continue
        # Finished before its kill: it must have completed the work without redoing any.
        _, err = process.communicate()
        assert process.returncode == 0, err[-2000:]
        summary = parse_summary(err)
        assert summary is not None and summary[2] == 0 and summary[3] == before[0], (summary, before)
        check_complete(db, corpus.ids)
        log.rounds += 1
        db = work / f"round-{log.rounds}.db"
    stored = counts(db)[0] if db.exists() else 0
    run_to_completion(corpus, db, stored)
    log.reruns_checked = sum(log.kills.values()) + log.rounds + 1
    # And a last rerun on the finished store is a no-op.
    run_to_completion(corpus, db, total)
    return log


@pytest.mark.model
def test_killed_runs_leave_a_consistent_store_that_a_rerun_completes(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "gen", 20, SEED)
    log = kill_loop(corpus, tmp_path, kills_wanted=5, seed=SEED)
    assert sum(log.kills.values()) >= 5


@pytest.mark.slow
def test_twenty_kills_over_two_hundred_generated_articles_and_the_sample(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "gen", 200, SEED)
    started = time.perf_counter()
    log = kill_loop(corpus, tmp_path, kills_wanted=21, seed=SEED + 1)
    figures = {"articles": len(corpus.ids), "kills": dict(log.kills), "kills_total": sum(log.kills.values()),
               "rounds_completed": log.rounds, "lost": 0,
               "minutes": round((time.perf_counter() - started) / 60, 1)}
    out = os.environ.get("RECOUPE_CRASH_REPORT")
    if out:
        dump(figures, Path(out))
    assert sum(log.kills.values()) >= 20
