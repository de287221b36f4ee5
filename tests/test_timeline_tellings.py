"""A weekday dating the report of a past event falls after that event (find_late_tellings), and the report and
the deed are two entries (reports_its_deed)."""

from __future__ import annotations

import pytest

from recoupe.lang import load_language
from recoupe.link.timeline import TimelineOptions, build_timeline, collect_candidates
from recoupe.link.timeline_words import word_rules
from recoupe.records import Article, Event, Mention, ReadArticle, Reading, TimeRef


def item(sentence: str, day_words: str, day: str, weekday_words: str, weekday: str, telling: str,
         published: str = "2023-05-04") -> ReadArticle:
    """An article of one sentence: a deed dated `day` by `day_words` over the whole sentence, and the clause
    `telling` dated by the weekday `weekday_words`, read as `weekday` from the publication day."""
    aid = "a"
    d, w, t = sentence.index(day_words), sentence.index(weekday_words), sentence.index(telling)
    deed = Event(date=day, precision="day", what=sentence, evidence=Mention(aid, 0, len(sentence), sentence))
    told = Event(date=weekday, precision="day", what=telling, evidence=Mention(aid, t, t + len(telling), telling))
    timexes = [TimeRef("DATE", day, Mention(aid, d, d + len(day_words), day_words), precision="day", anchor=published),
               TimeRef("DATE", weekday, Mention(aid, w, w + len(weekday_words), weekday_words), precision="day",
                       anchor=published)]
    article = Article(id=aid, raw_text=sentence, source="alpha.fr", published=published, clean_text=sentence)
    return ReadArticle(article, Reading(article=aid, events=[deed, told], timexes=timexes,
                                        lemmas={x: 1 for x in sentence.lower().split()}))


def dates(it: ReadArticle) -> list[str]:
    """The dates of the article's candidates, in its order."""
    cands = collect_candidates([it], word_rules(load_language("fr")), TimelineOptions())
    return sorted(c.event.date for c in cands)


def report_wordings(day: int, weekday: str) -> list[tuple[str, str, str, str]]:
    """Three wordings of a report told on `weekday` of a deed it dates on `day` May: (sentence, the deed's day
    words, the weekday words, the telling clause)."""
    deed = f"le {day} mai"
    return [
        (f"« Deux gardes ont été blessés {deed} lors d'une attaque contre le poste frontière », a indiqué le "
         f"ministère dans un communiqué publié {weekday}.", deed, weekday, f"dans un communiqué publié {weekday}"),
        (f"Le barrage a cédé {deed} sous le poids des eaux, a reconnu {weekday} l'exploitant devant la presse.",
         deed, weekday, f"a reconnu {weekday} l'exploitant devant la presse"),
        (f"Selon un bilan rendu public ce {weekday} par la préfecture, l'incendie qui s'est déclaré {deed} a "
         "détruit trois cents hectares de pins.", deed, f"ce {weekday}",
         f"Selon un bilan rendu public ce {weekday} par la préfecture"),
    ]


@pytest.mark.parametrize(("sentence", "day_words", "weekday_words", "telling"), report_wordings(4, "vendredi"))
def test_a_report_dated_a_week_before_the_deed_it_tells_moves_a_week_on(
        sentence: str, day_words: str, weekday_words: str, telling: str) -> None:
    # Published on Thursday 4 May by its page, the weekday was read as the Friday before (28 April).
    it = item(sentence, day_words, "2023-05-04", weekday_words, "2023-04-28", telling)
    assert dates(it) == ["2023-05-04", "2023-05-05"]


def test_a_report_of_a_deed_to_come_keeps_its_weekday() -> None:
    """A telling may precede what it announces: 'se tiendra le 4 mai, a annoncé vendredi'."""
    sentence = "Le sommet des ministres se tiendra le 4 mai à Genève, a annoncé vendredi la présidence."
    it = item(sentence, "le 4 mai", "2023-05-04", "vendredi", "2023-04-28", "a annoncé vendredi la présidence")
    assert dates(it) == ["2023-04-28", "2023-05-04"]


def test_a_report_after_the_deed_keeps_its_weekday() -> None:
    sentence = "Deux gardes ont été blessés le 2 mai lors d'une attaque, a indiqué mercredi le ministère."
    it = item(sentence, "le 2 mai", "2023-05-02", "mercredi", "2023-05-03", "a indiqué mercredi le ministère")
    assert dates(it) == ["2023-05-02", "2023-05-03"]


def test_a_deed_more_than_a_week_after_the_weekday_moves_nothing() -> None:
    """Only the six days after the weekday can be the week the publication day got wrong."""
    sentence = "Deux gardes ont été blessés le 12 mai lors d'une attaque, a indiqué vendredi le ministère."
    it = item(sentence, "le 12 mai", "2023-05-12", "vendredi", "2023-04-28", "a indiqué vendredi le ministère",
              published="2023-05-13")
    assert dates(it) == ["2023-04-28", "2023-05-12"]


def test_a_deed_in_another_sentence_moves_nothing() -> None:
    """Only a deed its own sentence tells constrains a report's weekday."""
    first = "Deux gardes ont été blessés le 4 mai lors d'une attaque contre le poste frontière."
    second = " Le ministère a publié vendredi un communiqué sur la sécurité des frontières."
    text = first + second
    it = item(text, "le 4 mai", "2023-05-04", "vendredi", "2023-04-28", second.strip())
    it.reading.events[0] = Event(date="2023-05-04", precision="day", what=first,
                                 evidence=Mention("a", 0, len(first), first))
    assert dates(it) == ["2023-04-28", "2023-05-04"]


@pytest.mark.parametrize(("sentence", "day_words", "weekday_words", "telling"), report_wordings(3, "jeudi"))
def test_a_report_and_the_deed_it_reports_the_day_before_are_two_entries(
        sentence: str, day_words: str, weekday_words: str, telling: str) -> None:
    """Their sentence is the same, so their words are: only the report's day after the deed's keeps them apart."""
    it = item(sentence, day_words, "2023-05-03", weekday_words, "2023-05-04", telling)
    assert sorted(e.date for e in build_timeline([it])) == ["2023-05-03", "2023-05-04"]


def test_a_limit_set_by_the_deed_is_no_report() -> None:
    """'avant dimanche' is the deadline the deed sets, told with it: one entry."""
    sentence = "La milice a sommé le samedi 6 mai les soldats étrangers de quitter la base avant dimanche."
    it = item(sentence, "le samedi 6 mai", "2023-05-06", "dimanche", "2023-05-07",
              "de quitter la base avant dimanche", published="2023-05-08")
    assert len(build_timeline([it])) == 1
