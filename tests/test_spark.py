"""The Spark engine for real, in local[2]: the bundled sample through `run_spark`, against the local engine;
its Parquet tables; `recoupe load` into a store browsed by the CLI. One Spark session for the module."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from recoupe.cli import app

pytestmark = [
    pytest.mark.spark,
]

runner = CliRunner()

EXPECTED_COLUMNS = {
    "articles": {"id", "source", "published", "language", "title", "text", "story", "duplicate_of", "reading"},
    "entities": {"id", "name", "type", "aliases", "mentions"},
    "mentions": {"entity", "local_entity", "article", "text", "start", "end"},
    "quotes": {"article", "speaker", "speaker_entity", "text", "start", "end", "cue"},
    "figures": {"article", "value", "unit", "subject", "as_of", "approx", "bound", "according_to", "start", "end",
                "text"},
    "events": {"article", "date", "precision", "what", "start", "end", "sentence"},
    "stories": {"id", "title", "articles"},
    "timelines": {"story", "seq", "date", "precision", "event", "articles", "weight", "sources", "evidence"},
}


@pytest.fixture(scope="module")
def sample_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample corpus (txt, html, jsonl files) ingested and written as one JSONL file."""
    from recoupe.ingest import IngestOptions, iter_articles
    from recoupe.records import Article
    from recoupe.sample import sample_corpus_path

    path = tmp_path_factory.mktemp("spark") / "sample.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for item in iter_articles([sample_corpus_path()], IngestOptions()):
            if isinstance(item, Article):
                f.write(json.dumps({"id": item.id, "text": item.raw_text, "title": item.title, "url": item.url,
                                    "source": item.source, "published": item.published}, ensure_ascii=False))
                f.write("\n")
    return path


@pytest.fixture(scope="module")
def spark_run(spark: Any, sample_jsonl: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample through `recoupe analyze --engine spark` (it reuses the module's session): (output folder,
    the command's summary line)."""
    out = tmp_path_factory.mktemp("spark") / "out"
    result = runner.invoke(app, ["analyze", str(sample_jsonl), "--engine", "spark", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def local_export(sample_jsonl: Path, export_of: Callable[[Path, Path], dict[str, Any]],
                 tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same JSONL through the local engine, as an export."""
    return export_of(sample_jsonl, tmp_path_factory.mktemp("local"))


@pytest.fixture(scope="module")
def loaded(spark_run: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The Spark run loaded into a SQLite store with `recoupe load`, and that store's export."""
    db = tmp_path_factory.mktemp("loaded") / "spark.db"
    result = runner.invoke(app, ["load", str(spark_run[0]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    export = db.with_suffix(".json")
    result = runner.invoke(app, ["export", str(export), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db, dict(json.loads(export.read_text(encoding="utf-8")))


def test_parquet_tables_have_the_export_columns(spark_run: tuple[Path, str]) -> None:
    import pyarrow.dataset as ds

    out, summary = spark_run
    assert "11 articles (0 inputs failed), 1 copies, 1 stories" in summary
    for table, columns in EXPECTED_COLUMNS.items():
        dataset = ds.dataset(str(out / table), format="parquet")
        assert columns <= set(dataset.schema.names), table
        assert dataset.count_rows() > 0, table


def test_near_duplicates_match_the_local_engine(spark_run: tuple[Path, str], local_export: dict[str, Any]) -> None:
    import pyarrow.dataset as ds

    rows = ds.dataset(str(spark_run[0] / "articles"), format="parquet").to_table(
        columns=["id", "duplicate_of"]).to_pylist()
    spark_dups = {r["id"]: r["duplicate_of"] for r in rows}
    local_dups = {a["id"]: a["duplicate_of"] for a in local_export["articles"]}
    assert spark_dups == local_dups
    assert spark_dups["07_actu-express"] == "06_echo-wallonie"


def test_stories_entities_and_timelines_match_the_local_engine(loaded: tuple[Path, dict[str, Any]],
                                                               local_export: dict[str, Any]) -> None:
    _, spark_export = loaded

    def partition(export: dict[str, Any], key: str, members: str) -> set[frozenset[Any]]:
        return {frozenset(_members(x[members])) for x in export[key]}

    assert partition(spark_export, "stories", "articles") == partition(local_export, "stories", "articles")
    assert partition(spark_export, "entities", "mentions") == partition(local_export, "entities", "mentions")

    def entries(export: dict[str, Any]) -> list[tuple[str, str, str]]:
        return sorted((e["date"], e["event"], json.dumps(e["evidence"], sort_keys=True))
                      for s in export["stories"] for e in s["timeline"])

    assert entries(spark_export) == entries(local_export)
    assert len(spark_export["quotes"]) == len(local_export["quotes"])


def _members(items: list[Any]) -> list[Any]:
    return [(m["article"], m["start"], m["end"]) if isinstance(m, dict) else m for m in items]


def test_loaded_store_is_browsable_and_a_second_load_replaces_it(loaded: tuple[Path, dict[str, Any]],
                                                                 spark_run: tuple[Path, str]) -> None:
    db, _ = loaded
    result = runner.invoke(app, ["stories", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "sp1" in result.output and "11" in result.output
    again = runner.invoke(app, ["load", str(spark_run[0]), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert "11 articles, 1 stories" in again.output
    timeline = runner.invoke(app, ["timeline", "sp1", "--db", str(db)])
    assert timeline.exit_code == 0, timeline.output
    assert "2021" in timeline.output


def test_a_load_into_postgresql_gives_what_a_load_into_sqlite_gives(
        loaded: tuple[Path, dict[str, Any]], spark_run: tuple[Path, str], pg_url: str, tmp_path: Path) -> None:
    for _ in range(2):  # the second load replaces the first (its clearing once failed on PostgreSQL)
        result = runner.invoke(app, ["load", str(spark_run[0]), "--db", pg_url])
        assert result.exit_code == 0, result.output
    export = tmp_path / "pg.json"
    result = runner.invoke(app, ["export", str(export), "--db", pg_url])
    assert result.exit_code == 0, result.output
    assert json.loads(export.read_text(encoding="utf-8")) == loaded[1]


FOLLOW_UP = {
    "id": "suite-ever-given", "published": "2021-07-07", "source": "Le Quotidien du Delta",
    "title": "L'Ever Given libéré après un accord",
    "text": "L'Ever Given libéré après un accord\n\nLe porte-conteneurs Ever Given a quitté mercredi le grand lac "
            "Amer, où il restait immobilisé depuis son renflouement dans le canal de Suez, a annoncé l'Autorité "
            "du canal de Suez. Son président, Oussama Rabie, a salué un accord d'indemnisation avec l'armateur "
            "japonais du navire. Le porte-conteneurs avait bloqué le canal pendant six jours en mars.",
}
UNRELATED = {
    "id": "sans-rapport", "published": "2021-07-08", "source": "Le Quotidien du Delta",
    "title": "Les vendanges commencent tôt",
    "text": "Les vendanges commencent tôt\n\nLes viticulteurs du Beaujolais ont commencé jeudi la récolte, deux "
            "semaines plus tôt que d'habitude. La chaleur de juin a mûri le raisin, explique un vigneron de "
            "Villié-Morgon.",
}


def test_articles_analyzed_after_a_load_join_its_stories_on_both_back_ends(
        spark_run: tuple[Path, str], store_target: str, tmp_path: Path) -> None:
    from recoupe.store import open_store

    result = runner.invoke(app, ["load", str(spark_run[0]), "--db", store_target])
    assert result.exit_code == 0, result.output
    with open_store(store_target) as store:
        loaded_story = store.conn.execute("SELECT story FROM articles WHERE story IS NOT NULL").fetchone()[0]
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in (FOLLOW_UP, UNRELATED)),
                    encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(news), "--db", store_target, "--quiet"])
    assert result.exit_code == 0, result.output
    with open_store(store_target) as store:
        story_of = dict(store.conn.execute("SELECT id, story FROM articles").fetchall())
        timeline = store.conn.execute("SELECT count(*) FROM story_entries WHERE story_id = ? AND articles LIKE ?",
                                      (loaded_story, "%suite-ever-given%")).fetchone()[0]
    assert story_of["suite-ever-given"] == loaded_story  # the follow-up continues the loaded story
    assert story_of["sans-rapport"] not in (None, loaded_story)  # and the clusterer still tells stories apart
    assert timeline > 0  # the loaded story's timeline was rebuilt with the follow-up


def test_loaded_linker_state_is_the_local_engines(loaded: tuple[Path, dict[str, Any]], sample_jsonl: Path) -> None:
    from recoupe.pipeline import analyze
    from recoupe.store import open_store
    from recoupe.store.links import load_entity_snapshot

    db, _ = loaded
    with open_store(":memory:") as local:
        analyze([sample_jsonl], local)
        expected, _ = load_entity_snapshot(local)
    with open_store(db) as store:
        state, legacy = load_entity_snapshot(store)
        rows = store.conn.execute("SELECT count(*) FROM entity_states").fetchone()[0]
    assert state is not None and not legacy and rows == len(state["entities"]) > 0
    assert state == expected  # one row per entity, the same states as the local link stage saves


def test_loaded_story_state_is_the_local_clusterers(loaded: tuple[Path, dict[str, Any]], sample_jsonl: Path) -> None:
    from recoupe.lang import load_language
    from recoupe.link.driver import restore_story_clusterer
    from recoupe.pipeline import analyze
    from recoupe.store import open_store

    # compared as each store restores its clusterer: the local engine files it story by story, Spark whole
    lang = load_language("fr")
    db, _ = loaded
    with open_store(":memory:") as local:
        analyze([sample_jsonl], local)
        expected = restore_story_clusterer(local, lang)[0].snapshot()
    with open_store(db) as store:
        state = restore_story_clusterer(store, lang)[0].snapshot()
    assert state is not None and expected is not None and state["stories"]
    # the Spark run names its stories "sp1"...: the same state under the local engine's names
    state["options"]["id_prefix"] = expected["options"]["id_prefix"]
    for story in state["stories"]:
        story["id"] = expected["options"]["id_prefix"] + story["id"].removeprefix("sp")
    assert state == expected


def test_spark_flags_fail_in_one_line(tmp_path: Path) -> None:
    no_out = runner.invoke(app, ["analyze", str(tmp_path), "--engine", "spark"])
    assert no_out.exit_code == 2
    assert "--out" in no_out.output and "Traceback" not in no_out.output
    bad = runner.invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert bad.exit_code == 2
    assert "not the output" in bad.output
