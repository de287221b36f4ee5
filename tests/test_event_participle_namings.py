"""A bare past participle set after a noun and dated names what befell that noun: a naming, not the sentence's event."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.read.events import REFERENCE, find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes

DCT = "2022-05-11"


def kinds(nlp: Any, fr: Any, text: str) -> dict[str, str | None]:
    """The kind of each event read in `text` published on DCT, by its date."""
    doc = nlp(text)
    timexes = tag_timexes(text, DCT, fr, doc=doc, article_id="t")
    return {e.date: e.type for e in find_events(doc, timexes, [], "t", reporting_verbs(fr))}


@pytest.mark.parametrize(("text", "named"), [
    ("Le maire a assuré mercredi que les clubs allaient financer la reconstruction du gymnase, détruit la veille "
     "par une tempête.", "2022-05-10"),
    ("La maire a annoncé mercredi que la ville allait reconstruire l'école, détruite lundi par une tempête.",
     "2022-05-09"),
    ("Le ministre a assuré mercredi que l'État allait soutenir les éleveurs de la vallée, touchée mardi par des "
     "inondations.", "2022-05-10"),
])
def test_a_dated_participle_after_its_noun_names_an_event(nlp: Any, fr: Any, text: str, named: str) -> None:
    found = kinds(nlp, fr, text)
    assert found.get(named) == REFERENCE
    assert found.get(DCT) is None


@pytest.mark.parametrize(("text", "told"), [
    ("Le gymnase a été détruit mardi par une tempête, a annoncé la mairie.", "2022-05-10"),
    ("La maire a visité lundi l'école détruite par la tempête.", "2022-05-09"),
    ("Le ministre a reçu mardi les éleveurs touchés par les inondations.", "2022-05-10"),
])
def test_a_participle_with_an_auxiliary_or_undated_leaves_the_event_told(nlp: Any, fr: Any, text: str,
                                                                          told: str) -> None:
    assert kinds(nlp, fr, text).get(told, "missing") is None
