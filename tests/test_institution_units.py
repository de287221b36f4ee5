"""The institution resolver grouping a story from its kept units and its new articles gives the groups that
reading every entity of the story gives, batch after batch."""

from __future__ import annotations

from typing import Any

import pytest
from test_institutions import add_article, link_article

from recoupe.link.entities import EntityLinker
from recoupe.link.institution_units import Unit, decode_unit, encode_unit, merge_group
from recoupe.link.institutions import load_description_reader, resolve_institutions
from recoupe.store import open_store
from recoupe.store.institution_groups import drop_institution_units, load_institution_coverage
from recoupe.store.links import (
    global_entity_of,
    load_global_entities,
    save_global_entities,
    set_article_links,
)

# (article, publication date, story, its entities): batches linked one after the other. Sentences and
# stories made up for these tests.
Batch = list[tuple[str, str, str, list[tuple[str, str]]]]

COALITIONS: list[Batch] = [
    [("k1", "2019-05-02", "s1", [("la coalition", "ORG"), ("Mossoul", "LOC")]),
     ("k2", "2019-05-03", "s1", [("coalition anti-EI", "ORG")]),
     ("k3", "2019-05-03", "s1", [("coalition anti-Assad", "ORG")])],
    [("k4", "2019-05-04", "s1", [("la coalition internationale", "ORG")]),  # fits two groups of one article each
     ("m1", "2021-02-01", "s2", [("le Parlement", "ORG"), ("Bamako", "LOC")])],
    [("k5", "2019-05-05", "s1", [("coalition de lutte contre Daech", "ORG")]),  # the tie is broken now
     ("k0", "2019-05-01", "s1", [("coalition menée par les États-Unis", "ORG")]),  # an older article, late
     ("m2", "2021-02-02", "s2", [("Parlement malien", "ORG")])],
    [("k6", "2019-05-06", "s1", [("la coalition", "ORG"), ("Raqqa", "LOC")]),
     ("m3", "2021-02-03", "s2", [("l'Assemblée nationale", "ORG"), ("le Parlement", "ORG")])],
    [("k5", "2019-05-05", "s1", [("coalition anti-Assad", "ORG")]),  # re-analysed: the story is read whole
     ("k7", "2019-05-07", "s1", [("coalition anti-Assad", "ORG")])],
]

ASSEMBLIES: list[Batch] = [
    [("p1", "2022-09-10", "t1", [("le Sénat", "ORG")]),
     ("p2", "2022-09-10", "t1", [("Sénat brésilien", "ORG")])],
    [("p3", "2022-09-11", "t1", [("la junte", "ORG"), ("le Sénat", "ORG")]),
     ("q1", "2023-07-27", "t2", [("la junte", "ORG"), ("Niamey", "LOC")])],
    [("q2", "2023-07-28", "t2", [("junte nigérienne", "ORG")]),
     ("p4", "", "t1", [("Sénat", "ORG")]),  # undated: placed last
     ("q3", "2023-07-29", "t2", [("la junte militaire", "ORG")])],
]


def link_batches(fr: Any, batches: list[Batch], whole: bool) -> tuple[dict[str, str], dict[str, tuple[str, list[str]]]]:
    """Link the batches into a fresh store, resolving after each (reading the stories whole each time when
    `whole`); return local -> global links and each global entity's (name, aliases)."""
    store, linker = open_store(":memory:"), EntityLinker(fr)
    try:
        for batch in batches:
            for aid, day, story, ents in batch:
                link_article(store, linker, aid, day, story, *ents)
            if whole:
                drop_institution_units(store)
            resolve_institutions(store, fr, [aid for aid, *_ in batch])
        return global_entity_of(store), {e.id: (e.name, e.aliases) for e in load_global_entities(store)}
    finally:
        store.close()


@pytest.mark.parametrize("batches", [COALITIONS, ASSEMBLIES], ids=["coalitions", "assemblies"])
def test_kept_units_group_as_the_whole_story(fr: Any, batches: list[Batch]) -> None:
    kept_links, kept_entities = link_batches(fr, batches, whole=False)
    whole_links, whole_entities = link_batches(fr, batches, whole=True)
    assert kept_links == whole_links
    assert kept_entities == whole_entities
    groups = {g for local, g in kept_links.items() if list(kept_links.values()).count(g) > 1}
    assert groups  # some descriptions were grouped: the comparison is not between two empty results


def test_the_late_tie_is_broken_from_the_kept_units(fr: Any) -> None:
    links, _ = link_batches(fr, COALITIONS[:4], whole=False)  # before k5 is re-analysed
    anti_ei = links["k2:e0"]
    assert links["k5:e0"] == anti_ei  # "de lutte contre Daech" is "anti-EI"
    assert links["k4:e0"] == anti_ei  # alone while two groups tied, joins the larger one once there is one
    assert links["k3:e0"] != anti_ei  # another target: another coalition
    assert links["m1:e0"] != anti_ei  # same kind of body, another story


def test_a_story_an_article_left_is_read_whole(fr: Any) -> None:
    store, linker = open_store(":memory:"), EntityLinker(fr)
    try:
        for aid, day in (("a1", "2020-03-01"), ("a2", "2020-03-02")):
            reading = add_article(store, aid, day, ("la coalition", "ORG"))
            set_article_links(store, aid, "s9", None)
            save_global_entities(store, [], linker.add(aid, reading.entities))
            resolve_institutions(store, fr, [aid])
        assert load_institution_coverage(store, ["s9"])["s9"][:2] == (2, 2)
        add_article(store, "a1", "2020-03-01", ("le Parlement", "ORG"))  # re-analysed: out of its story
        assert load_institution_coverage(store, ["s9"])["s9"][:2] == (2, 1)  # so the kept units are not used
    finally:
        store.close()


def test_a_unit_survives_the_store(fr: Any) -> None:
    reader = load_description_reader(fr)
    first, second = Unit("g4", False), Unit("g2", True, True)
    first.add("x2:e0", "x2", [("la coalition", reader.describe("la coalition"))], (False, "2020-01-02", "x2:e0"))
    second.add("x1:e1", "x1", [("Parlement irakien", reader.describe("Parlement irakien"))],
               (False, "2020-01-01", "x1:e1"))
    merged = merge_group(second, [first, second])
    assert list(merged.forms) == ["Parlement irakien", "la coalition"]  # in the order they first appear
    assert merged.named and merged.shared and merged.articles == {"x1", "x2"}
    assert decode_unit("g2", encode_unit(merged)) == merged
