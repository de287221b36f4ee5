"""The story page in headless Chromium at a laptop's and a phone's width: the at-a-glance block, who said
what and the outlet × fact grid are shown, and nothing runs off the side of the screen.

The stores are the bundled sample corpus and the five seed articles of ../shared (the story recoupe was
born from; the test fails in CI without them, as the evaluation gate does); one real uvicorn server per
store and one browser for the module, as in tests/test_browser.py. Needs Debian's chromium at /usr/bin/chromium; skips when it is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import CHROMIUM, chromium, serving

WAIT_MS = 5_000
# A laptop screen and a phone screen (an iPhone 12-14 is 390 CSS pixels wide).
WIDTHS = {"laptop": (1366, 768), "phone": (390, 844)}
# The browser's language (it chooses the interface's) and the words a grid cell says its state with in it:
# French runs longer, so each width is tried in both.
LOCALES = {"en": ("en-GB", re.compile("report|disagree")), "fr": ("fr-FR", re.compile("rapporte|diverge|n'en dit rien"))}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing (run scripts/install-test-deps.sh)"),
]

playwright_sync = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

# Where each element wider than the window sits: "header", the id of its page section, or its tag. An element
# inside a box that scrolls or clips sideways (a wide table in its own scroll region) does not widen the page.
FIND_OVERFLOW = """() => {
    const width = window.innerWidth;
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) continue;
        let up = el.parentElement, held = false;
        while (up && up !== document.body) {
            if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) { held = true; break; }
            up = up.parentElement;
        }
        if (held) continue;
        const section = el.closest('section[id]');
        found.push(el.closest('header') ? 'header' : section ? section.id : el.tagName.toLowerCase());
    }
    return found;
}"""


@dataclass
class Served:
    """The running app and the story the tests open."""

    base_url: str
    story_id: str


@pytest.fixture(scope="module", params=["sample", "seeds"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A corpus (the bundled sample, or the seeds) analysed into a new store, served by the real app under
    uvicorn in a thread."""
    from recoupe import api
    from recoupe.sample import sample_corpus_path
    from recoupe.store.links import list_stories

    corpus = sample_corpus_path() if request.param == "sample" else request.getfixturevalue("shared") / "corpus" / "seeds"
    db = tmp_path_factory.mktemp("browser-story") / "story.db"
    with api.open_store(db) as store:
        assert api.analyze([corpus], store).failed == 0
        story_id = list_stories(store)[0].id
    with serving(db) as base_url:
        yield Served(base_url=base_url, story_id=story_id)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    with chromium(playwright_sync) as instance:
        yield instance


@pytest.fixture(params=[(size, lang) for size in sorted(WIDTHS) for lang in sorted(LOCALES)], ids="-".join)
def story_page(request: pytest.FixtureRequest, browser: Any, served: Served) -> Iterator[Any]:
    """The story page opened at one of WIDTHS, in a browser speaking one of LOCALES, in a fresh context;
    uncaught script errors fail the test."""
    size, lang = request.param
    width, height = WIDTHS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale=LOCALES[lang][0])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{served.base_url}/stories/{served.story_id}")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == lang
    try:
        yield page
        assert not errors, errors
    finally:
        context.close()


def test_the_glance_who_said_what_and_the_grid_are_shown(story_page: Any, tmp_path: Path) -> None:
    expect = playwright_sync.expect
    expect(story_page.locator("#glance-title")).to_be_visible()
    expect(story_page.locator("#glance ol.key-events > li").first).to_be_visible()
    expect(story_page.locator("#glance ul.actors a").first).to_be_visible()
    expect(story_page.locator("#who-said-what .speaker blockquote").first).to_be_visible()
    expect(story_page.locator("#grid table.fact-grid td.state").first).to_be_visible()
    lang = story_page.locator("html").get_attribute("lang")
    expect(story_page.locator("#grid table.fact-grid td.state").first).to_contain_text(LOCALES[lang][1])
    shot = tmp_path / "story.png"
    story_page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_story_sections_never_run_off_the_screen(story_page: Any) -> None:
    outside = [where for where in story_page.evaluate(FIND_OVERFLOW) if where != "header"]
    assert not outside, f"wider than the window: {sorted(set(outside))}"


def test_the_page_does_not_scroll_sideways(story_page: Any) -> None:
    scroll, inner = story_page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, story_page.evaluate(FIND_OVERFLOW)


def test_the_story_sections_pass_an_accessibility_scan(story_page: Any) -> None:
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
    sections = {"include": [["#glance"], ["#who-said-what"], ["#grid"], ["#sources"]]}
    violations = axe.Axe().run(story_page, context=sections).response["violations"]
    grave = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations if v["impact"] in ("serious", "critical")]
    assert not grave, grave
