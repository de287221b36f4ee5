"""End-to-end tests of `recoupe serve` in headless Chromium: timeline, evidence, article marks, hostile text.

One store (the bundled sample corpus plus a hand-written hostile article), one
real uvicorn server and one browser for the whole module; each test gets a
fresh browser context and saves a screenshot of what it saw under its tmp_path.
Needs Debian's chromium at /usr/bin/chromium (`scripts/install-test-deps.sh`);
skips when it is absent.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM, chromium, serving
from serve_helpers import STORY_ID as LONG_STORY
from serve_helpers import build_timeline_store

# Measured with this Chromium at 1280x800: a blank page is 4.7 KB, a two-line error page 8 KB,
# the smallest page shot here (the sample's stories list) about 40 KB.
MIN_SCREENSHOT_BYTES = 20_000
# Milliseconds Playwright waits for an element state before failing (pages are local and small).
WAIT_MS = 5_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing (run scripts/install-test-deps.sh)"),
]

playwright_sync = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

HOSTILE_ID = "piege-2021-03-26"
# Every payload sets window.__pwned or opens a dialog if it ever runs.
HOSTILE_TITLE = ('Canal piégé <script>window.__pwned=5</script> <img src=x onerror="window.__pwned=6"> '
                 '<a href="data:text/html,<script>alert(9)</script>">lien</a>')
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

Le porte-conteneurs restait échoué vendredi dans le canal de Suez, selon un pilote du port. \
<script>window.__pwned=1</script> Les remorqueurs ont tiré sur la coque toute la nuit. \
<img src=x onerror="window.__pwned=2"> Un message <a href="javascript:window.__pwned=3">clic</a> \
et un autre <a href="data:text/html,<script>window.__pwned=4</script>">voir</a> circulaient parmi les marins. \
<svg onload="alert(7)"></svg> Personne n'a pu confirmer ces rumeurs.

L'Autorité du canal de Suez a indiqué jeudi que 150 navires attendaient leur tour à l'entrée du canal."""
HOSTILE_ARTICLE = {
    "id": HOSTILE_ID,
    "source": "Le Piège du Matin",
    "url": "javascript:window.__pwned=8",
    "published": "2021-03-26",
    "title": HOSTILE_TITLE,
    "text": HOSTILE_TEXT,
}
# Strings that appear in an attribute or a script only if a payload became live markup.
PAYLOAD_MARKERS = ("__pwned", "alert(")

FIND_LIVE_PAYLOADS = """(markers) => {
    const risky = (name) => name.startsWith('on') || ['href', 'src', 'srcdoc', 'action', 'formaction',
        'xlink:href', 'data'].includes(name);
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (risky(attr.name.toLowerCase()) && markers.some((m) => attr.value.includes(m))) {
                found.push(`${el.tagName.toLowerCase()}[${attr.name}="${attr.value}"]`);
            }
        }
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)
                && markers.some((m) => (el.textContent || '').includes(m))) {
            found.push(`<${el.tagName.toLowerCase()}> holding a payload`);
        }
    }
    return found;
}"""


@dataclass
class Served:
    """The running app: its base URL and the ids the tests visit."""

    base_url: str
    db: Path
    story_id: str
    article_with_edits: str
    entity: str = ""


@dataclass
class Watched:
    """A browser page and what it reported: dialogs opened, uncaught script errors, CSP refusals."""

    page: Any
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    csp_refusals: list[str] = field(default_factory=list)

    def goto(self, served: Served, path: str) -> None:
        """Open `path` on the server and check it answered 200."""
        response = self.page.goto(served.base_url + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    def screenshot(self, path: Path) -> Path:
        """Save a full-page PNG and check it is a real, non-blank image."""
        self.page.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > MIN_SCREENSHOT_BYTES, f"{path} is only {len(data)} bytes"
        return path


def build_store(folder: Path) -> Served:
    """Analyze the sample corpus and the hostile article into a new store; pick the ids to visit."""
    from recoupe import api
    from recoupe.sample import sample_corpus_path
    from recoupe.store.links import list_stories

    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE_ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    db = folder / "browser.db"
    with api.open_store(db) as store:
        report = api.analyze([sample_corpus_path(), hostile], store)
        assert report.failed == 0, report.issues
        story_id = list_stories(store)[0].id
        with_edits = max(store.article_ids(), key=lambda a: len(store.edits(a)))
        entity = store.conn.execute("SELECT global_id FROM entity_links GROUP BY global_id ORDER BY count(*) DESC,"
                                    " global_id LIMIT 1").fetchone()[0]
    build_timeline_store(db)  # a second story, hand-written: a long timeline with a background
    return Served(base_url="", db=db, story_id=story_id, article_with_edits=with_edits, entity=entity)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample store served by the real app under uvicorn, in a thread, for the whole module."""
    info = build_store(tmp_path_factory.mktemp("browser-store"))
    with serving(info.db) as base_url:
        info.base_url = base_url
        yield info


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module; Playwright gives it a fresh temporary profile."""
    with chromium(playwright_sync) as instance:
        yield instance


@contextmanager
def watching(browser: Any, width: int = 1280) -> Iterator[Watched]:
    """A page `width` px wide in a fresh context that records dialogs (and dismisses them) and uncaught errors."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    result = Watched(page=page)

    def on_dialog(dialog: Any) -> None:
        result.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: result.errors.append(str(error)))

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            result.csp_refusals.append(message.text)

    page.on("console", on_console)
    try:
        yield result
    finally:
        context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    """A desktop-wide watched page (see `watching`)."""
    with watching(browser) as result:
        yield result


def open_entry(watched: Watched, entry: Any) -> Any:
    """Click a timeline entry; return its evidence block after checking it went from hidden to shown."""
    expect = playwright_sync.expect
    index = entry.get_attribute("data-entry")
    assert index is not None and index.isdigit(), f"timeline entry without a numeric data-entry: {index!r}"
    evidence = watched.page.locator(f"#evidence-{index}")
    expect(evidence).to_have_count(1)
    expect(evidence).to_be_hidden()
    entry.click()
    expect(evidence).to_be_visible()
    return evidence


def test_story_timeline_entry_shows_its_evidence(served: Served, watched: Watched, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    watched.goto(served, f"/stories/{served.story_id}")
    page = watched.page
    listed = page.locator(".tl-entry:not(#timeline-svg *)")
    assert listed.count() >= 3, "the sample's main story should list several timeline entries"
    expect(page.locator("#timeline-svg .tl-entry").first).to_be_visible()
    expect(page.locator("#comparison")).to_be_visible()

    evidence = open_entry(watched, listed.first)
    assert len(evidence.inner_text().strip()) > 20, "the evidence block shows no sentence"
    links = evidence.locator("a.evidence-article")
    assert links.count() >= 1
    assert all(href.startswith("/articles/") for href in links.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    assert watched.screenshot(tmp_path / "story.png").exists()

    links.first.click()
    page.wait_for_url("**/articles/**")
    expect(page.locator("#article-text")).to_be_visible()
    assert watched.errors == [] and watched.dialogs == []


def test_evidence_link_highlights_its_sentence_in_view(served: Served, watched: Watched, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    watched.goto(served, f"/stories/{served.story_id}")
    page = watched.page
    link = page.locator("blockquote a.evidence-article[href*='#c']").last
    href = link.get_attribute("href")
    m = re.fullmatch(r"/articles/[^#]+#c(\d+)-(\d+)", href or "")
    assert m, f"an evidence link should point at its sentence: {href!r}"
    quoted = link.evaluate("a => a.parentElement.firstChild.textContent")
    watched.goto(served, href or "")
    cited = page.locator("#article-text mark.cited")
    expect(cited.first).to_be_in_viewport()
    assert cited.first.evaluate("el => el === document.activeElement"), "the cited sentence should take the focus"
    highlighted = "".join(cited.all_text_contents())
    assert len(highlighted) == int(m.group(2)) - int(m.group(1)), "the highlight covers exactly the cited characters"
    assert " ".join(highlighted.split()) == " ".join(quoted.split()), "the highlight is the evidence sentence"
    watched.screenshot(tmp_path / "cited.png")
    assert watched.errors == []


def test_docs_page_lists_the_api_offline(served: Served, watched: Watched) -> None:
    expect = playwright_sync.expect
    external: list[str] = []
    watched.page.on("request", lambda r: external.append(r.url) if not r.url.startswith(served.base_url) else None)
    watched.goto(served, "/docs")
    expect(watched.page.locator(".opblock").first).to_be_visible()
    assert watched.page.locator(".opblock").count() >= 5, "every /api/ route should be listed"
    assert external == [] and watched.errors == []
    assert watched.csp_refusals == [], watched.csp_refusals[:3]


def test_story_svg_entry_is_clickable_too(served: Served, watched: Watched) -> None:
    watched.goto(served, f"/stories/{served.story_id}")
    in_svg = watched.page.locator("#timeline-svg .tl-entry")
    entry = in_svg.first
    evidence = open_entry(watched, entry)
    assert evidence.locator("a.evidence-article").count() >= 1
    assert watched.errors == []


def test_article_page_marks_and_removed_text(served: Served, watched: Watched, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    watched.goto(served, f"/articles/{served.article_with_edits}")
    page = watched.page
    text = page.locator("#article-text")
    expect(text).to_be_visible()
    assert text.locator("mark.ent").count() >= 3, "entities should be marked in the sample article"
    assert text.locator(".timex").count() >= 1, "dates should be marked in the sample article"
    removed = page.locator("#removed")
    expect(removed).to_be_hidden()
    page.locator("#toggle-removed").click()
    expect(removed).to_be_visible()
    assert removed.inner_text().strip(), "the removed-text block is empty though cleaning removed something"
    watched.screenshot(tmp_path / "article.png")
    page.locator("#toggle-removed").click()
    expect(removed).to_be_hidden()
    assert watched.errors == []


def test_entity_page_and_story_search(served: Served, watched: Watched, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    page = watched.page
    watched.goto(served, f"/articles/{served.article_with_edits}")
    entity_links = page.locator('a[href^="/entities/"]')
    assert entity_links.count() >= 1, "the article page links no entity"
    name = entity_links.first.inner_text().strip()
    entity_links.first.click()
    page.wait_for_url("**/entities/**")
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator(f'a[href="/articles/{served.article_with_edits}"]').first).to_be_visible()
    watched.screenshot(tmp_path / "entity.png")

    watched.goto(served, "/?q=Suez")
    expect(page.locator(f'a[href="/stories/{served.story_id}"]').first).to_be_visible()
    watched.screenshot(tmp_path / "stories.png")

    watched.goto(served, "/search?q=remorqueurs")
    expect(page.locator(f'a[href="/articles/{HOSTILE_ID}"]').first).to_be_visible()
    watched.screenshot(tmp_path / "search.png")
    assert watched.errors == []


# Pages that show the hostile article's title (the stories list may title the story after another article).
HOSTILE_PAGES = {
    "article": (f"/articles/{HOSTILE_ID}", True),
    "search": ("/search?q=remorqueurs", True),
    "story": ("/stories/{story}", True),
    "stories": ("/", False),
}


@pytest.mark.parametrize("name", list(HOSTILE_PAGES))
def test_hostile_text_stays_text(served: Served, watched: Watched, tmp_path: Path, name: str) -> None:
    path, shows_title = HOSTILE_PAGES[name]
    page = watched.page
    watched.goto(served, path.format(story=served.story_id))
    page.wait_for_load_state("load")
    watched.screenshot(tmp_path / f"hostile-{name}.png")
    # Had a hostile link become a real one, clicking it would run its payload.
    for anchor in page.locator("a", has_text=re.compile(r"^\s*(clic|voir|lien)\s*$")).all():
        anchor.click(no_wait_after=True)
    page.wait_for_timeout(200)  # let any handler that was wrongly attached fire
    assert page.evaluate("typeof window.__pwned") == "undefined", "a hostile payload ran"
    assert watched.dialogs == [], "a hostile payload opened a dialog"
    # Escaped text never even reaches the CSP: a refusal means markup became live and only the CSP stopped it.
    assert watched.csp_refusals == []
    assert page.url.startswith(served.base_url), f"a hostile link navigated away to {page.url}"
    assert page.evaluate(FIND_LIVE_PAYLOADS, list(PAYLOAD_MARKERS)) == []
    for link in page.locator("a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert not link.strip().lower().startswith(("javascript:", "data:")), f"live link {link!r}"
    body = page.inner_text("body")
    if shows_title:
        assert "<script>window.__pwned=5</script>" in body, "the hostile title is not shown as text"
        assert 'onerror="window.__pwned=6"' in body
    if name == "article":
        for literal in ("<script>window.__pwned=1</script>", 'onerror="window.__pwned=2"',
                        'href="javascript:window.__pwned=3"', "data:text/html,", '<svg onload="alert(7)">',
                        "javascript:window.__pwned=8"):  # the last is the article's URL
            assert literal in body, f"{literal!r} is not shown as text"
        assert "<script>window.__pwned=5</script>" in page.title()
    assert watched.errors == []


def test_store_kept_the_hostile_text_verbatim(served: Served) -> None:
    # Guards the test above: if cleaning stripped the markup, "shown as text" would prove nothing.
    with sqlite3.connect(served.db) as conn:
        title, text = conn.execute("SELECT title, clean_text FROM articles WHERE id = ?", (HOSTILE_ID,)).fetchone()
    assert "<script>window.__pwned=5</script>" in title
    assert '<img src=x onerror="window.__pwned=2">' in text
    assert 'href="javascript:window.__pwned=3"' in text


# -- phones, keyboard, accessibility ------------------------------------------------------------------------

# Every page kind (/docs is exempt: Swagger UI's own layout), as a path template over the served ids.
PAGE_KINDS = {
    "stories": "/",
    "story": "/stories/{story}",
    "long-story": f"/stories/{LONG_STORY}",
    "article": "/articles/{article}",
    "entity": "/entities/{entity}",
    "search": "/search?q=canal",
    "error": "/no-such-page",
}
WIDTHS = (1366, 390)
# Impacts axe-core ranks above "moderate": what the pages must not have.
BLOCKING_IMPACTS = ("serious", "critical")


def visit(watched: Watched, served: Served, kind: str) -> None:
    """Open a page kind (the error page answers 404, the others 200)."""
    path = PAGE_KINDS[kind].format(story=served.story_id, article=served.article_with_edits, entity=served.entity)
    response = watched.page.goto(served.base_url + path)
    assert response is not None and response.status == (404 if kind == "error" else 200), path


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_horizontal_scrolling(served: Served, browser: Any, kind: str, width: int) -> None:
    with watching(browser, width) as watched:
        visit(watched, served, kind)
        page = watched.page
        scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{kind} at {width} px scrolls sideways ({scroll} > {inner})"
        search = page.locator("header form.quick input").bounding_box()
        assert search is not None and search["x"] >= 0 and search["x"] + search["width"] <= inner
        # Titles wrap between words: a word is broken only when it alone is wider than the line.
        assert page.locator("h1").evaluate("h => getComputedStyle(h).overflowWrap") in ("break-word", "normal")
        assert watched.errors == []


def test_tables_become_cards_and_charts_scroll_on_phones(served: Served, browser: Any) -> None:
    with watching(browser, 390) as watched:
        visit(watched, served, "stories")
        row = watched.page.locator("#stories tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        assert "story" in row.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content")
        visit(watched, served, "story")
        box = watched.page.locator(".chart-box").first
        svg = box.locator("svg")
        assert svg.evaluate("s => s.getBoundingClientRect().width") > box.evaluate("b => b.clientWidth"), \
            "the chart keeps its width (legible text) and scrolls inside its box"
        assert box.evaluate("b => b.scrollWidth > b.clientWidth")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_accessibility_scan(served: Served, browser: Any, kind: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    with watching(browser, width) as watched:
        visit(watched, served, kind)
        results = Axe().run(watched.page)
    blocking = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
                for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert blocking == [], f"{kind} at {width} px: {blocking}"


def test_skip_link_is_the_first_tab_stop(served: Served, watched: Watched) -> None:
    visit(watched, served, "stories")
    page = watched.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_timeline_chart_is_one_tab_stop_with_arrow_keys(served: Served, watched: Watched, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    watched.goto(served, f"/stories/{LONG_STORY}")
    page = watched.page
    marks = page.locator("#timeline-svg .tl-entry")
    assert marks.count() > 10
    page.locator(".chart-tools a").last.focus()  # the last stop before the chart: the zoom links
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.getAttribute('data-entry')")
    assert first == marks.first.get_attribute("data-entry"), "Tab enters the chart at its first entry"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    third = marks.nth(3)
    assert page.evaluate("document.activeElement.getAttribute('data-entry')") == third.get_attribute("data-entry")
    page.keyboard.press("ArrowLeft")
    second = marks.nth(2).get_attribute("data-entry")
    assert page.evaluate("document.activeElement.getAttribute('data-entry')") == second
    page.keyboard.press("Enter")
    entry = page.locator(f'details.tl-entry[data-entry="{second}"]')
    expect(entry).to_have_attribute("open", "")
    expect(entry.locator(".evidence")).to_be_in_viewport()
    watched.screenshot(tmp_path / "timeline-keyboard.png")
    page.locator(".chart-tools a").last.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('#timeline-svg')"), "one Tab leaves the chart"
    assert watched.errors == []


def test_marked_names_are_focusable(served: Served, watched: Watched) -> None:
    watched.goto(served, f"/articles/{served.article_with_edits}")
    page = watched.page
    mark = page.locator("#article-text mark.ent[data-entity]").first
    mark.focus()
    assert mark.evaluate("m => m === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/entities/**")
    assert watched.errors == []


def test_deep_link_highlights_its_sentence_on_a_phone(served: Served, browser: Any) -> None:
    expect = playwright_sync.expect
    with watching(browser, 390) as watched:
        watched.goto(served, f"/stories/{served.story_id}")
        href = watched.page.locator("blockquote a.evidence-article[href*='#c']").last.get_attribute("href")
        watched.goto(served, href or "")
        cited = watched.page.locator("#article-text mark.cited")
        expect(cited.first).to_be_in_viewport()
        assert watched.errors == []


def test_interface_follows_the_browser_language(served: Served, browser: Any) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{served.base_url}/stories/{served.story_id}")
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.locator("#timeline-title").inner_text() == "Chronologie"
        page.locator('header a[lang="en"]').click()
        page.wait_for_url("**lang=en**")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.goto(f"{served.base_url}/")
        assert page.evaluate("document.documentElement.lang") == "en", "the switch is remembered"
    finally:
        context.close()


def test_timeline_works_without_script(served: Served, browser: Any) -> None:
    expect = playwright_sync.expect
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{served.base_url}/stories/{LONG_STORY}?min_outlets=2")
        entry = page.locator("details.tl-entry").first
        evidence = entry.locator(".evidence")
        expect(evidence).to_be_hidden()
        entry.locator("summary").click()
        expect(evidence).to_be_visible()
        page.locator('a[rel="next"]').first.click()
        page.wait_for_url("**tl_page=2**")
        assert "min_outlets=2" in page.url, "paging keeps the filter"
    finally:
        context.close()
