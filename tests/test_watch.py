"""`recoupe watch`: what lands in a folder is stored and linked once, visible to a running app, and a kill loses nothing.

The landing tests need no model; the watcher tests read with spaCy and link; the kill test runs the real
command in a subprocess and SIGKILLs it mid-stream.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_helpers import children_of, running
from trust_corpus import check_complete, read_state, recoupe_command, write_articles

from recoupe.ingest import IngestIssue, IngestOptions
from recoupe.live.landing import Landing
from recoupe.records import Article

# Longest a watcher test waits for something that should take a few seconds (a loaded 2-core machine).
WAIT_S = 120


def ids_of(items: list[Article | IngestIssue]) -> list[str]:
    return [i.id for i in items if isinstance(i, Article)]


def line(article_id: str, text: str) -> str:
    return json.dumps({"id": article_id, "text": text}, ensure_ascii=False) + "\n"


def drop(folder: Path, name: str, text: str) -> None:
    """Write a file the way the watch convention asks: under a hidden name, then renamed into place."""
    hidden = folder / f".{name}.part"
    hidden.write_text(text, encoding="utf-8")
    os.replace(hidden, folder / name)


# --- landing: what a look finds -------------------------------------------------------------------


def test_a_file_renamed_into_place_is_found_once_and_files_being_written_are_not(tmp_path: Path) -> None:
    landing = Landing(tmp_path)
    (tmp_path / ".brouillon.txt").write_text("Un texte en cours d'écriture.", encoding="utf-8")
    (tmp_path / "envoi.txt.part").write_text("Un autre en cours.", encoding="utf-8")
    assert ids_of(list(landing.look())) == []
    drop(tmp_path, "depeche.txt", "Le port a rouvert mardi, selon la capitainerie.")
    assert ids_of(list(landing.look())) == ["depeche"]
    assert list(landing.look()) == []


def test_a_file_replaced_in_place_is_read_again(tmp_path: Path) -> None:
    landing = Landing(tmp_path)
    drop(tmp_path, "note.txt", "Première version de la note.")
    assert ids_of(list(landing.look())) == ["note"]
    drop(tmp_path, "note.txt", "Deuxième version, corrigée, de la note.")
    found = [i for i in landing.look() if isinstance(i, Article)]
    assert [a.raw_text for a in found] == ["Deuxième version, corrigée, de la note."]


def test_jsonl_lines_count_once_their_newline_is_written(tmp_path: Path) -> None:
    feed = tmp_path / "fil.jsonl"
    landing = Landing(tmp_path)
    feed.write_text(line("a1", "Le premier envoi du fil."), encoding="utf-8")
    assert ids_of(list(landing.look())) == ["a1"]
    half = line("a2", "Le deuxième envoi, écrit en deux fois.")
    with feed.open("a", encoding="utf-8") as f:
        f.write(half[:20])
    assert list(landing.look()) == []
    with feed.open("a", encoding="utf-8") as f:
        f.write(half[20:] + line("a3", "Le troisième envoi."))
    items = list(landing.look())
    assert ids_of(items) == ["a2", "a3"]
    assert [i.origin for i in items if isinstance(i, Article)] == [f"{feed}:2", f"{feed}:3"]


def test_a_truncated_or_replaced_jsonl_is_read_from_its_start(tmp_path: Path) -> None:
    feed = tmp_path / "fil.jsonl"
    landing = Landing(tmp_path)
    feed.write_text(line("b1", "Un envoi.") + line("b2", "Un autre envoi."), encoding="utf-8")
    assert ids_of(list(landing.look())) == ["b1", "b2"]
    replacement = tmp_path / ".fil.jsonl.part"
    replacement.write_text(line("b3", "Le fil recommencé."), encoding="utf-8")
    os.replace(replacement, feed)
    assert ids_of(list(landing.look())) == ["b3"]


def test_a_bad_or_over_long_line_is_one_issue_and_the_next_lines_go_in(tmp_path: Path) -> None:
    feed = tmp_path / "fil.jsonl"
    landing = Landing(tmp_path, IngestOptions(max_bytes=200))
    feed.write_text("{pas du json\n" + line("c1", "x" * 400) + line("c2", "Un envoi court."), encoding="utf-8")
    items = list(landing.look())
    issues = [i for i in items if isinstance(i, IngestIssue)]
    assert [i.origin.rsplit(":", 1)[1] for i in issues] == ["1", "2"]
    assert "bad JSON" in issues[0].reason and "too large" in issues[1].reason
    assert ids_of(items) == ["c2"]


def test_a_consumer_that_stops_early_leaves_the_rest_for_the_next_look(tmp_path: Path) -> None:
    feed = tmp_path / "fil.jsonl"
    feed.write_text("".join(line(f"d{i}", f"Envoi numéro {i}.") for i in range(5)), encoding="utf-8")
    landing = Landing(tmp_path)
    looked = landing.look()
    first = [next(looked), next(looked)]
    looked.close()
    assert ids_of(first) == ["d0", "d1"]
    assert ids_of(list(landing.look())) == ["d2", "d3", "d4"]


def test_a_deleted_file_is_forgotten_and_a_new_one_of_that_name_is_read(tmp_path: Path) -> None:
    landing = Landing(tmp_path)
    drop(tmp_path, "brève.txt", "Une brève du matin.")
    assert ids_of(list(landing.look())) == ["brève"]
    (tmp_path / "brève.txt").unlink()
    assert list(landing.look()) == []
    drop(tmp_path, "brève.txt", "Une brève du soir.")
    assert ids_of(list(landing.look())) == ["brève"]


# --- the watcher: stored once, linked, visible ----------------------------------------------------


class Watcher:
    """`recoupe.api.watch` in a thread over a store file, stopped by `stop()`."""

    def __init__(self, folder: Path, db: Path) -> None:
        from recoupe import api

        self.api, self.db, self.stopping = api, db, threading.Event()
        options = api.WatchOptions(poll_seconds=0.1)
        self.engine = api.Engine(options.analyze)
        self.store = api.open_store(str(db))
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(folder, options), daemon=True)

    def _run(self, folder: Path, options: object) -> None:
        try:
            self.report = self.api.watch(folder, self.store, self.engine, options,  # type: ignore[arg-type]
                                         stop=self.stopping.is_set)
        except BaseException as exc:  # handed to the test thread, which fails with it
            self.error = exc

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(WAIT_S)
        self.engine.close()
        self.store.close()
        assert self.error is None, repr(self.error)


@pytest.fixture
def watcher(tmp_path: Path, nlp: object) -> Iterator[tuple[Path, Watcher]]:
    folder = tmp_path / "arrivals"
    folder.mkdir()
    w = Watcher(folder, tmp_path / "store.db")
    w.thread.start()
    yield folder, w
    if w.thread.is_alive():
        w.stop()


def wait_until(check: object, what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def linked_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM articles WHERE story IS NOT NULL")}
    except sqlite3.OperationalError:  # the watcher has not created the tables yet
        return set()
    finally:
        conn.close()


def test_files_and_lines_arriving_while_it_runs_are_all_stored_once_and_linked(
        tmp_path: Path, watcher: tuple[Path, Watcher]) -> None:
    folder, w = watcher
    source = tmp_path / "written"
    ids = write_articles(source, 24, seed=7, prefix="arr")
    rng = random.Random(3)
    feed = folder / "fil.jsonl"
    expected = set(ids)
    for i, article_id in enumerate(ids):
        if i % 3 == 0:  # a third of them as lines of a growing JSONL, the rest as files renamed into place
            text = (source / f"{article_id}.txt").read_text(encoding="utf-8")
            with feed.open("a", encoding="utf-8") as f:
                f.write(line(article_id, text))
        else:
            drop(folder, f"{article_id}.txt", (source / f"{article_id}.txt").read_text(encoding="utf-8"))
        time.sleep(rng.uniform(0, 0.3))
    wait_until(lambda: linked_ids(w.db) >= expected, "every arrival to be linked")
    w.stop()
    check_complete(w.db, frozenset(expected))


def test_an_arrival_is_visible_to_a_running_app_on_the_same_store(watcher: tuple[Path, Watcher]) -> None:
    from fastapi.testclient import TestClient

    from recoupe.serve.app import create_app

    folder, w = watcher
    drop(folder, "premier.txt", "Le barrage a cédé dimanche, a indiqué la préfecture.\n")
    wait_until(lambda: "premier" in linked_ids(w.db), "the first article")
    with TestClient(create_app(str(w.db))) as client:
        assert client.get("/api/articles/second").status_code == 404
        drop(folder, "second.txt", "Les secours ont évacué lundi deux villages, selon la préfecture.\n")
        wait_until(lambda: client.get("/api/articles/second").status_code == 200, "the app to show the article")
        assert client.get("/api/articles/second").json()["article"]["id"] == "second"
    w.stop()


def stored_ids(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM articles")}
    except sqlite3.OperationalError:
        return set()
    finally:
        conn.close()


def test_a_store_no_second_connection_can_open_is_linked_in_place(fresh_db: object, tmp_path: Path) -> None:
    """In memory, the watcher links between its looks as before (no thread); a file store gets the thread."""
    from recoupe.lang import load_language
    from recoupe.link.driver import WarmLinkers
    from recoupe.live.linking import LinkBeside
    from recoupe.pipeline import AnalyzeReport
    from recoupe.store import open_store

    fr = load_language("fr")
    looks = [AnalyzeReport(), AnalyzeReport()]
    here = LinkBeside(fresh_db, fr, WarmLinkers())  # type: ignore[arg-type]
    here.start(looks)
    assert here.finished() == looks  # done at once, in this thread
    here.close()
    store = open_store(tmp_path / "store.db")
    beside = LinkBeside(store, fr, WarmLinkers())
    threads = {t.name for t in threading.enumerate()}
    beside.start(looks[:1])
    assert any(t.name.startswith("recoupe-link") for t in threading.enumerate() if t.name not in threads)
    beside.wait()
    assert beside.finished() == looks[:1] and beside.idle
    beside.close()
    store.close()


def test_an_article_landing_during_a_long_link_is_stored_before_that_link_ends(
        tmp_path: Path, nlp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A link run held back (as a big story's rebuild holds it) keeps no later arrival from being stored."""
    from recoupe.link import driver

    real = driver.link_store
    held, release = threading.Event(), threading.Event()

    def slow_link(*args: object, **kwargs: object) -> object:
        if "un" in stored_ids(tmp_path / "store.db") and not release.is_set():
            held.set()
            release.wait(WAIT_S)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(driver, "link_store", slow_link)
    folder = tmp_path / "arrivals"
    folder.mkdir()
    w = Watcher(folder, tmp_path / "store.db")
    w.thread.start()
    try:
        drop(folder, "un.txt", "Le barrage a cédé dimanche soir, a indiqué la préfecture de l'Aude.\n")
        wait_until(held.is_set, "the link of the first arrival to start")
        drop(folder, "deux.txt", "Les secours ont évacué lundi deux villages de l'Aude, selon la préfecture.\n")
        wait_until(lambda: "deux" in stored_ids(w.db), "the second arrival to be stored while the first is linked")
        assert "un" not in linked_ids(w.db)  # the first one's link was still held
    finally:
        release.set()
    wait_until(lambda: linked_ids(w.db) >= {"un", "deux"}, "both arrivals to be linked")
    w.stop()
    assert w.report.linked == 2 and w.report.added == 2


@pytest.mark.model  # its subprocesses load spaCy
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_watcher_killed_mid_stream_then_restarted_loses_and_doubles_nothing(tmp_path: Path, workers: str) -> None:
    folder, db = tmp_path / "arrivals", tmp_path / "store.db"
    ids = write_articles(folder, 150, seed=11, prefix="kill")
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    process = subprocess.Popen(recoupe_command("watch", str(folder), "--db", str(db), "--quiet", "--workers", workers),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_until(lambda: (db.exists() and len(read_state(db).ids) > 0) or process.poll() is not None,
                   "the first batch to be stored")
        assert process.poll() is None, process.communicate()
        children = children_of(process.pid)  # with --workers 2: its reading workers (forked from it)
        process.send_signal(signal.SIGKILL)
        process.wait(WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
    assert 0 < len(read_state(db).ids) < len(ids), "the kill was meant to land mid-stream"
    if workers == "2":
        assert children
        wait_until(lambda: not any(running(p) for p in children), "the killed watcher's workers to exit")
    rerun = subprocess.run(recoupe_command("watch", str(folder), "--db", str(db), "--once"),
                           capture_output=True, text=True, env=env, timeout=WAIT_S * 5)
    assert rerun.returncode == 0, rerun.stderr
    check_complete(db, frozenset(ids))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_stops_the_watcher_cleanly_with_its_summary(tmp_path: Path, nlp: object, workers: str) -> None:
    folder, db = tmp_path / "arrivals", tmp_path / "store.db"
    folder.mkdir()
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    process = subprocess.Popen(recoupe_command("watch", str(folder), "--db", str(db), "--poll", "0.1",
                                               "--workers", workers),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_until(lambda: db.exists() or process.poll() is not None, "the store to be created")
        drop(folder, "unique.txt", "La digue a tenu mercredi, selon les pompiers.\n")
        wait_until(lambda: "unique" in linked_ids(db) or process.poll() is not None, "the article to be linked")
        drop(folder, "suite.txt", "La digue a cédé jeudi soir, selon les pompiers.\n")  # workers started again
        wait_until(lambda: "suite" in linked_ids(db) or process.poll() is not None, "the second article")
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=WAIT_S)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "stopped: 2 added" in err, (out, err)
    check_complete(db, frozenset({"unique", "suite"}))


# --- warm linkers link as a cold run does ---------------------------------------------------------


def links_of(db: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's story and each mention entity's global entity."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        stories = dict(conn.execute("SELECT id, story FROM articles").fetchall())
        entities = dict(conn.execute("SELECT entity_id, global_id FROM entity_links").fetchall())
        return stories, entities
    finally:
        conn.close()


def test_warm_linkers_link_as_cold_runs_and_notice_another_process_linking(tmp_path: Path, nlp: object) -> None:
    from recoupe import api
    from recoupe.link.driver import WarmLinkers

    parts = [tmp_path / f"part{i}" for i in range(3)]
    for i, part in enumerate(parts):
        write_articles(part, 8, seed=20 + i, prefix=f"p{i}")
    engine = api.Engine(api.AnalyzeOptions())
    try:
        cold_db, warm_db = tmp_path / "cold.db", tmp_path / "warm.db"
        with api.open_store(str(cold_db)) as store:
            for part in parts:
                api.analyze([part], store, engine=engine)
        warm = WarmLinkers()
        with api.open_store(str(warm_db)) as store:
            api.analyze_items(api.iter_articles([parts[0]]), store, engine=engine, warm=warm)
            kept = warm.linker
            api.analyze([parts[1]], store, engine=engine)  # another run links without these linkers
            assert not warm.matches(store)
            api.analyze_items(api.iter_articles([parts[2]]), store, engine=engine, warm=warm)
            assert warm.linker is not kept, "stale linkers were reused after another run linked"
            assert warm.matches(store)
    finally:
        engine.close()
    assert links_of(warm_db) == links_of(cold_db)
