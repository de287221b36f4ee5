"""The CLI on the five seed articles (../shared/corpus/seeds): what the foundation issue must show."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from recoupe.cli import app

pytestmark = pytest.mark.shared

GONE = [
    "Rechercher",
    "Dernières Infos - Irak",
    "Photo d'archives AFP",
    "Laisser un commentaire",
    "Votre adresse de messagerie ne sera pas publiée",
    "Aussi sur rt.com",
    "Vous pensez que vos amis seraient intéressés ?",
    "Partagez cette histoire !",
]


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory: pytest.TempPathFactory) -> dict:
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/corpus/seeds is not beside the project")
    tmp = tmp_path_factory.mktemp("seeds")
    out = tmp / "x.json"
    result = CliRunner().invoke(app, ["analyze", str(seeds), "--db", str(tmp / "s.db"), "--export", str(out),
                                      "--no-read", "--quiet"])
    assert result.exit_code == 0, result.output
    return {a["id"][:3]: a for a in json.loads(out.read_text(encoding="utf-8"))["articles"]}


def test_five_articles(seeds_export: dict) -> None:
    assert sorted(seeds_export) == ["000", "001", "002", "003", "004"]


def test_publication_dates(seeds_export: dict) -> None:
    assert seeds_export["002"]["published"] == "2021-07-23"
    assert seeds_export["002"]["published_precision"] == "day"
    for aid in ("000", "004"):
        assert seeds_export[aid]["published"] is not None
        assert seeds_export[aid]["published_precision"] in ("day", "month")
        assert seeds_export[aid]["published"].startswith("2021-07")


def test_sources(seeds_export: dict) -> None:
    assert seeds_export["000"]["source"] == "Belga"
    assert seeds_export["002"]["source"] == "Anadolu"
    assert seeds_export["004"]["source"] in ("RT", "rt.com")


def test_boilerplate_gone(seeds_export: dict) -> None:
    for aid, article in seeds_export.items():
        for line in GONE:
            assert line not in article["text"], f"{line!r} left in {aid}"


def test_oe_repaired(seeds_export: dict) -> None:
    assert "mise en œuvre" in seeds_export["000"]["text"]
    assert "?uvre" not in seeds_export["000"]["text"]


def test_repeated_lead_of_001_gone(seeds_export: dict) -> None:
    text = seeds_export["001"]["text"]
    lead = "Le gouvernement irakien veut conserver une présence militaire américaine"
    assert text.count(lead) == 1
    assert "coalition..." not in text


def test_every_sentence_of_reporting_kept(seeds_export: dict) -> None:
    # Reporting = the sentences of the seeds' long paragraphs (25 words or more), but an embedded
    # tweet, the agency's distribution notice and the headline of a related-link block ("Aussi sur ...").
    # Each must still open a stretch of the cleaned text.
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "seeds"
    checked = 0
    for path in sorted(seeds.glob("*.txt")):
        text = " ".join(seeds_export[path.name[:3]]["text"].split())
        previous = ""
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            words = paragraph.split()
            after_related, previous = previous.startswith("Aussi sur"), paragraph.strip() or previous
            if len(words) < 25 or "t.co/" in paragraph or "abonn" in paragraph or after_related:
                continue
            for sentence in re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«\"])", paragraph):
                head = sentence.split()[:6]
                if len(sentence.split()) < 8 or any("?" in w for w in head):
                    continue
                checked += 1
                assert " ".join(head) in text, f"lost from {path.name}: {' '.join(head)!r}"
    assert checked > 40
