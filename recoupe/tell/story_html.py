"""A story as one self-contained HTML page: timeline, sources, figures that differ, single-source facts.

No external asset (styles inline, no script, no font, no CDN), and a
Content-Security-Policy that forbids loading any, so the page opens offline and
leaks nothing. Every piece of article-derived text goes through `html.escape`:
article text is untrusted, and a `<script>` in a sentence must show as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from recoupe.records import Article, Comparison, Figure, FigureConflict, Story, TimelineEntry
from recoupe.tell.story_common import (
    as_of_phrase,
    chronological,
    entries_by_date,
    entry_sources,
    figure_sentence,
    figure_value,
    format_date,
    hedge_word,
    main_date_articles,
    source_of,
    sources_of,
    summarize_story,
    truncate,
)

# Nothing may load: no script, image, font or style sheet from anywhere; only the inline style block.
_CSP = "default-src 'none'; style-src 'unsafe-inline'"
_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.6rem;margin-bottom:.2rem} .meta{color:#666;margin-top:0}
ol.timeline{list-style:none;padding:0;border-left:3px solid #ccd;margin-left:.5rem}
ol.timeline>li{padding:.4rem 0 .8rem 1rem;position:relative}
ol.timeline>li::before{content:"";position:absolute;left:-.5rem;top:.85rem;width:.7rem;height:.7rem;
 border-radius:50%;background:#557}
time{font-weight:600;font-variant-numeric:tabular-nums} .precision{color:#888;font-size:.85em}
.bar{display:inline-block;height:.5rem;background:#7a8;border-radius:2px;vertical-align:middle;margin:0 .4rem}
.sources{color:#555;font-size:.9em} .other{color:#a40;font-size:.9em}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:2px solid #ddd;color:#444}
cite{color:#777;font-style:normal;font-size:.85em}
table{border-collapse:collapse;margin:.5rem 0 1rem} td,th{border:1px solid #ddd;padding:.25rem .5rem;
 vertical-align:top;text-align:left} mark{background:#fe8}
""".strip()

# Width of the weight bar at the story's heaviest entry, in rem: a layout choice, not measured.
_BAR_REM = 6.0


def timeline_html(story: Story, timeline: Sequence[TimelineEntry], comparison: Comparison | None,
                  articles: Mapping[str, Article]) -> str:
    """The story as a standalone HTML page (UTF-8): timeline with evidence, then the comparison."""
    summary = summarize_story(story, articles)
    span = f" · published {escape(summary.first)} → {escape(summary.last or '')}" if summary.first else ""
    parts = [
        "<!DOCTYPE html>", '<html lang="fr">', "<head>", '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(story.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f"<h1>{escape(story.title)}</h1>",
        f'<p class="meta">Story <code>{escape(story.id)}</code> · {len(story.articles)} articles · '
        f"{len(summary.sources)} sources ({escape(', '.join(summary.sources))}){span}</p>",
        "<h2>Timeline</h2>",
    ]
    parts += _html_timeline(timeline, articles) if timeline else ["<p>No dated event.</p>"]
    if comparison is not None:
        parts += _html_comparison(comparison, timeline, articles)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _html_timeline(timeline: Sequence[TimelineEntry], articles: Mapping[str, Article]) -> list[str]:
    """The `<ol>` of entries, oldest first, each with its weight bar, sources, other dates and evidence."""
    heaviest = max((e.weight for e in timeline), default=0.0) or 1.0
    parts = ['<ol class="timeline">']
    for _, entry in chronological(timeline):
        when = format_date(entry.date, entry.precision)
        width = _BAR_REM * max(entry.weight, 0.0) / heaviest
        parts += [
            "<li>",
            f'<time datetime="{escape(when)}">{escape(when)}</time> '
            f'<span class="precision">{escape(entry.precision)}</span>'
            f'<span class="bar" style="width:{width:.2f}rem" title="weight {entry.weight:.2f}"></span>',
            f"<div>{escape(entry.event)}</div>",
            f'<div class="sources">Sources: {escape(", ".join(entry_sources(entry, articles)))}</div>',
        ]
        if entry.other_dates:
            others = "; ".join(f"<b>{escape(format_date(d))}</b> by "
                               + escape(", ".join(sources_of(ids, articles))) for d, ids in entry.other_dates)
            own = escape(", ".join(sources_of(main_date_articles(entry), articles)))
            parts.append(f'<div class="other">Sources differ: <b>{escape(when)}</b> by {own}; {others}</div>')
        if entry.evidence:
            parts.append(f"<details><summary>{len(entry.evidence)} evidence sentence(s)</summary>")
            parts += [f"<blockquote>{escape(m.text)}<br><cite>{escape(source_of(m.article, articles))} · "
                      f"article {escape(m.article)} [{m.start}:{m.end}]</cite></blockquote>"
                      for m in entry.evidence]
            parts.append("</details>")
        parts.append("</li>")
    parts.append("</ol>")
    return parts


def _html_comparison(comparison: Comparison, timeline: Sequence[TimelineEntry],
                     articles: Mapping[str, Article]) -> list[str]:
    """Per source what it reports; figure conflicts side by side; the entries only one source gives."""
    parts = ["<h2>Sources</h2>"]
    for report in comparison.sources:
        parts.append(f"<h3>{escape(report.source)} <small>({len(report.articles)} articles)</small></h3><ul>")
        for i in entries_by_date(report.entries, timeline):
            e = timeline[i]
            parts.append(f"<li><time>{escape(format_date(e.date, e.precision))}</time> "
                         f"{escape(truncate(e.event, 200))}</li>")
        parts += [f"<li>quote ({escape(q.speaker or '?')}): « {escape(q.text)} »</li>"
                  for q in report.quotes]
        parts += [f"<li>figure: {_html_figure(f)}</li>" for f in report.figures]
        parts.append("</ul>")
    if comparison.conflicts:
        parts.append("<h2>Figures that differ between sources</h2>")
        for conflict in comparison.conflicts:
            parts += _html_conflict(conflict, articles)
    singles = entries_by_date(comparison.single_source_entries, timeline)
    if singles:
        parts.append("<h2>Reported by one source only</h2><ul>")
        parts += [f"<li><time>{escape(format_date(timeline[i].date, timeline[i].precision))}</time> "
                  f"{escape(truncate(timeline[i].event, 200))} "
                  f'<span class="sources">({escape(", ".join(entry_sources(timeline[i], articles)))})'
                  "</span></li>"
                  for i in singles]
        parts.append("</ul>")
    return parts


def _html_conflict(conflict: FigureConflict, articles: Mapping[str, Article]) -> list[str]:
    """One conflict as a table: a row per source's claim, the figure marked in its sentence."""
    parts = [f"<h3>{escape(conflict.subject)} · {escape(conflict.period)}</h3>",
             "<table><tr><th>source</th><th>value</th><th>hedge</th><th>as of</th><th>sentence</th></tr>"]
    for claim in conflict.claims:
        f = claim.figure
        parts.append(f"<tr><td>{escape(claim.source)}</td><td>{escape(figure_value(f))}</td>"
                     f"<td>{hedge_word(f)}</td>"
                     f"<td>{escape(f.as_of or '?')}</td>"
                     f"<td>{_marked_sentence(claim.article, f, articles)}</td></tr>")
    parts.append("</table>")
    return parts


def _marked_sentence(article_id: str, figure: Figure, articles: Mapping[str, Article]) -> str:
    """The escaped sentence holding a figure, the figure's own words in `<mark>`."""
    sentence = figure_sentence(article_id, figure.mention.start, figure.mention.end, articles)
    words = " ".join(figure.mention.text.split())
    if not sentence or not words or words not in sentence:
        return escape(sentence or figure.mention.text)
    before, _, after = sentence.partition(words)
    return f"{escape(before)}<mark>{escape(words)}</mark>{escape(after)}"


def _html_figure(f: Figure) -> str:
    """A figure on one line: "~3 500 soldats (soldats en Irak, as of 2021-07)", escaped."""
    details = ", ".join(x for x in (f.subject or "", as_of_phrase(f)) if x)
    return escape(figure_value(f) + (f" ({details})" if details else ""))

