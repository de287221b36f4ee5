"""Who a role noun or a relayed source stands for: whom "le boulanger", "la ministre", "selon X" name, and whom not.

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


# --- a role refers back to someone heard or acting, not to a name merely mentioned -----------------

@pytest.mark.parametrize(("text", "name", "role"), [
    ("Le restaurant de Paul Girard a fermé ses portes en mars. "
     "« Tout le quartier regrette cette adresse historique », explique le boulanger.",
     "Paul Girard", "le boulanger"),
    ("La veuve de Marc Lenoir a reçu une lettre de la mairie. "
     "« Une enquête sera ouverte sur les causes de cet accident », a écrit la ministre.",
     "Marc Lenoir", "la ministre"),
    ("Les amis de Julie Caron ont organisé une marche blanche dimanche. "
     "« Nous attendons des réponses précises de la direction du site », a déclaré l'avocat.",
     "Julie Caron", "l'avocat"),
])
def test_a_role_never_means_a_person_only_mentioned(nlp: Any, fr: Any, text: str, name: str, role: str) -> None:
    q = last_quote(nlp, fr, text, named(text, name))
    assert q.speaker == role


@pytest.mark.parametrize("cue", ["a déclaré le ministre", "a ajouté le ministre", "a insisté le ministre"])
def test_a_role_still_means_the_person_just_heard(nlp: Any, fr: Any, cue: str) -> None:
    text = ("Paul Girard a visité la centrale lundi matin. « Les contrôles seront renforcés dès cette semaine », "
            f"{cue}.")
    assert last_quote(nlp, fr, text, named(text, "Paul Girard")).speaker == "Paul Girard"


# --- a person in the complement of a subject is not that subject -----------------------------------

@pytest.mark.parametrize("subject", ["La dépouille de Marc Lenoir", "Le chien de Marc Lenoir",
                                     "La voiture de Marc Lenoir"])
def test_a_person_in_a_complement_of_the_subject_is_not_the_one_acting(nlp: Any, fr: Any, subject: str) -> None:
    text = (f"{subject} a été retrouvée près du lac. "
            "« Nous ferons toute la lumière sur ce drame dans les jours qui viennent », a promis la préfète.")
    assert last_quote(nlp, fr, text, named(text, "Marc Lenoir")).speaker == "la préfète"


# --- "selon X" after a verb of saying names who relayed the words, not who said them ----------------

@pytest.mark.parametrize("relay", ["selon Le Courrier du Jura", "selon la préfecture", "d'après la radio locale"])
def test_selon_after_a_verb_of_saying_leaves_the_words_to_its_subject(nlp: Any, fr: Any, relay: str) -> None:
    text = (f"Paul Girard a affirmé devant les enquêteurs « n'avoir jamais vu le conducteur du camion », {relay}.")
    entities = [named(text, "Paul Girard")]
    if "Courrier" in relay:
        entities.append(named(text, "Courrier du Jura", type_="ORG"))
    assert last_quote(nlp, fr, text, *entities).speaker == "Paul Girard"


# --- a relative pronoun stands for the noun phrase written just before it ------------------------

@pytest.mark.parametrize("text", [
    "L'usine a été autorisée en mars à reprendre son activité par la préfecture du Calvados, qui a estimé que "
    "les travaux permettaient « de réduire nettement les risques pour les riverains ».",
    "Le chantier a pu rouvrir lundi grâce à la préfecture du Calvados, qui a considéré que les nouvelles digues "
    "suffisaient « à protéger durablement les maisons du quartier ».",
    "Le festival a été maintenu à la demande de la préfecture du Calvados, qui a jugé que le dispositif restait "
    "« suffisant pour accueillir le public en toute sécurité ».",
])
def test_a_relative_pronoun_is_the_noun_before_it(nlp: Any, fr: Any, text: str) -> None:
    q = last_quote(nlp, fr, text, named(text, "Calvados", type_="LOC"))
    assert q.speaker is not None and "préfecture" in q.speaker, q.speaker


# --- "Pour X," opens a view even when a scraped subhead glued its dash to it ---------------------

@pytest.mark.parametrize("subhead", ["- Une loi contestée -", "- Un monde dangereux -", "- Colère -"])
def test_pour_after_a_glued_subhead_dash_names_the_view_holder(nlp: Any, fr: Any, subhead: str) -> None:
    text = (f"Le vote a eu lieu mardi.{subhead}Pour Paul Girard, le texte aurait « gravement affaibli la "
            "capacité des communes à se défendre ».")
    assert last_quote(nlp, fr, text, named(text, "Paul Girard")).speaker == "Paul Girard"


# --- "il" / "elle" stand for the person at hand rather than an organisation named in between -----

@pytest.mark.parametrize("between", [
    "Acmé a confirmé la fermeture du site en juin.",
    "Selon Acmé, le site fermera en juin.",
    "Acmé a annoncé lundi un plan de départs volontaires.",
])
def test_a_personal_pronoun_prefers_the_person_heard_to_an_organisation(nlp: Any, fr: Any, between: str) -> None:
    text = ("« Nous ne laisserons pas partir ces emplois sans nous battre », a déclaré Paul Girard, maire de la ville. "
            f"{between} « Les salariés méritent mieux que des promesses de reclassement », a-t-il ajouté.")
    q = last_quote(nlp, fr, text, named(text, "Paul Girard"), named(text, "Acmé", type_="ORG"))
    assert q.speaker == "Paul Girard"


# --- a relaying source ("rapporte Y") is not the speaker of words in the clause it relays ----------

@pytest.mark.parametrize("text", [
    "Trois familles du quartier veulent porter plainte contre la mairie, rapporte Le Courrier du Jura, "
    "notamment pour « mise en danger de la vie d'autrui ».",
    "Trois familles du quartier réclament une expertise, rapporte Le Courrier du Jura, pour établir "
    "« les causes exactes de cet effondrement ».",
    "Trois familles du quartier ont écrit au préfet, rapporte Le Courrier du Jura, afin d'obtenir "
    "« un relogement rapide et durable ».",
])
def test_words_in_a_relayed_clause_are_its_subjects(nlp: Any, fr: Any, text: str) -> None:
    q = last_quote(nlp, fr, text, named(text, "Courrier du Jura", type_="ORG"))
    assert q.speaker is not None and "familles" in q.speaker, q.speaker


def test_words_the_relaying_verb_governs_stay_the_relays(nlp: Any, fr: Any) -> None:
    text = "Le Courrier du Jura rapporte que les familles sont « très inquiètes pour leur sécurité »."
    q = last_quote(nlp, fr, text, named(text, "Courrier du Jura", type_="ORG"))
    assert q.speaker != "les familles"


# --- a function inside a body inside another introduces someone new; a short title refers back -----

@pytest.mark.parametrize("description", [
    "le directeur du service de presse du Vatican",
    "la présidente de la chambre civile de la cour d'appel",
    "le responsable de la cellule de crise de la préfecture",
])
def test_a_nested_description_is_someone_new(nlp: Any, fr: Any, description: str) -> None:
    text = ("« Nous avons besoin de cet argent avant la fin du mois », a déclaré Paul Girard lundi. "
            f"« Une décision sera rendue dans les prochains jours », a ajouté {description}.")
    q = last_quote(nlp, fr, text, named(text, "Paul Girard"))
    assert q.speaker == description


@pytest.mark.parametrize("title", ["le maire de la ville", "le chef de l'État", "le président de la région"])
def test_a_short_title_refers_back_to_the_person_heard(nlp: Any, fr: Any, title: str) -> None:
    text = ("« Nous avons besoin de cet argent avant la fin du mois », a déclaré Paul Girard lundi. "
            f"« Une décision sera rendue dans les prochains jours », a ajouté {title}.")
    q = last_quote(nlp, fr, text, named(text, "Paul Girard"))
    assert q.speaker == "Paul Girard"


# --- a verb of saying in another sentence or live-blog entry does not govern the words -----------

@pytest.mark.parametrize("bullet", ["►", "•", "."])
def test_the_next_live_blog_entry_is_not_the_last_speakers(nlp: Any, fr: Any, bullet: str) -> None:
    text = (f"La ville débloque dix millions d'euros, a annoncé Paul Girard {bullet} 10h15 "
            "« Les secours restent mobilisés toute la nuit » Le dispositif reste « en place jusqu'à nouvel "
            "ordre sur tout le secteur », a indiqué la directrice de la communication de la préfecture.")
    found = find_quotes(nlp(text), [named(text, "Paul Girard")], fr, "a1")
    assert found[0].speaker != "Paul Girard", [q.speaker for q in found]


# --- an inverted clitic whose hyphen the tokenizer split off is still the subject -----------------

@pytest.mark.parametrize(("subject", "incise"), [("Les deux élues", "poursuivent-elles"),
                                                 ("Les associations", "ajoutent-elles"),
                                                 ("Les enseignantes", "insistent-elles")])
def test_a_split_inverted_clitic_is_the_subject(nlp: Any, fr: Any, subject: str, incise: str) -> None:
    text = (f"{subject} ont dénoncé mardi le manque de contrôles. "
            f"« Les contrôles ont été divisés par deux en quinze ans », {incise}.")
    assert last_quote(nlp, fr, text).speaker == subject


# --- the verb's agreement decides a subject pronoun's number when the two disagree (a typo) --------

@pytest.mark.parametrize("typo", ["elle affirment", "elle estiment", "elle jugent"])
def test_a_plural_verb_makes_its_pronoun_plural(nlp: Any, fr: Any, typo: str) -> None:
    text = ("Claire Dubois a présenté le budget lundi. Les associations ont dénoncé mardi le manque de moyens. "
            f"Par ailleurs, {typo} qu'« il est urgent de revoir toute la politique de prévention ».")
    q = last_quote(nlp, fr, text, named(text, "Claire Dubois"))
    assert q.speaker == "Les associations", q.speaker
