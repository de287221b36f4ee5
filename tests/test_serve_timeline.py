"""The story page's timeline as a reader narrows it: paging reaches every entry, filters by date, outlet and
number of outlets, the background collapsed into one band, zoom, all by query parameters (no script needed).

The store is hand-written (`serve_helpers`): 130 entries of a port strike in 2024 and 5 background
entries from the 1990s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import pytest
from serve_helpers import BACKGROUND_ENTRIES, OUTLETS, OWN_ENTRIES, STORY_ID, build_timeline_store

from recoupe.records import TimelineEntry
from recoupe.serve.svg import LABELLED, layout_timeline
from recoupe.serve.timeline import ENTRIES_PER_PAGE, TimelineQuery, keeps

fastapi_testclient = pytest.importorskip("fastapi.testclient", reason="fastapi's TestClient needs httpx")

PAGE = f"/stories/{STORY_ID}"
LISTED = re.compile(r'<details class="tl-entry[^"]*" data-entry="(\d+)"')
DRAWN = re.compile(r'<g class="tl-entry[^"]*" data-entry="(\d+)"')
DATES = re.compile(r'<summary class="entry-head">\s*<time datetime="([^"]+)"')


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from recoupe.serve.app import create_app

    db = build_timeline_store(tmp_path_factory.mktemp("timeline") / "timeline.db")
    with fastapi_testclient.TestClient(create_app(str(db))) as c:
        yield c


def get(client: Any, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:300])
    return str(response.text)


def test_paging_reaches_every_entry_once(client: Any) -> None:
    seen: list[str] = []
    pages = -(-OWN_ENTRIES // ENTRIES_PER_PAGE)
    for n in range(1, pages + 1):
        html = get(client, f"{PAGE}?tl_page={n}")
        listed = LISTED.findall(html)
        assert len(listed) == min(ENTRIES_PER_PAGE, OWN_ENTRIES - (n - 1) * ENTRIES_PER_PAGE)
        assert set(DRAWN.findall(html)) == set(listed), "the chart draws the entries the page lists"
        seen += listed
    assert len(seen) == len(set(seen)) == OWN_ENTRIES
    dates = [d for n in range(1, pages + 1) for d in DATES.findall(get(client, f"{PAGE}?tl_page={n}"))]
    assert dates == sorted(dates), "pages run in date order"


def test_pager_links_keep_the_filters(client: Any) -> None:
    html = get(client, f"{PAGE}?min_outlets=2")
    nxt = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert nxt is not None
    href = nxt.group(1).replace("&amp;", "&")
    assert "min_outlets=2" in href and "tl_page=2" in href and href.endswith("#timeline")


def test_background_is_one_band_and_its_own_view(client: Any) -> None:
    html = get(client, PAGE)
    assert html.count('class="band"') == 1, "the background is collapsed into one band"
    assert all(int(i) < OWN_ENTRIES for i in LISTED.findall(html)), "no background entry among the story's own"
    assert "bg=1" in html, "a link opens the background"
    background = get(client, f"{PAGE}?bg=1")
    listed = LISTED.findall(background)
    assert len(listed) == BACKGROUND_ENTRIES and all(int(i) >= OWN_ENTRIES for i in listed)
    assert 'class="band"' not in background


def test_axis_is_clipped_to_the_story_not_its_background(client: Any) -> None:
    html = get(client, PAGE)
    ticks = re.findall(r'<text class="tick-label" [^>]*>([^<]+)</text>', html)
    assert ticks and all(t.startswith("2024") for t in ticks), ticks


def test_filters_by_outlet_count_and_dates(client: Any) -> None:
    three = LISTED.findall(get(client, f"{PAGE}?min_outlets=3"))
    assert len(three) == OWN_ENTRIES // 3  # every third entry is reported by all three outlets
    only = LISTED.findall(get(client, f"{PAGE}?outlet={OUTLETS[2]}"))
    assert set(only) == set(three), "the third outlet reports exactly the entries all three report"
    march = get(client, f"{PAGE}?tl_from=2024-03-01&tl_to=2024-03-31")
    assert DATES.findall(march) and all(d.startswith("2024-03") for d in DATES.findall(march))
    assert "No entry matches" in get(client, f"{PAGE}?tl_from=2030-01-01")


@pytest.mark.parametrize("query", ["tl_from=2024-13-01", "tl_from=2024-05-01&tl_to=2024-04-01", "min_outlets=0",
                                   "zoom=9", "tl_page=0", "bg=2"])
def test_bad_timeline_parameters_are_400(client: Any, query: str) -> None:
    assert 'id="error"' in get(client, f"{PAGE}?{query}", 400)


def test_zoom_widens_the_chart(client: Any) -> None:
    widths = [int(re.search(r'<svg id="timeline-svg"[^>]* width="(\d+)"', get(client, f"{PAGE}?zoom={z}")).group(1))
              for z in (1, 2, 4)]  # type: ignore[union-attr]
    assert widths[1] == 2 * widths[0] and widths[2] == 4 * widths[0]
    assert 'class="chart-box zoom-2"' in get(client, f"{PAGE}?zoom=2")


def test_filters_work_for_any_wording_of_a_period() -> None:
    entry = TimelineEntry(date="2024-03", precision="month", event="x", sources=["A"])
    assert keeps(entry, TimelineQuery(since="2024-03-31"))  # the month overlaps its last day
    assert keeps(entry, TimelineQuery(until="2024-03-01"))
    assert not keeps(entry, TimelineQuery(since="2024-04-01"))
    assert not keeps(TimelineEntry(date="PRESENT_REF", precision="day", event="x"), TimelineQuery(since="2024-01-01"))


def test_heaviest_entries_are_labelled_on_the_chart() -> None:
    entries = [(i, TimelineEntry(date=f"2024-0{1 + i % 6}-{1 + i:02d}", precision="day", event=f"Fait numéro {i} du récit",
                                 weight=float(i))) for i in range(20)]
    chart = layout_timeline(entries)
    heaviest = sorted(chart.marks, key=lambda m: -m.r)[:LABELLED]
    assert all(m.text for m in heaviest), "every one of the heaviest entries carries its label"
    assert all(m.text_x > m.cx if m.text_anchor == "start" else m.text_x < m.cx for m in chart.marks if m.text)


def test_chart_is_one_tab_stop(client: Any) -> None:
    html = get(client, PAGE)
    stops = re.findall(r'<g class="tl-entry[^"]*" data-entry="\d+" tabindex="(-?\d)"', html)
    assert stops.count("0") == 1 and stops.count("-1") == len(stops) - 1


def test_labels_stay_clear_of_the_band_and_of_each_other() -> None:
    entries = [(i, TimelineEntry(date=f"2024-{1 + i % 9:02d}-{1 + i % 27:02d}", precision="day",
                                 event=f"Un événement assez long pour occuper la place, numéro {i}", weight=1.0 + i % 5))
               for i in range(60)]
    chart = layout_timeline(entries, band=4)
    lanes: dict[float, list[tuple[float, float]]] = {}
    for m in chart.marks:
        lanes.setdefault(m.cy, []).append((m.cx - m.r, m.cx + m.r))
        if m.text:
            width = len(m.text) * 6.0
            extent = (m.text_x, m.text_x + width) if m.text_anchor == "start" else (m.text_x - width, m.text_x)
            assert extent[0] >= chart.band_x + chart.band_width, "a label runs over the background band"
            lanes[m.cy].append(extent)
    for extents in lanes.values():
        extents.sort()
        assert all(a[1] <= b[0] + 0.5 for a, b in pairwise(extents)), "two things overlap"


def test_a_page_past_the_end_shows_the_last(client: Any) -> None:
    html = get(client, f"{PAGE}?tl_page=99")
    pages = -(-OWN_ENTRIES // ENTRIES_PER_PAGE)
    assert len(LISTED.findall(html)) == OWN_ENTRIES - (pages - 1) * ENTRIES_PER_PAGE
    assert f"page {pages} of {pages}" in html
