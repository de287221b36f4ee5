"""Candidate stories (recoupe.link.story_index): damping by time only the stories whose content similarity
passes the threshold, found by array operations over the index, picks the story that scoring every active
story picks, with the same floats.

The articles are written for the tests: three running stories (a drought, a port strike, a football
transfer), each told in several wordings, among a stream of invented filler articles that share the
language's common words with every story.
"""

from __future__ import annotations

import json
import math
import random
from typing import Any

import pytest

from recoupe.link.stories import StoryClusterer, StoryOptions, _Story, combine_similarity, time_similarity
from recoupe.link.story_index import CentroidIndex
from recoupe.link.story_space import cosine
from recoupe.read.reader import count_lemmas


class ExhaustiveClusterer(StoryClusterer):
    """The clusterer as it was before candidates were bounded: every active story is scored."""

    def _best_story(self, lemma_vec: dict[str, float], entity_vec: dict[str, float],
                    day: int | None) -> _Story | None:
        best: _Story | None = None
        best_score = self.options.threshold
        for story_id in sorted(self._stories):
            story = self._stories[story_id]
            score = combine_similarity(self.options, cosine(lemma_vec, story.lemmas),
                                       cosine(entity_vec, story.entities), bool(entity_vec and story.entities),
                                       time_similarity(self.options, day, story.first, story.last))
            if score > best_score:
                best, best_score = story, score
        return best


DROUGHT = [
    ("La sécheresse frappe le département du Gard : les agriculteurs réclament une aide",
     "Faute de pluie depuis trois mois, les nappes phréatiques du Gard sont au plus bas. Les agriculteurs "
     "demandent à la préfecture une aide pour irriguer leurs vergers."),
    ("Gard : la préfecture restreint l'arrosage",
     "La préfète du Gard a interdit l'arrosage des jardins et le remplissage des piscines. Les nappes "
     "phréatiques n'ont jamais été aussi basses en avril, selon les hydrologues."),
    ("",
     "Les vergers du Gard souffrent de la sécheresse. Les arboriculteurs craignent de perdre la moitié "
     "de la récolte si la pluie ne revient pas avant l'été, et la préfecture promet une aide."),
]
STRIKE = [
    ("Grève au port de Sète : les dockers bloquent les quais",
     "Les dockers du port de Sète ont cessé le travail lundi pour protester contre la réforme de leur "
     "statut. Aucun navire n'a été déchargé, selon la capitainerie."),
    ("",
     "Au troisième jour de grève, les quais du port de Sète restent bloqués. Les dockers exigent le retrait "
     "de la réforme, la capitainerie compte douze navires en attente au large."),
    ("Sète : les dockers votent la reprise du travail",
     "Réunis en assemblée, les dockers de Sète ont voté la fin de la grève après l'abandon de la réforme "
     "de leur statut. Les navires en attente entreront au port dès mercredi."),
]
TRANSFER = [
    ("Mercato : le milieu Karim Osei signe à Lisbonne",
     "Le milieu de terrain Karim Osei quitte Lens pour Lisbonne contre douze millions d'euros. Le joueur "
     "a signé un contrat de quatre ans, a annoncé le club portugais."),
    ("",
     "Karim Osei a passé sa visite médicale à Lisbonne. Le transfert du milieu lensois, estimé à douze "
     "millions d'euros, est le plus cher de l'été pour le club nordiste."),
    ("Osei : Lens justifie le départ de son milieu",
     "L'entraîneur de Lens regrette le départ de Karim Osei mais juge le montant du transfert impossible "
     "à refuser. Le milieu disputera son premier match à Lisbonne samedi."),
]
FILLER = ("Le gouvernement a annoncé mardi une nouvelle mesure, a indiqué le ministre lors d'une conférence "
                "de presse. Selon lui, la décision sera prise dans les prochains jours et fera l'objet d'un débat "
                "au Parlement. Plusieurs responsables ont déjà fait savoir qu'ils étaient opposés au projet.")


def filler_text(rng: random.Random) -> str:
    """An invented article of common words only, drawn at random: it shares little with any story."""
    words = FILLER.split()
    return " ".join(rng.choice(words) for _ in range(40))


@pytest.fixture(scope="module")
def stream(nlp: Any) -> list[tuple[str, str, str, dict[str, int], list[str]]]:
    """(id, title, date, lemma counts, entity keys) of the three stories interleaved with filler articles."""
    rng = random.Random(7)
    rows: list[tuple[str, str, str, dict[str, int], list[str]]] = []
    for turn in range(3):
        for name, story in (("drought", DROUGHT), ("strike", STRIKE), ("transfer", TRANSFER)):
            title, text = story[turn]
            doc = nlp(f"{title} {text}")
            rows.append((f"{name}{turn}", title, f"2024-04-{1 + turn:02d}", count_lemmas(doc),
                         [e.text.lower() for e in doc.ents]))
        for k in range(6):
            doc = nlp(filler_text(rng))
            rows.append((f"filler{turn}-{k}", "", f"2024-04-{1 + turn:02d}", count_lemmas(doc), []))
    return rows


def test_bounded_candidates_join_each_article_where_every_story_scored_would(stream: list[Any]) -> None:
    bounded, exhaustive = StoryClusterer(), ExhaustiveClusterer()
    for aid, title, day, lemmas, keys in stream:
        assert bounded.add_features(aid, title, day, lemmas, keys) == exhaustive.add_features(
            aid, title, day, lemmas, keys), aid


def test_each_story_told_in_other_words_stays_one_story(stream: list[Any]) -> None:
    clusterer = StoryClusterer()
    story = {aid: clusterer.add_features(aid, title, day, lemmas, keys) for aid, title, day, lemmas, keys in stream}
    for name in ("drought", "strike", "transfer"):
        assert story[f"{name}0"] == story[f"{name}1"] == story[f"{name}2"], name
    assert len({story["drought0"], story["strike0"], story["transfer0"]}) == 3


def _zipf_stream(seed: int, articles: int) -> list[tuple[str, str, dict[str, int], list[str]]]:
    """Synthetic articles over a Zipf vocabulary (a few words everywhere, most words rare), each drawn from one
    of a few hidden topics: many stories share the common words, as in a year of news."""
    rng = random.Random(seed)
    vocabulary = [f"mot{i}" for i in range(3000)]
    zipf = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    topics = [rng.sample(vocabulary[200:], 25) for _ in range(60)]
    out = []
    for n in range(articles):
        topic = rng.randrange(len(topics))
        words = rng.choices(vocabulary, zipf, k=60) + rng.choices(topics[topic], k=25)
        counts: dict[str, int] = {}
        for word in words:
            counts[word] = counts.get(word, 0) + 1
        keys = [f"e{topic}-{rng.randrange(3)}" for _ in range(rng.randrange(4))]
        out.append((f"a{n}", f"2024-{1 + n * 12 // articles:02d}-{1 + n % 28:02d}", counts, keys))
    return out


@pytest.mark.parametrize(("seed", "threshold"), [(1, 0.12), (2, 0.12), (3, 0.2), (4, 0.08)])
def test_bounding_keeps_the_partition_of_a_long_stream(seed: int, threshold: float) -> None:
    options = StoryOptions(threshold=threshold, max_active=150)
    bounded, exhaustive = StoryClusterer(options), ExhaustiveClusterer(options)
    for aid, day, lemmas, keys in _zipf_stream(seed, 600):
        assert bounded.add_features(aid, "", day, lemmas, keys) == exhaustive.add_features(aid, "", day, lemmas, keys)




def _random_centroid(rng: random.Random, terms: int, size: int) -> dict[str, float]:
    return {f"t{t}": rng.random() for t in rng.sample(range(terms), size)}


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values())) or 1.0


def test_the_index_finds_exactly_the_stories_whose_content_passes_after_joins_and_retirements() -> None:
    rng = random.Random(11)
    index = CentroidIndex()
    stories: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    for step in range(300):
        story_id = f"s{rng.randrange(60)}"
        if story_id in stories and rng.random() < 0.3:  # retire it: its slot is reused later
            index.remove(story_id, stories.pop(story_id))
            continue
        old = stories.get(story_id, ({}, {}))
        new = (_random_centroid(rng, 80, 12), _random_centroid(rng, 20, rng.randrange(3)))
        index.put(story_id, new, old, (_norm(new[0]), _norm(new[1])))
        stories[story_id] = new
        if step % 10:
            continue
        lemma_vec, entity_vec = _random_centroid(rng, 80, 15), _random_centroid(rng, 20, 2)
        expected = []
        for sid in sorted(stories):
            lemmas, entities = stories[sid]
            lemma_cos = sum(w * lemmas[t] for t, w in lemma_vec.items() if t in lemmas) / _norm(lemmas)
            entity_cos = sum(w * entities[t] for t, w in entity_vec.items() if t in entities) / _norm(entities)
            use = bool(entity_vec and entities)
            content = (0.6 * lemma_cos + 0.3 * entity_cos) / (0.6 + 0.3) if use else 0.6 * lemma_cos / 0.6
            if content > 0.5:
                expected.append((sid, lemma_cos, entity_cos, use))
        found = [(c.story_id, c.lemma_cos, c.entity_cos, c.use_entities)
                 for c in index.candidates(lemma_vec, entity_vec, (0.6, 0.3), 0.5)]
        assert found == expected  # the same stories, the same floats


def test_a_story_sharing_only_common_words_is_no_candidate() -> None:
    index = CentroidIndex()
    drought = ({"sécheresse": 0.8, "nappe": 0.5, "annoncer": 0.1}, {"gard": 1.0})
    strike = ({"grève": 0.8, "docker": 0.5, "annoncer": 0.1}, {"sète": 1.0})
    for story_id, centroids in (("s1", drought), ("s2", strike)):
        index.put(story_id, centroids, ({}, {}), (_norm(centroids[0]), _norm(centroids[1])))
    for article in ({"sécheresse": 0.7, "annoncer": 0.7}, {"nappe": 0.5, "sécheresse": 0.5, "dire": 0.7},
                    {"arrosage": 0.6, "nappe": 0.6, "annoncer": 0.5}):
        assert [c.story_id for c in index.candidates(article, {}, (0.6, 0.3), 0.12)] == ["s1"]


def test_a_restored_clusterer_goes_on_as_the_straight_one() -> None:
    options = StoryOptions(max_active=120)
    straight, stream = StoryClusterer(options), _zipf_stream(9, 500)
    for aid, day, lemmas, keys in stream[:250]:
        straight.add_features(aid, "", day, lemmas, keys)
    restored = StoryClusterer.restore(json.loads(json.dumps(straight.snapshot())))
    for aid, day, lemmas, keys in stream[250:]:  # joins, new stories and retirements after the restore
        assert restored.add_features(aid, "", day, lemmas, keys) == straight.add_features(aid, "", day, lemmas, keys)
