"""The act of a dated clause and who does it, from the parse: what tells two events of one day apart.

A dated clause states an act by its predicate: the verb its date attaches to ("ont frappé dimanche").
A support verb lends its object the act ("ont lancé dimanche des frappes": striking); a reporting verb
tells an act of saying whose content is the news ("a annoncé mardi que les troupes partiront": leaving);
a date that qualifies a noun names the act of that noun ("l'attaque du 3 mars"). The agent is the entity
the predicate's subject names (or the "par" complement of a passive), when the sentence names one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from recoupe.lang import load_language

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Relations of a predicate's doer (Universal Dependencies): the subject of an active verb, the "par"
# complement of a passive one.
_AGENT_DEPS = frozenset({"nsubj", "obl:agent"})

# Relations of the object a support verb lends its act to ("lancer des frappes", "procéder à une arrestation").
_OBJECT_DEPS = frozenset({"obj", "obl:arg", "obl"})

# Relations of a reported content ("a annoncé que ...", "a promis de ...").
_CONTENT_DEPS = frozenset({"ccomp", "xcomp"})

# Parts of speech that can carry an act.
_ACT_POS = frozenset({"VERB", "NOUN"})


def support_verbs(lang_code: str) -> frozenset[str]:
    """The language's support verbs (`events.json`), whose object noun names the act; empty if it has none."""
    lang = load_language(lang_code)
    return frozenset(lang.json("events.json").get("support_verbs", [])) if lang.has("events.json") else frozenset()


def find_act(head: Token | None, reporting: frozenset[str], support: frozenset[str], date: int = -1,
             end: int = -1) -> Token | None:
    """The token that names the act of a clause headed by `head`: the head itself, its object when it is a
    support verb, its content when it reports one; None when no verb or noun carries it. The token at
    index `date` is the date itself (ending at offset `end`), which the parser sometimes takes for an object
    ("a procédé lundi à")."""
    for _ in range(3):
        if head is None or head.pos_ not in _ACT_POS:
            return None
        lemma = head.lemma_.lower()
        if lemma in support:
            noun = _swallowed_object(head, date, end) or _child(head, _OBJECT_DEPS, "NOUN", date)
            return noun if noun is not None else head
        if lemma in reporting:
            content = _child(head, _CONTENT_DEPS, "VERB", date)
            if content is None:
                return head
            head = content
            continue
        return head
    return head


def act_of_date(doc: Doc, date_token: Token | None, clause_heads: Sequence[Token], reporting: frozenset[str],
                support: frozenset[str], end: int = -1) -> tuple[str | None, tuple[int, int] | None]:
    """(lemma of the act, its doer's character span or None) for a dated expression whose head is
    `date_token` (the expression ending at offset `end`), `clause_heads` being the clauses above it (innermost
    first).

    A date qualifying a noun names that noun's act; otherwise the act is that of its clause (the date
    itself never heads it: the parser sometimes labels a weekday as a clause, "a déclaré jeudi que").
    """
    if date_token is None:
        return None, None
    if date_token.head.i != date_token.i and date_token.head.pos_ == "NOUN":
        act: Token | None = date_token.head
    else:
        heads = [h for h in clause_heads if h.i != date_token.i]
        act = find_act(heads[0] if heads else None, reporting, support, date_token.i, end)
    if act is None:
        return None, None
    verb = act.head if act.pos_ == "NOUN" and act.dep_ in _OBJECT_DEPS else act
    doer = _child(verb, _AGENT_DEPS, None)
    if doer is None:
        return act.lemma_.lower(), None
    last = doc[doer.right_edge.i]
    return act.lemma_.lower(), (doc[doer.left_edge.i].idx, last.idx + len(last.text))


def _swallowed_object(verb: Token, date: int, end: int) -> Token | None:
    """The noun a date attached to the verb swallowed ("ont lancé fin juin des frappes": the parser hangs
    "des frappes" under "juin"): a date takes no noun complement after it, so the first noun inside its
    subtree past its end (offset `end`) is the verb's object. None when the date is not the verb's dependent."""
    token = next((c for c in verb.children if c.i == date), None)
    if token is None:
        return None
    return next((t for t in token.subtree if t.idx >= end and t.pos_ == "NOUN"), None)


def _child(token: Token, deps: frozenset[str], pos: str | None, skip: int = -1) -> Token | None:
    """The first child of `token` by one of `deps` (and of part of speech `pos` if given), other than the
    token at index `skip`."""
    return next((c for c in token.children if c.dep_ in deps and (pos is None or c.pos_ == pos) and c.i != skip),
                None)
