"""Finding a lead (or any paragraph) that a scraper repeated further down, whole or cut short with "...".

Sites often print the article's opening again below the body, as a teaser for sharing: the lead paragraph,
sometimes glued to the start of the next one and cut with an ellipsis. The later copy is removed; when it is
glued to new text in the same line, only the repeated part goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recoupe.records import Edit

# A copy must repeat at least this many non-space characters: the shortest lead copy on the seeds and dev
# scrapes is ~230; 40 (about 7 words) keeps short lines such as subheads or "(...)" from counting as copies.
MIN_COPY_CHARS = 40
# Words a paragraph needs to be taken as the lead (matches boilerplate's reporting_min_words).
LEAD_MIN_WORDS = 15
_ELLIPSES = ("...", "…", "(...)", "[...]")


@dataclass
class KeptLine:
    """A line of the text as it will be kept: its characters and the text offset of each one."""

    chars: str
    offsets: list[int]

    @property
    def compact(self) -> tuple[str, list[int]]:
        """The line without whitespace, with the offset of each remaining character."""
        parts: list[str] = []
        offsets: list[int] = []
        for m in _NON_SPACE.finditer(self.chars):  # runs, sliced in C: no per-character Python loop
            parts.append(m.group())
            offsets.extend(self.offsets[m.start():m.end()])
        return "".join(parts), offsets


_NON_SPACE = re.compile(r"\S+")


def kept_lines(text: str, removed: list[Edit]) -> list[KeptLine]:
    """The non-empty lines of `text` once the removed spans are cut out, with character offsets."""
    cuts = sorted((e.start, e.end) for e in removed if e.end > e.start)
    lines: list[KeptLine] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        pieces: list[tuple[int, int]] = []
        cursor = start
        for a, b in cuts:
            if b <= cursor or a >= end:
                continue
            if a > cursor:
                pieces.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < end:
            pieces.append((cursor, end))
        chars = "".join(text[a:b] for a, b in pieces)
        if chars.strip():
            offsets: list[int] = []
            for a, b in pieces:
                offsets.extend(range(a, b))
            lines.append(KeptLine(chars, offsets))
        start = end + 1
    return lines


def find_repeated_leads(text: str, removed: list[Edit], title_span: tuple[int, int] | None = None) -> list[Edit]:
    """Edits removing later copies of earlier paragraphs (reason "repeated lead" for the lead's copy)."""
    lines = kept_lines(text, removed)
    compacts = [line.compact for line in lines]
    lead = _lead_index(lines, title_span)
    edits: list[Edit] = []
    for j in range(1, len(lines)):
        best: tuple[int, int] | None = None  # (chars to remove, source line)
        copy, copy_offsets = compacts[j]
        if len(copy) < MIN_COPY_CHARS:
            continue
        for i in range(j):
            head = compacts[i][0][:MIN_COPY_CHARS]
            if not head or not copy.startswith(head):
                continue  # cheap filter: a copy starts like its source paragraph
            following: list[str] = []
            size = 0
            for k in range(i, j):  # only as much source text as the copy can match
                following.append(compacts[k][0])
                size += len(compacts[k][0])
                if size >= len(copy):
                    break
            n = _copied_chars(copy, following)
            if n and (best is None or n > best[0]):
                best = (n, i)
        if best is None:
            continue
        n, i = best
        start, end = copy_offsets[0], copy_offsets[n - 1] + 1
        edits.append(Edit(kind="removed", start=start, end=end, original=text[start:end],
                          reason="repeated lead" if i == lead else "repeated paragraph"))
    return edits


def _copied_chars(copy: str, following: list[str]) -> int:
    """How many leading characters of `copy` repeat the paragraphs `following` (0 if it is not a copy).

    A copy either covers whole paragraphs (cut back to the last paragraph boundary, so glued new text stays),
    or stops with an ellipsis right where it stops matching (a teaser cut short).
    """
    source = "".join(following)
    n = 0
    limit = min(len(copy), len(source))
    while n < limit and copy[n] == source[n]:
        n += 1
    if n < MIN_COPY_CHARS:
        return 0
    if any(copy.endswith(mark) and n >= len(copy) - len(mark) for mark in _ELLIPSES):
        return len(copy)
    # Back off to the end of the last whole paragraph matched.
    boundary = 0
    for para in following:
        if boundary + len(para) > n:
            break
        boundary += len(para)
    if boundary < MIN_COPY_CHARS:
        return 0
    if copy[boundary:] in _ELLIPSES:
        return len(copy)
    return boundary


def _lead_index(lines: list[KeptLine], title_span: tuple[int, int] | None) -> int | None:
    """Index of the lead: the first kept line long enough to be reporting that is not the title."""
    for i, line in enumerate(lines):
        if title_span and line.offsets and title_span[0] <= line.offsets[0] < title_span[1]:
            continue
        if len(line.chars.split()) >= LEAD_MIN_WORDS:
            return i
    return None
