"""A story's key events: entries that several independent outlets support, background apart, heaviest first."""

from __future__ import annotations

from recoupe.link.key_events import KEY_EVENTS_MAX, key_events
from recoupe.records import TimelineEntry


def entry(date: str, sources: list[str], weight: float, background: bool = False) -> TimelineEntry:
    return TimelineEntry(date=date, precision="day", event=f"Événement du {date}", sources=sources, weight=weight,
                         background=background)


def test_key_events_need_two_independent_sources_and_come_heaviest_first() -> None:
    timeline = [
        entry("2011-02-15", ["Le Monde", "Le Figaro"], 2.4),
        entry("2011-02-17", ["Le Monde"], 3.0),  # one outlet only, however heavy
        entry("2011-03-19", ["AFP", "Le Point", "unknown source"], 3.5),
        entry("1969", ["Le Monde", "Le Point"], 1.2, background=True),  # recalled past
        entry("2011-03-20", ["Le Figaro", "Le Figaro"], 2.0),  # one outlet twice is one voice
    ]
    assert key_events(timeline) == [2, 0]


def test_key_events_are_capped_and_ties_go_to_the_earlier_date() -> None:
    timeline = [entry(f"2011-04-{d:02d}", ["a.fr", "b.fr"], 1.0) for d in range(30, 0, -1)]
    chosen = key_events(timeline)
    assert len(chosen) == KEY_EVENTS_MAX
    assert [timeline[i].date for i in chosen] == [f"2011-04-{d:02d}" for d in range(1, KEY_EVENTS_MAX + 1)]


def test_a_story_without_corroborated_entries_has_no_key_event() -> None:
    assert key_events([entry("2011-02-15", ["Le Monde"], 1.0)]) == []
    assert key_events([]) == []
