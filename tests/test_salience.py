"""Timeline salience: which days and entries weigh most (sources, written-out dates, mentions, background)."""

from __future__ import annotations

import pytest

from recoupe.link.salience import (
    BACKGROUND_FACTOR,
    POINTED_FACTOR,
    REPORT_FACTOR,
    SPILL_FACTOR,
    calendar_reports,
    discount_spillover,
    entry_weight,
    report_credit,
    share_single_source_weight,
    source_support,
    writes_day_out,
)
from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimelineEntry, TimeRef


def ref(text: str, value: str, kind: str = "DATE") -> TimeRef:
    """A time expression with its words; offsets do not matter to salience."""
    precision = "minute" if kind == "TIME" else "day"
    return TimeRef(kind, value, Mention("x", 0, len(text), text), precision=precision)


def make_item(aid: str, source: str, published: str, dated: list[tuple[str, str, str, str]]) -> ReadArticle:
    """An article whose text is its dated sentences (sentence, day, date words, timex type); events point at them."""
    text = " ".join(s for s, _, _, _ in dated)
    events, timexes = [], []
    for sentence, day, words, kind in dated:
        start = text.index(sentence)
        events.append(Event(date=day, precision="day", what=sentence,
                            evidence=Mention(aid, start, start + len(sentence), sentence)))
        w = text.index(words, start)
        value = day + "T14:00" if kind == "TIME" else day
        timexes.append(TimeRef(kind, value, Mention(aid, w, w + len(words), words),
                               precision="minute" if kind == "TIME" else "day"))
    article = Article(id=aid, raw_text=text, source=source, published=published, clean_text=text)
    lemmas = {w: 1 for w in text.lower().split()}
    return ReadArticle(article, Reading(article=aid, events=events, timexes=timexes, lemmas=lemmas))


def weight_on(timeline: list[TimelineEntry], date: str) -> float:
    """The summed weight of a timeline's entries dated `date`."""
    return sum(e.weight for e in timeline if e.date == date)


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("le 17 février", "DATE", True),
    ("17/02/2011", "DATE", True),
    ("jeudi 3 mars", "DATE", True),
    ("mardi", "DATE", False),
    ("hier", "DATE", False),
    ("13h12", "TIME", False),
    ("à 21 h 30", "TIME", False),
    ("vers 2 heures", "TIME", False),
    ("07:45", "TIME", False),
    ("le 3 mars à 14h", "TIME", True),
])
def test_only_the_days_own_digits_write_it_out(text: str, kind: str, expected: bool) -> None:
    assert writes_day_out(ref(text, "2011-03-03", kind)) is expected


def test_a_report_writing_the_day_out_counts_fully_and_one_pointing_at_it_less() -> None:
    assert report_credit([ref("mardi", "2011-03-01"), ref("le 1er mars", "2011-03-01")]) == 1.0
    assert report_credit([ref("hier soir", "2011-03-01")]) == POINTED_FACTOR
    assert report_credit([ref("16h40", "2011-03-01T16:40", "TIME")]) == POINTED_FACTOR


def test_calendar_reports_count_distinct_sentences_that_write_the_day_out() -> None:
    day = [ref("le 9 avril", "2011-04-09")]
    reports = [
        ("Les rebelles ont repris le port le 9 avril.", day),
        ("Les  rebelles ont repris le port le 9 avril.", day),  # a copy, spacing aside
        ("LES REBELLES ONT REPRIS LE PORT LE 9 AVRIL.", day),  # a copy, case aside
        ("Le 9 avril, l'aéroport a rouvert aux vols humanitaires.", day),
        ("Samedi, l'aéroport a rouvert.", [ref("samedi", "2011-04-09")]),  # points at the day
        ("À 18h05, la coupure a pris fin.", [ref("18h05", "2011-04-09T18:05", "TIME")]),  # live pacing
    ]
    assert calendar_reports(reports) == 2
    assert calendar_reports([]) == 0


def test_support_counts_each_source_once_and_each_written_report() -> None:
    credit = {"alpha.fr": 1.0, "beta.fr": POINTED_FACTOR}
    sources = ["alpha.fr", "beta.fr", "gamma.fr"]  # gamma only gave the month
    assert source_support(sources, credit, 2) == pytest.approx(1.0 + 2 * POINTED_FACTOR + 2 * REPORT_FACTOR)
    assert source_support([], {}, 0) == 0.0


def test_background_weighs_less_than_what_the_story_reports() -> None:
    assert entry_weight(3.0, 0.4, background=True) == pytest.approx(3.4 * BACKGROUND_FACTOR)
    assert entry_weight(3.0, 0.4, background=False) == pytest.approx(3.4)


def test_one_sources_uncorroborated_entries_of_one_day_share_a_weight() -> None:
    chatty = [TimelineEntry(date="2011-05-02", precision="day", event=f"Fait {i}", sources=["blog.fr"], weight=1.2)
              for i in range(4)]
    corroborated = TimelineEntry(date="2011-05-02", precision="day", event="Fait commun",
                                 sources=["blog.fr", "gazette.fr"], weight=2.5)
    entries = [*chatty, corroborated]
    share_single_source_weight(entries)
    assert [e.weight for e in chatty] == [0.3] * 4
    assert corroborated.weight == 2.5


def test_a_day_written_out_by_several_reports_outweighs_a_live_blogs_hours() -> None:
    """A live blog paces one day by the hour; the day other articles name in writing matters more."""
    blog = make_item("blog", "direct.fr", "2013-06-05", [
        ("13h12. Les négociateurs quittent la salle sans déclaration.", "2013-06-05", "13h12", "TIME"),
        ("14h40. Un convoi de camions-citernes franchit la frontière nord.", "2013-06-05", "14h40", "TIME"),
        ("16h05. La ministre des Affaires étrangères arrive à l'aéroport.", "2013-06-05", "16h05", "TIME"),
    ])
    first = make_item("a", "alpha.fr", "2013-06-04", [
        ("Le cessez-le-feu a été signé le 3 juin à Sorvane par les deux camps.", "2013-06-03", "le 3 juin", "DATE"),
    ])
    later = make_item("b", "beta.fr", "2013-06-20", [
        ("Depuis la signature du cessez-le-feu de Sorvane, le 3 juin, les combats ont cessé dans la vallée.",
         "2013-06-03", "le 3 juin", "DATE"),
    ])
    timeline = build_timeline([blog, first, later])
    assert weight_on(timeline, "2013-06-03") > 2 * weight_on(timeline, "2013-06-05")


@pytest.mark.parametrize("pointing", ["lundi", "hier", "ce lundi"])
def test_an_event_written_out_outweighs_one_only_pointed_at(pointing: str) -> None:
    """With one source each, the day news writes out is one of the story's key days; a weekday dates the day-to-day."""
    named = "Le gouverneur Arnal a démissionné le 12 octobre, sous la pression des syndicats."
    pointed = f"Les écoles ont rouvert {pointing} après trois semaines de grève."
    a = make_item("a", "alpha.fr", "2021-10-13", [(named, "2021-10-12", "le 12 octobre", "DATE")])
    b = make_item("b", "beta.fr", "2021-10-12", [(pointed, "2021-10-11", pointing, "DATE")])
    timeline = build_timeline([a, b])
    by_event = {e.event: e.weight for e in timeline}
    assert by_event[named] > 2 * by_event[pointed]


def day_entry(date: str, weight: float, precision: str = "day") -> TimelineEntry:
    """A hand-built entry: only its date, precision and weight matter to the spillover discount."""
    return TimelineEntry(date=date, precision=precision, event=f"Fait du {date}", sources=["alpha.fr"], weight=weight)


def test_the_days_around_a_heavier_day_count_as_its_echo() -> None:
    eve, day, after, far = (day_entry("2012-01-09", 1.0), day_entry("2012-01-10", 4.0),
                            day_entry("2012-01-11", 0.5), day_entry("2012-01-13", 1.0))
    discount_spillover([eve, day, after, far])
    assert day.weight == 4.0 and far.weight == 1.0  # a day two days off is another day
    assert eve.weight == pytest.approx(1.0 * SPILL_FACTOR)
    assert after.weight == pytest.approx(0.5 * SPILL_FACTOR)


def test_days_are_compared_by_all_their_entries_before_any_discount() -> None:
    # 31 December holds two entries (1.5 + 1.5) and outweighs 1 January (2.0) across the year's end.
    first, second, new_year = day_entry("2012-12-31", 1.5), day_entry("2012-12-31", 1.5), day_entry("2013-01-01", 2.0)
    discount_spillover([first, second, new_year])
    assert (first.weight, second.weight) == (1.5, 1.5)
    assert new_year.weight == pytest.approx(2.0 * SPILL_FACTOR)


def test_months_years_and_equal_neighbours_are_left_alone() -> None:
    month, day = day_entry("2012-03", 9.0, precision="month"), day_entry("2012-03-02", 1.0)
    twin_a, twin_b = day_entry("2012-05-07", 2.0), day_entry("2012-05-08", 2.0)
    discount_spillover([month, day, twin_a, twin_b])
    assert (month.weight, day.weight, twin_a.weight, twin_b.weight) == (9.0, 1.0, 2.0, 2.0)
