"""A small hand-written store for the web app's tests: one story with a long timeline, no NLP needed.

The story (a strike at an imaginary port, written for these tests) has 130 entries of its
own from 2024 and 5 background entries from the 1990s, reported by three outlets; enough
to page the timeline, filter it and collapse the background, in well under a second.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from recoupe import api
from recoupe.records import Article, Evidence, Story, TimelineEntry
from recoupe.store.links import save_story, set_article_links

STORY_ID = "greve-port"
OUTLETS = ("Le Quai", "Radio Estuaire", "Dépêche Nord")
OWN_ENTRIES = 130
BACKGROUND_ENTRIES = 5
FIRST_DAY = date(2024, 1, 1)


def article_text(day: date, outlet: str) -> str:
    """A sentence of ours for each day of the strike."""
    return f"Le {day.isoformat()}, les dockers du port de Brume ont poursuivi la grève, rapporte {outlet}."


def build_timeline_store(path: Path) -> Path:
    """Write the store: three articles, one per outlet, and the story's timeline citing them."""
    with api.open_store(path) as store:
        for k, outlet in enumerate(OUTLETS):
            text = article_text(FIRST_DAY, outlet)
            store.save_article(Article(id=f"a{k}", raw_text=text, clean_text=text, source=outlet,
                                       title=f"Grève au port de Brume ({outlet})", published="2024-06-01",
                                       published_precision="day", language="fr"), "test")
            set_article_links(store, f"a{k}", STORY_ID, None)
        entries = []
        for n in range(OWN_ENTRIES):
            day = FIRST_DAY + timedelta(days=2 * n)
            outlets = list(OUTLETS[: 1 + n % 3])  # one, two or three outlets in turn
            articles = [f"a{OUTLETS.index(o)}" for o in outlets]
            entries.append(TimelineEntry(
                date=day.isoformat(), precision="day", event=f"Jour {n} de la grève des dockers de Brume.",
                articles=articles, sources=outlets, weight=1.0 + len(outlets) + (n % 7) / 10,
                evidence=[Evidence(article=a, start=0, end=20, text="Les dockers de Brume") for a in articles]))
        for n in range(BACKGROUND_ENTRIES):
            entries.append(TimelineEntry(
                date=str(1990 + n), precision="year", event=f"Une grève plus ancienne, en {1990 + n}.",
                articles=["a0"], sources=[OUTLETS[0]], weight=0.5, background=True))
        save_story(store, Story(id=STORY_ID, title="Grève au port de Brume", articles=["a0", "a1", "a2"]), entries)
    return path
