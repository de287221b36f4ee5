"""Page furniture out before reading: stamp lines below the header, and photo captions with their credit.

The sentences are written for these tests; the facts in them are made up.
"""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.clean import clean_raw_text

TITLE = "Les pêcheurs du port bloquent la criée pour la troisième journée"
OPENING = ("Les pêcheurs du port ont bloqué mercredi l'accès à la criée pour protester contre la hausse du prix "
           "du gazole, a indiqué le syndicat de la profession dans un communiqué.")
# Enough reporting above the line under test to put it below the header zone, where metadata reads stamps.
BODY = [
    "Une centaine de bateaux sont restés à quai, selon la capitainerie, qui évalue la perte de la journée à "
    "plusieurs dizaines de tonnes de poisson non débarqué.",
    "Les mareyeurs, privés de marchandise, ont dû renvoyer leurs clients vers d'autres ports de la côte, où les "
    "cours ont nettement grimpé depuis lundi.",
    "Le syndicat réclame une aide d'urgence de l'État et un plafonnement du prix du carburant pour les navires "
    "de moins de douze mètres, les plus touchés.",
    "La ministre de la Mer a promis d'examiner la demande, sans s'engager sur un calendrier, lors d'un "
    "déplacement dans un autre port mardi.",
    "Plusieurs élus de la région ont apporté leur soutien aux marins, rappelant que la pêche fait vivre des "
    "centaines de familles sur ce littoral.",
    "Des barrages filtrants ont aussi été installés à l'entrée de la zone portuaire, où seuls les véhicules de "
    "secours étaient autorisés à passer.",
    "Les transporteurs routiers venus charger le poisson ont attendu plusieurs heures avant de repartir à vide "
    "vers les plateformes de distribution de l'intérieur du pays.",
    "Un mouvement semblable avait paralysé les ports de la façade atlantique pendant une semaine il y a "
    "quatre ans, avant un accord sur une aide temporaire.",
]
CLOSING = ("Le préfet a proposé de recevoir une délégation jeudi, une offre que les représentants des marins "
           "ont jugée insuffisante tant que le prix du carburant ne baisse pas.")


def clean_with(line: str, fr: Any) -> tuple[str, list[str], str | None]:
    """Clean a page whose body holds `line` between two paragraphs: clean text, removal reasons, published."""
    body = "\n\n".join([OPENING, *BODY])
    text = f"{TITLE}\nPublié le 12 mars 2014 à 09h30\n\n{body}\n\n{line}\n\n{CLOSING}\n"
    clean, edits, meta = clean_raw_text(text, None, fr)
    return clean, [e.reason for e in edits if e.kind == "removed" and line.strip() in e.original], meta.published


@pytest.mark.parametrize("stamp", [
    "— 4 février 2013 — Temps de lecture : 3 min",
    "Publié le 02/09/2012 à 18h05",
    "Mis à jour le 7 janvier 2012 à 11h20",
    "Temps de lecture : 6 minutes",
    "8 octobre 2012 | Temps de lecture 2 min.",
])
def test_a_stamp_line_below_the_header_goes(fr: Any, stamp: str) -> None:
    clean, reasons, published = clean_with(stamp, fr)
    assert stamp.strip(" .") not in clean
    assert reasons == ["page stamp"]
    assert published == "2014-03-12"  # the header's stamp is still the page's date


@pytest.mark.parametrize("line", [
    "Mardi 11 mars",  # a live page's day heading: a date with no furniture
    "Le rapport publié le 3 février 2014 sera débattu au conseil municipal le mois prochain.",
    "Lors de la réunion du 3 février 2014, le maire a annoncé la réouverture du marché couvert.",
])
def test_a_date_in_the_report_stays(fr: Any, line: str) -> None:
    clean, reasons, _ = clean_with(line, fr)
    assert line in clean and reasons == []


@pytest.mark.parametrize("caption", [
    "(Un chalutier à quai dans le port, le 11 mars, Jeanne Morel / Reuters)",
    "(Des marins devant la criée, le 10 mars, AFP)",
    "(Le port vu de la jetée, Paul Girard / AFP)",
    "Les bateaux sont restés amarrés toute la journée. Photo AFP",
    "Le maire de la ville en 2010 (photo archives Reuters)",
    "Les chalutiers les plus anciens du port (illustration, AFP)",
    "Des marins déchargent leurs caisses sur le quai du port de pêche, le 11 mars. REUTERS/Jeanne Morel",
    "Photo : le port de pêche au petit matin.",
    "La criée fermée au public. AFP PHOTO/Jean Dubois",
])
def test_a_photo_caption_with_its_credit_goes(fr: Any, caption: str) -> None:
    clean, reasons, _ = clean_with(caption, fr)
    assert clean == "\n\n".join([TITLE, OPENING, *BODY, CLOSING])
    assert reasons == ["photo caption"]


@pytest.mark.parametrize("line", [
    "(Avec AFP et Reuters)",
    "(Avec AFP, AP et Reuters)",
    "Les pêcheurs ont montré une photo du bateau saisi par les garde-côtes, selon Reuters.",
    "Selon un photographe de l'AFP, une centaine de bateaux restaient à quai jeudi matin.",
])
def test_a_credit_of_the_text_or_a_sentence_about_a_photo_stays_unremoved_as_caption(fr: Any, line: str) -> None:
    _, reasons, _ = clean_with(line, fr)
    assert "photo caption" not in reasons


@pytest.mark.parametrize("line", [
    "— 4 février 2013 — Temps de lecture : 3 min",
    "(Un chalutier à quai dans le port, le 11 mars, Jeanne Morel / Reuters)",
    "La criée fermée au public. AFP PHOTO/Jean Dubois",
])
def test_cleaning_the_clean_text_again_changes_nothing(fr: Any, line: str) -> None:
    clean, _, _ = clean_with(line, fr)
    again, edits, _ = clean_raw_text(clean, None, fr)
    assert again == clean and not [e for e in edits if e.kind == "removed"]


@pytest.mark.parametrize("line", [
    "— 5 janvier 2016",
    "2 septembre 2015",
    "Lundi 18 avril 2016",
])
def test_a_bare_date_after_the_publication_date_goes(fr: Any, line: str) -> None:
    clean, reasons, published = clean_with(line, fr)
    assert published == "2014-03-12"
    assert line.strip("— ") not in clean and reasons == ["page stamp"]


@pytest.mark.parametrize("line", [
    "10 mars 2014",  # the eve of publication: a day the article may be telling
    "Samedi 8 mars 2014",
    "1er février 2009",
])
def test_a_bare_date_before_publication_stays(fr: Any, line: str) -> None:
    clean, reasons, _ = clean_with(line, fr)
    assert line in clean and reasons == []


@pytest.mark.parametrize("pointer", [
    "Lire aussi : «Le port de pêche face à la crise», par Jeanne Morel, 4 février 2013.",
    "(2) Voir aussi: « Les marins et le prix du gazole », 9 janvier 2012",
    "À lire également : \"Pourquoi la criée a fermé\"",
])
def test_a_pointer_to_another_article_closing_a_paragraph_goes(fr: Any, pointer: str) -> None:
    sentence = "Le syndicat appelle à reconduire le mouvement la semaine prochaine."
    clean, _, _ = clean_with(f"{sentence} {pointer}", fr)
    assert sentence in clean and pointer not in clean and "2013" not in clean and "2012" not in clean
