"""Shared fixtures: a spaCy pipeline loaded once per test session, an in-memory store, the shared folder."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["pg_server"]  # a PostgreSQL server and the `any_store` fixture over both back-ends

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


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


@pytest.fixture
def fresh_db() -> Iterator[Any]:
    """An empty in-memory store with the current schema."""
    from recoupe.store import open_store

    store = open_store(":memory:")
    try:
        yield store
    finally:
        store.close()
