"""Second names given right after a name ('X ou « Y »', 'X (« Y »)', 'cette ville surnommée « Y »'), as name
spans that point at the name they gloss; `entities.py` joins each to its name."""

from __future__ import annotations

from spacy.tokens import Doc

from recoupe.read.entities.rules import EntityRules
from recoupe.read.entities.spans import NameSpan, is_participle, is_upper_initial
from recoupe.read.nlp import doc_text, token_texts

__all__ = ["GlossFinder"]


class GlossFinder:
    """Finds a second name given right after a name: 'X ou « Y »', 'X (« Y »)', 'X, « Y »,', 'X, surnommé « Y »',
    and 'cette ville surnommée « Y »' after 'la ville de X'. Each gloss span points at the name it glosses."""

    _MAX_WORDS = 6  # longest gloss: the dev glosses have 3-4 tokens; longer quotes are speech, not names

    def __init__(self, doc: Doc, rules: EntityRules, low: list[str]) -> None:
        self.doc, self.rules, self.gr, self.low = doc, rules, rules.glosses, low

    def find(self, spans: list[NameSpan]) -> list[NameSpan]:
        """Gloss spans for the names in `spans` (doubtful names and cut spans gloss nothing)."""
        out: list[NameSpan] = []
        for span in spans:
            if span.doubtful or span.end_char is not None:
                continue
            anchor, label, i = span.start, span.label, span.end
            while True:
                found = self._gloss_at(i, first=anchor == span.start, apposable=self._apposable(span))
                if found is None:
                    break
                start, end = found
                out.append(NameSpan(start, end, label, start, anchor=anchor))
                anchor, i = start, end + 1  # a gloss may itself be glossed: 'ou "Y" ("Z")'
        out.extend(self._anaphoric(spans))
        out.extend(self._editorial(spans))
        return out

    _MAX_NOTE = 12  # longest editor's note in tokens: a title, a name and the mark; longer brackets are asides

    def _editorial(self, spans: list[NameSpan]) -> list[NameSpan]:
        """'Hajj Ghassem (le général Qassem Soleimani, NDLR)': an editor's note in brackets names whom the words
        right before it mean, so those capitalised words are a name of the person the note names. A note on a
        place ('Téhéran (l'Iran, NDLR)') explains a metonymy of that sentence only and joins nothing."""
        doc, n = self.doc, len(self.doc)
        if "(" not in doc_text(doc):
            return []  # an editor's note is in brackets
        ending = {s.end: s for s in spans}
        covered = bytearray(n)
        for s in spans:
            covered[s.lead:s.end] = b"\x01" * (s.end - s.lead)
        out: list[NameSpan] = []
        texts = token_texts(doc)
        for i in range(1, n):
            if texts[i] != "(":
                continue
            close = next((j for j in range(i + 1, min(n, i + self._MAX_NOTE)) if texts[j] == ")"), None)
            if close is None or close < i + 3 or self.low[close - 1] not in self.gr.editor_notes \
                    or texts[close - 2] != ",":
                continue
            inner = next((s for s in spans if i < s.lead and s.end <= close - 2 and s.anchor is None and not s.nested
                          and s.inst is None), None)
            if inner is None or inner.known is not None or not (inner.label == "PER" or inner.titled):
                continue
            before = ending.get(i)
            if before is not None and before.anchor is None and not before.nested and before.label != "LOC":
                before.anchor = inner.start  # NER found the name: it now glosses the note's
                continue
            start = i
            while start > 0 and i - start < 4 and not covered[start - 1] and doc[start - 1].is_alpha \
                    and is_upper_initial(doc[start - 1]) and not doc[start - 1].is_sent_start:
                start -= 1
            if start < i:
                out.append(NameSpan(start, i, inner.label, start, anchor=inner.start))
        return out

    def _gloss_at(self, i: int, first: bool, apposable: bool) -> tuple[int, int] | None:
        """The quoted gloss starting at token i, as a token range inside the quotes."""
        doc, low, n = self.doc, self.low, len(self.doc)
        if i + 1 >= n:
            return None
        if doc[i].text == "(":
            found = self._quoted(i + 1)
            return found if found is not None and found[1] + 1 < n and doc[found[1] + 1].text == ")" else None
        if not first:
            return None
        comma = doc[i].text == ","
        i += comma
        cue = i < n and low[i] in self.gr.cues
        if cue:
            i += 1
            i += i < n and low[i] in self.rules.determiners
        if not (cue or (comma and apposable)):
            return None
        found = self._quoted(i)
        if found is None:
            return None
        after = doc[found[1] + 1].text if found[1] + 1 < n else ""
        return found if cue or after in (",", ")") else None

    def _apposable(self, span: NameSpan) -> bool:
        """Whether a bare apposition after the name can gloss it: not when the name is the complement of a noun
        ("le discours de Kadhafi, « Zenga Zenga »": the apposition names the speech)."""
        return span.lead == 0 or self.low[span.lead - 1] not in self.rules.of_words

    def _quoted(self, i: int) -> tuple[int, int] | None:
        """A short name in quotes opening at token i ('"les Gardiens du sang"'): its first token and its end."""
        doc, n = self.doc, len(self.doc)
        if i >= n or doc[i].text not in self.gr.quotes_open:
            return None
        close = next((j for j in range(i + 1, min(n, i + self._MAX_WORDS + 2)) if doc[j].text in self.gr.quotes_close), None)
        if close is None or close == i + 1:
            return None
        toks = doc[i + 1:close]
        first = 1 if self.low[i + 1] in self.rules.determiners and len(toks) > 1 else 0
        if not is_upper_initial(toks[first]) or any(
                t.pos_ in ("VERB", "AUX", "PRON") or t.is_digit or t.is_space or t.text in ",;:.!?" for t in toks):
            return None
        return i + 1, close

    def _anaphoric(self, spans: list[NameSpan]) -> list[NameSpan]:
        """'cette ville surnommée « Y »': Y glosses the name last introduced as 'la ville (adj) de X'."""
        doc, low, n = self.doc, self.low, len(self.doc)
        introduced: dict[str, int] = {}
        out = []
        names = iter(sorted(spans, key=lambda s: s.start))
        nxt = next(names, None)
        for i in range(n - 2):
            while nxt is not None and nxt.start <= i:
                noun = self._introducing_noun(nxt)
                if noun is not None:
                    introduced[noun] = nxt.start
                nxt = next(names, None)
            if low[i] not in self.gr.anaphor_determiners or low[i + 1] not in introduced:
                continue
            j = i + 2
            while j < n and doc[j].pos_ == "ADJ" and not is_participle(doc[j]):
                j += 1
            if j >= n or low[j] not in self.gr.cues or low[j] in self.rules.coordinators:  # a conjunction coordinates, it does not rename
                continue
            j += 1
            j += j < n and low[j] in self.rules.determiners
            found = self._quoted(j)
            if found is not None:
                out.append(NameSpan(found[0], found[1], "LOC", found[0], anchor=introduced[low[i + 1]]))
        return out

    def _introducing_noun(self, span: NameSpan) -> str | None:
        """The class noun of 'la ville (stratégique) de X' in front of a name, if any."""
        j = span.lead - 1
        if j < 1 or self.low[j] not in self.rules.of_words:
            return None
        j -= 1
        while j > 0 and self.doc[j].pos_ == "ADJ":
            j -= 1
        return self.low[j] if self.low[j] in self.gr.anaphor_nouns else None
