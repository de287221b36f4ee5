"""The web interface in French and English: the browser's Accept-Language chooses, `?lang=` overrides and is
remembered in a cookie, `<html lang>` says the interface's language, and every string has both translations."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from html_text import element_text
from serve_helpers import STORY_ID, build_timeline_store

from recoupe import api
from recoupe.records import Figure, Mention
from recoupe.serve.i18n import choose_language, load_catalog, parse_accept_language, translate
from recoupe.tell.story_common import hedge_word

fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")

HTML_LANG = re.compile(r'<html lang="([a-z]+)">')
# Every page kind, each with a string of the interface that differs between the two languages.
PAGES = {
    "/": ("Stories", "Sujets"),
    f"/stories/{STORY_ID}": ("Timeline", "Chronologie"),
    "/articles/a0": ("Duplicates", "Doublons"),
    "/search?q=dockers": ("Search articles", "Chercher des articles"),
    "/no-such-page": ("Back to the stories", "Retour aux sujets"),
}
# The story page's blocks above the timeline and the sources, each with French words it always shows.
STORY_BLOCKS = {
    "glance": ("Période couverte", "Médias", "Événements clés", "Acteurs principaux", "Chiffres clés"),
    "who-said-what": ("Qui a dit quoi",),
    "grid": ("Qui rapporte quoi",),
    "sources": ("Sources", "entrées de la chronologie", "propres à cette source"),
}
# The catalog sections those blocks say things with.
STORY_KEYS = ("glance.", "who.", "grid.", "sources.", "outlet.", "hedge.", "count.")
# Attributes a reader hears or sees (screen readers, tooltips, the card labels of narrow tables).
def block_text(html: str, element_id: str) -> str:
    """A block's words, its readable attributes included (the English must be gone from those too)."""
    return element_text(html, element_id, attributes=True)


def english_fragments() -> set[str]:
    """The words of the story blocks' English texts that French says otherwise (placeholders cut out; bits
    under four letters, like "to", left aside as they can stand inside French text)."""
    english, french = load_catalog("en"), load_catalog("fr")
    found: set[str] = set()
    for key, text in english.items():
        if key.startswith(STORY_KEYS) and text != french[key]:
            found |= {bit.strip(" ,.:()") for bit in re.split(r"\{\w+\}", text)}
    return {bit for bit in found if len(bit) >= 4}


def english_left_in(html: str) -> dict[str, list[str]]:
    """Per story block, the English fragments a French page still shows there."""
    fragments = english_fragments()
    left = {}
    for block in STORY_BLOCKS:
        text = block_text(html, block)
        left[block] = sorted(f for f in fragments if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))
    return {block: found for block, found in left.items() if found}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from recoupe.serve.app import create_app

    db = build_timeline_store(tmp_path_factory.mktemp("i18n") / "i18n.db")
    with fastapi_testclient.TestClient(create_app(str(db))) as c:
        yield c


@pytest.mark.parametrize("path", list(PAGES))
def test_browser_language_chooses(client: Any, path: str) -> None:
    english, french = PAGES[path]
    client.cookies.clear()
    for header, lang, text in (("fr-FR,fr;q=0.9,en;q=0.8", "fr", french), ("en-GB,en;q=0.9", "en", english),
                               ("de-DE,fr;q=0.5", "fr", french), ("", "en", english)):
        html = client.get(path, headers={"Accept-Language": header}).text
        assert HTML_LANG.search(html).group(1) == lang, (path, header)  # type: ignore[union-attr]
        assert text in html, (path, header, text)


def test_switch_overrides_and_is_remembered(client: Any) -> None:
    client.cookies.clear()
    first = client.get("/?lang=fr", headers={"Accept-Language": "en"})
    assert "lang=fr" in first.headers.get("set-cookie", "")
    assert HTML_LANG.search(first.text).group(1) == "fr"  # type: ignore[union-attr]
    later = client.get(f"/stories/{STORY_ID}", headers={"Accept-Language": "en"})
    assert "Chronologie" in later.text, "the cookie keeps the reader's choice over the browser's"
    back = client.get("/?lang=en", headers={"Accept-Language": "fr"})
    assert HTML_LANG.search(back.text).group(1) == "en"  # type: ignore[union-attr]
    client.cookies.clear()


def test_switch_links_keep_the_page_and_its_parameters(client: Any) -> None:
    client.cookies.clear()
    html = client.get(f"/stories/{STORY_ID}?min_outlets=2&tl_page=2", headers={"Accept-Language": "en"}).text
    link = re.search(r'<a href="([^"]+)" lang="fr"', html)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert href.startswith(f"/stories/{STORY_ID}?") and "min_outlets=2" in href and "tl_page=2" in href
    assert href.endswith("lang=fr")


def test_cached_story_page_follows_the_language(client: Any) -> None:
    client.cookies.clear()
    path = f"/stories/{STORY_ID}"
    assert "Chronologie" in client.get(path, headers={"Accept-Language": "fr"}).text
    assert "Chronologie" not in client.get(path, headers={"Accept-Language": "en"}).text
    assert "Accept-Language" in client.get(path).headers.get("vary", "")


def test_unknown_language_choice_falls_back() -> None:
    assert choose_language("xx", None, "fr") == "fr"
    assert choose_language(None, "de", "en;q=0.2, fr;q=0.8") == "fr"
    assert choose_language("EN", "fr", "fr") == "en"
    assert parse_accept_language("fr-CA;q=0.3, en-US;q=0.7") == "en"
    assert parse_accept_language("fr;q=abc, en") == "en"
    assert parse_accept_language("*") is None


def test_counts_take_the_singular_by_each_language() -> None:
    assert translate("en", "count.articles", count=1) == "1 article"
    assert translate("en", "count.articles", count=0) == "0 articles"
    assert translate("fr", "count.articles", count=0) == "0 article"
    assert translate("fr", "count.entries", count=3) == "3 entrées"
    assert translate("fr", "precision.season", "season") == "season"


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    english, french = load_catalog("en"), load_catalog("fr")
    assert english.keys() == french.keys()
    for key, text in english.items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", french[key])), key


def test_every_template_string_is_in_the_catalogs() -> None:
    catalog = load_catalog("en")
    folder = resources.files("recoupe.serve") / "templates"
    used: set[str] = set()
    for item in folder.iterdir():
        text = item.read_text(encoding="utf-8")
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_]+)["']""", text))
        used |= {k for pair in re.findall(r"""\bt\(\s*"([a-z_.]+)" if \w+ else "([a-z_.]+)\"""", text) for k in pair}
    assert used, "no t() call found in the templates"
    assert sorted(used - catalog.keys()) == []
    assert json.loads((resources.files("recoupe.serve.i18n") / "fr.json").read_text(encoding="utf-8"))


def test_story_blocks_speak_french(client: Any) -> None:
    client.cookies.clear()
    french = client.get(f"/stories/{STORY_ID}", headers={"Accept-Language": "fr"}).text
    for block, words in STORY_BLOCKS.items():
        text = block_text(french, block)
        assert text, block
        for word in words:
            assert word in text, (block, word)
    assert english_left_in(french) == {}
    english = client.get(f"/stories/{STORY_ID}?lang=en").text
    assert english_left_in(english).keys() == STORY_BLOCKS.keys(), "the English page shows its English words"
    assert "Who reports what" in block_text(english, "grid") and "✓ reports" in block_text(english, "grid")
    assert "✓ rapporte" in block_text(french, "grid")
    client.cookies.clear()


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The bundled sample corpus analysed: stories with quotes, actors, wires and articles of no known source."""
    from recoupe.sample import sample_corpus_path
    from recoupe.serve.app import create_app

    path: Path = tmp_path_factory.mktemp("i18n-sample") / "sample.db"
    with api.open_store(path) as store:
        assert api.analyze([sample_corpus_path()], store).failed == 0
    with fastapi_testclient.TestClient(create_app(str(path))) as c:
        yield c


@pytest.mark.model
def test_sample_story_pages_speak_french(sample_client: Any) -> None:
    stories = [s["id"] for s in sample_client.get("/api/stories").json()["stories"]]
    assert stories
    seen = ""
    for story in stories:
        html = sample_client.get(f"/stories/{story}", headers={"Accept-Language": "fr"}).text
        assert english_left_in(html) == {}, story
        seen += " ".join(block_text(html, block) for block in STORY_BLOCKS)
    for words in ("propos repris par", "Rapporté par", "source inconnue", "personne"):
        assert words in seen, words
    assert "unknown source" not in seen


def test_every_hedge_is_said_in_both_languages() -> None:
    mention = Mention(article="a", start=0, end=1, text="1")
    hedges = {hedge_word(Figure(value=1.0, mention=mention, bound=bound, approx=approx))
              for bound in (None, "about", "at_least", "at_most") for approx in (False, True)}
    for language in ("en", "fr"):
        for word in hedges:
            assert f"hedge.{word.replace(' ', '_')}" in load_catalog(language), (language, word)
    assert translate("fr", "hedge.at_least") == "au moins"
