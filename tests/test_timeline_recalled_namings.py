"""A naming of a day long past joins the event its own article tells on that day (_recalls_its_told_day)."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.read.events import REFERENCE
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def article(aid: str, parts: list[tuple[str, str, str, str | None, str | None]], published: str) -> ReadArticle:
    """An article whose sentences each date one event: (sentence, date words, ISO day, type, act)."""
    text = " ".join(p[0] for p in parts)
    events, timexes = [], []
    at = 0
    for sentence, words, day, kind, act in parts:
        start = text.index(sentence, at)
        w = text.index(words, start)
        events.append(Event(date=day, precision="day", what=sentence, type=kind, predicate=act,
                            evidence=Mention(aid, start, start + len(sentence), sentence)))
        timexes.append(TimeRef("DATE", day, Mention(aid, w, w + len(words), words), precision="day"))
        at = start + len(sentence)
    art = Article(id=aid, raw_text=text, source=f"{aid}.fr", published=published, clean_text=text)
    return ReadArticle(art, Reading(article=aid, events=events, timexes=timexes,
                                    lemmas={x: 1 for x in text.lower().split()}))


@pytest.mark.parametrize(("naming", "naming_words", "naming_act", "told", "told_words", "told_act"), [
    ("La foire aux vins, fermée après l'attentat du 3 mars 2019, a rouvert ses portes samedi.",
     "3 mars 2019", "attentat",
     "Le 3 mars 2019, un homme armé avait ouvert le feu sur les visiteurs de la foire, tuant six personnes.",
     "Le 3 mars 2019", "ouvrir"),
    ("Depuis la crue du 3 mars 2019, les riverains du fleuve réclament une digue plus haute à la préfecture.",
     "3 mars 2019", "crue",
     "Le 3 mars 2019, le fleuve était sorti de son lit en quelques heures, noyant les bas quartiers de la ville.",
     "Le 3 mars 2019", "sortir"),
    ("Le procès de la fusillade du 3 mars 2019 s'ouvre lundi devant la cour d'assises de la capitale.",
     "3 mars 2019", "fusillade",
     "Ce jour-là, le 3 mars 2019, deux tireurs avaient tiré sur la terrasse d'un café, blessant onze clients.",
     "le 3 mars 2019", "tirer"),
])
def test_a_naming_of_a_day_long_past_joins_what_its_article_tells_of_that_day(
        naming: str, naming_words: str, naming_act: str, told: str, told_words: str, told_act: str) -> None:
    it = article("a", [(naming, naming_words, "2019-03-03", REFERENCE, naming_act),
                       (told, told_words, "2019-03-03", None, told_act)], published="2021-06-12")
    entries = build_timeline([it])
    assert [len(e.evidence) for e in entries] == [2]


def test_a_naming_of_a_recent_day_stays_apart() -> None:
    """Days of the news itself hold many events: a naming of one of them is not the article's other event."""
    naming = "Le bilan de l'explosion du 3 mars 2019 s'est alourdi dans la nuit, selon la préfecture."
    told = "Le 3 mars 2019, le ministre avait visité le chantier du nouveau pont avec les élus de la région."
    it = article("a", [(naming, "3 mars 2019", "2019-03-03", REFERENCE, "explosion"),
                       (told, "Le 3 mars 2019", "2019-03-03", None, "visiter")], published="2019-03-05")
    assert len(build_timeline([it])) == 2


def test_a_naming_of_a_past_day_another_article_tells_stays_apart() -> None:
    """Only its own article's telling of the day is what a naming recalls by this rule."""
    naming = "La foire aux vins, fermée après l'attentat du 3 mars 2019, a rouvert ses portes samedi."
    told = "Le 3 mars 2019, le conseil municipal avait voté le budget de la foire à une large majorité."
    entries = build_timeline([
        article("a", [(naming, "3 mars 2019", "2019-03-03", REFERENCE, "attentat")], published="2021-06-12"),
        article("b", [(told, "Le 3 mars 2019", "2019-03-03", None, "voter")], published="2021-06-12"),
    ])
    assert len(entries) == 2
