"""A story's timeline and source comparison as documents: JSON (OUTPUT.md shape), Markdown, TimelineJS.

Every function reads records only (`Story`, `TimelineEntry`, `Comparison`,
`Article`) and returns a plain value; nothing here touches the store. Article
text is untrusted: Markdown escapes what would be markup, TimelineJS text
(rendered as HTML by the viewer) is HTML-escaped.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from recoupe.link.key_events import key_events
from recoupe.records import Article, Comparison, Figure, FigureClaim, Quote, Story, TimelineEntry
from recoupe.tell.entry_json import entry_json
from recoupe.tell.story_common import (
    as_of_phrase,
    chronological,
    date_parts,
    entries_by_date,
    entry_sources,
    figure_sentence,
    figure_value,
    format_date,
    hedge_word,
    infer_precision,
    main_date_articles,
    source_of,
    sources_of,
    summarize_story,
    truncate,
)

# TimelineJS shows the headline in large type on the slide; 100 characters is a
# layout choice, not measured in the viewer. The full event sentence is always in
# the slide text.
_HEADLINE_SIZE = 100
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~!])")
_MD_LINE_START = re.compile(r"^(\d*)([.)+=-])")
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]+")


# --- JSON ---------------------------------------------------------------------------------------------


def story_entry_json(entry: TimelineEntry, articles: Mapping[str, Article]) -> dict[str, Any]:
    """One timeline entry in the shared shape (OUTPUT.md), plus the outlet behind each evidence sentence,
    the entry's outlets as a reader names them, and each other date's precision and outlets."""
    base = entry_json(entry)
    return {
        **base,
        "evidence": [{**ev, "source": source_of(ev["article"], articles)} for ev in base["evidence"]],
        "sources": entry_sources(entry, articles),
        "other_dates": [{**other, "precision": infer_precision(other["date"]),
                         "sources": sources_of(other["articles"], articles)} for other in base["other_dates"]],
    }


def quote_json(quote: Quote, articles: Mapping[str, Article]) -> dict[str, Any]:
    """A quote with its article, source and offsets."""
    m = quote.mention
    return {"article": m.article, "source": source_of(m.article, articles), "speaker": quote.speaker,
            "speaker_entity": quote.speaker_entity, "text": quote.text, "start": m.start, "end": m.end}


def figure_json(figure: Figure, articles: Mapping[str, Article]) -> dict[str, Any]:
    """A figure with its article, source, offsets and the sentence it stands in."""
    m = figure.mention
    value: float | int = int(figure.value) if float(figure.value).is_integer() else figure.value
    return {"article": m.article, "source": source_of(m.article, articles), "value": value,
            "unit": figure.unit, "subject": figure.subject, "as_of": figure.as_of, "approx": figure.approx,
            "bound": figure.bound, "according_to": figure.according_to,
            "text": m.text, "start": m.start, "end": m.end,
            "sentence": figure_sentence(m.article, m.start, m.end, articles)}


def comparison_json(comparison: Comparison, articles: Mapping[str, Article]) -> dict[str, Any]:
    """The source comparison as JSON; `entries` are indexes into the story's timeline as given."""
    return {
        "story": comparison.story,
        "sources": [{"source": r.source, "articles": list(r.articles), "entries": list(r.entries),
                     "quotes": [quote_json(q, articles) for q in r.quotes],
                     "figures": [figure_json(f, articles) for f in r.figures]} for r in comparison.sources],
        "conflicts": [{"subject": c.subject, "period": c.period,
                       "claims": [claim_json(claim, articles) for claim in c.claims]}
                      for c in comparison.conflicts],
        "single_source_entries": list(comparison.single_source_entries),
        "series": [{"subject": s.subject, "kind": s.kind, "scope": list(s.scope),
                    "claims": [claim_json(claim, articles) for claim in s.claims]} for s in comparison.series],
    }


def claim_json(claim: FigureClaim, articles: Mapping[str, Article]) -> dict[str, Any]:
    """One source's figure in a comparison: the figure (with whose count and its bound), its source and period."""
    return {**figure_json(claim.figure, articles), "source": claim.source, "article": claim.article,
            "period": claim.period or None}


def timeline_json(story: Story, timeline: Sequence[TimelineEntry], comparison: Comparison | None,
                  articles: Mapping[str, Article]) -> dict[str, Any]:
    """The story as OUTPUT.md's `stories` item (id, title, articles, timeline in the order given), plus
    its sources, date range, key events (indexes into the timeline) and, when given, the comparison."""
    summary = summarize_story(story, articles)
    doc: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "articles": list(story.articles),
        "sources": summary.sources,
        "published_range": [summary.first, summary.last],
        "timeline": [story_entry_json(e, articles) for e in timeline],
        "key_events": key_events(timeline),
    }
    if comparison is not None:
        doc["comparison"] = comparison_json(comparison, articles)
    return doc


# --- Markdown -----------------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Article text made inert in Markdown: one line, every markup character backslash-escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LINE_START.sub(r"\1\\\2", escaped)  # "2020. …" or "- …" must not open a list


def timeline_markdown(story: Story, timeline: Sequence[TimelineEntry], comparison: Comparison | None,
                      articles: Mapping[str, Article]) -> str:
    """The story as a Markdown document: the dated entries with their sources and evidence, then the
    comparison (who reports what, figures that differ, what only one source says)."""
    md = escape_markdown
    summary = summarize_story(story, articles)
    lines = [f"# {md(story.title)}", ""]
    span = f" · published {summary.first} → {summary.last}" if summary.first else ""
    lines += [f"Story `{_code(story.id)}` · {len(story.articles)} articles · "
              f"{len(summary.sources)} sources ({', '.join(md(s) for s in summary.sources)}){span}", ""]
    lines += ["## Timeline", ""]
    if not timeline:
        lines += ["No dated event.", ""]
    for _, entry in chronological(timeline):
        lines += _markdown_entry(entry, articles)
    if comparison is not None:
        lines += _markdown_comparison(comparison, timeline, articles)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_entry(entry: TimelineEntry, articles: Mapping[str, Article]) -> list[str]:
    """One entry: heading with date, precision and weight; the event; other dates; evidence quotes."""
    md = escape_markdown
    when = format_date(entry.date, entry.precision)
    lines = [f"### {when} ({entry.precision}) · weight {entry.weight:.2f}", "", md(entry.event), ""]
    lines.append(f"- sources: {', '.join(md(s) for s in entry_sources(entry, articles))}")
    if entry.other_dates:
        lines.append(f"- dated {when} by {_markdown_sources(main_date_articles(entry), articles)}")
        for date, ids in entry.other_dates:
            lines.append(f"- dated **{format_date(date)}** by {_markdown_sources(ids, articles)}")
    lines.append("")
    for m in entry.evidence:
        source = md(source_of(m.article, articles))
        lines += [f"> {md(m.text)}", f"> — {source}, article `{_code(m.article)}`", ""]
    return lines


def _markdown_sources(ids: Sequence[str], articles: Mapping[str, Article]) -> str:
    """Outlets with their article ids: "Belga (`003`), AA (`004`)"."""
    return ", ".join(f"{escape_markdown(source_of(a, articles))} (`{_code(a)}`)" for a in ids)


def _markdown_comparison(comparison: Comparison, timeline: Sequence[TimelineEntry],
                         articles: Mapping[str, Article]) -> list[str]:
    """The comparison sections of the Markdown document."""
    md = escape_markdown
    lines = ["## Sources", ""]
    for report in comparison.sources:
        lines += [f"### {md(report.source)} ({len(report.articles)} articles)", ""]
        for i in entries_by_date(report.entries, timeline):
            e = timeline[i]
            lines.append(f"- {format_date(e.date, e.precision)}: {md(truncate(e.event, 160))}")
        for q in report.quotes:
            lines.append(f"- quote ({md(q.speaker or '?')}): « {md(q.text)} »")
        for f in report.figures:
            lines.append(f"- figure: {_markdown_figure(f)}")
        lines.append("")
    if comparison.conflicts:
        lines += ["## Figures that differ between sources", ""]
        for c in comparison.conflicts:
            lines += [f"### {md(c.subject)} · {md(c.period)}", "",
                      "| source | value | hedge | as of | sentence |", "| --- | --- | --- | --- | --- |"]
            for claim in c.claims:
                f = claim.figure
                m = f.mention
                sentence = figure_sentence(claim.article, m.start, m.end, articles) or m.text
                lines.append(f"| {md(claim.source)} | {md(figure_value(f))} | "
                             f"{hedge_word(f)} | {md(f.as_of or '?')} | {md(sentence)} |")
            lines.append("")
    singles = entries_by_date(comparison.single_source_entries, timeline)
    if singles:
        lines += ["## Reported by one source only", ""]
        for i in singles:
            e = timeline[i]
            lines.append(f"- {format_date(e.date, e.precision)}: {md(truncate(e.event, 160))} "
                         f"({', '.join(md(s) for s in entry_sources(e, articles))})")
        lines.append("")
    return lines


def _markdown_figure(f: Figure) -> str:
    """"~3 500 soldats (soldats en Irak, as of 2021-07)"."""
    md = escape_markdown
    details = ", ".join(x for x in (md(f.subject or ""), md(as_of_phrase(f))) if x)
    return md(figure_value(f)) + (f" ({details})" if details else "")


def _code(text: str) -> str:
    """Text safe inside a Markdown code span (ids are ours, but never trust a backtick)."""
    return text.replace("`", "'")


# --- TimelineJS ---------------------------------------------------------------------------------------


def timeline_timelinejs(story: Story, timeline: Sequence[TimelineEntry], comparison: Comparison | None,
                        articles: Mapping[str, Article]) -> dict[str, Any]:
    """The timeline in TimelineJS3's JSON format: one slide per entry (month and day only when the
    precision has them), all text HTML-escaped since the viewer renders it as HTML."""
    def esc(text: str) -> str:
        return html.escape(text, quote=False)  # element content only: quotes need no escaping

    summary = summarize_story(story, articles)
    single = set(comparison.single_source_entries) if comparison else set()
    intro = (f"<p>{len(story.articles)} articles from {len(summary.sources)} sources: "
             f"{esc(', '.join(summary.sources))}.</p>")
    events = []
    for i, entry in chronological(timeline):
        start = date_parts(entry.date, entry.precision)
        if start is None:
            continue  # not a calendar date: nowhere on the viewer's time axis
        text = [f"<p>{esc(entry.event)}</p>",
                f"<p><b>Sources:</b> {esc(', '.join(entry_sources(entry, articles)))}"
                f"{' (only one source)' if i in single else ''}</p>"]
        if entry.other_dates:
            text.append(f"<p><b>Dated {esc(format_date(entry.date, entry.precision))}</b> by "
                        f"{esc(', '.join(sources_of(main_date_articles(entry), articles)))}")
            for date, ids in entry.other_dates:
                by = esc(", ".join(sources_of(ids, articles)))
                text.append(f"; <b>{esc(format_date(date))}</b> by {by}")
            text.append("</p>")
        text += [f"<blockquote>{esc(m.text)} <cite>{esc(source_of(m.article, articles))}</cite></blockquote>"
                 for m in entry.evidence]
        events.append({
            "start_date": start,
            "text": {"headline": esc(truncate(entry.event, _HEADLINE_SIZE)), "text": "".join(text)},
            "unique_id": _UNSAFE_ID.sub("-", f"{story.id}-{i}"),
        })
    return {"title": {"text": {"headline": esc(story.title), "text": intro}}, "events": events}


# --- CSV --------------------------------------------------------------------------------------------------

CSV_COLUMNS = ("date", "precision", "event", "weight", "key_event", "background", "sources", "articles")


def timeline_csv(timeline: Sequence[TimelineEntry], articles: Mapping[str, Article]) -> str:
    """The timeline as CSV for a spreadsheet: one row an entry, outlets and article ids joined by "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    keys = set(key_events(timeline))
    for i, e in enumerate(timeline):
        writer.writerow([e.date, e.precision, e.event, f"{e.weight:.4f}", int(i in keys), int(e.background),
                         "; ".join(entry_sources(e, articles)), "; ".join(e.articles)])
    return out.getvalue()
