"""Expansions of acronyms introduced in brackets ("la Commission nationale de l'informatique et des libertés
(CNIL)", "la direction générale de la sécurité intérieure (DGSI)"): the words before the bracket whose leading
letters spell the acronym are the body's full name, even where NER cut it at "et" or missed it in lowercase."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from recoupe.read.entities.rules import EntityRules, fold, folded_words, spells_out
from recoupe.read.entities.spans import NameSpan
from recoupe.read.nlp import doc_text, token_texts

__all__ = ["expand_acronyms"]

# One word in brackets that may be an acronym: all capitals ("DCPAF"), or one capital then letters ("Anses").
_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-Za-zÀ-ÿ]{1,7}$")
# Longest expansion looked for, in tokens: "Office central de lutte contre les atteintes à l'environnement et à la
# santé publique" has 15; a longer run before or in a bracket is a clause, not a name.
_MAX_EXPANSION = 18


def expand_acronyms(doc: Doc, rules: EntityRules, low: list[str], spans: list[NameSpan]) -> list[NameSpan]:
    """The spans with each bracketed acronym's expansion as a name span ending at the bracket; name spans the
    expansion overlaps give way to it (their label is kept). Names that already end at the bracket are left alone."""
    if "(" not in doc_text(doc):
        return spans  # both forms put the acronym or its expansion in brackets: a text without one has neither
    ends = {s.end for s in spans}
    found: list[NameSpan] = []
    texts = token_texts(doc)
    for i in range(1, len(doc) - 1):
        if texts[i - 1] != "(" or texts[i + 1] != ")" or i - 1 in ends or not _ACRONYM.match(texts[i]):
            continue
        tok = doc[i]
        if sum(c.isupper() for c in tok.text) < 2 and len(tok.text) < 3:
            continue
        start = _expansion_start(doc, rules, low, i - 1, fold(tok.text))
        if start is not None:
            inside = [s for s in spans if s.lead < i - 1 and start < s.end]
            found.append(NameSpan(start, i - 1, inside[0].label if inside else "ORG", start))
    found.extend(_bracketed_expansions(doc, rules, low, spans, found))
    if not found:
        return spans
    kept = [s for s in spans if not any(s.lead < f.end and f.start < s.end for f in found)]
    return sorted([*kept, *found], key=lambda s: (s.lead, s.start))


def _expansion_start(doc: Doc, rules: EntityRules, low: list[str], paren: int, acronym: str) -> int | None:
    """The first token of the shortest run of words before the bracket that spells the acronym and opens with
    a noun, inside the sentence ("un avis de l'Agence nationale ... (Anses)" starts at "Agence"); None if none."""
    for s in range(paren - 1, max(-1, paren - _MAX_EXPANSION), -1):
        tok = doc[s]
        if tok.is_space or (tok.is_punct and tok.text not in ("'", "’", "-")):
            return None
        if _opens_name(tok, low[s], rules) and spells_out(
                acronym, folded_words(doc[s:paren].text), rules.acronym_stopwords):
            return s
        if tok.is_sent_start:
            return None
    return None


def _bracketed_expansions(doc: Doc, rules: EntityRules, low: list[str], spans: list[NameSpan],
                          found: list[NameSpan]) -> list[NameSpan]:
    """'l'OCRTIS (Office central pour la répression du trafic illicite des stupéfiants)': an acronym followed by the
    words it spells in brackets (an editor's ', NDLR' aside) names the same body; the bracket's words become a
    name span pointing at the acronym, and the acronym a span if NER missed it."""
    taken = [(s.lead, s.end) for s in [*spans, *found]]
    out: list[NameSpan] = []
    n = len(doc)
    texts = token_texts(doc)
    for i in range(max(0, n - 3)):
        if texts[i + 1] != "(" or not _ACRONYM.match(texts[i]) or (sum(c.isupper() for c in texts[i]) < 2 \
                and len(texts[i]) < 3):
            continue
        tok = doc[i]
        close = next((j for j in range(i + 2, min(n, i + 2 + _MAX_EXPANSION)) if doc[j].text == ")"), None)
        if close is None:
            continue
        end = close
        if end - 2 > i + 2 and low[end - 1] in rules.glosses.editor_notes and doc[end - 2].text == ",":
            end -= 2
        words = doc[i + 2:end]
        if not words or not _opens_name(words[0], low[i + 2], rules) or any(t.is_punct and t.text not in ("'", "’", "-") for t in words) \
                or not spells_out(fold(tok.text), folded_words(words.text), rules.acronym_stopwords):
            continue
        if not any(a <= i < b for a, b in taken):
            out.append(NameSpan(i, i + 1, "ORG", i))
        out.append(NameSpan(i + 2, end, "ORG", i + 2, anchor=i))
    return out


def _opens_name(tok: Token, folded: str, rules: EntityRules) -> bool:
    """Whether a word can open a body's name: a capitalised noun, or a lowercase noun that heads bodies' names."""
    return tok.pos_ in ("NOUN", "PROPN") and folded not in rules.determiners and (
        tok.text[:1].isupper() or folded in rules.body_nouns)

