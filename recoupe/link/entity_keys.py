"""Name keys for linking entities across articles: a surface form stripped of titles, in common spelling and in
a coarse sound key, so that the spellings of one name meet and different names stay apart.

The rules come from the language plug: `entities.json` (titles, honorifics, spelling rewrites, known entities,
shared with the per-article reader) and `linking.json` (particles left out of keys, the sound classes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from recoupe.lang import Language
from recoupe.read.entities.rules import EntityRules, KnownEntity, fold, load_entity_rules

Key = tuple[str, ...]

_WORD = re.compile(r"\w+")

# Longest all-capital word taken for an acronym; the same bound the per-article reader uses (entities.py).
_MAX_ACRONYM = 6
# Shortest acronym linked to a name by its initials alone: two-letter initials collide too often ("EI" is both
# Etat islamique and Etat irakien in the dev corpus); every initials link in the dev gold has 3 or 4 letters.
_MIN_INITIALS = 3


@dataclass(frozen=True)
class NameForm:
    """One surface form of an entity, reduced for matching: its key words, sound key and acronym traits."""

    surface: str
    key: Key  # common-spelling words without titles and dropped particles
    sound: Key  # per word, the consonant skeleton with "V" for each vowel run (the index key)
    vowels: tuple[tuple[str, ...], ...]  # per word, the vowel classes of each run ("ai" -> "AE")
    exact: Key  # common-spelling words without titles, particles kept (for cross-type matches)
    acronym: str | None  # the folded form itself, when it is one all-capital word
    initials: str | None  # the folded initials of a multi-word form


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per language
class NameKeys:
    """Builds `NameForm`s and compares them; compiled once per language from its data files."""

    rules: EntityRules
    strip_words: frozenset[str]  # folded titles and determiners removed from the front of a form
    descriptors: frozenset[str]  # folded organisation descriptors removed from the front before a capital
    dropped: frozenset[str]  # particles left out of keys when another word follows
    digraphs: tuple[tuple[str, str], ...]
    letters: dict[str, str]
    vowel_classes: frozenset[str]
    min_consonants: int
    # The linking words of a complement of place ("le pont de Gênes", "la cathédrale d'Amiens"), folded and
    # without the apostrophe, as `_WORD` splits them; and the elided determiners ("l'", "d'") so split.
    of_words: frozenset[str] = frozenset()
    elided: frozenset[str] = frozenset()

    def form(self, surface: str) -> NameForm:
        """The matching form of one surface string ("M. Al-Kadhimi" -> key ("kazimi",))."""
        return _form(self, surface)

    def known(self, surface: str) -> KnownEntity | None:
        """The language table's entity that this surface form names, if any."""
        return self.rules.known.get(self.rules.key(surface))

    def sound(self, word: str) -> tuple[str, tuple[str, ...]]:
        """The sound key of one common-spelling word: consonant skeleton and vowel runs ("kazemi" -> "kVdVmV")."""
        return _sound(self, word)

    def same_word(self, a: NameForm, i: int, b: NameForm, j: int, relaxed: bool = False) -> bool:
        """Whether word i of `a` and word j of `b` are one word spelled two ways.

        Equal keys, or the same consonant skeleton with vowel runs of the same classes (Kazemi/Kazimi,
        Soleimani/Souleimani, but not Miller/Muller nor Point/Pont); a skeleton of fewer than `min_consonants`
        consonants must match exactly. `relaxed` is for a first name next to a surname that already matched:
        any skeleton length, and vowel runs need only share a class (Saif/Seif).
        """
        if a.key[i] == b.key[j]:
            return True
        if a.sound[i] != b.sound[j]:
            return False
        if relaxed:
            return all(set(x) & set(y) for x, y in zip(a.vowels[i], b.vowels[j], strict=True))
        return a.vowels[i] == b.vowels[j] and sum(c != "V" for c in a.sound[i]) >= self.min_consonants

    def same_name(self, a: NameForm, b: NameForm) -> bool:
        """Whether two forms have the same words, each equal or a transliteration of the other."""
        return len(a.key) == len(b.key) > 0 and all(self.same_word(a, i, b, i) for i in range(len(a.key)))

    def same_person(self, a: NameForm, b: NameForm) -> bool:
        """Whether two full person names (two words or more) can name one person.

        The surnames must match; then either the shorter name ends the longer one ("Qassem Soleimani" in a span
        that swallowed a word before it), or the first names match (or one is the other's initial) and middle
        names do not contradict each other. "Joe Biden" and "Hunter Biden" stay apart. Without the surname, a
        name one word shorter that begins the other matches too ("Saïf al-Islam" and "Saïf al-Islam Kadhafi").
        """
        if len(a.key) < 2 or len(b.key) < 2:
            return False
        short, long_ = (a, b) if len(a.key) <= len(b.key) else (b, a)
        n, offset = len(short.key), len(long_.key) - len(short.key)
        if not self.same_word(a, len(a.key) - 1, b, len(b.key) - 1):
            return offset == 1 and all(self.same_word(short, i, long_, i, relaxed=i < n - 1) for i in range(n))
        if all(self.same_word(short, i, long_, i + offset, relaxed=True) for i in range(n - 1)):
            return True
        if not (self.same_word(a, 0, b, 0, relaxed=True) or _initial_of(a.key[0], b.key[0])):
            return False
        middle_a, middle_b = a.key[1:-1], b.key[1:-1]
        if not middle_a or not middle_b:
            return True
        return len(middle_a) == len(middle_b) and all(
            x == y or _initial_of(x, y) for x, y in zip(middle_a, middle_b, strict=True))


def _initial_of(a: str, b: str) -> bool:
    """Whether one word is a one-letter initial of the other ("w" and "walker")."""
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


@cache
def load_name_keys(lang: Language) -> NameKeys:
    """Build the name keys of a language from `entities.json` and `linking.json` (cached per language)."""
    rules = load_entity_rules(lang)
    data = lang.json("linking.json")
    ents = lang.json("entities.json")
    strip = {fold(w).rstrip("'") for w in (*ents["titles"], *ents["determiners"])}
    descriptors = {fold(w) for w in (*ents["org_descriptors"]["nouns"], *ents["org_descriptors"]["adjectives"])}
    phon = data["phonetic"]
    return NameKeys(
        rules=rules,
        strip_words=frozenset(strip),
        descriptors=frozenset(descriptors),
        dropped=frozenset(rules.word_key(fold(w)) for w in data["dropped_particles"]),
        digraphs=tuple((a, b) for a, b in phon["digraphs"]),
        letters=dict(phon["letters"]),
        vowel_classes=frozenset(phon["vowels"]),
        min_consonants=int(data["min_consonants"]),
        of_words=frozenset(w.rstrip("'") for w in rules.of_words),
        elided=frozenset(w.rstrip("'") for w in rules.determiners if w.endswith("'")),
    )


def _strip_front(keys: NameKeys, surface: str) -> list[str]:
    """The words of a form without honorifics, titles, determiners, and descriptors before a capitalised name."""
    text = surface.strip()
    for honorific in sorted(keys.rules.honorifics, key=len, reverse=True):
        if text.startswith(honorific + " "):
            text = text[len(honorific) + 1:]
            break
    words = _WORD.findall(text)
    while len(words) > 1:
        head = fold(words[0])
        if head in keys.rules.name_determiners and words[0][:1].isupper():
            break  # "Notre-Dame": a capitalised possessive is the name's own first word
        title = head in keys.strip_words and words[1][:1].isupper()
        descriptor = head in keys.descriptors and any(w[:1].isupper() for w in words[1:])
        if head in keys.rules.place_classes and words[0][:1].islower():
            return _strip_place_class(words, keys)
        if not (title or descriptor or head in keys.elided or head in keys.rules.determiners):
            break
        words = words[1:]
    return words


def _strip_place_class(words: list[str], keys: NameKeys) -> list[str]:
    """The name after a place's generic noun and up to two lowercase adjectives ("pont autoroutier Morandi" ->
    "Morandi"), when a capitalised word comes right after them; else the words unchanged. After "de" the name is
    where the site stands, not its own ("le pont de Gênes" is a bridge, not Gênes): the words stay whole."""
    for k in range(1, min(4, len(words))):
        if words[k][:1].isupper():
            return words if any(fold(w) in keys.of_words for w in words[1:k]) else words[k:]
    return words


# Surface forms repeat across articles; 64k entries bound memory while covering a large corpus's distinct names.
@lru_cache(maxsize=1 << 16)
def _form(keys: NameKeys, surface: str) -> NameForm:
    words = _strip_front(keys, surface)
    exact = tuple(keys.rules.word_key(fold(w)) for w in words)
    key = tuple(w for i, w in enumerate(exact) if i == len(exact) - 1 or w not in keys.dropped)
    acronym = None
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= _MAX_ACRONYM and words[0].isalpha():
        acronym = fold(words[0])
    content = [fold(w) for w in words if fold(w) not in keys.dropped and not w.isdigit()]
    initials = "".join(w[0] for w in content) if len(content) >= _MIN_INITIALS else None
    sounds = [_sound(keys, w) for w in key]
    return NameForm(surface, key, tuple(s for s, _ in sounds), tuple(v for _, v in sounds), exact, acronym, initials)


@lru_cache(maxsize=1 << 16)  # same bound as the form cache
def _sound(keys: NameKeys, word: str) -> tuple[str, tuple[str, ...]]:
    for a, b in keys.digraphs:
        word = word.replace(a, b)
    skeleton: list[str] = []
    runs: list[str] = []
    for c in word:
        m = keys.letters.get(c, c)
        if not m:
            continue
        if m in keys.vowel_classes:
            if skeleton and skeleton[-1] == "V":
                if m not in runs[-1]:
                    runs[-1] += m
            else:
                skeleton.append("V")
                runs.append(m)
        elif not skeleton or skeleton[-1] != m:
            skeleton.append(m)
    return "".join(skeleton), tuple(runs)
