"""A story's glance and who said what, computed when the link stage rebuilds the story and kept in the store
per version of the story (issue 14: a story page never served yet must open in under 100 ms).

Grouping hundreds of quotes by speaker and statement, and reading every entity of the story, are most of
what a cold story page costs; they depend only on the story's records, which change only when the link
stage rewrites the story. So they are computed there, once, and the page reads one row. A page whose row is
missing (a store linked before this), of another version of the story, or of another format computes them
as before: what is shown never depends on whether the row was there.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from recoupe.clean.outlets import UNKNOWN_SOURCE
from recoupe.lang import Language
from recoupe.records import Comparison, Story, TimelineEntry
from recoupe.tell import story_data
from recoupe.tell.glance import Glance, LineRules, outlet_of_articles, story_glance
from recoupe.tell.story_data import StoryPage
from recoupe.tell.view_codec import Decoder, ViewFormatError, encode
from recoupe.tell.who_said import Speaker, StoryQuote, group_quotes

if TYPE_CHECKING:
    from recoupe.store import Store

# Format of the kept views: raised whenever what they hold (Glance, Speaker) or how it is computed changes,
# so that rows kept by an older version are computed afresh rather than shown.
VIEW_FORMAT = 1

GlanceView = tuple[Glance, list[Speaker]]


def outlet_names(language: Language) -> set[str]:
    """Every written form of the outlets and wires a language knows: they narrate a story, never act in it."""
    data = language.json("metadata.json") if language.has("metadata.json") else {}
    return {name for key in ("wires", "byline_outlets", "publisher_names")
            for pair in data.get(key, {}).items() for name in pair}


def gather_glance(store: Store, found: StoryPage, comparison: Comparison | None) -> GlanceView:
    """The story at a glance and who said what, from the page's entries, the comparison and the store."""

    story_id = found.story.id
    language = story_data.story_language(store, story_id)
    rules = LineRules.from_data(language.json("glance.json") if language.has("glance.json") else {})
    entities = story_data.story_entities(store, story_id)
    glance = story_glance(found.story.title, found.entries, comparison, story_data.story_published(store, story_id),
                          entities, rules, outlet_names(language))
    of_article = outlet_of_articles(glance.outlets)
    names = {e.local: (e.id, e.name) for e in entities}
    quotes = [StoryQuote(quote=q, outlet=of_article.get(q.mention.article, UNKNOWN_SOURCE), published=published)
              for q, published in story_data.story_quotes(store, story_id)]
    return glance, group_quotes(quotes, names)


def encode_view(view: GlanceView) -> str:
    """A glance and who said what as the JSON text kept in the store."""
    glance, speakers = view
    return json.dumps({"format": VIEW_FORMAT, "glance": encode(glance), "speakers": encode(speakers)},
                      ensure_ascii=False, separators=(",", ":"))


def decode_view(text: str) -> GlanceView | None:
    """The glance and who said what kept as `text`; None when it is of another format or does not parse."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != VIEW_FORMAT:
            return None
        decoder = Decoder()
        return decoder.decode(data["glance"], Glance), decoder.decode(data["speakers"], list[Speaker])
    except (ValueError, KeyError, TypeError):  # ViewFormatError and JSONDecodeError are ValueErrors
        return None


def save_story_view(store: Store, story_id: str) -> None:
    """Compute a story's glance and who said what as its page shows them, and keep them with the story's
    version (called by the link stage right after it rewrites the story)."""
    view = compose_story_view(store, story_id)
    if view is not None:
        store.save_story_view(story_id, *view)


def compose_story_view(store: Store, story_id: str) -> tuple[str, str] | None:
    """A story's version and its glance and who said what as kept (JSON), read from the store without writing;
    None for a story the store does not hold."""
    from recoupe.store.browse import load_story_row
    from recoupe.store.links import load_timeline

    version = store.story_updated_at(story_id)
    story = load_story_row(store, story_id)
    if version is None or story is None:
        return None
    return version, compose_view(store, story, load_timeline(store, story_id))


def compose_view(store: Store, story: Story, timeline: list[TimelineEntry]) -> str:
    """The glance and who said what of `story` as kept (JSON), its timeline given as stored (`stored_entries`:
    the entries the link stage holds in memory carry more of each date's reading, its precision and anchor,
    than the stored evidence keeps, and the kept view must be the one the page computes from the store). The
    story need not be written yet: the link stage composes its view while planning it."""
    found = story_data.story_page(store, story.id, story_data.StoryPageOptions(), timeline, story)
    assert found is not None  # a story given is always found
    return encode_view(gather_glance(store, found, story_data.story_comparison(store, story.id, timeline, story)))


def glance_of(store: Store, found: StoryPage, comparison: Comparison | None) -> GlanceView:
    """A story page's glance and who said what: the kept ones when they are of the story's current version,
    else computed."""
    version = store.story_updated_at(found.story.id)
    text = store.story_view(found.story.id, version) if version is not None else None
    view = decode_view(text) if text is not None else None
    return view if view is not None else gather_glance(store, found, comparison)


__all__ = [
    "VIEW_FORMAT",
    "GlanceView",
    "ViewFormatError",
    "compose_story_view",
    "compose_view",
    "decode_view",
    "encode_view",
    "gather_glance",
    "glance_of",
    "outlet_names",
    "save_story_view",
]
