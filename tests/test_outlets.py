"""Outlets and wires: who published an article, which wire it carries, and how sources are counted."""

from __future__ import annotations

import pytest

from recoupe.clean import clean_article, clean_raw_text
from recoupe.clean.outlets import independent_voice, outlet_label
from recoupe.lang import load_language
from recoupe.records import Article

BODY = ("Le gouvernement a annoncé mardi un plan de reconstruction des routes du nord du pays, "
        "après les inondations qui ont coupé plusieurs villages pendant trois semaines. ")


@pytest.fixture(scope="module")
def fr():  # type: ignore[no-untyped-def]
    return load_language("fr")


def outlet_of(text: str, fr, url: str | None = None) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    """(source, wire) the cleaner finds for a raw page."""
    _, _, meta = clean_raw_text(text, url, fr)
    return meta.source, meta.wire


@pytest.mark.parametrize("page, outlet", [
    # A masthead line above the headline.
    ("Boutique le Point\nDes routes rouvertes dans le nord après les inondations\n" + BODY * 3, "Le Point"),
    # Footer prompts below the report.
    ("Des routes rouvertes dans le nord après les inondations\n" + BODY * 3 + "\nSuivez Le Monde\nNewsletters",
     "Le Monde"),
    # A copyright notice, even inside a long consent line, with a no-break space in the name.
    ("Des routes rouvertes dans le nord\n" + BODY * 3 + "\nRéglages © Copyright 20\u00a0Minutes - la fréquentation"
     " de ce site est mesurée chaque mois par un organisme indépendant de contrôle", "20 Minutes"),
    # A group's name for its own sites.
    ("Les sites du Groupe Figaro\nDes routes rouvertes dans le nord\n" + BODY * 3, "Le Figaro"),
])
def test_a_page_names_its_publisher_in_its_furniture(page: str, outlet: str, fr) -> None:  # type: ignore[no-untyped-def]
    assert outlet_of(page, fr) == (outlet, None)


@pytest.mark.parametrize("line", [
    "Une journaliste de Al Jazeera écrit :",
    "Le Monde a recueilli ce récit :",
    "Le Parisien a publié ce témoignage :",
])
def test_a_line_introducing_a_quotation_names_no_publisher(line: str, fr) -> None:  # type: ignore[no-untyped-def]
    page = "Des routes rouvertes dans le nord\n" + BODY * 2 + "\n" + line + "\n« Nous avons tout perdu. »"
    assert outlet_of(page, fr) == (None, None)


def test_the_url_outlet_stands_and_the_signed_wire_is_kept_apart(fr) -> None:  # type: ignore[no-untyped-def]
    page = "Des routes rouvertes dans le nord\n(Belga) " + BODY * 3 + "\nSuivez Le Monde"
    assert outlet_of(page, fr, url="https://www.exemple-info.be/monde/routes") == ("exemple-info.be", "Belga")


@pytest.mark.parametrize("page", [
    "Des routes rouvertes\nTRIPOLI (Reuters) - " + BODY * 3,
    "Des routes rouvertes\n" + BODY * 3 + "(Reuters)",
])
def test_a_wire_dispatch_with_no_other_outlet_is_the_wire_s_own(page: str, fr) -> None:  # type: ignore[no-untyped-def]
    assert outlet_of(page, fr) == ("Reuters", None)


def test_a_wire_copy_on_a_named_outlet_is_that_wire_via_the_outlet(fr) -> None:  # type: ignore[no-untyped-def]
    page = "Boutique le Point\nDes routes rouvertes\n" + BODY * 3 + "(AFP)"
    source, wire = outlet_of(page, fr)
    assert (source, wire) == ("Le Point", "AFP")
    assert outlet_label(source, wire) == "AFP, via Le Point"


@pytest.mark.parametrize("body", [
    "Le Conseil national de transition (CNT) a pris Syrte. Ses chefs veulent des garanties.\n"
    "« Nous voulons des garanties » (CNT)\n",
    "Le Comité de défense des villages (CDV) a demandé des vivres.\n« Il nous faut de l'eau » (CDV)\n",
])
def test_an_acronym_the_article_defines_credits_a_body_not_a_wire(body: str, fr) -> None:  # type: ignore[no-untyped-def]
    source, wire = outlet_of("Des routes rouvertes\n" + BODY * 2 + body, fr)
    assert source is None and wire is None


def test_an_unknown_agency_signing_a_paragraph_is_still_a_wire(fr) -> None:  # type: ignore[no-untyped-def]
    assert outlet_of("Des routes rouvertes\n" + BODY * 3 + "(KUNA)", fr) == ("KUNA", None)


def test_an_article_given_its_outlet_still_gets_its_wire(fr) -> None:  # type: ignore[no-untyped-def]
    article = Article(id="a1", raw_text="Des routes rouvertes\n(Belga) " + BODY * 3, source="journal.be")
    cleaned = clean_article(article, fr)
    assert (cleaned.source, cleaned.wire) == ("journal.be", "Belga")


def test_labels_and_voices() -> None:
    assert outlet_label("rtl.be", "Belga") == "Belga, via rtl.be"
    assert outlet_label("rtl.be", None) == "rtl.be"
    assert outlet_label(None, None) == "unknown source"
    # Two outlets carrying one wire speak with one voice; unknown outlets are one group, never their ids.
    assert independent_voice("rtl.be", "Belga") == independent_voice("lalibre.be", "Belga") == "Belga"
    assert independent_voice(None, None) == "unknown source"
