"""An article's clean text cut into nested marks (entities, dates, quotes, figures) for a template to write.

The same spans `recoupe show` styles in the terminal (`tell.terminal.mark_text`),
as a tree rather than styles: a template walks the tree and writes `<mark>`
elements, so the text itself is only ever escaped by Jinja, never assembled as
HTML here. Spans that cross the end of an enclosing one are cut at its end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from recoupe.records import Reading
from recoupe.tell.story_common import format_number, hedge_sign

# Which mark encloses which when two cover the same characters: a quote holds names and
# dates, a date may hold a figure's words ("en 2021"), never the other way round.
_NESTING = {"quote": 0, "ent": 1, "timex": 2, "figure": 3}


@dataclass(slots=True)
class Span:
    """A span of text to mark: its kind, CSS classes and data attributes."""

    kind: str
    start: int
    end: int
    classes: str
    attrs: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Mark:
    """A marked run of text: its classes and attributes, and its content (text and nested marks)."""

    classes: str
    attrs: list[tuple[str, str]]
    end: int
    children: list[str | Mark] = field(default_factory=list)


def reading_spans(reading: Reading, global_ids: dict[str, str]) -> list[Span]:
    """Every span the reading found: entity mentions (with their id across the store), dates, quotes, figures."""
    spans = [Span("quote", q.mention.start, q.mention.end, "quote",
                  [("data-speaker", q.speaker or "")] if q.speaker else []) for q in reading.quotes]
    for e in reading.entities:
        attrs = [("data-entity", global_ids.get(e.id, e.id)), ("title", f"{e.type} · {e.name}")]
        spans += [Span("ent", m.start, m.end, f"ent ent-{e.type}", attrs) for m in e.mentions]
    spans += [Span("timex", t.mention.start, t.mention.end, "timex", [("title", f"{t.type} {t.value}")])
              for t in reading.timexes]
    for f in reading.figures:
        what = " ".join(x for x in (f.unit or "", f"({f.subject})" if f.subject else "",
                                    f"as of {f.as_of}" if f.as_of else "") if x)
        title = f"{hedge_sign(f)}{format_number(f.value)} {what}".strip()
        spans.append(Span("figure", f.mention.start, f.mention.end, "figure", [("title", title)]))
    return spans


def mark_tree(text: str, spans: list[Span]) -> list[str | Mark]:
    """`text` as a list of plain strings and `Mark`s, nested as the spans are (crossing spans are cut)."""
    root = Mark("", [], len(text))
    stack = [root]
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end, _NESTING.get(s.kind, 9))):
        start, end = max(0, span.start), min(len(text), span.end)
        if start >= end:
            continue
        while len(stack) > 1 and stack[-1].end <= start:
            pos = _close(text, stack, pos)
        start = max(start, pos)
        end = min(end, stack[-1].end)
        if start >= end:
            continue
        if start > pos:
            stack[-1].children.append(text[pos:start])
        mark = Mark(span.classes, span.attrs, end)
        stack[-1].children.append(mark)
        stack.append(mark)
        pos = start
    while len(stack) > 1:
        pos = _close(text, stack, pos)
    if pos < len(text):
        root.children.append(text[pos:])
    return root.children


def _close(text: str, stack: list[Mark], pos: int) -> int:
    """Close the innermost open mark: add the rest of its text, pop it; return the new position."""
    mark = stack.pop()
    if mark.end > pos:
        mark.children.append(text[pos:mark.end])
    return mark.end
