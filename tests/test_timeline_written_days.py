"""An article dated only by month puts its weekdays on the days it writes out elsewhere."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import build_timeline
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def month_article(month: str, sentences: list[tuple[str, str, str]]) -> ReadArticle:
    """An article dated only by `month`, of sentences (text, date words, ISO value read from them)."""
    text = " ".join(s for s, _, _ in sentences)
    events, timexes = [], []
    for sentence, words, value in sentences:
        start = text.index(sentence)
        precision = "day" if len(value) == 10 else "month"
        events.append(Event(date=value, precision=precision, what=sentence,
                            evidence=Mention("a", start, start + len(sentence), sentence)))
        at = text.index(words, start)
        timexes.append(TimeRef("DATE", value, Mention("a", at, at + len(words), words), precision=precision,
                               anchor=month))
    article = Article(id="a", raw_text=text, source="alpha.fr", published=month, published_precision="month",
                      clean_text=text)
    return ReadArticle(article, Reading(article="a", events=events, timexes=timexes,
                                        lemmas={w: 1 for w in text.lower().split()}))


@pytest.mark.parametrize(("weekday", "written", "day"), [
    (("Le chef de l'État du Valdor a déclaré dimanche que son armée contrôlait désormais Korvan.", "dimanche"),
     ("Il a promis que le 8 novembre resterait dans l'histoire du pays.", "le 8 novembre"), "2020-11-08"),
    (("Les négociateurs se sont quittés samedi sans accord sur la frontière.", "samedi"),
     ("La réunion du 7 novembre avait déjà échoué sur le même point.", "7 novembre"), "2020-11-07"),
    (("Jeudi, la Morlanie a rappelé son ambassadeur.", "Jeudi"),
     ("Le rappel fait suite à l'incident du 5 novembre à la frontière.", "5 novembre"), "2020-11-05"),
])
def test_a_weekday_is_the_day_the_article_writes_out_on_that_weekday(
        weekday: tuple[str, str], written: tuple[str, str], day: str) -> None:
    a = month_article("2020-11", [(*weekday, "2020-11"), (*written, day)])
    entries = [e for e in build_timeline([a]) if weekday[0] in {ev.text for ev in e.evidence}]
    assert [e.date for e in entries] == [day]


def test_a_weekday_stays_on_the_month_when_two_written_days_fall_on_it() -> None:
    a = month_article("2020-11", [
        ("Le chef de l'État du Valdor a déclaré dimanche que son armée contrôlait désormais Korvan.", "dimanche",
         "2020-11"),
        ("Les combats avaient repris le 1er novembre au nord de la ville.", "1er novembre", "2020-11-01"),
        ("Il a promis que le 8 novembre resterait dans l'histoire du pays.", "le 8 novembre", "2020-11-08")])
    entries = [e for e in build_timeline([a]) if any("dimanche" in ev.text for ev in e.evidence)]
    assert [e.date for e in entries] == ["2020-11"]
