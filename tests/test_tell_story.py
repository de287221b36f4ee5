"""Telling a story: terminal views and the md / html / json / TimelineJS exports, on a hand-built story."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from recoupe.records import (
    Article,
    Comparison,
    Evidence,
    Figure,
    FigureClaim,
    FigureConflict,
    Mention,
    Quote,
    SourceReport,
    Story,
    TimelineEntry,
)
from recoupe.tell.story import render_comparison, render_stories, render_timeline, write_story
from recoupe.tell.story_common import date_parts, format_date, sentence_bounds
from recoupe.tell.story_export import escape_markdown, timeline_json, timeline_markdown, timeline_timelinejs
from recoupe.tell.story_html import timeline_html

# Three invented articles from three outlets (sentences written for this test).
TEXT_A = ("Le premier cycle du dialogue entre Bagdad et Washington s'est ouvert le 11 juin 2020. "
          "Selon M. Durand, environ 3 000 soldats de la coalition restent dans le pays.")
TEXT_B = ("Les discussions ont commencé le 11 juin 2020 par visioconférence. "
          "Au total, 3 500 soldats étrangers, dont 2 500 Américains, sont déployés en juillet 2021.")
TEXT_C = ("Le dialogue a débuté le 12 juin 2020. En avril 2021, un texte <script>alert(1)</script> & "
          "[bold]co[/bold] circule. La loi date de 2019.")
Timeline = list[TimelineEntry]
Articles = dict[str, Article]
HOSTILE = "Un texte <script>alert(1)</script> & [bold]co[/bold] circule en avril 2021."


def _span(aid: str, text: str, part: str) -> Evidence:
    """An evidence span of `part` in `text`, with real offsets."""
    start = text.index(part)
    return Evidence(article=aid, start=start, end=start + len(part), text=part)


@pytest.fixture
def articles() -> dict[str, Article]:
    """Three articles with clean text, outlet and publication date."""
    return {
        "a1": Article(id="a1", raw_text=TEXT_A, clean_text=TEXT_A, source="Agence Un", published="2021-07-22"),
        "a2": Article(id="a2", raw_text=TEXT_B, clean_text=TEXT_B, source="Quotidien Deux", published="2021-07-23"),
        "a3": Article(id="a3", raw_text=TEXT_C, clean_text=TEXT_C, source="Radio Trois", published="2021-07-27"),
    }


@pytest.fixture
def story() -> Story:
    """The story of the three articles."""
    return Story(id="s1", title="Dialogue stratégique & troupes", articles=["a1", "a2", "a3"])


@pytest.fixture
def timeline() -> list[TimelineEntry]:
    """One day-, one month- and one year-precision entry; the first with another date, the second hostile."""
    first_a = _span("a1", TEXT_A, TEXT_A.split(". ")[0] + ".")
    first_c = _span("a3", TEXT_C, "Le dialogue a débuté le 12 juin 2020.")
    hostile = _span("a3", TEXT_C, "En avril 2021, un texte <script>alert(1)</script> & [bold]co[/bold] circule.")
    law = _span("a3", TEXT_C, "La loi date de 2019.")
    return [
        TimelineEntry(date="2021-04", precision="month", event=HOSTILE, articles=["a3"], evidence=[hostile],
                      sources=["Radio Trois"], weight=1.0),
        TimelineEntry(date="2020-06-11", precision="day", event="Le dialogue stratégique s'ouvre.",
                      articles=["a1", "a2", "a3"], evidence=[first_a, first_c],
                      sources=["Agence Un", "Quotidien Deux", "Radio Trois"], weight=3.0,
                      other_dates=[("2020-06-12", ["a3"])]),
        TimelineEntry(date="2019", precision="year", event="La loi est votée.", articles=["a3"], evidence=[law],
                      sources=["Radio Trois"], weight=0.5),
    ]


@pytest.fixture
def comparison() -> Comparison:
    """Who reports what, and the troop figures that differ."""
    fig_a = Figure(value=3000, mention=_span("a1", TEXT_A, "3 000 soldats"), unit="soldats",
                   subject="soldats de la coalition", as_of="2021-07", approx=True)
    fig_b = Figure(value=3500, mention=_span("a2", TEXT_B, "3 500 soldats"), unit="soldats",
                   subject="soldats étrangers", as_of="2021-07")
    quote = Quote(text="restent dans le pays", mention=_span("a1", TEXT_A, "restent dans le pays"),
                  speaker="M. Durand [porte-parole]")
    return Comparison(
        story="s1",
        sources=[SourceReport(source="Agence Un", articles=["a1"], entries=[1], quotes=[quote], figures=[fig_a]),
                 SourceReport(source="Quotidien Deux", articles=["a2"], entries=[1], figures=[fig_b]),
                 SourceReport(source="Radio Trois", articles=["a3"], entries=[0, 1, 2])],
        conflicts=[FigureConflict(subject="troupes étrangères en Irak", period="2021-07",
                                  claims=[FigureClaim("Agence Un", "a1", fig_a),
                                          FigureClaim("Quotidien Deux", "a2", fig_b)])],
        single_source_entries=[0, 2],
    )


def _render(renderable: object) -> str:
    """What a 100-column terminal would show."""
    console = Console(record=True, width=100)
    console.print(renderable)
    return console.export_text()


# --- dates ---------------------------------------------------------------------------------------------


def test_dates_are_cut_to_their_precision() -> None:
    assert format_date("2020-06-11", "day") == "2020-06-11"
    assert format_date("2020-06-01", "month") == "2020-06"
    assert format_date("2019-01-01", "year") == "2019"
    assert format_date("2019") == "2019"


def test_timelinejs_dates_have_month_and_day_only_at_their_precision() -> None:
    assert date_parts("2020-06-11", "day") == {"year": "2020", "month": "6", "day": "11"}
    assert date_parts("2021-04", "month") == {"year": "2021", "month": "4"}
    assert date_parts("2019-01-01", "year") == {"year": "2019"}
    assert date_parts("2020-06-11") == {"year": "2020", "month": "6", "day": "11"}
    assert date_parts("2011-Q4") is None and date_parts("PRESENT_REF") is None


def test_sentence_bounds_skip_abbreviations_and_stop_at_sentence_ends() -> None:
    start = TEXT_A.index("3 000")
    s, e = sentence_bounds(TEXT_A, start, start + 5)
    assert TEXT_A[s:e] == "Selon M. Durand, environ 3 000 soldats de la coalition restent dans le pays."
    text = "Il vit en Irak. Il compte 12 hommes! Fin."
    s, e = sentence_bounds(text, text.index("12"), text.index("12") + 2)
    assert text[s:e] == "Il compte 12 hommes!"


# --- terminal ------------------------------------------------------------------------------------------


def test_timeline_renders_dates_precisions_other_dates_and_sources(
    story: Story, timeline: Timeline, articles: Articles
) -> None:
    out = _render(render_timeline(story, timeline, articles))
    for shown in ("2020-06-11", "2021-04", "2019", "day", "month", "year", "≠ 2020-06-12"):
        assert shown in out
    assert out.index("2019") < out.index("2020-06-11") < out.index("2021-04")  # oldest first
    assert "Radio Trois" in out and "Agence Un" in out
    assert "[bold]co[/bold]" in out  # article text is not rich markup
    assert "2021-04-" not in out  # a month is never shown as a day


def test_timeline_detail_shows_evidence_and_limit_keeps_heaviest(
    story: Story, timeline: Timeline, articles: Articles
) -> None:
    detailed = _render(render_timeline(story, timeline, articles, detail=True))
    assert "› Le dialogue a débuté" in detailed
    assert "› La loi date de 2019." in detailed
    short = _render(render_timeline(story, timeline, articles, limit=1))
    assert "2020-06-11" in short and "La loi est votée" not in short
    assert "2 lighter entries not shown" in short


def test_comparison_shows_sources_conflicts_and_single_source_entries(
    story: Story, comparison: Comparison, timeline: Timeline, articles: Articles
) -> None:
    out = _render(render_comparison(story, comparison, timeline, articles))
    assert "figures differ" in out and "troupes étrangères en Irak" in out
    assert "3\u202f000" in out and "3\u202f500" in out
    assert "about" in out and "exact" in out
    assert "coalition restent" in out  # the conflicting figure's sentence
    assert "reported by one source only" in out
    assert "restent dans le pays" in out  # the quote under its source
    assert "[porte-parole]" in out  # a speaker is text, not rich markup
    for source in ("Agence Un", "Quotidien Deux", "Radio Trois"):
        assert source in out


def test_stories_table_lists_size_sources_and_range(story: Story, articles: Articles) -> None:
    small = Story(id="s2", title="Autre chose", articles=["a1"])
    out = _render(render_stories([small, story], articles))
    assert "2 stories" in out
    assert out.index("s1") < out.index("s2")  # biggest first
    assert "2021-07-22 → 2021-07-27" in out
    assert "Agence Un" in out
    assert "1 smaller stories not shown" in _render(render_stories([small, story], articles, limit=1))


# --- exports -------------------------------------------------------------------------------------------


def test_json_has_the_output_md_story_shape(
    story: Story, timeline: Timeline, comparison: Comparison, articles: Articles
) -> None:
    doc = timeline_json(story, timeline, comparison, articles)
    assert (doc["id"], doc["title"], doc["articles"]) == ("s1", story.title, ["a1", "a2", "a3"])
    assert [e["date"] for e in doc["timeline"]] == ["2021-04", "2020-06-11", "2019"]  # order as given
    entry = doc["timeline"][1]
    assert set(entry) >= {"date", "precision", "event", "articles", "weight", "evidence", "sources",
                          "other_dates"}
    other = entry["other_dates"]
    assert [{k: o[k] for k in ("date", "precision", "articles", "sources")} for o in other] == [
        {"date": "2020-06-12", "precision": "day", "articles": ["a3"], "sources": ["Radio Trois"]}]
    assert [ev["article"] for ev in other[0]["evidence"]] == ["a3"]  # each date with its own sentences
    assert all(ev["source"] for e in doc["timeline"] for ev in e["evidence"])
    for e in doc["timeline"]:
        for ev in e["evidence"]:
            assert articles[ev["article"]].clean_text[ev["start"]:ev["end"]] == ev["sentence"]
    conflict = doc["comparison"]["conflicts"][0]
    assert [c["value"] for c in conflict["claims"]] == [3000, 3500]
    assert conflict["claims"][1]["sentence"].startswith("Au total, 3 500 soldats")
    assert json.loads(write_story("json", story, timeline, comparison, articles)) == doc
    assert "comparison" not in timeline_json(story, timeline, None, articles)


def test_markdown_has_every_entry_and_no_live_markup(
    story: Story, timeline: Timeline, comparison: Comparison, articles: Articles
) -> None:
    md = timeline_markdown(story, timeline, comparison, articles)
    for heading in ("### 2020-06-11 (day)", "### 2021-04 (month)", "### 2019 (year)"):
        assert heading in md
    assert "<script>" not in md and r"\<script\>" in md and r"\&" in md
    assert "**2020-06-12** by Radio Trois" in md
    assert "## Figures that differ between sources" in md and "| Agence Un |" in md
    assert "## Reported by one source only" in md
    assert write_story("md", story, timeline, comparison, articles) == md


def test_markdown_escape_keeps_text_from_opening_lists_or_links() -> None:
    assert escape_markdown("2020. Début") == r"2020\. Début"
    assert escape_markdown("- tiret") == r"\- tiret"
    assert escape_markdown("[lien](x)\nsuite") == r"\[lien\](x) suite"


class _Collector(HTMLParser):
    """Tags and text of an HTML page, to check what a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_escapes_article_text(
    story: Story, timeline: Timeline, comparison: Comparison, articles: Articles
) -> None:
    page = timeline_html(story, timeline, comparison, articles)
    parsed = _Collector()
    parsed.feed(page)
    assert "script" not in parsed.tags  # the article's <script> is text, not a tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert "<script>alert(1)</script> & [bold]co[/bold]" in "".join(parsed.text)  # shown as written
    assert "Dialogue stratégique &amp; troupes" in page
    assert not re.search(r"(src|href)\s*=", page)  # nothing fetched: no external asset
    assert "default-src 'none'" in page
    for date in ("2020-06-11", "2021-04", "2019", "2020-06-12"):
        assert f">{date}<" in page
    assert "<mark>3 500 soldats</mark>" in page
    assert write_story("html", story, timeline, comparison, articles) == page


def test_timelinejs_dates_escaping_and_ids(
    story: Story, timeline: Timeline, comparison: Comparison, articles: Articles
) -> None:
    doc = timeline_timelinejs(story, timeline, comparison, articles)
    assert doc["title"]["text"]["headline"] == "Dialogue stratégique &amp; troupes"
    events = doc["events"]
    assert [e["start_date"] for e in events] == [{"year": "2019"}, {"year": "2020", "month": "6", "day": "11"},
                                                 {"year": "2021", "month": "4"}]
    hostile = events[2]["text"]
    assert "<script>" not in hostile["headline"] + hostile["text"]
    assert "&lt;script&gt;" in hostile["headline"] and "&amp;" in hostile["text"]
    assert "2020-06-12" in events[1]["text"]["text"]
    assert "only one source" in events[0]["text"]["text"]
    ids = [e["unique_id"] for e in events]
    assert len(set(ids)) == 3 and all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert json.loads(write_story("timelinejs", story, timeline, comparison, articles)) == doc


def test_empty_timeline_and_unknown_format(story: Story, articles: Articles) -> None:
    assert "No dated event" in _render(render_timeline(story, [], articles))
    assert "No dated event" in timeline_markdown(story, [], None, articles)
    assert timeline_timelinejs(story, [], None, articles)["events"] == []
    with pytest.raises(ValueError, match="unknown story format"):
        write_story("pdf", story, [], None, articles)  # type: ignore[arg-type]


@pytest.mark.parametrize(("bound", "approx", "according_to", "shown", "word"), [
    ("at_least", True, None, "≥5\u202f200 soldats", "at least"),
    ("at_most", True, None, "≤5\u202f200 soldats", "at most"),
    ("about", True, "la police", "~5\u202f200 soldats (according to la police)", "about"),
    (None, True, None, "~5\u202f200 soldats", "about"),
    (None, False, "les organisateurs", "5\u202f200 soldats (according to les organisateurs)", "exact"),
])
def test_a_figure_shows_its_bound_and_whose_count_it_is(bound: str | None, approx: bool, according_to: str | None,
                                                         shown: str, word: str) -> None:
    from recoupe.tell.story_common import figure_value, hedge_word

    f = Figure(value=5200, mention=Mention("a1", 0, 5, "5 200"), unit="soldats", approx=approx, bound=bound,
               according_to=according_to)
    assert figure_value(f) == shown
    assert hedge_word(f) == word
