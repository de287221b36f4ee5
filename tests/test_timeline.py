"""The story timeline: events merged across articles, dates reconciled, sources counted, entries weighted."""

from __future__ import annotations

import pytest

from recoupe.link.timeline import TimelineOptions, _collect, build_timeline, place_weekdays
from recoupe.link.timeline_words import date_relation, french_rules
from recoupe.records import Article, Event, Evidence, Mention, ReadArticle, Reading, TimelineEntry, TimeRef


def make_item(aid: str, source: str | None, published: str, dated: list[tuple[str, str, str]],
              filler: str = "", duplicate_of: str | None = None) -> ReadArticle:
    """An article whose text is its dated sentences (sentence, date, date words) plus filler; events point at them."""
    sentences = [s for s, _, _ in dated]
    text = " ".join(sentences) + (" " + filler if filler else "")
    events, timexes = [], []
    for sentence, date, words in dated:
        start = text.index(sentence)
        evidence = Mention(aid, start, start + len(sentence), sentence)
        precision = {4: "year", 7: "month"}.get(len(date), "day")
        events.append(Event(date=date, precision=precision, what=sentence, evidence=evidence))
        w = text.index(words, start)
        timexes.append(TimeRef("DATE", date, Mention(aid, w, w + len(words), words), precision=precision))
    lemmas = {w: 1 for w in text.lower().split()}
    article = Article(id=aid, raw_text=text, source=source, published=published, clean_text=text)
    return ReadArticle(article, Reading(article=aid, events=events, timexes=timexes, lemmas=lemmas),
                       duplicate_of=duplicate_of)


def entry_on(timeline: list[TimelineEntry], date: str) -> list[TimelineEntry]:
    """The entries of a timeline dated `date`."""
    return [e for e in timeline if e.date == date]


def test_two_articles_reporting_one_event_on_the_same_day_merge() -> None:
    a = make_item("a", "alpha.fr", "2022-03-09", [
        ("Le Parlement du Valdor a voté mardi 8 mars la dissolution de la garde présidentielle.", "2022-03-08",
         "mardi 8 mars")])
    b = make_item("b", "beta.fr", "2022-03-10", [
        ("Les députés du Valdor ont voté le 8 mars la dissolution de la garde présidentielle, après un long débat.",
         "2022-03-08", "le 8 mars")])
    timeline = build_timeline([a, b])
    assert len(timeline) == 1
    entry = timeline[0]
    assert entry.date == "2022-03-08" and entry.precision == "day"
    assert entry.articles == ["a", "b"]
    assert entry.sources == ["alpha.fr", "beta.fr"]
    assert entry.event in {a.reading.events[0].evidence.text, b.reading.events[0].evidence.text}


def test_evidence_offsets_point_at_the_sentences() -> None:
    a = make_item("a", "alpha.fr", "2022-03-09", [
        ("Le Parlement du Valdor a voté mardi 8 mars la dissolution de la garde présidentielle.", "2022-03-08",
         "mardi 8 mars")], filler="Le texte entre en vigueur dans un mois.")
    texts = {"a": a.article.clean_text}
    for entry in build_timeline([a]):
        for m in entry.evidence:
            assert texts[m.article][m.start:m.end] == m.text


def test_adjacent_dates_for_one_event_stay_one_entry_with_the_other_date() -> None:
    sentence = "{} s'est tenu le premier cycle du dialogue stratégique entre le Valdor et la Morlanie, par visioconférence."
    a = make_item("a", "alpha.fr", "2022-06-11", [(sentence.format("Le 11 juin"), "2022-06-11", "Le 11 juin")])
    b = make_item("b", "beta.fr", "2022-06-12", [(sentence.format("Ce 11 juin"), "2022-06-11", "Ce 11 juin")])
    c = make_item("c", "gamma.fr", "2022-06-20", [(sentence.format("Le 12 juin"), "2022-06-12", "Le 12 juin")])
    timeline = build_timeline([a, b, c])
    assert len(timeline) == 1
    entry = timeline[0]
    assert entry.date == "2022-06-11"
    assert entry.articles == ["a", "b"]
    assert entry.other_dates == [("2022-06-12", ["c"])]
    assert entry.sources == ["alpha.fr", "beta.fr", "gamma.fr"]


def test_different_events_on_the_same_day_stay_apart() -> None:
    a = make_item("a", "alpha.fr", "2022-05-03", [
        ("Une frappe de drone a détruit mardi 3 mai un dépôt de munitions près de l'aéroport de Korvan.",
         "2022-05-03", "mardi 3 mai"),
        ("Le ministre des Finances a présenté le 3 mai un budget rectificatif consacré aux retraites.",
         "2022-05-03", "le 3 mai")])
    timeline = build_timeline([a])
    assert len(timeline) == 2
    assert {len(e.evidence) for e in timeline} == {1}


def test_a_month_merges_into_the_day_it_contains_when_the_content_is_alike() -> None:
    a = make_item("a", "alpha.fr", "2022-05-04", [
        ("Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan.",
         "2022-05-03", "le 3 mai")])
    b = make_item("b", "beta.fr", "2022-05", [
        ("Le dépôt de munitions de l'aéroport de Korvan a été détruit en mai par une frappe de drone.",
         "2022-05", "en mai")])
    timeline = build_timeline([a, b])
    assert len(timeline) == 1
    assert timeline[0].date == "2022-05-03" and timeline[0].precision == "day"
    assert timeline[0].articles == ["a", "b"] and timeline[0].other_dates == []


def test_weights_rank_entries_reported_by_more_sources_first() -> None:
    strike = "Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan."
    budget = "Le ministre des Finances a présenté le 5 mai un budget rectificatif consacré aux retraites."
    a = make_item("a", "alpha.fr", "2022-05-06", [(strike, "2022-05-03", "le 3 mai"), (budget, "2022-05-05", "le 5 mai")])
    strike_b = "Le 3 mai, un drone a frappé et détruit le dépôt de munitions de l'aéroport de Korvan."
    b = make_item("b", "beta.fr", "2022-05-06", [(strike_b, "2022-05-03", "Le 3 mai")])
    timeline = build_timeline([a, b])
    by_weight = sorted(timeline, key=lambda e: -e.weight)
    assert by_weight[0].date == "2022-05-03" and len(by_weight[0].sources) == 2
    assert by_weight[0].weight > by_weight[1].weight
    assert [e.date for e in timeline] == ["2022-05-03", "2022-05-05"]


def test_a_duplicate_adds_evidence_but_no_independent_source() -> None:
    sentence = "Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan."
    a = make_item("a", "wire.fr", "2022-05-04", [(sentence, "2022-05-03", "le 3 mai")])
    copy = make_item("copy", "relay.fr", "2022-05-04", [(sentence, "2022-05-03", "le 3 mai")], duplicate_of="a")
    reworded = "Le 3 mai, un drone a frappé et détruit le dépôt de munitions de l'aéroport de Korvan."
    alone = make_item("b", "beta.fr", "2022-05-04", [(reworded, "2022-05-03", "Le 3 mai")])
    with_copy = build_timeline([a, copy])
    assert with_copy[0].sources == ["wire.fr"]
    assert with_copy[0].articles == ["a", "copy"]
    assert build_timeline([a, alone])[0].weight > with_copy[0].weight


def test_a_sentence_copied_word_for_word_is_one_report() -> None:
    sentence = "Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan."
    a = make_item("a", "alpha.fr", "2022-05-04", [(sentence, "2022-05-03", "le 3 mai")])
    b = make_item("b", "beta.fr", "2022-05-05", [(sentence, "2022-05-03", "le 3 mai")])
    timeline = build_timeline([a, b])
    assert len(timeline) == 1
    assert timeline[0].articles == ["a", "b"] and timeline[0].sources == ["alpha.fr"]


def test_one_sources_uncorroborated_entries_of_one_day_share_their_weight() -> None:
    strike = "Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan."
    budget = "Le ministre des Finances a présenté le 3 mai un budget rectificatif consacré aux retraites."
    both = build_timeline([make_item("a", "alpha.fr", "2022-05-04",
                                     [(strike, "2022-05-03", "le 3 mai"), (budget, "2022-05-03", "le 3 mai")])])
    alone = build_timeline([make_item("a", "alpha.fr", "2022-05-04", [(strike, "2022-05-03", "le 3 mai")])])
    assert len(both) == 2
    assert sum(e.weight for e in both) <= alone[0].weight + 1e-6


def test_a_starting_point_is_kept_as_background() -> None:
    for sentence, date, words in [
        ("Les combats opposent depuis 2014 l'armée du Valdor aux rebelles du Nord.", "2014", "2014"),
        ("Depuis mars 2019, la frontière entre les deux pays reste fermée aux camions.", "2019-03", "mars 2019"),
        ("La ligne de train est à l'arrêt depuis le 2 février 2020 faute de pièces.", "2020-02-02", "2 février 2020"),
    ]:
        a = make_item("a", "alpha.fr", "2022-05-04", [(sentence, date, words)])
        timeline = build_timeline([a])
        assert [e.date for e in timeline] == [date]
        assert timeline[0].background


def test_options_change_how_easily_events_merge() -> None:
    a = make_item("a", "alpha.fr", "2022-05-04", [
        ("Une frappe de drone a détruit le 3 mai un dépôt de munitions près de l'aéroport de Korvan.",
         "2022-05-03", "le 3 mai")])
    b = make_item("b", "beta.fr", "2022-05-04", [
        ("Le 3 mai, un dépôt proche de l'aéroport de Korvan a explosé.", "2022-05-03", "Le 3 mai")])
    assert len(build_timeline([a, b], TimelineOptions(same_day=0.0))) == 1
    assert len(build_timeline([a, b], TimelineOptions(same_day=0.99))) == 2


def test_dates_relate_by_prefix_and_adjacent_days() -> None:
    assert date_relation("2022-05-03", "2022-05-03") == "same"
    assert date_relation("2022-05", "2022-05-03") == "contains"
    assert date_relation("2022-05-31", "2022-06-01") == "adjacent"
    assert date_relation("2022-05-03", "2022-05-05") is None
    assert date_relation("2022-04", "2022-05-03") is None


def test_content_words_leave_out_function_words_dates_and_years() -> None:
    words = french_rules().content_words("Le 3 mai 2022, les députés ont voté la dissolution.")
    assert words == {"depute", "vote", "dissol"}


def test_a_source_that_writes_the_day_out_weighs_more_than_one_that_points_at_it() -> None:
    a = make_item("a", "alpha.fr", "2022-03-09", [
        ("Le Parlement du Valdor a voté le 8 mars la dissolution de la garde présidentielle.", "2022-03-08",
         "le 8 mars")])
    b = make_item("b", "beta.fr", "2022-03-11", [
        ("Une frappe de drone a détruit jeudi un dépôt de munitions près de l'aéroport de Korvan.", "2022-03-10",
         "jeudi")])
    timeline = build_timeline([a, b])
    named, pointed = entry_on(timeline, "2022-03-08")[0], entry_on(timeline, "2022-03-10")[0]
    assert named.weight > pointed.weight + 0.5


def month_item(aid: str, source: str, month: str, sentences: list[tuple[str, list[str]]]) -> ReadArticle:
    """An article dated only by `month` whose weekday words the reading could only put in that month."""
    text = " ".join(s for s, _ in sentences)
    events, timexes = [], []
    for sentence, words in sentences:
        start = text.index(sentence)
        evidence = Mention(aid, start, start + len(sentence), sentence)
        events.append(Event(date=month, precision="month", what=sentence, evidence=evidence))
        for w in words:
            at = text.index(w, start)
            timexes.append(TimeRef("DATE", month, Mention(aid, at, at + len(w), w), precision="month", anchor=month))
    article = Article(id=aid, raw_text=text, source=source, published=month, published_precision="month",
                      clean_text=text)
    lemmas = {w: 1 for w in text.lower().split()}
    return ReadArticle(article, Reading(article=aid, events=events, timexes=timexes, lemmas=lemmas))


TALKS = ("Les négociateurs du Valdor et de la Morlanie ont ouvert jeudi à Genève des pourparlers sur le tracé "
         "de la frontière, avant un sommet des deux présidents lundi à Genève.")
TALKS_DATED = "Les pourparlers sur le tracé de la frontière entre le Valdor et la Morlanie se sont ouverts jeudi soir à Genève."


def test_a_month_dated_article_is_placed_in_the_week_of_an_event_it_shares() -> None:
    # 10 March 2022 is a Thursday: the month-dated "jeudi" is that day. The sentence is one
    # entry, on the day of the expression that dates it; its "lundi" (after "avant") is not a
    # second entry with the same sentence.
    a = month_item("a", "alpha.fr", "2022-03", [
        (TALKS, ["jeudi", "lundi"]),
        ("Les discussions reprendront vendredi au niveau des experts militaires.", ["vendredi"])])
    b = make_item("b", "beta.fr", "2022-03-11", [(TALKS_DATED, "2022-03-10", "jeudi soir")])
    timeline = build_timeline([a, b])
    assert entry_on(timeline, "2022-03-10")[0].articles == ["a", "b"]
    assert not entry_on(timeline, "2022-03-14")
    assert entry_on(timeline, "2022-03-11")[0].precision == "day"
    assert not entry_on(timeline, "2022-03")


SUMMIT = "Les deux présidents se retrouveront lundi à Genève pour signer un accord sur le tracé de la frontière."
TALKS_OPEN = ("Les négociateurs du Valdor et de la Morlanie ont ouvert jeudi à Genève des pourparlers sur le tracé "
              "de la frontière.")


def test_an_article_placed_in_time_places_the_next_one() -> None:
    a = month_item("a", "alpha.fr", "2022-03", [(TALKS_OPEN, ["jeudi"]), (SUMMIT, ["lundi"])])
    b = make_item("b", "beta.fr", "2022-03-11", [(TALKS_DATED, "2022-03-10", "jeudi soir")])
    c = month_item("c", "gamma.fr", "2022-03", [
        ("Réunis lundi à Genève, les deux présidents du Valdor et de la Morlanie ont signé un accord sur le tracé "
         "de la frontière.", ["lundi"])])
    monday = entry_on(build_timeline([a, b, c]), "2022-03-14")
    assert monday and "c" in monday[0].articles and "a" in monday[0].articles


def test_weekdays_keep_the_month_when_the_shared_event_has_two_possible_days() -> None:
    a = month_item("a", "alpha.fr", "2022-03", [(TALKS, ["jeudi", "lundi"])])
    b = make_item("b", "beta.fr", "2022-03-11", [(TALKS_DATED, "2022-03-10", "jeudi soir")])
    c = make_item("c", "gamma.fr", "2022-03-18", [(TALKS_DATED.replace("se sont", "ont été"), "2022-03-17",
                                                   "jeudi soir")])
    timeline = build_timeline([a, b, c])
    assert not entry_on(timeline, "2022-03-14")
    # unplaced, the article's one month-dated sentence stays one event (not a Thursday and a Monday)
    assert len([e for e in timeline if "a" in e.articles]) == 1


def test_a_weekday_outside_the_lead_leaves_later_weekdays_on_the_month() -> None:
    # "vendredi dernier" names 4 March 2022 whatever day of the next week the article came
    # out, so the past "mercredi" told after the lead may be 2 or 9 March: it keeps the month.
    a = month_item("a", "alpha.fr", "2022-03", [
        ("Le convoi du général Ostrov a été frappé vendredi dernier par un drone près de l'aéroport de Korvan.",
         ["vendredi dernier"]),
        ("Des missiles ont visé mercredi la base aérienne de Korvan.", ["mercredi"])])
    b = make_item("b", "beta.fr", "2022-03-05", [
        ("Un drone a frappé le 4 mars le convoi du général Ostrov près de l'aéroport de Korvan.", "2022-03-04",
         "le 4 mars")])
    rules, opts = french_rules(), TimelineOptions()
    placed = place_weekdays([a, b], _collect([a, b], rules), rules, opts)
    assert sorted((c.article, c.event.date) for c in placed) == [("a", "2022-03"), ("a", "2022-03-04"),
                                                                 ("b", "2022-03-04")]
    assert [e.articles for e in build_timeline([a, b]) if e.date == "2022-03"] == [["a"]]


def test_each_evidence_names_the_expression_that_dates_it() -> None:
    a = make_item("a", "alpha.fr", "2022-03-09", [
        ("Le Parlement du Valdor a voté mardi 8 mars la dissolution de la garde présidentielle.", "2022-03-08",
         "mardi 8 mars"),
        ("La garde avait été créée en 1998 par le premier président du pays.", "1998", "en 1998")])
    b = make_item("b", "beta.fr", "2022-03-10", [
        ("Les députés du Valdor ont voté en mars la dissolution de la garde présidentielle.", "2022-03", "en mars")])
    timeline = build_timeline([a, b])
    assert timeline
    for entry in timeline:
        for ev in entry.evidence:
            assert ev.when is not None
            m = ev.when.mention
            assert ev.start <= m.start < m.end <= ev.end
            assert {"a": a, "b": b}[ev.article].article.clean_text[m.start:m.end] == m.text
            n = min(len(ev.when.value), len(entry.date))
            assert ev.when.value[:n] == entry.date[:n] or ev.article not in entry.articles
    voted = entry_on(timeline, "2022-03-08")[0]
    assert {ev.article: ev.when.mention.text for ev in voted.evidence if ev.when} == {"a": "mardi 8 mars", "b": "en mars"}


def test_a_placed_weekday_is_cited_at_the_day_it_was_placed_on() -> None:
    a = month_item("a", "alpha.fr", "2022-03", [(TALKS, ["jeudi", "lundi"])])
    b = make_item("b", "beta.fr", "2022-03-11", [(TALKS_DATED, "2022-03-10", "jeudi soir")])
    entry = entry_on(build_timeline([a, b]), "2022-03-10")[0]
    cited = {ev.article: ev.when for ev in entry.evidence}
    assert cited["a"] is not None and (cited["a"].mention.text, cited["a"].value) == ("jeudi", "2022-03-10")


def test_evidence_round_trips_with_its_when() -> None:
    from recoupe.records import Evidence

    when = TimeRef("DATE", "2022-03-08", Mention("a", 30, 42, "mardi 8 mars"))
    ev = Evidence("a", 0, 80, "x" * 80, when=when)
    back = Evidence.from_dict(ev.to_dict())
    assert back == Evidence("a", 0, 80, "x" * 80, when=TimeRef("DATE", "2022-03-08", when.mention))
    assert ev.to_dict()["when"] == {"text": "mardi 8 mars", "start": 30, "end": 42, "value": "2022-03-08"}
    assert Evidence.from_dict({"article": "a", "sentence": "s", "start": 0, "end": 1}).when is None


def test_a_sentence_cites_its_own_date_and_lists_its_other_dates() -> None:
    # 10 March 2022 is a Thursday: "jeudi" dates the sentence; "lundi" (after "avant") is
    # listed with it as `also`, not cited as a second entry
    a = month_item("a", "alpha.fr", "2022-03", [(TALKS, ["jeudi", "lundi"])])
    b = make_item("b", "beta.fr", "2022-03-11", [(TALKS_DATED, "2022-03-10", "jeudi soir")])
    entry = entry_on(build_timeline([a, b]), "2022-03-10")[0]
    cited = next(ev for ev in entry.evidence if ev.article == "a")
    assert cited.when is not None and cited.when.mention.text == "jeudi"
    assert [t.mention.text for t in cited.also] == ["lundi"]


@pytest.mark.parametrize(("sentence", "own", "other", "other_value"), [
    ("Le traité signé le 4 mai 2019 est entré en vigueur le 1er janvier 2020.", "le 1er janvier 2020", "le 4 mai 2019",
     "2019-05-04"),
    ("Élu en 2017, le maire a démissionné le 3 février 2022.", "le 3 février 2022", "2017", "2017"),
])
def test_evidence_round_trips_its_other_dates(sentence: str, own: str, other: str, other_value: str) -> None:
    at = sentence.index(other)
    also = TimeRef("DATE", other_value, Mention("a", at, at + len(other), other))
    w = sentence.index(own)
    when = TimeRef("DATE", "2020", Mention("a", w, w + len(own), own))
    ev = Evidence("a", 0, len(sentence), sentence, when=when, also=[also])
    data = ev.to_dict()
    assert data["also"] == [{"text": other, "start": at, "end": at + len(other), "value": other_value}]
    assert Evidence.from_dict(data).also[0].mention.text == other
    assert "also" not in Evidence("a", 0, len(sentence), sentence, when=when).to_dict()
