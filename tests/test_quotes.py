"""Quotes and their speakers, on French sentences written for these tests."""

from __future__ import annotations

from typing import Any

from recoupe.read.quotes.find import find_quotes
from recoupe.read.quotes.spans import find_quote_spans, load_marks
from recoupe.records import Entity, Mention, Quote


def person(text: str, *names: str, type_: str = "PER") -> Entity:
    """An entity whose mentions are every occurrence of each surface form in `text` (the first form is the name)."""
    mentions: list[Mention] = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            mentions.append(Mention("a1", start, start + len(name), name))
            start = text.find(name, start + len(name))
    return Entity(names[0], type_, sorted(mentions, key=lambda m: m.start), id=f"e-{names[0]}")


def quotes_of(nlp: Any, fr: Any, text: str, *entities: Entity) -> list[Quote]:
    doc = nlp(text)
    found = find_quotes(doc, list(entities), fr, "a1")
    for q in found:
        assert q.text == doc.text[q.mention.start:q.mention.end]
        assert q.mention.article == "a1"
    return found


def test_cue_after_the_quote(nlp: Any, fr: Any) -> None:
    text = "« Nous partirons avant l'hiver, quoi qu'il arrive », a déclaré Jean Dupont devant la presse."
    [q] = quotes_of(nlp, fr, text, person(text, "Jean Dupont"))
    assert q.text == "Nous partirons avant l'hiver, quoi qu'il arrive"
    assert q.speaker == "Jean Dupont"
    assert q.speaker_entity == "e-Jean Dupont"
    assert q.speaker_mention is not None and q.speaker_mention.text == "Jean Dupont"
    assert q.cue == "déclaré"


def test_cue_before_the_quote_with_colon(nlp: Any, fr: Any) -> None:
    text = "Marie Leblanc a déclaré : « Le budget sera voté dans les délais prévus par la loi. »"
    [q] = quotes_of(nlp, fr, text, person(text, "Marie Leblanc"))
    assert q.text == "Le budget sera voté dans les délais prévus par la loi."
    assert q.speaker == "Marie Leblanc"


def test_inverted_incise_pronoun_goes_to_the_person_last_named(nlp: Any, fr: Any) -> None:
    text = ("Le ministre Paul Martin est arrivé lundi à Lyon pour rencontrer les salariés. "
            "« Nous ferons tout pour rouvrir l'usine avant la fin de l'année », a-t-il assuré.")
    [q] = quotes_of(nlp, fr, text, person(text, "Paul Martin"), person(text, "Lyon", type_="LOC"))
    assert q.speaker == "Paul Martin"
    assert q.speaker_entity == "e-Paul Martin"


def test_pronoun_follows_gender(nlp: Any, fr: Any) -> None:
    text = ("La ministre Claire Dubois a rencontré le maire Hugo Bernard mardi. "
            "« Le pont sera reconstruit avant l'été prochain », a-t-elle promis.")
    [q] = quotes_of(nlp, fr, text, person(text, "Claire Dubois"), person(text, "Hugo Bernard"))
    assert q.speaker == "Claire Dubois"


def test_selon(nlp: Any, fr: Any) -> None:
    text = "Selon Claire Dubois, « la réforme sera appliquée dès le mois prochain dans toutes les régions »."
    [q] = quotes_of(nlp, fr, text, person(text, "Claire Dubois"))
    assert q.speaker == "Claire Dubois"
    assert q.cue is not None and q.cue.lower() == "selon"


def test_partial_quote_governed_by_the_cue_verb(nlp: Any, fr: Any) -> None:
    text = "Le maire Hugo Bernard a souligné « la nécessité de reconstruire le pont au plus vite » lors du conseil."
    [q] = quotes_of(nlp, fr, text, person(text, "Hugo Bernard"))
    assert q.text == "la nécessité de reconstruire le pont au plus vite"
    assert q.speaker == "Hugo Bernard"


def test_quote_across_two_sentences_is_one_quote(nlp: Any, fr: Any) -> None:
    text = ("« Le chantier a pris beaucoup de retard. Il reprendra en septembre avec une équipe renforcée », "
            "a expliqué Luc Moreau.")
    [q] = quotes_of(nlp, fr, text, person(text, "Luc Moreau"))
    assert q.text.startswith("Le chantier") and q.text.endswith("équipe renforcée")
    assert q.speaker == "Luc Moreau"


def test_role_noun_resolves_to_the_person_named_with_that_role(nlp: Any, fr: Any) -> None:
    text = ("Le porte-parole du gouvernement, Julien Petit, a présenté le plan mardi matin. "
            "La ministre de la Santé, Anne Roux, était absente. "
            "« Les travaux commenceront dès la semaine prochaine dans les trois villes », a précisé le porte-parole.")
    [q] = quotes_of(nlp, fr, text, person(text, "Julien Petit"), person(text, "Anne Roux"))
    assert q.speaker == "Julien Petit"
    assert q.speaker_entity == "e-Julien Petit"


def test_apposition_after_a_role_noun(nlp: Any, fr: Any) -> None:
    text = ("« Nous n'avons reçu aucune demande officielle à ce sujet », a indiqué le porte-parole de la mairie, "
            "Sophie Garnier.")
    [q] = quotes_of(nlp, fr, text, person(text, "Sophie Garnier"))
    assert q.speaker == "Sophie Garnier"


def test_organisation_speaker_keeps_its_noun_phrase(nlp: Any, fr: Any) -> None:
    text = "« Les frontières resteront fermées jusqu'à nouvel ordre », a annoncé le gouvernement norvégien."
    [q] = quotes_of(nlp, fr, text)
    assert q.speaker is not None and "gouvernement norvégien" in q.speaker
    assert q.speaker_entity is None


def test_follow_up_quote_keeps_the_speaker(nlp: Any, fr: Any) -> None:
    text = ("« Nous avons signé un accord historique avec nos voisins », a déclaré Jean Dupont. "
            "« Il entrera en vigueur dès le premier janvier prochain. »")
    found = quotes_of(nlp, fr, text, person(text, "Jean Dupont"))
    assert [q.speaker for q in found] == ["Jean Dupont", "Jean Dupont"]


def test_list_of_quotes_shares_the_incise(nlp: Any, fr: Any) -> None:
    text = ("La mission sera « menée avec tous nos partenaires européens » et « achevée avant la fin de "
            "l'année prochaine », a affirmé Paul Martin.")
    found = quotes_of(nlp, fr, text, person(text, "Paul Martin"))
    assert len(found) == 2
    assert all(q.speaker == "Paul Martin" for q in found)


def test_incise_inside_the_quote_makes_one_quote(nlp: Any, fr: Any) -> None:
    text = ("Le négociateur Marc Blanc est sorti de la réunion vers minuit. "
            "« Nous sommes, a-t-il dit, prêts à reprendre les discussions sans aucune condition »")
    [q] = quotes_of(nlp, fr, text, person(text, "Marc Blanc"))
    assert q.text.startswith("Nous sommes, a-t-il dit, prêts")
    assert q.speaker == "Marc Blanc"


def test_short_quoted_term_is_not_a_quote(nlp: Any, fr: Any) -> None:
    text = "Le projet baptisé « Horizon bleu » a été lancé par la région, qui parle de « simple formalité »."
    assert quotes_of(nlp, fr, text) == []


def test_unbalanced_mark_ends_at_the_paragraph(nlp: Any, fr: Any) -> None:
    text = ("Jean Dupont a déclaré : « Nous ne reculerons jamais devant les menaces des groupes armés\n"
            "La réunion a ensuite été levée.")
    [q] = quotes_of(nlp, fr, text, person(text, "Jean Dupont"))
    assert q.text == "Nous ne reculerons jamais devant les menaces des groupes armés"
    assert q.speaker == "Jean Dupont"


def test_straight_and_curly_quotes(nlp: Any, fr: Any) -> None:
    text = ('"Nous voulons la paix dans toute la région", a déclaré Jean Dupont. '
            "“La guerre doit cesser dès maintenant, sans attendre”, a ajouté Marie Leblanc.")
    found = quotes_of(nlp, fr, text, person(text, "Jean Dupont"), person(text, "Marie Leblanc"))
    assert [(q.text[:9], q.speaker) for q in found] == [("Nous voul", "Jean Dupont"), ("La guerre", "Marie Leblanc")]


def test_headline_quote_without_speaker_is_dropped_and_repeats_are_merged(nlp: Any, fr: Any) -> None:
    text = ("« Nous irons jusqu'au bout de cette réforme »\n"
            "« Tout reste à faire pour les hôpitaux du pays »\n"
            "La ministre Anne Roux a tenu une conférence mardi. « Nous irons jusqu'au bout de cette réforme, "
            "quoi qu'en disent les syndicats », a-t-elle déclaré.")
    found = quotes_of(nlp, fr, text, person(text, "Anne Roux"))
    assert len(found) == 1
    assert found[0].text.endswith("quoi qu'en disent les syndicats")
    assert found[0].speaker == "Anne Roux"


def test_spans_straight_quote_left_open_before_a_new_one(fr: Any) -> None:
    marks = load_marks(fr)
    text = 'Il a ajouté "que tout irait bien. "Le reste suivra bientôt", a-t-il dit.'
    spans = find_quote_spans(text, marks)
    assert [text[s.start:s.end] for s in spans] == ["que tout irait bien.", "Le reste suivra bientôt"]
    assert spans[0].close_at == -1


def test_spans_quote_reopened_at_each_paragraph(fr: Any) -> None:
    marks = load_marks(fr)
    text = "« Première partie du discours.\n« Seconde partie du discours. » Fin."
    [span] = find_quote_spans(text, marks)
    assert text[span.start:span.end] == "Première partie du discours.\n« Seconde partie du discours."


def test_incise_later_in_the_sentence(nlp: Any, fr: Any) -> None:
    text = ("Le ministre a reçu ses homologues pour parler de « la coopération militaire dans les années à venir » "
            "entre les deux pays, a indiqué le porte-parole de l'armée, Louis Lefèvre, dans un communiqué.")
    [q] = quotes_of(nlp, fr, text, person(text, "Louis Lefèvre"))
    assert q.speaker == "Louis Lefèvre"


def test_headline_quote_with_its_speaker_after_a_colon(nlp: Any, fr: Any) -> None:
    text = ("« Une attaque inacceptable contre notre pays tout entier » : le président Marc Blanc condamne l'attentat\n"
            "Le chef de l'État s'est exprimé lundi soir.")
    [q] = quotes_of(nlp, fr, text, person(text, "Marc Blanc"))
    assert q.speaker == "Marc Blanc"


def test_text_without_quotes_and_empty_text(nlp: Any, fr: Any) -> None:
    assert quotes_of(nlp, fr, "Le conseil municipal s'est réuni mardi soir pour voter le budget.") == []
    assert quotes_of(nlp, fr, "") == []
    assert quotes_of(nlp, fr, "« ") == []


def test_headline_name_colon_quote(nlp: Any, fr: Any) -> None:
    text = ("Claire Dubois : « Nous ne céderons rien sur la réforme des retraites »\n"
            "La ministre a répondu mardi aux questions des députés.")
    [q] = quotes_of(nlp, fr, text, person(text, "Claire Dubois"))
    assert q.speaker == "Claire Dubois"


def test_participle_after_the_quote_keeps_the_main_speaker(nlp: Any, fr: Any) -> None:
    text = ("Le chercheur Paul Martin estime que les milices forment « la colonne vertébrale du régime actuel », "
            "ajoutant que leur influence décline.")
    [q] = quotes_of(nlp, fr, text, person(text, "Paul Martin"))
    assert q.speaker == "Paul Martin"


def test_document_with_its_issuer_as_complement(nlp: Any, fr: Any) -> None:
    text = "« Les frontières resteront fermées jusqu'à nouvel ordre », précise le communiqué du ministère de l'Intérieur."
    [q] = quotes_of(nlp, fr, text, person(text, "ministère de l'Intérieur", type_="ORG"))
    assert q.speaker == "ministère de l'Intérieur (communiqué)"
    assert q.speaker_mention is not None and q.speaker_mention.text == "communiqué"


def test_reading_incise_and_back_reference_find_the_last_document(nlp: Any, fr: Any) -> None:
    text = ("Le syndicat Force ouvrière a publié jeudi une lettre ouverte. « Nous demandons un moratoire immédiat "
            "sur toutes les fermetures de classes », peut-on lire. Plus loin, « les communes rurales seront les "
            "premières touchées par ces mesures », affirme le texte.")
    q1, q2 = quotes_of(nlp, fr, text, person(text, "Force ouvrière", type_="ORG"))
    assert q1.speaker is not None and q1.speaker.endswith("(lettre ouverte)") and "Force ouvrière" in q1.speaker
    assert q2.speaker == q1.speaker


def test_joint_statement_names_the_parties_and_the_document(nlp: Any, fr: Any) -> None:
    text = ("Les deux gouvernements « ont décidé de rouvrir leurs ambassades avant la fin de l'année », "
            "ont-ils affirmé dans un communiqué commun.")
    [q] = quotes_of(nlp, fr, text)
    assert q.speaker == "Les deux gouvernements (communiqué commun)"


def test_person_speaking_in_a_document_stays_the_speaker(nlp: Any, fr: Any) -> None:
    text = "« Nous ne céderons rien sur les salaires », a écrit Claire Martin dans un communiqué publié lundi."
    [q] = quotes_of(nlp, fr, text, person(text, "Claire Martin"))
    assert q.speaker == "Claire Martin"


def test_resolution_speaks_through_its_subject_and_pronoun(nlp: Any, fr: Any) -> None:
    text = ("Le Parlement a adopté dimanche une résolution. La résolution « demande au gouvernement de fermer toutes "
            "les bases étrangères du pays ». Elle précise que « cette décision entre en vigueur dès sa publication ».")
    q1, q2 = quotes_of(nlp, fr, text, person(text, "Parlement", type_="ORG"))
    assert q1.speaker == "Parlement (résolution)"
    assert q2.speaker == "Parlement (résolution)"


def test_idiom_with_a_document_noun_is_no_document(nlp: Any, fr: Any) -> None:
    text = ("Les deux camps se sont mis d'accord mardi soir. « Les combats cesseront à minuit sur toute la ligne "
            "de front », peut-on lire.")
    [q] = quotes_of(nlp, fr, text)
    assert q.speaker is None


def test_passive_agent_speaks_in_the_purpose_clause(nlp: Any, fr: Any) -> None:
    text = ("L'ambassadeur a été convoqué par le ministère des Affaires étrangères pour dénoncer « une ingérence "
            "inacceptable dans les affaires intérieures du pays ».")
    [q] = quotes_of(nlp, fr, text)
    assert q.speaker is not None and q.speaker.endswith("ministère des Affaires étrangères")
    assert q.cue == "dénoncer"


def test_draft_of_a_document_is_referred_to_by_its_head(nlp: Any, fr: Any) -> None:
    text = ("La France a déposé mardi un projet de résolution au Conseil de sécurité. « Le Conseil exige un "
            "cessez-le-feu immédiat et sans condition », indique le projet.")
    [q] = quotes_of(nlp, fr, text, person(text, "France", type_="LOC"), person(text, "Conseil de sécurité", type_="ORG"))
    assert q.speaker == "France (projet de résolution)"


def test_subject_before_a_quote_must_be_someone(nlp: Any, fr: Any) -> None:
    text = ("Ces rumeurs « cherchent à semer la panique parmi les habitants de la capitale », a déclaré "
            "Paul Girard. Les deux délégations « ont promis de se revoir avant la fin du mois de mars ».")
    q1, q2 = quotes_of(nlp, fr, text, person(text, "Paul Girard"))
    assert q1.speaker == "Paul Girard"
    assert q2.speaker == "Les deux délégations"
