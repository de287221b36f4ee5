"""Figures: which numbers are counts stated as facts, with unit, subject, as-of date and evidence."""

from __future__ import annotations

from typing import Any

from recoupe.read.figures import find_figures
from recoupe.records import Figure, Mention, TimeRef

PUB = "2024-05-02"


def figures_of(nlp: Any, fr: Any, text: str, timexes: tuple[TimeRef, ...] = ()) -> list[Figure]:
    return find_figures(nlp(text), fr, PUB, timexes, article_id="a1")


def test_troop_count_with_marker_subject_and_evidence(nlp: Any, fr: Any) -> None:
    text = "Selon le ministère, quelque 4.200 soldats britanniques stationnés à Chypre rentreront bientôt."
    [fig] = figures_of(nlp, fr, text)
    assert fig.value == 4200
    assert fig.approx is True
    assert fig.unit == "soldats"
    assert fig.subject is not None and fig.subject.startswith("soldats britanniques")
    assert fig.mention.text == "quelque 4.200"
    assert text[fig.mention.start:fig.mention.end] == fig.mention.text
    assert fig.mention.article == "a1"
    assert fig.as_of == PUB


def test_grouping_with_nbsp_and_decimal_comma_money(nlp: Any, fr: Any) -> None:
    text = "La mairie a versé 7\u00a0300 repas aux familles et 2,5 millions d'euros aux associations."
    figs = figures_of(nlp, fr, text)
    assert [(f.value, f.unit) for f in figs] == [(7300, "repas"), (2_500_000, "euros")]


def test_approximate_noun_counts_what_follows_de(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "Une cinquantaine de manifestants ont été interpellés samedi soir.")
    assert [(f.value, f.approx, f.unit, f.mention.text) for f in figs] == [
        (50, True, "manifestants", "Une cinquantaine")]


def test_numbers_in_words(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "Vingt-deux navires et quatre-vingt-dix marins ont quitté le port.")
    assert [(f.value, f.unit) for f in figs] == [(22, "navires"), (90, "marins")]


def test_years_dates_durations_and_measures_are_not_figures(nlp: Any, fr: Any) -> None:
    text = ("Le traité signé en 2014 a été révisé le 7 avril 2019. Les négociations ont duré huit ans "
            "et la frontière s'étend sur 300 kilomètres. Le taux est passé de 8,1 à 7,4 %.")
    assert figures_of(nlp, fr, text) == []


def test_anaphoric_small_number_is_not_a_figure(nlp: Any, fr: Any) -> None:
    assert figures_of(nlp, fr, "Les deux pays ont signé un accord commercial.") == []


def test_elliptical_range_takes_the_unit_of_its_partner(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "L'armée réduira ses effectifs de 6.400 à 4.100 soldats d'ici l'été.")
    assert [(f.value, f.unit) for f in figs] == [(6400, "soldats"), (4100, "soldats")]


def test_casualties_with_un_as_a_count(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "Un enfant a été tué et au moins quatre personnes ont été blessées.")
    assert [(f.value, f.approx, f.unit) for f in figs] == [(1, False, "enfant"), (4, True, "personnes")]


def test_un_as_an_article_is_not_a_figure(nlp: Any, fr: Any) -> None:
    assert figures_of(nlp, fr, "Un porte-parole a publié un communiqué dans la soirée.") == []


def test_tallying_ordinal_counts_events(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "Il s'agit de la 15e attaque de ce type depuis janvier.")
    assert [(f.value, f.unit) for f in figs] == [(15, "attaques")]


def test_as_of_comes_from_a_date_in_the_sentence(nlp: Any, fr: Any) -> None:
    text = "Le 3 mars, 1.800 réfugiés avaient franchi la frontière. Depuis, 600 tentes ont été montées."
    date = TimeRef(type="DATE", value="2024-03-03", mention=Mention("a1", 0, 9, text[0:9]), precision="day")
    figs = figures_of(nlp, fr, text, (date,))
    assert [(f.value, f.as_of) for f in figs] == [(1800, "2024-03-03"), (600, PUB)]


def test_timexes_mark_numbers_that_are_dates(nlp: Any, fr: Any) -> None:
    text = "Les 300 délégués se retrouveront en 1999 dans la capitale."
    year = text.index("1999")
    ref = TimeRef(type="DATE", value="1999", mention=Mention("a1", year - 3, year + 4, "en 1999"))
    figs = figures_of(nlp, fr, text, (ref,))
    assert [(f.value, f.as_of) for f in figs] == [(300, "1999")]


def test_restated_figure_is_reported_once(nlp: Any, fr: Any) -> None:
    text = ("L'explosion a fait au moins douze victimes. Selon la police, au moins douze personnes "
            "sont mortes dans l'incendie.")
    figs = figures_of(nlp, fr, text)
    assert [f.value for f in figs] == [12]


def test_phone_numbers_and_name_numbers_are_not_figures(nlp: Any, fr: Any) -> None:
    text = "Les 40 bénévoles répondent au 01 42 17 30 00 et sur la chaîne France 2."
    figs = figures_of(nlp, fr, text)
    assert [(f.value, f.unit) for f in figs] == [(40, "bénévoles")]


def test_same_count_at_two_dates_is_two_figures(nlp: Any, fr: Any) -> None:
    text = "En mars, 900 ouvriers travaillaient sur le site. En juin, 900 ouvriers y travaillaient encore."
    march = TimeRef(type="DATE", value="2024-03", mention=Mention("a1", 3, 7, "mars"))
    june = text.index("juin")
    jun = TimeRef(type="DATE", value="2024-06", mention=Mention("a1", june, june + 4, "juin"))
    figs = figures_of(nlp, fr, text, (march, jun))
    assert [(f.value, f.as_of) for f in figs] == [(900, "2024-03"), (900, "2024-06")]


def test_scale_word_serves_both_ends_of_a_range(nlp: Any, fr: Any) -> None:
    figs = figures_of(nlp, fr, "Les travaux coûteront entre 3 et 4 millions d'euros à la commune.")
    assert [(f.value, f.unit) for f in figs] == [(3_000_000, "euros"), (4_000_000, "euros")]


def test_range_to_a_measure_is_not_a_figure(nlp: Any, fr: Any) -> None:
    assert figures_of(nlp, fr, "La vitesse passera de 90 à 80km/h sur cette route.") == []


def test_only_calendar_dates_give_the_as_of_date(nlp: Any, fr: Any) -> None:
    text = "Jeudi, 40 camions attendaient à la frontière."
    doc = nlp(text)
    weekday = TimeRef("DATE", "XXXX-WXX-4", Mention("t", 0, 5, "Jeudi"))
    figures = find_figures(doc, fr, "2024-02", [weekday], "t")
    assert [(f.value, f.as_of) for f in figures] == [(40, "2024-02")]
    dated = TimeRef("DATE", "2024-02-08", Mention("t", 0, 5, "Jeudi"), "day")
    assert [f.as_of for f in find_figures(doc, fr, "2024-02", [dated], "t")] == ["2024-02-08"]
