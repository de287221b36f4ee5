"""Two articles recalling the same past year recall one event when they share a word the whole story does
not use: a word most of the story's articles write (its country, its main actor) tells no recollection apart."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def article(aid: str, source: str, published: str, sentence: str, year: str | None = None) -> ReadArticle:
    """One article of one sentence; with `year`, the sentence is an event dated by that year alone."""
    events, timexes = [], []
    if year is not None:
        at = sentence.index(year)
        events = [Event(date=year, precision="year", what=sentence, evidence=Mention(aid, 0, len(sentence), sentence))]
        timexes = [TimeRef("DATE", year, Mention(aid, at, at + 4, year), precision="year")]
    doc = Article(id=aid, raw_text=sentence, source=source, published=published, clean_text=sentence)
    return ReadArticle(doc, Reading(article=aid, events=events, timexes=timexes,
                                    lemmas={w.lower(): 1 for w in sentence.split()}))


def story(first: str, second: str, year: str, others: tuple[str, str]) -> list[ReadArticle]:
    """Two articles recalling `year`, and two more of the same story that recall nothing."""
    return [article("a", "alpha.fr", "2023-05-02", first, year),
            article("b", "beta.fr", "2023-05-09", second, year),
            article("c", "gamma.fr", "2023-05-04", others[0]),
            article("d", "delta.fr", "2023-05-05", others[1])]


@pytest.mark.parametrize(("first", "second", "year", "others"), [
    ("Les casques bleus, déployés au Soudan en 2004, y restent nombreux.",
     "Arrivés au Soudan en 2004, les casques bleus y protègent toujours les civils.", "2004",
     ("Le Soudan a reçu mardi une aide alimentaire d'urgence.", "Au Soudan, les pluies ont coupé plusieurs routes.")),
    ("Le barrage de Kelmar, achevé en 1987 après dix ans de travaux, n'avait jamais cédé.",
     "Depuis sa mise en eau en 1987, le barrage alimente trois villes de Kelmar.", "1987",
     ("La vallée de Kelmar est inondée depuis dimanche.", "Les secours évacuent la vallée de Kelmar.")),
    ("La frontière avec la Norvalie est fermée depuis la trêve de 1996.",
     "Une trêve signée en 1996 avait mis fin aux combats avec la Norvalie.", "1996",
     ("La Norvalie a rappelé son ambassadeur.", "Le gouvernement accuse la Norvalie d'espionnage.")),
])
def test_two_recollections_sharing_a_word_of_their_own_recall_one_event(
        first: str, second: str, year: str, others: tuple[str, str]) -> None:
    entries = build_timeline(story(first, second, year, others))
    assert [(e.date, sorted(e.articles)) for e in entries] == [(year, ["a", "b"])]


@pytest.mark.parametrize(("first", "second", "year", "others"), [
    ("Le Soudan avait signé en 2005 un accord de paix avec les rebelles.",
     "Le Soudan a connu en 2005 une grave sécheresse dans ses provinces.", "2005",
     ("Le Soudan a reçu mardi une aide alimentaire d'urgence.", "Au Soudan, les pluies ont coupé plusieurs routes.")),
    ("En 1987, Kelmar avait élu son premier maire écologiste.",
     "Une épidémie de grippe avait frappé Kelmar en 1987.", "1987",
     ("La vallée de Kelmar est inondée depuis dimanche.", "Les secours évacuent la vallée de Kelmar.")),
    ("La Norvalie a adhéré en 1996 à l'union douanière régionale.",
     "Un séisme a détruit en 1996 la capitale de la Norvalie.", "1996",
     ("La Norvalie a rappelé son ambassadeur.", "Le gouvernement accuse la Norvalie d'espionnage.")),
])
def test_two_recollections_sharing_only_the_story_subject_stay_two(
        first: str, second: str, year: str, others: tuple[str, str]) -> None:
    entries = build_timeline(story(first, second, year, others))
    assert sorted(sorted(e.articles) for e in entries) == [["a"], ["b"]]


def test_two_recollections_of_one_year_sharing_nothing_stay_two() -> None:
    items = story("La région avait proclamé son autonomie en 1991.",
                  "Une épidémie de choléra y a tué des milliers de gens en 1991.", "1991",
                  ("Les élections régionales auront lieu dimanche.", "Le scrutin s'annonce serré."))
    assert len(build_timeline(items)) == 2


def test_a_year_the_articles_are_published_in_is_no_recollection() -> None:
    items = story("Le ministre promet une nouvelle loi sur l'eau en 2023.",
                  "Les agriculteurs réclament en 2023 une loi sur les pesticides.", "2023",
                  ("Les agriculteurs manifestent jeudi.", "Le ministre reçoit les syndicats."))
    assert len(build_timeline(items)) == 2
