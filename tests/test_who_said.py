"""Who said what files each quote under the statement it repeats, comparing it only with the statements it
can repeat (recoupe.tell.who_said.Filed): the grouping must be the one a comparison with every statement gives.
"""

from __future__ import annotations

import random

import pytest

from recoupe.records import Mention, Quote
from recoupe.tell.who_said import (
    StoryQuote,
    Wording,
    Wordings,
    fold_table,
    group_quotes,
    key_words,
    quote_words,
    same_statement,
    same_wording,
    same_words,
)

STATEMENTS = [
    "Nous ne céderons rien sur la sécurité des habitants du quartier",
    "La reconstruction du pont prendra au moins deux ans selon nos ingénieurs",
    "Il faut que les secours arrivent avant la nuit, c'est une priorité absolue",
    "Je n'ai jamais signé ce contrat et je le dirai devant les juges",
    "Les négociations reprendront lundi à Genève si les deux parties le veulent",
]

# Words of statements made once (eight drawn at random: two such statements share few words).
VOCABULARY = ["demain", "budget", "école", "hôpital", "réforme", "grève", "accord", "voisins", "eau", "route", "tribunal", "élection", "enquête", "chantier", "musée", "usine", "récolte", "forêt", "port", "gare", "impôt", "loyer", "crèche", "stade", "marché"]


def _cut(text: str, rng: random.Random) -> str:
    """One outlet's version of a statement: cut at either end, a word retyped, or whole."""
    words = text.split()
    choice = rng.randrange(4)
    if choice == 0:
        return " ".join(words[rng.randrange(3):])
    if choice == 1:
        return " ".join(words[:len(words) - rng.randrange(3)])
    if choice == 2:
        i = rng.randrange(len(words))
        return " ".join([*words[:i], words[i].upper(), *words[i + 1:]])
    return text


def _quotes(seed: int, n: int) -> list[StoryQuote]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = _cut(rng.choice(STATEMENTS), rng) if rng.random() < 0.7 else " ".join(rng.sample(VOCABULARY, 8))
        speaker = rng.choice(["Mme Durand", "le maire", None])
        quote = Quote(text=text, mention=Mention(f"a{i}", 0, len(text), text), speaker=speaker)
        out.append(StoryQuote(quote=quote, outlet=rng.choice(["un.fr", "deux.fr"]), published="2022-01-0" + str(i % 9 + 1)))
    return out


def _naive(quotes: list[StoryQuote]) -> dict[str | None, list[tuple[str, int]]]:
    """Each quote compared with every statement of its speaker, in order (the reference grouping)."""
    out: dict[str | None, list[list[str | int]]] = {}
    for sq in quotes:
        statements = out.setdefault(sq.quote.speaker.lower() if sq.quote.speaker else None, [])
        for st in statements:
            if same_statement(str(st[0]), sq.quote.text):
                st[1] = int(st[1]) + 1
                if len(Wording.of(sq.quote.text).words) > len(Wording.of(str(st[0])).words):
                    st[0] = sq.quote.text
                break
        else:
            statements.append([sq.quote.text, 1])
    return {k: sorted((str(t), int(n)) for t, n in v) for k, v in out.items()}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_filing_by_key_words_groups_as_comparing_with_every_statement(seed: int) -> None:
    quotes = _quotes(seed, 240)  # each speaker gets more statements than INDEX_FROM: the index is used
    speakers = group_quotes(quotes, {})
    got = {s.name.lower() if s.name else None: sorted((st.text, len(st.carriers)) for st in s.statements)
           for s in speakers}
    assert got == _naive(quotes)


@pytest.mark.parametrize(("a", "b"), [
    ("Nous ne céderons rien sur la sécurité", "nous ne CÉDERONS rien sur la sécurité des habitants"),
    ("La reconstruction prendra deux ans", "Selon lui, la reconstruction prendra deux ans"),
    ("Je le dirai devant les juges", "je le dirai devant les juges !"),
])
def test_a_repeated_statement_shares_a_key_word(a: str, b: str) -> None:
    wa, wb = Wording.of(a), Wording.of(b)
    assert same_wording(wa, wb)
    short, long_ = (wa, wb) if len(wa.words) <= len(wb.words) else (wb, wa)
    assert key_words(short) & set(long_.words)


@pytest.mark.parametrize("text", [
    "Nous tiendrons parole",  # ASCII: worded without the folding table
    "Élus et habitants l’ont répété : « rien n’est décidé »",
    "L'ÉTAT paiera, a-t-il assuré",
    "",
])
def test_a_story_wording_is_the_quote_words(text: str) -> None:
    wordings = Wordings(fold_table([text, "déjà vu"]))
    assert wordings.of(text).words == quote_words(text)
    assert wordings.of(text) is wordings.of(text)  # a reprinted text is worded once


@pytest.mark.parametrize(("a", "b"), [
    ("Nous ne céderons rien", "Nous ne céderons rien"),
    ("« Le pont rouvrira en mai », a-t-il dit", "Le pont rouvrira en mai, a-t-il dit"),
    ("Je démissionne.", "je démissionne !"),
])
def test_a_reprint_word_for_word_is_one_statement(a: str, b: str) -> None:
    assert same_wording(Wording.of(a), Wording.of(b))
    assert same_words(quote_words(a), quote_words(b))


def test_no_words_is_no_statement() -> None:
    assert not same_wording(Wording.of("« … »"), Wording.of("« … »"))
