"""The entity linker's lookup indexes: global ids filed under a key, listed in one fixed order.

A name's candidates are the global entities filed under its keys, walked in id order (as strings) so that a
run links the same way whatever order the entities were filed in. A common key's entities grow with the
store while most lookups of it come between two additions, so each key's list is sorted once and kept until
an entity is filed under that key again, rather than sorted on every lookup. The keys a name form files its
entity under, and their text as the store files them, are here too.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from recoupe.link.entity_keys import NameForm

__all__ = ["KeyIndex", "format_key", "list_form_keys", "list_given_keys", "list_given_probes"]


class KeyIndex:
    """Global ids by lookup key, each key's ids listed sorted, the list kept until the key gains an id."""

    __slots__ = ("_ids", "_listed")

    def __init__(self) -> None:
        """An empty index."""
        self._ids: dict[Hashable, set[str]] = {}
        self._listed: dict[Hashable, list[str]] = {}

    def add(self, key: Hashable, gid: str) -> None:
        """File a global id under a key (a second filing changes nothing)."""
        ids = self._ids.setdefault(key, set())
        if gid not in ids:
            ids.add(gid)
            self._listed.pop(key, None)

    def listed(self, key: Hashable) -> list[str]:
        """The ids filed under a key, sorted (the kept list: callers must not change it); [] for an unknown key."""
        listed = self._listed.get(key)
        if listed is None:
            ids = self._ids.get(key)
            if ids is None:
                return []
            listed = self._listed[key] = sorted(ids)
        return listed

    def __contains__(self, key: Hashable) -> bool:
        """Whether any id is filed under the key."""
        return key in self._ids


def list_form_keys(form: NameForm) -> list[tuple[str, Any]]:
    """The (index, key) entries a name form files its entity under: its sound key, its last word (a surname),
    the words before the last (a longer name's beginning), its acronym, its initials."""
    if not form.key:
        return []
    out: list[tuple[str, Any]] = [("sound", form.sound)]
    if len(form.key) >= 2:
        out += [("sound", form.sound[-1:]), ("surname", form.sound[-1])]
    if len(form.key) >= 3:
        out.append(("prefix", form.sound[:-1]))
    if form.acronym:
        out.append(("acronym", form.acronym))
    if form.initials:
        out.append(("initials", form.initials))
    return out


def list_given_keys(form: NameForm) -> list[tuple[str, str, str]]:
    """The keys a full person name (two words or more) files its entity under in the index of given names: its
    surname's sound with each word before the surname, with its first word's first letter, and with that letter
    again when the first word is an initial ("J. Biden").

    A full name joins another of the same surname only when a word before the surname agrees (the shorter name
    ends the longer one, or the first names match) or one first name is the other's initial
    (`NameKeys.same_person`); equal words have equal sound keys, so a candidate filed under none of the probes
    of `list_given_probes` could never be the same person: Joe Biden's lookup never walks Hunter Biden's.
    """
    return _list_given(form, "letter", "initial")


def list_given_probes(form: NameForm) -> list[tuple[str, str, str]]:
    """The keys under which a full person name finds every full name of its surname that `same_person` can
    accept (see `list_given_keys`): its own words before the surname, an initial that is its first letter, and,
    when its first word is itself an initial, every first name beginning with that letter."""
    return _list_given(form, "initial", "letter")


def _list_given(form: NameForm, first_letter: str, initial: str) -> list[tuple[str, str, str]]:
    """The given-name keys of a full person name: the surname's sound with each word before it, with its first
    word's first letter (filed as `first_letter`), and with that word again when it is an initial (as `initial`).
    Keys and probes swap the two kinds, so an initial meets every first name of its letter and the reverse."""
    if len(form.key) < 2:
        return []
    surname = form.sound[-1]
    out = [(surname, "word", sound) for sound in dict.fromkeys(form.sound[:-1])]
    first = form.key[0]
    if first:
        out.append((surname, first_letter, first[0]))
        if len(first) == 1:
            out.append((surname, initial, first))
    return out


def format_key(kind: str, key: Any) -> str:
    """A lookup key as the store files it: "<index>:<key>", tuple parts joined by a control character."""
    if kind == "identity":
        head, features = key
        body = head + "\x1f" + "\x1e".join(sorted(f"{a}\x1d{b}" for a, b in features))
    elif isinstance(key, tuple):
        body = "\x1f".join(key)
    else:
        body = str(key)
    return f"{kind}:{body}"
