"""The sentences a live report's post dates on one day are one update: one timeline entry."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.link.timeline_posts import find_post, find_post_stamps
from recoupe.read.events import find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, ReadArticle, Reading, TimeRef

PUBLISHED = "2023-06-14"


def read(nlp: Any, fr: Any, text: str) -> tuple[ReadArticle, list[TimeRef]]:
    """The article of `text` published on PUBLISHED with its events and time expressions."""
    doc = nlp(text)
    timexes = tag_timexes(text, PUBLISHED, fr, doc=doc, article_id="t")
    events = find_events(doc, timexes, [], "t", reporting_verbs(fr))
    article = Article(id="t", raw_text=text, source="alpha.fr", published=PUBLISHED, clean_text=text)
    return ReadArticle(article, Reading(article="t", events=events, timexes=timexes, lemmas={})), timexes


def entries_citing(item: ReadArticle, *pieces: str) -> set[int]:
    """The indexes of the timeline entries whose evidence holds one of `pieces`."""
    timeline = build_timeline([item])
    return {k for k, e in enumerate(timeline) for ev in e.evidence for p in pieces if p in ev.text}


@pytest.mark.parametrize(("text", "post"), [
    ("► 12h05. Le procureur a annoncé qu'une enquête était ouverte pour homicide involontaire. « Dès aujourd'hui, les "
     "premiers témoins ont été entendus », a-t-il précisé. ► 11h40. Le maire a décrété un jour de deuil.",
     ["Le procureur a annoncé", "les premiers témoins"]),
    ("► 16h10. La ministre de la Santé est arrivée à l'hôpital de la ville. « Une cellule de crise se réunira à 18h "
     "avec les médecins », a-t-elle indiqué. ► 15h20. Les pompiers ont évacué le quartier.",
     ["La ministre de la Santé", "Une cellule de crise"]),
    ("▶ 09h30. Le club a confirmé le départ de son entraîneur après la défaite. « Dès aujourd'hui, son adjoint "
     "dirige l'entraînement », a expliqué le président. ▶ 08h45. Les supporters se sont rassemblés devant le stade.",
     ["Le club a confirmé", "son adjoint"]),
])
def test_the_sentences_of_one_post_make_one_entry(nlp: Any, fr: Any, text: str, post: list[str]) -> None:
    item, _ = read(nlp, fr, text)
    assert len(entries_citing(item, *post)) == 1


@pytest.mark.parametrize(("text", "first", "second"), [
    ("► 12h05. Le procureur a annoncé qu'une enquête était ouverte pour homicide involontaire. ► 11h40. Le maire a "
     "décrété un jour de deuil dans la commune.", "Le procureur", "Le maire"),
    ("► 16h10. La ministre de la Santé est arrivée à l'hôpital. La veille, trois patients avaient été "
     "transférés à Lyon. ► 15h20. Les pompiers ont évacué le quartier.", "La ministre", "trois patients"),
])
def test_two_posts_or_two_days_stay_apart(nlp: Any, fr: Any, text: str, first: str, second: str) -> None:
    item, _ = read(nlp, fr, text)
    assert entries_citing(item, first).isdisjoint(entries_citing(item, second))


def test_a_post_runs_from_its_stamp_to_the_next_mark(nlp: Any, fr: Any) -> None:
    text = "► 12h05. Le préfet a levé l'alerte. Les écoles rouvrent. • Liens utiles. ► 11h40. La pluie a cessé."
    _, timexes = read(nlp, fr, text)
    stamps = find_post_stamps(text, timexes)
    assert stamps == [text.index("12h05"), text.index("11h40")]
    assert find_post(text, stamps, text.index("Les écoles")) == text.index("12h05")
    assert find_post(text, stamps, text.index("Liens")) == -1
    assert find_post(text, stamps, text.index("La pluie")) == text.index("11h40")


def test_one_stamp_is_no_live_report(nlp: Any, fr: Any) -> None:
    text = "► 12h05. Le préfet a levé l'alerte. Les écoles rouvrent lundi."
    _, timexes = read(nlp, fr, text)
    assert find_post_stamps(text, timexes) == []
