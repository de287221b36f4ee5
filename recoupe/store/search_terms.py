"""Widening a full-text query to the other forms of its words and the other spellings of its names.

A reader who types "soldat" wants the articles that say "soldats"; one who types "Kazimi" wants those that
spell him "Kadhimi" when the linker has merged the two. SQLite's FTS5 index matches tokens exactly, so
each bare word of a query becomes an OR of the indexed words with its Snowball French stem (the stemmer
PostgreSQL's french configuration uses, so both back-ends find the same forms) and of the final words of
every alias of the entities it names. Phrases, operators, prefixes and column filters stay as written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from typing import Any

import snowballstemmer

from recoupe.folding import fold  # lowercase without accents, as FTS5 (remove_diacritics 2) indexes

# A word of the query that can be widened: letters only (not an operator, a prefix "x*", a column "col:").
_BARE = re.compile(r'"[^"]*"|(?<![\w*^:])([^\W\d_]+)(?![\w*:])')
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# At most this many forms per word, the closest to it first: a French noun or adjective has 2 to 4 forms
# and a verb some forty simple ones, of which a reader's search needs the common few; every form is one
# more term the index reads for each search.
MAX_FORMS = 20
# Letters at the end of a query word that its other forms may change: French inflection changes a word's
# ending only ("soldat/soldats", "présidente/président", "gouverner/gouvernait"), by one or two letters
# before what it adds. Snowball's stem goes further and strips derivational suffixes ("gouvernement" ->
# "gouvern"), whose other derivations ("gouverner", "gouvernance") are other words.
INFLECTED_END = 2
# Letters an inflected form adds at most beyond the query word: a plural or feminine one or two ("-s",
# "-es"), a verb's ending up to five ("gouverne" -> "gouvernerions"); longer words with the same stem are
# derived words ("franc" -> "franchement"), not forms, and would only cost a stemming each.
MAX_ADDED = 5
# Other spellings of one name are written alike: transliterations render the same sounds, so they differ
# by a letter or two (Kazimi and Kadhimi 0.77, Kiev and Kyiv 0.75, Kadhafi and Gaddafi 0.71 by difflib's
# ratio) and their lengths by one letter at most; the other words of a wrongly merged entity's names do
# not (police and nationale far apart; france and francais 0.71 but two letters longer: a derived word).
SPELLING_LIKENESS = 0.7
SPELLING_LENGTH_GAP = 1
# Words of a full name: a first name and a surname, or a title and a name ("Santé publique France").
FULL_NAME_WORDS = 2
# Indexed words stemmed per query word to find its forms, those closest to it in length first: MAX_FORMS
# with room for the words that share the prefix but not the stem. Stemming is the cost here (about 0.1 ms
# a word with the pure-Python Snowball), so the bound is what keeps a short, common stem cheap.
STEMMED = MAX_FORMS * 2
_WORD = re.compile(r"[^\W_]+")
# The entities one of whose names holds any of the words, through each back-end's index of the names'
# words (migration 0012): FTS5 over the aliases, or a GIN index on their words (no stemming, accents folded).
_NAMED_SQL = {
    "sqlite": "SELECT g.type, g.aliases FROM alias_words JOIN global_entities g ON g.rowid = alias_words.rowid"
              " WHERE alias_words MATCH ?",
    "postgres": "SELECT type, aliases FROM global_entities"
                " WHERE to_tsvector('recoupe_words', aliases) @@ to_tsquery('recoupe_words', ?)",
}
_ANY_WORD = {"sqlite": " OR ", "postgres": " | "}
# Entity types whose names do not inflect: places and people ("France" is no feminine of "franc").
NAME_TYPES = frozenset({"LOC", "PER"})


@cache
def _stemmer(language: str) -> Any:
    """The Snowball stemmer of a language ("french" for "fr")."""
    names = {"fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian"}
    return snowballstemmer.stemmer(names.get(language, "french"))


def bare_words(query: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each bare word of an FTS5 query, operators and quoted phrases apart."""
    return [(m.start(1), m.end(1), m[1]) for m in _BARE.finditer(query)
            if m[1] is not None and m[1] not in _OPERATORS]


@dataclass
class Naming:
    """What the store's entities say of one folded query word: the other spellings of the names ending on it,
    and whether it is the whole name of a place or a person."""

    spellings: set[str] = field(default_factory=set)
    is_name: bool = False


def read_names(conn: Any, words: Iterable[str], dialect: str = "sqlite") -> dict[str, Naming]:
    """For each word (folded), what the entities whose names hold it say (see `Naming`), in one indexed lookup.

    The other spellings are the final words of the other full names of the entities one of whose full names
    ends on the word, when written alike: a merged entity ("Moustafa al-Kazimi", "Mustafa al-Kadhimi") is
    searched under all its spellings. Only full names (two words or more) count: a one-word alias is how an
    article names someone already introduced (a first name, a short form), and the linker attaches it by
    guess, so it is where wrong merges sit ("Franck" beside "Anatole France"); and an unrelated word of a
    wrong merge is not written alike (SPELLING_LIKENESS). The entities come from the index of the names'
    words, never from a scan of every entity.
    """
    found: dict[str, Naming] = {f: Naming() for f in map(fold, words) if f}
    if not found:
        return found
    terms = _ANY_WORD[dialect].join(f'"{w}"' if dialect == "sqlite" else w for w in sorted(found))
    for kind, aliases in conn.execute(_NAMED_SQL[dialect], (terms,)):
        names = json.loads(aliases)
        tails = full_name_tails(names)
        for folded in tails.keys() & found.keys():
            found[folded].spellings |= other_spellings(folded, tails)
        if kind in NAME_TYPES:
            for folded in found.keys() & {fold(n) for n in names if len(_WORD.findall(n)) == 1}:
                found[folded].is_name = True
    return found


def spellings(conn: Any, words: Iterable[str], dialect: str = "sqlite") -> dict[str, set[str]]:
    """For each word (folded), the other spellings of the full names that end on it (see `read_names`)."""
    return {w: naming.spellings for w, naming in read_names(conn, words, dialect).items()}


def full_name_tails(aliases: Iterable[str]) -> dict[str, list[str]]:
    """The final words (folded) of the full names among `aliases`, each with those names (folded, spaced).

    Only final words are folded for all names (a word without accents only lowercased: the common case, and
    folding is the cost of a search's lookup); whole names when a query word ends one (`other_spellings`).
    """
    tails: dict[str, list[str]] = {}
    for words in map(_WORD.findall, aliases):
        if len(words) >= FULL_NAME_WORDS:
            tail = words[-1].lower() if words[-1].isascii() else fold(words[-1])
            tails.setdefault(tail, []).append(" ".join(words))
    return tails


def other_spellings(word: str, tails: dict[str, list[str]]) -> set[str]:
    """The final words of the full names that spell one of those ending on `word` otherwise: the last words
    written alike and the whole names too (spellings of one name differ in letters, not in words: "famille
    Kadhafi" and "famille Khadafi", never a name of the place and one of a party a wrong merge joined)."""
    mine = [fold(n) for n in tails[word]]
    return {tail for tail, names in tails.items()
            if tail != word and written_alike(tail, word)
            and any(_alike(fold(n), m) for n in names for m in mine)}


def _alike(a: str, b: str) -> bool:
    """Whether two folded strings share SPELLING_LIKENESS of their letters (difflib's ratio)."""
    return SequenceMatcher(a=a, b=b, autojunk=False).ratio() >= SPELLING_LIKENESS


def written_alike(a: str, b: str) -> bool:
    """Whether two folded words can be spellings of one name: longer than two letters, of about one length and
    alike in letters."""
    return len(a) > 2 and abs(len(a) - len(b)) <= SPELLING_LENGTH_GAP and _alike(a, b)


def word_forms(conn: Any, word: str, language: str, is_name: bool = False) -> set[str]:
    """The indexed forms of `word`: words with its Snowball stem that keep all of it but its inflected end,
    and all of it when the word is a place's or a person's name (names do not inflect: "France" is not the
    feminine of "franc", nor "français" one of its forms).

    Read from the vocabulary table (the index's words in order) from the longest prefix a form must share
    with the word; at most MAX_FORMS, those closest to the word in length first.
    """
    stemmer = _stemmer(language)
    folded = fold(word)
    stem = stemmer.stemWord(folded)
    prefix = folded if is_name else folded[:max(len(stem), len(folded) - INFLECTED_END)]
    if not prefix:
        return set()
    rows = conn.execute("SELECT term FROM articles_fts_vocab WHERE term >= ? AND term < ? AND length(term) <= ?"
                        " AND term <> ? ORDER BY abs(length(term) - ?), term LIMIT ?",
                        (prefix, prefix + "\U0010ffff", len(folded) + MAX_ADDED, folded, len(folded), STEMMED))
    return set([t for (t,) in rows if stemmer.stemWord(t) == stem][:MAX_FORMS])


def widen_query(conn: Any, query: str, language: str = "fr") -> str:
    """`query` with each bare word replaced by an OR of itself, its indexed forms and its spellings."""
    out: list[str] = []
    pos = 0
    words = bare_words(query)
    names = read_names(conn, [w for _, _, w in words])
    for start, end, word in words:
        naming = names.get(fold(word), Naming())
        alternatives = sorted(word_forms(conn, word, language, naming.is_name) | naming.spellings)
        out.append(query[pos:start])
        out.append(_alternation(word, alternatives))
        pos = end
    out.append(query[pos:])
    return "".join(out)


def _alternation(word: str, alternatives: Iterable[str]) -> str:
    """`word` or, when it has alternatives, a parenthesised OR of it and them (each quoted)."""
    others = [f'"{a}"' for a in alternatives]
    return f"({' OR '.join([word, *others])})" if others else word


def widen_websearch(conn: Any, query: str) -> str:
    """A PostgreSQL web-search query widened to the other spellings of a name searched alone ("Kazimi" ->
    "Kazimi or kadhimi"); word forms need nothing there (the french configuration stems). Web-search
    syntax cannot group an OR inside a longer query, so longer queries stay as written."""
    words = _WORD.findall(query)
    if len(words) != 1 or words[0] != query.strip():
        return query
    return " or ".join([words[0], *sorted(spellings(conn, words, "postgres").get(fold(words[0]), set()))])
