"""A site described by its kind and its place ("le pont de Gênes") is the one named site of that kind the article
places there ("le pont Morandi à Gênes"); nothing joins without that placement."""

from __future__ import annotations

from typing import Any

import pytest
from entity_helpers import entities_of, holding

from recoupe.link.entity_keys import load_name_keys


@pytest.mark.parametrize(("text", "description", "site"), [
    ("La démolition du pont Morandi à Gênes a duré des mois. Le viaduc de Gênes a laissé place à un ouvrage neuf.",
     "viaduc de Gênes", "pont Morandi"),
    ("Le Pont de Lisbonne fermé la nuit. Le pont Vasco de Gama à Lisbonne entre en travaux ce lundi.",
     "Pont de Lisbonne", "pont Vasco de Gama"),
    ("La basilique Saint-Sernin de Toulouse rouvre après travaux. La basilique de Toulouse accueille les visiteurs, "
     "indique la mairie de Toulouse.", "basilique de Toulouse", "basilique Saint-Sernin de Toulouse"),
    ("Les travaux sur le pont Vasco de Gama à Lisbonne commencent. Le pont de Lisbonne sera fermé la nuit.",
     "pont de Lisbonne", "pont Vasco de Gama"),
])
def test_a_description_by_kind_and_place_joins_the_site_placed_there(nlp: Any, fr: Any, text: str,
                                                                     description: str, site: str) -> None:
    entities = entities_of(nlp, fr, text)
    described = holding(entities, description)
    assert described and described == holding(entities, site), [(e.name, e.mentions) for e in entities]
    assert described[0].name not in (description, description[:1].upper() + description[1:])


@pytest.mark.parametrize(("text", "description"), [
    ("Le pont Morandi s'est effondré en août. Le pont de Brooklyn à New York, lui, tient bon.", "Brooklyn"),
    ("Le pont Morandi de Gênes et le pont Saint-Michel à Gênes sont surveillés. Le pont de Gênes inquiète.",
     "Gênes"),
])
def test_without_one_site_placed_there_a_description_stays_apart(nlp: Any, fr: Any, text: str,
                                                                 description: str) -> None:
    entities = entities_of(nlp, fr, text)
    morandi = [e for e in entities if any("Morandi" in m.text for m in e.mentions)]
    assert morandi and not any(description in m.text for m in morandi[0].mentions if "Morandi" not in m.text)


@pytest.mark.parametrize(("description", "key"), [
    ("pont de Gênes", ("pont", "genes")),
    ("viaduc de Gênes", ("viaduc", "genes")),
    ("pont Morandi", ("morandi",)),
    ("cathédrale d'Amiens", ("catedral", "amiens")),
])
def test_a_description_keys_as_itself_across_articles(fr: Any, description: str, key: tuple[str, ...]) -> None:
    assert load_name_keys(fr).form(description).key == key
