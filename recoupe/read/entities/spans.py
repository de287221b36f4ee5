"""Name spans of one article: spaCy's NER spans repaired where news French defeats it, plus spans it missed.

Repairs: a title or role glued in front ("le général américain Kenneth McKenzie"), a sentence start or a
line break swallowed ("Biden.La", "radio\\n\\nJoe Biden"), two names joined by "et", name particles cut off
("Mustafa Al" + "-Kadhimi"). Additions: acronyms in brackets after a name, well-known forms from the
language's table ("Daech", "Otan"), and the honorific or group noun in front of a name ("M. Trump",
"groupe Etat islamique"), and a place's generic noun ("la cathédrale Notre-Dame", "le pont Morandi"), which
stay in the surface form but not in the name's core. `entity_institutions.InstitutionFinder` adds descriptions
of public bodies ("la coalition internationale"), which may contain name spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from recoupe.read.entities.rules import EntityRules, KnownEntity, fold_word, folded_words, spells_out
from recoupe.read.nlp import token_texts

# Punctuation that never sits inside a name (the hyphen and the apostrophe do; the full stop of "M."
# or "W." is part of its token).
_BREAKS = frozenset(",;:()[]{}«»“”\"|/•·–—!?…")
_GLUED_SENTENCE = re.compile(r"[a-zà-ÿ]\.(?=[A-ZÀ-Ý])")
_GLUE_MARKS = frozenset(".!?\"»”")  # sentence ends and closing quotes a scraped text may glue a word to
_ACRONYM = re.compile(r"^[A-ZÀ-Ý][A-Za-zÀ-ÿ]{1,7}$")
NAME_LABELS = ("PER", "ORG", "LOC", "MISC")


@dataclass(frozen=True, slots=True)
class Institution:
    """What identifies a described body: its head noun and its features, such as ("nat", "irakien") for a
    nationality, ("of", "defense") for a complement or portfolio, ("by", "États-Unis") for an agent."""

    head: str
    features: frozenset[tuple[str, str]]
    named: bool = field(default=False, compare=False)  # a nationality or a capitalised complement identifies it


@dataclass(slots=True)
class NameSpan:
    """One mention candidate: `lead..end` is the surface (tokens), `start..end` the name's core."""

    start: int
    end: int
    label: str
    lead: int
    end_char: int | None = None  # set when the last token is cut (a glued "Biden.La")
    titled: bool = False  # a title, role or honorific introduced it: a person
    known: KnownEntity | None = None
    start_char: int | None = None  # set when the first token is cut ("anti-ISIS" -> "ISIS")
    lead_char: int | None = None  # set when the surface starts inside the token before: a glued '!"M.'
    doubtful: bool = False  # a lone capitalised word opening a sentence: kept only if it joins a surer name
    inst: Institution | None = None  # set when the span describes a public body ("coalition internationale")
    anchor: int | None = None  # for a gloss ('ou « Y »'): the core start of the name it glosses
    nested: bool = False  # a description, which may contain name spans ("coalition menée par les Etats-Unis")
    body: bool = False  # a body's noun introduced it ("l'association X"): an organisation
    family: bool = False  # a family named by its surname ("la famille Arnault"), not the person of that name

    def key(self, tkeys: list[tuple[str, ...]]) -> tuple[str, ...]:
        """The folded words of the core."""
        words = tuple(w for i in range(self.start, self.end) for w in tkeys[i])
        return words[1:] if self.start_char is not None else words  # the cut-off prefix is one word


def is_upper_initial(token: Token) -> bool:
    """Whether a token starts with a capital letter (names do; French common nouns and adjectives do not)."""
    return token.text[:1].isupper()


def token_keys(doc: Doc, rules: EntityRules) -> list[tuple[str, ...]]:
    """The name key of every token, computed once per document (each distinct token text once)."""
    seen: dict[str, tuple[str, ...]] = {}
    out = []
    for text in token_texts(doc):
        key = seen.get(text)
        if key is None:
            key = seen[text] = rules.key(text)
        out.append(key)
    return out


def folded_tokens(doc: Doc) -> list[str]:
    """The folded text of every token, compared with the language's word lists."""
    return [fold_word(text) for text in token_texts(doc)]


class SpanRepairer:
    """Turns spaCy's entity spans of one document into repaired `NameSpan`s (linear in the span lengths)."""

    def __init__(self, doc: Doc, rules: EntityRules, tkeys: list[tuple[str, ...]], low: list[str] | None = None) -> None:
        self.doc = doc
        self.rules = rules
        self.tkeys = tkeys
        self.low = low if low is not None else folded_tokens(doc)  # compared with the word lists

    def is_particle(self, i: int) -> bool:
        """Whether token i is a name particle (al, ben, abou...)."""
        return len(self.tkeys[i]) == 1 and self.tkeys[i][0] in self.rules.particles

    def known_at(self, start: int, end: int) -> KnownEntity | None:
        """The table entry whose form is exactly tokens start..end, if any."""
        key = tuple(w for i in range(start, end) for w in self.tkeys[i])
        entity = self.rules.known.get(key)
        if entity is None:
            return None
        if key in self.rules.acronym_keys and self.doc[start:end].text.islower():
            return None
        return entity

    def repair(self, start: int, end: int, label: str) -> list[NameSpan]:
        """Split, extend and trim one NER span; return the name spans it really holds (maybe none)."""
        out = []
        for a, b, end_char in self._split_known_head(self._pieces(start, end, label)):
            span = self._fix_piece(a, b, label, end_char, b == end)
            if span is not None:
                out.append(span)
        return out

    def _split_known_head(self, pieces: list[tuple[int, int, int | None]]) -> list[tuple[int, int, int | None]]:
        """Cut a well-known name off the full name NER glued after it ("à la Maison-Blanche Moustafa al-Kazimi"):
        a listed name is complete, and two or more capitalised words after it are a second name."""
        out: list[tuple[int, int, int | None]] = []
        for a, b, end_char in pieces:
            first = a
            while first < b and self.low[first] in self.rules.determiners:
                first += 1
            cut = next((k for k in range(b - 2, first, -1) if is_upper_initial(self.doc[k])
                        and self.doc[k - 1].whitespace_ and self.known_at(first, k) is not None
                        and sum(is_upper_initial(t) for t in self.doc[k:b]) >= 2), None)
            out.extend([(a, cut, None), (cut, b, end_char)] if cut is not None else [(a, b, end_char)])
        return out

    def _pieces(self, start: int, end: int, label: str) -> list[tuple[int, int, int | None]]:
        doc, rules = self.doc, self.rules
        pieces: list[tuple[int, int, int | None]] = []
        a = start
        for i in range(start, end):
            tok = doc[i]
            glued = _GLUED_SENTENCE.search(tok.text)
            if glued is not None:
                pieces.append((a, i + 1, tok.idx + glued.start() + 1))
                a = i + 1
                continue
            cut = tok.is_space or "\n" in tok.text or tok.text in _BREAKS
            if not cut and label != "ORG" and self.low[i] in rules.connectors and not is_upper_initial(tok):
                cut = True
            if (not cut and i > a and tok.is_sent_start and doc[i - 1].text not in rules.honorifics
                    and not (len(doc[i - 1].text) == 2 and doc[i - 1].text.endswith("."))):
                pieces.append((a, i, None))
                a = i
                continue
            if cut:
                pieces.append((a, i, None))
                a = i + 1
        pieces.append((a, end, None))
        return [p for p in pieces if p[0] < p[1]]

    def _fix_piece(self, a: int, b: int, label: str, end_char: int | None, at_end: bool) -> NameSpan | None:
        doc, rules = self.doc, self.rules
        if end_char is None and at_end:
            b = self._extend_right(b)
        a = self._extend_left(a)
        while a < b and ((self.low[a] in rules.determiners and not self._begins_name(a))
                         or doc[a].is_punct or doc[a].is_space):
            a += 1
        if b == a + 1 and end_char is None:
            prefixed = self._prefixed_known(a)
            if prefixed is not None:
                return prefixed
        known = self.known_at(a, b) if end_char is None else None
        titled = False
        if known is None:
            if label == "MISC":
                a = self._after_last_title(a, b)
            a, titled, ok = self._trim_left(a, b, label)
            if not ok:
                return None
            b, end_char = self._trim_right(a, b, label, titled, end_char)
            if a >= b:
                return None
            known = self.known_at(a, b) if end_char is None else None
            if known is None and end_char is None:
                b, known = self._extend_to_known(a, b)
        last = doc[b - 1].text
        kept = last.rstrip("".join(_BREAKS))
        if end_char is None and kept and kept != last:  # a quote glued to the name: 'Libye"'
            end_char = doc[b - 1].idx + len(kept)
        lead = a
        if a > 0 and doc[a - 1].text in rules.honorifics:
            lead, titled = a - 1 if doc[a - 1].text not in rules.plural_honorifics else a, True
        glued = self._glued_honorific(a)
        if glued is not None and lead == a:
            titled = True
        elif lead == a and known is None and self._capital_article(a - 1):
            lead = a - 1  # "selon Le Figaro": the article is the name's own
        span = NameSpan(a, b, label, lead, end_char, titled, known, lead_char=glued)
        if known is None and not titled:
            self._take_place_class(span)
            self._take_body_noun(span)
        if known is None and not titled:
            verdict = self._plausible(span)
            if verdict is None:
                return None
            span.doubtful = not verdict
        if (known is not None and known.type == "ORG") or (known is None and label == "ORG"):
            self._take_descriptor(span)
        return span

    def _extend_right(self, b: int) -> int:
        doc, n = self.doc, len(self.doc)
        while b < n and doc[b - 1].whitespace_ == "" and not doc[b].is_space:
            prev, nxt = doc[b - 1].text, doc[b].text
            if nxt == "-" or nxt.startswith("-") or (prev.endswith("-") and nxt[:1].isupper()) or (prev == "-" and nxt[:1].isalpha()):
                b += 1
            else:
                break
        if b < n and b + 1 <= n and self.is_particle(b - 1) and b < n and is_upper_initial(doc[b]):
            b += 1
        return b

    def _extend_to_known(self, a: int, b: int) -> tuple[int, KnownEntity | None]:
        """Grow a span over the lowercase words NER cut off a known form ("État" + "islamique")."""
        doc = self.doc
        for extra in (3, 2, 1):
            stop = b + extra
            if stop > len(doc) or any(t.is_space or t.is_punct for t in doc[b:stop]):
                continue
            known = self.known_at(a, stop)
            if known is not None:
                return stop, known
        return b, None

    def _glued_honorific(self, a: int) -> int | None:
        """Where an honorific glued to the end of a previous sentence starts ('menaces!""M. Trump': scraped text
        lost the space after the quote): the honorific is still the name's, as with a free-standing "M."."""
        if a == 0:
            return None
        prev = self.doc[a - 1]
        for honorific in self.rules.honorifics - self.rules.plural_honorifics:
            cut = len(prev.text) - len(honorific)
            if cut > 0 and prev.text.endswith(honorific) and prev.text[cut - 1] in _GLUE_MARKS and prev.whitespace_:
                return prev.idx + cut
        return None

    def _capital_article(self, i: int) -> bool:
        """Whether token i is a definite article capitalised inside a sentence, after a word: a name's own."""
        return (i > 0 and self.low[i] in self.rules.name_articles and is_upper_initial(self.doc[i])
                and not self.doc[i].is_sent_start and self.doc[i - 1].is_alpha and self.doc[i].whitespace_ != "")

    def _begins_name(self, i: int) -> bool:
        """Whether token i is a capitalised possessive that begins a name ("Notre Dame"), not a determiner to trim."""
        return (self.low[i] in self.rules.name_determiners and is_upper_initial(self.doc[i])
                and i + 1 < len(self.doc) and is_upper_initial(self.doc[i + 1]))

    def _take_place_class(self, span: NameSpan) -> None:
        """Move the generic noun a place's name is written after ("la cathédrale Notre-Dame", "le pont
        autoroutier Morandi") into the surface: French names a site by generic plus specific, and the generic says
        the name is a place even when it is also a person's name."""
        doc, k = self.doc, span.lead - 1
        while k >= 0 and span.lead - k <= 2 and doc[k].pos_ == "ADJ" and not is_upper_initial(doc[k]):
            k -= 1
        if k >= 0 and self.low[k] in self.rules.place_classes and not is_upper_initial(doc[k]) \
                and doc[k].whitespace_ and not doc[k].is_sent_start:
            span.lead, span.label = k, "LOC"

    def _take_body_noun(self, span: NameSpan) -> None:
        """A name right after a definite body's noun in lowercase ("l'association Zéro Limite", "la fondation
        Abbé-Pierre", "du mouvement X") names that body: French introduces an organisation by what it is, and NER
        often takes the name for a person's. After an indefinite noun ("un groupe Facebook") the name is not the
        body's."""
        k = span.lead - 1
        if k > 0 and not is_upper_initial(self.doc[k]) and self.low[k - 1] in self.rules.institutions.definite and (
                self.low[k] in self.rules.body_nouns or self.low[k] in self.rules.descriptor_nouns):
            span.body = True  # counts for an organisation in the group's vote
            if span.label in ("PER", "MISC"):
                span.label = "ORG"

    def _extend_left(self, a: int) -> int:
        doc = self.doc
        if a > 0 and self._begins_name(a - 1):
            a -= 1
        while a > 0 and doc[a - 1].whitespace_ == "" and not doc[a - 1].is_space:
            prev, cur = doc[a - 1].text, doc[a].text
            if prev == "-" or prev.endswith("-") or cur.startswith("-"):
                a -= 1
            else:
                break
        return a

    def _after_last_title(self, a: int, b: int) -> int:
        """In a long MISC span (a quoted sentence, a caption), where the last title before a name starts."""
        last = -1
        for i in range(a, b - 1):
            if self.low[i] in self.rules.titles and is_upper_initial(self.doc[i + 1]):
                last = i
        return last if last > a else a

    def _trim_left(self, a: int, b: int, label: str) -> tuple[int, bool, bool]:
        """Drop determiners, titles, roles and their adjectives in front of a name; False when none is left."""
        doc, rules = self.doc, self.rules
        titled = False
        while a < b:
            tok = doc[a]
            low = self.low[tok.i]
            if tok.text in rules.honorifics or low in rules.titles:
                titled = True
                a += 1
            elif (low in rules.determiners and not self._begins_name(a)) or low in rules.connectors \
                    or tok.is_punct or tok.is_space:
                if titled:
                    return a, titled, False  # "ministre des Affaires étrangères": a role, not a name
                a += 1
            elif not is_upper_initial(tok) and (
                    titled or label in ("PER", "MISC")
                    or (label == "LOC" and any(is_upper_initial(doc[j]) for j in range(a + 1, b)))):
                a += 1
            else:
                break
        return a, titled, a < b

    def _trim_right(self, a: int, b: int, label: str, titled: bool, end_char: int | None) -> tuple[int, int | None]:
        doc, rules = self.doc, self.rules
        person = titled or label == "PER"
        while b > a:
            tok = doc[b - 1]
            low = self.low[tok.i]
            drop = (tok.is_punct and tok.text != ".") or tok.is_space or low in rules.determiners \
                or tok.text in rules.honorifics or low in rules.titles \
                or low in rules.connectors or self.is_particle(b - 1) \
                or (person and not is_upper_initial(tok) and not tok.text.startswith("-"))
            if tok.text == "." and not (b - 1 > a and len(doc[b - 2].text) == 1):
                drop = True
            if not drop:
                break
            b -= 1
            end_char = None
        return b, end_char

    def _plausible(self, span: NameSpan) -> bool | None:
        """None for what is not a name (no capital, a demonym); False for a doubtful one (a lone word
        opening a sentence, capitalised because it opens it); True otherwise."""
        doc = self.doc
        toks = doc[span.start:span.end]
        if not any(t.text[:1].isupper() for t in toks):
            return None
        if len(toks) == 1:
            tok = toks[0]
            if len(tok.text) < 2 or tok.is_digit or self.low[tok.i] in self.rules.glosses.editor_notes:
                return None  # "NDLR" marks an editor's note; it names no one
            if self.rules.demonym.match(tok.text) and (
                    "Plur" in tok.morph.get("Number", [])
                    or (span.start > 0 and self.low[span.start - 1] in self.rules.plural_determiners)):
                return None
            if tok.is_sent_start and tok.pos_ not in ("PROPN", "X") and not tok.text.isupper():
                return False
        return True

    def _take_descriptor(self, span: NameSpan) -> None:
        """Move a group noun and its adjectives ("groupe jihadiste") from the core to the surface."""
        doc, rules = self.doc, self.rules
        a = span.start
        # inside the span: "groupe Etat islamique" tagged whole
        if self.low[a] in rules.descriptor_nouns and not is_upper_initial(doc[a]):
            j = a + 1
            while j < span.end and self.low[j] in rules.descriptor_adjectives:
                j += 1
            if j < span.end and is_upper_initial(doc[j]):
                span.start = j
                return
        # in front of the span
        j = a
        while j > 0 and self.low[j - 1] in rules.descriptor_adjectives and a - j < 2:
            j -= 1
        if j > 0 and self.low[j - 1] in rules.descriptor_nouns and not is_upper_initial(doc[j - 1]):
            span.lead = j - 1

    def scan_known(self, covered: bytearray) -> list[NameSpan]:
        """Spans for well-known forms ("Daech", "Otan", "fédération de Russie") that NER left out."""
        doc, tkeys, rules = self.doc, self.tkeys, self.rules
        out: list[NameSpan] = []
        i, n = 0, len(doc)
        while i < n:
            words = tkeys[i]
            lengths = rules.known_lengths.get(words[0]) if words and not covered[i] else None
            found = None
            if lengths:
                for want in lengths:
                    j, got = i, 0
                    while j < n and got < want and not covered[j]:
                        got += len(tkeys[j])
                        j += 1
                    if got == want and (is_upper_initial(doc[i]) or j - i > 1):
                        found = self.known_at(i, j)
                        if found is not None:
                            break
            if found is None:
                prefixed = self._prefixed_known(i)
                if prefixed is not None:
                    out.append(prefixed)
                i += 1
                continue
            span = NameSpan(i, j, found.type, i, known=found)
            if i > 0 and doc[i - 1].text in rules.honorifics:
                span.lead = i - 1
            if found.type == "ORG":
                self._take_descriptor(span)
            out.append(span)
            i = j
        return out

    def _prefixed_known(self, i: int) -> NameSpan | None:
        """A known form inside a prefixed word ("coalition anti-EI", "milices pro-Iran"), as a span of its own."""
        words = self.tkeys[i]
        if len(words) < 2 or words[0] not in self.rules.name_prefixes:
            return None
        tok = self.doc[i]
        cut = tok.text.find("-") + 1
        if cut <= 0 or not tok.text[cut:cut + 1].isupper():
            return None
        known = self.rules.known.get(words[1:])
        if known is None or (words[1:] in self.rules.acronym_keys and not tok.text[cut:].isupper()):
            return None
        return NameSpan(i, i + 1, known.type, i, start_char=tok.idx + cut, known=known)

    def bracketed_acronym(self, span: NameSpan, covered: bytearray) -> NameSpan | None:
        """The acronym in brackets right after a name ("le groupe Etat islamique (EI)"), as a span."""
        doc, i = self.doc, span.end
        if i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" and not covered[i + 1]:
            tok = doc[i + 1]
            if _ACRONYM.match(tok.text) and (sum(c.isupper() for c in tok.text) >= 2 or spells_out(
                    self.low[i + 1], folded_words(doc[span.start:span.end].text), self.rules.acronym_stopwords)):
                label = span.known.type if span.known is not None else span.label
                return NameSpan(i + 1, i + 2, label, i + 1, known=self.known_at(i + 1, i + 2))
        return None


def stem_adjective(folded: str) -> str:
    """A folded adjective without its gender and number endings, so "irakienne" and "irakien" compare equal."""
    w = folded[:-1] if folded.endswith(("s", "x")) else folded
    w = w[:-1] if w.endswith("e") else w
    w = w[:-1] if w.endswith("s") else w
    return w[:-1] if w.endswith(("nn", "ll", "tt")) else w


def is_participle(tok: Token) -> bool:
    """Whether a token is a participle ("emmenée", "surnommée")."""
    return "Part" in tok.morph.get("VerbForm", [])
