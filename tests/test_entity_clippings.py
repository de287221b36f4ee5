"""Clipped names ("la Prom", "la Sécu") join the one multi-word place or body whose first word they begin."""

from __future__ import annotations

from typing import Any

import pytest
from entity_helpers import entities_of, holding


@pytest.mark.parametrize(("text", "clip", "name"), [
    ("Les nageurs ont longé la Promenade des Anglais dimanche. Le maire a promis que la Prom serait rénovée.",
     "Prom", "Promenade des Anglais"),
    ("La Sécu rembourse mieux les lunettes. Selon la Sécurité sociale, la réforme coûte cher.",
     "Sécu", "Sécurité sociale"),
    ("Les étudiants de Sciences Po manifestent. À Sciences, on parle de grève depuis lundi.", None, None),
])
def test_a_clipped_name_joins_the_name_it_begins(nlp: Any, fr: Any, text: str, clip: str | None,
                                                name: str | None) -> None:
    entities = entities_of(nlp, fr, text)
    if clip is None:  # "Sciences" is the whole first word of "Sciences Po", not a clipping of it
        assert all(len({m.text for m in e.mentions}) == 1 for e in entities), [(e.name, e.mentions) for e in entities]
        return
    assert name is not None
    clipped = holding(entities, clip)
    assert clipped and clipped == holding(entities, name), [(e.name, e.mentions) for e in entities]
    assert clipped[0].name == name


@pytest.mark.parametrize(("text", "word"), [
    ("La Lyonnaise des eaux a relevé ses prix. Les habitants de Lyon protestent contre la hausse.", "Lyon"),
    ("Les Nations unies ont réagi mardi. La Nation tout entière est en deuil.", "Nation"),
    ("La Marseillaise a été sifflée au Stade de France. Les supporters de Marseille ont protesté.", "Marseille"),
    ("Le Marché international de Rungis a rouvert. Marc, un grossiste, s'en félicite.", "Marc"),
    ("Franceinfo Radio a diffusé le reportage. En France, le débat continue.", "France"),
    ("Le parc Disneyland Paris rouvre ses portes. Disney a confirmé la date mardi.", "Disney"),
    ("La Cour a jugé l'affaire lundi, rapporte Courrier international dans son édition.", "Cour"),
    ("Il a rejoint le Groupement salafiste pour la prédication. Le Groupe a revendiqué l'attaque.", "Groupe"),
])
def test_a_word_of_its_own_is_no_clipping(nlp: Any, fr: Any, text: str, word: str) -> None:
    entities = entities_of(nlp, fr, text)
    holders = holding(entities, word)
    assert all({m.text for m in e.mentions} == {word} for e in holders), [(e.name, e.mentions) for e in entities]
