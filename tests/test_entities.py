"""Entities of one article: NER repaired for news French, then resolved inside the article."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoupe.read.entities.find import _one_edit_apart, find_entities
from recoupe.read.entities.rules import folded_words, load_entity_rules, spells_out
from recoupe.read.entities.spans import SpanRepairer, token_keys
from recoupe.records import Entity


def _entities(nlp: Any, fr: Any, text: str, article: str = "a1") -> list[Entity]:
    return find_entities(nlp(text), fr, article)


def _by_name(entities: list[Entity], name: str) -> Entity:
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, [(e.name, [m.text for m in e.mentions]) for e in entities]
    return found[0]


def _repair(nlp: Any, fr: Any, text: str, span_text: str, label: str) -> list[str]:
    """Repair the token span covering `span_text` as if NER had tagged it `label`; return the core texts."""
    doc = nlp(text)
    start_char = text.index(span_text)
    span = doc.char_span(start_char, start_char + len(span_text), alignment_mode="expand")
    assert span is not None
    rules = load_entity_rules(fr)
    repairer = SpanRepairer(doc, rules, token_keys(doc, rules))
    return [doc[s.start:s.end].text for s in repairer.repair(span.start, span.end, label)]


def test_title_and_role_are_not_part_of_the_name(nlp: Any, fr: Any) -> None:
    text = ("Le général américain Kenneth McKenzie est arrivé à Kaboul lundi. "
            "D'après le général McKenzie, le retrait se fera en bon ordre.")
    person = _by_name(_entities(nlp, fr, text), "Kenneth McKenzie")
    assert person.type == "PER"
    assert {m.text for m in person.mentions} == {"Kenneth McKenzie", "McKenzie"}
    assert not any("général" in alias for alias in person.aliases)


def test_honorific_and_surname_point_back_to_the_full_name(nlp: Any, fr: Any) -> None:
    text = ("Le ministre Lloyd Austin a répondu aux journalistes à Washington. "
            "M. Austin a ensuite quitté la salle sans un mot.")
    person = _by_name(_entities(nlp, fr, text), "Lloyd Austin")
    assert "M. Austin" in [m.text for m in person.mentions]
    assert "Austin" in person.aliases  # the core without the honorific, for the cross-article linker


def test_particle_names_and_kunya(nlp: Any, fr: Any) -> None:
    text = ("Le Premier ministre irakien Mustafa al-Kadhimi est arrivé à Washington. "
            "M. al-Kadhimi a été reçu par le président. On enterrait alors Abou Mahdi al-Mouhandis ; "
            "la foule scandait le nom d'Abou Mahdi.")
    entities = _entities(nlp, fr, text)
    pm = _by_name(entities, "Mustafa al-Kadhimi")
    assert pm.type == "PER"
    assert [m.text for m in pm.mentions] == ["Mustafa al-Kadhimi", "M. al-Kadhimi"]
    militia = _by_name(entities, "Abou Mahdi al-Mouhandis")
    assert "Abou Mahdi" in [m.text for m in militia.mentions]


def test_acronym_in_brackets_joins_its_expansion(nlp: Any, fr: Any) -> None:
    text = ("L'Office national des forêts (ONF) a publié un rapport alarmant. "
            "Selon l'ONF, la sécheresse progresse dans le sud.")
    office = _by_name(_entities(nlp, fr, text), "Office national des forêts")
    assert office.type == "ORG"
    assert [m.text for m in office.mentions].count("ONF") == 2


def test_known_forms_of_one_entity_are_one_entity(nlp: Any, fr: Any) -> None:
    text = ("Les combattants du groupe Etat islamique (EI) ont reculé près de Mossoul. "
            "Daech reste actif dans le désert, selon un rapport de l'Otan. L'OTAN se réunira jeudi.")
    entities = _entities(nlp, fr, text)
    ei = _by_name(entities, "État islamique")
    assert ei.type == "ORG"
    surfaces = [m.text for m in ei.mentions]
    assert "groupe Etat islamique" in surfaces and "EI" in surfaces and "Daech" in surfaces
    assert "Etat islamique" in ei.aliases  # the core without "groupe"
    assert sorted(m.text for m in _by_name(entities, "OTAN").mentions) == ["OTAN", "Otan"]


def test_known_form_inside_a_prefixed_word(nlp: Any, fr: Any) -> None:
    text = "L'Etat islamique a perdu Raqqa. La coalition anti-EI poursuit ses frappes contre les milices pro-Iran."
    doc = nlp(text)
    entities = find_entities(doc, fr, "p")
    ei = _by_name(entities, "État islamique")
    assert "EI" in [m.text for m in ei.mentions]
    iran = _by_name(entities, "Iran")
    assert [m.text for m in iran.mentions] == ["Iran"] and iran.mentions[0].start == text.index("Iran")


def test_people_sharing_a_surname_stay_apart(nlp: Any, fr: Any) -> None:
    text = ("Joe Biden a dîné avec Hunter Biden à Paris. Hunter Biden a ensuite rejoint Berlin, "
            "tandis que Joe Biden restait en France. Biden a pris l'avion le lendemain.")
    entities = _entities(nlp, fr, text)
    joe, hunter = _by_name(entities, "Joe Biden"), _by_name(entities, "Hunter Biden")
    assert joe.id != hunter.id
    assert all(m.text == "Hunter Biden" for m in hunter.mentions)
    # the bare surname goes to the person named nearest before it
    assert "Biden" in [m.text for m in joe.mentions]


def test_title_glued_into_the_span_is_cut(nlp: Any, fr: Any) -> None:
    text = "Le Premier ministre irakien Mustafa al-Kadhimi est arrivé hier."
    assert _repair(nlp, fr, text, "Premier ministre irakien Mustafa al-Kadhimi", "MISC") == ["Mustafa al-Kadhimi"]


def test_a_role_without_a_name_is_no_entity(nlp: Any, fr: Any) -> None:
    text = "Le ministre de la Défense a démissionné hier soir."
    assert _repair(nlp, fr, text, "ministre de la Défense", "ORG") == []


def test_a_span_swallowing_a_neighbour_is_split(nlp: Any, fr: Any) -> None:
    text = "Les émissaires de Moscou et Erevan se sont retrouvés à Genève."
    assert _repair(nlp, fr, text, "Moscou et Erevan", "LOC") == ["Moscou", "Erevan"]
    text = "Écouter la radio\n\nJoe Biden a reçu son homologue."
    assert _repair(nlp, fr, text, "Écouter la radio\n\nJoe Biden", "MISC")[-1] == "Joe Biden"
    assert [e.name for e in _entities(nlp, fr, text)] == ["Joe Biden"]


def test_a_sentence_glued_to_a_name_is_cut(nlp: Any, fr: Any) -> None:
    text = "Les élus ont longuement applaudi Joe Biden.La séance a repris ensuite."
    entities = _entities(nlp, fr, text)
    assert all(not m.text.endswith((".La", ".")) for e in entities for m in e.mentions)
    assert "Joe Biden" in [m.text for e in entities for m in e.mentions]


def test_bare_head_joins_the_same_head_with_an_adjective(nlp: Any, fr: Any) -> None:
    text = "Le Parlement irakien a voté la résolution. Selon le Parlement, le texte est contraignant."
    assembly = _by_name(_entities(nlp, fr, text), "Parlement irakien")
    assert [m.text for m in assembly.mentions] == ["Parlement irakien", "Parlement"]


def test_mentions_are_evidence_and_ids_follow_first_mention(nlp: Any, fr: Any) -> None:
    text = ("A Bagdad, M. Austin a rencontré le général Kenneth McKenzie. Le Pentagone a confirmé "
            "la rencontre ; McKenzie est reparti vers l'Irak, puis vers la fédération de Russie.")
    doc = nlp(text)
    entities = find_entities(doc, fr, "x7")
    assert [e.id for e in entities] == [f"x7:e{n}" for n in range(len(entities))]
    for entity in entities:
        assert entity.type in ("PER", "ORG", "LOC")
        assert entity.name and not entity.name.lower().startswith(("le ", "la ", "l'", "m. "))
        for m in entity.mentions:
            assert m.article == "x7" and m.text == doc.text[m.start:m.end]
    starts = [min(m.start for m in e.mentions) for e in entities]
    assert starts == sorted(starts)


def test_nothing_to_find(nlp: Any, fr: Any) -> None:
    assert _entities(nlp, fr, "il pleut depuis trois jours et la rivière monte.") == []


@pytest.mark.parametrize(("a", "b", "close"), [
    ("kazimi", "kadimi", True),     # one letter changed
    ("mckenzie", "mkcenzie", True),  # two neighbours swapped
    ("stoltenberg", "stoltenburg", True),
    ("mckenzie", "mckenzies", True),
    ("biden", "bidan", False),      # too short to risk it
    ("pompeo", "esper", False),
    ("kadhimi", "kadhimi", False),  # equal is not "one edit apart"
])
def test_one_edit_apart(a: str, b: str, close: bool) -> None:
    assert _one_edit_apart(a, b) is close


_PIECES = ["M.", "Mme", "le général", "Joe Biden", "Biden", "(EI)", "Etat islamique", "al-", "Kadhimi", ".La",
           "\n\n", "et", "Bagdad", "l'Otan", ",", "«", "»", "Abou Mahdi", "le groupe", "Washington.", "Premier ministre"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14))
def test_any_text_gives_evidence_backed_mentions(nlp: Any, fr: Any, pieces: list[str]) -> None:
    doc = nlp(" ".join(pieces))
    entities = find_entities(doc, fr, "h")
    seen: set[tuple[int, int]] = set()
    for entity in entities:
        assert entity.name.strip() and entity.aliases
        for m in entity.mentions:
            assert m.text == doc.text[m.start:m.end] and m.text.strip() == m.text and m.text
            assert (m.start, m.end) not in seen
            seen.add((m.start, m.end))


def _forms(entity: Entity) -> set[str]:
    return {m.text for m in entity.mentions}


def _holding(entities: list[Entity], form: str) -> Entity:
    found = [e for e in entities if form in _forms(e)]
    assert len(found) == 1, [(e.name, sorted(_forms(e))) for e in entities]
    return found[0]


def test_descriptions_of_one_coalition_are_one_body(nlp: Any, fr: Any) -> None:
    text = ("La coalition internationale a mené vingt frappes près de Raqqa. Selon la coalition menée par les "
            "États-Unis, les jihadistes reculent. Le commandant de la coalition anti-EI s'est dit confiant, "
            "et la coalition restera sur place.")
    entities = _entities(nlp, fr, text)
    coalition = _holding(entities, "coalition internationale")
    assert coalition.type == "ORG"
    assert _forms(coalition) == {"coalition internationale", "coalition menée par les États-Unis",
                                 "coalition anti-EI", "coalition"}
    assert "États-Unis" in _forms(_by_name(entities, "États-Unis"))  # the agent stays a mention of its own


def test_coalitions_led_by_different_countries_stay_apart(nlp: Any, fr: Any) -> None:
    text = ("Au Yémen, la coalition dirigée par l'Arabie saoudite a bombardé le port. En Syrie, la coalition "
            "menée par les États-Unis a suspendu ses vols.")
    entities = _entities(nlp, fr, text)
    saudi = _holding(entities, "coalition dirigée par l'Arabie saoudite")
    american = _holding(entities, "coalition menée par les États-Unis")
    assert saudi.id != american.id


def test_parliament_and_assembly_are_one_body_unless_the_article_has_two_chambers(nlp: Any, fr: Any) -> None:
    text = ("Le Parlement Ukrainien a voté la loi jeudi. Dans une Assemblée divisée, la majorité l'a emporté. "
            "Le Parlement siégera lundi.")
    assembly = _holding(_entities(nlp, fr, text), "Parlement Ukrainien")
    assert _forms(assembly) == {"Parlement Ukrainien", "Assemblée", "Parlement"}
    text = "Le Parlement a été convoqué. L'Assemblée a voté le texte lundi, le Sénat l'examinera mardi."
    entities = _entities(nlp, fr, text)
    assert _holding(entities, "Parlement").id != _holding(entities, "Assemblée").id
    text = "La réforme divise. L'Assemblée doit défendre les droits du Parlement, a dit une députée."
    entities = _entities(nlp, fr, text)  # one sentence naming both contrasts them
    assert _holding(entities, "Parlement").id != _holding(entities, "Assemblée").id


def test_a_bare_assembly_joins_the_named_assembly_not_another_parliament(nlp: Any, fr: Any) -> None:
    text = ("Le parlement espagnol a approuvé l'envoi d'avions. A Paris, le Premier ministre s'est exprimé devant "
            "l'Assemblée nationale, puis il a quitté l'Assemblée vers midi.")
    entities = _entities(nlp, fr, text)
    assert _forms(_holding(entities, "Assemblée nationale")) == {"Assemblée nationale", "Assemblée"}
    assert _forms(_holding(entities, "parlement espagnol")) == {"parlement espagnol"}


def test_a_bare_place_joins_its_form_with_a_nationality(nlp: Any, fr: Any) -> None:
    text = ("Des roquettes sont tombées sur Erbil, dans le Kurdistan irakien. Le gouvernement régional du "
            "Kurdistan a condamné l'attaque.")
    region = _by_name(_entities(nlp, fr, text), "Kurdistan irakien")
    assert _forms(region) == {"Kurdistan irakien", "Kurdistan"}


def test_a_portfolio_with_a_nationality_names_the_ministry(nlp: Any, fr: Any) -> None:
    text = ("Le ministère arménien de la Défense a publié un bilan. Le ministère azerbaïdjanais de la Défense "
            "a démenti ce bilan. Selon la Défense arménienne, les combats continuent ; la Défense azerbaïdjanaise "
            "parle d'une contre-offensive.")
    entities = _entities(nlp, fr, text)
    armenian = _holding(entities, "ministère arménien de la Défense")
    azeri = _holding(entities, "ministère azerbaïdjanais de la Défense")
    assert armenian.id != azeri.id  # two ministries of one article stay apart
    assert _forms(armenian) == {"ministère arménien de la Défense", "Défense arménienne"}
    assert _forms(azeri) == {"ministère azerbaïdjanais de la Défense", "Défense azerbaïdjanaise"}
    assert armenian.type == azeri.type == "ORG"


def test_ministries_of_different_portfolios_stay_apart(nlp: Any, fr: Any) -> None:
    text = ("Le ministère de l'Intérieur a interdit la marche. Le ministère de la Santé a publié ses chiffres, "
            "et le ministère de l'Intérieur a confirmé l'interdiction.")
    entities = _entities(nlp, fr, text)
    interior = _holding(entities, "ministère de l'Intérieur")
    health = _holding(entities, "ministère de la Santé")
    assert interior.id != health.id and len(interior.mentions) == 2


def test_a_bare_or_ambiguous_head_is_no_body(nlp: Any, fr: Any) -> None:
    text = ("Le gouvernement a présenté sa réforme. Les salariés du régime général cotiseront plus longtemps, "
            "a expliqué le gouvernement.")
    entities = _entities(nlp, fr, text)
    assert not any(m.text.startswith(("gouvernement", "régime")) for e in entities for m in e.mentions)


def test_a_quoted_translation_is_another_name(nlp: Any, fr: Any) -> None:
    text = ("L'attaque a été revendiquée par un groupe qui se fait appeler Saraya al-Nasr ou \"Brigades of "
            "Victory\" (\"les Brigades de la victoire\"). Le groupe Saraya al-Nasr était inconnu.")
    group = _holding(_entities(nlp, fr, text), "Saraya al-Nasr")
    assert _forms(group) == {"Saraya al-Nasr", "Brigades of Victory", "les Brigades de la victoire"}
    assert group.name == "Saraya al-Nasr"  # a gloss never becomes the name


def test_places_dates_and_speech_after_a_name_are_no_glosses(nlp: Any, fr: Any) -> None:
    text = ("Le maire de Villeurbanne (Rhône) a parlé. Kadhafi, « politiquement mort », doit partir. Le discours "
            "de Kadhafi, « Zenga Zenga », a fait le tour du monde.")
    entities = _entities(nlp, fr, text)
    forms = [_forms(e) for e in entities]
    assert {"Villeurbanne"} in forms and {"Kadhafi"} in forms  # nothing glued to them
    assert not any(len(f) > 1 and {"politiquement mort", "Zenga Zenga"} & f for f in forms)


def test_a_nickname_of_a_city_introduced_before(nlp: Any, fr: Any) -> None:
    text = ("Les rebelles ont pris la ville historique de Tombouctou. Les combats ont détruit des mausolées de "
            "cette ville surnommée la « Perle du désert », selon des habitants.")
    city = _holding(_entities(nlp, fr, text), "Tombouctou")
    assert _forms(city) == {"Tombouctou", "Perle du désert"}


def test_an_identified_coalition_ends_before_its_agent(nlp: Any, fr: Any) -> None:
    text = ("La coalition anti-EI dirigée par les États-Unis a visé un convoi. Selon la coalition emmenée par "
            "les États-Unis, trois camions ont brûlé.")
    entities = _entities(nlp, fr, text)
    coalition = _holding(entities, "coalition anti-EI")
    assert "coalition anti-EI dirigée par les États-Unis" not in _forms(coalition)
    assert "coalition emmenée par les États-Unis" in _forms(coalition)  # no identity of its own: agent kept
    assert len(_by_name(entities, "États-Unis").mentions) == 2


def test_what_a_coalition_fights_identifies_it_as_a_prefix_does(nlp: Any, fr: Any) -> None:
    text = ("Des roquettes ont visé la base de la coalition internationale de lutte contre Daech pilotée par "
            "Washington. Un porte-parole de la coalition anti-EI a confirmé les tirs.")
    entities = _entities(nlp, fr, text)
    coalition = _holding(entities, "coalition internationale de lutte contre Daech")
    assert "coalition anti-EI" in _forms(coalition)
    assert "Daech" in _forms(_by_name(entities, "État islamique"))  # the target stays a mention of its own


def test_coalitions_fighting_different_groups_stay_apart(nlp: Any, fr: Any) -> None:
    text = ("Au Sahel, la coalition contre Al-Qaïda a perdu deux soldats. En Irak, la coalition pour la lutte "
            "contre l'EI a repris un village, et la coalition contre le terrorisme reste floue.")
    entities = _entities(nlp, fr, text)
    sahel = _holding(entities, "coalition contre Al-Qaïda")
    iraq = _holding(entities, "coalition pour la lutte contre l'EI")
    assert sahel.id != iraq.id
    assert not any("contre le terrorisme" in f for e in entities for f in _forms(e))  # no name: not extended


def _mention_texts(entity: Entity) -> set[str]:
    return {m.text for m in entity.mentions}


def _holding(entities: list[Entity], text: str) -> Entity:
    found = [e for e in entities if text in _mention_texts(e)]
    assert len(found) == 1, [(e.name, sorted(_mention_texts(e))) for e in entities]
    return found[0]


@pytest.mark.parametrize(("text", "generic", "bare"), [
    ("Les fidèles se sont réunis dans la cathédrale Saint-Louis dimanche. Saint-Louis a été restaurée en 2010.",
     "cathédrale Saint-Louis", "Saint-Louis"),
    ("Le trafic a repris sur le viaduc Millau mardi. Selon les ingénieurs, Millau a résisté à la tempête.",
     "viaduc Millau", "Millau"),
    ("Les manifestants se sont rassemblés sur la place Tahrir vendredi soir. Tahrir était noire de monde.",
     "place Tahrir", "Tahrir"),
])
def test_a_place_generic_noun_stays_in_the_mention(nlp: Any, fr: Any, text: str, generic: str, bare: str) -> None:
    entity = _holding(_entities(nlp, fr, text), generic)
    assert bare in _mention_texts(entity)
    assert entity.type == "LOC"


def test_the_generic_noun_with_an_adjective_names_a_place_not_its_namesake(nlp: Any, fr: Any) -> None:
    text = "Le pont autoroutier Morandi s'est effondré à Gênes. Les enquêteurs examinent les piliers du pont Morandi."
    entity = _holding(_entities(nlp, fr, text), "pont autoroutier Morandi")
    assert "pont Morandi" in _mention_texts(entity) and entity.type == "LOC"


@pytest.mark.parametrize("text", [
    "Un violent incendie a ravagé Notre Dame de Paris, a constaté notre correspondant à Paris.",
    "Les pompiers ont sauvé Notre Dame de Paris, mais la flèche s'est effondrée. Paris est sous le choc.",
])
def test_a_name_opening_with_a_possessive_is_whole_and_a_place(nlp: Any, fr: Any, text: str) -> None:
    entities = _entities(nlp, fr, text)
    entity = _holding(entities, "Notre Dame de Paris")
    assert entity.type == "LOC"
    assert "Paris" not in _mention_texts(entity)


@pytest.mark.parametrize(("text", "full", "short"), [
    ("Le feu a pris dans les combles de Notre-Dame de Paris. À Paris, les passants regardaient Notre-Dame brûler.",
     "Notre-Dame de Paris", "Notre-Dame"),
    ("Le PDG de Total Sénégal a démissionné jeudi. Total a nommé un successeur.", "Total Sénégal", "Total"),
    ("La filiale Orange Belgique a perdu des clients. Orange maintient ses objectifs.", "Orange Belgique", "Orange"),
])
def test_a_name_with_a_place_or_body_complement_joins_its_bare_name(nlp: Any, fr: Any, text: str, full: str,
                                                                   short: str) -> None:
    assert short in _mention_texts(_holding(_entities(nlp, fr, text), full))


def test_a_name_that_begins_with_a_place_is_not_that_place(nlp: Any, fr: Any) -> None:
    text = ("L'entreprise Bretagne Ateliers a fermé. La Bretagne perd ainsi 300 emplois, a regretté le préfet de "
            "Bretagne.")
    entities = _entities(nlp, fr, text)
    assert "Bretagne" not in _mention_texts(_holding(entities, "Bretagne Ateliers"))


@pytest.mark.parametrize(("text", "name"), [
    ("Mme Merkel a reçu MM. Macron et Johnson à Berlin.", "Macron"),
    ("Le ministre a salué MM. Dupont et Moretti pour leur travail.", "Dupont"),
])
def test_a_plural_honorific_belongs_to_no_single_name(nlp: Any, fr: Any, text: str, name: str) -> None:
    entities = _entities(nlp, fr, text)
    assert any(name in _mention_texts(e) for e in entities), [sorted(_mention_texts(e)) for e in entities]
    assert not any(f"MM. {name}" in _mention_texts(e) for e in entities)


@pytest.mark.parametrize("text", [
    "Le général Qassem Soleimani a été tué vendredi. « Qassem était notre frère », a dit un officier.",
    "Les funérailles de Qassem Soleimani ont eu lieu à Téhéran. Des milliers de personnes criaient le nom de "
    "Qassem dans les rues.",
])
def test_a_lone_first_name_joins_the_one_person_bearing_it(nlp: Any, fr: Any, text: str) -> None:
    entities = _entities(nlp, fr, text)
    assert "Qassem" in _mention_texts(_holding(entities, "Qassem Soleimani"))


def test_a_first_name_two_people_share_is_left_alone(nlp: Any, fr: Any) -> None:
    text = ("Qassem Soleimani et Qassem Hachémi se sont rencontrés. « Qassem a parlé longtemps », "
            "a raconté un témoin.")
    entities = _entities(nlp, fr, text)
    assert "Qassem" not in _mention_texts(_holding(entities, "Qassem Soleimani"))


def test_a_pleonastic_de_after_a_generic_noun_joins_when_the_article_apposes_them(nlp: Any, fr: Any) -> None:
    text = ("La basilique Saint-Sernin attire des visiteurs. Le toit de la basilique de Saint-Sernin a été "
            "rénové en 2019.")
    entity = _holding(_entities(nlp, fr, text), "basilique Saint-Sernin")
    assert "basilique de Saint-Sernin" in _mention_texts(entity)
    bridge = "Le pont de Gênes a cédé. Gênes est en deuil, et le maire de Gênes a parlé."
    assert not any("pont de Gênes" in _mention_texts(e) for e in _entities(nlp, fr, bridge))


@pytest.mark.parametrize(("text", "name", "acronym"), [
    ("Selon une chercheuse de l'Institut national d'études démographiques (Ined), le risque est faible.",
     "Institut national d'études démographiques", "Ined"),
    ("Le rapport de l'Agence nationale de sécurité sanitaire (Anses) est attendu. L'Anses rendra son avis lundi.",
     "Agence nationale de sécurité sanitaire", "Anses"),
])
def test_an_acronym_written_with_one_capital_joins_the_name_it_spells(nlp: Any, fr: Any, text: str, name: str,
                                                                       acronym: str) -> None:
    assert acronym in _mention_texts(_holding(_entities(nlp, fr, text), name))


@pytest.mark.parametrize(("acronym", "name", "spelled"), [
    ("ined", "Institut national d'études démographiques", True),
    ("otan", "Organisation du traité de l'Atlantique nord", True),
    ("paris", "Pierre Martin", False),
    ("aspi", "Autostrade per l'Italia", False),  # "as" opens no word: not spelled out by leading letters
])
def test_spells_out(fr: Any, acronym: str, name: str, spelled: bool) -> None:
    rules = load_entity_rules(fr)
    assert spells_out(acronym, folded_words(name), rules.acronym_stopwords) is spelled


@pytest.mark.parametrize(("text", "right", "typo"), [
    ("Le Premier ministre a rencontré Anne Hidalgo lundi. Anne Hidalo a ensuite répondu aux journalistes.",
     "Anne Hidalgo", "Anne Hidalo"),
    ("Le sénateur Bernard Cazeneuve est arrivé. Plus tard, Bernard Cazeneuv a pris la parole devant la presse.",
     "Bernard Cazeneuve", "Bernard Cazeneuv"),
])
def test_a_misspelt_full_name_is_the_same_person(nlp: Any, fr: Any, text: str, right: str, typo: str) -> None:
    assert typo in _mention_texts(_holding(_entities(nlp, fr, text), right))


@pytest.mark.parametrize(("text", "periphrasis"), [
    ("Les frappes visent Israël depuis lundi. L'État hébreu a riposté dans la nuit.", "État hébreu"),
    ("Le gouvernement d'Israël a réuni son cabinet. Selon l'État juif, la menace est sérieuse.", "État juif"),
])
def test_a_country_periphrasis_is_the_country(nlp: Any, fr: Any, text: str, periphrasis: str) -> None:
    assert "Israël" in _mention_texts(_holding(_entities(nlp, fr, text), periphrasis))


@pytest.mark.parametrize(("text", "mention"), [
    ("Le toit de la cathédrale de Notre-Dame a brûlé. Notre-Dame rouvrira dans cinq ans.", "cathédrale de Notre-Dame"),
    ("Les fidèles ont quitté l'église de Notre-Dame-des-Victoires. Notre-Dame-des-Victoires est fermée.",
     "église de Notre-Dame-des-Victoires"),
])
def test_a_dedication_after_a_generic_and_de_names_the_church(nlp: Any, fr: Any, text: str, mention: str) -> None:
    entity = _holding(_entities(nlp, fr, text), mention)
    assert len(_mention_texts(entity)) == 2 and entity.type == "LOC"


@pytest.mark.parametrize(("text", "mention"), [
    ('"Nous ne voulons plus de menaces!""M. Trump, vous avez tweeté hier.', "M. Trump"),
    ("« Assez de promesses »Mme Borne, elle, reste silencieuse.", "Mme Borne"),
])
def test_an_honorific_glued_to_the_sentence_before_stays_in_the_mention(nlp: Any, fr: Any, text: str,
                                                                         mention: str) -> None:
    entities = _entities(nlp, fr, text)
    assert any(mention in _mention_texts(e) for e in entities), [sorted(_mention_texts(e)) for e in entities]


@pytest.mark.parametrize(("text", "alias", "person"), [
    ("Des milices ont juré de venger Hajj Ghassem (le général Qassem Soleimani, NDLR), tué vendredi.",
     "Hajj Ghassem", "Qassem Soleimani"),
    ("Le porte-parole a dénoncé Abou Mahdi (Abou Mahdi al-Mouhandis, NDLR) et ses alliés.",
     "Abou Mahdi", "Abou Mahdi al-Mouhandis"),
])
def test_an_editors_note_names_whom_the_words_before_it_mean(nlp: Any, fr: Any, text: str, alias: str,
                                                            person: str) -> None:
    entities = _entities(nlp, fr, text)
    assert alias in _mention_texts(_holding(entities, person))
    assert not any("NDLR" in _mention_texts(e) for e in entities)


def test_an_editors_note_on_a_place_joins_nothing(nlp: Any, fr: Any) -> None:
    entities = _entities(nlp, fr, "« Nous attendons la réponse de Téhéran (l'Iran, NDLR) », a dit le ministre.")
    assert "Iran" not in _mention_texts(_holding(entities, "Téhéran"))


@pytest.mark.parametrize(("text", "known", "person"), [
    ("Un dîner officiel est prévu samedi à la Maison-Blanche Jacinda Ardern, en visite depuis jeudi.",
     "Maison-Blanche", "Jacinda Ardern"),
    ("Le chef de l'Otan Jens Stoltenberg a parlé à la presse.", "Otan", "Jens Stoltenberg"),
])
def test_a_known_name_glued_before_a_full_name_is_cut_off(nlp: Any, fr: Any, text: str, known: str,
                                                           person: str) -> None:
    entities = _entities(nlp, fr, text)
    assert _holding(entities, known) is not _holding(entities, person)


@pytest.mark.parametrize(("text", "name", "acronym"), [
    ("Le dossier du fichier a été transmis à la Commission nationale de l'informatique et des libertés "
     "(CNIL) en mars. La CNIL rendra son avis cet été.", "Commission nationale de l'informatique et des libertés",
     "CNIL"),
    ("Deux suspects ont été interpellés par la direction générale de la sécurité intérieure (DGSI) dans la "
     "nuit.", "direction générale de la sécurité intérieure", "DGSI"),
    ("Selon l'Institut national de la statistique et des études économiques (Insee), le chômage a reculé au "
     "printemps.", "Institut national de la statistique et des études économiques", "Insee"),
])
def test_the_words_an_acronym_spells_before_its_bracket_are_its_name(nlp: Any, fr: Any, text: str, name: str,
                                                                      acronym: str) -> None:
    assert acronym in _mention_texts(_holding(_entities(nlp, fr, text), name))


def test_a_bracketed_word_that_spells_nothing_before_it_is_no_acronym(nlp: Any, fr: Any) -> None:
    entities = _entities(nlp, fr, "Jean Dupont (Renault) et Marie Martin (PS) ont débattu jeudi.")
    assert "Renault" not in _mention_texts(_holding(entities, "Jean Dupont"))
    assert "PS" not in _mention_texts(_holding(entities, "Marie Martin"))


@pytest.mark.parametrize(("text", "acronym", "name"), [
    ("Trois douaniers de l'OCRTIS (Office central pour la répression du trafic illicite des stupéfiants) "
     "ont témoigné mardi.", "OCRTIS", "Office central pour la répression du trafic illicite des stupéfiants"),
    ("Le calendrier dépendra des chiffres de l'Insee (institut national de la statistique et des études "
     "économiques, ndlr) et des syndicats.", "Insee", "institut national de la statistique et des études économiques"),
    ("Le président de la FIFA (Fédération internationale de football association) a démissionné.",
     "FIFA", "Fédération internationale de football association"),
])
def test_an_acronym_followed_by_the_words_it_spells_in_brackets_is_one_body(nlp: Any, fr: Any, text: str,
                                                                             acronym: str, name: str) -> None:
    assert name in _mention_texts(_holding(_entities(nlp, fr, text), acronym))


def test_a_place_in_brackets_after_a_place_is_no_expansion(nlp: Any, fr: Any) -> None:
    entities = _entities(nlp, fr, "Elle a rejoint Paris (France) hier, puis Lyon.")
    assert "France" not in _mention_texts(_holding(entities, "Paris"))


@pytest.mark.parametrize(("text", "mention", "core"), [
    ("Selon Le Figaro, le projet est abandonné depuis mars.", "Le Figaro", "Figaro"),
    ("Le colis a été envoyé par La Poste jeudi, puis livré à Lyon.", "La Poste", "Poste"),
])
def test_a_capitalised_article_inside_a_sentence_opens_the_name(nlp: Any, fr: Any, text: str, mention: str,
                                                                core: str) -> None:
    entity = _holding(_entities(nlp, fr, text), mention)
    assert entity.name == core


def test_a_capitalised_article_opening_a_sentence_is_not_kept(nlp: Any, fr: Any) -> None:
    entities = _entities(nlp, fr, "La France a voté la loi. Le texte part au Sénat.")
    assert "La France" not in {m for e in entities for m in _mention_texts(e)}


@pytest.mark.parametrize("text", [
    "Les salariés souffrent de troubles musculo-squelettiques (TMS) depuis des années.",
    "Le gouvernement a supprimé l'impôt de solidarité sur la fortune (ISF) en 2018.",
])
def test_a_lowercase_concept_before_an_acronym_is_no_body(nlp: Any, fr: Any, text: str) -> None:
    assert not any(e.name[:1].islower() for e in _entities(nlp, fr, text))


def test_an_event_named_after_a_city_stays_an_event(nlp: Any, fr: Any) -> None:
    entities = _entities(nlp, fr, "La Conférence de Paris sur le climat s'ouvre lundi. Paris accueille 150 délégations.")
    assert not any("Conférence de Paris" in _mention_texts(e) and e.type == "LOC" for e in entities)
