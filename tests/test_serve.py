"""`recoupe serve`: every page and /api/ route through FastAPI's TestClient, errors, hostile text, the charts.

One store for the module: the bundled sample corpus plus a hand-written hostile
article (script tags, event handlers, javascript: and data: links) and an
article with an awkward id, analysed once (~20 s: spaCy loads).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from recoupe import api
from recoupe.records import Entity, Figure, Mention, Quote, Reading, TimelineEntry, TimeRef

fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")

HOSTILE_ID = "piege-2021-03-27"
HOSTILE_TITLE = 'Un piège <script>alert(1)</script> dans le titre'
HOSTILE_TEXT = (
    "Les dockers de Port-Saïd ont repris le travail samedi, a annoncé un syndicaliste. "
    "<script>alert(1)</script> Une photo <img src=x onerror=alert(1)> circulait parmi les marins. "
    'Un lien <a href="javascript:alert(1)">cliquez ici</a> et une image '
    '<a href="data:text/html;base64,PHNjcmlwdD4=">ouvrir</a> ont été signalés. '
    "Quelque 200 remorqueurs attendaient au large du canal."
)
ODD_ID = "dossier/été 2021?v=1#x"
ODD_TEXT = "Le trafic a repris lundi sur le canal de Suez, selon les pilotes du port."


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, to check what is live markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse_tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:  # the model, shared with the session (and marks the tests `model`)
    from recoupe.sample import sample_corpus_path

    folder = tmp_path_factory.mktemp("serve")
    extra = folder / "extra.jsonl"
    rows = [
        {"id": HOSTILE_ID, "source": "Le Guet <b>Apens</b>", "url": "javascript:alert(1)", "published": "2021-03-27",
         "title": HOSTILE_TITLE, "text": HOSTILE_TEXT},
        {"id": ODD_ID, "source": "Pilotes", "url": "https://exemple.org/trafic", "published": "2021-03-29",
         "title": "Reprise du trafic", "text": ODD_TEXT},
    ]
    extra.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    path = folder / "serve.db"
    with api.open_store(path) as store:
        report = api.analyze([sample_corpus_path(), extra], store)
        assert report.failed == 0
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(str(db))) as c:
        yield c


@pytest.fixture(scope="module")
def ids(db: Path) -> dict[str, str]:
    """The main story, an article with cleaning edits, a linked entity, a local entity id of it."""
    with api.open_store(db) as store:
        story = store.conn.execute("SELECT story, count(*) FROM articles GROUP BY story ORDER BY 2 DESC").fetchone()[0]
        edited = store.conn.execute("SELECT article_id FROM edits WHERE kind = 'removed' GROUP BY article_id"
                                    " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        entity, local = store.conn.execute(
            "SELECT global_id, min(entity_id) FROM entity_links GROUP BY global_id ORDER BY count(*) DESC, global_id"
            " LIMIT 1").fetchone()
        copy = store.conn.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL").fetchone()
    return {"story": story, "edited": edited, "entity": entity, "local": local, "copy": copy[0],
            "original": copy[1]}


def page(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:300])
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    return str(response.text)


# -- every route -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["/", "/?q=Suez", "/search?q=remorqueurs", "/search", "/stories/{story}",
                                   "/articles/{edited}", "/entities/{entity}"])
def test_pages_answer_html(client: Any, ids: dict[str, str], route: str) -> None:
    html = page(client, route.format(**{k: quote(v, safe="") for k, v in ids.items()}))
    assert html.startswith("<!DOCTYPE html>")
    scripts = [a.get("src") for t, a in parse_tags(html) if t == "script"]
    assert scripts == ["/static/app.js"]  # one script, served by the app, none inline


def test_api_routes_mirror_the_pages(client: Any, ids: dict[str, str]) -> None:
    stories = client.get("/api/stories").json()
    assert stories["total"] >= 1 and ids["story"] in [s["id"] for s in stories["stories"]]
    story = client.get(f"/api/stories/{ids['story']}").json()
    assert story["story"]["id"] == ids["story"] and story["timeline"] and story["comparison"]["sources"]
    assert all({"index", "date", "precision", "evidence"} <= set(e) for e in story["timeline"])
    assert story["figures"] and story["article_total"] >= 10
    article = client.get(f"/api/articles/{ids['edited']}").json()
    assert article["article"]["id"] == ids["edited"] and article["article"]["edits"]
    assert article["reading"]["entities"] and "lemmas" not in article["reading"]
    entity = client.get(f"/api/entities/{ids['entity']}").json()
    assert entity["id"] == ids["entity"] and entity["articles"] and entity["aliases"]
    search = client.get("/api/search", params={"q": "remorqueurs"}).json()
    assert HOSTILE_ID in [h["id"] for h in search["hits"]]
    hit = next(h for h in search["hits"] if h["id"] == HOSTILE_ID)
    assert any(matched and text.lower().startswith("remorqueur") for text, matched in hit["snippet_parts"])


def test_openapi_schema_documents_the_api_only(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/entities/{entity_id}",
            "/api/search"} <= paths
    assert not [p for p in paths if not p.startswith("/api/")]


@pytest.mark.parametrize("fmt, media, ext", [
    ("json", "application/json", "json"), ("md", "text/markdown", "md"), ("csv", "text/csv", "csv"),
    ("timelinejs", "application/json", "timelinejs.json"), ("html", "text/html", "html"),
])
def test_story_exports_are_linked_and_downloadable(client: Any, ids: dict[str, str], fmt: str, media: str,
                                                   ext: str) -> None:
    story = ids["story"]
    assert f'href="/exports/{fmt}/{story}"' in page(client, f"/stories/{story}")
    response = client.get(f"/exports/{fmt}/{story}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert f'filename="story-{story}.{ext}"' in response.headers["content-disposition"]
    entries = client.get(f"/api/stories/{story}").json()["timeline"]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["date"] for r in rows] == [e["date"] for e in entries]
        assert {r["key_event"] for r in rows} <= {"0", "1"}
    elif fmt == "json":
        doc = response.json()
        assert doc["id"] == story and len(doc["timeline"]) == len(entries) and "key_events" in doc
    elif fmt == "md":
        assert response.text.startswith("#") and entries[0]["event"][:30] in response.text


def test_story_export_of_an_unknown_story_or_format_is_404(client: Any, ids: dict[str, str]) -> None:
    assert client.get(f"/exports/pdf/{ids['story']}").status_code == 404
    assert client.get("/exports/json/no-such-story").status_code == 404


def test_docs_are_served_offline(client: Any) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "<script>" not in page.text, "the CSP forbids inline script: Swagger UI starts from a file"
    assets = re.findall(r'(?:src|href)="(/[^"]+)"', page.text)
    assert "/docs/assets/swagger-ui-bundle.js" in assets and "/static/docs.js" in assets
    for path in assets:
        assert client.get(path).status_code == 200, path
    assert "http://" not in page.text and "https://" not in page.text
    assert "/openapi.json" in client.get("/static/docs.js").text


def test_static_assets_are_served_and_local(client: Any) -> None:
    js = client.get("/static/app.js")
    css = client.get("/static/app.css")
    assert js.status_code == css.status_code == 200
    assert "javascript" in js.headers["content-type"] and "css" in css.headers["content-type"]
    assert "toggle-removed" in js.text and "timeline-svg" in js.text
    for body in (js.text, css.text):
        assert "http://" not in body and "https://" not in body and "@import" not in body


# -- the DOM the browser tests and the bench rely on -------------------------------------------------------


def test_story_page_dom_contract(client: Any, ids: dict[str, str]) -> None:
    tags = parse_tags(page(client, f"/stories/{ids['story']}"))
    by_id = {a.get("id"): (t, a) for t, a in tags if a.get("id")}
    assert by_id["timeline-svg"][0] == "svg" and by_id["comparison"][0] == "table"
    assert by_id["figures-chart"][0] == "svg"
    entries = [a for _, a in tags if "tl-entry" in (a.get("class") or "").split()]
    svg_entries = {a["data-entry"] for t, a in tags if t == "g" and "tl-entry" in (a.get("class") or "")}
    # Each listed entry is a closed <details>: its evidence opens with or without script.
    listed = [a for t, a in tags if t == "details" and "tl-entry" in (a.get("class") or "")]
    list_entries = {a["data-entry"] for a in listed}
    assert len(list_entries) >= 3 and svg_entries and svg_entries <= list_entries
    assert len(entries) == len(svg_entries) + len(list_entries)
    assert all("open" not in a for a in listed)
    for index in list_entries:
        _, attrs = by_id[f"evidence-{index}"]
        assert "evidence" in (attrs.get("class") or "")
    # The chart is one tab stop: one mark in the tab order, the others reached with the arrow keys.
    assert sorted(a["tabindex"] for t, a in tags if t == "g" and "tl-entry" in (a.get("class") or ""))[-1] == "0"
    assert sum(a.get("tabindex") == "0" for t, a in tags if t == "g" and "tl-entry" in (a.get("class") or "")) == 1
    links = [a["href"] for t, a in tags if t == "a" and a.get("class") == "evidence-article"]
    assert links and all(h and h.startswith("/articles/") for h in links)


def test_story_page_shows_conflicts_and_precision(client: Any, ids: dict[str, str]) -> None:
    html = page(client, f"/stories/{ids['story']}")
    tags = parse_tags(html)
    classes = [a.get("class") or "" for _, a in tags]
    assert any("prec-day" in c for c in classes) and any("prec-month" in c or "prec-year" in c for c in classes)
    # The sample's outlets give different counts of waiting ships: the comparison finds it, the chart marks it.
    story = client.get(f"/api/stories/{ids['story']}").json()
    if story["comparison"]["conflicts"]:
        assert 'id="conflicts"' in html and any("disagree" in c.split() for c in classes)


def test_article_page_marks_and_removed_toggle(client: Any, ids: dict[str, str]) -> None:
    html = page(client, f"/articles/{ids['edited']}")
    tags = parse_tags(html)
    marks = [a for t, a in tags if t == "mark"]
    assert any((a.get("class") or "").startswith("ent ent-") and a.get("data-entity") for a in marks)
    assert any(a.get("class") == "timex" for a in marks)
    assert [t for t, a in tags if a.get("id") == "toggle-removed"] == ["button"]
    removed = next(a for _, a in tags if a.get("id") == "removed")
    assert "hidden" in removed
    shown = next(a for _, a in parse_tags(page(client, f"/articles/{ids['edited']}?removed=1"))
                 if a.get("id") == "removed")
    assert "hidden" not in shown
    with api.open_store(client.app.state.ctx.db) as store:
        first_removed = next(e for e in store.edits(ids["edited"]) if e.kind == "removed")
    assert first_removed.reason in html


def test_article_page_lists_duplicates_both_ways(client: Any, ids: dict[str, str]) -> None:
    copy_page = page(client, f"/articles/{quote(ids['copy'], safe='')}")
    assert f'href="/articles/{quote(ids["original"], safe="")}"' in copy_page
    original_page = page(client, f"/articles/{quote(ids['original'], safe='')}")
    assert f'href="/articles/{quote(ids["copy"], safe="")}"' in original_page


def test_entity_page_by_global_and_local_id(client: Any, ids: dict[str, str]) -> None:
    html = page(client, f"/entities/{ids['entity']}")
    assert 'href="/articles/' in html and f'href="/stories/{ids["story"]}"' in html
    by_local = client.get(f"/api/entities/{quote(ids['local'], safe='')}").json()
    assert by_local["id"] == ids["entity"]


def test_entity_page_lists_its_quotes(client: Any) -> None:
    with api.open_store(client.app.state.ctx.db) as store:
        row = store.conn.execute("SELECT l.global_id, q.text FROM quotes q JOIN entity_links l"
                                 " ON l.entity_id = q.speaker_entity LIMIT 1").fetchone()
    assert row is not None, "the sample has attributed quotes"
    entity = client.get(f"/api/entities/{row[0]}").json()
    assert row[1] in [q["quote"]["text"] for q in entity["quotes"]]


def test_odd_article_id_round_trips(client: Any) -> None:
    html = page(client, f"/articles/{quote(ODD_ID, safe='')}")
    assert "Reprise du trafic" in html
    assert client.get(f"/api/articles/{quote(ODD_ID, safe='')}").json()["article"]["id"] == ODD_ID
    hits = page(client, "/search?q=pilotes")
    assert f'href="/articles/{quote(ODD_ID, safe="")}"' in hits


# -- filters and paging ------------------------------------------------------------------------------------


def test_story_filters_narrow_the_list(client: Any, ids: dict[str, str]) -> None:
    def story_ids(**params: str) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]

    assert ids["story"] in story_ids(q="Suez", source="AFN")
    assert story_ids(q="Suez", since="2030-01-01") == []
    assert ids["story"] in story_ids(since="2021-03-01", until="2021-03-31")
    assert story_ids(until="1990-01-01") == []
    assert story_ids(source="no such outlet") == []
    assert ids["story"] in story_ids(entity=ids["entity"])
    assert story_ids(entity="no-such-entity") == []
    matching = client.get("/api/stories", params={"source": "AFN"}).json()["stories"][0]
    assert matching["matching"] < matching["articles"]
    # Empty form fields are no filter.
    assert story_ids(q="", since="", until="", source="", entity="") == story_ids()


def test_month_dated_article_matches_a_day_range(client: Any) -> None:
    # 01_depeche-afn is dated "2021-03" only: a range starting mid-March still overlaps it.
    with api.open_store(client.app.state.ctx.db) as store:
        assert api.stories_page(store, api.StoryFilter(source="AFN", since="2021-03-15",
                                                       until="2021-03-15")).total == 1


def test_story_articles_are_paged(client: Any, ids: dict[str, str]) -> None:
    from recoupe.serve import views

    first = client.get(f"/api/stories/{ids['story']}").json()
    assert len(first["articles"]) == min(first["article_total"], views.ARTICLES_PER_PAGE)
    beyond = client.get(f"/api/stories/{ids['story']}", params={"page": 2}).json()
    assert beyond["articles"] == [] and beyond["article_total"] == first["article_total"]


def test_story_page_draws_only_the_heaviest_entries(db: Path) -> None:
    with api.open_store(db) as store:
        story = store.conn.execute("SELECT story_id FROM story_entries GROUP BY story_id"
                                   " ORDER BY count(*) DESC").fetchone()[0]
        found = api.story_page(store, story, api.StoryPageOptions(max_entries=3))
        weights = sorted((r[0] for r in store.conn.execute(
            "SELECT weight FROM story_entries WHERE story_id = ?", (story,))), reverse=True)
    assert found is not None and len(found.entries) == 3 and found.entry_total == len(weights)
    assert sorted((e.weight for _, e in found.entries), reverse=True) == weights[:3]
    assert [e.date for _, e in found.entries] == sorted(e.date for _, e in found.entries)


def test_comparison_is_computed_once_per_story_version(client: Any, db: Path, ids: dict[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = api.story_comparison

    def counting(store: api.Store, story_id: str, timeline: Any = None) -> Any:
        calls.append(story_id)
        return real(store, story_id, timeline)

    caches = client.app.state.ctx.caches
    caches.comparisons.clear()
    caches.stories_views.clear()
    monkeypatch.setattr(api, "story_comparison", counting)
    page(client, f"/stories/{ids['story']}")
    page(client, f"/stories/{ids['story']}?page=2")
    client.get(f"/api/stories/{ids['story']}")
    assert calls == [ids["story"]]
    # Re-linking rewrites the story (new updated_at): the next page view recomputes it.
    with api.open_store(db) as store:
        store.conn.execute("UPDATE stories SET updated_at = '2099-01-01T00:00:00Z' WHERE id = ?", (ids["story"],))
    page(client, f"/stories/{ids['story']}")
    assert calls == [ids["story"], ids["story"]]


# -- errors ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["stories", "articles", "entities"])
def test_unknown_ids_are_404(client: Any, kind: str) -> None:
    html = page(client, f"/{kind}/no-such-id", status=404)
    assert "no-such-id" in html and "Traceback" not in html
    response = client.get(f"/api/{kind}/no-such-id")
    assert response.status_code == 404 and "no-such-id" in response.json()["error"]
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/api/nothing-here").json()["error"]


@pytest.mark.parametrize("url", [
    "/?page=-1", "/?page=abc", "/?page=0", "/?since=notadate", "/?until=2021-02-30", "/?since=2021-05-01&until=2021-04-01",
    "/stories/x?page=-1", "/entities/x?page=zero", "/search?q=remorqueurs&page=-3", "/?q=" + "a" * 600,
])
def test_bad_parameters_are_400(client: Any, url: str) -> None:
    html = page(client, url, status=400)
    assert "Traceback" not in html and 'id="error"' in html
    api_url = "/api" + url if not url.startswith("/?") else "/api/stories" + url[1:]
    response = client.get(api_url)
    assert response.status_code == 400 and response.json()["error"]


@pytest.mark.parametrize("query", ['"canal', "canal AND", "AND", "NEAR(", "title:", "*", "'; DROP TABLE articles; --"])
def test_bad_search_syntax_is_a_clear_400(client: Any, db: Path, query: str) -> None:
    for url in ("/search", "/", "/api/search", "/api/stories"):
        response = client.get(url, params={"q": query})
        assert response.status_code in (200, 400), (url, query)
        if response.status_code == 400:
            message = response.json()["error"] if url.startswith("/api") else response.text
            assert "search query" in message and "Traceback" not in message
    with api.open_store(db) as store:
        assert store.count_articles() >= 12  # parameters only: the query never reached SQL as code


def test_nul_characters_never_reach_the_store(client: Any) -> None:
    for kind in ("stories", "articles", "entities"):
        response = client.get(f"/api/{kind}/a%00b")
        assert response.status_code == 404 and response.json()["error"].startswith("no ")
    for param in ("q", "source", "entity"):
        response = client.get("/api/stories", params={param: "a\x00b"})
        assert response.status_code == 400 and "NUL" in response.json()["error"], param


def test_api_search_needs_a_query(client: Any) -> None:
    response = client.get("/api/search")
    assert response.status_code == 400 and "q" in response.json()["error"]


def test_internal_errors_show_no_traceback(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.serve.app import create_app

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail /home/user/file.py line 12")

    monkeypatch.setattr(api, "article_page", broken)
    with fastapi_testclient.TestClient(create_app(str(db)), raise_server_exceptions=False) as c:
        for url in (f"/articles/{HOSTILE_ID}", f"/api/articles/{HOSTILE_ID}"):
            response = c.get(url)
            assert response.status_code == 500
            assert "secret detail" not in response.text and "Traceback" not in response.text
            assert "internal error" in response.text
            assert "default-src 'self'" in response.headers["content-security-policy"]


def test_create_app_refuses_a_missing_store(tmp_path: Path) -> None:
    from recoupe.serve.app import create_app

    with pytest.raises(api.StoreError, match="no such store"):
        create_app(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()


def test_pool_connections_are_read_only(client: Any) -> None:
    import sqlite3

    with client.app.state.ctx.pool.store() as store, pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM articles")


# -- hostile article text ----------------------------------------------------------------------------------


def assert_inert(html: str) -> None:
    """No tag, attribute or link from article text became live markup."""
    for tag, attrs in parse_tags(html):
        assert tag not in ("img", "iframe", "object", "embed"), tag
        if tag == "script":
            assert attrs == {"src": "/static/app.js", "defer": None}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action"):
                assert value and value.startswith(("/", "#", "?", "https://", "http://")), (tag, name, value)


def test_hostile_article_is_shown_as_text(client: Any) -> None:
    html = page(client, f"/articles/{HOSTILE_ID}")
    assert_inert(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:alert(1)" in html and 'href="javascript' not in html
    assert "data:text/html" in html and 'href="data:' not in html
    assert "Le Guet &lt;b&gt;Apens&lt;/b&gt;" in html


def test_hostile_text_is_inert_on_every_page(client: Any, ids: dict[str, str]) -> None:
    for url in ("/", "/search?q=dockers", f"/stories/{ids['story']}", f"/entities/{ids['entity']}",
                f"/articles/{HOSTILE_ID}?removed=1"):
        assert_inert(page(client, url))
    hits = page(client, "/search?q=dockers")
    assert HOSTILE_TITLE.replace("<", "&lt;").replace(">", "&gt;") in hits
    story = client.get(f"/api/articles/{HOSTILE_ID}").json()["story"]
    if story:
        assert_inert(page(client, f"/stories/{quote(story['id'], safe='')}"))


def test_only_http_links_are_built_from_article_urls() -> None:
    from recoupe.serve.app import safe_link

    assert safe_link("https://exemple.org/a?b=1") == "https://exemple.org/a?b=1"
    assert safe_link("http://exemple.org") == "http://exemple.org"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//exemple.org",
                "/local", "https://", "http://exemple.org/\nx", "", None):
        assert safe_link(bad) is None, bad


# -- the CLI command ---------------------------------------------------------------------------------------


def test_serve_command_fails_cleanly_without_a_store(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from recoupe.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "no such store" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(("host", "warned"), [("127.0.0.1", False), ("0.0.0.0", True)])
def test_serve_command_runs_uvicorn_and_warns_off_loopback(db: Path, monkeypatch: pytest.MonkeyPatch,
                                                           host: str, warned: bool) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from recoupe.cli import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: seen.update(kw, app=web))
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--host", host, "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == host and seen["port"] == 8123 and seen["app"].title == "recoupe"
    assert ("warning" in result.output) is warned


# -- pieces: marks and chart geometry ----------------------------------------------------------------------


def test_marks_nest_and_cut_crossing_spans() -> None:
    from recoupe.serve.marks import Mark, mark_tree, reading_spans

    text = "« Jean Dupont viendra lundi », dit-il."
    reading = Reading(
        article="a",
        entities=[Entity("Jean Dupont", "PER", [Mention("a", 2, 13, "Jean Dupont")], id="a:e0")],
        timexes=[TimeRef("DATE", "2021-03-29", Mention("a", 22, 27, "lundi"), "day")],
        quotes=[Quote("Jean Dupont viendra lundi", Mention("a", 0, 29, text[:29]))],
        figures=[Figure(3.0, Mention("a", 25, 35, text[25:35]), unit="x")],  # crosses the quote's end
    )
    tree = mark_tree(text, reading_spans(reading, {"a:e0": "g1"}))

    def flat(nodes: list[str | Mark]) -> str:
        return "".join(n if isinstance(n, str) else flat(n.children) for n in nodes)

    assert flat(tree) == text
    quote_mark = tree[0]
    assert isinstance(quote_mark, Mark) and quote_mark.classes == "quote"
    inner = [n for n in quote_mark.children if isinstance(n, Mark)]
    assert [m.classes for m in inner] == ["ent ent-PER", "timex"]
    assert ("data-entity", "g1") in inner[0].attrs
    figure = [n for n in inner[1].children if isinstance(n, Mark)]
    assert figure and figure[0].classes == "figure" and flat(figure[0].children) == "di"  # cut at the date's end


def test_timeline_layout_marks_precision_and_never_overlaps() -> None:
    from recoupe.serve.svg import layout_timeline, period_of

    assert period_of("2021-03", "month") == (period_of("2021-03-01")[0], period_of("2021-04-01")[0])  # type: ignore[index]
    assert period_of("2021-12", "month")[1].year == 2022  # type: ignore[index]
    assert period_of("PRESENT_REF") is None and period_of("2021-02-30") is None
    entries = [(i, TimelineEntry(date=d, precision=p, event=f"e{i}", weight=w)) for i, (d, p, w) in enumerate([
        ("2021-03-23", "day", 1.0), ("2021-03-23", "day", 0.2), ("2021-03", "month", 0.5), ("2021", "year", 0.1),
        ("2011-Q4", "day", 1.0), ("2021-03-24", "day", 0.3)])]
    chart = layout_timeline(entries)
    assert chart.left_out == 1 and len(chart.marks) == 5 and chart.ticks
    by_index = {m.index: m for m in chart.marks}
    assert by_index[0].r > by_index[1].r  # heavier, bigger
    assert by_index[0].bar_width == 0 and by_index[2].bar_width > 0 and by_index[3].bar_width > by_index[2].bar_width
    for a in chart.marks:
        for b in chart.marks:
            if a.index < b.index and a.cy == b.cy:
                a_right = max(a.bar_x + a.bar_width, a.cx + a.r)
                b_right = max(b.bar_x + b.bar_width, b.cx + b.r)
                assert a_right <= min(b.bar_x, b.cx - b.r) or b_right <= min(a.bar_x, a.cx - a.r)


def test_figures_layout_one_panel_per_count_with_disagreements() -> None:
    from recoupe.records import Comparison, FigureClaim, FigureConflict
    from recoupe.serve.svg import layout_figures

    def fig(article: str, value: float, as_of: str, start: int) -> api.StoryFigure:
        return api.StoryFigure(article=article, source=article.upper(), published=as_of,
                               figure=Figure(value, Mention(article, start, start + 5, "xxxxx"), unit="soldats",
                                             subject="soldats américains", as_of=as_of))

    figures = [fig("a", 5200, "2020-06", 0), fig("b", 3000, "2020-09", 4), fig("c", 2500, "2021-07", 9),
               fig("d", 3500, "2020-09", 1), fig("a", 12, "2020-06", 50)]
    figures[-1].figure.unit = "navires"
    conflict = FigureConflict("soldats", "2020-09", [FigureClaim("B", "b", figures[1].figure),
                                                     FigureClaim("D", "d", figures[3].figure)])
    chart = layout_figures(figures, Comparison(story="s", conflicts=[conflict]), {"a": "Agence A"})
    assert len(chart.series) == 1  # the lone count of ships is no series
    points = chart.series[0].points
    assert [p.value for p in points] == ["5\u202f200", "3\u202f000", "3\u202f500", "2\u202f500"]
    assert [p.disagree for p in points] == [False, True, True, False]
    assert points[0].source == "Agence A" and points[1].source == "B"
    assert points[0].y < points[-1].y  # larger values higher up (smaller y)


def test_search_too_broad_to_rank_lists_newest_first(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.store import browse

    ranked = client.get("/api/search", params={"q": "canal"}).json()
    assert ranked["order"] == "relevance" and ranked["total"] >= 5
    monkeypatch.setattr(browse, "RANK_LIMIT", 2)
    newest = client.get("/api/search", params={"q": "canal"}).json()
    assert newest["order"] == "newest stored first" and newest["total"] == ranked["total"]
    assert {h["id"] for h in newest["hits"]} == {h["id"] for h in ranked["hits"]}
    assert "too many to rank" in page(client, "/search?q=canal")


def test_far_outliers_go_to_a_gutter() -> None:
    from recoupe.serve.svg import GUTTER, MARGIN_X, WIDTH, layout_timeline

    days = [f"2021-03-{d:02d}" for d in range(10, 30, 2)]
    entries = [(i, TimelineEntry(date=d, precision="day", event=d, weight=1.0)) for i, d in enumerate(days)]
    entries.append((99, TimelineEntry(date="1967", precision="year", event="then", weight=1.0)))
    chart = layout_timeline(entries)
    old = next(m for m in chart.marks if m.index == 99)
    assert old.cx < MARGIN_X + GUTTER and [b.label for b in chart.breaks] == ["1967"]
    march = sorted(m.cx for m in chart.marks if m.index != 99)
    assert march[0] > MARGIN_X + GUTTER and march[-1] - march[0] > WIDTH / 2  # March fills the axis


def test_entity_marks_point_to_entity_pages(client: Any, ids: dict[str, str]) -> None:
    # app.js sends a click on a marked name to /entities/<data-entity>: every such id must have a page.
    tags = parse_tags(page(client, f"/articles/{ids['edited']}"))
    entity_ids = {str(a["data-entity"]) for t, a in tags if t == "mark" and a.get("data-entity")}
    assert entity_ids
    for entity_id in sorted(entity_ids)[:5]:
        assert client.get(f"/api/entities/{quote(str(entity_id), safe='')}").status_code == 200


def test_disagreeing_figures_are_highlighted(client: Any, ids: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.records import Comparison, FigureClaim, FigureConflict

    with api.open_store(client.app.state.ctx.db) as store:
        figures = [f for f in api.story_page(store, ids["story"]).figures  # type: ignore[union-attr]
                   if f.figure.unit == "navires"][:2]
    assert len(figures) == 2, "the sample counts waiting ships in several articles"
    conflict = FigureConflict("navires", "2021-03", [FigureClaim(f.source or "?", f.article, f.figure) for f in figures])
    monkeypatch.setattr(api, "story_comparison", lambda store, story_id, *_: Comparison(story_id, conflicts=[conflict]))
    caches = client.app.state.ctx.caches
    caches.comparisons.clear()
    caches.stories_views.clear()
    html = page(client, f"/stories/{ids['story']}")
    caches.comparisons.clear()
    caches.stories_views.clear()
    assert 'id="conflicts"' in html and html.count('<tr class="disagree">') == 2
    assert html.count('class="point disagree"') == 2


def test_story_timeline_is_read_once_per_story_version(client: Any, ids: dict[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # the page's entries, its comparison and its timeline section share one read of the timeline,
    # and paging through the articles or filtering the timeline reads it no more
    from recoupe.serve import state

    calls = []
    real = state.load_timeline

    def counting(store: api.Store, story_id: str) -> Any:
        calls.append(story_id)
        return real(store, story_id)

    caches = client.app.state.ctx.caches
    for memo in (caches.comparisons, caches.stories_views, caches.timelines):
        memo.clear()
    monkeypatch.setattr(state, "load_timeline", counting)
    page(client, f"/stories/{ids['story']}")
    page(client, f"/stories/{ids['story']}?page=2")
    page(client, f"/stories/{ids['story']}?min_outlets=2")
    assert calls == [ids["story"]]


def test_story_page_entries_from_a_held_timeline_match_the_store(db: Path, ids: dict[str, str]) -> None:
    from recoupe.store.links import load_timeline

    with api.open_store(db) as store:
        read = api.story_page(store, ids["story"], api.StoryPageOptions(max_entries=3))
        held = api.story_page(store, ids["story"], api.StoryPageOptions(max_entries=3),
                              load_timeline(store, ids["story"]))
    assert read is not None and held is not None
    assert held.entries == read.entries and held.entry_total == read.entry_total


def test_templates_are_compiled_before_the_first_request(db: Path) -> None:
    # the startup compiled every page template: the first reader of a story does not wait for it
    from recoupe.serve.app import create_app

    with fastapi_testclient.TestClient(create_app(str(db))) as fresh:
        env = fresh.app.state.ctx.templates.env
        compiled = {key[1] for key in env.cache or {}}
    assert {"story.html", "_charts.html", "article.html", "search.html", "stories.html"} <= compiled
