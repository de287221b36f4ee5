"""The local engine: idempotent re-runs, updates, id clashes, batches written whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe import pipeline
from recoupe.pipeline import AnalyzeOptions, analyze
from recoupe.store import Store

NO_READ = AnalyzeOptions(read=False)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_rerun_is_a_no_op(tmp_path: Path, fresh_db: Store) -> None:
    write(tmp_path / "in", "a.txt", "Le maire a inauguré le pont lundi.")
    write(tmp_path / "in", "b.txt", "La rivière a débordé dans la nuit.")
    first = analyze([tmp_path / "in"], fresh_db, NO_READ)
    assert (first.added, first.unchanged) == (2, 0)
    second = analyze([tmp_path / "in"], fresh_db, NO_READ)
    assert (second.added, second.updated, second.unchanged) == (0, 0, 2)
    assert fresh_db.count_articles() == 2


def test_changed_file_is_updated(tmp_path: Path, fresh_db: Store) -> None:
    path = write(tmp_path / "in", "a.txt", "Le maire a inauguré le pont lundi.")
    analyze([path], fresh_db, NO_READ)
    path.write_text("Le maire a inauguré le pont mardi.", encoding="utf-8")
    report = analyze([path], fresh_db, NO_READ)
    assert report.updated == 1
    article = fresh_db.get_article("a")
    assert article is not None and "mardi" in article.clean_text


def test_new_pipeline_version_reprocesses(tmp_path: Path, fresh_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "in", "a.txt", "Le maire a inauguré le pont lundi.")
    analyze([path], fresh_db, NO_READ)
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "next")
    assert analyze([path], fresh_db, NO_READ).updated == 1


def test_same_id_twice_in_one_run_is_an_error_not_a_loss(tmp_path: Path, fresh_db: Store) -> None:
    write(tmp_path / "one", "a.txt", "Première version de l'article sur le pont.")
    write(tmp_path / "two", "a.txt", "Un tout autre article qui porte le même nom de fichier.")
    report = analyze([tmp_path / "one", tmp_path / "two"], fresh_db, NO_READ)
    assert report.added == 1 and report.failed == 1
    assert "already used by" in report.issues[0].reason
    article = fresh_db.get_article("a")
    assert article is not None and "Première version" in article.clean_text


def test_batches_are_written_whole(tmp_path: Path, fresh_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        write(tmp_path / "in", f"{i}.txt", f"Article numéro {i} sur la crue de la rivière.")
    calls = {"n": 0}
    original = fresh_db.save_article

    def failing_save(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError("killed mid-batch")
        original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fresh_db, "save_article", failing_save)
    with pytest.raises(OSError):
        analyze([tmp_path / "in"], fresh_db, AnalyzeOptions(read=False, batch_size=3))
    assert fresh_db.count_articles() == 3  # the first batch, whole; nothing of the second
    monkeypatch.setattr(fresh_db, "save_article", original)
    report = analyze([tmp_path / "in"], fresh_db, AnalyzeOptions(read=False, batch_size=3))
    assert (report.added, report.unchanged) == (2, 3)


@pytest.mark.model
def test_a_failing_extractor_costs_one_reading_not_the_run(tmp_path: Path, fresh_db: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "in", "a.txt", " date 2022-03 Le maire a inauguré le pont lundi devant 300 habitants.")
    write(tmp_path / "in", "b.txt", " date 2022-03 La rivière a débordé mardi dans la nuit.")

    def broken(*args: object, **kwargs: object) -> list:
        if "pont" in args[0].text:  # type: ignore[attr-defined]
            raise KeyError("a rule table without this key")
        return []

    monkeypatch.setattr("recoupe.read.reader.find_figures", broken)
    report = analyze([tmp_path / "in"], fresh_db, AnalyzeOptions(link=False))
    assert report.added == 2 and report.failed == 0 and report.warnings == 1
    assert "reading failed (KeyError" in report.issues[0].reason
    assert fresh_db.reading("a").timexes == []
    assert fresh_db.reading("b").timexes != []


@pytest.mark.model
def test_cleaning_and_reading_in_worker_processes_give_the_same_articles(tmp_path: Path) -> None:
    from recoupe.store import open_store

    texts = {
        "a.txt": " date 2022-03 Le maire a inauguré le pont lundi devant 300 habitants.",
        "b.txt": " date 2022-03 « Nous reconstruirons la digue avant l'hiver », a déclaré mardi le préfet Paul Roux.",
        "c.txt": " date 2022-04 Les pompiers sont intervenus jeudi dans la nuit.",
    }
    for name, text in texts.items():
        write(tmp_path / "in", name, text)
    stores = []
    for workers in (1, 2):
        store = open_store(tmp_path / f"w{workers}.db")
        report = analyze([tmp_path / "in"], store, AnalyzeOptions(workers=workers, link=False))
        assert report.added == 3
        stores.append(store)
    for aid in ("a", "b", "c"):
        assert stores[0].reading(aid) == stores[1].reading(aid)
        one, two = stores[0].get_article(aid), stores[1].get_article(aid)  # cleaned in the workers too
        assert one is not None and two is not None
        assert (one.clean_text, one.published, one.language) == (two.clean_text, two.published, two.language)
    assert stores[1].reading("b").quotes[0].speaker == "Paul Roux"


@pytest.mark.model
def test_articles_stored_without_reading_are_read_by_a_later_run(tmp_path: Path, fresh_db: Store) -> None:
    write(tmp_path / "in", "a.txt", " date 2022-03 Le maire a inauguré le pont lundi devant 300 habitants.")
    assert analyze([tmp_path / "in"], fresh_db, NO_READ).added == 1
    assert fresh_db.reading("a").figures == []
    report = analyze([tmp_path / "in"], fresh_db, AnalyzeOptions(link=False))
    assert report.updated == 1
    assert [f.value for f in fresh_db.reading("a").figures] == [300]
    assert analyze([tmp_path / "in"], fresh_db, NO_READ).unchanged == 1  # reading kept, nothing redone
    assert [f.value for f in fresh_db.reading("a").figures] == [300]


@pytest.mark.model
def test_link_stage_keeps_one_row_per_entity_and_moves_an_old_whole_snapshot(tmp_path: Path, fresh_db: Store) -> None:
    from recoupe.store.links import load_entity_snapshot, load_link_state, save_link_state

    write(tmp_path / "in", "a.txt", " date 2021-03-04 Le maire de Lyon, Grégory Doucet, a inauguré le pont lundi.")
    write(tmp_path / "in", "b.txt", " date 2021-03-05 Grégory Doucet a parlé à la presse à Lyon mardi.")
    analyze([tmp_path / "in"], fresh_db, AnalyzeOptions())
    whole, legacy = load_entity_snapshot(fresh_db)
    assert whole is not None and not legacy and whole["entities"]
    assert "entities" not in (load_link_state(fresh_db, "entities") or {})  # the counter only: entities are rows
    rows = fresh_db.conn.execute("SELECT count(*) FROM entity_states").fetchone()[0]
    assert rows == len(whole["entities"]) == whole["next"]
    # A store linked before migration 0007 holds the whole snapshot in link_state: it is read, then moved.
    with fresh_db.transaction():
        fresh_db.conn.execute("DELETE FROM entity_states")
        save_link_state(fresh_db, "entities", whole)
    assert load_entity_snapshot(fresh_db) == (whole, True)
    write(tmp_path / "in", "c.txt", " date 2021-03-06 Le maire Grégory Doucet a rouvert le pont de Lyon.")
    analyze([tmp_path / "in"], fresh_db, AnalyzeOptions())
    moved, legacy = load_entity_snapshot(fresh_db)
    assert moved is not None and not legacy
    assert {e["id"] for e in whole["entities"]} <= {e["id"] for e in moved["entities"]}
    doucet = [e for e in moved["entities"] if "Grégory Doucet" in e["forms"]]
    assert len(doucet) == 1 and {"a", "b", "c"} <= set(doucet[0]["articles"])
