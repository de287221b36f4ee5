"""bench/bench_web.py on a small store: it starts the real server, measures every page, and prints numbers."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_web.py"
# Three sample articles: enough for a story of several articles, quick to read (~8 s with spaCy's load).
SAMPLE_FILES = ("01_depeche-afn.txt", "02_phare-du-levant.txt", "03_nil-presse.txt")


def load_bench() -> ModuleType:
    """Import bench/bench_web.py (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_web", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_bench()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:  # the model, shared with the session (and marks the tests `model`)
    """A store of three sample articles, read and linked."""
    from recoupe import api
    from recoupe.sample import sample_corpus_path

    db = tmp_path_factory.mktemp("bench-web") / "small.db"
    with api.open_store(db) as store:
        report = api.analyze([sample_corpus_path() / name for name in SAMPLE_FILES], store)
    assert report.added == len(SAMPLE_FILES)
    return db


def test_percentile_is_nearest_rank(bench: ModuleType) -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.percentile(values, 0.95) == 95.0
    assert bench.percentile(values, 0.5) == 50.0
    assert bench.percentile([7.0], 0.95) == 7.0
    assert bench.percentile([3.0, 1.0, 2.0], 1.0) == 3.0


def test_targets_cover_stories_articles_and_searches(bench: ModuleType, small_store: Path) -> None:
    conn = bench.open_read_only(str(small_store))
    try:
        facts = bench.read_store_facts(conn)
        targets = bench.pick_targets(conn, ["canal", "navire"], seed=1, distinct=2)
    finally:
        conn.close()
    assert facts.articles == len(SAMPLE_FILES)
    urls = [url for t in targets for url in t.urls]
    assert "/" in urls
    assert any(u.startswith("/stories/") for u in urls)
    assert "/search?q=canal" in urls and "/search?q=navire" in urls
    cold = [t for t in targets if not t.warm]
    assert cold, "random stories and articles should be measured cold"
    for t in cold:
        assert 1 <= len(t.urls) <= 2 and len(set(t.urls)) == len(t.urls)
    random_articles = next(t for t in cold if t.urls[0].startswith("/articles/"))
    assert len(random_articles.urls) == 2


def test_bench_measures_every_page_on_a_real_server(bench: ModuleType, small_store: Path) -> None:
    facts, results = bench.run_bench(str(small_store), 4, ["canal"])
    assert facts.articles == len(SAMPLE_FILES)
    assert len(results) >= 5
    for r in results:
        assert r.requests == 4 or ("cold" in r.name and 1 <= r.requests < 4)
        assert r.failures == 0, f"{r.name}: non-200 answers"
        assert 0 < r.median_ms <= r.p95_ms <= r.max_ms
        assert r.first_ms > 0
    report = bench.format_report(str(small_store), facts, results)
    assert f"articles {facts.articles}" in report and "p95 ms" in report


def test_bench_reports_a_missing_or_foreign_store_in_one_line(bench: ModuleType, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--db", str(tmp_path / "none.db")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "no such store" in err
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert bench.main(["--db", str(foreign)]) == 2
    assert "not a recoupe store" in capsys.readouterr().err
