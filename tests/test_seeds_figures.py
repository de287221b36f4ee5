"""The seeds' figures compared like with like (issue 13): what the comparison of the five seed articles must show.

Articles are named by their file's number: 000 is Belga's, 002 Anadolu's, 003
Al-Monitor's, 004 RT's. The assertions are about our output (values, periods,
conflicts), not copies of the articles' text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from recoupe.cli import app

pytestmark = pytest.mark.shared

_CALENDAR = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory, shared: Path, nlp: Any) -> dict[str, Any]:
    """The analysis export of the seeds and the comparison of their story (`compare --format json`)."""
    folder = shared / "corpus" / "seeds"
    tmp = tmp_path_factory.mktemp("seeds-figures")
    db, out = tmp / "s.db", tmp / "x.json"
    runner = CliRunner()
    result = runner.invoke(app, ["analyze", str(folder), "--db", str(db), "--export", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    export = json.loads(out.read_text(encoding="utf-8"))
    belga = next(a["id"] for a in export["articles"] if a["id"].startswith("000"))
    story = tmp / "story.json"
    result = runner.invoke(app, ["compare", belga, "--db", str(db), "--format", "json", "--out", str(story)])
    assert result.exit_code == 0, result.output
    return {"export": export, "comparison": json.loads(story.read_text(encoding="utf-8"))["comparison"]}


def claim(claims: list[dict[str, Any]], article: str, value: float) -> dict[str, Any] | None:
    return next((c for c in claims if c["article"].startswith(article) and c["value"] == value), None)


def test_foreign_troops_disagree_for_july_2021(seeds: dict[str, Any]) -> None:
    flagged = [k for k in seeds["comparison"]["conflicts"]
               if claim(k["claims"], "000", 3500) and claim(k["claims"], "002", 3000)]
    assert len(flagged) == 1
    assert flagged[0]["period"] == "2021-07"
    for article, value in (("000", 3500), ("002", 3000)):
        c = claim(flagged[0]["claims"], article, value)
        assert c is not None and c["bound"] == "about" and "according_to" in c


def test_us_troops_agree_in_july_2021_and_were_about_5000_in_june_2020(seeds: dict[str, Any]) -> None:
    comparison = seeds["comparison"]
    [us] = [s for s in comparison["series"] if claim(s["claims"], "004", 2500)]
    for article in ("000", "002", "004"):
        c = claim(us["claims"], article, 2500)
        assert c is not None and c["period"] == "2021-07", article
    earlier = claim(us["claims"], "003", 5000)
    assert earlier is not None and earlier["period"] == "2020-06" and earlier["bound"] == "about"
    disputed = {(c["article"], c["value"]) for k in comparison["conflicts"] for c in k["claims"]}
    assert not any(value in (2500, 5000) for _, value in disputed)


def test_more_than_5200_is_before_july_2021_and_in_no_conflict(seeds: dict[str, Any]) -> None:
    [fig] = [f for f in seeds["export"]["figures"] if f["article"].startswith("004") and f["value"] == 5200]
    assert fig["bound"] == "at_least"
    as_of = fig["as_of"] or ""
    assert not (_CALENDAR.match(as_of) and as_of[:7] >= "2021-07")
    assert not any(claim(k["claims"], "004", 5200) for k in seeds["comparison"]["conflicts"])


def test_no_disagreement_inside_one_article_or_outlet(seeds: dict[str, Any]) -> None:
    for conflict in seeds["comparison"]["conflicts"]:
        assert len({c["article"] for c in conflict["claims"]}) >= 2
        assert len({c["source"] for c in conflict["claims"]}) >= 2


def test_series_never_join_two_subjects(seeds: dict[str, Any]) -> None:
    for series in seeds["comparison"]["series"]:
        assert len({(c["unit"] or "").lower() for c in series["claims"]} - {"soldats", "américains"}) <= 1
    kinds = {(s["kind"], tuple(s["scope"])) for s in seeds["comparison"]["series"]}
    assert len(kinds) == len(seeds["comparison"]["series"])
