"""A figure's subject carries its scope: what the count's own clause says of the counted things.

"Quatre associations ont été désignées par la préfecture" counts "associations
désignées par la préfecture", and "5 200 soldats américains sont déployés en Irak" counts soldiers
deployed in Iraq, not soldiers deployed in Estonia: when the counted noun is the
subject of its clause, the verb and the complements after it (place, agent,
purpose) belong to the subject. Read off the parse; never across punctuation
or another number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Longest predicate kept, in tokens after the verb: a place and an agent fit ("déployés
# dans le nord de l'Irak par le Pentagone"); longer stretches leave the count's scope.
MAX_PREDICATE_TOKENS = 8

_SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
_COMPLEMENT_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "obl:agent", "obj", "xcomp", "advmod"})
_BEFORE_VERB_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop", "advmod", "expl:comp", "expl:pass",
                               "expl:pv", "iobj"})
_TRAILING = frozenset({"CCONJ", "SCONJ", "ADP", "DET", "PRON", "AUX", "PUNCT", "SPACE", "ADV"})


def predicate_of(noun: Token, subject_end: int, relative: str, object_relative: str,
                 number: Token | None = None) -> str | None:
    """What the clause says of a counted noun that is its subject ("mandatés par l'État"), or None.

    `subject_end` is where the noun's own phrase ends; the predicate starts at the
    clause's verb, which must come after it. A finite verb is joined by the
    language's subject relative ("entreprises qui intervenaient sur le site").
    """
    node = noun
    if number is not None and node.head.i == number.i and node.i > number.i:
        node = number  # "9 millions d'euros": the clause takes the number, the euros hang on it
    while node.dep_ == "conj" and node.head.i < node.i:
        node = node.head  # "deux grues et des engins ont été posés": the coordination's subject
    verb = node.head
    if node.dep_ == "obj" and verb.i < node.i:
        return _actor_of(verb, node, object_relative)
    if node.dep_ not in _SUBJECT_DEPS or verb.i <= subject_end - 1 or verb.i == node.i:
        return None
    if _broken(noun.doc[noun.i:verb.i]):
        return None  # a title glued to the next sentence: the verb belongs to another statement
    doc = noun.doc
    limit = min(verb.i + 1 + MAX_PREDICATE_TOKENS, verb.sent.end)
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ not in _COMPLEMENT_DEPS:
            continue
        right = child.right_edge.i + 1
        if right > limit:
            break
        end = max(end, right)
    for tok in doc[verb.i + 1:end]:
        if tok.is_punct or tok.is_quote or "\n" in tok.whitespace_ or tok.like_num or tok.pos_ == "NUM":
            end = tok.i
            break
    while end > verb.i + 1 and doc[end - 1].pos_ in _TRAILING:
        end -= 1
    # The verb's little words before it come along: auxiliaries carry the tense, clitics and
    # negation the sense ("qui auraient touché", "qui n'ont pas pu être", "qui se sont présentées").
    start = min([verb.i] + [c.i for c in verb.children if subject_end <= c.i < verb.i
                            and c.dep_ in _BEFORE_VERB_DEPS])
    text = doc[start:end].text.strip()
    finite = "Fin" in doc[start].morph.get("VerbForm", [])
    return (f"{relative} {text}" if finite else text) if text else None


def measured_noun(number: Token, unit: Token, fillers: frozenset[str]) -> tuple[Token, int] | None:
    """The noun an amount of money measures: "un don de 200 millions d'euros" is a gift, "une amende de 4 000 euros" a fine.

    French names an amount by the noun it complements through a preposition
    ("de", "à hauteur de"), or by the noun whose participle it completes ("des dépenses
    évaluées à 12 millions d'euros"). Nouns that say only "an amount of" (`fillers`:
    "hauteur", "ordre") pass the amount on to the noun they complement. None when
    the amount stands in its clause on its own ("la Fondation a reçu 9 millions").
    Returned with where the amount's own phrase starts, which the noun's subject stops before.
    """
    node = unit if number.dep_ == "nummod" and number.head.i == unit.i else number
    for _ in range(4):
        if not any(c.dep_ == "case" for c in node.children):
            return None
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ == "NOUN" and node.dep_ in {"nmod", "obl", "obl:arg", "obl:mod"}:
            if head.lower_ not in fillers:
                return head, node.left_edge.i
            node = head
            continue
        if node.dep_.startswith("obl") and "Part" in head.morph.get("VerbForm", []) and head.dep_ == "acl" \
                and head.head.pos_ == "NOUN":
            return head.head, node.left_edge.i
        return None
    return None


def _actor_of(verb: Token, obj: Token, object_relative: str) -> str | None:
    """For a count that is the object of its verb ("la Fondation a reçu 9 millions d'euros"), who acts and how.

    Kept as "que la Fondation a reçu": the subject phrase (a name or a noun, never
    a pronoun) and the verb with its auxiliaries, joined by the language's object relative.
    """
    subject = next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS and c.pos_ in {"NOUN", "PROPN"}), None)
    if subject is None or subject.i > verb.i:
        return None
    doc = verb.doc
    start = subject.left_edge.i
    while start < subject.i and doc[start].pos_ in {"CCONJ", "SCONJ", "PUNCT", "ADP"}:
        start += 1
    if verb.i + 1 - start > MAX_PREDICATE_TOKENS:
        return None
    words = doc[start:verb.i + 1]
    if _broken(words) or _broken(doc[verb.i:obj.i]) or any(t.is_punct or t.like_num for t in words):
        return None
    text = words.text.strip()
    return f"{object_relative} {text}" if text else None


def _broken(span: Span) -> bool:
    """Whether a stretch crosses a line break or a glued word ("impactésEnviron"): a title ran into a sentence."""
    return any("\n" in t.whitespace_ or "\n" in t.text or _glued(t.text) for t in span)


def _glued(word: str) -> bool:
    """A word of four letters or more running into a capitalised one ("impactésEnviron"): two sentences
    that lost their space. Short prefixes are names ("McKenzie", "MacArthur")."""
    for k in range(4, len(word)):
        if word[k].isupper() and word[k - 1].islower() and word[:k].isalpha() and word[1:k].islower():
            return True
    return False
