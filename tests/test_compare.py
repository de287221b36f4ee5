"""The source comparison: who reports what, which figures disagree, what only one source says."""

from __future__ import annotations

import pytest

from recoupe.link.compare import compare_sources
from recoupe.records import Article, Figure, Mention, Quote, ReadArticle, Reading, TimelineEntry, TimeRef


def make_item(aid: str, source: str | None, published: str, text: str,
              figures: list[tuple[str, float, str, str, str | None, bool]],
              duplicate_of: str | None = None, quote: str | None = None,
              bounds: list[str | None] | None = None) -> ReadArticle:
    """An article with figures given as (span text, value, unit, subject, as_of, approx), found in `text`."""
    figs = []
    for n, (span, value, unit, subject, as_of, approx) in enumerate(figures):
        start = text.index(span)
        figs.append(Figure(value=value, mention=Mention(aid, start, start + len(span), span), unit=unit,
                           subject=subject, as_of=as_of, approx=approx, bound=(bounds or [None] * 9)[n]))
    quotes = []
    if quote:
        start = text.index(quote)
        quotes.append(Quote(text=quote, mention=Mention(aid, start, start + len(quote), quote), speaker="Ana Lenoir"))
    timexes = []
    if "depuis 2015" in text:
        start = text.index("2015")
        timexes.append(TimeRef("DATE", "2015", Mention(aid, start, start + 4, "2015"), precision="year"))
    article = Article(id=aid, raw_text=text, source=source, published=published, clean_text=text)
    return ReadArticle(article, Reading(article=aid, figures=figs, quotes=quotes, timexes=timexes),
                       duplicate_of=duplicate_of)


def entry(date: str, articles: list[str], sources: list[str]) -> TimelineEntry:
    """A timeline entry citing `articles` (no evidence needed to compare sources)."""
    return TimelineEntry(date=date, precision="day", event="...", articles=articles, sources=sources)


def test_different_counts_of_one_thing_in_one_month_are_a_conflict() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23",
                  "Quelque 4.200 soldats étrangers sont stationnés au Valdor, dont 1.500 Morlaniens.",
                  [("Quelque 4.200", 4200, "soldats", "soldats étrangers", "2023-07", True),
                   ("1.500", 1500, "morlaniens", "Morlaniens", "2023-07", False)])
    b = make_item("b", "beta.fr", "2023-07-24",
                  "Environ 3 600 soldats de la coalition sont au Valdor, dont 1 500 soldats morlaniens.",
                  [("Environ 3 600", 3600, "soldats", "soldats de la coalition", "2023-07", True),
                   ("1 500", 1500, "soldats", "soldats morlaniens", "2023-07", False)])
    comparison = compare_sources("s1", [a, b], [])
    assert len(comparison.conflicts) == 1
    conflict = comparison.conflicts[0]
    assert conflict.period == "2023-07"
    assert sorted((c.source, c.figure.value) for c in conflict.claims) == [("alpha.fr", 4200), ("beta.fr", 3600)]


def test_counts_that_agree_within_rounding_are_no_conflict() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "Quelque 4.000 soldats étrangers sont au Valdor.",
                  [("Quelque 4.000", 4000, "soldats", "soldats étrangers", "2023-07", True)])
    b = make_item("b", "beta.fr", "2023-07-24", "Environ 4 100 militaires étrangers sont au Valdor.",
                  [("Environ 4 100", 4100, "militaires", "militaires étrangers", "2023-07", True)])
    assert compare_sources("s1", [a, b], []).conflicts == []


def test_counts_of_different_periods_are_no_conflict() -> None:
    a = make_item("a", "alpha.fr", "2022-06-12", "Quelque 6 000 soldats morlaniens sont au Valdor.",
                  [("Quelque 6 000", 6000, "soldats", "soldats morlaniens", "2022-06", True)])
    b = make_item("b", "beta.fr", "2023-07-24", "Il reste 1 500 soldats morlaniens au Valdor.",
                  [("1 500", 1500, "soldats", "soldats morlaniens", "2023-07", False)])
    assert compare_sources("s1", [a, b], []).conflicts == []


def test_a_count_dated_by_its_starting_point_is_as_of_publication() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "La Morlanie dirige depuis 2015 une coalition de 3 600 soldats.",
                  [("3 600", 3600, "soldats", "soldats de la coalition", "2015", True)])
    b = make_item("b", "beta.fr", "2023-07-24", "Quelque 4.200 soldats étrangers sont au Valdor.",
                  [("Quelque 4.200", 4200, "soldats", "soldats étrangers", "2023-07", True)])
    conflicts = compare_sources("s1", [a, b], []).conflicts
    assert len(conflicts) == 1 and conflicts[0].period == "2023-07"


def test_a_source_giving_the_current_and_a_past_count_agrees_with_the_current_one() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "Il y a 1 500 soldats morlaniens, contre 5 100 auparavant.",
                  [("1 500", 1500, "soldats", "soldats morlaniens", "2023-07", False),
                   ("5 100", 5100, "soldats", "soldats morlaniens", "2023-07", False)])
    b = make_item("b", "beta.fr", "2023-07-24", "Le Valdor accueille 1.500 Morlaniens.",
                  [("1.500", 1500, "morlaniens", "Morlaniens", "2023-07", False)])
    assert compare_sources("s1", [a, b], []).conflicts == []


def test_vague_counts_are_not_compared() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "Six personnes ont été évacuées.",
                  [("Six", 6, "personnes", "personnes", "2023-07", False)])
    b = make_item("b", "beta.fr", "2023-07-24", "La mission compte 500 personnes.",
                  [("500", 500, "personnes", "personnes", "2023-07", False)])
    assert compare_sources("s1", [a, b], []).conflicts == []


def test_a_duplicate_is_not_a_second_source() -> None:
    text = "Quelque 4.200 soldats étrangers sont stationnés au Valdor, a déclaré « nous resterons ici encore longtemps »."
    fig = [("Quelque 4.200", 4200.0, "soldats", "soldats étrangers", "2023-07", True)]
    a = make_item("a", "wire.fr", "2023-07-23", text, fig, quote="nous resterons ici encore longtemps")
    copy = make_item("copy", "relay.fr", "2023-07-23", text.replace("4.200", "4.800"),
                     [("Quelque 4.800", 4800.0, "soldats", "soldats étrangers", "2023-07", True)],
                     duplicate_of="a", quote="nous resterons ici encore longtemps")
    timeline = [entry("2023-07-20", ["a", "copy"], ["wire.fr"])]
    comparison = compare_sources("s1", [a, copy], timeline)
    assert [r.source for r in comparison.sources] == ["wire.fr"]
    report = comparison.sources[0]
    assert report.articles == ["a", "copy"]
    assert len(report.quotes) == 1
    assert comparison.conflicts == []
    assert comparison.single_source_entries == [0]


def test_reports_list_entries_per_source_and_single_source_entries() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "Texte alpha.", [])
    b = make_item("b", None, "2023-07-24", "Texte sans source.", [])
    timeline = [entry("2023-07-20", ["a", "b"], ["alpha.fr", "unknown source"]),
                entry("2023-07-21", ["a"], ["alpha.fr"])]
    comparison = compare_sources("s1", [a, b], timeline)
    entries = {r.source: r.entries for r in comparison.sources}
    # An article with no known outlet is reported under "unknown source", never under its id.
    assert entries == {"alpha.fr": [0, 1], "unknown source": [0]}
    assert comparison.single_source_entries == [1]
    assert comparison.story == "s1"


# (hedged span, value, bound) against another source's count of the same troops in the same month.
AT_LEAST = [("Plus de 5 200", 5200, "at_least"), ("Au moins 5 200", 5200, "at_least")]
AT_MOST = [("Moins de 5 400", 5400, "at_most"), ("Jusqu'à 5 400", 5400, "at_most")]


@pytest.mark.parametrize(("span", "value", "bound", "other"), [
    *((s, v, b, 6000) for s, v, b in AT_LEAST), *((s, v, b, 4800) for s, v, b in AT_MOST)])
def test_a_bound_agrees_with_a_count_on_its_side(span: str, value: float, bound: str, other: int) -> None:
    # Far enough from the bound that a mere rounding would not cover it.
    a = make_item("a", "alpha.fr", "2023-07-23", f"{span} soldats morlaniens sont au Valdor.",
                  [(span, value, "soldats", "soldats morlaniens", "2023-07", True)], bounds=[bound])
    b = make_item("b", "beta.fr", "2023-07-24", f"Le Valdor accueille {other} soldats morlaniens.",
                  [(str(other), other, "soldats", "soldats morlaniens", "2023-07", False)])
    assert compare_sources("s1", [a, b], []).conflicts == []


@pytest.mark.parametrize(("span", "value", "bound", "other"), [
    *((s, v, b, 4000) for s, v, b in AT_LEAST), *((s, v, b, 6500) for s, v, b in AT_MOST)])
def test_a_bound_disagrees_with_a_count_beyond_it(span: str, value: float, bound: str, other: int) -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", f"{span} soldats morlaniens sont au Valdor.",
                  [(span, value, "soldats", "soldats morlaniens", "2023-07", True)], bounds=[bound])
    b = make_item("b", "beta.fr", "2023-07-24", f"Le Valdor accueille {other} soldats morlaniens.",
                  [(str(other), other, "soldats", "soldats morlaniens", "2023-07", False)])
    assert len(compare_sources("s1", [a, b], []).conflicts) == 1


def test_two_bounds_facing_each_other_agree_when_they_overlap() -> None:
    a = make_item("a", "alpha.fr", "2023-07-23", "Plus de 5 000 soldats morlaniens sont au Valdor.",
                  [("Plus de 5 000", 5000, "soldats", "soldats morlaniens", "2023-07", True)], bounds=["at_least"])
    b = make_item("b", "beta.fr", "2023-07-24", "Moins de 5 500 soldats morlaniens restent au Valdor.",
                  [("Moins de 5 500", 5500, "soldats", "soldats morlaniens", "2023-07", True)], bounds=["at_most"])
    c = make_item("c", "gamma.fr", "2023-07-24", "Moins de 4 500 soldats morlaniens restent au Valdor.",
                  [("Moins de 4 500", 4500, "soldats", "soldats morlaniens", "2023-07", True)], bounds=["at_most"])
    assert compare_sources("s1", [a, b], []).conflicts == []
    assert len(compare_sources("s1", [a, c], []).conflicts) == 1


def test_outlets_running_one_wire_are_one_source_named_with_them() -> None:
    text = "Quelque 4.200 soldats étrangers restent stationnés dans le pays, selon l'agence."
    fig = [("Quelque 4.200", 4200.0, "soldats", "soldats étrangers", "2023-07", True)]
    items = [make_item("a", "gazette.be", "2023-07-23", text, fig), make_item("b", "echo.be", "2023-07-23", text, fig),
             make_item("c", "autre.fr", "2023-07-24", "Un texte sans chiffre.", [])]
    items[0].article.wire = items[1].article.wire = "Belga"
    comparison = compare_sources("s1", items, [entry("2023-07-20", ["a", "b", "c"], ["Belga", "autre.fr"])])
    assert {r.source: r.articles for r in comparison.sources} == {
        "Belga, via echo.be, gazette.be": ["a", "b"], "autre.fr": ["c"]}
    assert comparison.conflicts == []
