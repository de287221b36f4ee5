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


# A copy is compared with at most this many earlier paragraphs that start like it (the earliest ones): a real
# page repeats its lead once or twice; a text made of one paragraph repeated 100,000 times must not cost
# 100,000² comparisons.
MAX_SOURCES = 16


@dataclass
class KeptLine:
    """A line of the text as it will be kept: its characters and the text ranges they come from, in order."""

    chars: str
    pieces: list[tuple[int, int]]

    def offset(self, k: int) -> int:
        """The text offset of the line's `k`-th character."""
        for a, b in self.pieces:
            if k < b - a:
                return a + k
            k -= b - a
        raise IndexError(k)

    def compact_offset(self, n: int) -> int:
        """The text offset of the line's `n`-th non-space character."""
        seen = 0
        for m in _NON_SPACE.finditer(self.chars):
            if n < seen + m.end() - m.start():
                return self.offset(m.start() + n - seen)
            seen += m.end() - m.start()
        raise IndexError(n)


_NON_SPACE = re.compile(r"\S+")


def kept_lines(text: str, removed: list[Edit]) -> list[KeptLine]:
    """The non-empty lines of `text` once the removed spans are cut out, with the ranges they come from.

    One pass over the lines and the sorted cuts together: linear in the text and the cuts.
    """
    cuts = sorted((e.start, e.end) for e in removed if e.end > e.start)
    lines: list[KeptLine] = []
    start = 0
    first = 0  # the first cut that may still reach the current line
    for line in text.split("\n"):
        end = start + len(line)
        while first < len(cuts) and cuts[first][1] <= start:
            first += 1
        pieces: list[tuple[int, int]] = []
        cursor = start
        for a, b in cuts[first:]:
            if a >= end:
                break
            if b <= cursor:
                continue
            if a > cursor:
                pieces.append((cursor, a))
            cursor = max(cursor, b)
        if cursor < end:
            pieces.append((cursor, end))
        chars = line if pieces == [(start, end)] else "".join(text[a:b] for a, b in pieces)
        if chars.strip():
            lines.append(KeptLine(chars, pieces))
        start = end + 1
    return lines


def find_repeated_leads(text: str, removed: list[Edit], title_span: tuple[int, int] | None = None) -> list[Edit]:
    """Edits removing later copies of earlier paragraphs (reason "repeated lead" for the lead's copy)."""
    lines = kept_lines(text, removed)
    compacts = ["".join(line.chars.split()) for line in lines]
    lead = _lead_index(lines, title_span)
    edits: list[Edit] = []
    # Earlier lines by their first MIN_COPY_CHARS non-space characters (shorter lines: by their whole text, per
    # length), so that a line is compared only with the lines it starts like.
    by_head: dict[str, list[int]] = {}
    short_lengths: set[int] = set()
    for j in range(len(lines)):
        copy = compacts[j]
        if j and len(copy) >= MIN_COPY_CHARS:
            sources = by_head.get(copy[:MIN_COPY_CHARS], [])[:MAX_SOURCES]
            sources += [i for n in sorted(short_lengths) for i in by_head.get(copy[:n], [])[:MAX_SOURCES]]
            best = _best_source(copy, sorted(sources), compacts, j)
            if best is not None:
                n, i = best
                start, end = lines[j].compact_offset(0), lines[j].compact_offset(n - 1) + 1
                edits.append(Edit(kind="removed", start=start, end=end, original=text[start:end],
                                  reason="repeated lead" if i == lead else "repeated paragraph"))
        head = copy[:MIN_COPY_CHARS]
        if head:
            by_head.setdefault(head, []).append(j)
            if len(head) < MIN_COPY_CHARS:
                short_lengths.add(len(head))
    return edits


def _best_source(copy: str, sources: list[int], compacts: list[str], j: int) -> tuple[int, int] | None:
    """(chars to remove, source line) for the earlier line whose paragraphs `copy` repeats most, or None."""
    best: tuple[int, int] | None = None
    for i in sources:
        following: list[str] = []
        size = 0
        for k in range(i, j):  # only as much source text as the copy can match
            following.append(compacts[k])
            size += len(compacts[k])
            if size >= len(copy):
                break
        n = _copied_chars(copy, following)
        if n and (best is None or n > best[0]):
            best = (n, i)
    return best


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
        if title_span and line.pieces and title_span[0] <= line.pieces[0][0] < title_span[1]:
            continue
        if len(line.chars.split()) >= LEAD_MIN_WORDS:
            return i
    return None
