"""The store on both back-ends, SQLite and PostgreSQL: the same behaviour through the same `Store` API.

Every test taking `any_store` or `store_target` runs twice; the PostgreSQL runs use a real server (see
tests/pg_server.py) and skip, saying why, when none can be had.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from recoupe.records import (
    Article,
    Edit,
    Entity,
    Event,
    Evidence,
    Figure,
    Mention,
    Quote,
    Reading,
    Story,
    TimelineEntry,
    TimeRef,
    ingest_hash,
)
from recoupe.store import SearchSyntaxError, Store, StoreError, list_migrations, open_store
from recoupe.store.dialect import to_pyformat
from recoupe.store.links import (
    list_stories,
    load_global_entities,
    load_link_state,
    load_story,
    load_timeline,
    save_global_entities,
    save_link_state,
    save_story,
    set_article_links,
)

TEXT = "La mairie de Lyon a fermé le pont jeudi. « Nous rouvrirons lundi », a dit Mme Girard. 40 agents veillent."


def make_article(aid: str = "a1", text: str = TEXT, source: str = "gazette.fr",
                 published: str | None = "2021-03-04") -> Article:
    return Article(id=aid, raw_text="Menu\n" + text, clean_text=text, title="Le pont fermé", source=source,
                   published=published, published_precision="day" if published else None, language="fr",
                   edits=[Edit("removed", 0, 5, "Menu\n", "navigation")])


def _at(aid: str, words: str) -> Mention:
    start = TEXT.index(words)
    return Mention(aid, start, start + len(words), words)


def make_reading(aid: str = "a1") -> Reading:
    girard = _at(aid, "Girard")
    return Reading(
        article=aid,
        entities=[Entity("mairie de Lyon", "ORG", [_at(aid, "mairie de Lyon")], ["mairie de Lyon"], id=f"{aid}:e0"),
                  Entity("Girard", "PER", [girard], ["Girard"], id=f"{aid}:e1")],
        timexes=[TimeRef("DATE", "2021-03-04", _at(aid, "jeudi"), "day", "2021-03-04")],
        quotes=[Quote("Nous rouvrirons lundi", _at(aid, "Nous rouvrirons lundi"), "Girard", f"{aid}:e1", girard,
                      "a dit")],
        figures=[Figure(40.5, _at(aid, "40"), "agents", "agents", "2021-03-04", True)],
        events=[Event("2021-03-04", "day", "La mairie a fermé le pont", _at(aid, TEXT[:40]), [f"{aid}:e0"],
                      "closure")],
        lemmas={"mairie": 1, "pont": 1, "fermer": 1},
    )


# -- articles and readings --------------------------------------------------------------------------------


def test_fresh_store_is_at_latest_schema(any_store: Store) -> None:
    assert any_store.schema_version == list_migrations(any_store.dialect)[-1][0]
    assert any_store.count_articles() == 0
    assert any_store.integrity_check() == "ok"


def test_article_saved_twice_is_stored_once(any_store: Store) -> None:
    article = make_article()
    any_store.save_article(article, "v1")
    any_store.save_article(article, "v1")
    assert any_store.count_articles() == 1
    assert len(any_store.edits("a1")) == 1
    assert any_store.article_state("a1") == (ingest_hash(article), "v1")
    got = any_store.get_article("a1")
    assert got is not None and got.clean_text == TEXT and got.edits == article.edits
    assert [a.id for a in any_store.iter_articles()] == ["a1"]


def test_reading_round_trip(any_store: Store) -> None:
    reading = make_reading()
    any_store.save_article(make_article(), "v1", reading)
    assert any_store.reading("a1") == reading
    row = any_store.article_rows()[0]
    assert row["id"] == row[0] == "a1" and row["chars"] == len(TEXT)


def test_the_link_reading_is_the_readings_entities_and_lemmas(any_store: Store) -> None:
    reading = make_reading()
    any_store.save_article(make_article(), "v1", reading)
    part = any_store.link_reading("a1")
    assert reading.entities and reading.lemmas and reading.quotes  # the full reading has more than the part
    assert part == Reading(article="a1", entities=reading.entities, lemmas=reading.lemmas)
    assert any_store.link_reading("unread") == Reading(article="unread")


def test_rows_and_cursors_answer_alike(any_store: Store) -> None:
    any_store.save_article(make_article("a1"), "v1")
    any_store.save_article(make_article("a2"), "v1")
    row = any_store.conn.execute("SELECT id, title AS Titre, length(clean_text) FROM articles WHERE id = ?",
                                 ("a1",)).fetchone()
    assert (row[0], row["id"], row["Titre"], row["TITRE"]) == ("a1", "a1", "Le pont fermé", "Le pont fermé")
    assert tuple(row) == ("a1", "Le pont fermé", len(TEXT)) and len(row) == 3
    assert [k.lower() for k in list(row.keys())[:2]] == ["id", "titre"]  # keys, unlike iteration
    with pytest.raises(IndexError):
        row["nope"]
    cursor = any_store.conn.execute("UPDATE articles SET story = ? WHERE source = ?", ("s9", "gazette.fr"))
    assert cursor.rowcount == 2 and cursor.fetchone() is None


def test_failed_transaction_leaves_nothing(any_store: Store) -> None:
    with pytest.raises(RuntimeError), any_store.transaction():
        any_store.save_article(make_article("a1"), "v1")
        with any_store.transaction():  # nested: joins the outer one
            any_store.save_article(make_article("a2"), "v1")
        raise RuntimeError("a crash in the middle of a batch")
    assert any_store.count_articles() == 0


def test_ids_sort_the_same_on_both_backends(any_store: Store) -> None:
    for aid in ["b", "B", "a-2", "a10", "É", "e"]:
        any_store.save_article(make_article(aid), "v1")
    assert any_store.article_ids() == sorted(["b", "B", "a-2", "a10", "É", "e"])  # code-point order


# -- what the link stage writes ---------------------------------------------------------------------------


def test_stories_and_timeline_round_trip(any_store: Store) -> None:
    for aid, source, day in [("a1", "gazette.fr", "2021-03-04"), ("a2", "echo.be", "2021-03-05"),
                             ("a3", "gazette.fr", None)]:
        any_store.save_article(make_article(aid, source=source, published=day), "v1", make_reading(aid))
        set_article_links(any_store, aid, "s1", "a1" if aid == "a3" else None)
    entry = TimelineEntry(date="2021-03-04", precision="day", event="La mairie a fermé le pont",
                          articles=["a1", "a2"], evidence=[Evidence("a1", 0, 40, TEXT[:40])],
                          sources=["echo.be", "gazette.fr"], weight=2.5, other_dates=[("2021-03-05", ["a2"])])
    recalled = TimelineEntry(date="1998", precision="year", event="Le pont a été construit", articles=["a1"],
                             evidence=[Evidence("a1", 0, 40, TEXT[:40])], sources=["gazette.fr"], weight=0.5,
                             background=True)
    save_story(any_store, Story(id="s1", title="Le pont", articles=[]), [entry])
    save_story(any_store, Story(id="s1", title="Le pont de Lyon", articles=[]), [recalled, entry])  # replaced
    story = load_story(any_store, "s1")
    assert story is not None and story.title == "Le pont de Lyon" and story.articles == ["a1", "a2", "a3"]
    assert load_timeline(any_store, "s1") == [recalled, entry]
    [row] = list_stories(any_store)
    assert (row.id, row.articles, row.sources, row.first, row.last) == (
        "s1", 3, ["echo.be", "gazette.fr"], "2021-03-04", "2021-03-05")
    merged = Entity("mairie de Lyon", "ORG", [], ["mairie de Lyon", "Mairie"], id="g1")
    save_global_entities(any_store, [merged], {"a1:e0": "g1", "a2:e0": "g1"})
    save_global_entities(any_store, [merged], {"a1:e0": "g1", "a2:e0": "g1", "a3:e0": "g1"})
    [entity] = load_global_entities(any_store)
    assert entity.aliases == merged.aliases and {m.article for m in entity.mentions} == {"a1", "a2", "a3"}
    save_link_state(any_store, "stories", {"n": 1})
    save_link_state(any_store, "stories", {"n": 2, "mot": "déjà"})
    assert load_link_state(any_store, "stories") == {"n": 2, "mot": "déjà"}


def test_a_story_left_without_articles_is_dropped_on_rebuild(any_store: Store) -> None:
    from recoupe.link.driver import rebuild_story

    any_store.save_article(make_article("a1"), "v1", make_reading("a1"))
    set_article_links(any_store, "a1", "s1", None)
    entry = TimelineEntry(date="2021-03-04", precision="day", event="La mairie a fermé le pont", articles=["a1"],
                          evidence=[Evidence("a1", 0, 40, TEXT[:40])], sources=["gazette.fr"], weight=1.0)
    save_story(any_store, Story(id="s1", title="Le pont", articles=[]), [entry])
    save_story(any_store, Story(id="s2", title="Le pont", articles=[]), [entry])
    set_article_links(any_store, "a1", "s2", None)  # the article moved: s1 has none left
    rebuild_story(any_store, "s1")
    rebuild_story(any_store, "s2")
    assert load_story(any_store, "s1") is None and load_timeline(any_store, "s1") == []
    assert [s.id for s in list_stories(any_store)] == ["s2"] and load_timeline(any_store, "s2")


# -- search -----------------------------------------------------------------------------------------------


def test_search_folds_accents_and_highlights(any_store: Store) -> None:
    any_store.save_article(make_article("a1", text="L'État a rouvert le pont de Lyon."), "v1")
    any_store.save_article(make_article("a2", text="Les pompiers sont partis."), "v1")
    hits = any_store.search("etat")
    assert [h.id for h in hits] == ["a1"]
    assert "[État]" in hits[0].snippet


@pytest.mark.parametrize("query, found", [
    ("soldat", ["a1", "a2"]), ("soldats", ["a1", "a2"]), ("solde", []),
    ("militaire", ["a2"]), ("militaires", ["a2"]),
])
def test_search_finds_other_forms_of_a_word(any_store: Store, query: str, found: list[str]) -> None:
    any_store.save_article(make_article("a1", text="Un soldat a été blessé près du pont."), "v1")
    any_store.save_article(make_article("a2", text="Trois soldats et deux militaires sont arrivés."), "v1")
    any_store.save_article(make_article("a3", text="Les pompiers sont partis."), "v1")
    assert sorted(h.id for h in any_store.search(query)) == found


@pytest.mark.parametrize("query", ["Kazimi", "Kadhimi", "kazimi"])
def test_search_finds_every_spelling_of_a_merged_name(any_store: Store, query: str) -> None:
    any_store.save_article(make_article("a1", text="Moustafa al-Kazimi est arrivé à Paris."), "v1")
    any_store.save_article(make_article("a2", text="Le Premier ministre Mustafa al-Kadhimi a parlé."), "v1")
    any_store.save_article(make_article("a3", text="Un autre homme, Ali Kazem, est resté à Bagdad."), "v1")
    person = Entity(name="Mustafa al-Kadhimi", type="PER", id="g1",
                    aliases=["Mustafa al-Kadhimi", "Moustafa al-Kazimi", "al-Kadhimi"])
    save_global_entities(any_store, [person], {})
    assert sorted(h.id for h in any_store.search(query)) == ["a1", "a2"]


def test_full_text_condition_filters_listings(any_store: Store) -> None:
    any_store.save_article(make_article("a1", text="L'État a rouvert le pont de Lyon."), "v1")
    any_store.save_article(make_article("a2", text="Les pompiers sont partis."), "v1")
    condition = any_store.full_text_condition("x")
    rows = any_store.conn.execute(f"SELECT x.id FROM articles x WHERE x.source = ? AND {condition}",
                                  ("gazette.fr", "pompiers")).fetchall()
    assert [r["id"] for r in rows] == ["a2"]


@pytest.mark.parametrize("query", ["'; DROP TABLE articles; --", "pont'); DELETE FROM articles; --",
                                   '" OR 1=1 --', "%s %(x)s ? :name"])
def test_search_is_parameterised(any_store: Store, query: str) -> None:
    any_store.save_article(make_article(), "v1")
    try:
        hits = any_store.search(query)
    except SearchSyntaxError:
        hits = []  # refusing the query is fine; running it as SQL is not
    assert hits == []
    assert any_store.count_articles() == 1


@pytest.mark.parametrize("query", ["", "(", '"', "-"])
def test_unusable_search_is_a_clear_error(any_store: Store, query: str) -> None:
    any_store.save_article(make_article(), "v1")
    with pytest.raises(SearchSyntaxError, match="search query"):
        any_store.search(query)


# -- locks and migrations ---------------------------------------------------------------------------------

WAITER = """
import sys, time
from recoupe.store import open_store
store = open_store(sys.argv[1])
print("waiting", flush=True)
with store.exclusive("link"):
    print(f"got {time.time()!r}", flush=True)
store.close()
"""


def test_exclusive_makes_a_second_process_wait(any_store: Store, store_target: str) -> None:
    with any_store.exclusive("link"):
        with any_store.exclusive("link"):  # nested in one store: joins the hold, no self-deadlock
            pass
        waiter = subprocess.Popen([sys.executable, "-c", WAITER, store_target], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        assert waiter.stdout is not None
        assert waiter.stdout.readline().strip() == "waiting"
        time.sleep(0.5)  # the waiter is blocked on the lock now
        released = time.time()
    out, err = waiter.communicate(timeout=60)
    assert waiter.returncode == 0, err
    got = float(out.split()[-1])
    assert got >= released


WRITER = """
import sys
from recoupe.records import Article, Figure, Mention, Reading
from recoupe.store import open_store
store = open_store(sys.argv[1])
for round_ in range(3):
    for first in range(0, 20, 5):
        with store.transaction():
            for i in range(first, first + 5):
                text = f"Le conseil a voté {i} mesures au tour {round_}."
                article = Article(id=f"w{i}", raw_text=text, clean_text=text, source="gazette.fr")
                figure = Figure(i, Mention(article.id, 18, 18 + len(str(i)), str(i)), "mesures")
                store.save_article(article, sys.argv[2], Reading(article=article.id, figures=[figure]))
store.close()
"""


def test_concurrent_writers_leave_a_consistent_store(any_store: Store, store_target: str) -> None:
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, store_target, f"v{n}"], stderr=subprocess.PIPE,
                                text=True) for n in range(2)]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    assert any_store.count_articles() == 20
    for i in range(20):
        assert [f.value for f in any_store.reading(f"w{i}").figures] == [i]  # one reading, not two mixed


def test_exclusive_rejects_odd_names(any_store: Store) -> None:
    with pytest.raises(ValueError, match="lock name"), any_store.exclusive("../x"):
        pass


def test_reopening_keeps_data_and_version(store_target: str) -> None:
    with open_store(store_target) as store:
        store.save_article(make_article(), "v1")
        version = store.schema_version
    with open_store(store_target) as store:
        assert store.schema_version == version
        assert store.count_articles() == 1


@pytest.mark.postgres
def test_pg_newer_schema_is_refused(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.conn.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", (999, "9999_future.sql"))
    with pytest.raises(StoreError, match="newer than this recoupe"):
        open_store(pg_url)


@pytest.mark.postgres
def test_pg_schema_mirrors_sqlite(pg_url: str, tmp_path: Path) -> None:
    sqlite_set = [(v, n) for v, n, _ in list_migrations("sqlite")]
    assert [(v, n) for v, n, _ in list_migrations("postgres")] == sqlite_set
    with open_store(tmp_path / "s.db") as lite, open_store(pg_url) as pg:
        # the FTS5 indexes (of the articles, of the entities' names) are SQLite's own: PostgreSQL indexes
        # the columns themselves
        lite_tables = {r[0] for r in lite.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                                       " AND name NOT LIKE 'articles_fts%'"
                                                       " AND name NOT LIKE 'alias_words%'")}
        lite_columns = {(t, r["name"]) for t in lite_tables for r in lite.conn.execute(f"PRAGMA table_info({t})")}
        pg_columns = {(r[0], r[1]) for r in pg.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name != 'schema_version' AND column_name != 'rowid'")}
    assert pg_columns == lite_columns


@pytest.mark.postgres
def test_pg_without_unaccent_falls_back_and_says_so(pg_url: str, caplog: pytest.LogCaptureFixture) -> None:
    import psycopg

    role = "plain_" + pg_url.rsplit("/", 1)[1]
    if "@" not in pg_url.split("/")[2]:
        pytest.skip("the test server URL names no user to swap")
    with psycopg.connect(pg_url, autocommit=True) as admin:
        try:  # a role that may create tables but not extensions (no CREATE on the database)
            admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(f"GRANT CREATE ON SCHEMA public TO {role}")
        except psycopg.errors.InsufficientPrivilege:
            pytest.skip("the test server does not let us create roles")
    try:
        with caplog.at_level("WARNING"), open_store(re.sub(r"://[^@/]*@", f"://{role}@", pg_url)) as store:
            assert not getattr(store, "accent_folding", True)
            store.save_article(make_article(text="Les ponts de Lyon ont rouvert."), "v1")
            assert [h.id for h in store.search("pont")] == ["a1"]  # still French stemming
        assert "unaccent" in caplog.text
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


# -- PostgreSQL specifics that need no server --------------------------------------------------------------


def test_unreachable_server_is_one_line_without_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://alice:s3cr3t@127.0.0.1:1/news")
    message = str(caught.value)
    assert "127.0.0.1:1/news" in message and "s3cr3t" not in message and "\n" not in message


def test_passwords_never_reach_messages() -> None:
    from recoupe.store.postgres import redact_url

    assert redact_url("postgresql://bob:pw1@db.example/news?password=pw2&sslmode=require") == (
        "postgresql://bob:***@db.example/news?password=***&sslmode=require")
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://127.0.0.1:1/news?password=pw3&connect_timeout=2")
    assert "pw3" not in str(caught.value)


def test_missing_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'recoupe\[postgres\]'"):
        open_store("postgresql://localhost/news")


@pytest.mark.parametrize(("qmark", "pyformat"), [
    ("SELECT id FROM articles WHERE id = ? AND title = '?%'", "SELECT id FROM articles WHERE id = %s AND title = '?%%'"),
    ('SELECT "what?" FROM t -- why?\nWHERE v LIKE ?', 'SELECT "what?" FROM t -- why?\nWHERE v LIKE %s'),
    ("SELECT x % 2, 'a''?' FROM t WHERE y IN (?, ?)", "SELECT x %% 2, 'a''?' FROM t WHERE y IN (%s, %s)"),
])
def test_only_the_parameter_style_changes_for_postgresql(qmark: str, pyformat: str) -> None:
    assert to_pyformat(qmark) == pyformat


def test_each_dialect_upserts_in_its_own_words(any_store: Store) -> None:
    sql = any_store.sql.upsert("link_state", ("name", "state"), keys=("name",))
    with any_store.transaction():
        any_store.conn.execute(sql, ("n", "{}"))
        any_store.conn.execute(sql, ("n", '{"k": 1}'))
    assert [tuple(r) for r in any_store.conn.execute("SELECT name, state FROM link_state")] == [("n", '{"k": 1}')]
    assert ("OR REPLACE" in sql) == (any_store.dialect == "sqlite")


def test_a_renumbered_upsert_makes_the_row_the_newest(any_store: Store) -> None:
    for aid in ("a1", "a2"):
        any_store.save_article(make_article(aid), "v1")
    sql = any_store.sql.upsert("article_signatures", ("article_id", "signature"), keys=("article_id",), renumber=True)
    for aid, signature in (("a1", b"1"), ("a2", b"2"), ("a1", b"3")):
        with any_store.transaction():
            any_store.conn.execute(sql, (aid, signature))
    assert any_store.newest_signatures(5) == [("a1", b"3"), ("a2", b"2")]


def test_each_dialect_aggregates_text_and_tells_the_time(any_store: Store) -> None:
    for aid, source in (("a1", "gazette.fr"), ("a2", "journal.be"), ("a3", "gazette.fr")):
        any_store.save_article(make_article(aid, source=source), "v1")
    joined = any_store.conn.execute(
        f"SELECT {any_store.sql.group_concat('source', distinct=True)}, {any_store.sql.now_text()} FROM articles"
    ).fetchone()
    assert sorted(joined[0].split(",")) == ["gazette.fr", "journal.be"]
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ", joined[1])
    ilike = f"SELECT count(*) FROM articles WHERE source {any_store.sql.ilike} ?"
    assert [any_store.conn.execute(ilike, (p,)).fetchone()[0] for p in ("GAZETTE%", "%.BE", "x%")] == [2, 1, 0]


# -- every caller's SQL, end to end -----------------------------------------------------------------------


@pytest.mark.postgres
def test_sample_corpus_exports_the_same_from_both_backends(pg_url: str, tmp_path: Path) -> None:
    from recoupe import api
    from recoupe.sample import sample_corpus_path

    options = api.AnalyzeOptions()
    engine = api.Engine(options)
    exports = {}
    try:
        for name, target in [("sqlite", str(tmp_path / "s.db")), ("postgres", pg_url)]:
            with api.open_store(target) as store:
                report = api.analyze([sample_corpus_path()], store, options, engine=engine)
                assert report.added > 0 and report.failed == 0
                api.write_export(store, tmp_path / f"{name}.json")
                again = api.analyze([sample_corpus_path()], store, options, engine=engine)
                assert again.added == again.updated == 0  # a rerun is a no-op on both
            exports[name] = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    finally:
        engine.close()
    assert exports["postgres"]["stories"], "the PostgreSQL run linked nothing"
    assert exports["postgres"] == exports["sqlite"]  # same records, even in the same order
