"""Full person names found by surname and given name: the index lists every full name `same_person` can accept
and leaves out the other bearers of a common surname, so linking is unchanged and walks fewer candidates."""

from __future__ import annotations

from itertools import product
from unittest.mock import patch

from recoupe.lang import load_language
from recoupe.link.entities import EntityLinker
from recoupe.link.entity_index import list_given_keys, list_given_probes
from recoupe.link.entity_keys import NameForm, NameKeys, load_name_keys
from recoupe.records import Entity, Mention

# Names written for the test: one surname borne by many, spelled two ways, with initials, middle names, a
# swallowed word before the name, a compound first name; and two other surnames.
NAMES = [
    "Paul Kermarrec", "Paule Kermarrec", "P. Kermarrec", "Pierre-Yves Kermarrec", "P.-Y. Kermarrec",
    "Jean Paul Kermarrec", "Jean P. Kermarrec", "Jean Pierre Kermarrec", "Anne Kermarec", "Anna Kermarrec",
    "Yannick Kermarrec", "Ronan Kermarrec", "le député Ronan Kermarrec", "Quai Ronan Kermarrec",
    "Seif Kermarrec", "Saif Kermarrec", "Ronan Kermarrec Le Bihan", "Ronan Le Bihan", "Lucie Le Bihan",
    "Malo Abgrall", "Malo Abgral", "M. Abgrall",
]


def keys() -> NameKeys:
    return load_name_keys(load_language("fr"))


def test_every_pair_same_person_accepts_with_the_same_surname_shares_a_key() -> None:
    k = keys()
    forms = [f for f in (k.form(n) for n in NAMES) if len(f.key) >= 2]
    accepted = 0
    for a, b in product(forms, forms):
        if k.same_person(a, b) and k.same_word(a, len(a.key) - 1, b, len(b.key) - 1):
            accepted += 1
            assert set(list_given_probes(a)) & set(list_given_keys(b)), (a.surface, b.surface)
    assert accepted > len(forms)  # not only each name with itself


def test_other_bearers_of_a_surname_are_not_listed() -> None:
    k = keys()
    paul = set(list_given_probes(k.form("Paul Kermarrec")))
    assert not paul & set(list_given_keys(k.form("Yannick Kermarrec")))
    assert not paul & set(list_given_keys(k.form("Ronan Kermarrec")))
    assert paul & set(list_given_keys(k.form("P. Kermarrec")))  # an initial may be Paul
    assert set(list_given_probes(k.form("P. Kermarrec"))) & set(list_given_keys(k.form("Pierre-Yves Kermarrec")))
    assert not set(list_given_probes(k.form("Malo Abgrall"))) & set(list_given_keys(k.form("Paul Kermarrec")))
    assert list_given_keys(k.form("Kermarrec")) == list_given_probes(k.form("Kermarrec")) == []  # no given name


def article(aid: str, *names: str) -> list[Entity]:
    return [Entity(name=n, type="PER", id=f"{aid}:e{i}", aliases=[], mentions=[Mention(aid, 0, len(n), n)])
            for i, n in enumerate(names)]


class WholeBucketLinker(EntityLinker):
    """The linker as it was before the index: a full name's candidates are every full name of its surname."""

    def _lookup_given(self, full: list[NameForm]) -> list[str]:
        return self._lookup("surname", [f.sound[-1] for f in full])


def link_counting(linker: EntityLinker, arts: list[tuple[str, list[Entity]]]) -> tuple[list[dict[str, str]], int]:
    """The links of each article, and how many pairs of full names `same_person` compared."""
    counted = [0]
    real = NameKeys.same_person

    def count(self: NameKeys, a: NameForm, b: NameForm) -> bool:
        counted[0] += 1
        return real(self, a, b)

    with patch.object(NameKeys, "same_person", count):
        links = [linker.add(aid, ents) for aid, ents in arts]
    return links, counted[0]


def test_linking_is_unchanged_and_compares_fewer_pairs_of_a_common_surname() -> None:
    many = [f"{first} Kermarrec" for first in ("Yannick", "Ronan", "Gaël", "Maël", "Erwan", "Soizic", "Nolwenn")]
    arts = [(f"c{i}", article(f"c{i}", *many[: i + 1])) for i in range(len(many))]
    arts += [("d1", article("d1", "Paul Kermarrec", "Ronan Kermarrec")), ("d2", article("d2", "P. Kermarrec")),
             ("d3", article("d3", "Paule Kermarrec", "le maire Erwan Kermarrec"))]
    narrow, narrow_calls = link_counting(EntityLinker(load_language("fr")), arts)
    whole, whole_calls = link_counting(WholeBucketLinker(load_language("fr")), arts)
    assert narrow == whole
    assert narrow_calls * 2 < whole_calls
