"""The local engine's workers: started by fork from a loaded engine where the platform allows, stopped before the
link stage, whose memory must not sit beside theirs."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from process_helpers import running

from recoupe.link import driver
from recoupe.link.driver import LinkReport
from recoupe.pipeline import AnalyzeOptions, Engine, _worker_engine, analyze
from recoupe.read import workers
from recoupe.records import Article, Reading
from recoupe.store import Store

TEXTS = [
    "Le conseil régional a voté jeudi une aide aux éleveurs touchés par la sécheresse.",
    "Les pompiers ont maîtrisé dans la nuit un incendie dans un entrepôt du port.",
    "Une exposition consacrée aux affiches de cinéma ouvre samedi au musée de la ville.",
]


def unread(articles: list[Article], on_error: object = None) -> list[Reading | None]:
    """A reading stage that reads nothing: these tests watch the order of the stages, not what is read."""
    return [None] * len(articles)


@pytest.mark.parametrize("count", [1, 3])
def test_workers_stop_before_the_link_stage(tmp_path: Path, fresh_db: Store, monkeypatch: pytest.MonkeyPatch,
                                            count: int) -> None:
    for n, text in enumerate(TEXTS[:count]):
        (tmp_path / f"a{n}.txt").write_text(text, encoding="utf-8")
    engine = Engine(AnalyzeOptions(read=True, link=True))
    events: list[str] = []
    monkeypatch.setattr(engine, "read", unread)
    monkeypatch.setattr(engine, "close", lambda: events.append("close"))

    def link(store: Store, lang: object, warm: object = None, workers: int = 1) -> LinkReport:
        events.append(f"link {store.count_articles()}")
        return LinkReport(linked=store.count_articles())

    monkeypatch.setattr(driver, "link_store", link)
    report = analyze([tmp_path], fresh_db, engine.options, engine=engine)
    assert events == ["close", f"link {count}"] and report.linked == count


def test_a_run_that_does_not_link_keeps_its_workers(tmp_path: Path, fresh_db: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    engine = Engine(AnalyzeOptions(read=True, link=False))
    closed: list[bool] = []
    monkeypatch.setattr(engine, "read", unread)
    monkeypatch.setattr(engine, "close", lambda: closed.append(True))
    analyze([tmp_path], fresh_db, engine.options, engine=engine)
    assert not closed  # `recoupe watch` stores without linking and keeps its warm workers for the next arrival


def cleaned_by_workers(engine: Engine) -> list[tuple[str, str, str | None]]:
    """Three articles handed to the engine's workers: each one's id, clean text and language as they came back."""
    articles = [Article(id=f"a{n}", raw_text=text, source="test") for n, text in enumerate(TEXTS)]
    try:
        return [(a.id, a.clean_text, a.language) for a, _, _ in engine.process(articles)()]
    finally:
        engine.close()


def test_forked_workers_clean_as_spawned_ones_and_the_parent_drops_its_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    options = AnalyzeOptions(read=False, workers=2)
    _worker_engine.cache_clear()
    forked = cleaned_by_workers(Engine(options))
    assert _worker_engine.cache_info().currsize == 0  # a bulk run reads nothing here once its workers are forked
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    spawned = cleaned_by_workers(Engine(options))
    assert forked == spawned
    assert [aid for aid, _, _ in forked] == ["a0", "a1", "a2"] and all(text for _, text, _ in forked)


# A main process that starts its workers, prints their pids and dies as SIGKILL would leave it: pool never stopped.
ORPHANED = """
import multiprocessing, os
from recoupe.pipeline import AnalyzeOptions, Engine
engine = Engine(AnalyzeOptions(read=False, workers=2))  # kept: a pool dropped at once would stop its workers
engine.start_workers()
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
os._exit(0)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_workers_exit_when_their_main_process_is_killed() -> None:
    done = subprocess.run([sys.executable, "-c", ORPHANED], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (done.stdout, done.stderr)
    pids = [int(p) for p in done.stdout.split() if p.isdigit()]
    assert len(pids) == 2, (done.stdout, done.stderr)
    deadline = time.monotonic() + 30 * workers.PARENT_POLL_S  # a loaded machine: a poll, then the exit
    while any(running(p) for p in pids):
        assert time.monotonic() < deadline, f"workers {pids} outlived their main process"
        time.sleep(0.1)


# A bulk run's engine: readers forked from one load, the main process's copy dropped; prints what came back.
FORKED_READERS = """
import json
from recoupe.pipeline import AnalyzeOptions, Engine
from recoupe.read.nlp import loaded_models
from recoupe.records import Article
engine = Engine(AnalyzeOptions(workers=2))
engine.start_workers()
held = loaded_models()
text = "Le maire de Lyon, Grégory Doucet, a inauguré lundi 3 mai le nouveau pont sur la Saône."
done = engine.process([Article(id=f"a{n}", raw_text=text, source="t") for n in range(4)])()
engine.close()
print(json.dumps({"held": held, "read": [[e.name for e in r.entities] for _, r, _ in done if r is not None]}))
"""


@pytest.mark.model  # the subprocess loads spaCy
def test_readers_fork_from_one_load_and_the_bulk_run_drops_its_copy() -> None:
    done = subprocess.run([sys.executable, "-c", FORKED_READERS], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["held"] == 0  # the main process of a bulk run reads nothing: no model kept there
    assert len(result["read"]) == 4 and all("Grégory Doucet" in names for names in result["read"])
