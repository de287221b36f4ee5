"""Documents as speakers: a communiqué, a report or an opinion speaks as the body that issued it.

Every sentence here is written for these tests; each rule is tried in several wordings.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_quotes import person as named

from recoupe.read.quotes.find import find_quotes
from recoupe.records import Entity, Quote


def last_quote(nlp: Any, fr: Any, text: str, *entities: Entity) -> Quote:
    """The last quotation of `text` (the sentence under test)."""
    found = find_quotes(nlp(text), list(entities), fr, "a1")
    assert found, text
    return found[-1]


# --- a document's issuer is an entity: the speaker is that entity, under all its names -------------

@pytest.mark.parametrize("cite", [
    "selon un communiqué de l'Office national des forêts (ONF)",
    "indique un communiqué publié par l'Office national des forêts (ONF)",
    "précise le rapport de l'Office national des forêts (ONF)",
])
def test_a_document_speaks_as_the_entity_that_issued_it(nlp: Any, fr: Any, cite: str) -> None:
    text = f"Les coupes ont doublé en dix ans. « Plus de deux mille hectares ont été abattus cet hiver », {cite}."
    body = named(text, "Office national des forêts", "ONF", type_="ORG")
    q = last_quote(nlp, fr, text, body)
    assert q.speaker_entity == body.id, q.speaker


# --- a paragraph reading a document names it once: uncued fragments before it are the document's ---

@pytest.mark.parametrize(("fragment", "cite"), [
    ("Le nombre de contrôles a été jugé « nettement insuffisant pour un site de cette taille ». ",
     "« Aucune inspection n'a eu lieu en deux ans », indique le rapport de la Cour des comptes."),
    ("Le chantier a accumulé « des failles répétées dans la chaîne de surveillance ». ",
     "« Les alertes n'étaient transmises qu'avec retard », précise le rapport de la Cour des comptes."),
    ("La gestion du chantier reste « loin des engagements pris devant les riverains ». ",
     "« Le calendrier a glissé de dix-huit mois », selon le rapport de la Cour des comptes."),
])
def test_uncued_fragments_before_a_document_cue_are_the_documents(nlp: Any, fr: Any, fragment: str,
                                                                    cite: str) -> None:
    text = fragment + cite
    body = named(text, "Cour des comptes", type_="ORG")
    found = find_quotes(nlp(text), [body], fr, "a1")
    assert len(found) == 2 and found[0].speaker == found[1].speaker, [q.speaker for q in found]
    assert found[0].speaker is not None and "Cour des comptes" in found[0].speaker


def test_a_fragment_in_another_paragraph_is_not_the_documents(nlp: Any, fr: Any) -> None:
    text = ("Le nombre de contrôles a été jugé « nettement insuffisant pour un site de cette taille ».\n\n"
            "« Aucune inspection n'a eu lieu en deux ans », indique le rapport de la Cour des comptes.")
    found = find_quotes(nlp(text), [named(text, "Cour des comptes", type_="ORG")], fr, "a1")
    assert found[0].speaker is None


def test_a_fragment_before_a_person_speaking_stays_unattributed(nlp: Any, fr: Any) -> None:
    text = ("Le nombre de contrôles a été jugé « nettement insuffisant pour un site de cette taille ». "
            "« Aucune inspection n'a eu lieu en deux ans », a déclaré Paul Girard.")
    found = find_quotes(nlp(text), [named(text, "Paul Girard")], fr, "a1")
    assert found[0].speaker is None


# --- a body the entity reader named in common nouns only is the body named in full before ---------

@pytest.mark.parametrize(("full", "short"), [
    ("le gouvernement de Bavière", "gouvernement régional"),
    ("le conseil départemental du Jura", "conseil départemental"),
    ("la préfecture de l'Ain", "préfecture régionale"),
])
def test_a_common_noun_body_is_the_body_named_in_full(nlp: Any, fr: Any, full: str, short: str) -> None:
    text = (f"Selon {full}, la digue a cédé dans la nuit. "
            f"« Aucune victime n'est à déplorer à cette heure », précise le communiqué du {short}.")
    text = text.replace("du la ", "de la ")
    named_full = full.split(" ", 1)[1]
    entities = [named(text, named_full, type_="ORG"), named(text, short, type_="ORG")]
    q = last_quote(nlp, fr, text, *entities)
    assert q.speaker is not None and q.speaker.startswith(named_full), q.speaker


# --- a document mentioned again speaks as it did the first time ----------------------------------

@pytest.mark.parametrize("again", ["précise le rapport", "ajoute le rapport", "souligne encore le rapport"])
def test_a_document_named_again_keeps_its_issuer(nlp: Any, fr: Any, again: str) -> None:
    text = ("Les inspectrices ont dénoncé mardi le manque de moyens. Le contrôle des sites reste « très nettement "
            "insuffisant dans toute la région », selon le rapport. Les amendes ont baissé. « Le nombre des visites "
            f"a été divisé par deux en dix ans », {again}.")
    found = find_quotes(nlp(text), [], fr, "a1")
    assert found[0].speaker is not None and found[0].speaker.startswith("Les inspectrices"), found[0].speaker
    assert found[-1].speaker == found[0].speaker
