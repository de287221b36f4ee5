"""Descriptions of public bodies across articles: read from surface forms, grouped within a story only."""

from __future__ import annotations

from typing import Any

from recoupe.link.entities import EntityLinker
from recoupe.link.institutions import (
    Unit,
    compatible,
    group_units,
    load_description_reader,
    resolve_institutions,
)
from recoupe.records import Article, Entity, Mention, Reading
from recoupe.store import Store
from recoupe.store.links import (
    global_entity_of,
    load_global_entities,
    save_global_entities,
    set_article_links,
)


def test_descriptions_are_read_from_surface_forms(fr: Any) -> None:
    reader = load_description_reader(fr)
    led = reader.describe("la coalition internationale anti-EI conduite par les États-Unis")
    assert led is not None and led.head == "coalition" and not led.named
    assert led.identity() == {"target": {"anti:État islamique"}, "by": {"États-Unis"}}
    other = reader.describe("coalition anti-Daech")  # another form of the same target, from the language table
    assert other is not None and other.identity() == {"target": {"anti:État islamique"}}
    bare = reader.describe("la coalition militaire")  # a plain adjective of a lowercase head does not identify
    assert bare is not None and bare.identity() == {}
    named = reader.describe("le Parlement malien")
    assert named is not None and named.named and named.identity() == {"nat": {"malien"}}
    portfolio = reader.describe("la Défense malienne")
    ministry = reader.describe("le ministère malien de la Défense")
    assert portfolio is not None and ministry is not None and portfolio.features == ministry.features
    assert reader.describe("Paul Martin") is None
    fights = reader.describe("coalition contre l'EI")  # what a body fights identifies it, as "anti-" does
    assert fights is not None and fights.identity() == {"target": {"anti:État islamique"}}


def test_only_unnamed_descriptions_of_single_bodies_are_scoped(fr: Any) -> None:
    reader = load_description_reader(fr)
    assert reader.is_scoped(["la coalition", "coalition menée par la France"])
    assert reader.is_scoped(["Parlement"])
    assert not reader.is_scoped(["Parlement malien"])  # a nationality names it store-wide
    assert not reader.is_scoped(["gouvernement malien"])  # not a body single in an article
    assert not reader.is_scoped(["coalition", "OTAN"])  # a name among its forms
    assert not reader.is_scoped([])


def test_identities_conflict_only_on_a_shared_kind() -> None:
    assert compatible({"target": {"anti:x"}}, {"by": {"y"}})
    assert compatible({}, {"by": {"y"}})
    assert compatible({"by": {"y", "z"}}, {"by": {"z"}})
    assert not compatible({"target": {"anti:x"}}, {"target": {"anti:w"}})


def unit(fr: Any, gid: str, article: str, *forms: str, named: bool = False) -> Unit:
    """A unit of one local entity with these surface forms."""
    reader = load_description_reader(fr)
    u = Unit(gid, named)
    described = [(f, reader.describe(f)) for f in forms]
    u.add(f"{article}:e0", article, [(f, d) for f, d in described if d is not None])
    return u


def test_a_bare_description_joins_the_group_of_its_story(fr: Any) -> None:
    groups = group_units([
        unit(fr, "g3", "a3", "la coalition"),
        unit(fr, "g1", "a1", "coalition anti-EI"),
        unit(fr, "g2", "a2", "coalition dirigée par la France"),
        unit(fr, "g4", "a4", "coalition anti-Hezbollah"),
    ])
    sets = sorted(sorted(u.gid for u in members) for members in groups)
    # anti-EI and led-by-France do not conflict; the anti-Hezbollah one does; the bare one is ambiguous between
    # a group in two articles and one in one article, and joins the larger
    assert sets == [["g1", "g2", "g3"], ["g4"]]


def test_a_tie_leaves_a_bare_description_alone(fr: Any) -> None:
    groups = group_units([
        unit(fr, "g1", "a1", "coalition anti-EI"),
        unit(fr, "g2", "a2", "coalition anti-Hezbollah"),
        unit(fr, "g3", "a3", "la coalition"),
    ])
    assert len(groups) == 3


def test_two_named_bodies_never_share_a_group(fr: Any) -> None:
    malian = unit(fr, "g1", "a1", "Parlement malien", named=True)
    malian.add("a5:e0", "a5", [("Parlement malien", malian_description(fr))])
    groups = group_units([
        malian,
        unit(fr, "g2", "a2", "Parlement de Bamako", named=True),
        unit(fr, "g3", "a3", "Parlement"),
        unit(fr, "g4", "a4", "Parlement"),
    ])
    sizes = sorted(len(m) for m in groups)
    assert sizes == [1, 3]  # the bare ones join the named body in more articles; the other named one stays apart


def malian_description(fr: Any) -> Any:
    """The description of "Parlement malien"."""
    return load_description_reader(fr).describe("Parlement malien")


def add_article(store: Store, aid: str, day: str, *entities: tuple[str, str]) -> Reading:
    """Save a hand-made article whose reading has these (name, type) entities, one mention each (an empty
    `day`: undated)."""
    text = " ".join(name for name, _ in entities) + "."
    ents, start = [], 0
    for n, (name, etype) in enumerate(entities):
        ents.append(Entity(name=name, type=etype, mentions=[Mention(aid, start, start + len(name), name)],
                           aliases=[name], id=f"{aid}:e{n}"))
        start += len(name) + 1
    article = Article(id=aid, raw_text=text, clean_text=text, title=aid, source="exemple.fr",
                      published=day or None, published_precision="day" if day else None, language="fr")
    reading = Reading(article=aid, entities=ents)
    store.save_article(article, "test", reading)
    return reading


def link_article(store: Store, linker: EntityLinker, aid: str, day: str, story: str,
                 *entities: tuple[str, str]) -> None:
    """Save a hand-made article (`add_article`), link its entities with `linker` and store it in `story`, with
    the linker's global entities as they stand after it (what the link stage writes per article)."""
    reading = add_article(store, aid, day, *entities)
    links = linker.add(aid, reading.entities)
    set_article_links(store, aid, story, None)
    save_global_entities(store, [Entity(name=g.name, type=g.type, aliases=g.aliases, id=g.id)
                                 for g in linker.entities()], links)


def test_descriptions_join_within_a_story_and_not_across(fr: Any, fresh_db: Store) -> None:
    store, linker = fresh_db, EntityLinker(fr)
    plan = [
        ("b1", "2011-03-20", "s1", [("coalition internationale", "ORG"), ("Libye", "LOC")]),
        ("b2", "2011-03-22", "s1", [("la coalition", "ORG")]),
        ("c1", "2020-01-05", "s2", [("coalition internationale", "ORG")]),
        ("c2", "2020-01-06", "s2", [("coalition anti-EI", "ORG")]),
        ("c3", "2020-01-07", "s2", [("coalition conduite par les États-Unis", "ORG")]),
    ]
    for aid, day, story, ents in plan:
        link_article(store, linker, aid, day, story, *ents)
    before = global_entity_of(store)
    assert len({before[f"{aid}:e0"] for aid in ("b1", "b2", "c1", "c2", "c3")}) == 5  # the linker links none
    changed = resolve_institutions(store, fr, ["b1", "b2"])
    assert changed  # the Libya story first, as an incremental run would
    resolve_institutions(store, fr, ["c1", "c2", "c3"])
    links = global_entity_of(store)
    assert links["b1:e0"] == links["b2:e0"]
    assert links["c1:e0"] == links["c2:e0"] == links["c3:e0"]
    assert links["b1:e0"] != links["c1:e0"]  # same words, two coalitions: different stories
    assert links["b1:e1"] != links["b1:e0"]
    again = resolve_institutions(store, fr, ["c3"])  # re-running changes nothing
    assert not again or all(links[k] == v for k, v in again.items())
    merged = {e.id: e for e in load_global_entities(store)}
    assert len(merged[links["c1:e0"]].mentions) == 3
    assert "coalition anti-EI" in merged[links["c1:e0"]].aliases


def test_named_bodies_join_only_on_a_shared_feature(fr: Any) -> None:
    groups = group_units([
        unit(fr, "g1", "a1", "assemblée de l'Union africaine", named=True),
        unit(fr, "g2", "a2", "Assemblée nationale", named=True),
        unit(fr, "g3", "a3", "Assemblée nationale", named=True),
    ])
    assert sorted(sorted(u.gid for u in m) for m in groups) == [["g1"], ["g2", "g3"]]
