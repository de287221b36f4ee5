"""Tests of the French temporal tagger (recoupe.read.timex.tagger) on hand-written sentences, one per rule family."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from recoupe.read.timex.patterns import get_grammar
from recoupe.read.timex.resolve import parse_anchor, resolve_weekday, resolve_year_of
from recoupe.read.timex.tagger import tag_jsonl, tag_timexes

# 2021-07-23 is a Friday.
DCT = "2021-07-23"


def tags(text: str, fr: Any, dct: str | None = DCT) -> list[tuple[str, str, str]]:
    """(span text, type, value) of every expression found."""
    return [(r.mention.text, r.type, r.value) for r in tag_timexes(text, dct, fr)]


def test_weekday_goes_back_in_past_tense_and_forward_in_future(fr: Any) -> None:
    assert tags("Le ministre a signé l'accord mardi.", fr) == [("mardi", "DATE", "2021-07-20")]
    assert tags("Le ministre signera l'accord mardi.", fr) == [("mardi", "DATE", "2021-07-27")]


def test_weekday_with_last_next_and_part_of_day(fr: Any) -> None:
    assert tags("Le maire a parlé vendredi dernier.", fr) == [("vendredi dernier", "DATE", "2021-07-16")]
    assert tags("La réunion aura lieu lundi prochain.", fr) == [("lundi prochain", "DATE", "2021-07-26")]
    assert tags("Le feu a pris mercredi soir.", fr) == [("mercredi soir", "TIME", "2021-07-21TEV")]


def test_weekday_uses_spacy_tense_when_a_doc_is_given(fr: Any, nlp: Any) -> None:
    text = "Les négociations reprendront jeudi à Bagdad."
    refs = tag_timexes(text, DCT, fr, doc=nlp(text))
    assert [(r.mention.text, r.value) for r in refs] == [("jeudi", "2021-07-29")]


def parsed(text: str, fr: Any, nlp: Any, dct: str | None = DCT) -> list[tuple[str, str, str]]:
    """(span text, type, value) of every expression, tagged with the spaCy Doc as the reader does."""
    return [(r.mention.text, r.type, r.value) for r in tag_timexes(text, dct, fr, doc=nlp(text))]


@pytest.mark.parametrize(("text", "value"), [
    # The governing verb decides, not the nearest one: the conference was planned for next Wednesday.
    ("La conférence de presse prévue mercredi a été annulée par l'Elysée.", "2021-07-28"),
    ("Une audience est programmée lundi devant le tribunal.", "2021-07-26"),
    ("Le viaduc devrait être rouvert à la circulation mardi.", "2021-07-27"),
    ("Un juge doit décider lundi du sort des accusés.", "2021-07-26"),
    ("Le président va signer le décret jeudi, selon son entourage.", "2021-07-29"),
    # A passive or compound past stays in the past.
    ("Le texte a été adopté mardi par les députés.", "2021-07-20"),
    ("Le suspect avait été arrêté lundi, a précisé le parquet.", "2021-07-19"),
    ("Le ministre a annoncé mardi qu'il partirait en retraite.", "2021-07-20"),
])
def test_weekday_direction_follows_the_governing_verb(fr: Any, nlp: Any, text: str, value: str) -> None:
    assert [v for _t, _k, v in parsed(text, fr, nlp)] == [value]


def test_month_only_dct_keeps_weekdays_at_month_precision(fr: Any) -> None:
    refs = tag_timexes("Le club a annoncé jeudi son départ, confirmé hier.", "2021-07", fr)
    assert [(r.mention.text, r.value, r.precision) for r in refs] == [
        ("jeudi", "2021-07", "month"), ("hier", "2021-07", "month")]


def test_no_dct_gives_unanchored_values(fr: Any) -> None:
    assert tags("Il est parti hier, il reviendra jeudi.", fr, dct=None) == [
        ("hier", "DATE", "PAST_REF"), ("jeudi", "DATE", "XXXX-WXX-4")]


def test_relative_days(fr: Any) -> None:
    found = tags("Il l'a dit hier matin, il le répète aujourd'hui et partira demain.", fr)
    assert found == [("hier matin", "TIME", "2021-07-22TMO"), ("aujourd'hui", "DATE", "2021-07-23"),
                     ("demain", "DATE", "2021-07-24")]


def test_absolute_days_with_and_without_year(fr: Any) -> None:
    assert tags("Le traité fut signé le 5 janvier 2020 à Berne.", fr) == [("le 5 janvier 2020", "DATE", "2020-01-05")]
    assert tags("Les élections ont eu lieu le 7 avril.", fr) == [("le 7 avril", "DATE", "2021-04-07")]
    assert tags("Le vote aura lieu le 2 août.", fr) == [("le 2 août", "DATE", "2021-08-02")]
    assert tags("Il est né le 1er mai 62.", fr)[0][2] == "1962-05-01"


def test_yearless_day_in_past_tense_goes_to_last_year(fr: Any) -> None:
    assert tags("Les accords conclus le 14 novembre ont été dénoncés.", fr, "2022-02-10") == [
        ("le 14 novembre", "DATE", "2021-11-14")]


def test_month_and_year_forms(fr: Any) -> None:
    assert tags("La rencontre s'est tenue en juin 2020.", fr) == [("juin 2020", "DATE", "2020-06")]
    assert tags("Les troupes partiront fin 2011 puis début janvier.", fr, "2011-03-01")[0] == ("fin 2011", "DATE", "2011")
    assert tags("Le chantier a commencé mi-mars.", fr) == [("mi-mars", "DATE", "2021-03")]
    assert tags("Le parti est fondé en juin dernier.", fr) == [("juin dernier", "DATE", "2021-06")]


def test_same_year_refers_to_last_explicit_year(fr: Any) -> None:
    found = tags("Le premier tour a eu lieu en mars 2018 et le second en août de la même année.", fr)
    assert found == [("mars 2018", "DATE", "2018-03"), ("août de la même année", "DATE", "2018-08")]


def test_position_modifiers_keep_the_value(fr: Any) -> None:
    assert tags("Les soldats ont quitté le pays fin 2011.", fr) == [("fin 2011", "DATE", "2011")]
    assert tags("La route a été refaite à la fin de l'année dernière.", fr) == [
        ("la fin de l'année dernière", "DATE", "2020")]


def test_bare_years_need_a_cue(fr: Any) -> None:
    assert tags("Elle dirige la coalition depuis 2014.", fr) == [("2014", "DATE", "2014")]
    assert tags("Le stade compte 2014 places.", fr) == []
    assert tags("Environ 1999 personnes ont défilé.", fr) == []


def test_ranges_give_both_ends(fr: Any) -> None:
    assert tags("Le festival se tiendra du 3 au 5 mars.", fr, "2021-02-10") == [
        ("3", "DATE", "2021-03-03"), ("5 mars", "DATE", "2021-03-05")]
    assert tags("Les prix ont doublé entre 2014 et 2017.", fr) == [("2014", "DATE", "2014"), ("2017", "DATE", "2017")]


def test_durations_with_digits_words_and_vague_amounts(fr: Any) -> None:
    assert tags("Le chantier va durer vingt-deux jours.", fr) == [("vingt-deux jours", "DURATION", "P22D")]
    assert tags("Le coureur a perdu 12,5 secondes.", fr) == [("12,5 secondes", "DURATION", "PT12.5S")]
    assert tags("Il travaille ici depuis quatre-vingt-dix ans.", fr) == [("quatre-vingt-dix ans", "DURATION", "P90Y")]
    assert tags("Elle enquête depuis plusieurs semaines.", fr) == [("plusieurs semaines", "DURATION", "PXW")]
    assert tags("La police est intervenue au cours des prochains mois.", fr)[0][2] == "PXM"


def test_ages_are_not_durations(fr: Any) -> None:
    assert tags("Un cycliste de 34 ans a été blessé.", fr) == []
    assert tags("Paul Martin, 61 ans, est maire.", fr) == []
    assert tags("Il attend sa réponse depuis trois ans.", fr) == [("trois ans", "DURATION", "P3Y")]


def test_number_words_are_parsed(fr: Any) -> None:
    g = get_grammar(fr)
    assert g.parse_number("vingt-deux") == 22
    assert g.parse_number("soixante et onze") == 71
    assert g.parse_number("quatre-vingt-dix-neuf") == 99
    assert g.parse_number("deux cent cinquante") == 250
    assert g.parse_number("30,4") == 30.4


def test_ago_is_resolved_against_the_dct(fr: Any) -> None:
    assert tags("L'usine a fermé il y a trois ans.", fr) == [("il y a trois ans", "DATE", "2018")]
    assert tags("Le pont a été ouvert il y a deux mois.", fr) == [("il y a deux mois", "DATE", "2021-05")]
    assert tags("Elle a été élue il y a quelques mois.", fr) == [("quelques mois", "DURATION", "PXM")]


def test_relative_periods(fr: Any) -> None:
    assert tags("Le texte a été voté la semaine dernière.", fr) == [("la semaine dernière", "DATE", "2021-W28")]
    assert tags("Les ventes ont chuté l'an dernier.", fr) == [("l'an dernier", "DATE", "2020")]
    assert tags("Le budget sera présenté le mois prochain.", fr) == [("le mois prochain", "DATE", "2021-08")]
    assert tags("Les recettes ont progressé cette année.", fr) == [("cette année", "DATE", "2021")]


def test_sets(fr: Any) -> None:
    assert tags("Le marché se tient tous les lundis.", fr) == [("tous les lundis", "SET", "XXXX-WXX-1")]
    assert tags("Des milliers de touristes viennent chaque année.", fr) == [("chaque année", "SET", "P1Y")]
    assert tags("Le salon se tient tous les deux ans.", fr) == [("tous les deux ans", "SET", "P2Y")]


def test_times_take_the_day_in_context(fr: Any) -> None:
    assert tags("L'accident s'est produit mardi vers 15 h 30.", fr) == [
        ("mardi", "DATE", "2021-07-20"), ("vers 15 h 30", "TIME", "2021-07-20T15:30")]
    assert tags("Le départ sera donné à 15 heures.", fr) == [("15 heures", "TIME", "2021-07-23T15:00")]
    assert tags("Il est arrivé hier, vers midi.", fr)[1] == ("midi", "TIME", "2021-07-22T12:00")


def test_dotted_and_slashed_dates(fr: Any) -> None:
    assert tags("Publié le 23.07.2021 à Paris.", fr) == [("23.07.2021", "DATE", "2021-07-23")]
    assert tags("Mis à jour : 12/06/2020.", fr) == [("12/06/2020", "DATE", "2020-06-12")]
    assert tags("Le score était de 3.500 voix.", fr) == []


def test_seasons_decades_centuries(fr: Any) -> None:
    assert tags("Les prix montent en été.", fr) == [("été", "DATE", "XXXX-SU")]
    assert tags("Le projet a été lancé l'été 2019.", fr) == [("l'été 2019", "DATE", "2019-SU")]
    assert tags("Ce style date des années 80.", fr) == [("des années 80", "DATE", "198X")]
    assert tags("Le château fut bâti au XVIe siècle.", fr) == [("XVIe siècle", "DATE", "15XX")]


def test_spans_exclude_prepositions_and_match_text(fr: Any) -> None:
    text = "Depuis 2014, le groupe, fondé en mars 2010, a grandi."
    refs = tag_timexes(text, DCT, fr, article_id="a1")
    assert [r.mention.text for r in refs] == ["2014", "mars 2010"]
    assert all(text[r.mention.start:r.mention.end] == r.mention.text and r.mention.article == "a1" for r in refs)


def test_calendar_helpers() -> None:
    anchor = parse_anchor("2021-07-23T10:00:00")
    assert anchor.precision == "day"
    assert str(resolve_weekday(anchor, 5, "past", strict=True)) == "2021-07-16"
    assert resolve_year_of(parse_anchor("2002-02-09"), 9, 11, "past") == 2001
    assert parse_anchor("2021-07").precision == "month" and parse_anchor(None).precision is None


def test_tag_jsonl_writes_one_line_per_document(fr: Any, nlp: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "d1", "text": "Il est parti hier.", "dct": "1999-05-17"}) + "\n"
                   + json.dumps({"id": "d2", "text": "Rien.", "dct": None}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert tag_jsonl(src, out, fr, nlp=nlp) == 2
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"id": "d1", "timexes": [{"start": 13, "end": 17, "text": "hier", "type": "DATE",
                                                  "value": "1999-05-16"}]}
    assert lines[1] == {"id": "d2", "timexes": []}


@pytest.mark.shared
def test_timebank_dev_meets_targets(fr: Any, nlp: Any, shared: Path, tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("timeml_score", shared / "eval" / "timeml_score.py")
    assert spec is not None and spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    tml = shared / "eval" / "timebank" / "dev"
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": k, "text": t, "dct": d}, ensure_ascii=False) + "\n"
                           for k, (d, t, _g) in scorer.load_gold(str(tml)).items()), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    tag_jsonl(src, out, fr, nlp=nlp)
    results = scorer.score(str(tml), str(out))
    assert results["value"]["F1"] >= 0.90 and results["relaxed"]["F1"] >= 0.95


def test_anchored_days_and_weekday_with_day_number(fr: Any) -> None:
    assert tags("Le 3 mars, le club a perdu. La veille, il avait gagné.", fr) == [
        ("Le 3 mars", "DATE", "2021-03-03"), ("La veille", "DATE", "2021-03-02")]
    # 2021-06-12 is the Saturday numbered 12 nearest a DCT of 2021-07-23.
    assert tags("Le concert a eu lieu samedi 12.", fr) == [("samedi 12", "DATE", "2021-06-12")]


def test_clock_forms(fr: Any) -> None:
    assert tags("Tirs lancés mercredi à 1h30 (23 heures mardi, heure de Paris).", fr) == [
        ("mercredi", "DATE", "2021-07-21"), ("1h30", "TIME", "2021-07-21T01:30"),
        ("23 heures", "TIME", "2021-07-20T23:00"), ("mardi", "DATE", "2021-07-20")]
    assert tags("Dépêche du 27/09/2020 à 10:12.", fr)[1] == ("10:12", "TIME", "2020-09-27T10:12")
    assert tags("Il a dormi 23 heures.", fr) == [("23 heures", "DURATION", "PT23H")]
    assert tags("Le match s'est fini sur le score de 2:1.", fr) == []


def test_approximate_and_narrative_expressions(fr: Any) -> None:
    assert tags("Il vit ici depuis une vingtaine d'années.", fr) == [("une vingtaine d'années", "DURATION", "P20Y")]
    assert tags("Une femme d'une trentaine d'années est tombée.", fr) == []
    assert tags("Elle est arrivée en 1998. L'année suivante, elle a fondé sa société.", fr) == [
        ("1998", "DATE", "1998"), ("L'année suivante", "DATE", "1999")]
    assert tags("Les travaux débuteront en début de semaine.", fr) == [("début de semaine", "DATE", "2021-W29")]


def test_definite_weekday_is_habitual(fr: Any) -> None:
    assert tags("Le musée ouvre le mercredi et le samedi matin.", fr) == [
        ("le mercredi", "SET", "XXXX-WXX-3"), ("le samedi matin", "SET", "XXXX-WXX-6TMO")]


def test_live_blog_timestamps_are_on_the_publication_day(fr: Any) -> None:
    text = "Le sommet a commencé hier.\n14h05 : le ministre annonce la veille une trêve.\n"
    found = tags(text, fr)
    assert ("14h05", "TIME", "2021-07-23T14:05") in found


def test_weekday_picks_the_year_of_a_yearless_date(fr: Any) -> None:
    # 12 November is a Thursday in 2020, not in 2021.
    assert tags("La séance du jeudi 12 novembre a été annulée.", fr, "2021-02-01") == [
        ("jeudi 12 novembre", "DATE", "2020-11-12")]


def test_one_day_alone_is_not_a_duration(fr: Any) -> None:
    assert tags("Un jour viendra où tout changera.", fr) == []
    assert tags("La grève a duré pendant un jour.", fr) == [("un jour", "DURATION", "P1D")]


# --- families of issue 12 (DCT 2021-07-23, a Friday, unless said) ---------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Les commerces rouvriront pour Noël.", [("Noël", "DATE", "2021-12-25")]),
    ("Les cimetières seront fleuris pour la Toussaint.", [("la Toussaint", "DATE", "2021-11-01")]),
    ("Il avait promis un accord avant la Toussaint.", [("la Toussaint", "DATE", "2020-11-01")]),
    ("Le défilé du 14-Juillet s'est déroulé sous la pluie.", [("14-Juillet", "DATE", "2021-07-14")]),
    # Easter 2022 is 17 April (computus); Pentecost 2021 is 23 May, its Monday the 24th.
    ("La consultation s'achèvera à Pâques 2022.", [("Pâques 2022", "DATE", "2022-04-17")]),
    ("Le lundi de Pentecôte a été travaillé dans les hôpitaux.", [("Le lundi de Pentecôte", "DATE", "2021-05-24")]),
    ("Rendez-vous à Noël 2023, puis encore à Noël.", [("Noël 2023", "DATE", "2023-12-25"), ("Noël", "DATE", "2023-12-25")]),
])
def test_feasts_are_days_of_the_calendar(fr: Any, nlp: Any, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert parsed(text, fr, nlp) == expected


def test_easter_by_the_computus() -> None:
    from recoupe.read.timex.families import easter_sunday

    assert [str(easter_sunday(y)) for y in (2000, 2019, 2024, 2038)] == [
        "2000-04-23", "2019-04-21", "2024-03-31", "2038-04-25"]


@pytest.mark.parametrize(("text", "expected"), [
    ("La loi entrera en vigueur le premier septembre.", ("le premier septembre", "DATE", "2021-09-01")),
    ("La loi est entrée en vigueur le 1er juillet.", ("le 1er juillet", "DATE", "2021-07-01")),
    ("Le guichet a fermé le 17/07 sans préavis.", ("le 17/07", "DATE", "2021-07-17")),
    ("Les inscriptions seront ouvertes du 2/08 au 6/08.", ("2/08", "DATE", "2021-08-02")),
])
def test_first_of_the_month_and_numeric_days_without_year(fr: Any, nlp: Any, text: str,
                                                          expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp)[0] == expected


def test_a_fraction_is_not_a_date(fr: Any, nlp: Any) -> None:
    assert parsed("Les 3/4 des salariés ont voté la grève.", fr, nlp) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Le jugement sera rendu dans dix jours.", ("dans dix jours", "DATE", "2021-08-02")),
    ("Il quittera ses fonctions dans deux mois.", ("dans deux mois", "DATE", "2021-09")),
    ("Le chantier sera achevé dans trois ans.", ("dans trois ans", "DATE", "2024")),
    ("Le bâtiment a été vendu il y a trois ans.", ("il y a trois ans", "DATE", "2018")),
])
def test_in_and_ago_are_points_in_time(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le projet sera présenté en début d'année prochaine.", ("début d'année prochaine", "DATE", "2022")),
    ("Le bilan sera publié en fin d'année.", ("fin d'année", "DATE", "2021")),
    ("Le texte a été voté en fin d'année dernière.", ("fin d'année dernière", "DATE", "2020")),
    ("Les résultats tomberont en fin de mois.", ("fin de mois", "DATE", "2021-07")),
])
def test_parts_of_a_period_keep_the_period(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


def test_parts_of_the_year_follow_the_tense_across_new_year(fr: Any, nlp: Any) -> None:
    # Read in February, a past "fin d'année" is last year's.
    assert parsed("Les ventes ont chuté en fin d'année.", fr, nlp, "2021-02-10") == [("fin d'année", "DATE", "2020")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Il a plu ces trois derniers jours.", ("ces trois derniers jours", "DURATION", "P3D")),
    ("Les prix monteront les cinq prochaines années.", ("les cinq prochaines années", "DURATION", "P5Y")),
    ("Le trafic a doublé ces deux dernières semaines.", ("ces deux dernières semaines", "DURATION", "P2W")),
])
def test_last_and_next_n_units_are_durations(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le conseil se réunira à quinze heures.", ("quinze heures", "TIME", "2021-07-23T15:00")),
    ("Le train partira à huit heures et demie.", ("huit heures et demie", "TIME", "2021-07-23T08:30")),
    ("Le match commencera à vingt heures trente.", ("vingt heures trente", "TIME", "2021-07-23T20:30")),
    ("L'alerte a été donnée vers 8h du soir.", ("vers 8h du soir", "TIME", "2021-07-23T20:00")),
    ("Le cortège est parti à sept heures du matin.", ("sept heures du matin", "TIME", "2021-07-23T07:00")),
])
def test_clock_times_in_words_and_halves_of_the_day(fr: Any, nlp: Any, text: str,
                                                    expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize("text", [
    "Il a fallu deux heures de route pour arriver.",
    "Ils ont discuté pendant trois heures.",
])
def test_spelled_hours_that_measure_are_durations(fr: Any, nlp: Any, text: str) -> None:
    assert [k for _t, k, _v in parsed(text, fr, nlp)] == ["DURATION"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le vote aura lieu lundi en huit.", ("lundi en huit", "DATE", "2021-08-02")),
    ("Le verdict tombera jeudi en quinze.", ("jeudi en quinze", "DATE", "2021-08-12")),
    ("On se reverra aujourd'hui en huit.", ("aujourd'hui en huit", "DATE", "2021-07-30")),
])
def test_weekday_a_week_ahead(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # French TimeBank splits a day and its clock time: <TIMEX3>hier</TIMEX3> à <TIMEX3>10 h</TIMEX3>.
    ("Hier à 10 h, les délégués ont quitté la salle.", [("Hier", "DATE", "2021-07-22"), ("10 h", "TIME", "2021-07-22T10:00")]),
    ("Il est arrivé mardi vers 18 h.", [("mardi", "DATE", "2021-07-20"), ("vers 18 h", "TIME", "2021-07-20T18:00")]),
])
def test_a_day_and_its_clock_time_are_two_expressions(fr: Any, nlp: Any, text: str,
                                                      expected: list[tuple[str, str, str]]) -> None:
    assert parsed(text, fr, nlp) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Le feu a pris hier vers 15 h 30. À ce moment-là, l'atelier était vide.",
     ("ce moment-là", "TIME", "2021-07-22T15:30")),
    ("Le 3 juillet, la digue a cédé. Personne ne se trouvait là à ce moment là.",
     ("ce moment là", "DATE", "2021-07-03")),
])
def test_that_moment_points_back_to_the_last_one_told(fr: Any, nlp: Any, text: str,
                                                      expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp)[-1] == expected


def test_the_new_year_is_the_dct_year(fr: Any, nlp: Any) -> None:
    assert parsed("Les Français sont entrés dans la nouvelle année sans euphorie.", fr, nlp, "2002-01-02") == [
        ("la nouvelle année", "DATE", "2002")]


@pytest.mark.parametrize(("text", "expected"), [
    ("2019 a été une année noire pour le transport aérien.", [("2019", "DATE", "2019")]),
    ("Le budget 2022 prévoit des coupes dans la défense.", [("2022", "DATE", "2022")]),
    ("Les 2000 salariés du site ont cessé le travail.", []),
    ("Le candidat a obtenu 1998 voix au second tour.", []),
])
def test_bare_years_are_named_by_their_syntax(fr: Any, nlp: Any, text: str,
                                              expected: list[tuple[str, str, str]]) -> None:
    assert parsed(text, fr, nlp) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Les attentats du 11-Septembre 2001 ont changé la donne.", ("11-Septembre 2001", "DATE", "2001-09-11")),
    ("Les cérémonies du 8-Mai ont été annulées.", ("8-Mai", "DATE", "2021-05-08")),
])
def test_hyphenated_day_month_names_the_day(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Cette décennie sera celle de la transition.", ("Cette décennie", "DATE", "202X")),
    ("Au cours de la décennie précédente, les prix ont doublé.", ("la décennie précédente", "DATE", "201X")),
    ("Ce château des années soixante a été rasé.", ("des années soixante", "DATE", "196X")),
    ("Cette église du XIIe siècle a brûlé.", ("XIIe siècle", "DATE", "11XX")),
])
def test_decades_and_centuries(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le 3 mars, le club a perdu. Jeudi, il a gagné.", ("Jeudi", "DATE", "2021-03-04")),
    ("Le 10 mars, le stade était plein. Lundi, il était vide.", ("Lundi", "DATE", "2021-03-08")),
])
def test_month_dct_lets_the_story_date_a_weekday(fr: Any, nlp: Any, text: str,
                                                 expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp, "2021-03")[1] == expected


def test_month_dct_without_story_day_keeps_the_month(fr: Any, nlp: Any) -> None:
    assert parsed("Jeudi, le club a gagné.", fr, nlp, "2021-03") == [("Jeudi", "DATE", "2021-03")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Ces dernières années, la ville a beaucoup changé.", ("Ces dernières années", "DURATION", "PXY")),
    ("Les loyers grimperont les prochaines années.", ("les prochaines années", "DURATION", "PXY")),
    ("Comme par le passé, le maire a tranché seul.", ("par le passé", "TIME", "PAST_REF")),
    ("En ce moment, les stocks sont bas.", ("En ce moment", "TIME", "PRESENT_REF")),
])
def test_vague_stretches_and_references(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    # The night is dated by the day it ends on (2021-07-20 is a Tuesday).
    ("Dans la nuit de lundi à mardi, un incendie a ravagé l'entrepôt.",
     ("la nuit de lundi à mardi", "TIME", "2021-07-20TNI")),
    ("Des tirs ont retenti dans la nuit de mardi à mercredi 7 juillet.",
     ("la nuit de mardi à mercredi 7 juillet", "TIME", "2021-07-07TNI")),
])
def test_night_between_two_days(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le 3 juillet, il a été arrêté. Trois jours plus tard, il était libre.",
     ("Trois jours plus tard", "DATE", "2021-07-06")),
    ("Le 3 juillet, il a été arrêté. Deux ans auparavant, il avait fui.", ("Deux ans auparavant", "DATE", "2019")),
    ("Le 3 juillet, la digue a cédé. Deux semaines plus tôt, un expert avait alerté.",
     ("Deux semaines plus tôt", "DATE", "2021-W24")),
])
def test_amounts_later_or_earlier_count_from_the_story(fr: Any, nlp: Any, text: str,
                                                        expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp)[1] == expected


@pytest.mark.parametrize("text", [
    "Il est mort deux jours après.",  # nothing dated before: only the duration is known
    "Trois jours après l'attaque, le suspect a été arrêté.",  # counted from an event, not a date
])
def test_amounts_later_without_a_story_day_stay_durations(fr: Any, nlp: Any, text: str) -> None:
    assert [k for _t, k, _v in parsed(text, fr, nlp)] == ["DURATION"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Au premier trimestre 2020, les ventes ont chuté.", ("premier trimestre 2020", "DATE", "2020-Q1")),
    ("Le troisième trimestre sera décisif.", ("Le troisième trimestre", "DATE", "2021-Q3")),
])
def test_ordinal_quarters_and_halves(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


def test_ordinal_period_still_to_come_told_in_the_past_is_last_years(fr: Any, nlp: Any) -> None:
    assert parsed("Le bénéfice a doublé au second semestre.", fr, nlp, "2021-03-10") == [
        ("second semestre", "DATE", "2020-H2")]
    assert parsed("Le bénéfice doublera au second semestre.", fr, nlp, "2021-03-10") == [
        ("second semestre", "DATE", "2021-H2")]


def test_last_night_is_the_eve(fr: Any, nlp: Any) -> None:
    assert parsed("La nuit dernière, la neige est tombée.", fr, nlp) == [("La nuit dernière", "TIME", "2021-07-22TNI")]


@pytest.mark.parametrize(("text", "dct", "value"), [
    # 2020-01-15 is a Wednesday: near the DCT the written weekday is a slip, the year stays.
    ("Le New York Times a publié mardi 15 janvier une vidéo.", "2020-01-16", "2020-01-15"),
    ("Les résultats seront connus jeudi 14 janvier.", "2020-01-10", "2020-01-14"),
    # Far from the DCT the weekday tells the year: 12 November was a Thursday in 2020, not 2021.
    ("Le traité a été signé jeudi 12 novembre.", "2021-07-23", "2020-11-12"),
])
def test_weekday_moves_the_year_only_far_from_the_dct(fr: Any, nlp: Any, text: str, dct: str, value: str) -> None:
    assert [v for _t, _k, v in parsed(text, fr, nlp, dct)] == [value]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le pont a été testé il y a une dizaine de jours.", ("il y a une dizaine de jours", "DATE", "2021-07-13")),
    ("Il y a une quinzaine d'années, le quartier était désert.", ("Il y a une quinzaine d'années", "DATE", "2006")),
])
def test_ago_with_a_round_amount(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp) == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Janvier a été le mois le plus froid depuis dix ans.", ("Janvier", "DATE", "2021-01")),
    ("Le bilan de février est très lourd.", ("février", "DATE", "2021-02")),
])
def test_bare_months_named_by_their_syntax(fr: Any, nlp: Any, text: str, expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp, "2021-03-10")[0] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("L'élection présidentielle est prévue en novembre.", ("novembre", "DATE", "2020-11")),
    ("Le scrutin, programmé le 3 novembre, sera serré.", ("le 3 novembre", "DATE", "2020-11-03")),
])
def test_a_scheduled_date_lies_ahead_however_far(fr: Any, nlp: Any, text: str,
                                                 expected: tuple[str, str, str]) -> None:
    assert parsed(text, fr, nlp, "2020-01-03") == [expected]


@pytest.mark.parametrize("text", [
    "Noël Mamère a quitté le parti écologiste.",
    "Le lycée Toussaint Louverture a fermé ses portes.",
])
def test_feast_names_used_as_first_names_are_not_dates(fr: Any, nlp: Any, text: str) -> None:
    assert parsed(text, fr, nlp) == []


@pytest.mark.parametrize("text", [
    "Le Conseil de sécurité a adopté la résolution 1973 à une large majorité.",
    "Selon l'article 1240 du Code civil, le fautif doit réparer le dommage.",
    "Les passagers du vol 2014 ont été évacués sans incident.",
    "L'amendement 1999 a été rejeté par les sénateurs.",
    "Les frappes s'appuient sur les résolutions 1970 et 1973 du Conseil de sécurité.",
    "Les articles 1240, 1241 et 1242 fondent la responsabilité civile.",
])
def test_a_number_that_identifies_a_numbered_thing_is_no_year(nlp: Any, fr: Any, text: str) -> None:
    assert [v for _, _, v in tags_parsed(text, fr, nlp) if re.fullmatch(r"\d{4}", v)] == []


@pytest.mark.parametrize(("text", "year"), [
    ("La loi de 1905 sépare les Églises et l'État.", "1905"),
    ("Le budget 2020 a été voté en décembre.", "2020"),
    ("Le chômage a baissé entre 2015 et 2019 dans la région.", "2019"),
])
def test_a_year_after_a_preposition_or_an_ordinary_noun_stays_a_year(nlp: Any, fr: Any, text: str, year: str) -> None:
    assert year in [v for _, _, v in tags_parsed(text, fr, nlp)]


def tags_parsed(text: str, fr: Any, nlp: Any) -> list[tuple[str, str, str]]:
    """(span text, type, value) of every expression found, with the parse as analyze gives it."""
    return [(r.mention.text, r.type, r.value) for r in tag_timexes(text, DCT, fr, doc=nlp(text))]
