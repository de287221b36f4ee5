"""Two articles recalling the same past year recall one event: any word or actor they share makes them one."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def article(aid: str, source: str, published: str, sentence: str, year: str) -> ReadArticle:
    """One article whose one dated sentence names `year` alone."""
    at = sentence.index(year)
    event = Event(date=year, precision="year", what=sentence, evidence=Mention(aid, 0, len(sentence), sentence))
    timex = TimeRef("DATE", year, Mention(aid, at, at + 4, year), precision="year")
    doc = Article(id=aid, raw_text=sentence, source=source, published=published, clean_text=sentence)
    return ReadArticle(doc, Reading(article=aid, events=[event], timexes=[timex],
                                    lemmas={w: 1 for w in sentence.lower().split()}))


@pytest.mark.parametrize(("first", "second"), [
    ("Les casques bleus, déployés en 2004 dans le sud du pays, y restent nombreux.",
     "Le contingent arrivé en 2004 pour protéger les civils compte aujourd'hui 900 casques bleus."),
    ("Le barrage, achevé en 1987 après dix ans de travaux, n'avait jamais cédé.",
     "Depuis sa mise en eau en 1987, le barrage alimente trois villes."),
    ("La frontière est fermée depuis 1996 et la fin d'un conflit meurtrier.",
     "Un conflit y a éclaté en 1990, se terminant par une trêve en 1996 que personne ne respecte."),
])
def test_two_articles_recalling_one_past_year_with_a_shared_word_recall_one_event(first: str, second: str) -> None:
    year = next(y for y in ("2004", "1987", "1996") if y in first)
    items = [article("a", "alpha.fr", "2023-05-02", first, year),
             article("b", "beta.fr", "2023-05-09", second, year)]
    entries = build_timeline(items)
    assert [(e.date, sorted(e.articles)) for e in entries] == [(year, ["a", "b"])]


def test_two_recollections_of_one_year_sharing_nothing_stay_two() -> None:
    items = [article("a", "alpha.fr", "2023-05-02", "La région avait proclamé son autonomie en 1991.", "1991"),
             article("b", "beta.fr", "2023-05-09", "Une épidémie de choléra y a tué des milliers de gens en 1991.", "1991")]
    assert len(build_timeline(items)) == 2


def test_a_year_the_articles_are_published_in_is_no_recollection() -> None:
    items = [article("a", "alpha.fr", "2023-05-02", "Le ministre promet une nouvelle loi sur l'eau en 2023.", "2023"),
             article("b", "beta.fr", "2023-05-09", "Les agriculteurs réclament en 2023 une loi sur les pesticides.", "2023")]
    assert len(build_timeline(items)) == 2
