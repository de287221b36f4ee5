"""The link functions both engines call, checked without Spark: the duplicate rule given matches (with its
memory bound), the band keys a batch join finds candidates by, one story key per mention, the per-article link
step, and the institution rows a story's entity records make."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from recoupe.lang import PATH_VARIABLE
from recoupe.link.dedup import CopyRule, DedupOptions, DuplicateFinder, band_keys, estimated_jaccard
from recoupe.link.entities import EntityLinker
from recoupe.link.institutions import group_institutions
from recoupe.link.languages import STATE_PREFIX, LanguageLinkers
from recoupe.link.linking import LinkFeatures, features_of, link_article, story_keys
from recoupe.link.stories import StoryClusterer
from recoupe.records import Article, Entity, Mention, ReadArticle, Reading
from recoupe.spark.timelines import institution_rows

# Sentences written for these tests: three dispatches, each in a few outlets' wordings.
DISPATCHES = [
    ("La préfecture du Cantal a fermé mardi la route nationale entre Aurillac et Murat après un éboulement "
     "survenu dans la nuit, qui n'a fait aucun blessé. Les services de l'équipement estiment que les travaux "
     "de dégagement dureront au moins une semaine, et une déviation par les routes départementales est "
     "proposée aux automobilistes comme aux transporteurs."),
    ("Les salariés de l'usine de pneumatiques de Montluçon ont voté jeudi la reconduction de leur grève, "
     "entamée il y a dix jours pour obtenir une hausse des salaires de six pour cent. La direction propose "
     "trois pour cent et une prime exceptionnelle, ce que les syndicats jugent insuffisant au vu de "
     "l'inflation et des bénéfices annoncés par le groupe au printemps."),
    ("Le festival de musique baroque de Sablé accueillera cet été quarante concerts dans les églises du "
     "département, a annoncé lundi son directeur, qui attend plus de vingt mille spectateurs. La billetterie "
     "ouvre le premier juin et des tarifs réduits sont prévus pour les étudiants et les demandeurs d'emploi "
     "de la région."),
]


def variants(text: str) -> list[str]:
    """A dispatch as several outlets run it: as is, with a new lead, trimmed, and with a word changed."""
    first, _, rest = text.partition(". ")
    return [text, "Coup dur pour la région. " + text, first + ".", text.replace(" au moins", " sans doute"),
            rest]


def test_band_keys_give_the_local_index_s_candidates() -> None:
    """The band keys a batch join uses give the candidates of datasketch's MinHashLSH, and of the local index."""
    texts = [v for d in DISPATCHES for v in variants(d)]
    finder = DuplicateFinder()
    lsh = MinHashLSH(threshold=finder.options.threshold, num_perm=finder.options.num_perm)
    signatures = [finder.signature(t) for t in texts]
    for i, signature in enumerate(signatures):
        if signature:
            lsh.insert(str(i), LeanMinHash(seed=1, hashvalues=np.frombuffer(signature, dtype=np.uint64),
                                           scheme="affine32"))
            finder._lsh.insert(str(i), signature)
    keys = [set(band_keys(s)) for s in signatures]
    for i, j in itertools.combinations(range(len(texts)), 2):
        if not signatures[i] or not signatures[j]:
            assert not keys[i] & keys[j]  # a text too short to judge has no band to share
            continue
        mh = LeanMinHash(seed=1, hashvalues=np.frombuffer(signatures[i], dtype=np.uint64), scheme="affine32")
        assert bool(keys[i] & keys[j]) == (str(j) in lsh.query(mh)) == (str(j) in finder._lsh.query(signatures[i]))


def band_matches(texts: list[str], options: DedupOptions) -> list[list[str]]:
    """For each text, every earlier text sharing a band key whose estimate reaches the threshold, found as the
    Spark engine finds them: by a join over all articles, with no memory bound."""
    finder = DuplicateFinder(options)
    signatures = [finder.signature(t) for t in texts]
    keys = [set(band_keys(s, options)) for s in signatures]
    values = [np.frombuffer(s, dtype=np.uint64) for s in signatures]
    return [[str(j) for j in range(i) if keys[i] & keys[j]
             and estimated_jaccard(values[i], values[j]) >= options.threshold] for i in range(len(texts))]


def test_the_rule_over_joined_matches_gives_the_index_s_answers_within_its_memory() -> None:
    texts = [v for d in DISPATCHES for v in variants(d)]
    texts += [variants(DISPATCHES[0])[1], DISPATCHES[1]]  # copies met again after the others
    for kept in (2, 3, 5, 20):
        options = DedupOptions(max_kept=kept)
        finder = DuplicateFinder(options)
        expected = [finder.add(str(i), t) for i, t in enumerate(texts)]
        rule = CopyRule(kept)
        signed = [bool(finder.signature(t)) for t in texts]
        got = [rule.add(str(i), m) if signed[i] else None for i, m in enumerate(band_matches(texts, options))]
        assert got == expected, kept


def test_a_copy_points_at_the_earliest_remembered_article_of_its_group() -> None:
    rule = CopyRule(max_kept=10)
    assert rule.add("wire", []) is None
    assert rule.add("outlet-1", ["wire"]) == "wire"
    assert rule.add("outlet-2", ["outlet-1"]) == "wire"  # through the copy it matches, to the original
    assert rule.add("other", []) is None
    forgetful = CopyRule(max_kept=2)
    for name, matches in (("wire", []), ("outlet-1", ["wire"]), ("other", [])):
        forgetful.add(name, matches)
    # "wire" is forgotten: a match with it is not found, and the copy it made stands for the group
    assert forgetful.add("outlet-2", ["wire", "outlet-1"]) == "outlet-1"
    assert forgetful.originals() == {"outlet-2": "outlet-1"}


def entity(article: str, n: int, name: str, etype: str, mentions: int, aliases: list[str] | None = None) -> Entity:
    return Entity(name=name, type=etype, aliases=aliases or [], id=f"{article}:e{n}",
                  mentions=[Mention(article=article, text=name, start=10 * k, end=10 * k + len(name)) for k in range(mentions)])


def test_story_keys_repeat_each_linked_entity_once_per_mention() -> None:
    ents = [entity("a", 1, "Montluçon", "LOC", 3), entity("a", 2, "CGT", "ORG", 1), entity("a", 3, "Paul", "PER", 2)]
    assert story_keys(ents, {"a:e1": "g1", "a:e2": "g2"}) == ["g1", "g1", "g1", "g2"]
    assert story_keys(ents, {}) == []


def read_article(aid: str, published: str, title: str, lemmas: dict[str, int], ents: list[Entity]) -> ReadArticle:
    article = Article(id=aid, raw_text=title, origin=aid, title=title, published=published, clean_text=title)
    return ReadArticle(article, Reading(article=aid, entities=ents, lemmas=lemmas))


def test_linking_from_features_moves_the_linkers_as_linking_read_articles(fr: Any) -> None:
    items = [read_article("a", "2024-03-01", "Grève à Montluçon", {"grève": 3, "usine": 2},
                          [entity("a", 1, "Montluçon", "LOC", 2)]),
             read_article("b", "2024-03-02", "La grève continue", {"grève": 2, "salaire": 1},
                          [entity("b", 1, "Montluçon", "LOC", 1)]),
             read_article("c", "2024-03-02", "Un festival baroque", {"concert": 3, "église": 2},
                          [entity("c", 1, "Sablé", "LOC", 1)])]
    linker, clusterer = EntityLinker(fr), StoryClusterer()
    stories = [link_article(linker, clusterer, features_of(item)).story for item in items]
    assert stories[0] == stories[1] != stories[2]
    # the same articles as bare features (as the Spark driver holds them) give the same state
    linker2, clusterer2 = EntityLinker(fr), StoryClusterer()
    for item in items:
        features = LinkFeatures(item.article.id, item.article.published, item.article.title or "",
                                dict(item.reading.lemmas), list(item.reading.entities))
        link_article(linker2, clusterer2, features)
    assert clusterer2.snapshot() == clusterer.snapshot()
    assert linker2.entity_states() == linker.entity_states()


def test_a_story_s_institution_rows_leave_persons_out_and_follow_publication_order(fr: Any) -> None:
    later = read_article("b", "2024-05-02", "", {}, [entity("b", 1, "la coalition anti-EI", "ORG", 1),
                                                     entity("b", 2, "Jean Dupont", "PER", 1)])
    earlier = read_article("a", "2024-05-01", "", {}, [entity("a", 1, "la coalition", "ORG", 2)])
    undated = read_article("c", "", "", {}, [entity("c", 1, "la coalition internationale", "ORG", 1)])
    undated.article.published = None
    links = {"a:e1": "g1", "b:e1": "g2", "b:e2": "g3", "c:e1": "g4"}
    rows = institution_rows([undated, later, earlier], links, "s1")
    assert [r.local_id for r in rows] == ["a:e1", "b:e1", "c:e1"]
    changed, renamed = group_institutions(rows, fr)
    # within one story the three descriptions are one coalition, under its oldest global id
    assert changed == {"b:e1": "g1", "c:e1": "g1"}
    assert [e.id for e in renamed] == ["g1"] and {"la coalition", "la coalition anti-EI"} <= set(renamed[0].aliases)
    # the same descriptions in two stories stay apart
    apart = institution_rows([earlier], links, "s1") + institution_rows([later], links, "s2")
    assert group_institutions(apart, fr) == ({}, [])


def test_language_linkers_without_a_store_link_each_language_apart(fr: Any, monkeypatch: Any) -> None:
    """The Spark driver holds no store on a fresh run: another language's linker starts empty, and its state
    is handed over as the link-state row the local stage saves."""
    monkeypatch.setenv(PATH_VARIABLE, str(Path(__file__).parent / "plugs"))
    linkers = LanguageLinkers(EntityLinker(fr))
    assert linkers.for_article(None, "fr") is linkers.main and linkers.for_article(None, None) is linkers.main
    assert linkers.for_article(None, "de") is None  # no plug: the article's entities stay its own
    english = linkers.for_article(None, "en")
    assert english is not None and english is not linkers.main
    mapping = english.add("a", [entity("a", 1, "Grace Hopper", "PER", 2)])
    assert all(gid.startswith("en:") for gid in mapping.values())
    assert list(linkers.other_states()) == [STATE_PREFIX + "en"]
    assert linkers.other_states()[STATE_PREFIX + "en"]["entities"][0]["names"]
    assert linkers.main.entity_states() == []  # the run's own linker saw none of it
