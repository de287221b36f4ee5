"""A story's key events: the entries several independent outlets support.

One outlet can report anything; an event that two or more independent voices (wires counted once, copies
never, unknown outlets as one group) date the same way is what the story is about. Background the story
only recalls is not among them. Heaviest first, at most KEY_EVENTS_MAX.
"""

from __future__ import annotations

from collections.abc import Sequence

from recoupe.records import TimelineEntry

# Independent voices an entry needs to be a key event: two, the least that makes a fact corroborated.
MIN_KEY_SOURCES = 2
# At most this many key events per story: a reader takes in about ten at a glance; on the TLS libya
# topic 48 entries (background apart) have two voices or more, and the reference timeline holds 28 dates.
KEY_EVENTS_MAX = 10


def key_events(timeline: Sequence[TimelineEntry]) -> list[int]:
    """Indexes into `timeline` of its key events, heaviest first (earlier date first on a tie)."""
    chosen = [i for i, e in enumerate(timeline) if len(set(e.sources)) >= MIN_KEY_SOURCES and not e.background]
    chosen.sort(key=lambda i: (-timeline[i].weight, timeline[i].date))
    return chosen[:KEY_EVENTS_MAX]
