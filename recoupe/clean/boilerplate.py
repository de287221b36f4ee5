"""Finding what a scraper left around the article: menus, section labels, captions, share and comment widgets.

Every removal is an `Edit` of kind "removed" with offsets into the (repaired) text it was found in. The
words and patterns come from the language's `boilerplate.json`; this module only knows shapes and positions.
The governing rule is that dropping a sentence of reporting is worse than keeping a line of boilerplate: a
line goes only when known phrases cover all of its words, or when it is short and carries a strong marker
(a photo credit, a section label in the top lines, a tweet signature). Past the article's closing widgets,
what shows itself as reader comments or related headlines goes too, and so does a note about the post itself
at its head or foot, and a list of the site's other headlines above the report's first sentence or below
its last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from recoupe.clean.stamps import find_page_stamps
from recoupe.lang import Language
from recoupe.records import Edit
from recoupe.spans import trim_span

if TYPE_CHECKING:
    from recoupe.clean.metadata import Metadata

# Separators allowed between covering phrases on one line: spaces, punctuation, bullets, dashes.
_SEPARATORS = r"[\s.!?:;,*|•·>»«/()\[\]–—-]*"
# Twitter's length limit, plus room for a link or two: the longest tweet text a signature can close.
TWEET_MAX_CHARS = 320
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
# A social post quoted in the report: a handle or a hashtag.
_POST_MARK = re.compile(r"(?<!\w)[@#]\w")


@dataclass(frozen=True)
class Rule:
    """One compiled pattern with the reason label removals matched by it carry."""

    regex: re.Pattern[str]
    reason: str
    max_words: int | None = None  # longest line the rule may judge, when it differs from its family's limit


@dataclass(frozen=True)
class Closing:
    """How the tail after an article's closing widgets is told apart from the article (see `_after_article_end`)."""

    min_widget_lines: int
    widget_reasons: frozenset[str]
    share_reason: str
    personal_share: float
    personal_words: frozenset[str]
    comments_reason: str
    related_reason: str


@dataclass(frozen=True)
class BoilerplateRules:
    """The compiled boilerplate patterns and limits of one language."""

    phrases: tuple[Rule, ...]
    phrase_run: re.Pattern[str]
    inline: tuple[Rule, ...]
    related: tuple[Rule, ...]
    captions: tuple[Rule, ...]
    section_words: frozenset[str]
    byline: Rule
    tweet_link: re.Pattern[str]
    tweet_signature: re.Pattern[str]
    tweet_reason: str
    limits: dict[str, int]
    notes: tuple[Rule, ...]
    closing: Closing


def _rules(items: list[dict[str, Any]]) -> tuple[Rule, ...]:
    return tuple(Rule(re.compile(it["pattern"], re.IGNORECASE), it["reason"], it.get("max_words")) for it in items)


@cache
def load_boilerplate_rules(lang: Language) -> BoilerplateRules:
    """Compile `boilerplate.json` of `lang` once per language."""
    data = lang.json("boilerplate.json")
    phrases = _rules(data["phrases"])
    alternation = "|".join(f"(?P<p{i}>{it['pattern']})" for i, it in enumerate(data["phrases"]))
    # The byline pattern relies on capital letters, so it is matched case-sensitively.
    byline = Rule(re.compile(data["byline"]["pattern"]), data["byline"]["reason"])
    tweet = data["tweet"]
    return BoilerplateRules(
        phrases=phrases,
        phrase_run=re.compile(rf"{_SEPARATORS}(?:{alternation}){_SEPARATORS}", re.IGNORECASE),
        inline=_rules(data["inline"]),
        related=_rules(data["related_headers"]),
        captions=_rules(data["caption_markers"]),
        section_words=frozenset(w.casefold() for w in data["section_words"]),
        byline=byline,
        tweet_link=re.compile(tweet["link"], re.IGNORECASE),
        tweet_signature=re.compile(tweet["signature"]),
        tweet_reason=tweet["reason"],
        limits={k: int(v) for k, v in data["limits"].items() if not k.startswith("_")},
        notes=_rules(data["notes"]),
        closing=Closing(
            min_widget_lines=int(data["closing"]["min_widget_lines"]),
            widget_reasons=frozenset(data["closing"]["widget_reasons"]),
            share_reason=data["closing"]["share_reason"],
            personal_share=float(data["closing"]["personal_share"]),
            personal_words=frozenset(w.casefold() for w in data["closing"]["personal_words"]),
            comments_reason=data["closing"]["comments_reason"],
            related_reason=data["closing"]["related_reason"],
        ),
    )


@dataclass
class Line:
    """One line of the text: its span, and the text left once metadata and inline furniture are cut out."""

    start: int
    end: int
    rest: str = ""
    removed: bool = False
    reason: str = ""  # why it was removed, when it was
    keep: list[tuple[int, int]] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Number of words in what is left of the line."""
        return len(_WORDS.findall(self.rest))


def split_lines(text: str) -> list[Line]:
    """The lines of `text` as spans (without their line break)."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):  # only "\n", as the assembler splits (a "\r" before it is trimmed later)
        body = raw.rstrip("\r")
        lines.append(Line(pos, pos + len(body)))
        pos += len(raw) + 1
    return lines


def find_boilerplate(text: str, meta: Metadata, lang: Language) -> list[Edit]:
    """Edits removing the boilerplate of `text`: metadata spans, page stamps below the header (`stamps`), site
    furniture, captions, embeds, repeated title."""
    rules = load_boilerplate_rules(lang)
    edits: list[Edit] = []
    for start, end, reason in _merge_spans(meta.consumed + find_page_stamps(text, meta.consumed, meta.published, lang)):
        s, e = trim_span(text, start, end)
        if s < e:
            edits.append(_removal(text, s, e, reason))
    lines = split_lines(text)
    for line in lines:
        edits.extend(_cut_inline(text, line, rules, edits))
    title = _title_line(lines, meta)
    top = _top_zone_end(lines, rules, title)
    for i, line in enumerate(lines):
        if line.removed or not line.rest.strip() or line is title:
            continue
        found = classify_line(line.rest, rules, in_top=i < top)
        if found:
            edits.extend(_line_removal(text, line, found))
    edits.extend(_related_followers(text, lines, rules, title))
    edits.extend(_tweets(text, lines, rules))
    edits.extend(_after_article_end(text, lines, rules))
    edits.extend(_editorial_notes(text, lines, rules))
    edits.extend(_headline_lists(text, lines, rules, title, dangling_words(lang)))
    if title is not None:
        edits.extend(_repeated_title(text, lines, title))
    return sorted(edits, key=lambda e: (e.start, e.end))


def classify_line(rest: str, rules: BoilerplateRules, in_top: bool) -> str | None:
    """The reason a line (already stripped of metadata) is boilerplate, or None when it may be reporting."""
    stripped = rest.strip()
    if not stripped:
        return None
    covered = _covered_by_phrases(stripped, rules)
    if covered:
        return covered
    words = len(_WORDS.findall(stripped))
    if not _LETTER.search(stripped) and words <= 5:
        return "no words"
    for rule in rules.related:
        m = rule.regex.match(stripped)
        if not m:
            continue
        tail = stripped[m.end():].strip()
        if not tail.strip(":–—-").strip() or (tail[0] in ":–—-" and words <= rules.limits["headline_max_words"]):
            return rule.reason
    for rule in rules.captions:
        if words <= (rule.max_words or rules.limits["caption_max_words"]) and rule.regex.search(stripped):
            return rule.reason
    if in_top:
        if words <= rules.limits["section_max_words"] and _is_section_label(stripped, rules):
            return "section header"
        if words <= rules.limits["byline_max_words"] and not stripped.endswith(".") \
                and rules.byline.regex.match(stripped):
            return rules.byline.reason
    return None


def _covered_by_phrases(line: str, rules: BoilerplateRules) -> str | None:
    """The reason of the first phrase when known phrases (and separators) cover the whole line, else None."""
    pos, reason = 0, None
    while pos < len(line):
        m = rules.phrase_run.match(line, pos)
        if not m or m.end() == pos:
            return None
        if reason is None:
            group = next(g for g, v in m.groupdict().items() if v is not None)
            reason = rules.phrases[int(group[1:])].reason
        pos = m.end()
        if pos < len(line) and line[pos - 1].isalnum() and line[pos].isalnum():
            return None  # the phrase stopped inside a word
    return reason


def _is_section_label(line: str, rules: BoilerplateRules) -> bool:
    """A very short top line naming a section: a known section word, or capitalised words with no sentence end."""
    label = line.rstrip(".").strip()
    if label.casefold() in rules.section_words:
        return True
    if label.endswith(("!", "?", ":", ",")) or any(c.isdigit() for c in label):
        return False
    parts = [p for p in re.split(r"[\s/|-]+", label) if p]
    return bool(parts) and all(p[0].isupper() for p in parts)


def _cut_inline(text: str, line: Line, rules: BoilerplateRules, consumed: list[Edit]) -> list[Edit]:
    """Fill `line.keep`/`line.rest` (the line minus consumed spans) after cutting inline furniture out of it."""
    keep = [(line.start, line.end)]
    for done in consumed:
        keep = _subtract(keep, done.start, done.end)
    edits: list[Edit] = []
    for rule in rules.inline:
        new_keep: list[tuple[int, int]] = []
        for s, e in keep:
            piece = [(s, e)]
            for m in rule.regex.finditer(text, s, e):
                cut_end = m.end()
                while cut_end < e and text[cut_end] in " \t\u00a0":
                    cut_end += 1
                edits.append(_removal(text, m.start(), cut_end, rule.reason))
                piece = _subtract(piece, m.start(), cut_end)
            new_keep.extend(piece)
        keep = new_keep
    line.keep = keep
    line.rest = "".join(text[s:e] for s, e in keep)
    return edits


def _subtract(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The parts of `spans` outside [start, end)."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if end <= s or start >= e:
            out.append((s, e))
            continue
        if s < start:
            out.append((s, start))
        if end < e:
            out.append((end, e))
    return out


def _title_line(lines: list[Line], meta: Metadata) -> Line | None:
    """The line holding the metadata title span, if any."""
    if meta.title_span is None:
        return None
    t_start, t_end = meta.title_span
    for line in lines:
        if line.start <= t_start < max(line.end, line.start + 1) or (line.start < t_end <= line.end):
            return line
    return None


def _top_zone_end(lines: list[Line], rules: BoilerplateRules, title: Line | None) -> int:
    """Index of the first line that reads like reporting (long enough, not the title or a copy of it)."""
    key = _normalise(title.rest) if title is not None else None
    for i, line in enumerate(lines):
        if line.words >= rules.limits["reporting_min_words"] and _normalise(line.rest) != key:
            return i
    return len(lines)


def _related_followers(text: str, lines: list[Line], rules: BoilerplateRules, title: Line | None) -> list[Edit]:
    """The headline line that follows a related-link header standing alone on its line."""
    edits: list[Edit] = []
    for i, line in enumerate(lines):
        # The whole line, not its rest: metadata may have consumed "Aussi sur <site>" as a credit.
        rest = text[line.start:line.end].strip().rstrip(":").strip()
        if not rest or not any(r.regex.fullmatch(rest) for r in rules.related):
            continue
        nxt = next((j for j in range(i + 1, len(lines)) if lines[j].rest.strip()), None)
        if nxt is None or lines[nxt] is title:
            continue
        follower = lines[nxt]
        headline = follower.rest.strip()
        if follower.words <= rules.limits["headline_max_words"] and not follower.removed \
                and not headline.endswith(".") and not _covered_by_phrases(headline, rules):
            reason = next(r.reason for r in rules.related if r.regex.fullmatch(rest))
            edits.extend(_line_removal(text, follower, reason))
    return edits


def _tweets(text: str, lines: list[Line], rules: BoilerplateRules) -> list[Edit]:
    """Embedded tweets: a line with a tweet link and a "— Name (@handle) date" signature, or a lone signature."""
    edits: list[Edit] = []
    for i, line in enumerate(lines):
        rest = line.rest.strip()
        if line.removed or not rest or not rules.tweet_signature.search(rest):
            continue
        lone = rules.tweet_signature.match(rest) is not None
        if lone or rules.tweet_link.search(rest):
            edits.extend(_line_removal(text, line, rules.tweet_reason))
        if lone:  # the tweet's text is the line just above its signature (a tweet is at most 280 characters)
            prev = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].rest.strip()), None)
            if prev is not None and not prev.removed and len(prev.rest.strip()) <= TWEET_MAX_CHARS:
                edits.extend(_line_removal(text, prev, rules.tweet_reason))
    return edits


def _after_article_end(text: str, lines: list[Line], rules: BoilerplateRules) -> list[Edit]:
    """What follows the article's closing widgets, when it is reader comments or a list of related headlines.

    A page closes its article with a block of widgets (share, font size, favourites, "la rédaction
    vous conseille"); what a scraper takes after that block is not the article. It goes only when it
    shows what it is: reader comments speak in the first and second person ("je pense", "votre
    analyse") where reporting speaks in the third outside its quotations; a related-articles list is
    headlines only. A widget block inside the body (share buttons under the lead) is followed by
    third-person reporting, which stays.
    """
    closing = rules.closing
    end = _closing_block_end(lines, closing)
    if end is None:
        return []
    tail = [line for line in lines[end:] if not line.removed and line.rest.strip()]
    if not tail:
        return []
    if all(_is_headline(line, rules) for line in tail):
        reason = closing.related_reason
    elif _personal_share(tail, closing) >= closing.personal_share:
        reason = closing.comments_reason
    else:
        return []
    edits: list[Edit] = []
    for line in tail:
        edits.extend(_line_removal(text, line, reason))
    return edits


def _closing_block_end(lines: list[Line], closing: Closing) -> int | None:
    """Index of the line after the last run of widget lines (removed for a widget reason) that follows reporting.

    None when there is no such run of `closing.min_widget_lines` lines or more, or when the run is share
    buttons only (a share bar under an interview's standfirst is no end of the article).
    """
    found: int | None = None
    run: list[str] = []
    seen_body = False
    for i, line in enumerate(lines):
        if not line.rest.strip():
            continue
        if line.removed and line.reason in closing.widget_reasons:
            run.append(line.reason)
            if seen_body and len(run) >= closing.min_widget_lines and set(run) != {closing.share_reason}:
                found = i + 1
        else:
            run = []
            seen_body = seen_body or not line.removed
    return found


def _editorial_notes(text: str, lines: list[Line], rules: BoilerplateRules) -> list[Edit]:
    """A line about the post itself ("Ce billet fait partie de notre dossier ...") at the head or foot of the text.

    Such notes frame the post (its series, first publication, translation) and stand before its
    first line of reporting or after its last; a sentence of the body that happens to open the same
    way ("Cet article de loi fait partie ...") is reporting and stays.
    """
    kept = [line for line in lines if not line.removed and line.rest.strip()]
    edits: list[Edit] = []
    for ordered in (kept, kept[::-1]):
        for line in ordered:
            if line.removed:  # already taken from the other end
                continue
            rule = next((r for r in rules.notes if r.regex.match(line.rest.strip())), None)
            if rule is None or line.words > rules.limits["headline_max_words"]:
                break
            edits.extend(_line_removal(text, line, rule.reason))
    return edits


def _headline_lists(text: str, lines: list[Line], rules: BoilerplateRules, title: Line | None,
                    dangling: frozenset[str]) -> list[Edit]:
    """Lists of the site's other headlines printed above the report's first sentence or below its last.

    A report is written in sentences that end on a full stop; a page's teasers for its other articles,
    menus and prompts are headlines that end on none ("Printemps ferme sept magasins", "Le mystère du
    galion ?"). Above the first sentence or below the last, `headline_run_min` or more such lines are such a
    list and go as related links; fewer are the title, a standfirst or a byline, which other rules judge.
    Lines the assembler will join (one stops mid-sentence, the next goes on in lowercase) are judged
    together, as the paragraph they become, so that cleaning a cleaned text changes nothing.
    """
    units: list[list[Line]] = []
    for line in lines:
        if line.removed or not line.rest.strip():
            continue
        rest = line.rest.strip()
        if units and stops_mid_sentence(units[-1][-1].rest, dangling) and (rest[0].islower() or rest[0].isdigit()):
            units[-1].append(line)
        else:
            units.append([line])
    said = [i for i, unit in enumerate(units) if _is_sentence(unit, rules)]
    if not said:
        return []
    edits: list[Edit] = []
    for zone in (units[:said[0]], units[said[-1] + 1:]):
        listed = [line for unit in zone for line in unit if line is not title]
        if len([u for u in zone if title not in u]) >= rules.limits["headline_run_min"]:
            for line in listed:
                edits.extend(_line_removal(text, line, rules.closing.related_reason))
    return edits


def _is_sentence(unit: list[Line], rules: BoilerplateRules) -> bool:
    """A paragraph of the report: it ends on a full stop (before a closing quote or bracket) or on a colon
    that introduces what follows, goes on a sentence begun above it (lowercase start), quotes a social post
    (a handle or hashtag), or is longer than any headline."""
    rest = " ".join(line.rest.strip() for line in unit)
    end = rest.rstrip("»\"”’)] \u00a0")
    return (end.endswith((".", "!", "…", ":")) or rest[:1].islower() or _POST_MARK.search(rest) is not None
            or sum(line.words for line in unit) > rules.limits["headline_max_words"])


def stops_mid_sentence(paragraph: str, dangling: frozenset[str]) -> bool:
    """Whether a paragraph stops on a word no sentence ends on ("à", "de", an elided "l'"): it goes on."""
    words = paragraph.split()
    last = words[-1].casefold() if words else ""
    return last in dangling or last.endswith(("'", "’"))


@cache
def dangling_words(lang: Language) -> frozenset[str]:
    """Words no sentence of `lang` ends on (its `repair_dangling_words.txt`; empty if it ships none)."""
    if not lang.has("repair_dangling_words.txt"):
        return frozenset()
    return frozenset(w.casefold() for w in lang.lines("repair_dangling_words.txt"))


def _is_headline(line: Line, rules: BoilerplateRules) -> bool:
    """A short line with no sentence end: the shape of a linked headline."""
    rest = line.rest.strip()
    return line.words <= rules.limits["headline_max_words"] and not rest.endswith((".", "!", "?", "»", '"', ")"))


# Quoted passages, whose persons are the quoted speaker's, not the writer's.
_QUOTED = re.compile(r'«[^»]*»|"[^"]*"|“[^”]*”')


def _personal_share(tail: list[Line], closing: Closing) -> float:
    """Share of the tail's lines of 3+ words that use a first or second person word outside quotations."""
    counted = personal = 0
    for line in tail:
        words = [w.casefold() for w in _WORDS.findall(_QUOTED.sub(" ", line.rest))]
        if len(words) < 3:
            continue
        counted += 1
        parts = {p for w in words for p in re.split(r"['’]", w)}
        personal += bool(parts & closing.personal_words)
    return personal / counted if counted else 0.0


def _normalise(s: str) -> str:
    return " ".join(s.split()).casefold().rstrip(" .")


def _repeated_title(text: str, lines: list[Line], title: Line) -> list[Edit]:
    """Later lines that repeat the title word for word (the first copy is kept)."""
    key = _normalise(title.rest)
    if not key:
        return []
    edits: list[Edit] = []
    for line in lines:
        if line.start > title.start and not line.removed and _normalise(line.rest) == key:
            edits.extend(_line_removal(text, line, "repeated title"))
    return edits


def _merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping metadata spans merged into one (their reasons joined), so removals never overlap."""
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(spans):
        if merged and start < merged[-1][1]:
            s0, e0, r0 = merged[-1]
            merged[-1] = (s0, max(e0, end), r0 if reason in r0.split("+") else f"{r0}+{reason}")
        else:
            merged.append((start, end, reason))
    return merged


def _removal(text: str, start: int, end: int, reason: str) -> Edit:
    return Edit(kind="removed", start=start, end=end, original=text[start:end], reason=reason)


def _line_removal(text: str, line: Line, reason: str) -> list[Edit]:
    """Remove what is left of a line (its metadata and inline parts already have their own edits)."""
    line.removed = True
    line.reason = reason
    edits = []
    for s, e in line.keep:
        start, end = trim_span(text, s, e)
        if start < end:
            edits.append(_removal(text, start, end, reason))
    return edits
