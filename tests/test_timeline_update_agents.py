"""The incremental timeline keeps which persons and organisations each stored clause names: two clauses of one
article naming different agents stay two events when a new article reaches both (as in the whole build)."""

from __future__ import annotations

from typing import Any

import pytest
from test_timeline_agents import article
from test_timeline_update import whole_build

from recoupe.link.timeline_update import update_timeline
from recoupe.records import Article, Event, Mention, Reading, TimeRef
from recoupe.store.links import set_article_links

Clause = tuple[str, str, dict[str, str]]


@pytest.mark.parametrize(("first", "second", "both"), [
    (("Le ministre Paul Durand a décrété mardi 7 mars la loi martiale dans tout le pays.", "mardi 7 mars",
      {"Paul Durand": "PER"}),
     ("Le Parti du Nord a décrété mardi 7 mars la suspension de sa campagne dans tout le pays.", "mardi 7 mars",
      {"Parti du Nord": "ORG"}),
     "Mardi 7 mars, la loi martiale et la suspension de la campagne du Parti du Nord ont été décrétées dans tout le pays."),
    (("Mardi 7 mars, la société Korvex a annoncé la fermeture de son usine de Brel.", "Mardi 7 mars",
      {"Korvex": "ORG"}),
     ("Mardi 7 mars, la syndicaliste Anne Roux a annoncé une grève à l'usine de Brel.", "Mardi 7 mars",
      {"Anne Roux": "PER"}),
     "Mardi 7 mars, la fermeture de l'usine de Brel et une grève ont été annoncées par la société et un syndicat."),
])
def test_a_new_article_alike_two_clauses_of_different_agents_gives_the_whole_build(
        fresh_db: Any, first: Clause, second: Clause, both: str) -> None:
    told = article([first, second])
    fresh_db.save_article(told.article, "1", told.reading)
    set_article_links(fresh_db, "a", "s", None)
    assert update_timeline(fresh_db, "s") == whole_build(fresh_db, "s")
    event = Event(date="2023-03-07", precision="day", what=both, evidence=Mention("b", 0, len(both), both))
    when = TimeRef("DATE", "2023-03-07", Mention("b", 0, 12, both[:12]), precision="day")
    doc = Article(id="b", raw_text=both, source="beta.fr", published="2023-03-08", clean_text=both)
    fresh_db.save_article(doc, "1", Reading(article="b", events=[event], timexes=[when],
                                            lemmas={x: 1 for x in both.lower().split()}))
    set_article_links(fresh_db, "b", "s", None)
    assert update_timeline(fresh_db, "s") == whole_build(fresh_db, "s")
