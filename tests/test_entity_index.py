"""The entity linker's lookup index lists a key's ids in id order, and a key that gains an id lists it next time."""

from __future__ import annotations

import pytest

from recoupe.link.entity_index import KeyIndex


@pytest.mark.parametrize("key", [("dVpVn",), "dVpVn", ("mVrtVn", "dVpVn")])
def test_ids_are_listed_sorted_and_kept_until_the_key_grows(key: object) -> None:
    """Ids filed in any order come back sorted; a listing taken before a filing does not hide the new id."""
    index = KeyIndex()
    for gid in ("g30", "g4", "g112"):
        index.add(key, gid)
    assert index.listed(key) == ["g112", "g30", "g4"]
    assert index.listed(key) is index.listed(key)  # kept, not sorted again
    index.add(key, "g1")
    assert index.listed(key) == ["g1", "g112", "g30", "g4"]


def test_filing_again_keeps_the_list_and_unknown_keys_list_nothing() -> None:
    """A second filing of one id changes nothing; a key nothing is filed under lists no id and is not in it."""
    index = KeyIndex()
    index.add("surname:martin", "g2")
    first = index.listed("surname:martin")
    index.add("surname:martin", "g2")
    assert index.listed("surname:martin") is first
    assert index.listed("surname:durand") == []
    assert "surname:durand" not in index and "surname:martin" in index
