"""Shared fixtures: a spaCy pipeline loaded once per test session, an in-memory store, the shared folder;
and the markers that sort tests into tiers by the resources they use.

A test that uses a fixture bringing a heavy resource (the `nlp` model, a PostgreSQL server, ../shared) is
marked for it here, whatever its file says, so a new test cannot slip into the fast tier by forgetting a
marker. The fast tier (`make test-fast`, `-m "not model ..."`) also makes spaCy's loader fail the test
that calls it: a test reaching the model some other way (through `analyze`, a Reader) fails there and
must be marked `model`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["pg_server"]  # a PostgreSQL server and the `any_store` fixture over both back-ends

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

# Fixtures that bring a heavy resource, and the marker of the tests that use them (directly or through
# another fixture): the fixtures are the one way in, so marking by fixture catches every new test.
RESOURCE_MARKERS = {"nlp": "model", "export_of": "model", "pg_server": "postgres", "shared": "shared", "spark": "spark"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test by the heavy resources its fixtures bring (see RESOURCE_MARKERS)."""
    missing_spark = spark_missing()
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for fixture, marker in RESOURCE_MARKERS.items():
            if fixture in names:
                item.add_marker(marker)
        if missing_spark and item.get_closest_marker("spark"):
            item.add_marker(pytest.mark.skip(reason=missing_spark))


def spark_missing() -> str | None:
    """Why the Spark tests cannot run here (no pyspark, or no Java), or None: one place for every Spark test."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'recoupe[spark]')"
    if shutil.which("java") is None:
        return "no java on PATH (the Spark engine needs Java 17+)"
    return None


def excludes_model(config: pytest.Config) -> bool:
    """Whether this run deselects the tests that need the spaCy model (the fast tier)."""
    return "not model" in str(config.getoption("markexpr", default="") or "")


@pytest.fixture(scope="session", autouse=True)
def refuse_model_in_fast_tier(request: pytest.FixtureRequest) -> Iterator[None]:
    """In a run without the model tier, fail any test that loads a spaCy model: it needs the `model`
    marker (or the `nlp` fixture), else the fast tier silently grows by 7 s a load."""
    if not excludes_model(request.config):
        yield
        return
    import spacy

    def refuse(name: object, *args: object, **kwargs: object) -> None:
        pytest.fail(f"this test loads the spaCy model {name!r}: use the `nlp` fixture or mark it `model`",
                    pytrace=False)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spacy, "load", refuse)
        yield


@pytest.fixture(scope="session")
def fr() -> Any:
    """The French language plug."""
    from recoupe.lang import load_language

    return load_language("fr")


@pytest.fixture(scope="session")
def nlp(fr: Any) -> Any:
    """fr_core_news_md, loaded once for the whole session (7 s a load)."""
    from recoupe.read.nlp import load_nlp

    return load_nlp(fr)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the project; skips the test when it is absent, fails in CI (CI set),
    which always runs with ../shared beside the clone."""
    if not (SHARED / "eval").is_dir():
        if os.environ.get("CI"):
            pytest.fail("../shared is missing in CI: tests on the shared corpora cannot run")
        pytest.skip("../shared is not beside the project")
    return SHARED


def analyze_to_export(source: Path, folder: Path) -> dict[str, Any]:
    """Analyze a folder or JSONL file into a fresh store under `folder` with the local engine and return
    its export (../shared/eval/OUTPUT.md)."""
    from recoupe.pipeline import analyze
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    with open_store(folder / "store.db") as store:
        report = analyze([source], store)
        assert report.failed == 0
        write_export(store, folder / "export.json")
    return dict(json.loads((folder / "export.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def export_of() -> Callable[[Path, Path], dict[str, Any]]:
    """`analyze_to_export`, for tests that need a corpus's export."""
    return analyze_to_export


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] Spark session for the test process (Spark start-up costs seconds)."""
    from recoupe.spark import build_session

    session = build_session("local[2]")
    yield session
    session.stop()


@pytest.fixture
def fresh_db() -> Iterator[Any]:
    """An empty in-memory store with the current schema."""
    from recoupe.store import open_store

    store = open_store(":memory:")
    try:
        yield store
    finally:
        store.close()
