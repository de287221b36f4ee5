"""Documents as speakers: a communiqué, a report or an opinion speaks as the body that issued it.

Every sentence here is written for these tests; each rule is tried in several wordings.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_quotes import person as named

from recoupe.read.quotes import find_quotes
from recoupe.records import Entity, Quote


def last_quote(nlp: Any, fr: Any, text: str, *entities: Entity) -> Quote:
    """The last quotation of `text` (the sentence under test)."""
    found = find_quotes(nlp(text), list(entities), fr, "a1")
    assert found, text
    return found[-1]


# --- a document's issuer is an entity: the speaker is that entity, under all its names -------------

@pytest.mark.parametrize("cite", [
    "selon un communiqué de l'Office national des forêts (ONF)",
    "indique un communiqué publié par l'Office national des forêts (ONF)",
    "précise le rapport de l'Office national des forêts (ONF)",
])
def test_a_document_speaks_as_the_entity_that_issued_it(nlp: Any, fr: Any, cite: str) -> None:
    text = f"Les coupes ont doublé en dix ans. « Plus de deux mille hectares ont été abattus cet hiver », {cite}."
    body = named(text, "Office national des forêts", "ONF", type_="ORG")
    q = last_quote(nlp, fr, text, body)
    assert q.speaker_entity == body.id, q.speaker
