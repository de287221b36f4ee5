"""Tests for recoupe.clean.metadata: publication date + precision, source, title and credits, on lines written here."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoupe.clean.metadata import (
    Metadata,
    PartialDate,
    combine_dates,
    find_metadata,
    find_metadata_on,
    find_source_domain,
    find_url_date,
    load_patterns,
)

TODAY = dt.date(2024, 6, 1)
BODY = ("Le gouvernement a présenté mardi un plan de réforme des retraites très contesté par les syndicats, "
        "qui appellent à une journée de grève nationale dans les transports et les écoles du pays entier.")


def meta(fr: Any, text: str, url: str | None = None) -> Metadata:
    return find_metadata_on(text, url, fr, TODAY)


def removed(text: str, m: Metadata) -> list[tuple[str, str]]:
    return [(text[a:b], why) for a, b, why in m.consumed]


# --- datelines -------------------------------------------------------------------------------------

def test_numeric_dateline_with_update_gives_first_date_and_consumes_line(fr: Any) -> None:
    text = f"Économie\n\n12.03.2019 - Mise à jour : 13.03.2019\nLa réforme avance\n\n{BODY}\n"
    m = meta(fr, text)
    assert (m.published, m.precision, m.basis) == ("2019-03-12", "day", "dateline")
    assert ("12.03.2019 - Mise à jour : 13.03.2019\n", "dateline") in removed(text, m)


def test_dateline_with_counter_prefix_and_dotless_i(fr: Any) -> None:
    text = f"Monde\n\n2 17  | 05.11.2020 - Mıse À Jour : 06.11.2020\n{BODY}\n"
    m = meta(fr, text)
    assert m.published == "2020-11-05"
    assert removed(text, m) == [("2 17  | 05.11.2020 - Mıse À Jour : 06.11.2020\n", "dateline")]


def test_published_on_textual_date_with_time(fr: Any) -> None:
    m = meta(fr, f"Publié le 4 mai 2018 à 09h30\n\n{BODY}")
    assert (m.published, m.precision) == ("2018-05-04", "day")


def test_update_only_dateline_is_used(fr: Any) -> None:
    assert meta(fr, f"Mis à jour le 6 mai 2018\n{BODY}").published == "2018-05-06"


def test_publication_beats_later_update_on_one_line(fr: Any) -> None:
    m = meta(fr, f"le 30.10.2011 à 20h15, mis à jour le 31.10.2011 à 08h00\n{BODY}")
    assert m.published == "2011-10-30"


def test_short_year_after_marker(fr: Any) -> None:
    assert meta(fr, f"Publié le 17/04/11 à 00h00\n{BODY}").published == "2011-04-17"


def test_lone_date_line_at_top(fr: Any) -> None:
    text = f"Les syndicats durcissent le ton face à la réforme\n\n3 février 2017\n\n{BODY}\n"
    m = meta(fr, text)
    assert (m.published, m.precision) == ("2017-02-03", "day")
    assert ("3 février 2017\n", "dateline") in removed(text, m)


def test_date_in_prose_is_not_a_dateline(fr: Any) -> None:
    text = ("Un rapport publié le 5 juin 2019 par la Cour des comptes critique la gestion des hôpitaux "
            "publics et recommande une refonte complète du financement.\n")
    m = meta(fr, text)
    assert m.precision != "day"
    assert not [r for r in removed(text, m) if r[1] == "dateline"]


def test_date_far_down_the_body_is_not_publication(fr: Any) -> None:
    filler = "\n".join(f"{BODY} Paragraphe {i}." for i in range(12))
    text = f"{filler}\nLe 3 mars 2019 avait eu lieu une première manifestation.\n"
    m = meta(fr, text.replace("mardi", "hier"))  # no weekday: no month guess either
    assert m.published is None


def test_stamp_below_a_long_menu(fr: Any) -> None:
    menu = "\n".join(f"Rubrique numéro {i}" for i in range(18))
    text = f"{menu}\nPar Jeanne Martin Publié le 2 avril 2016 à 10h00 - Mis à jour le 3 avril 2016 à 08h12\n{BODY}"
    m = meta(fr, text)
    assert m.published == "2016-04-02"
    assert ("Publié le 2 avril 2016 à 10h00", "dateline") in removed(text, m)


def test_photo_caption_date_is_not_publication(fr: Any) -> None:
    text = f"Des manifestants devant la préfecture. Photo Paul Durand (27/04/2011).\n{BODY.replace('mardi', 'hier')}"
    assert meta(fr, text).published is None


def test_wire_bullet_stamp_in_a_long_line(fr: Any) -> None:
    text = ("Connectez-vous pour lire la suite. Le fret ferroviaire repart Reuters • 14/02/2022 à 11:05\n\n"
            f"LYON, 14 février (Reuters) - {BODY}\n")
    m = meta(fr, text)
    assert m.published == "2022-02-14"
    assert "Reuters" in m.credits
    assert ("Reuters • 14/02/2022 à 11:05", "dateline") in removed(text, m)
    assert ("LYON, 14 février (Reuters) - ", "wire dateline") in removed(text, m)


# --- header ----------------------------------------------------------------------------------------

def test_date_header_gives_month_and_title(fr: Any) -> None:
    text = f" date 2021-07 Les cheminots reconduisent la grève pour une semaine\n\n{BODY}\n"
    m = meta(fr, text)
    assert (m.published, m.precision, m.basis) == ("2021-07", "month", "header")
    assert m.consumed[0] == (0, len(" date 2021-07 "), "date header")
    assert m.title == "Les cheminots reconduisent la grève pour une semaine"
    assert m.title_span is not None and text[m.title_span[0]:m.title_span[1]] == m.title


def test_date_header_on_a_body_line_is_no_title(fr: Any) -> None:
    m = meta(fr, f" date 2021-07 {BODY}\n\nLa suite du texte.\n")
    assert m.published == "2021-07"
    assert m.title is None


def test_header_and_agreeing_url_give_the_day(fr: Any) -> None:
    m = meta(fr, f" date 2020-06 {BODY}", "https://www.exemple-info.fr/monde/2020/06/11/un-titre-invente")
    assert (m.published, m.precision, m.basis) == ("2020-06-11", "day", "header+url")


def test_header_wins_over_conflicting_url(fr: Any) -> None:
    m = meta(fr, f" date 2020-06 {BODY}", "https://www.exemple-info.fr/2019/12/01/autre-chose")
    assert (m.published, m.precision) == ("2020-06", "month")


def test_yearless_update_stamp_completed_by_url(fr: Any) -> None:
    text = f"Dernière mise à jour à 09h15 le 30/09\n{BODY}\n"
    m = meta(fr, text, "http://french.exemple.com.cn/International/n3/2020/0930/c1-99.html")
    assert (m.published, m.basis) == ("2020-09-30", "url+dateline")
    assert removed(text, m) == [("Dernière mise à jour à 09h15 le 30/09\n", "dateline")]


def test_combine_keeps_text_anchor() -> None:
    date, basis = combine_dates(PartialDate(2021, 7), PartialDate(2021, 7, 23), PartialDate(2021, 8, 2), [])
    assert date == PartialDate(2021, 7, 23) and basis == "header+dateline"


# --- URL -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "iso"), [
    ("https://www.exemple.fr/planete/2020/01/05/un-sujet_1771", "2020-01-05"),
    ("https://www.exemple.com/fr/20200611-un-sujet", "2020-06-11"),
    ("https://fr.exemple.africa/international/20200927/1044486930/un-sujet.html", "2020-09-27"),
    ("https://www.exemple.ca/international/2021-01-15/armee/un-sujet.php", "2021-01-15"),
    ("https://www.exemple.fr/2021/07/27/un-sujet/", "2021-07-27"),
    ("http://www.exemple-actualite.com/2021/04/un-sujet.html", "2021-04"),
    ("https://fr.exemple.com/international/202010101044554858-un-sujet/", "2020-10-10"),
    ("http://french.exemple.com.cn/International/n3/2020/1117/c31356-97.html", "2020-11-17"),
    ("https://www.exemple.be/international/un-sujet-602eb89a7b50a62acf0d0d8d", "2021-02-18"),  # ObjectId time
])
def test_url_dates(url: str, iso: str) -> None:
    d = find_url_date(url, TODAY)
    assert d is not None and d.iso == iso


@pytest.mark.parametrize("url", [
    "http://www.exemple.lu/fr/news/monde/story/20174227",  # month 42
    "https://www.exemple.fr/international/un-sujet-3990721",
    "https://www.exemple.fr/article/1044486930/",  # year 1044
    "https://www.exemple.fr/3000/01/01/futur",  # implausible year
    "https://www.exemple.fr/2030/01/01/futur",  # plausible year, but after today
    "https://www.exemple.fr/2021/02/30/pas-un-jour",  # no 30 February
    "https://www.exemple.com/bourse/un-sujet-1320e858659846e97777bbd09f980145",  # 32 hex: not an ObjectId
    "https://exemple-dz.net/?p=2574",
])
def test_implausible_url_numbers_rejected(url: str) -> None:
    assert find_url_date(url, TODAY) is None


@pytest.mark.parametrize(("url", "domain"), [
    ("https://fr.sputniknews.africa/a/b", "sputniknews.africa"),
    ("https://www.lalibre.be/x", "lalibre.be"),
    ("http://french.peopledaily.com.cn/International/n3/x.html", "peopledaily.com.cn"),
    ("https://francais.rt.com/international/1-x", "rt.com"),
    ("https://www.staging.libe.io/planete/x", "libe.io"),
    ("https://news.bbc.co.uk/x", "bbc.co.uk"),
    ("www.exemple.fr/x", "exemple.fr"),
])
def test_source_domain(fr: Any, url: str, domain: str) -> None:
    assert find_source_domain(url, load_patterns(fr)) == domain


def test_url_source_wins_over_credit_but_credit_is_listed(fr: Any) -> None:
    m = meta(fr, f"{BODY} (Belga)", "https://www.exemple.be/depeches/belga/un-sujet")
    assert m.source == "exemple.be"
    assert m.credits == ["Belga"]


# --- credits ---------------------------------------------------------------------------------------

def test_belga_credit_at_end(fr: Any) -> None:
    text = f"{BODY} (Belga)\n"
    m = meta(fr, text)
    assert (m.source, m.credits) == ("Belga", ["Belga"])
    assert removed(text, m) == [(" (Belga)", "credit")]


def test_belga_credit_at_start(fr: Any) -> None:
    text = f"(Belga) {BODY}\n"
    m = meta(fr, text)
    assert m.source == "Belga"
    assert removed(text, m) == [("(Belga) ", "credit")]


def test_anadolu_city_line(fr: Any) -> None:
    text = f"Un titre inventé pour le test ici\n\nAA / Ankara\n\n{BODY}\n"
    m = meta(fr, text)
    assert (m.source, m.credits) == ("Anadolu", ["Anadolu"])
    assert ("AA / Ankara\n", "credit") in removed(text, m)


def test_agency_dateline_at_paragraph_start(fr: Any) -> None:
    text = f"MARSEILLE (AFP) - {BODY}\n"
    m = meta(fr, text)
    assert m.source == "AFP"
    assert removed(text, m) == [("MARSEILLE (AFP) - ", "wire dateline")]


def test_related_link_credit(fr: Any) -> None:
    text = f"{BODY}\n\nAussi sur rt.com\n\nUn autre article sans rapport\n"
    m = meta(fr, text)
    assert m.source == "RT"
    assert ("Aussi sur rt.com\n", "credit") in removed(text, m)


def test_byline_outlet(fr: Any) -> None:
    assert meta(fr, f"Un titre inventé pour le test ici\nPar   L'Obs\n{BODY}").source == "L'Obs"


def test_photo_credit_is_not_the_source(fr: Any) -> None:
    text = f"Le ministre à la tribune. Photo d'archives AFP.\n\nUn policier en faction (AFP)\n\n{BODY}\n"
    m = meta(fr, text)
    assert m.source is None and m.credits == []


def test_acronym_in_prose_is_not_a_credit(fr: Any) -> None:
    m = meta(fr, "L'agence Associated Press (AP) a interrogé plusieurs témoins sur place hier soir.\n")
    assert m.credits == []


# --- title -----------------------------------------------------------------------------------------

def test_repeated_title_after_navigation(fr: Any) -> None:
    title = "Le gouvernement présente son plan de réforme des retraites"
    text = f"Rechercher\nRechercher\n\nDernières Infos - France\n\n{title}\n\n{title}\n\n{BODY}\n"
    m = meta(fr, text)
    assert m.title == title
    assert m.title_span == (text.index(title), text.index(title) + len(title))


def test_section_labels_and_bullets_are_not_titles(fr: Any) -> None:
    title = "Retraites : les syndicats appellent à une grève nationale"
    text = f"Catégories\nActualité France\n\n- Les transports seront perturbés\n\n{title}\n\n{BODY}\n"
    assert meta(fr, text).title == title


def test_teaser_for_another_article_is_not_the_title(fr: Any) -> None:
    text = f"Le festival de jazz bat son record de spectateurs\n\n{BODY}\n"
    assert meta(fr, text).title is None


def test_body_first_means_no_title(fr: Any) -> None:
    text = f"{BODY}\n\nLes syndicats réclament le retrait du plan de réforme des retraites\n\n{BODY}\n"
    assert meta(fr, text).title is None


# --- inference -------------------------------------------------------------------------------------

def test_month_inferred_from_latest_full_date(fr: Any) -> None:
    text = (f"{BODY}\n\nLes discussions reprendront lundi, après la rencontre du 24 juillet 2021.\n"
            "Le précédent accord datait du 2 mars 2019. La mission doit finir en décembre 2021.\n")
    m = meta(fr, text)
    assert (m.published, m.precision, m.basis) == ("2021-07", "month", "inferred")


def test_no_inference_when_a_later_year_is_mentioned(fr: Any) -> None:
    text = f"{BODY}\n\nLundi, le ministre a rappelé l'accord du 24 juillet 2015, resté lettre morte en 2018.\n"
    assert meta(fr, text).published is None


def test_no_inference_from_a_future_date(fr: Any) -> None:
    text = f"{BODY}\n\nLundi, le ministre a annoncé un sommet le 12 octobre 2030.\n"
    assert meta(fr, text).published is None


# --- the lead's weekday-dated day ---------------------------------------------------------------------

@pytest.mark.parametrize(("lead", "iso"), [
    # 2022-03-15 is a Tuesday; the article names 2022, so the year is the nearest that fits.
    ("Les négociateurs se sont retrouvés mardi 15 mars à Genève, pour la première fois depuis 2021.", "2022-03-15"),
    ("Mardi 15 mars, en fin de journée, le tribunal a rendu son jugement. Le procès s'était ouvert en 2022.",
     "2022-03-15"),
    # 2019-12-01 is a Sunday: "1er" is the first day of the month.
    ("Les électeurs se rendaient aux urnes ce dimanche 1er décembre, un an après le scrutin de 2018.", "2019-12-01"),
    # A plan's year ("d'ici 2023") does not hide the year of the news (2020-07-09 is a Thursday).
    ("Le chantier, lancé en 2019, doit finir d'ici 2023, a redit le ministre jeudi 9 juillet.", "2020-07-09"),
])
def test_lead_weekday_day_gives_the_publication_day(fr: Any, lead: str, iso: str) -> None:
    m = meta(fr, f"{lead}\n\n{BODY}\n")
    assert (m.published, m.precision, m.basis) == (iso, "day", "lead")


def test_lead_weekday_day_without_any_year_gives_no_date(fr: Any) -> None:
    assert meta(fr, f"Les pompiers sont intervenus mardi 15 mars dans la nuit.\n\n{BODY}\n").published is None


def test_lead_weekday_that_fits_no_year_near_the_article_gives_no_date(fr: Any) -> None:
    # 15 March is a Tuesday in 2022, not in 2019 to 2021 (nor 2018): the weekday contradicts the years named.
    text = f"En 2020, le conseil a voté le budget. Il s'est réuni mardi 15 mars.\n\n{BODY}\n"
    assert meta(fr, text).published is None


def test_lead_day_does_not_narrow_a_month_from_the_url(fr: Any) -> None:
    text = f"Le ministre a présenté vendredi 11 mars un plan chiffré pour 2022.\n\n{BODY}\n"
    m = meta(fr, text, "https://exemple.fr/politique/2022/03/plan-ministre")
    assert (m.published, m.basis) == ("2022-03", "url")


def test_find_metadata_uses_today(fr: Any) -> None:
    m = find_metadata(f"Publié le 4 mai 2018 à 09h30\n{BODY}", None, fr)
    assert m.published == "2018-05-04"


# --- the shared corpora, when present ------------------------------------------------------------

def test_seeds(fr: Any, shared: Path) -> None:
    seeds = {p.name[:3]: p.read_text(encoding="utf-8") for p in (shared / "corpus" / "seeds").glob("*.txt")}
    got = {k: find_metadata(t, None, fr) for k, t in seeds.items()}
    assert (got["002"].published, got["002"].precision) == ("2021-07-23", "day")
    assert got["000"].precision in ("day", "month") and str(got["000"].published).startswith("2021-07")
    assert got["004"].precision in ("day", "month") and str(got["004"].published).startswith("2021-07")
    assert (got["000"].source, got["002"].source, got["004"].source) == ("Belga", "Anadolu", "RT")
    assert got["001"].source is None  # only a photo is credited to AFP
    for m in got.values():
        assert all(a < b for a, b, _ in m.consumed)


def test_dev_published_and_source_accuracy(fr: Any, shared: Path) -> None:
    dev = shared / "eval" / "dev"
    gold = {r["id"]: r for r in map(json.loads, (dev / "articles.jsonl").open(encoding="utf-8"))}
    ok = total = src = 0
    for row in map(json.loads, (dev / "input.jsonl").open(encoding="utf-8")):
        m = find_metadata(row["text"], row.get("url"), fr)
        g = gold[row["id"]]
        src += m.source == g["source"]
        if g["published"]:
            total += 1
            ok += m.published is not None and m.published[:len(g["published"])] == g["published"]
    assert ok / total >= 0.9
    assert src / len(gold) >= 0.9


def test_update_stamp_yields_to_url(fr: Any) -> None:
    m = meta(fr, f"Mis à jour le 10 janvier 2013\n{BODY}", "https://www.exemple.fr/2011/08/29/un-sujet")
    assert m.published == "2011-08-29"


def test_numeric_date_in_a_lead_paragraph_is_not_a_stamp(fr: Any) -> None:
    text = f"{BODY} Le décret du 12/03/2020 prévoit un report de deux ans pour les carrières longues.\n"
    assert meta(fr, text.replace("mardi", "hier")).published is None


PIECES = [*"aé Z09/.-:|()•\n", "Publié le ", " juin ", "(AFP)", " date 2020-05 ", "Mis à jour", "AA / Paris", "2021"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_never_fails_and_spans_are_sane(text: str) -> None:
    from recoupe.lang import load_language

    m = find_metadata_on(text, "https://www.exemple.fr/2020/05/03/x", load_language("fr"), TODAY)
    assert all(0 <= a < b <= len(text) for a, b, _ in m.consumed)
    if m.title_span:
        assert text[m.title_span[0]:m.title_span[1]] == m.title
    assert m.published is None or m.precision in ("day", "month", "year")


def test_overlapping_spans_are_merged(fr: Any) -> None:
    text = f"(AFP) 12 juin 2020\n{BODY}\n"
    m = meta(fr, text)
    assert m.published == "2020-06-12"
    assert m.consumed == [(0, len("(AFP) 12 juin 2020\n"), "dateline")]
