"""Rendering one article for the terminal: metadata, marked text, events, and what cleaning did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recoupe.tell.story_common import hedge_word

if TYPE_CHECKING:
    from recoupe.records import ArticleView

# One style per kind of thing read; later spans win where they overlap.
STYLES = {
    "entity": "bold cyan",
    "date": "bold magenta",
    "figure": "bold yellow",
    "quote": "green",
}


def render_article(view: ArticleView, show_removed: bool = False, show_raw: bool = False) -> RenderableType:
    """Build the rich renderable for `recoupe show`."""
    a = view.article
    meta = Table.grid(padding=(0, 2))
    for key, value in (
        ("id", a.id), ("source", a.source), ("published", f"{a.published} ({a.published_precision})"
                                               if a.published else None),
        ("language", a.language), ("title", a.title), ("url", a.url), ("origin", a.origin),
        ("unread", view.unread),
    ):
        meta.add_row(Text(key, style="dim"), Text(value or "—"))
    parts: list[RenderableType] = [meta]
    if show_raw:
        parts.append(Panel(Text(a.raw_text), title="as ingested", title_align="left"))
    else:
        parts.append(Panel(mark_text(view), title="cleaned text", title_align="left"))
        legend = Text("  ".join(f"[{k}]" for k in STYLES))
        for key, style in STYLES.items():
            legend.highlight_words([f"[{key}]"], style=style)
        parts.append(legend)
    r = view.reading
    if r.events:
        events = Table("date", "precision", "event", title="dated events", title_justify="left")
        for e in r.events:
            events.add_row(e.date, e.precision, e.what)
        parts.append(events)
    if r.quotes:
        quotes = Table("speaker", "quote", title="quotes", title_justify="left")
        for q in r.quotes:
            quotes.add_row(q.speaker or "?", q.text)
        parts.append(quotes)
    if r.figures:
        figures = Table("value", "hedge", "unit", "subject", "according to", "as of", title="figures",
                        title_justify="left")
        for f in r.figures:
            figures.add_row(f"{f.value:g}", hedge_word(f), f.unit or "", f.subject or "", f.according_to or "",
                            f.as_of or "")
        parts.append(figures)
    if show_removed:
        parts.append(render_edits(view))
    return Group(*parts)


def mark_text(view: ArticleView) -> Text:
    """The cleaned text with entities, dates, figures and quotes styled."""
    text = Text(view.article.clean_text)
    r = view.reading
    for q in r.quotes:
        text.stylize(STYLES["quote"], q.mention.start, q.mention.end)
    for e in r.entities:
        for m in e.mentions:
            text.stylize(STYLES["entity"], m.start, m.end)
    for t in r.timexes:
        text.stylize(STYLES["date"], t.mention.start, t.mention.end)
    for f in r.figures:
        text.stylize(STYLES["figure"], f.mention.start, f.mention.end)
    return text


def render_edits(view: ArticleView) -> RenderableType:
    """A table of every removed or repaired span, with the reason."""
    edits = view.article.edits
    table = Table("kind", "at", "reason", "what", title=f"{len(edits)} cleaning edits", title_justify="left")
    for e in edits:
        what = repr(e.original) if e.kind == "removed" else f"{e.original!r} → {e.replacement!r}"
        table.add_row(e.kind, f"{e.start}–{e.end}", e.reason, Text(what))
    return table
