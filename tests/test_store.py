"""The SQLite store: migrations, idempotent writes, transactions, full-text search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from recoupe.records import (
    Article,
    Edit,
    Entity,
    Event,
    Figure,
    Mention,
    Quote,
    Reading,
    TimeRef,
    ingest_hash,
)
from recoupe.store import SearchSyntaxError, Store, StoreError, list_migrations, open_store


def make_article(aid: str = "a1", text: str = "Le Parlement a voté jeudi.") -> Article:
    return Article(id=aid, raw_text="Rechercher\n" + text, clean_text=text, title="Un vote", source="exemple.fr",
                   published="2020-01-05", published_precision="day", language="fr",
                   edits=[Edit("removed", 0, 11, "Rechercher\n", "navigation")])


def test_fresh_store_is_at_latest_schema(fresh_db: Store) -> None:
    assert fresh_db.schema_version == list_migrations()[-1][0]
    assert fresh_db.count_articles() == 0


def test_migrations_are_numbered_without_gaps() -> None:
    versions = [v for v, _, _ in list_migrations()]
    assert versions == list(range(1, len(versions) + 1))


def test_save_and_get_roundtrip(fresh_db: Store) -> None:
    article = make_article()
    fresh_db.save_article(article, "v1")
    got = fresh_db.get_article("a1")
    assert got is not None
    assert got.clean_text == article.clean_text
    assert got.published == "2020-01-05" and got.published_precision == "day"
    assert got.edits == article.edits
    assert fresh_db.article_state("a1") == (ingest_hash(article), "v1")


def test_saving_twice_keeps_one_row(fresh_db: Store) -> None:
    fresh_db.save_article(make_article(), "v1")
    fresh_db.save_article(make_article(), "v1")
    assert fresh_db.count_articles() == 1
    assert len(fresh_db.edits("a1")) == 1


def test_reading_roundtrip(fresh_db: Store) -> None:
    text = "Le Parlement a voté jeudi. « Nous partirons », a dit M. Dupont. 300 soldats restent."
    article = make_article(text=text)
    m = Mention("a1", 3, 12, "Parlement")
    reading = Reading(
        article="a1",
        entities=[Entity("Parlement", "ORG", [m], ["Parlement"], id="a1:e0")],
        timexes=[TimeRef("DATE", "2020-01-02", Mention("a1", 20, 25, "jeudi"), "day", "2020-01-05")],
        quotes=[Quote("Nous partirons", Mention("a1", 29, 43, "Nous partirons"), "Dupont", None,
                      Mention("a1", 56, 62, "Dupont"), "a dit")],
        figures=[Figure(300, Mention("a1", 64, 67, "300"), "soldats", "soldats", "2020-01-05", False)],
        events=[Event("2020-01-02", "day", "Le Parlement a voté", Mention("a1", 0, 26, text[:26]), ["a1:e0"])],
        lemmas={"parlement": 1, "voter": 1},
    )
    fresh_db.save_article(article, "v1", reading)
    got = fresh_db.reading("a1")
    assert got == reading


def test_replacing_an_article_replaces_its_reading(fresh_db: Store) -> None:
    reading = Reading(article="a1", figures=[Figure(3, Mention("a1", 0, 1, "3"))])
    fresh_db.save_article(make_article(), "v1", reading)
    fresh_db.save_article(make_article(), "v2", Reading(article="a1"))
    assert fresh_db.reading("a1").figures == []


def test_failed_transaction_leaves_nothing(fresh_db: Store) -> None:
    with pytest.raises(RuntimeError), fresh_db.transaction():
        fresh_db.save_article(make_article("a1"), "v1")
        fresh_db.save_article(make_article("a2"), "v1")
        raise RuntimeError("crash in the middle of a batch")
    assert fresh_db.count_articles() == 0


def test_search_finds_without_accents(fresh_db: Store) -> None:
    fresh_db.save_article(make_article(text="L'État islamique a revendiqué l'attaque."), "v1")
    hits = fresh_db.search("etat")
    assert [h.id for h in hits] == ["a1"]
    assert "[État]" in hits[0].snippet


def test_search_follows_replacements(fresh_db: Store) -> None:
    fresh_db.save_article(make_article(text="Les pompiers sont arrivés."), "v1")
    fresh_db.save_article(make_article(text="Les soldats sont partis."), "v2")
    assert fresh_db.search("pompiers") == []
    assert [h.id for h in fresh_db.search("soldats")] == ["a1"]


@pytest.mark.parametrize("query", ['"unterminated', "AND", "title:", "(soldats"])
def test_bad_search_syntax_is_a_clear_error(fresh_db: Store, query: str) -> None:
    fresh_db.save_article(make_article(), "v1")
    with pytest.raises(SearchSyntaxError, match="cannot parse search query"):
        fresh_db.search(query)


def test_file_store_uses_wal_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with open_store(path) as store:
        store.save_article(make_article(), "v1")
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with open_store(path) as store:
        assert store.count_articles() == 1
        assert store.integrity_check() == "ok"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer than this recoupe"):
        open_store(path)


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("this is not sqlite at all, just some words" * 100)
    with pytest.raises(StoreError):
        open_store(path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "s.db")
