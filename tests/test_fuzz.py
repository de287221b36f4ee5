"""Property-based tests (hypothesis) of the cleaner, the temporal tagger, the quote extractor and the number and
figure parsers: no exception on any text, offsets always inside the text, cleaning idempotent, dates in range.

The normal suite runs a few hundred examples per property; the `slow` variants run thousands
(`pytest tests/test_fuzz.py -m slow`).
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.clean import clean_article
from recoupe.clean.repair import repair_text
from recoupe.read.figures.find import find_figures
from recoupe.read.numbers import find_number_spans, parse_number
from recoupe.read.reader import Reader
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Mention

# Examples per property: a few hundred in the normal suite (about a second each without spaCy), thousands in
# the slow run. The spaCy properties cost ~10 ms an example on short texts, hence their lower normal count.
NORMAL = 300
NORMAL_NLP = 150
SLOW = 3000
FAST = settings(max_examples=NORMAL, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FAST_NLP = settings(max_examples=NORMAL_NLP, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MANY = settings(max_examples=SLOW, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

WORDS = [
    "le", "la", "les", "un", "une", "des", "de", "du", "à", "au", "et", "ou", "mais", "a", "ont", "été", "est",
    "Le", "La", "Les", "Il", "Elle", "Selon", "ministre", "président", "Paris", "Bagdad", "Jean", "Dupont",
    "Marie-Claire", "l'armée", "d'Irak", "aujourd'hui", "hier", "demain", "soir", "matin", "dernier", "prochain",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février", "mars", "avril",
    "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "1er", "le 31", "le 29",
    "février 2023", "en 2021", "l'an dernier", "il y a trois ans", "dans deux semaines", "depuis 1999",
    "au XIXe siècle", "printemps", "été 2020", "fin mars", "mi-juillet", "2021-07-23", "23/07/2021", "31/02/2020",
    "00/00/0000", "99/99/9999", "an 0", "l'an 10000", "9999", "0000", "trimestre", "semaine",
    "a déclaré", "a dit", "affirme", "selon lui", "a-t-il ajouté", "a indiqué", "estime", "a précisé",
    "soldats", "personnes", "morts", "blessés", "euros", "dollars", "millions", "milliards", "%", "pour cent",
    "quelque", "près de", "environ", "plus de", "moins de", "une dizaine", "des centaines", "trois", "vingt-et-un",
    "quatre-vingt-dix-neuf", "mille", "deux mille", "cent", "zéro", "premier", "deuxième",
    "5 000", "3\u00a0500", "2.500", "2,5", "1,5 million", "10\u202f000", "12 000 000 000 000 000 000 000",
    "1e308", "-42", "+7", "0,000001", "4.200.000", "1 2 3 4", ",,", "..", "3,", ",5",
]
PUNCT = [".", ",", ";", ":", "!", "?", "…", "-", "–", "—", "(", ")", "[", "]", "/", "'", "’", '"', "«", "»",
         "« ", " »", "“", "”", "‹", "›", "„", "«\u00a0", "\u00a0»", "''", "``"]
HTML = ["<p>", "</p>", "<br>", "<div class='x'>", "</div>", "<script>alert(1)</script>", "&amp;", "&nbsp;",
        "&#233;", "<!-- commentaire -->", "<![CDATA[x]]>", "<b>", "</b>"]
ODD = ["\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\x85", "\u200b", "\u200d", "\u200e", "\u202e", "\ufeff",
       "\ufffd", "\u2028", "\u2029", "\u0301", "e\u0301", "ﬁ", "Ａ", "１２３", "²", "½", "٣", "𝟘", "😀", "🇫🇷",
       "ß", "İ", "ǅ", "\t", "\r", "\r\n", "\x0c", "\x0b", "Ã©", "Ã", "?uvre", "mise en ?uvre"]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "\u00a0", "\u202f", "\t"]

# Dates at and beyond the edges: day 0 or 40, year 0 or 99999, numeric and spelled-out months.
edge_dates = st.builds(
    lambda d, m, y, form: form.format(d=d, m=m, y=y, month=(["janvier", "février", "décembre"] * 5)[m % 15]),
    st.integers(0, 40), st.integers(0, 14), st.integers(0, 99999),
    st.sampled_from(["le {d} {month} {y}", "{d}/{m}/{y}", "{y}-{m:02d}-{d:02d}", "le {d} {month}", "en {month} {y}",
                     "{d} {month}", "l'an {y}", "{y}", "le {d}", "{d}.{m}.{y}"]))

pieces = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(WORDS), edge_dates,
    st.sampled_from(PUNCT), st.sampled_from(HTML), st.sampled_from(ODD),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.text(max_size=8),
)


@st.composite
def texts(draw: st.DrawFn, max_pieces: int = 40) -> str:
    """French-looking text mixed with digits, punctuation, quote marks, dates, HTML and odd characters."""
    parts = draw(st.lists(pieces, max_size=max_pieces))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True))


# Days at the calendar's edges, where date arithmetic overflows ("hier" on 1 January of year 1).
EDGE_DAYS = [date(1, 1, 1), date(1, 1, 7), date(1, 12, 31), date(9999, 12, 31), date(9999, 1, 1), date(9998, 12, 31)]


@st.composite
def anchors(draw: st.DrawFn) -> str | None:
    """A publication date as the pipeline may pass it: day, month or year precision, or none."""
    day = draw(st.one_of(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                         st.sampled_from(EDGE_DAYS)))
    precision = draw(st.sampled_from(["day", "month", "year", "none"]))
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4],
            "none": None}[precision]


# The calendar part of a TIMEX3 value: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, optionally followed by a
# part of day or time ("T..."), a season or quarter; placeholders (X) and references (PAST_REF) are not dates.
CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|T|-[A-Z]|-W)")
WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def assert_valid_date(value: str | None) -> None:
    """A date value names a real day, month or week (1 ≤ month ≤ 12, the day exists, year 1..9999)."""
    if not value:
        return
    week = WEEK.match(value)
    if week:
        year, number = int(week.group(1)), int(week.group(2))
        assert 1 <= year <= 9999 and 1 <= number <= 53, value
        return
    if re.fullmatch(r"\d{2}|\d{3}", value):  # a century ("18": the 1800s) or a decade ("199": the 1990s)
        return
    match = CALENDAR.match(value)
    if match is None:
        assert not value[:4].isdigit(), f"malformed date value {value!r}"
        return
    year = int(match.group(1))
    assert 1 <= year <= 9999, value
    if match.group(2):
        month = int(match.group(2))
        assert 1 <= month <= 12, value
        if match.group(3):
            date(year, month, int(match.group(3)))  # raises on 31 February


def assert_inside(text: str, mention: Mention) -> None:
    """A mention's offsets lie inside the text and its text is what they cut."""
    assert 0 <= mention.start <= mention.end <= len(text), (mention, len(text))
    assert text[mention.start:mention.end] == mention.text, (mention, text[mention.start:mention.end])


# -- the cleaner ---------------------------------------------------------------------------------------


def check_cleaning(fr: Any, raw: str) -> None:
    article = Article(id="f", raw_text=raw)
    cleaned = clean_article(article, fr)
    repaired, repairs = repair_text(raw, fr)
    for edit in cleaned.edits:
        limit = len(raw) if edit.kind == "repaired" else len(repaired)
        assert 0 <= edit.start <= edit.end <= limit, (edit, limit)
    assert len(repairs) == sum(e.kind == "repaired" for e in cleaned.edits)
    again = clean_article(Article(id="f", raw_text=cleaned.clean_text), fr)
    assert again.clean_text == cleaned.clean_text
    assert [e for e in again.edits if e.kind == "removed"] == []
    if cleaned.published:
        assert_valid_date(cleaned.published)


@FAST
@given(raw=texts(max_pieces=60))
def test_cleaning_never_fails_keeps_offsets_and_is_idempotent(fr: Any, raw: str) -> None:
    check_cleaning(fr, raw)


@pytest.mark.slow
@MANY
@given(raw=texts(max_pieces=60))
def test_cleaning_properties_many(fr: Any, raw: str) -> None:
    check_cleaning(fr, raw)


# -- the temporal tagger -------------------------------------------------------------------------------


def check_timexes(fr: Any, text: str, dct: str | None, doc: Any = None) -> None:
    for ref in tag_timexes(text, dct, fr, doc=doc, article_id="f"):
        assert_inside(text, ref.mention)
        assert ref.mention.start < ref.mention.end
        if ref.type in ("DATE", "TIME"):
            assert_valid_date(ref.value)
        assert_valid_date(ref.anchor)


@FAST
@given(text=texts(), dct=anchors())
def test_timex_never_fails_and_dates_are_real(fr: Any, text: str, dct: str | None) -> None:
    check_timexes(fr, text, dct)


@pytest.mark.slow
@MANY
@given(text=texts(), dct=anchors())
def test_timex_properties_many(fr: Any, text: str, dct: str | None) -> None:
    check_timexes(fr, text, dct)


# -- numbers ---------------------------------------------------------------------------------------------


def check_numbers(fr: Any, text: str) -> None:
    for span in find_number_spans(text, fr):
        assert 0 <= span.start < span.end <= len(text), span
        if span.number_start >= 0:
            assert span.start <= span.number_start <= span.end, span
        if span.number_end >= 0:
            assert span.start <= span.number_end <= span.end, span
        assert not math.isnan(span.value), span
    parsed = parse_number(text, fr)
    if parsed is not None:
        assert not math.isnan(parsed.value)


@FAST
@given(text=texts())
def test_number_parser_never_fails_and_keeps_offsets(fr: Any, text: str) -> None:
    check_numbers(fr, text)


@pytest.mark.slow
@MANY
@given(text=texts())
def test_number_parser_properties_many(fr: Any, text: str) -> None:
    check_numbers(fr, text)


# -- the whole reading (entities, quotes, figures, events) on one spaCy doc -----------------------------


def check_reading(fr: Any, nlp: Any, text: str, dct: str | None) -> None:
    reader = Reader(fr, nlp)
    article = Article(id="f", raw_text=text, clean_text=text, published=dct)
    doc = nlp(text)
    reading = reader.read_doc(article, doc)  # any exception fails the property
    for entity in reading.entities:
        for mention in entity.mentions:
            assert_inside(text, mention)
    for quote in reading.quotes:
        assert_inside(text, quote.mention)
        assert quote.text == quote.mention.text
        if quote.speaker_mention is not None:
            assert_inside(text, quote.speaker_mention)
    for figure in reading.figures:
        assert_inside(text, figure.mention)
        assert not math.isnan(figure.value)
        assert_valid_date(figure.as_of)
    for event in reading.events:
        assert_inside(text, event.evidence)
        assert_valid_date(event.date)
    for ref in reading.timexes:
        assert_inside(text, ref.mention)
    figures = find_figures(doc, fr, dct, reading.timexes, "f")
    assert [f.mention for f in figures] == [f.mention for f in reading.figures]


@FAST_NLP
@given(text=texts(max_pieces=30), dct=anchors())
def test_reading_quotes_figures_events_never_fail(fr: Any, nlp: Any, text: str, dct: str | None) -> None:
    check_reading(fr, nlp, text, dct)


@pytest.mark.slow
@MANY
@given(text=texts(max_pieces=30), dct=anchors())
def test_reading_properties_many(fr: Any, nlp: Any, text: str, dct: str | None) -> None:
    check_reading(fr, nlp, text, dct)


# -- the date checker itself -------------------------------------------------------------------------------


def test_date_checker_accepts_real_and_refuses_impossible_values() -> None:
    for good in ("18", "199", "2021", "2021-07", "2021-07-23", "2021-07-22TMO", "2021-W30", "2021-SU", "XXXX-WXX-4",
                 "PAST_REF", "2020-02-29", "0001-01-01"):
        assert_valid_date(good)
    for bad in ("2021-13", "2021-02-30", "0000-01-01", "2021-00-10", "2021-W60"):
        with pytest.raises((AssertionError, ValueError)):
            assert_valid_date(bad)


def test_years_at_the_edges_of_the_calendar(fr: Any) -> None:
    assert [r.value for r in tag_timexes("Il est né en 1994.", "2021-07-23", fr)] == ["1994"]
    assert [r.value for r in tag_timexes("Il partira l'an prochain.", "9999-12-31", fr)] == []
    assert [r.value for r in tag_timexes("Il est parti hier.", "0001-01-01", fr)] == []
    assert [r.value for r in tag_timexes("Il viendra lundi 12.", "2021-07", fr)] == ["2021-07"]
