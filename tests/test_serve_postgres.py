"""`recoupe serve` on a PostgreSQL store: every page and /api/ route, the same answers as on SQLite.

One pair of stores for the module: the bundled sample corpus analysed once into a
PostgreSQL database of the test server (tests/pg_server.py) and once into a SQLite
file, with one engine (~25 s: spaCy loads). Search differs on purpose (PostgreSQL
stems French and folds accents, SQLite does not), and so does the order of an
entity's articles (PostgreSQL's entity links keep no write order); everything
else must match exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from recoupe import api

pytestmark = pytest.mark.postgres
fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")


@pytest.fixture(scope="module")
def stores(pg_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """{"postgres": URL, "sqlite": path} of two stores holding the analysed sample corpus."""
    from recoupe.sample import sample_corpus_path

    name, url = pg_server.create_database()
    targets = {"postgres": url, "sqlite": str(tmp_path_factory.mktemp("serve_pg") / "sample.db")}
    options = api.AnalyzeOptions()
    engine = api.Engine(options)
    try:
        for target in targets.values():
            with api.open_store(target) as store:
                report = api.analyze([sample_corpus_path()], store, options, engine=engine)
                assert report.added > 0 and report.failed == 0
    finally:
        engine.close()
    try:
        yield targets
    finally:
        pg_server.drop_database(name)


@pytest.fixture(scope="module")
def clients(stores: dict[str, str]) -> Iterator[dict[str, Any]]:
    """A TestClient over each store."""
    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(stores["postgres"])) as pg, \
            fastapi_testclient.TestClient(create_app(stores["sqlite"])) as lite:
        yield {"postgres": pg, "sqlite": lite}


@pytest.fixture(scope="module")
def client(clients: dict[str, Any]) -> Any:
    """The client over the PostgreSQL store."""
    return clients["postgres"]


@pytest.fixture(scope="module")
def ids(stores: dict[str, str]) -> dict[str, Any]:
    """Every story, article and global entity id, the main story, the most linked entity and a local id of it."""
    with api.open_store(stores["postgres"]) as store:
        story = store.conn.execute("SELECT story FROM articles WHERE story IS NOT NULL GROUP BY story"
                                   " ORDER BY count(*) DESC, story").fetchone()[0]
        entity, local = store.conn.execute(
            "SELECT global_id, min(entity_id) FROM entity_links GROUP BY global_id ORDER BY count(*) DESC, global_id"
            " LIMIT 1").fetchone()
        every = {table: [r[0] for r in store.conn.execute(f"SELECT id FROM {table} ORDER BY id")]
                 for table in ("stories", "articles", "global_entities")}
    return {"story": story, "entity": entity, "local": local, **every}


def get(client: Any, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:300])
    assert "default-src 'self'" in response.headers["content-security-policy"]
    return response


# -- every route -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["/", "/?q=canal", "/?q=Suez&since=2021-03-25", "/search?q=remorqueurs", "/search",
                                   "/stories/{story}", "/stories/{story}?page=2", "/articles/{article}",
                                   "/articles/{article}?removed=1", "/entities/{entity}", "/entities/{local}"])
def test_pages_answer_html(client: Any, ids: dict[str, Any], route: str) -> None:
    url = route.format(story=quote(ids["story"], safe=""), article=quote(ids["articles"][0], safe=""),
                       entity=quote(ids["entity"], safe=""), local=quote(ids["local"], safe=""))
    html = get(client, url).text
    assert html.startswith("<!DOCTYPE html>") and "Traceback" not in html


def test_pages_show_the_same_content_on_both_backends(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    for url in ("/", f"/stories/{quote(ids['story'], safe='')}", f"/articles/{quote(ids['articles'][0], safe='')}"):
        assert get(clients["postgres"], url).text == get(clients["sqlite"], url).text, url


def test_api_answers_like_sqlite(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    urls = ["/api/stories", "/api/stories?since=2021-03-25&until=2021-04-30", "/api/stories?source=AFN",
            f"/api/stories?entity={quote(ids['entity'], safe='')}", "/api/stories?page=2"]
    urls += [f"/api/stories/{quote(i, safe='')}" for i in ids["stories"]]
    urls += [f"/api/articles/{quote(i, safe='')}" for i in ids["articles"]]
    assert len(urls) > 15
    for url in urls:
        assert get(clients["postgres"], url).json() == get(clients["sqlite"], url).json(), url
    story = get(clients["postgres"], f"/api/stories/{quote(ids['story'], safe='')}").json()
    assert story["timeline"] and story["comparison"]["sources"] and story["figures"]


def test_entities_answer_like_sqlite_but_for_article_order(clients: dict[str, Any], ids: dict[str, Any]) -> None:
    for entity in [*ids["global_entities"], ids["local"]]:
        url = f"/api/entities/{quote(entity, safe='')}"
        pg, lite = get(clients["postgres"], url).json(), get(clients["sqlite"], url).json()
        assert pg["articles"], url
        assert sorted(pg.pop("articles"), key=str) == sorted(lite.pop("articles"), key=str), url
        assert pg == lite, url


def test_story_filter_by_full_text_matches_stemmed_words(clients: dict[str, Any]) -> None:
    pg = get(clients["postgres"], "/api/stories?q=canal").json()
    assert pg == get(clients["sqlite"], "/api/stories?q=canal").json()
    # "remorqueur" stems like "remorqueurs": both back-ends find every article naming tugs (PostgreSQL by its
    # french configuration, SQLite by widening the word to the indexed words of the same Snowball stem)
    stemmed = get(clients["postgres"], "/api/stories?q=remorqueur").json()
    widened = get(clients["sqlite"], "/api/stories?q=remorqueur").json()
    exact = get(clients["sqlite"], '/api/stories?q="remorqueur"').json()
    assert stemmed == widened
    assert sum(s["matching"] for s in widened["stories"]) > sum(s["matching"] for s in exact["stories"]) >= 1


def test_search_is_stemmed_accent_folded_and_highlighted(clients: dict[str, Any]) -> None:
    pg = get(clients["postgres"], "/api/search?q=canal").json()
    lite = get(clients["sqlite"], "/api/search?q=canal").json()
    assert pg["total"] == lite["total"] >= 5 and pg["order"] == "relevance"
    assert {h["id"] for h in pg["hits"]} == {h["id"] for h in lite["hits"]}
    assert all(any(hit and text.lower() == "canal" for text, hit in h["snippet_parts"]) for h in pg["hits"])
    assert all("\x02" not in h["snippet"] and "\x03" not in h["snippet"] for h in pg["hits"])
    folded = get(clients["postgres"], "/api/search?q=debloque").json()  # the text says "débloqué"
    assert folded["total"] >= 1
    assert any(hit and text.lower().startswith("débloqu") for h in folded["hits"] for text, hit in h["snippet_parts"])
    stemmed = get(clients["postgres"], "/api/search?q=remorqueur").json()
    assert stemmed["total"] == get(clients["sqlite"], "/api/search?q=remorqueur").json()["total"]
    assert stemmed["total"] > get(clients["sqlite"], '/api/search?q="remorqueur"').json()["total"]
    html = get(clients["postgres"], "/search?q=remorqueur").text
    assert "<b>remorqueurs</b>" in html.lower() and "\x02" not in html


def test_search_pages_and_too_broad_searches(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.store import browse

    ranked = get(client, "/api/search?q=canal").json()
    first = [h["id"] for h in ranked["hits"]]
    monkeypatch.setattr("recoupe.serve.views.HITS_PER_PAGE", 4)
    monkeypatch.setattr("recoupe.serve.api_routes.HITS_PER_PAGE", 4)
    paged = [get(client, f"/api/search?q=canal&page={n}").json() for n in (1, 2, 3)]
    assert [h["id"] for p in paged for h in p["hits"]] == first[:12] and paged[0]["more"]
    monkeypatch.setattr(browse, "PG_RANK_LIMIT", 2)
    newest = get(client, "/api/search?q=canal&page=1").json()
    assert newest["order"] == "newest stored first" and newest["total"] == ranked["total"]
    assert "too many to rank" in get(client, "/search?q=canal").text


# -- errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["(((", "le la de", "*", '"', "-"])
def test_unusable_search_is_a_clear_400(client: Any, stores: dict[str, str], query: str) -> None:
    for url in ("/search", "/", "/api/search", "/api/stories"):
        response = client.get(url, params={"q": query})
        assert response.status_code == 400, (url, query)
        message = response.json()["error"] if url.startswith("/api") else response.text
        assert "search query" in message and "no searchable word" in message and "Traceback" not in message


@pytest.mark.parametrize("query", ["'; DROP TABLE articles; --", "canal' OR 1=1 --", "%s %(x)s ? :name", "canal OR"])
def test_hostile_search_is_only_data(client: Any, stores: dict[str, str], query: str) -> None:
    for url in ("/search", "/api/search", "/api/stories"):
        assert client.get(url, params={"q": query}).status_code in (200, 400)
    with api.open_store(stores["postgres"]) as store:
        assert store.count_articles() == 11


@pytest.mark.parametrize("kind", ["stories", "articles", "entities"])
@pytest.mark.parametrize("bad_id", ["no-such-id", "a%00b"])
def test_unknown_ids_are_404(client: Any, kind: str, bad_id: str) -> None:
    html = get(client, f"/{kind}/{bad_id}", status=404).text
    assert "Traceback" not in html and 'id="error"' in html
    assert get(client, f"/api/{kind}/{bad_id}", status=404).json()["error"].startswith("no ")


def test_nul_in_a_filter_is_a_400(client: Any) -> None:
    for param in ("q", "source", "entity"):
        response = client.get("/api/stories", params={param: "a\x00b"})
        assert response.status_code == 400 and "NUL" in response.json()["error"], param


# -- the connection pool -----------------------------------------------------------------------------------


def test_pool_connections_are_read_only(client: Any) -> None:
    import psycopg

    with client.app.state.ctx.pool.store() as store, pytest.raises(psycopg.Error, match="read-only"):
        store.conn.execute("DELETE FROM articles")
    assert get(client, "/api/stories").json()["total"] >= 1


def test_listing_sees_a_rewritten_story(client: Any, stores: dict[str, str], ids: dict[str, Any]) -> None:
    before = get(client, "/api/stories").json()
    title = next(s["title"] for s in before["stories"] if s["id"] == ids["story"])
    with api.open_store(stores["postgres"]) as store:
        version = store.conn.execute("SELECT updated_at FROM stories WHERE id = ?", (ids["story"],)).fetchone()[0]
        store.conn.execute("UPDATE stories SET title = ?, updated_at = '2099-01-01T00:00:00Z' WHERE id = ?",
                           ("Titre réécrit", ids["story"]))
    try:
        after = get(client, "/api/stories").json()
        assert next(s["title"] for s in after["stories"] if s["id"] == ids["story"]) == "Titre réécrit"
    finally:
        with api.open_store(stores["postgres"]) as store:
            store.conn.execute("UPDATE stories SET title = ?, updated_at = ? WHERE id = ?",
                               (title, version, ids["story"]))


def test_dropped_connections_are_replaced(stores: dict[str, str], pg_server: Any) -> None:
    import psycopg

    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(stores["postgres"])) as c:
        assert get(c, "/api/stories").json()["total"] >= 1
        dbname = stores["postgres"].rsplit("/", 1)[1]
        with psycopg.connect(pg_server.admin_url, autocommit=True) as admin:
            killed = admin.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                   " WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,)).fetchone()
        assert killed is not None and killed[0] >= 1
        # the first request on each dead connection may fail (503, one line); the pool then reconnects
        answers = [c.get("/api/stories") for _ in range(10)]
        assert all(r.status_code in (200, 503) for r in answers)
        assert all("Traceback" not in r.text for r in answers)
        assert answers[-1].status_code == 200 and answers[-1].json()["total"] >= 1


def test_unreachable_server_is_one_clear_error() -> None:
    from recoupe.serve.app import create_app

    with pytest.raises(api.StoreError, match="cannot connect") as info:
        create_app("postgresql://someone:sekret@127.0.0.1:1/nothing")
    assert "sekret" not in str(info.value) and "\n" not in str(info.value)


# -- the CLI command ---------------------------------------------------------------------------------------


def test_serve_command_takes_a_postgres_url(stores: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from recoupe.cli import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw, app=web))
    url = stores["postgres"].replace("postgresql://postgres@", "postgresql://postgres:sekret@")
    result = CliRunner().invoke(app, ["serve", "--db", url, "--port", "8124"])
    assert result.exit_code == 0, result.output
    assert seen["port"] == 8124 and seen["app"].title == "recoupe"
    assert "sekret" not in result.output and "postgres:***@" in result.output


def test_serve_command_fails_cleanly_without_a_server(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from recoupe.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", "postgresql://someone:sekret@127.0.0.1:1/nothing"])
    assert result.exit_code != 0
    assert "cannot connect" in result.output and "Traceback" not in result.output and "sekret" not in result.output
