"""Online story clustering on short French articles written for the tests."""

from __future__ import annotations

import json
from typing import Any

import pytest

from recoupe.link.stories import StoryClusterer, StoryOptions, cluster_stories
from recoupe.read.reader import count_lemmas
from recoupe.records import Article, Entity, Mention, ReadArticle, Reading

STRIKE = [
    ("g1", "2024-03-04", "Grève des cheminots : le trafic très perturbé",
     "Les cheminots de la compagnie Ferrovia sont en grève depuis lundi pour réclamer une hausse des salaires. "
     "Le syndicat Rail Unitaire annonce que deux trains sur trois sont supprimés dans la région de Lyon."),
    ("g2", "2024-03-05", "",
     "La grève des conducteurs de Ferrovia se poursuit mardi. La direction de la compagnie propose une prime, "
     "que le syndicat Rail Unitaire juge insuffisante face à la hausse des prix."),
    ("g3", "2024-03-07", "Ferrovia : la direction et les syndicats reprennent les négociations",
     "Après quatre jours de grève, la direction de Ferrovia et le syndicat Rail Unitaire se retrouvent jeudi "
     "à Lyon pour négocier les salaires des cheminots. Les trains restent rares."),
]
VOLCANO = [
    ("v1", "2024-03-05", "Éruption sur l'île de Skarvey : les habitants évacués",
     "Le volcan Hekaborg est entré en éruption dans la nuit sur l'île de Skarvey. Les autorités ont évacué "
     "les trois villages proches de la coulée de lave et fermé l'aéroport."),
    ("v2", "2024-03-06", "",
     "La coulée de lave du volcan Hekaborg avance lentement vers le port de Skarvey. Les volcanologues "
     "observent une fissure longue de deux kilomètres et des panaches de cendres."),
]
LATE_STRIKE = ("g4", "2024-03-09", "",
               "Fin de la grève chez Ferrovia : la direction accorde une hausse des salaires aux cheminots, "
               "et le syndicat Rail Unitaire appelle à reprendre le travail lundi. Les trains reviennent à Lyon.")
LATE_VOLCANO = ("v3", "2024-03-09", "",
                "Sur l'île de Skarvey, l'éruption du volcan Hekaborg faiblit. Les habitants évacués pourront "
                "bientôt regagner leurs villages, la lave s'étant arrêtée avant le port.")


def make_item(nlp: Any, row: tuple[str, str, str, str]) -> ReadArticle:
    """A ReadArticle whose lemmas and entities come from spaCy, as the reading stage would give them."""
    article_id, published, title, text = row
    doc = nlp(text)
    entities = [Entity(name=e.text, type=e.label_, mentions=[Mention(article_id, e.start_char, e.end_char, e.text)])
                for e in doc.ents]
    article = Article(id=article_id, raw_text=text, clean_text=text, title=title or None, published=published)
    return ReadArticle(article, Reading(article=article_id, entities=entities, lemmas=count_lemmas(doc)))


@pytest.fixture(scope="module")
def items(nlp: Any) -> dict[str, ReadArticle]:
    return {row[0]: make_item(nlp, row) for row in [*STRIKE, *VOLCANO, LATE_STRIKE, LATE_VOLCANO]}


def ordered(items: dict[str, ReadArticle], ids: list[str]) -> list[ReadArticle]:
    return [items[i] for i in ids]


def test_two_topics_make_two_stories(items: dict[str, ReadArticle]) -> None:
    stories = cluster_stories(ordered(items, ["g1", "v1", "g2", "v2", "g3"]))
    assert stories["g1"] == stories["g2"] == stories["g3"]
    assert stories["v1"] == stories["v2"]
    assert stories["g1"] != stories["v1"]


def test_new_article_joins_the_right_story(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer()
    ids = {i: clusterer.add(items[i]) for i in ["g1", "v1", "g2", "v2", "g3"]}
    assert clusterer.add(items["v3"]) == ids["v1"]
    assert clusterer.add(items["g4"]) == ids["g1"]
    assert clusterer.similarity(items["g4"], ids["g1"]) > clusterer.similarity(items["g4"], ids["v1"])


def test_adding_an_article_twice_changes_nothing(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(items["g1"])
    snapshot = clusterer.snapshot()
    assert clusterer.add(items["g1"]) == first
    assert clusterer.snapshot() == snapshot


def test_titles_come_from_the_articles(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer()
    for i in ["g1", "g2", "g3", "v2"]:
        clusterer.add(items[i])
    by_size = sorted(clusterer.stories(), key=lambda s: -len(s.articles))
    strike, volcano = by_size
    assert strike.articles == ["g1", "g2", "g3"]
    assert strike.title in {row[2] for row in STRIKE if row[2]}
    assert (strike.first, strike.last) == ("2024-03-04", "2024-03-07")
    # no title: the first sentence of the article stands in
    assert volcano.title == "La coulée de lave du volcan Hekaborg avance lentement vers le port de Skarvey."


def test_snapshot_restore_round_trip(items: dict[str, ReadArticle]) -> None:
    straight = StoryClusterer()
    for i in ["g1", "v1", "g2", "v2", "g3"]:
        straight.add(items[i])
    snapshot = json.loads(json.dumps(straight.snapshot()))
    restored = StoryClusterer.restore(snapshot)
    assert restored.snapshot() == snapshot
    before = {s.id: list(s.articles) for s in restored.stories()}
    story = restored.add(items["g4"])
    assert story == straight.add(items["g4"])
    after = {s.id: s.articles for s in restored.stories()}
    assert after[story] == [*before[story], "g4"]
    assert all(after[k] == v for k, v in before.items() if k != story)  # the others are untouched


def test_active_stories_are_capped_and_retired_keep_their_id(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer(StoryOptions(max_active=1))
    first = clusterer.add(items["g1"])
    second = clusterer.add(items["v1"])
    assert len(clusterer.snapshot()["stories"]) == 1
    retired = clusterer.pop_retired()
    assert [(s.id, s.articles) for s in retired] == [(first, ["g1"])]
    assert clusterer.pop_retired() == []
    assert clusterer.add(items["g2"]) not in {first, second}  # a new story: ids are never reused


def test_idle_stories_retire_after_the_window(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer(StoryOptions(window_days=1))
    old = clusterer.add(items["g1"])  # 4 March
    clusterer.add(items["v2"])  # 6 March: g1's story has been idle two days
    assert old not in {s["id"] for s in clusterer.snapshot()["stories"]}
    assert [s.id for s in clusterer.pop_retired()] == [old]


def test_centroids_keep_only_the_top_terms(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer(StoryOptions(top_terms=5, top_entities=2))
    for i in ["g1", "g2", "g3"]:
        clusterer.add(items[i])
    for story in clusterer.snapshot()["stories"]:
        assert len(story["lemmas"]) <= 5
        assert len(story["entities"]) <= 2


def test_unknown_dates_and_given_entity_keys(items: dict[str, ReadArticle]) -> None:
    clusterer = StoryClusterer()
    a = clusterer.add_features("x1", "Premier", None, {"grève": 2, "cheminot": 1, "salaire": 1}, ["ferrovia"])
    b = clusterer.add_features("x2", "", None, {"grève": 1, "cheminot": 2, "train": 1}, ["ferrovia"])
    c = clusterer.add_features("x3", "", None, {"volcan": 2, "lave": 1}, ["skarvey"])
    assert a == b != c
