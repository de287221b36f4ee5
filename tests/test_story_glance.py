"""The story at a glance and who said what (recoupe.tell.glance, recoupe.tell.who_said), on hand-built records.

Every sentence here was written for these tests; the facts may be real, the wording is ours.
"""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.records import (
    Comparison,
    Evidence,
    Figure,
    FigureClaim,
    FigureConflict,
    FigureSeries,
    Mention,
    Quote,
    SourceReport,
    TimelineEntry,
    TimeRef,
)
from recoupe.tell.glance import (
    DISAGREES,
    REPORTS,
    SILENT,
    EntityRow,
    LineRules,
    Outlet,
    choose_actors,
    choose_description,
    choose_key_events,
    choose_key_figures,
    choose_title,
    coverage_window,
    fact_grid,
    story_glance,
    trim_clause,
)
from recoupe.tell.who_said import StoryQuote, group_quotes, same_statement

OPENERS = LineRules.from_data({"openers": ["De son côté", "en effet", "par ailleurs", "pour sa part"],
                                "stamp": r"^\d{1,2}\s?h\s?(?:\d{2})?\s?:\s+", "complementizers": ["que", "qu'"]})


def when(article: str, text: str, value: str) -> TimeRef:
    return TimeRef(type="DATE", value=value, mention=Mention(article, 0, len(text), text))


def entry(date: str, event: str, articles: list[str], weight: float = 1.0, sources: list[str] | None = None,
          background: bool = False, other: list[tuple[str, list[str]]] | None = None,
          when_text: str = "") -> TimelineEntry:
    evidence = [Evidence(a, 10 * i, 10 * i + 40, event, when=when(a, when_text, date) if when_text else None)
                for i, a in enumerate(articles)]
    return TimelineEntry(date=date, precision="day" if len(date) == 10 else "month", event=event,
                         articles=list(articles), evidence=evidence, sources=sources or list(articles), weight=weight,
                         background=background, other_dates=other or [])


# --- trimming an event's clause into a line ------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("De son côté, le maire a fermé les écoles.", "Le maire a fermé les écoles."),
    ("En effet, la digue a cédé sous la pression.", "La digue a cédé sous la pression."),
    ("Pour sa part, l'armée a évacué trois villages.", "L'armée a évacué trois villages."),
])
def test_a_leading_connective_is_dropped(text: str, expected: str) -> None:
    assert trim_clause(text, OPENERS, 200) == expected


def test_a_leading_phrase_that_is_no_connective_stays() -> None:
    text = "Selon la préfecture, la digue a cédé."
    assert trim_clause(text, OPENERS, 200) == text


@pytest.mark.parametrize("text, words, expected", [
    ("Le 3 mai, les pompiers ont éteint le feu.", "Le 3 mai", "Les pompiers ont éteint le feu."),
    ("Le ministre a annoncé, mardi soir, que le pont rouvrirait.", "mardi soir",
     "Le ministre a annoncé que le pont rouvrirait."),
    ("Par ailleurs, vendredi, la ville a levé l'alerte.", "vendredi", "La ville a levé l'alerte."),
])
def test_the_dating_words_go_when_commas_set_them_apart(text: str, words: str, expected: str) -> None:
    assert trim_clause(text, OPENERS, 200, words) == expected


@pytest.mark.parametrize("text", ["21h01 : La ville a ouvert un gymnase aux sinistrés.",
                                  "0 h 30 : La ville a ouvert un gymnase aux sinistrés.",
                                  "14h : la ville a ouvert un gymnase aux sinistrés."])
def test_a_live_blog_clock_stamp_goes(text: str) -> None:
    assert trim_clause(text, OPENERS, 200) == "La ville a ouvert un gymnase aux sinistrés."


def test_the_french_rules_ship_with_the_language(fr: Any) -> None:
    rules = LineRules.from_data(fr.json("glance.json"))
    assert trim_clause("9h15 : Par ailleurs, le train est reparti.", rules, 200) == "Le train est reparti."
    assert trim_clause("Toutefois, le train est reparti.", rules, 200) == "Le train est reparti."


@pytest.mark.parametrize("text, expected", [
    ("que le pont restera fermé jusqu'en mars", "Le pont restera fermé jusqu'en mars"),
    ("qu'une enquête avait été ouverte", "Une enquête avait été ouverte"),
    ("Qu’il fallait évacuer la rive droite", "Il fallait évacuer la rive droite"),
    ("Quelque 200 maisons ont été inondées", "Quelque 200 maisons ont été inondées"),
    ("Quelle que soit la décision, le chantier reprendra", "Quelle que soit la décision, le chantier reprendra"),
])
def test_a_clause_cut_from_reported_speech_starts_after_its_que(text: str, expected: str) -> None:
    assert trim_clause(text, OPENERS, 200) == expected


def test_dating_words_inside_the_clause_stay() -> None:
    text = "Le sommet s'est tenu en juin 2020 à Genève."
    assert trim_clause(text, OPENERS, 200, "en juin 2020") == text


def test_a_long_line_is_cut_at_a_clause_end_in_its_second_half() -> None:
    text = "Les secours ont retrouvé douze survivants dans les décombres ; les recherches se poursuivent la nuit"
    assert trim_clause(text, OPENERS, 80) == "Les secours ont retrouvé douze survivants dans les décombres"


def test_a_long_line_without_clause_end_is_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Le gouvernement a promis une aide exceptionnelle aux agriculteurs touchés par la grêle du printemps"
    line = trim_clause(text, OPENERS, 50)
    assert line.endswith("…") and len(line) <= 50
    assert text.startswith(line[:-1])


def test_a_cut_never_leaves_half_a_quotation() -> None:
    text = "Le président a parlé d'une « mobilisation générale de tous les services de l'État pour la reconstruction »"
    line = trim_clause(text, OPENERS, 60)
    assert "«" not in line and "»" not in line


# --- key events, title, description ----------------------------------------------------------------------

OUTLETS = [Outlet("AFP, via lemonde.fr", ["a1", "a2"]), Outlet("Reuters", ["b1"]), Outlet("Le Soir", ["c1"]),
           Outlet("unknown source", ["u1"])]


def story_entries() -> list[tuple[int, TimelineEntry]]:
    return [
        (0, entry("1998-05-02", "En 1998, la première digue avait été construite.", ["a1", "b1"], 3.0,
                  ["AFP", "Reuters"], background=True)),
        (1, entry("2024-03-04", "La rivière est sortie de son lit lundi dans trois communes.", ["a1", "b1"], 1.5,
                  ["AFP", "Reuters"])),
        (2, entry("2024-03-06", "De son côté, le préfet a déclaré, mercredi, l'état de catastrophe naturelle.",
                  ["a2", "b1", "c1"], 2.5, ["AFP", "Reuters", "Le Soir"],
                  other=[("2024-03-07", ["c1"])], when_text="mercredi")),
        (3, entry("2024-03-09", "Les habitants ont commencé à regagner leurs maisons samedi.", ["c1"], 2.0,
                  ["Le Soir"])),
        (4, entry("2024-03-12", "Le gouvernement a débloqué un fonds d'urgence mardi.", ["a1", "c1"], 1.2,
                  ["AFP", "Le Soir"])),
    ]


def test_key_events_are_the_corroborated_ones_in_date_order_with_each_outlet_state() -> None:
    events = choose_key_events(story_entries(), OUTLETS, OPENERS)
    assert [k.index for k in events] == [1, 2, 4]  # the background entry and the single-outlet one are not
    prefect = events[1]
    assert prefect.text == "Le préfet a déclaré l'état de catastrophe naturelle."
    assert prefect.states["AFP, via lemonde.fr"] == REPORTS  # its wire copy on lemonde.fr counts for the wire
    assert prefect.states["unknown source"] == SILENT
    assert prefect.evidence["Reuters"].article == "b1"


def test_an_outlet_that_dates_the_event_otherwise_disagrees() -> None:
    e = entry("2024-03-06", "Le préfet a déclaré l'état de catastrophe.", ["a1", "b1"], 1.0, ["AFP", "Reuters"],
              other=[("2024-03-07", ["c1"])])
    e.articles.append("c1")
    states = choose_key_events([(0, e)], OUTLETS, OPENERS)[0].states
    assert states["Le Soir"] == DISAGREES and states["Reuters"] == REPORTS


def test_the_title_is_the_heaviest_key_event_not_the_headline_nor_the_background() -> None:
    entries = story_entries()
    events = choose_key_events(entries, OUTLETS, OPENERS)
    title, from_events = choose_title("Inondations : la une d'un seul journal", entries, events, OPENERS)
    assert from_events and title == "Le préfet a déclaré l'état de catastrophe naturelle."


def test_without_key_event_the_title_is_the_heaviest_reported_event() -> None:
    entries = [(0, entry("2024-01-02", "Un incendie a détruit l'entrepôt du port.", ["a1"], 1.0)),
               (1, entry("2024-01-03", "Les enquêteurs ont entendu le gardien.", ["a1"], 0.4))]
    assert choose_title("Titre du journal", entries, [], OPENERS) == ("Un incendie a détruit l'entrepôt du port.", True)


def test_a_story_without_dated_events_keeps_its_headline() -> None:
    assert choose_title("Le titre stocké", [], [], OPENERS) == ("Le titre stocké", False)


def test_the_description_tells_the_earliest_and_latest_key_events_not_the_titles() -> None:
    entries = story_entries()
    events = choose_key_events(entries, OUTLETS, OPENERS)
    lines = choose_description(entries, events, OPENERS)
    assert [d for d, _, _ in lines] == ["2024-03-04", "2024-03-12"]
    assert lines[1][2] == "Le gouvernement a débloqué un fonds d'urgence mardi."


def test_the_description_fills_in_with_the_heaviest_events_when_few_are_corroborated() -> None:
    entries = [(0, entry("2024-01-02", "Un incendie a détruit l'entrepôt.", ["a1", "b1"], 2.0, ["AFP", "Reuters"])),
               (1, entry("2024-01-05", "Le gardien a été entendu.", ["a1"], 0.9)),
               (2, entry("2024-01-04", "Les pompiers sont restés sur place.", ["b1"], 0.2)),
               (3, entry("1990-01-01", "Le port fut agrandi.", ["b1"], 5.0, background=True))]
    events = choose_key_events(entries, OUTLETS, OPENERS)
    lines = choose_description(entries, events, OPENERS)
    assert [t for _, _, t in lines] == ["Les pompiers sont restés sur place.", "Le gardien a été entendu."]


def test_the_coverage_window_opens_a_week_before_the_first_report() -> None:
    assert coverage_window(["2024-03-05", "2024-03", None, "2024-02-20"]) == ("2024-02-13", "2024-03-31")
    assert coverage_window([None]) is None


# --- actors and figures -------------------------------------------------------------------------------


def test_actors_are_people_and_organisations_named_by_most_outlets_not_the_narrators() -> None:
    of_article = {"a1": "AFP", "a2": "AFP", "b1": "Reuters", "c1": "Le Soir"}
    rows = [EntityRow("a1", "g1", "Jeanne Martin", "PER"), EntityRow("a2", "g1", "Jeanne Martin", "PER"),
            EntityRow("a1", "g2", "Croix-Rouge", "ORG"), EntityRow("b1", "g2", "Croix-Rouge", "ORG"),
            EntityRow("c1", "g2", "Croix-Rouge", "ORG"), EntityRow("b1", "g3", "Namur", "LOC"),
            EntityRow("c1", "g3", "Namur", "LOC"), EntityRow("c1", "g4", "Reuters", "ORG"),
            EntityRow("b1", "g4", "Reuters", "ORG")]
    actors = choose_actors(rows, of_article, ["AFP", "Reuters", "Le Soir"])
    assert [a.name for a in actors] == ["Croix-Rouge", "Jeanne Martin"]
    assert actors[0].outlets == ["AFP", "Le Soir", "Reuters"] and actors[1].articles == 2


def claim(source: str, article: str, value: float, as_of: str, bound: str | None = None) -> FigureClaim:
    fig = Figure(value=value, mention=Mention(article, int(value) % 97, int(value) % 97 + 5, str(value)),
                 unit="sinistrés", subject="sinistrés", as_of=as_of, bound=bound)
    return FigureClaim(source=source, article=article, figure=fig, period=as_of[:7])


def test_key_figures_are_counts_several_outlets_give_with_their_disagreement() -> None:
    homeless = [claim("AFP", "a1", 1200, "2024-03", "about"), claim("Le Soir", "c1", 2000, "2024-03")]
    dead = [claim("Reuters", "b1", 3, "2024-03-05"), claim("AFP", "a2", 3, "2024-03-05")]
    single = [claim("Reuters", "b1", 40, "2024-03-06")]
    comparison = Comparison(story="s", series=[FigureSeries("morts", "morts", claims=dead),
                                               FigureSeries("sinistrés", "sinistrés", claims=homeless),
                                               FigureSeries("écoles fermées", "écoles", claims=single)],
                            conflicts=[FigureConflict("sinistrés", "2024-03", claims=homeless)])
    outlets = [Outlet("AFP", ["a1", "a2"]), Outlet("Reuters", ["b1"]), Outlet("Le Soir", ["c1"])]
    figures = choose_key_figures(comparison, outlets)
    assert [f.subject for f in figures] == ["sinistrés", "morts"]  # a disputed count before an agreed one
    assert figures[0].disputed and figures[0].states == {"AFP": DISAGREES, "Reuters": SILENT, "Le Soir": DISAGREES}
    assert not figures[1].disputed and figures[1].states["Reuters"] == REPORTS
    assert [c.figure.value for c in figures[1].cells["AFP"]] == [3]


def test_the_grid_lists_key_events_then_key_figures_with_every_outlet() -> None:
    reports = [SourceReport("AFP, via lemonde.fr", ["a1", "a2"]), SourceReport("Reuters", ["b1"]),
               SourceReport("Le Soir", ["c1"])]
    dead = [claim("Reuters", "b1", 3, "2024-03-05"), claim("Le Soir", "c1", 3, "2024-03-05")]
    comparison = Comparison(story="s", sources=reports, series=[FigureSeries("morts", "morts", claims=dead)])
    glance = story_glance("Titre", story_entries(), comparison, ["2024-03-05"], [], OPENERS)
    rows = fact_grid(glance)
    assert [r.kind for r in rows] == ["event", "event", "event", "figure"]
    assert set(rows[0].states) == {"AFP, via lemonde.fr", "Reuters", "Le Soir"}
    assert rows[-1].states == {"AFP, via lemonde.fr": SILENT, "Reuters": REPORTS, "Le Soir": REPORTS}
    assert glance.outlet_count == 3


# --- who said what -------------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Nous reconstruirons chaque maison, quoi qu'il en coûte.", "Nous reconstruirons chaque maison"),
    ("« Nous reconstruirons chaque maison »", "nous reconstruirons chaque maison, quoi qu’il en coûte"),
    ("L'État sera aux côtés des sinistrés jusqu'au bout", "l’Etat sera aux cotes des sinistres jusqu’au bout !"),
])
def test_one_statement_in_several_cuts_and_typographies_is_the_same(a: str, b: str) -> None:
    assert same_statement(a, b)


@pytest.mark.parametrize("a, b", [
    ("Nous reconstruirons chaque maison", "Nous ne reconstruirons pas sur les berges"),
    ("La digue a tenu jusqu'à minuit", "La digue n'a jamais été entretenue depuis vingt ans"),
])
def test_two_statements_on_one_subject_stay_apart(a: str, b: str) -> None:
    assert not same_statement(a, b)


def quote(article: str, text: str, start: int, speaker: str | None, entity: str | None) -> Quote:
    return Quote(text=text, mention=Mention(article, start, start + len(text), text), speaker=speaker,
                 speaker_entity=entity)


def test_quotes_group_by_speaker_entity_and_a_shared_statement_is_shown_once() -> None:
    names = {"a1:e1": ("g7", "Jeanne Martin"), "c1:e4": ("g7", "Jeanne Martin"), "b1:e2": ("g9", "Paul Durand")}
    quotes = [
        StoryQuote(quote("a1", "Nous reconstruirons chaque maison, quoi qu'il en coûte.", 10, "Jeanne Martin",
                         "a1:e1"), "AFP", "2024-03-06"),
        StoryQuote(quote("c1", "nous reconstruirons chaque maison", 50, "Mme Martin", "c1:e4"), "Le Soir",
                   "2024-03-07"),
        StoryQuote(quote("c1", "La digue n'a jamais été entretenue.", 90, "Mme Martin", "c1:e4"), "Le Soir",
                   "2024-03-07"),
        StoryQuote(quote("b1", "Le fonds sera versé en avril.", 5, "Paul Durand", "b1:e2"), "Reuters", None),
        StoryQuote(quote("b1", "On a tout perdu.", 70, None, None), "Reuters", None),
        StoryQuote(quote("b1", "L'eau montait d'un mètre par heure.", 120, "un pompier", None), "Reuters", None),
    ]
    speakers = group_quotes(quotes, names)
    assert [s.name for s in speakers] == ["Jeanne Martin", "Paul Durand", "un pompier", None]
    martin = speakers[0]
    assert martin.id == "g7" and martin.outlets == ["AFP", "Le Soir"]
    shared = martin.statements[0]
    assert shared.outlets == ["AFP", "Le Soir"]
    assert shared.text.startswith("Nous reconstruirons chaque maison, quoi")  # the longest wording is kept
    assert [(c.article, c.start) for c in shared.carriers] == [("a1", 10), ("c1", 50)]
    assert len(martin.statements) == 2


def test_an_outlets_values_show_those_in_conflict_first_then_the_newest() -> None:
    told = [claim("AFP", "a1", 800, "2024-03-02"), claim("AFP", "a1", 5200, "PAST_REF", "at_least"),
            claim("AFP", "a2", 1500, "2024-03-09"), claim("AFP", "a2", 1100, "2024-03-05", "about"),
            claim("Reuters", "b1", 1900, "2024-03-05")]
    conflict = FigureConflict("sinistrés", "2024-03", claims=[told[3], told[4]])
    comparison = Comparison(story="s", series=[FigureSeries("sinistrés", "sinistrés", claims=told)],
                            conflicts=[conflict])
    figure = choose_key_figures(comparison, [Outlet("AFP", ["a1", "a2"]), Outlet("Reuters", ["b1"])])[0]
    assert [c.figure.value for c in figure.cells["AFP"]] == [1100, 1500, 800, 5200]
