"""A Spark run that continues a store (`--from-db`): the local engine links some articles into a store, Spark
links more articles of the same stories from that store's state, `recoupe load` brings them back; the store
then holds what the local engine would have made of both batches, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from recoupe.cli import app

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
]

runner = CliRunner()

# Articles written for this test: two stories told over several days, a copy, and an unrelated piece.
FERRY = ("Les marins de la compagnie Armor Ferries ont voté {day} la poursuite de la grève à Roscoff, où les "
         "navires vers l'Irlande restent à quai. Yannick Le Gall, délégué syndical des marins, réclame "
         "l'embauche de vingt matelots et une prime de pénibilité. La direction d'Armor Ferries estime que la "
         "grève lui coûte un million d'euros par jour et {more}")
FIRE = ("L'incendie de forêt qui menace Bormes-les-Mimosas a parcouru {area} hectares de pinède, a indiqué "
        "{day} le préfet du Var, Paul Mercier. Les pompiers du Var luttent contre les flammes avec des "
        "bombardiers d'eau, et {more} Le préfet du Var demande aux habitants de Bormes-les-Mimosas de rester "
        "prudents face à l'incendie.")
LIBRARY = ("La nouvelle médiathèque de Dijon ouvre ses portes samedi après trois ans de travaux. Le bâtiment "
           "accueille deux cent mille livres, une salle de concert et un atelier de reliure ouvert aux "
           "écoliers de la ville, explique son architecte, Claire Fontaine.")


def article(aid: str, published: str, title: str, text: str) -> dict[str, Any]:
    return {"id": aid, "published": published, "source": "La Gazette du Test", "title": title,
            "text": f"{title}\n\n{text}"}


FIRST = [
    article("ferry-1", "2025-06-02", "Grève chez Armor Ferries à Roscoff",
            FERRY.format(day="lundi", more="propose une médiation.")),
    article("fire-1", "2025-06-03", "Incendie à Bormes-les-Mimosas",
            FIRE.format(area="trois cents", day="mardi", more="deux campings ont été évacués dans la nuit.")),
    article("ferry-2", "2025-06-04", "La grève continue à Roscoff",
            FERRY.format(day="mercredi", more="refuse toute prime avant la fin de la saison.")),
]
SECOND = [
    FIRST[0],  # met again: the store holds it, the run leaves it as stored
    article("fire-2", "2025-06-05", "L'incendie de Bormes-les-Mimosas fixé",
            FIRE.format(area="six cents", day="jeudi", more="le feu est désormais fixé selon les pompiers.")),
    article("ferry-3", "2025-06-06", "Fin de la grève chez Armor Ferries",
            FERRY.format(day="vendredi", more="signe un accord avec Yannick Le Gall pour reprendre les traversées.")),
    article("ferry-1-copy", "2025-06-06", "Grève chez Armor Ferries à Roscoff",
            FERRY.format(day="lundi", more="propose une médiation.") + " Un nouveau vote aura lieu jeudi."),
    article("library", "2025-06-07", "Dijon inaugure sa médiathèque", LIBRARY),
]


def write_jsonl(path: Path, articles: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


def export(target: str, path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["export", str(path), "--db", target])
    assert result.exit_code == 0, result.output
    return dict(json.loads(path.read_text(encoding="utf-8")))


def analyze_locally(target: str, jsonl: Path) -> None:
    result = runner.invoke(app, ["analyze", str(jsonl), "--db", target, "--quiet"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("continue")
    return write_jsonl(folder / "first.jsonl", FIRST), write_jsonl(folder / "second.jsonl", SECOND)


@pytest.fixture(scope="module")
def local_both(inputs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Both batches through the local engine, one after the other, into one store: the reference."""
    folder = tmp_path_factory.mktemp("local")
    target = str(folder / "local.db")
    for jsonl in inputs:
        analyze_locally(target, jsonl)
    return export(target, folder / "local.json")


@pytest.fixture
def continued(spark: Any, inputs: tuple[Path, Path], store_target: str, tmp_path: Path) -> tuple[str, Path, Any]:
    """The first batch analyzed locally into the store, the second run on Spark from it, its tables loaded
    back into it: (store, the run's output folder, the run's report)."""
    from recoupe.spark import SparkOptions, load_parquet, run_spark
    from recoupe.store import open_store

    analyze_locally(store_target, inputs[0])
    out = tmp_path / "out"
    report = run_spark(str(inputs[1]), str(out), SparkOptions(from_db=store_target), spark=spark)
    with open_store(store_target) as store:
        load_parquet(out, store)
    return store_target, out, report


def partition(export: dict[str, Any], key: str, members: str) -> set[frozenset[Any]]:
    return {frozenset((m["article"], m["start"], m["end"]) if isinstance(m, dict) else m for m in x[members])
            for x in export[key]}


def test_new_articles_join_the_stored_stories_and_entities(continued: tuple[str, Path, Any],
                                                           tmp_path: Path) -> None:
    target, _, report = continued
    assert report.skipped == 1 and report.articles == 5
    data = export(target, tmp_path / "continued.json")
    story = {a["id"]: a["story"] for a in data["articles"]}
    assert story["ferry-3"] == story["ferry-1"] == story["ferry-2"]  # the stored story goes on
    assert story["fire-2"] == story["fire-1"] != story["ferry-1"]
    assert story["library"] not in {story["ferry-1"], story["fire-1"]}  # a new story, with an id of its own
    assert len({s["id"] for s in data["stories"]}) == len(data["stories"])
    by_id = {s["id"]: s for s in data["stories"]}
    assert {"ferry-1", "ferry-2", "ferry-3"} <= set(by_id[story["ferry-1"]]["articles"])
    assert any("ferry-3" in e["articles"] for e in by_id[story["ferry-1"]]["timeline"])  # its timeline too
    duplicates = {a["id"]: a["duplicate_of"] for a in data["articles"]}
    assert duplicates["ferry-1-copy"] == "ferry-1"  # a copy of a stored article is found
    # the delegate named in old and new articles is one entity, under the id the store gave him
    people = [e for e in data["entities"] if e["name"] == "Yannick Le Gall"]
    assert len(people) == 1 and {"ferry-1", "ferry-3"} <= {m["article"] for m in people[0]["mentions"]}


def test_a_continued_store_is_what_the_local_engine_makes_of_both_batches(
        continued: tuple[str, Path, Any], local_both: dict[str, Any], tmp_path: Path) -> None:
    data = export(continued[0], tmp_path / "continued.json")
    assert partition(data, "stories", "articles") == partition(local_both, "stories", "articles")
    assert partition(data, "entities", "mentions") == partition(local_both, "entities", "mentions")
    assert ({a["id"]: a["duplicate_of"] for a in data["articles"]}
            == {a["id"]: a["duplicate_of"] for a in local_both["articles"]})
    assert sorted(s["id"] for s in data["stories"]) == sorted(s["id"] for s in local_both["stories"])


def test_a_later_local_run_continues_the_loaded_store(continued: tuple[str, Path, Any], tmp_path: Path) -> None:
    target = continued[0]
    later = article("ferry-4", "2025-06-08", "Les ferries d'Armor Ferries repartent de Roscoff",
                    FERRY.format(day="dimanche", more="remercie les marins après la grève."))
    analyze_locally(target, write_jsonl(tmp_path / "later.jsonl", [later]))
    story = {a["id"]: a["story"] for a in export(target, tmp_path / "later.json")["articles"]}
    assert story["ferry-4"] == story["ferry-1"]


def test_a_continuing_run_loads_only_into_its_store_as_it_was(continued: tuple[str, Path, Any],
                                                              tmp_path: Path) -> None:
    _, out, _ = continued
    again = runner.invoke(app, ["load", str(out), "--db", continued[0]])  # the store has moved on
    assert again.exit_code == 2 and "--from-db" in again.output
    other = runner.invoke(app, ["load", str(out), "--db", str(tmp_path / "other.db")])
    assert other.exit_code == 2 and "continues another store" in other.output


def test_from_db_flags_fail_in_one_line(tmp_path: Path) -> None:
    local = runner.invoke(app, ["analyze", str(tmp_path), "--from-db", str(tmp_path / "x.db")])
    assert local.exit_code == 2 and "--from-db needs --engine spark" in local.output
    jsonl = write_jsonl(tmp_path / "in.jsonl", SECOND[1:2])
    missing = runner.invoke(app, ["analyze", str(jsonl), "--engine", "spark", "--out",
                                  str(tmp_path / "out"), "--from-db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no store at" in missing.output and "Traceback" not in missing.output
