"""Language per article on Spark: French articles and articles of the English test plug (tests/plugs/en) in one
run, each read by its own language's plug and linked by its language's entity linker; an article in a language
without a plug stored and said unread. The run, loaded, is what the local engine makes of the same input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from recoupe.lang import PATH_VARIABLE

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
]

PLUGS = Path(__file__).parent / "plugs"

# Sentences written for this test: one event told in French, in English twice, and in German (no plug).
ARTICLES = [
    {"id": "fr-geneve", "published": "2025-04-01", "title": "Ada Lovelace à Genève",
     "text": "Ada Lovelace a présenté mardi à Genève, devant l'Organisation mondiale de la santé, un programme "
             "de calcul des épidémies.\n\nSelon Ada Lovelace, le logiciel prévoit la propagation d'une "
             "épidémie trois semaines à l'avance, et Grace Hopper doit le tester au Kenya."},
    {"id": "en-geneva", "published": "2025-04-01", "title": "Lovelace in Geneva",
     "text": "Ada Lovelace presented an epidemic forecasting program to the World Health Organization in "
             "Geneva on Tuesday.\n\nThe program forecasts an epidemic three weeks ahead, Lovelace said, and "
             "Grace Hopper will test it in Kenya."},
    {"id": "en-kenya", "published": "2025-04-02", "title": "Hopper to test the program in Kenya",
     "text": "Grace Hopper will test the epidemic forecasting program of Lovelace in Nairobi and Kibera, "
             "the WHO said in Geneva.\n\nHopper expects the epidemic forecast to help hospitals in Kenya."},
    {"id": "de-genf", "published": "2025-04-02", "title": "Lovelace in Genf",
     "text": "Ada Lovelace hat am Dienstag in Genf der Weltgesundheitsorganisation ein Programm vorgestellt, "
             "das die Ausbreitung von Epidemien drei Wochen im Voraus berechnet und in Kenia getestet wird."},
]


def partition(export: dict[str, Any], key: str, members: str) -> set[frozenset[Any]]:
    return {frozenset((m["article"], m["start"], m["end"]) if isinstance(m, dict) else m for m in x[members])
            for x in export[key]}


@pytest.fixture
def exports(spark: Any, nlp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, dict[str, Any]]:
    """The articles through Spark (loaded into a store) and through the local engine, with the test plugs."""
    from recoupe.pipeline import analyze
    from recoupe.spark import SparkOptions, load_parquet, run_spark
    from recoupe.store import open_store
    from recoupe.tell.export import write_export

    monkeypatch.setenv(PATH_VARIABLE, str(PLUGS))
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    report = run_spark(str(jsonl), str(tmp_path / "out"), SparkOptions(), spark=spark)
    assert report.articles == 4 and report.read == 3
    out: dict[str, dict[str, Any]] = {}
    for name in ("spark", "local"):
        with open_store(tmp_path / f"{name}.db") as store:
            if name == "spark":
                load_parquet(tmp_path / "out", store)
            else:
                analyze([jsonl], store)
            write_export(store, tmp_path / f"{name}.json")
        out[name] = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    return out


def test_each_article_is_read_and_linked_in_its_own_language(exports: dict[str, dict[str, Any]]) -> None:
    data = exports["spark"]
    articles = {a["id"]: a for a in data["articles"]}
    assert {k: a["language"] for k, a in articles.items()} == {"fr-geneve": "fr", "en-geneva": "en",
                                                                 "en-kenya": "en", "de-genf": "de"}
    assert "de" in articles["de-genf"]["unread"]  # stored, said unread: no plug reads German
    assert all("unread" not in articles[k] for k in ("fr-geneve", "en-geneva", "en-kenya"))
    people = {e["id"]: {m["article"] for m in e["mentions"]} for e in data["entities"] if e["type"] == "PER"}
    # English names linked by the English linker (its ids carry the code), never merged with French ones
    assert {"en-geneva", "en-kenya"} in [arts for gid, arts in people.items() if gid.startswith("en:")]
    assert all(not (arts & {"en-geneva", "en-kenya"}) for gid, arts in people.items() if not gid.startswith("en:"))
    assert any("fr-geneve" in arts for gid, arts in people.items() if not gid.startswith("en:"))


def test_the_run_is_what_the_local_engine_makes_of_it(exports: dict[str, dict[str, Any]]) -> None:
    spark, local = exports["spark"], exports["local"]
    assert partition(spark, "stories", "articles") == partition(local, "stories", "articles")
    assert partition(spark, "entities", "mentions") == partition(local, "entities", "mentions")
    assert sorted(e["id"] for e in spark["entities"]) == sorted(e["id"] for e in local["entities"])
    assert ({a["id"]: (a["language"], a.get("unread")) for a in spark["articles"]}
            == {a["id"]: (a["language"], a.get("unread")) for a in local["articles"]})
