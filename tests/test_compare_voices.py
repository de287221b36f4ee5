"""Figures compared like with like: independent voices, one subject with its scope and place, bounds that fit."""

from __future__ import annotations

import pytest

from recoupe.link.compare import compare_sources
from recoupe.records import Article, Comparison, Figure, Mention, ReadArticle, Reading

Fig = tuple[str, float, str, str, str | None, str | None]  # span, value, unit, subject, as_of, bound


def item(aid: str, source: str | None, text: str, figures: list[Fig], duplicate_of: str | None = None,
         published: str = "2024-03-12") -> ReadArticle:
    """An article whose figures are found in `text` by their span."""
    figs = []
    for span, value, unit, subject, as_of, bound in figures:
        start = text.index(span)
        figs.append(Figure(value=value, mention=Mention(aid, start, start + len(span), span), unit=unit,
                           subject=subject, as_of=as_of, approx=bound == "about", bound=bound))
    article = Article(id=aid, raw_text=text, source=source, published=published, clean_text=text)
    return ReadArticle(article, Reading(article=aid, figures=figs), duplicate_of=duplicate_of)


def compare(*items: ReadArticle) -> Comparison:
    return compare_sources("s1", list(items), [])


def values(comparison: Comparison) -> list[list[float]]:
    return [sorted(c.figure.value for c in k.claims) for k in comparison.conflicts]


def test_two_numbers_of_one_article_never_disagree() -> None:
    a = item("a", "alpha.fr", "On compte 4 000 soldats français, selon Paris, et 2 800 soldats français selon l'ONU.",
             [("4 000", 4000, "soldats", "soldats français", "2024-03", None),
              ("2 800", 2800, "soldats", "soldats français", "2024-03", None)])
    assert compare(a).conflicts == []


def test_one_outlet_revising_its_count_is_no_disagreement() -> None:
    a = item("a", "alpha.fr", "Quelque 4 000 soldats français sont déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats français", "2024-03", "about")])
    b = item("b", "alpha.fr", "Il y a 2 800 soldats français sur place.",
             [("2 800", 2800, "soldats", "soldats français", "2024-03", None)])
    assert compare(a, b).conflicts == []


def test_two_articles_of_unknown_outlets_are_two_voices() -> None:
    a = item("a", None, "Quelque 4 000 soldats français sont déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats français", "2024-03", "about")])
    b = item("b", None, "Il y a 2 800 soldats français sur place.",
             [("2 800", 2800, "soldats", "soldats français", "2024-03", None)])
    assert values(compare(a, b)) == [[2800, 4000]]


def test_a_copy_never_disagrees_with_its_original() -> None:
    a = item("a", "alpha.fr", "Quelque 4 000 soldats français sont déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats français", "2024-03", "about")])
    b = item("b", "beta.fr", "Il y a 2 800 soldats français, et quelque 4 000 selon alpha.",
             [("2 800", 2800, "soldats", "soldats français", "2024-03", None)], duplicate_of="a")
    assert compare(a, b).conflicts == []


def test_a_toll_is_not_a_troop_level() -> None:
    a = item("a", "alpha.fr", "Douze soldats français ont été tués ce mois-ci.",
             [("Douze", 12, "soldats", "soldats français qui ont été tués", "2024-03", None)])
    b = item("b", "beta.fr", "Quelque 4 000 soldats français restent déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats français", "2024-03", "about")])
    comparison = compare(a, b)
    assert comparison.conflicts == []
    assert sorted(len(s.claims) for s in comparison.series) == [1, 1]


def test_troops_of_two_countries_are_two_subjects() -> None:
    a = item("a", "alpha.fr", "Quelque 4 000 soldats français sont déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats français", "2024-03", "about")])
    b = item("b", "beta.fr", "Environ 900 soldats britanniques sont sur place.",
             [("Environ 900", 900, "soldats", "soldats britanniques", "2024-03", "about")])
    assert compare(a, b).conflicts == []


def test_a_place_the_story_names_alone_is_its_setting() -> None:
    a = item("a", "alpha.fr", "Quelque 4 000 soldats français restent au Mali.",
             [("Quelque 4 000", 4000, "soldats", "soldats français qui restent au Mali", "2024-03", "about")])
    b = item("b", "beta.fr", "Il y a 2 800 soldats français.",
             [("2 800", 2800, "soldats", "soldats français", "2024-03", None)])
    assert values(compare(a, b)) == [[2800, 4000]]
    c = item("c", "gamma.fr", "La France garde 1 500 soldats au Niger.",
             [("1 500", 1500, "soldats", "soldats français au Niger", "2024-03", None)])
    assert compare(a, b, c).conflicts == []


def test_a_bound_agrees_with_a_value_that_fits_it() -> None:
    a = item("a", "alpha.fr", "Plus de 5 200 soldats français sont déployés.",
             [("Plus de 5 200", 5200, "soldats", "soldats français", "2024-03", "at_least")])
    b = item("b", "beta.fr", "La France a 5 300 soldats déployés, des soldats français.",
             [("5 300", 5300, "soldats", "soldats français", "2024-03", None)])
    c = item("c", "gamma.fr", "Il reste 4 000 soldats français.",
             [("4 000", 4000, "soldats", "soldats français", "2024-03", None)])
    assert compare(a, b).conflicts == []
    assert [4000, 5200] in values(compare(a, c))


def test_a_reference_to_an_earlier_time_is_compared_with_nothing() -> None:
    a = item("a", "alpha.fr", "Il y a 2 500 soldats français, contre plus de 5 200 auparavant.",
             [("2 500", 2500, "soldats", "soldats français", "2024-03", None),
              ("plus de 5 200", 5200, "soldats", "soldats français", "PAST_REF", "at_least")])
    b = item("b", "beta.fr", "Environ 3 000 soldats français sont déployés.",
             [("Environ 3 000", 3000, "soldats", "soldats français", "2024-03", "about")])
    conflicts = compare(a, b).conflicts
    assert values(compare(a, b)) == [[2500, 3000]]
    assert all(c.period == "2024-03" for k in conflicts for c in k.claims)


def test_a_bare_nationality_count_joins_the_troops_of_its_country() -> None:
    a = item("a", "alpha.fr", "Quelque 4 000 soldats étrangers, dont 2 500 Français, sont déployés.",
             [("Quelque 4 000", 4000, "soldats", "soldats étrangers", "2024-03", "about"),
              ("2 500", 2500, "français", "Français", "2024-03", None)])
    b = item("b", "beta.fr", "Il reste 2 500 soldats français.", published="2024-02-01",
             figures=[("2 500", 2500, "soldats", "soldats français", "2024-02", None)])
    [french] = [s for s in compare(a, b).series if any(c.article == "b" for c in s.claims)]
    assert french.kind == "troupes"
    assert [(c.article, c.period) for c in french.claims] == [("b", "2024-02"), ("a", "2024-03")]


def test_a_toll_among_some_people_is_not_the_whole_toll() -> None:
    a = item("a", "alpha.fr", "Un enfant a été tué dans l'explosion.",
             [("Un", 1, "enfant", "enfant qui a été tué", "2024-03-10", None)])
    b = item("b", "beta.fr", "L'explosion a fait une dizaine de morts.",
             [("une dizaine", 10, "morts", "morts", "2024-03-10", "about")])
    assert compare(a, b).conflicts == []


def test_a_growing_toll_is_compared_day_by_day() -> None:
    a = item("a", "alpha.fr", "Le bilan s'élève à 30 civils tués mardi soir.",
             [("30", 30, "civils", "civils tués", "2024-03-12", None)])
    b = item("b", "beta.fr", "Le bilan est passé à 43 civils tués samedi.", published="2024-03-17",
             figures=[("43", 43, "civils", "civils tués", "2024-03-16", None)])
    c = item("c", "gamma.fr", "On compte 35 civils tués ce mardi.",
             [("35", 35, "civils", "civils tués", "2024-03-12", None)])
    assert compare(a, b).conflicts == []
    assert values(compare(a, b, c)) == [[30, 35]]


@pytest.mark.parametrize(("first", "second"), [
    (("100", 100, "combattants", "combattants", "2024-03", None), ("18", 18, "soldats", "soldats", "2024-03", None)),
    (("150", 150, "morts", "morts", "2024-03-12", None), ("22", 22, "morts", "morts", "2024-03-12", None)),
])
def test_counts_that_do_not_say_whose_compare_with_nothing(first: Fig, second: Fig) -> None:
    a = item("a", "alpha.fr", f"Il y a {first[0]} {first[2]}.", [first])
    b = item("b", "beta.fr", f"Il y a {second[0]} {second[2]}.", [second])
    assert compare(a, b).conflicts == []
