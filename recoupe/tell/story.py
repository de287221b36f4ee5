"""Telling a story: the terminal views (`recoupe stories`, `timeline`, `compare`) and the export dispatcher.

Everything here is presentation over records (`Story`, `TimelineEntry`,
`Comparison`, `Article`): the timeline and the comparison are built by the
link stage. Article-derived text always enters rich as `Text`, never as markup,
so a "[bold]" in an article prints as written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recoupe.records import Article, Comparison, FigureConflict, SourceReport, Story, TimelineEntry
from recoupe.tell.story_common import (
    StoryCoverage,
    as_of_phrase,
    chronological,
    entries_by_date,
    entry_sources,
    figure_sentence,
    figure_value,
    format_date,
    format_number,
    hedge_sign,
    hedge_word,
    main_date_articles,
    source_of,
    sources_of,
    summarize_story,
    truncate,
)
from recoupe.tell.story_export import timeline_csv, timeline_json, timeline_markdown, timeline_timelinejs
from recoupe.tell.story_html import timeline_html

StoryFormat = Literal["md", "html", "json", "timelinejs", "csv"]
FORMATS: tuple[StoryFormat, ...] = ("md", "html", "json", "timelinejs", "csv")

# Cells of the weight bar at the story's heaviest entry: a layout choice (not
# measured). Ten steps separate weights 1 to 5 on the seed story, and at 100
# columns the event column still gets about half the width.
_BAR_CELLS = 10
_PRECISION_STYLE = {"day": "bold", "month": "yellow", "year": "red"}


def render_stories(stories: Sequence[Story], articles: Mapping[str, Article],
                   limit: int | None = None) -> RenderableType:
    """The table for `recoupe stories`: id, title, size, outlets and publication range, biggest first.

    `articles` needs only the stories' articles (`source` and `published` are read); `limit` keeps the
    biggest stories only.
    """
    summaries = sorted((summarize_story(s, articles) for s in stories),
                       key=lambda s: (-len(s.story.articles), s.story.id))
    shown = summaries[:limit] if limit is not None else summaries
    table = Table("story", "title", "articles", "sources", "published", title=f"{len(stories)} stories",
                  title_justify="left")
    table.columns[0].no_wrap = True
    table.columns[4].no_wrap = True
    for summary in shown:
        table.add_row(Text(summary.story.id, style="cyan"), Text(truncate(summary.story.title, 70)),
                      str(len(summary.story.articles)), Text(_source_list(summary)), _published(summary))
    if len(shown) < len(summaries):
        table.caption = f"{len(summaries) - len(shown)} smaller stories not shown"
    return table


def render_timeline(story: Story, timeline: Sequence[TimelineEntry], articles: Mapping[str, Article],
                    detail: bool = False, limit: int | None = None) -> RenderableType:
    """The terminal timeline for `recoupe timeline STORY`, oldest first.

    Each row: the date at its precision (and, where sources disagree, each date with its sources), a
    weight bar, the event and its sources; `detail` adds the evidence sentences under each event and
    `limit` keeps the heaviest entries only.
    """
    kept = _heaviest(timeline, limit)
    heaviest = max((e.weight for e in timeline), default=0.0) or 1.0
    table = Table("date", "weight", "event", "sources", show_lines=detail, expand=True)
    table.columns[0].max_width = 24  # the date and its precision fit; lists of other sources wrap
    table.columns[2].ratio = 3
    table.columns[3].ratio = 1
    for i, entry in chronological(timeline):
        if i in kept:
            sources = Text(", ".join(entry_sources(entry, articles)))
            table.add_row(_date_cell(entry, articles), _weight_bar(entry.weight, heaviest),
                          _event_cell(entry, articles, detail), sources)
    summary = summarize_story(story, articles)
    head = Text.assemble((story.title, "bold"), "  ", (story.id, "cyan"), "\n",
                         (f"{len(story.articles)} articles · {len(summary.sources)} sources · "
                          f"{len(timeline)} entries", "dim"))
    if len(kept) < len(timeline):
        head.append(f" ({len(timeline) - len(kept)} lighter entries not shown)", style="dim")
    return Group(head, table if timeline else Text("No dated event.", style="dim"))


def render_comparison(story: Story, comparison: Comparison, timeline: Sequence[TimelineEntry],
                      articles: Mapping[str, Article], max_items: int = 12) -> RenderableType:
    """The terminal view for `recoupe compare STORY`: per source the entries, quotes and figures it
    reports; figure conflicts side by side with their sentences; the entries only one source gives.

    `max_items` caps each per-source list (the rest is counted, not shown).
    """
    parts: list[RenderableType] = [
        Text.assemble((story.title, "bold"), "  ", (story.id, "cyan"), "\n",
                      (f"{len(comparison.sources)} sources · {len(comparison.conflicts)} figure conflicts"
                       f" · {len(comparison.single_source_entries)} single-source entries", "dim")),
        _coverage_table(comparison, timeline),
    ]
    parts += [_source_panel(r, timeline, max_items) for r in comparison.sources]
    parts += [_conflict_table(c, articles) for c in comparison.conflicts]
    singles = entries_by_date(comparison.single_source_entries, timeline)
    if singles:
        table = Table("date", "event", "source", title="reported by one source only", title_justify="left",
                      expand=True)
        for i in singles:
            e = timeline[i]
            table.add_row(Text(format_date(e.date, e.precision), style=_PRECISION_STYLE.get(e.precision, "")),
                          Text(e.event), Text(", ".join(entry_sources(e, articles))))
        parts.append(table)
    return Group(*parts)


def write_story(fmt: StoryFormat, story: Story, timeline: Sequence[TimelineEntry],
                comparison: Comparison | None, articles: Mapping[str, Article]) -> str:
    """The story serialised in `fmt` (md, html, json, timelinejs or csv), ready to write to a file."""
    if fmt == "md":
        return timeline_markdown(story, timeline, comparison, articles)
    if fmt == "csv":
        return timeline_csv(timeline, articles)
    if fmt == "html":
        return timeline_html(story, timeline, comparison, articles)
    if fmt == "json":
        doc = timeline_json(story, timeline, comparison, articles)
    elif fmt == "timelinejs":
        doc = timeline_timelinejs(story, timeline, comparison, articles)
    else:
        raise ValueError(f"unknown story format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _heaviest(timeline: Sequence[TimelineEntry], limit: int | None) -> set[int]:
    """Indexes of the `limit` heaviest entries (all of them when `limit` is None)."""
    if limit is None:
        return set(range(len(timeline)))
    return {i for i, _ in sorted(enumerate(timeline), key=lambda p: -p[1].weight)[:limit]}


def _source_list(summary: StoryCoverage, size: int = 4) -> str:
    """The first outlets of a story, with how many more there are."""
    more = len(summary.sources) - size
    return ", ".join(summary.sources[:size]) + (f" +{more}" if more > 0 else "")


def _published(summary: StoryCoverage) -> Text:
    """"2021-07-22 → 2021-07-27", or one date, or a dash."""
    if not summary.first:
        return Text("—", style="dim")
    return Text(summary.first if summary.first == summary.last else f"{summary.first} → {summary.last}")


def _date_cell(entry: TimelineEntry, articles: Mapping[str, Article]) -> Text:
    """The date at its precision; where sources give other dates, every date with the sources giving it."""
    cell = Text(format_date(entry.date, entry.precision), style=_PRECISION_STYLE.get(entry.precision, ""))
    cell.append(f" {entry.precision}", style="dim")
    if entry.other_dates:
        cell.append("\n  " + ", ".join(sources_of(main_date_articles(entry), articles)), style="dim")
        for date, ids in entry.other_dates:
            cell.append("\n≠ ", style="bold red")
            cell.append(format_date(date), style="red")
            cell.append("\n  " + ", ".join(sources_of(ids, articles)), style="dim")
    return cell


def _weight_bar(weight: float, heaviest: float) -> Text:
    """A bar of `_BAR_CELLS` cells filled in proportion to the story's heaviest entry, and the weight."""
    filled = max(1, round(_BAR_CELLS * max(weight, 0.0) / heaviest)) if weight > 0 else 0
    return Text.assemble(("█" * filled, "green"), ("░" * (_BAR_CELLS - filled), "dim"), f" {weight:.1f}")


def _event_cell(entry: TimelineEntry, articles: Mapping[str, Article], detail: bool) -> RenderableType:
    """The event; with `detail`, each evidence sentence under it with its source and article."""
    if not detail or not entry.evidence:
        return Text(entry.event)
    evidence = Table.grid(padding=(0, 1))
    evidence.add_column(style="dim", no_wrap=True)
    evidence.add_column(ratio=1)
    for m in entry.evidence:
        evidence.add_row("›", Text.assemble((" ".join(m.text.split()), "italic"),
                                            (f"  — {source_of(m.article, articles)} ({m.article})", "dim")))
    return Group(Text(entry.event), evidence)


def _coverage_table(comparison: Comparison, timeline: Sequence[TimelineEntry]) -> Table:
    """One row per source: its articles and how many entries, quotes and figures it reports."""
    table = Table("source", "articles", "entries", "only here", "quotes", "figures", title="who reports what",
                  title_justify="left")
    singles = set(comparison.single_source_entries)
    for r in comparison.sources:
        only = sum(1 for i in r.entries if i in singles)
        table.add_row(Text(r.source, style="bold"), str(len(r.articles)), str(len(r.entries)), str(only),
                      str(len(r.quotes)), str(len(r.figures)))
    return table


def _source_panel(report: SourceReport, timeline: Sequence[TimelineEntry], max_items: int) -> Panel:
    """What one source reports: its timeline entries, quotes and figures, each list capped."""
    entries = entries_by_date(report.entries, timeline)
    sections: list[tuple[str, list[tuple[Text, Text]]]] = [
        ("entries", [(Text(format_date(timeline[i].date, timeline[i].precision), style="bold"),
                      Text(truncate(timeline[i].event, 200))) for i in entries]),
        ("quotes", [(Text(q.speaker or "?", style="bold"), Text(f"« {truncate(q.text, 200)} »"))
                    for q in report.quotes]),
        ("figures", [(Text(hedge_sign(f) + format_number(f.value), style="bold yellow"),
                      Text.assemble(f"{f.unit or ''}  {f.subject or ''}",
                                    (f"  according to {f.according_to}" if f.according_to else "", "italic"),
                                    (f"  {as_of_phrase(f)}" if f.as_of else "", "dim")))
                     for f in report.figures]),
    ]
    grid = Table.grid(padding=(0, 1))
    grid.add_column(max_width=22)  # dates and values fit; long speaker names wrap
    grid.add_column(ratio=1)
    for name, items in sections:
        if not items:
            continue
        grid.add_row(Text(f"{name} ({len(items)})", style="dim underline"), "")
        for label, text in items[:max_items]:
            grid.add_row(label, text)
        if len(items) > max_items:
            grid.add_row(Text(f"… {len(items) - max_items} more", style="dim"), "")
    title = Text.assemble((report.source, "bold"), f" · {len(report.articles)} articles")
    body: RenderableType = grid if grid.row_count else Text("nothing dated, quoted or counted", style="dim")
    return Panel(body, title=title, title_align="left")


def _conflict_table(conflict: FigureConflict, articles: Mapping[str, Article]) -> Table:
    """Figures that differ, side by side: source, value, approx, as-of and the sentence, figure marked."""
    title = Text.assemble(("figures differ: ", "bold red"), conflict.subject, f" · {conflict.period}")
    table = Table("source", "value", "hedge", "as of", "sentence", expand=True, title=title,
                  title_justify="left")
    table.columns[4].ratio = 1
    for claim in conflict.claims:
        f = claim.figure
        value = Text(figure_value(f), style="bold yellow")
        sentence = _marked_sentence(claim.article, f.mention.start, f.mention.end, f.mention.text, articles)
        table.add_row(Text(claim.source, style="bold"), value, hedge_word(f),
                      Text(f.as_of or "?"), sentence)
    return table


def _marked_sentence(article_id: str, start: int, end: int, words: str,
                     articles: Mapping[str, Article]) -> Text:
    """The sentence holding a figure with the figure's words highlighted (the words alone if no text)."""
    sentence = figure_sentence(article_id, start, end, articles) or " ".join(words.split())
    text = Text(sentence)
    text.highlight_words([" ".join(words.split())], style="bold yellow")
    return text
