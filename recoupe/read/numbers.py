"""Numbers as news writes them: "2.500", "2 500", "2,5 millions", "vingt-deux", "une cinquantaine".

A linear regex scan over plain text (no spaCy) that finds number expressions
with their value, whether they are hedged ("quelque", "plus de", "une
dizaine") and whether they are cardinals, ordinals or percentages. The
spelling rules (digit grouping, number words, approximation markers) come from
the language plug's `numbers.json`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from recoupe.lang import Language
from recoupe.read.timex.gates import find_gate, folds_plainly, may_match

NumberKind = Literal["cardinal", "ordinal", "percent"]

# How far back (characters) an approximation marker may start before the number;
# the longest marker in numbers.json ("un peu moins de ") is 16 characters.
MARKER_LOOKBACK = 32


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """The value of one number expression and whether the text hedges it."""

    value: float
    approx: bool = False
    kind: NumberKind = "cardinal"


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number expression found in a text: offsets (marker included), value and shape.

    `number_start` is where the number itself starts (after a marker such as
    "près de") and `number_end` where it ends (before a trailing "environ");
    `scale` is the multiplier a scale word brought ("2,5 millions": 1e6); `grouped`
    says the digits carry a thousands separator ("2.500");
    `in_words` says the number is spelled out ("trois", "une dizaine").
    """

    start: int
    end: int
    value: float
    approx: bool = False
    kind: NumberKind = "cardinal"
    number_start: int = -1
    number_end: int = -1
    scale: float = 1.0
    grouped: bool = False
    in_words: bool = False


def _alternation(words: list[str]) -> str:
    """A regex alternation of literal words, longest first, apostrophes and spaces loosened."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        pat = re.escape(w).replace("'", "['’]").replace("\\ ", r"\s+")
        parts.append(pat)
    return "|".join(parts)


class NumberGrammar:
    """Compiled patterns and word tables for one language's number writing."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.words: dict[str, int] = {k.lower(): int(v) for k, v in data["words"].items()}
        self.article_words = {w.lower() for w in data.get("article_words", [])}
        self.tens_before_et = {w.lower() for w in data.get("tens_before_et", [])}
        self.connector: str = data.get("connector", "").lower()
        self.hundred = {w.lower() for w in data.get("hundred", [])}
        self.thousand = {w.lower() for w in data.get("thousand", [])}
        self.scales: dict[str, float] = {k.lower(): float(v) for k, v in data.get("scales", {}).items()}
        self.approx_nouns: dict[str, int] = {k.lower(): int(v) for k, v in data.get("approx_nouns", {}).items()}
        self.singular_dets = {w.lower() for w in data.get("approx_noun_singular_determiners", [])}
        self.times_twenty = {w.lower() for w in data.get("times_twenty", [])}
        self.half = {w.lower() for w in data.get("half_words", [])}
        seps = "".join(re.escape(s) for s in data.get("group_separators", []))
        space_seps = "".join(re.escape(s) for s in data.get("group_separators", []) if not s.strip())
        decs = "".join(re.escape(s) for s in data.get("decimal_separators", [","]))
        number_words = list(self.words) + list(self.hundred) + list(self.thousand) + list(self.scales) \
            + list(self.half)
        word_alt = _alternation(number_words)
        et_followers = _alternation(data.get("et_followers", []))
        conn = re.escape(self.connector) if self.connector else "(?!)"
        joiner = rf"(?:[-\u0020\u00a0]+{conn}[-\u0020\u00a0]+(?=(?:{et_followers})\b)|-|[\u0020\u00a0]+)"
        self.word_seq = re.compile(
            rf"(?<![\w-])(?:{word_alt})(?:{joiner}(?:{word_alt}))*(?![\w-])", re.IGNORECASE)
        # A digit group: up to three digits then groups of exactly three behind a separator,
        # not inside another number ("1.300") but after a sentence glued to it ("hectares.400 hommes"),
        # or a plain run of digits; then an optional decimal part (a dot decimal only when
        # it is not a group of three, which the first branch has already taken).
        self.digits = re.compile(
            rf"(?<![\w,/:’'-])(?<!\d\.)(?<!\.\.)(?:(?P<grp>\d{{1,3}}(?:[{seps}]\d{{3}})+)(?!\d)|\d+)"
            rf"(?:[{decs}.](?=\d)\d+)?")
        self.space_sep = re.compile(rf"[{space_seps}]")
        self.scale_after = re.compile(rf"[\u0020\u00a0\u202f]+({_alternation(list(self.scales) + list(self.thousand))})\b",
                                      re.IGNORECASE)
        approx_alt = _alternation(list(self.approx_nouns))
        self.approx_noun = re.compile(rf"(?<![\w-])(?:(?<!\w)(?P<det>\w+)[\u0020\u00a0]+)?(?P<noun>{approx_alt})\b",
                                      re.IGNORECASE)
        # The collective nouns one of which every approximate count holds: most texts have none.
        self.approx_gate = find_gate(self.approx_noun)
        markers = data.get("approx_before", [])
        closed = [m for m in markers if m.endswith("'")]
        spaced = [m for m in markers if not m.endswith("'")]
        self.marker_before = re.compile(
            rf"(?<!\w)(?:(?:{_alternation(spaced)})[\s]+|(?:{_alternation(closed)})[\s]*)$", re.IGNORECASE)
        self.marker_after = re.compile(rf"^[\u0020\u00a0]+(?:{_alternation(data.get('approx_after', []))})\b",
                                       re.IGNORECASE)
        self.percent_after = re.compile(
            rf"^[\u0020\u00a0\u202f]*(?:{_alternation(data.get('percent_signs', ['%']))})(?!\w)", re.IGNORECASE)
        phones = "|".join(f"(?:{pat})" for pat in data.get("phone_patterns", [])) or "(?!)"
        self.phone = re.compile(rf"(?<![\w+])(?:{phones})(?!\d)")
        self.ordinal_after = re.compile(rf"^(?:{_alternation(data.get('ordinal_suffixes', []))})(?!\w)")

    def is_counting_noun(self, word: str) -> bool:
        """Whether a word is a number that takes "de" before what it counts ("centaine", "millions")."""
        w = word.lower().rsplit("-", 1)[-1]  # "demi-milliard" takes "de" as "milliard" does
        return w in self.approx_nouns or w in self.scales

    def value_of_words(self, text: str) -> float | None:
        """Value of a spelled-out number ("quatre-vingt-dix", "deux mille cinq cents"), None if not one."""
        tokens = [t for t in re.split(r"[-\s]+", text.lower().replace("’", "'")) if t]
        total = 0.0
        current = 0.0
        prev = ""
        seen = False
        half = False
        for tok in tokens:
            if tok == self.connector:
                prev = tok
                continue
            if tok in self.half:
                # "un demi milliard": half of the scale that follows, never a value of its own.
                if prev not in self.article_words or current != 1 or half:
                    return None
                current, half = 0.5, True
            elif tok in self.hundred:
                current = (current or 1) * 100
            elif tok in self.thousand:
                total += (current or 1) * 1000
                current = 0
            elif tok in self.scales:
                total += (current or 1) * self.scales[tok]
                current = 0
            elif tok in self.times_twenty and prev in self.words and 2 <= self.words[prev] <= 9 \
                    and current % 100 == self.words[prev]:
                current += self.words[prev] * 19
            elif tok in self.words:
                current += self.words[tok]
            else:
                return None
            seen = True
            prev = tok
        if half and current:
            return None  # "un demi" with no scale after it ("un demi-frère") is no number
        return total + current if seen else None

    def find(self, text: str) -> list[NumberSpan]:
        """Every number expression of `text`, left to right, non-overlapping."""
        spans: list[NumberSpan] = []
        # Phone numbers are not numbers: their digits are taken before anything else looks.
        taken: list[tuple[int, int]] = [m.span() for m in self.phone.finditer(text)]

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        for m in self._approx_nouns(text):
            span = self._approx_noun_span(text, m)
            if span is not None and free(span.number_start, span.end):
                spans.append(span)
                taken.append((span.number_start, span.end))
        for m in self.digits.finditer(text):
            if not free(m.start(), m.end()):
                continue
            span = self._digit_span(text, m)
            if span is not None:
                spans.append(span)
                taken.append((span.number_start, span.end))
        for m in self.word_seq.finditer(text):
            if not free(m.start(), m.end()) or m.group(0).lower() in self.article_words:
                continue
            value = self.value_of_words(m.group(0))
            if value is None or _is_bare_plural_scale(m.group(0), value):
                continue
            spans.append(self._hedge(text, m.start(), m.end(), value, in_words=True))
            taken.append((m.start(), m.end()))
        spans.sort(key=lambda s: s.start)
        return spans

    def _approx_nouns(self, text: str) -> list[re.Match[str]]:
        """The approximate counts of `text` ("une dizaine", "des milliers"), in order; none without scanning
        when no collective noun is in the text (see recoupe.read.timex.gates: the same necessary condition)."""
        folded = text.lower()
        if folds_plainly(text, folded) and not may_match(self.approx_gate, folded):
            return []
        return list(self.approx_noun.finditer(text))

    def _approx_noun_span(self, text: str, m: re.Match[str]) -> NumberSpan | None:
        noun = m.group("noun").lower()
        base = self.approx_nouns[noun]
        det = (m.group("det") or "").lower()
        plural = noun.endswith("s")
        if det in self.singular_dets and not plural:
            return self._hedge(text, m.start(), m.end(), float(base), in_words=True, approx=True)
        factor = self.words.get(det)
        if factor is None and det[:1].isdigit():
            factor = int(det) if det.isdigit() else None
        if factor is not None and factor >= 2 and plural:
            return self._hedge(text, m.start(), m.end(), float(base * factor), in_words=True, approx=True)
        return None  # "des centaines", "plusieurs milliers": no value to state

    def _digit_span(self, text: str, m: re.Match[str]) -> NumberSpan | None:
        raw = m.group(0)
        end = m.end()
        rest = text[end:end + 12]
        kind: NumberKind = "cardinal"
        if rest[:1].isalpha():
            if self.ordinal_after.match(rest):
                kind = "ordinal"
                end += self.ordinal_after.match(rest).end()  # type: ignore[union-attr]
            else:
                return None  # 1h30, 10km, 4x4: a time, a measure or an identifier
        elif rest[:1] in "-/:" and (rest[1:2].isdigit() or rest[1:2].isalpha()):
            return None  # a date (2020-01-05, 12/03, 11-Septembre), a time (10:12), a score or a range
        grouped = m.group("grp") is not None
        value = self._digit_value(raw, grouped)
        if kind == "cardinal":
            pm = self.percent_after.match(rest)
            if pm:
                kind = "percent"
                end += pm.end()
            else:
                sm = self.scale_after.match(text, end)
                if sm:
                    scale = self.scales.get(sm.group(1).lower(), 1000.0)
                    value *= scale
                    end = sm.end()
                    span = self._hedge(text, m.start(), end, value, grouped=grouped, kind=kind)
                    return replace(span, scale=scale)
        return self._hedge(text, m.start(), end, value, grouped=grouped, kind=kind)

    def _digit_value(self, raw: str, grouped: bool) -> float:
        intpart, dec = raw, ""
        if grouped:
            head = re.match(r"^\d{1,3}(?:\D\d{3})+", raw)
            assert head is not None
            intpart, dec = head.group(0), raw[head.end() + 1:]
        else:
            dm = re.match(r"^(\d+)\D(\d+)$", raw)
            if dm:
                intpart, dec = dm.group(1), dm.group(2)
        digits = re.sub(r"\D", "", intpart)
        return float(f"{digits}.{dec}") if dec else float(digits)

    def _hedge(self, text: str, start: int, end: int, value: float, *, in_words: bool = False,
               approx: bool = False, grouped: bool = False, kind: NumberKind = "cardinal") -> NumberSpan:
        """Extend a number span over an approximation marker before or after it."""
        span_start, number_end = start, end
        bm = self.marker_before.search(text, max(0, start - MARKER_LOOKBACK), start)
        if bm:
            span_start = bm.start()
            approx = True
        am = self.marker_after.match(text[end:end + 24])
        if am and kind == "cardinal":
            end += am.end()
            approx = True
        return NumberSpan(start=span_start, end=end, value=value, approx=approx, kind=kind,
                          number_start=start, number_end=number_end, grouped=grouped, in_words=in_words)


def _is_bare_plural_scale(words: str, value: float) -> bool:
    """ "des milliards", "DES MILLIONS": a plural scale word with no count before it states no value."""
    word = words.strip()
    return " " not in word and "-" not in word and word.lower().endswith("s") and value >= 1000


@cache
def number_grammar(lang: Language) -> NumberGrammar:
    """The compiled number grammar of a language (built once per process from `numbers.json`)."""
    return NumberGrammar(lang.json("numbers.json"))


def find_number_spans(text: str, lang: Language) -> list[NumberSpan]:
    """Find every number expression in `text` with its value, approximation flag and kind.

    Articles ("un", "une") alone are not numbers here; vague quantities ("des
    centaines") are skipped because they state no value.
    """
    return number_grammar(lang).find(text)


def parse_number(text: str, lang: Language) -> ParsedNumber | None:
    """Parse `text` as one number expression ("quelque 3.500" → 3500, approx); None if it is not one."""
    grammar = number_grammar(lang)
    stripped = text.strip()
    if not stripped:
        return None
    spans = grammar.find(stripped)
    if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(stripped):
        s = spans[0]
        return ParsedNumber(value=s.value, approx=s.approx, kind=s.kind)
    if stripped.lower() in grammar.article_words:
        value = grammar.value_of_words(stripped)
        return ParsedNumber(value=value) if value is not None else None
    return None
