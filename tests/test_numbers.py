"""French number parsing and finding: digit grouping, words, approximations, what is not a number."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.numbers import find_number_spans, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.500", 2500),
        ("2 500", 2500),
        ("2\u00a0500", 2500),
        ("2\u202f500", 2500),
        ("12’000", 12000),
        ("1.250.000", 1_250_000),
        ("5200", 5200),
        ("2,5", 2.5),
        ("3.5", 3.5),
        ("2 500,75", 2500.75),
        ("2,5 millions", 2_500_000),
        ("1,2 milliard", 1_200_000_000),
        ("40 milliards", 40_000_000_000),
        ("trois", 3),
        ("vingt-deux", 22),
        ("vingt et un", 21),
        ("soixante-et-onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix", 90),
        ("deux cents", 200),
        ("deux cent quatre-vingt-sept", 287),
        ("deux mille cinq cents", 2500),
        ("un million", 1_000_000),
    ],
)
def test_parse_number_values(fr: Any, text: str, value: float) -> None:
    parsed = parse_number(text, fr)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.approx is False
    assert parsed.kind == "cardinal"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("quelque 3.500", 3500),
        ("environ 800", 800),
        ("près de 1 200", 1200),
        ("près d'un million", 1_000_000),
        ("plus de 40", 40),
        ("au moins sept", 7),
        ("quasiment 90", 90),
        ("600 environ", 600),
        ("une cinquantaine", 50),
        ("une dizaine", 10),
        ("une centaine", 100),
        ("plus d’une vingtaine", 20),
        ("trois centaines", 300),
    ],
)
def test_parse_number_approximations(fr: Any, text: str, value: float) -> None:
    parsed = parse_number(text, fr)
    assert parsed is not None
    assert parsed.value == pytest.approx(value)
    assert parsed.approx is True


@pytest.mark.parametrize("text", ["des centaines", "plusieurs milliers", "quelques dizaines", "bonjour", "", "Mi-8"])
def test_parse_number_rejects_vague_or_non_numbers(fr: Any, text: str) -> None:
    assert parse_number(text, fr) is None


def test_parse_number_kinds(fr: Any) -> None:
    ordinal = parse_number("14e", fr)
    percent = parse_number("12,5 %", fr)
    assert ordinal is not None and ordinal.kind == "ordinal" and ordinal.value == 14
    assert percent is not None and percent.kind == "percent" and percent.value == 12.5
    assert parse_number("un", fr) is not None


def test_find_number_spans_offsets_and_markers(fr: Any) -> None:
    text = "Le port a reçu quelque 3.500 conteneurs et une douzaine de navires, soit 2,5 millions d'euros."
    spans = find_number_spans(text, fr)
    assert [text[s.start:s.end] for s in spans] == ["quelque 3.500", "une douzaine", "2,5 millions"]
    assert [s.value for s in spans] == [3500, 12, 2_500_000]
    assert [s.approx for s in spans] == [True, True, False]
    first = spans[0]
    assert text[first.number_start:first.number_end] == "3.500"
    assert first.grouped is True
    assert spans[1].in_words is True


def test_find_number_spans_skips_articles_dates_times_and_labels(fr: Any) -> None:
    text = ("Un élu a parlé le 2021-03-04 à 10:15, puis le 12/05/2020 vers 1h30 du virus COVID-19 "
            "et de l'hélicoptère Mi-8.")
    assert find_number_spans(text, fr) == []


def test_find_number_spans_keeps_years_as_plain_numbers(fr: Any) -> None:
    # Years are numbers; deciding they are not counts is the figure finder's job.
    spans = find_number_spans("En 2014, trois villes.", fr)
    assert [(s.value, s.in_words) for s in spans] == [(2014, False), (3, True)]


def test_find_number_spans_skips_phone_numbers_but_not_big_grouped_numbers(fr: Any) -> None:
    assert find_number_spans("Appelez le 01 45 22 13 09 ou le +33 6 12 34 56 78.", fr) == []
    spans = find_number_spans("Un budget de 12 500 000 euros pour 1 200 000 habitants.", fr)
    assert [s.value for s in spans] == [12_500_000, 1_200_000]


def test_a_plural_scale_without_a_count_states_no_value(fr: Any) -> None:
    for text in ("des milliards de dollars", "DES MILLIONS DE PERSONNES", "Des milliers de manifestants"):
        assert find_number_spans(text, fr) == []
    assert [s.value for s in find_number_spans("trois milliards de dollars", fr)] == [3e9]


@pytest.mark.parametrize(("text", "value"), [
    ("un demi milliard", 500_000_000),
    ("un demi-million", 500_000),
    ("près d'un demi-milliard", 500_000_000),
])
def test_half_of_a_scale_word(fr: Any, text: str, value: float) -> None:
    parsed = parse_number(text, fr)
    assert parsed is not None and parsed.value == value


@pytest.mark.parametrize("text", ["son demi-frère est venu", "un demi est resté sur la table"])
def test_half_without_a_scale_is_no_number(fr: Any, text: str) -> None:
    assert find_number_spans(text, fr) == []


@pytest.mark.parametrize(("text", "values"), [
    ("La crue a touché 2.300 maisons.150 secouristes sont mobilisés depuis lundi.", [2300, 150]),
    ("La Galice est épargnée.34 provinces sont en alerte.", [34]),
    ("Il reste 1.300 fûts, dont 2.250 tonnes.", [1300, 2250]),
])
def test_number_after_a_glued_sentence_is_read_whole(fr: Any, text: str, values: list[float]) -> None:
    assert [s.value for s in find_number_spans(text, fr)] == values


def test_half_scale_word_written_with_a_hyphen_counts_what_follows(fr: Any) -> None:
    from recoupe.read.numbers import number_grammar

    assert number_grammar(fr).is_counting_noun("demi-milliard")
    assert not number_grammar(fr).is_counting_noun("demi-frère")
