"""A naming joins the entry that tells its event when it names the act that entry tells (a noun and its verb)."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.link.timeline_events import share_act
from recoupe.read.events import REFERENCE
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def item(aid: str, source: str, sentence: str, words: str, kind: str | None, act: str | None) -> ReadArticle:
    """An article of one sentence dated 3 March 2023 by `words`, of event type `kind` and act `act`."""
    event = Event(date="2023-03-03", precision="day", what=sentence, type=kind, predicate=act,
                  evidence=Mention(aid, 0, len(sentence), sentence))
    w = sentence.index(words)
    timex = TimeRef("DATE", "2023-03-03", Mention(aid, w, w + len(words), words), precision="day")
    article = Article(id=aid, raw_text=sentence, source=source, published="2023-03-06", clean_text=sentence)
    return ReadArticle(article, Reading(article=aid, events=[event], timexes=[timex],
                                        lemmas={x: 1 for x in sentence.lower().split()}))


@pytest.mark.parametrize(("told", "told_act", "naming", "naming_act"), [
    ("Des avions de combat ont frappé vendredi 3 mars trois dépôts d'armes d'une milice près de la frontière.",
     "frapper",
     "Les frappes de vendredi 3 mars donnent du poids aux menaces répétées du gouvernement contre ses voisins.",
     "frappe"),
    ("Une bonbonne de gaz a explosé le 3 mars dans la cuisine d'un restaurant du centre historique.",
     "exploser",
     "Depuis l'explosion du 3 mars, les commerçants de la rue réclament en vain un plan d'aide durable.",
     "explosion"),
    ("La garde nationale a évacué le 3 mars les habitants de quatre villages menacés par la crue du fleuve.",
     "évacuer",
     "Depuis l'évacuation du 3 mars, les élus locaux réclament en vain un plan de relogement durable.",
     "évacuation"),
    ("Un tribunal de la capitale a condamné le 3 mars l'ancien ministre à cinq ans de prison ferme.",
     "condamner",
     "Sa condamnation du 3 mars relance le débat parlementaire sur l'indépendance des juges du pays.",
     "condamnation"),
])
def test_a_naming_joins_the_entry_that_tells_its_act(told: str, told_act: str, naming: str, naming_act: str) -> None:
    words = "3 mars"
    entries = build_timeline([item("a", "alpha.fr", told, words, None, told_act),
                              item("b", "beta.fr", naming, words, REFERENCE, naming_act)])
    assert [sorted(e.articles) for e in entries] == [["a", "b"]]


def test_a_naming_of_another_act_stays_its_own_entry() -> None:
    told = "Des avions de combat ont frappé vendredi 3 mars trois dépôts d'armes d'une milice près de la frontière."
    naming = "La grève du 3 mars a paralysé pendant toute la journée les trains et les bus de la région."
    entries = build_timeline([item("a", "alpha.fr", told, "3 mars", None, "frapper"),
                              item("b", "beta.fr", naming, "3 mars", REFERENCE, "grève")])
    assert len(entries) == 2


def test_a_naming_whose_act_was_not_read_stays_its_own_entry() -> None:
    told = "Des avions de combat ont frappé vendredi 3 mars trois dépôts d'armes d'une milice près de la frontière."
    naming = "Les frappes de vendredi 3 mars donnent du poids aux menaces répétées du gouvernement contre ses voisins."
    entries = build_timeline([item("a", "alpha.fr", told, "3 mars", None, "frapper"),
                              item("b", "beta.fr", naming, "3 mars", REFERENCE, None)])
    assert len(entries) == 2


def test_the_incremental_state_keeps_the_act_and_doer() -> None:
    """The incremental update stores candidates; their act must come back, or a naming joins nothing there."""
    from recoupe.lang import load_language
    from recoupe.link.timeline import TimelineOptions, collect_candidates
    from recoupe.link.timeline_update import _decode, _encode
    from recoupe.link.timeline_words import word_rules

    sentence = "Des avions de combat ont frappé vendredi 3 mars trois dépôts d'armes d'une milice près de la frontière."
    told = item("a", "alpha.fr", sentence, "3 mars", None, "frapper")
    told.reading.events[0].agent = "a:e0"
    cand = collect_candidates([told], word_rules(load_language("fr")), TimelineOptions())[0]
    back = _decode(_encode(cand))
    assert (back.event.predicate, back.event.agent) == ("frapper", "a:e0")


@pytest.mark.parametrize(("noun", "verb"), [
    ("partage", "partir"),  # sharing is the act of "partager", not of leaving
    ("fondation", "fondre"),  # founding is the act of "fonder", not of melting
    ("marché", "marcher"),  # a market is no march: its "é" is no silent "e"
    ("arrêté", "arrêter"),  # a decree is no arrest
])
def test_words_whose_endings_strip_to_one_root_but_name_different_acts_are_two_acts(noun: str, verb: str) -> None:
    assert not share_act(noun, verb)


@pytest.mark.parametrize(("noun", "verb"), [
    ("lancement", "lancer"),
    ("fondation", "fonder"),
    ("marche", "marcher"),
    ("arrivée", "arriver"),
    ("pillage", "piller"),
    ("achèvement", "achever"),
    ("explosion", "exploser"),
    ("arrêt", "arrêter"),
])
def test_a_noun_of_an_act_and_its_verb_are_one_act(noun: str, verb: str) -> None:
    assert share_act(noun, verb)


@pytest.mark.parametrize(("told", "told_act", "naming", "naming_act"), [
    ("Les derniers habitants du hameau sont partis le 3 mars vers la ville voisine avec leurs troupeaux.",
     "partir",
     "Le partage du 3 mars a attribué les terres communales aux familles restées sur place.",
     "partage"),
    ("Le glacier a fondu le 3 mars plus vite qu'aucun relevé ne l'avait jamais montré.",
     "fondre",
     "La fondation du 3 mars finance désormais la recherche sur les glaciers de la région.",
     "fondation"),
    ("Des milliers de manifestants ont marché le 3 mars jusqu'au palais présidentiel.",
     "marcher",
     "Le marché du 3 mars a attiré des producteurs venus de toute la région.",
     "marché"),
])
def test_a_naming_of_another_act_with_the_same_root_stays_its_own_entry(
        told: str, told_act: str, naming: str, naming_act: str) -> None:
    entries = build_timeline([item("a", "alpha.fr", told, "3 mars", None, told_act),
                              item("b", "beta.fr", naming, "3 mars", REFERENCE, naming_act)])
    assert len(entries) == 2
