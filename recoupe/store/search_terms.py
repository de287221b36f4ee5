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
from functools import cache
from typing import Any

import snowballstemmer

from recoupe.folding import fold  # lowercase without accents, as FTS5 (remove_diacritics 2) indexes

# A word of the query that can be widened: letters only (not an operator, a prefix "x*", a column "col:").
_BARE = re.compile(r'"[^"]*"|(?<![\w*^:])([^\W\d_]+)(?![\w*:])')
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# At most this many forms per word: a French noun or adjective has 2 to 4 forms and a verb some forty
# simple ones, so the cap only guards against a pathological index (not measured on a large store).
MAX_FORMS = 40
_WORD = re.compile(r"[^\W_]+")


@cache
def _stemmer(language: str) -> Any:
    """The Snowball stemmer of a language ("french" for "fr")."""
    names = {"fr": "french", "en": "english", "de": "german", "es": "spanish", "it": "italian"}
    return snowballstemmer.stemmer(names.get(language, "french"))


def bare_words(query: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each bare word of an FTS5 query, operators and quoted phrases apart."""
    return [(m.start(1), m.end(1), m[1]) for m in _BARE.finditer(query)
            if m[1] is not None and m[1] not in _OPERATORS]


def spellings(conn: Any, words: Iterable[str], like: str = "LIKE") -> dict[str, set[str]]:
    """For each word (folded), the final words of every alias of the entities one of whose aliases ends
    on it; `like` is the dialect's case-insensitive LIKE. One pass over the entities for all the words: the
    LIKE cannot use an index, and a pass over 150,000 entities takes about 20 ms."""
    wanted = {fold(w): w for w in words}
    found: dict[str, set[str]] = {f: set() for f in wanted}
    if not wanted:
        return found
    condition = " OR ".join([f"aliases {like} ?"] * len(wanted))
    rows = conn.execute(f"SELECT aliases FROM global_entities WHERE {condition}", [f"%{w}%" for w in wanted.values()])
    for (aliases,) in rows:
        tails = {n[-1] for n in (_WORD.findall(fold(a)) for a in json.loads(aliases)) if n}
        for folded in tails & found.keys():
            found[folded] |= {t for t in tails if len(t) > 2 and t != folded}
    return found


def word_forms(conn: Any, word: str, language: str) -> set[str]:
    """Indexed words sharing `word`'s stem (the vocabulary table lists the index's words in order)."""
    stemmer = _stemmer(language)
    folded = fold(word)
    stem = stemmer.stemWord(folded)
    rows = conn.execute("SELECT term FROM articles_fts_vocab WHERE term >= ? AND term < ? LIMIT ?",
                        (stem, stem + "\U0010ffff", MAX_FORMS * 4))
    return {t for (t,) in rows if stemmer.stemWord(t) == stem} - {folded}


def widen_query(conn: Any, query: str, language: str = "fr") -> str:
    """`query` with each bare word replaced by an OR of itself, its indexed forms and its spellings."""
    out: list[str] = []
    pos = 0
    words = bare_words(query)
    names = spellings(conn, [w for _, _, w in words])
    for start, end, word in words:
        alternatives = sorted(word_forms(conn, word, language) | names[fold(word)])[:MAX_FORMS]
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
    return " or ".join([words[0], *sorted(spellings(conn, words, like="ILIKE")[fold(words[0])])])
