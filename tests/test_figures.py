"""Figures: which numbers are counts stated as facts, with unit, subject, as-of date and evidence."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.figures.find import find_figures
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


# --- When a figure holds, whose it is, how it is hedged (issue 12) -------------------------------


def read_figures(nlp: Any, fr: Any, text: str, published: str = PUB) -> list[Figure]:
    """Figures of a text read as the pipeline reads them: time expressions first, then figures."""
    from recoupe.read.timex.tagger import tag_timexes

    doc = nlp(text)
    timexes = tag_timexes(doc.text, published, fr, doc=doc, article_id="a1")
    return find_figures(doc, fr, published, timexes, article_id="a1")


def figure(figs: list[Figure], value: float) -> Figure:
    [fig] = [f for f in figs if f.value == value]
    return fig


@pytest.mark.parametrize("text", [
    "Environ 900 casques bleus sont déployés au Liban depuis 2006.",
    "Depuis mars 2019, quelque 1 200 gendarmes patrouillent dans la vallée.",
    "Les 300 soldats belges présents en Lituanie depuis 2017 y resteront.",
])
def test_present_count_holds_at_publication_whatever_depuis_says(nlp: Any, fr: Any, text: str) -> None:
    [fig] = read_figures(nlp, fr, text)
    assert fig.as_of == PUB


@pytest.mark.parametrize("text", [
    "Depuis janvier, 45 attaques ont visé des convois dans la région.",
    "Au total, 45 attaques ont visé des convois depuis le début de l'année.",
])
def test_running_total_since_a_date_holds_at_publication(nlp: Any, fr: Any, text: str) -> None:
    assert figure(read_figures(nlp, fr, text), 45).as_of == PUB


@pytest.mark.parametrize(("text", "value", "day"), [
    ("Un incendie a ravagé lundi 29 avril un entrepôt de Lyon. Les flammes ont détruit 40 véhicules.",
     40, "2024-04-29"),
    ("Samedi 27 avril, une tempête a frappé la côte bretonne. Elle a privé 8 000 foyers d'électricité.",
     8000, "2024-04-27"),
    ("Une avalanche a emporté mardi 30 avril un groupe de randonneurs. Les secours ont retrouvé six personnes.",
     6, "2024-04-30"),
])
def test_past_count_without_its_own_date_holds_on_the_day_of_the_news(nlp: Any, fr: Any, text: str, value: float,
                                                                       day: str) -> None:
    assert figure(read_figures(nlp, fr, text), value).as_of == day


def test_present_count_in_a_dated_story_still_holds_at_publication(nlp: Any, fr: Any) -> None:
    text = "Dimanche 28 avril, un feu a pris dans la forêt des Landes. Aujourd'hui, 250 pompiers sont mobilisés."
    assert figure(read_figures(nlp, fr, text), 250).as_of == PUB


@pytest.mark.parametrize(("text", "value", "day"), [
    ("Le 12 avril, un car a quitté la route près de Grenoble. L'accident avait fait 14 blessés.", 14, "2024-04-12"),
    ("Le 15 avril, un entrepôt a brûlé près de Rouen. Le bâtiment contenait 3 000 tonnes d'engrais.", 3000,
     "2024-04-15"),
    ("Le 10 avril, une digue a cédé dans le Gard. L'eau avait envahi 120 maisons.", 120, "2024-04-10"),
])
def test_pluperfect_or_imperfect_count_steps_back_to_the_event_just_told(nlp: Any, fr: Any, text: str,
                                                                         value: float, day: str) -> None:
    assert figure(read_figures(nlp, fr, text), value).as_of == day


@pytest.mark.parametrize("text", [
    "Le 3 avril, 12 personnes ont été blessées dans une collision à Nantes.",
    "12 personnes ont été blessées le 3 avril dans une collision à Nantes.",
])
def test_past_count_with_its_own_date_takes_that_date(nlp: Any, fr: Any, text: str) -> None:
    assert figure(read_figures(nlp, fr, text), 12).as_of == "2024-04-03"


def test_restated_count_takes_the_date_the_text_writes(nlp: Any, fr: Any) -> None:
    text = ("Cinq morts dans un accident de car.\n\nL'accident a fait cinq morts le 10 avril près de Nîmes, "
            "sur une route de montagne.")
    [fig] = [f for f in read_figures(nlp, fr, text) if f.value == 5]
    assert fig.as_of == "2024-04-10"


@pytest.mark.parametrize(("text", "value", "bound"), [
    ("Plus de 300 manifestants ont défilé à Brest.", 300, "at_least"),
    ("Au moins 12 personnes ont été blessées.", 12, "at_least"),
    ("Moins de 50 personnes se sont présentées.", 50, "at_most"),
    ("Le musée pourra accueillir jusqu'à 2 000 visiteurs.", 2000, "at_most"),
    ("Environ 40 bus ont été réquisitionnés.", 40, "about"),
    ("Près de 600 habitants ont été évacués.", 600, "about"),
    ("Une vingtaine de blessés ont été soignés sur place.", 20, "about"),
    ("Quelque 500 agents ont été mobilisés.", 500, "about"),
    ("Quinze policiers ont été déployés devant la mairie.", 15, None),
])
def test_bound_tells_a_floor_or_a_ceiling_from_a_rounding(nlp: Any, fr: Any, text: str, value: float,
                                                          bound: str | None) -> None:
    assert figure(figures_of(nlp, fr, text), value).bound == bound


@pytest.mark.parametrize(("text", "value", "source"), [
    ("Selon la police, 4 000 personnes ont manifesté à Lille.", 4000, "la police"),
    ("D'après les organisateurs, 12 000 personnes ont manifesté à Lille.", 12000, "les organisateurs"),
    ("Au total, 20 familles ont été relogées, a indiqué la préfecture.", 20, "la préfecture"),
    ("La préfecture a précisé que 20 familles ont été relogées.", 20, "La préfecture"),
    ("Les secours ont évacué 80 habitants, selon un communiqué des pompiers.", 80, "un communiqué des pompiers"),
])
def test_according_to_names_whose_count_it_is(nlp: Any, fr: Any, text: str, value: float, source: str) -> None:
    assert figure(figures_of(nlp, fr, text), value).according_to == source


@pytest.mark.parametrize("text", [
    "Les familles Martin et Durand ont donné 300 millions d'euros.",
    "4 000 personnes ont manifesté à Lille samedi.",
])
def test_a_sentence_that_credits_nobody_has_no_source(nlp: Any, fr: Any, text: str) -> None:
    assert all(f.according_to is None for f in figures_of(nlp, fr, text))


@pytest.mark.parametrize("second", [
    "Selon la préfecture, 80 salariés sont au chômage technique.",
    "« Nous avons 80 salariés au chômage technique », a déclaré le directeur.",
])
def test_reported_present_holds_on_the_day_it_was_said(nlp: Any, fr: Any, second: str) -> None:
    text = "Un incendie a détruit mercredi 1er mai une usine de Caen. " + second
    assert figure(read_figures(nlp, fr, text), 80).as_of == "2024-05-01"


def test_bound_and_source_survive_the_store(fresh_db: Any) -> None:
    from recoupe.records import Article, Reading

    text = "Selon la police, plus de 300 manifestants."
    article = Article(id="a1", raw_text=text, clean_text=text, published=PUB, published_precision="day",
                      language="fr")
    fig = Figure(300, Mention("a1", 17, 29, "plus de 300"), "manifestants", "manifestants", PUB, True,
                 bound="at_least", according_to="la police")
    fresh_db.save_article(article, "v1", Reading(article="a1", figures=[fig]))
    [got] = fresh_db.reading("a1").figures
    assert (got.bound, got.according_to) == ("at_least", "la police")


@pytest.mark.parametrize(("text", "value", "words"), [
    ("Quelque 2 500 soldats américains sont déployés en Irak.", 2500, ["américains", "déployés", "Irak"]),
    ("Environ 900 soldats britanniques sont déployés en Estonie.", 900, ["britanniques", "déployés", "Estonie"]),
    ("Six organismes ont été mandatés par le ministère pour recueillir les dons.", 6,
     ["mandatés", "ministère"]),
    ("Trois entreprises intervenaient sur le chantier du musée.", 3, ["intervenaient", "chantier"]),
])
def test_subject_carries_what_the_clause_says_of_the_counted_things(nlp: Any, fr: Any, text: str, value: float,
                                                                     words: list[str]) -> None:
    subject = figure(figures_of(nlp, fr, text), value).subject or ""
    assert all(w in subject for w in words), subject


@pytest.mark.parametrize(("text", "value", "words"), [
    ("Le Secours populaire a récolté 5 millions d'euros.", 5_000_000, ["Secours populaire", "récolté"]),
    ("La mairie de Lyon a versé 3 millions d'euros.", 3_000_000, ["mairie de Lyon", "versé"]),
    ("Le département a recensé 120 sinistrés.", 120, ["département", "recensé"]),
])
def test_subject_of_an_object_count_names_who_acts(nlp: Any, fr: Any, text: str, value: float,
                                                   words: list[str]) -> None:
    subject = figure(figures_of(nlp, fr, text), value).subject or ""
    assert all(w in subject for w in words), subject


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Le bilan fait état de 16 blessés, dont neuf dans un état grave.", 9, "blessés"),
    ("On compte 40 interpellations, dont une douzaine de mineurs.", 12, "mineurs"),
    ("Trente élèves ont été évacués, dont cinq ont été hospitalisés.", 5, "élèves"),
])
def test_a_bare_number_after_dont_counts_part_of_the_count_before(nlp: Any, fr: Any, text: str, value: float,
                                                                  unit: str) -> None:
    assert figure(figures_of(nlp, fr, text), value).unit == unit


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("Le feu a parcouru 6 500 hectares de garrigue.", 6500, "hectares"),
    ("L'usine a déversé 2 000 litres d'huile dans la rivière.", 2000, "litres"),
    ("Les incendies ont brûlé près de 80 000 km2 de forêt.", 80000, "km2"),
])
def test_amounts_of_land_or_matter_are_figures(nlp: Any, fr: Any, text: str, value: float, unit: str) -> None:
    assert figure(figures_of(nlp, fr, text), value).unit == unit


@pytest.mark.parametrize("text", ["Le village est à 15 km de la côte.", "Le vent a soufflé à 90 km/h."])
def test_lengths_and_rates_are_not_figures(nlp: Any, fr: Any, text: str) -> None:
    assert figures_of(nlp, fr, text) == []


@pytest.mark.parametrize("span", ["mardi et mercredi", "mardi et mercredi matin", "le 30 avril et le 1er mai"])
def test_count_over_coordinated_days_holds_at_the_last(nlp: Any, fr: Any, span: str) -> None:
    text = f"Au total, 70 personnes ont consulté les urgences {span} après l'incendie."
    assert figure(read_figures(nlp, fr, text), 70).as_of == "2024-05-01"


@pytest.mark.parametrize("text", [
    "Incendie : huit hospitalisations\n\nDeux cents personnes se sont présentées aux urgences.",
    "Bilan : douze blessés\nLes pompiers sont restés sur place toute la nuit.",
])
def test_subject_does_not_cross_a_title_into_the_next_sentence(nlp: Any, fr: Any, text: str) -> None:
    first = figures_of(nlp, fr, text)[0]
    assert first.subject is not None and "\n" not in first.subject
    assert "présentées" not in first.subject and "restés" not in first.subject
