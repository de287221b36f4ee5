"""Concurrency: two `recoupe analyze` processes on one store, and a reader (the web app) while one writes.

Two writers with overlapping inputs, started together on a store that does not exist yet, must both succeed
and leave every article stored once, linked, with current timelines (the link stage runs under the store's
"link" lock, so neither links from a stale snapshot). A reader process requesting pages in a loop while
`analyze` writes must never get an error (WAL: readers never wait for the writer).
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from trust_corpus import build_corpus, check_complete, parse_summary, start_analyze, write_articles

RUN_TIMEOUT = 900

# The reader: the web app through FastAPI's TestClient when it exists, else the API functions the pages call.
# It loops until the stop file appears, then prints what it got as JSON.
READER = r'''
import json, sys, time
from pathlib import Path
db, stop = sys.argv[1], Path(sys.argv[2])
counts = {"requests": 0, "ok": 0, "not_found": 0, "bad": []}
try:
    from fastapi.testclient import TestClient
    from recoupe.serve.app import create_app
    client = TestClient(create_app(db))
    mode = "web"
except ImportError:
    client = None
    mode = "api"
from recoupe import api
from recoupe.store.links import list_stories

def web_round():
    pages = ["/", "/api/stories", "/search?q=piscine", "/api/search?q=conseil"]
    listing = client.get("/api/stories")
    if listing.status_code == 200:
        body = listing.json()
        items = body.get("stories", body) if isinstance(body, dict) else body
        for item in (items or [])[:3]:
            if isinstance(item, dict) and "id" in item:
                pages += [f"/stories/{item['id']}", f"/api/stories/{item['id']}"]
    pages += ["/articles/gen-0001", "/api/articles/gen-0002"]
    for page in pages:
        response = client.get(page)
        counts["requests"] += 1
        if response.status_code == 200:
            counts["ok"] += 1
        elif response.status_code == 404:
            counts["not_found"] += 1
        else:
            counts["bad"].append(f"{page}: {response.status_code} {response.text[:200]}")

def api_round():
    with api.open_store(db) as store:
        for call in (lambda: list_stories(store, 5), lambda: api.article_view(store, "gen-0001"),
                     lambda: store.search("piscine", 5), lambda: api.story_list(store, 5)):
            counts["requests"] += 1
            try:
                call()
                counts["ok"] += 1
            except Exception as exc:  # every failure is recorded and fails the test
                counts["bad"].append(f"{type(exc).__name__}: {exc}")

while not stop.exists():
    web_round() if mode == "web" else api_round()
    time.sleep(0.05)
counts["mode"] = mode
print(json.dumps(counts))
'''


@pytest.mark.model
def test_two_writers_on_one_new_store_lose_nothing(tmp_path: Path) -> None:
    shared = build_corpus(tmp_path / "shared", 12, seed=7)  # both runs read these (and the sample corpus)
    only_a = tmp_path / "only-a"
    only_b = tmp_path / "only-b"
    ids_a = write_articles(only_a, 30, seed=8, prefix="a")
    ids_b = write_articles(only_b, 30, seed=9, prefix="b")
    db = tmp_path / "store.db"
    first = start_analyze([*shared.paths, only_a], db)
    second = start_analyze([only_b, *shared.paths], db)
    outputs = [p.communicate(timeout=RUN_TIMEOUT) for p in (first, second)]
    for process, (_, err) in zip((first, second), outputs, strict=True):
        assert process.returncode == 0, err[-3000:]
        assert "error" not in err.lower(), err[-3000:]
    expected = shared.ids | set(ids_a) | set(ids_b)
    summaries = [parse_summary(err) for _, err in outputs]
    assert all(s is not None for s in summaries)
    added = sum(s[1] for s in summaries if s)
    assert added == len(expected), summaries  # each shared article added by exactly one of the two runs
    check_complete(db, frozenset(expected))
    conn = sqlite3.connect(db)
    try:
        dangling = conn.execute("SELECT count(*) FROM entity_links l LEFT JOIN global_entities g"
                                " ON g.id = l.global_id WHERE g.id IS NULL").fetchone()[0]
        unlinked_entities = conn.execute("SELECT count(*) FROM entities e LEFT JOIN entity_links l"
                                         " ON l.entity_id = e.id WHERE l.entity_id IS NULL").fetchone()[0]
        entities = conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    finally:
        conn.close()
    assert dangling == 0
    assert entities > 0 and unlinked_entities == 0
    rerun = start_analyze([*shared.paths, only_a, only_b], db)
    _, err = rerun.communicate(timeout=RUN_TIMEOUT)
    summary = parse_summary(err)
    assert rerun.returncode == 0 and summary is not None
    assert summary[1:3] == (0, 0), summary  # nothing added or updated: the two runs left nothing to do


@pytest.mark.model
def test_a_reader_never_fails_while_analyze_writes(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "gen", 60, seed=11)
    db = tmp_path / "store.db"
    from recoupe.store import open_store

    open_store(db).close()  # the reader opens an existing store, as a web server would
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    writer = start_analyze(corpus.paths, db)
    try:
        _, err = writer.communicate(timeout=RUN_TIMEOUT)
    finally:
        time.sleep(1)  # a few more requests on the finished store
        stop.touch()
        out, reader_err = reader.communicate(timeout=300)
    assert writer.returncode == 0, err[-3000:]
    assert reader.returncode == 0, reader_err[-3000:]
    counts = json.loads(out.strip().splitlines()[-1])
    assert counts["bad"] == [], counts["bad"][:5]
    assert counts["requests"] > 20 and counts["ok"] > 0, counts
    if importlib.util.find_spec("recoupe.serve") is not None:
        assert counts["mode"] == "web"  # the web app itself was requested, not only the API beneath it
    check_complete(db, corpus.ids)


def test_processes_opening_a_new_store_together_all_succeed(tmp_path: Path) -> None:
    # Before the fix, about half of such openings failed: each process read the schema version before
    # taking the write lock, then ran a migration another process had just applied.
    for attempt in range(5):
        db = tmp_path / f"new-{attempt}.db"
        code = f"from recoupe.store import open_store; open_store({str(db)!r}).close()"
        processes = [subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
                     for _ in range(3)]
        for process in processes:
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, err[-1000:]
