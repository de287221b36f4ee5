"""A live report's time stamp dates the first sentence of the post it heads, never the text before it."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.lang import load_language
from recoupe.link.timeline import TimelineOptions, collect_candidates
from recoupe.link.timeline_words import word_rules
from recoupe.read.events import find_events, reporting_verbs
from recoupe.read.timex.tagger import tag_timexes
from recoupe.records import Article, Event, ReadArticle, Reading

PUBLISHED = "2023-06-14"


def read(nlp: Any, fr: Any, text: str, published: str = PUBLISHED) -> list[Event]:
    doc = nlp(text)
    timexes = tag_timexes(text, published, fr, doc=doc, article_id="t")
    return find_events(doc, timexes, [], "t", reporting_verbs(fr))


@pytest.mark.parametrize(("text", "post"), [
    ("► 18h40. Le préfet annonce la fermeture des écoles de la commune. ► 17h15. Les pompiers ont maîtrisé le feu.",
     "Le préfet annonce la fermeture des écoles de la commune."),
    ("▶ 9h05 : La ministre de la Santé a confirmé trois nouveaux cas à l'hôpital de la ville. Elle s'y rendra.",
     "La ministre de la Santé a confirmé trois nouveaux cas à l'hôpital de la ville."),
    ("• 21h30. Le club a limogé son entraîneur après la défaite à domicile. Les supporters applaudissent.",
     "Le club a limogé son entraîneur après la défaite à domicile."),
])
def test_a_stamp_dates_the_first_sentence_of_its_post(nlp: Any, fr: Any, text: str, post: str) -> None:
    events = read(nlp, fr, text)
    first = events[0]
    assert first.date == PUBLISHED
    assert first.evidence.text.endswith(post)
    assert post not in " ".join(e.evidence.text for e in events[1:])


@pytest.mark.parametrize("text", [
    "Les pièces du trésor ont été mises à l'abri au musée► 17h05. Il faudra dix ans pour restaurer la nef.",
    "Le maire a levé l'arrêté d'évacuation du quartier ► 12h20. Le trafic reprend sur la ligne.",
])
def test_a_stamp_does_not_date_the_text_before_it(nlp: Any, fr: Any, text: str) -> None:
    before = text.split("►")[0]
    assert all(not e.evidence.text.startswith(before.strip()[:20]) for e in read(nlp, fr, text))


def test_a_post_that_names_its_own_day_is_dated_by_it(nlp: Any, fr: Any) -> None:
    text = "► 18h40. Le gouvernement a annoncé lundi 12 juin la fermeture des frontières."
    events = read(nlp, fr, text)
    assert [e.date for e in events] == ["2023-06-12"]


def test_a_stamp_read_on_another_day_than_the_report_dates_nothing(nlp: Any, fr: Any) -> None:
    """A stamp resolved against a day the posts mention, not the report's own, is misread: its post is undated."""
    text = "► 18h40. Le préfet annonce la fermeture des écoles de la commune."
    doc = nlp(text)
    timexes = [t for t in tag_timexes(text, PUBLISHED, fr, doc=doc, article_id="t")]
    events = find_events(doc, timexes, [], "t", reporting_verbs(fr))
    assert events and events[0].date == PUBLISHED
    article = Article(id="t", raw_text=text, source="alpha.fr", published="2023-06-15", clean_text=text)
    item = ReadArticle(article, Reading(article="t", events=events, timexes=timexes, lemmas={}))
    assert collect_candidates([item], word_rules(load_language("fr")), TimelineOptions()) == []
