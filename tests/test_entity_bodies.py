"""A congress is a parliament: "le Congrès américain" and a later bare "le Congrès" are one body, as for "le
Parlement"; a party's congress is a body of its own."""

from __future__ import annotations

from typing import Any

import pytest
from entity_helpers import entities_of


@pytest.mark.parametrize(("text", "named", "bare"), [
    ("Le Congrès américain a rejeté le texte jeudi. Le président devra convaincre le Congrès à l'automne.",
     "Congrès américain", "Congrès"),
    ("Le Congrès des États-Unis a voté le budget mardi. Le Congrès doit encore le transmettre au président.",
     "Congrès des États-Unis", "Congrès"),
    ("Le congrès du Parti socialiste s'ouvre samedi à Villeurbanne. Le congrès désignera un premier secrétaire.",
     "congrès du Parti socialiste", "congrès"),
])
def test_a_bare_congress_joins_the_one_the_article_names(nlp: Any, fr: Any, text: str, named: str,
                                                          bare: str) -> None:
    entities = entities_of(nlp, fr, text)
    holders = [e for e in entities if any(m.text == named for m in e.mentions)]
    assert len(holders) == 1, [(e.name, e.mentions) for e in entities]
    assert bare in {m.text for m in holders[0].mentions}
