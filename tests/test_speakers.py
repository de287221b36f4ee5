"""Who speaks a quotation: the structure of the sentence, then roles, bodies, documents and earlier sentences.

Every sentence here is written for these tests; each rule is tried in several wordings.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_quotes import person as named  # the same hand-made entities as the quote tests

from recoupe.read.quotes.find import find_quotes
from recoupe.records import Entity, Quote


def quote_of(nlp: Any, fr: Any, text: str, *entities: Entity) -> Quote:
    """The one quotation of `text` (the test sentences hold one statement each)."""
    found = find_quotes(nlp(text), list(entities), fr, "a1")
    assert len(found) == 1, [q.text for q in found]
    return found[0]


# --- passive and adjectival participles are no verbs of saying ------------------------------------

@pytest.mark.parametrize("text", [
    "Le projet a été annoncé « comme une priorité absolue pour toute la région » lundi.",
    "La mission sera confiée à « une équipe de trois architectes venus de Lille ».",
])
def test_a_passive_subject_never_speaks(nlp: Any, fr: Any, text: str) -> None:
    assert quote_of(nlp, fr, text).speaker is None


def test_the_agent_of_a_passive_cue_speaks(nlp: Any, fr: Any) -> None:
    text = "Le projet a été annoncé par Claire Dubois « comme une priorité absolue pour la région »."
    assert quote_of(nlp, fr, text, named(text, "Claire Dubois")).speaker == "Claire Dubois"


@pytest.mark.parametrize("text", [
    "Le coût estimé « à deux cents euros par habitant et par an » inquiète les élus.",
    "Le montant annoncé « à plus de trois millions d'euros par an » reste modeste.",
])
def test_a_participle_on_a_noun_is_no_cue(nlp: Any, fr: Any, text: str) -> None:
    assert quote_of(nlp, fr, text).speaker is None


# --- roles: spokespersons, unnamed roles, demonstratives ------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Le maire Jean Dupont est arrivé sur place vers minuit. "
     "« Le barrage tient mais la crue monte encore ce soir », a déclaré le porte-parole des pompiers.",
     "le porte-parole des pompiers"),
    ("La ministre Claire Dupuis a visité le site mardi. "
     "« Aucune victime n'est à déplorer à cette heure », a indiqué la porte-parole du ministère.",
     "la porte-parole du ministère"),
])
def test_an_unnamed_spokesperson_keeps_its_description(nlp: Any, fr: Any, text: str, expected: str) -> None:
    people = [named(text, n) for n in ("Jean Dupont", "Claire Dupuis") if n in text]
    assert quote_of(nlp, fr, text, *people).speaker == expected


def test_a_named_spokesperson_is_the_speaker_not_the_principal(nlp: Any, fr: Any) -> None:
    text = ("Le ministre Paul Martin était absent. La porte-parole du ministre, Claire Dupuis, a précisé : "
            "« Le calendrier de la réforme reste inchangé pour le moment ».")
    q = quote_of(nlp, fr, text, named(text, "Paul Martin"), named(text, "Claire Dupuis"))
    assert q.speaker == "Claire Dupuis"


@pytest.mark.parametrize("epithet", ["cette scientifique", "cette spécialiste des pollutions"])
def test_a_demonstrative_epithet_points_to_the_person_just_named(nlp: Any, fr: Any, epithet: str) -> None:
    text = ("Le préfet Paul Martin a rassuré les habitants. Claire Dubois, chercheuse au CNRS, s'inquiète pourtant. "
            f"« Les sols du quartier garderont des traces pendant des années », a déclaré {epithet}.")
    q = quote_of(nlp, fr, text, named(text, "Paul Martin"), named(text, "Claire Dubois"))
    assert q.speaker == "Claire Dubois"


# --- incises -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "« Qui paiera la facture de cette reconstruction ? » a demandé Marie Leblanc devant les élus.",
    "« Nous ne céderons jamais sur ce point essentiel ! » a lancé Marie Leblanc mardi.",
])
def test_no_comma_after_a_question_or_exclamation(nlp: Any, fr: Any, text: str) -> None:
    assert quote_of(nlp, fr, text, named(text, "Marie Leblanc")).speaker == "Marie Leblanc"


@pytest.mark.parametrize("incise", ["a-t-il assuré", "explique-t-il", "a t-il promis"])
def test_an_inverted_clitic_after_a_closed_sentence_is_an_incise(nlp: Any, fr: Any, incise: str) -> None:
    text = ("Le maire Hugo Bernard a visité le chantier lundi. "
            f"« La piscine municipale rouvrira dès lundi matin pour les écoles. » {incise}.")
    assert quote_of(nlp, fr, text, named(text, "Hugo Bernard")).speaker == "Hugo Bernard"


@pytest.mark.parametrize("incise", ["explique le colonel Paul Martin", "poursuit encore le colonel Paul Martin"])
def test_an_incise_inside_the_quotation_names_its_speaker(nlp: Any, fr: Any, incise: str) -> None:
    text = f"« Le feu progresse vers le nord, {incise}. Il faudra des renforts venus d'autres régions. »"
    assert quote_of(nlp, fr, text, named(text, "Paul Martin")).speaker == "Paul Martin"


@pytest.mark.parametrize("filler", ["de son côté", "pour sa part", "il y a une semaine"])
def test_set_adverbials_before_an_inverted_subject(nlp: Any, fr: Any, filler: str) -> None:
    text = f"« Le pont rouvrira aux voitures avant les vacances de Noël », a assuré {filler} le général Paul Martin."
    assert quote_of(nlp, fr, text, named(text, "Paul Martin")).speaker == "Paul Martin"


def test_an_impersonal_on_incise_is_the_source_just_cited(nlp: Any, fr: Any) -> None:
    text = ("Le musée rouvrira en juin, a indiqué l'Élysée jeudi. "
            "« Le calendrier des travaux sera publié en mars », a-t-on précisé.")
    assert quote_of(nlp, fr, text, named(text, "Élysée", type_="ORG")).speaker == "Élysée"


# --- the clause around the words -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "org", "expected"), [
    ("La direction de la SNCF a présenté des « contrôles renforcés sur toutes les lignes régionales ».",
     "SNCF", "SNCF"),
    ("Le gouvernement est prêt à envoyer « trois équipes de plongeurs sur le lac dès jeudi matin ».",
     "", "gouvernement"),
])
def test_quoted_words_belong_to_the_subject_of_their_clause(nlp: Any, fr: Any, text: str, org: str,
                                                             expected: str) -> None:
    entities = [named(text, org, type_="ORG")] if org else []
    q = quote_of(nlp, fr, text, *entities)
    assert q.speaker is not None and expected in q.speaker


def test_a_subject_that_cannot_speak_names_no_speaker(nlp: Any, fr: Any) -> None:
    text = "La grêle a causé des dégâts « sur plus de deux mille hectares de vignes » dans la vallée."
    assert quote_of(nlp, fr, text).speaker is None


def test_a_coordinated_clause_keeps_its_own_subject(nlp: Any, fr: Any) -> None:
    text = ("La Norvège a promis de répondre, mais le président Paul Martin a revendiqué le droit d'agir "
            "« sans attendre le feu vert du parlement ».")
    q = quote_of(nlp, fr, text, named(text, "Paul Martin"), named(text, "Norvège", type_="LOC"))
    assert q.speaker == "Paul Martin"


@pytest.mark.parametrize("verb", ["permet au parquet de Lyon de conclure", "a conduit le parquet de Lyon à affirmer"])
def test_an_object_controls_the_infinitive_of_saying(nlp: Any, fr: Any, verb: str) -> None:
    text = f"Cette expertise {verb} « que le chauffeur roulait à une vitesse normale »."
    q = quote_of(nlp, fr, text, named(text, "parquet de Lyon", type_="ORG"))
    assert q.speaker == "parquet de Lyon"


@pytest.mark.parametrize(("first", "second"), [
    ("Douze écoles restent fermées, selon le ministre Paul Martin.",
     "La facture atteindrait « plusieurs centaines de milliers d'euros pour la commune » au total."),
    ("Les dégâts sont considérables, a déclaré Paul Martin jeudi.",
     "Le coût serait « deux fois plus élevé que celui du pont voisin en 2010 »."),
])
def test_the_sentence_before_attributes_an_unattributed_quote(nlp: Any, fr: Any, first: str, second: str) -> None:
    text = f"{first} {second}"
    assert quote_of(nlp, fr, text, named(text, "Paul Martin")).speaker == "Paul Martin"


@pytest.mark.parametrize("holder", ["Pour le ministre Paul Martin", "Pour Paul Martin"])
def test_pour_opens_a_sentence_with_its_view_holder(nlp: Any, fr: Any, holder: str) -> None:
    text = f"{holder}, cette réforme a « affaibli la position des petits producteurs face aux grandes surfaces »."
    assert quote_of(nlp, fr, text, named(text, "Paul Martin")).speaker == "Paul Martin"


# --- bodies and documents ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "body", "noun"), [
    ("Le tribunal administratif de Lyon a nommé un expert vendredi. "
     "« L'audience est renvoyée au mois de mai », a précisé la juridiction.", "tribunal administratif de Lyon",
     "juridiction"),
    ("Le ministère de l'Agriculture a publié ses chiffres. "
     "« La récolte de blé sera inférieure de dix pour cent », a souligné le ministère.", "ministère de l'Agriculture",
     "ministère"),
])
def test_a_bare_institution_noun_is_the_body_named_before(nlp: Any, fr: Any, text: str, body: str,
                                                          noun: str) -> None:
    q = quote_of(nlp, fr, text, named(text, body, type_="ORG"))
    assert q.speaker == body, noun


@pytest.mark.parametrize("cite", ["selon le communiqué", "précise le communiqué"])
def test_a_communique_speaks_as_its_issuer(nlp: Any, fr: Any, cite: str) -> None:
    text = ("La société Acme s'est engagée à rembourser ses clients, dans un communiqué publié jeudi. "
            f"« Chaque riverain recevra une réponse écrite avant la fin du mois », {cite}.")
    q = quote_of(nlp, fr, text, named(text, "Acme", type_="ORG"))
    assert q.speaker is not None and "Acme" in q.speaker and "communiqué" in q.speaker


def test_a_communique_never_introduced_is_the_last_body_heard(nlp: Any, fr: Any) -> None:
    text = ("Deux ressortissants ont été blessés, a annoncé le ministère des Affaires étrangères. "
            "« Une cellule d'écoute a été ouverte pour les familles à Paris », ajoute le communiqué.")
    q = quote_of(nlp, fr, text, named(text, "ministère des Affaires étrangères", type_="ORG"))
    assert q.speaker is not None and q.speaker.startswith("ministère des Affaires étrangères")


# --- quotation marks glued by scraping -----------------------------------------------------------

@pytest.mark.parametrize("joint", ['.', '."', '"'])
def test_a_quote_glued_to_the_sentence_before_still_opens(nlp: Any, fr: Any, joint: str) -> None:
    before = {".": "Il est arrivé tôt.", '."': 'Il parle de "crise".', '"': 'Titre en 2024'}[joint]
    text = f'{before}"Le feu est éteint depuis ce matin", a dit Paul Martin.'
    found = find_quotes(nlp(text), [named(text, "Paul Martin")], fr, "a1")
    assert [q.text for q in found] == ["Le feu est éteint depuis ce matin"]
    assert found[0].speaker == "Paul Martin"


# --- subjects before the verb --------------------------------------------------------------------

@pytest.mark.parametrize("verb", ["a fait savoir", "a déjà fait savoir"])
def test_faire_with_an_infinitive_is_one_verb(nlp: Any, fr: Any, verb: str) -> None:
    text = (f"Le vice-ministre Ali Karimi {verb} que son ministère solliciterait "
            "« des laboratoires suisses ou allemands pour les analyses ».")
    assert quote_of(nlp, fr, text, named(text, "Ali Karimi")).speaker == "Ali Karimi"


@pytest.mark.parametrize("then", ["a expliqué pourquoi l'évêque hésite", "a raconté comment le maire hésite"])
def test_an_apposed_name_is_the_subject_and_the_next_clause_is_not(nlp: Any, fr: Any, then: str) -> None:
    text = (f"Le délégué du club, qui vit à Nantes, Christophe Lenoir, {then}. "
            "« Les dons couvriront à peine la toiture de la chapelle », a-t-il assuré.")
    q = quote_of(nlp, fr, text, named(text, "Christophe Lenoir"))
    assert q.speaker == "Christophe Lenoir"


@pytest.mark.parametrize("filler", ["vendredi", "à la sortie de la réunion des maires du canton"])
def test_the_inverted_subject_after_a_long_filler(nlp: Any, fr: Any, filler: str) -> None:
    text = ("La ministre Claire Dubois a visité le site. "
            f"« Nos machines étaient à l'arrêt depuis le vendredi soir », a déclaré {filler} le patron de l'usine, "
            "Marc Lefort.")
    q = quote_of(nlp, fr, text, named(text, "Claire Dubois"), named(text, "Marc Lefort"))
    assert q.speaker == "Marc Lefort"


def test_a_demonstrative_prefers_the_subject_just_before(nlp: Any, fr: Any) -> None:
    text = ("L'historien Alexandre Morel a critiqué le projet défendu par le maire Emmanuel Roux. "
            "« Ce chantier a manqué de concertation avec les historiens », a ajouté ce professeur de droit à Lille.")
    q = quote_of(nlp, fr, text, named(text, "Alexandre Morel"), named(text, "Emmanuel Roux"))
    assert q.speaker == "Alexandre Morel"


@pytest.mark.parametrize("speaker", ["un porte-parole de la compagnie aérienne", "une responsable de la compagnie"])
def test_an_unnamed_speaker_names_the_body_of_its_description(nlp: Any, fr: Any, speaker: str) -> None:
    text = ("La compagnie aérienne Air France a annulé ses vols vers Oslo à cause de la neige. "
            f"« Les passagers concernés seront remboursés ou réacheminés dès demain », a indiqué {speaker}.")
    q = quote_of(nlp, fr, text, named(text, "Air France", type_="ORG"))
    assert q.speaker is not None and q.speaker.startswith(speaker) and q.speaker.endswith("(Air France)")


def test_a_cue_after_a_list_of_quotations_covers_the_first(nlp: Any, fr: Any) -> None:
    text = ("Le président Joe Biden « salue la signature d'un accord sur les semi-conducteurs », notamment "
            "« la création d'un fonds commun pour la recherche », a précisé la Maison Blanche.")
    found = find_quotes(nlp(text), [named(text, "Joe Biden"), named(text, "Maison Blanche", type_="ORG")], fr, "a1")
    assert [q.speaker for q in found] == ["Maison Blanche", "Maison Blanche"]


@pytest.mark.parametrize("cue", ["a-t-il affirmé", "a-t-il ajouté"])
def test_a_pronoun_prefers_a_person_to_a_country(nlp: Any, fr: Any, cue: str) -> None:
    text = ("La Norvège a promis de répondre, mais le président Paul Martin a revendiqué le droit d'agir "
            "« sans attendre le feu vert du parlement ». "
            f"« Ce droit est reconnu par notre constitution depuis longtemps », {cue} sur Twitter.")
    found = find_quotes(nlp(text), [named(text, "Paul Martin"), named(text, "Norvège", type_="LOC")], fr, "a1")
    assert [q.speaker for q in found] == ["Paul Martin", "Paul Martin"]


def test_a_passive_pronoun_names_no_speaker_and_the_sentence_before_does(nlp: Any, fr: Any) -> None:
    text = ("Ce contingent comptera « quarante gardes forestiers et douze véhicules tout-terrain », précise le "
            "document. Il sera déployé « dans les trois vallées touchées par les incendies » pour cinq ans.")
    found = find_quotes(nlp(text), [], fr, "a1")
    assert [q.speaker for q in found] == ["document", "document"]


@pytest.mark.parametrize("source", ["selon un communiqué de l'Élysée", "selon le communiqué publié par l'Élysée"])
def test_selon_a_document_leaves_the_words_to_the_subject_who_said_them(nlp: Any, fr: Any, source: str) -> None:
    text = (f"Le président Paul Martin a appelé les deux pays à « reprendre au plus vite le dialogue sur la pêche », "
            f"{source}.")
    q = quote_of(nlp, fr, text, named(text, "Paul Martin"), named(text, "Élysée", type_="ORG"))
    assert q.speaker == "Paul Martin"


@pytest.mark.parametrize("incise", ["a-t-il ajouté", "a t-il ajouté"])
def test_one_incise_after_consecutive_quotations_covers_them_all(nlp: Any, fr: Any, incise: str) -> None:
    text = ("Le ministre Paul Martin s'est rendu sur place mardi. « Nous reconstruirons chaque école du canton ». "
            f"« La digue sera renforcée avant le printemps prochain », {incise}.")
    found = find_quotes(nlp(text), [named(text, "Paul Martin")], fr, "a1")
    assert [q.speaker for q in found] == ["Paul Martin", "Paul Martin"]


# --- a stressed pronoun after "selon", "d'après" refers like a subject pronoun ---------------------

@pytest.mark.parametrize(("text", "who"), [
    ("La maire Claire Dupuis a visité le chantier mardi. Selon elle, « il faudra encore deux ans de travaux ».",
     "Claire Dupuis"),
    ("Le syndicaliste Marc Leroy a rencontré le préfet. Selon lui, « rien n'a été promis aux salariés du site ».",
     "Marc Leroy"),
    ("L'avocat Paul Morel a plaidé pendant deux heures. D'après lui, « le dossier ne tient pas devant un juge ».",
     "Paul Morel"),
])
def test_a_stressed_pronoun_after_selon_is_the_person_named_before(nlp: Any, fr: Any, text: str, who: str) -> None:
    quote = quote_of(nlp, fr, text, named(text, who))
    assert quote.speaker == who


# --- a description names who spoke, never when -----------------------------------------------------

@pytest.mark.parametrize("text", [
    "« Nous financerons autant de postes que nécessaire », a assuré le chef de l'État mardi lors d'un discours.",
    "« Le calendrier des travaux sera tenu jusqu'au bout », a promis la ministre de la Santé hier soir devant les députés.",
    "« Aucune ligne ne fermera cet hiver », a répété le président de la région jeudi matin.",
])
def test_a_description_stops_before_a_time_word(nlp: Any, fr: Any, text: str) -> None:
    speaker = quote_of(nlp, fr, text).speaker or ""
    assert speaker and not any(w in speaker.split() for w in ("mardi", "hier", "soir", "jeudi", "matin")), speaker
