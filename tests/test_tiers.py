"""Test tiers: tests are marked by the heavy fixtures they use, and the fast tier refuses the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from conftest import excludes_model, pytest_collection_modifyitems


@dataclass
class FakeItem:
    """Just what the marking hook reads and writes of a collected test."""

    fixturenames: list[str]
    markers: list[str] = field(default_factory=list)

    def add_marker(self, marker: str) -> None:
        self.markers.append(marker)


@pytest.mark.parametrize(("fixtures", "expected"), [
    (["tmp_path"], []),
    (["fr", "tmp_path"], []),
    (["nlp"], ["model"]),
    (["fr", "nlp", "my_module_fixture"], ["model"]),  # a fixture of the file asking for nlp
    (["export_of", "shared"], ["model", "shared"]),
    (["any_store", "pg_server"], ["postgres"]),
])
def test_tests_are_marked_by_the_fixtures_they_use(fixtures: list[str], expected: list[str]) -> None:
    item = FakeItem(fixtures)
    pytest_collection_modifyitems([item])  # type: ignore[list-item]
    assert sorted(item.markers) == expected


def test_this_test_is_not_in_the_model_tier(request: pytest.FixtureRequest) -> None:
    assert request.node.get_closest_marker("model") is None


def test_a_test_using_the_model_is_marked_by_the_real_hook(request: pytest.FixtureRequest, nlp: Any) -> None:
    assert request.node.get_closest_marker("model") is not None


@dataclass
class FakeConfig:
    markexpr: str

    def getoption(self, name: str, default: Any = None) -> Any:
        return self.markexpr if name == "markexpr" else default


@pytest.mark.parametrize(("expr", "fast"), [
    ("", False), ("not slow", False), ("model", False),
    ("not slow and not model and not browser", True), ("not model", True),
])
def test_the_fast_tier_is_a_run_that_deselects_the_model(expr: str, fast: bool) -> None:
    assert excludes_model(FakeConfig(expr)) is fast  # type: ignore[arg-type]
