"""Descriptions of public bodies in one article ("la coalition internationale", "le ministère arménien de la
Défense"), as name spans carrying the body's identity; `entities.py` joins equal identities."""

from __future__ import annotations

from spacy.tokens import Doc

from recoupe.read.entities.rules import EntityRules
from recoupe.read.entities.spans import (
    Institution,
    NameSpan,
    is_participle,
    is_upper_initial,
    stem_adjective,
)

__all__ = ["InstitutionFinder"]

class InstitutionFinder:
    """Finds descriptions of public bodies ("la coalition emmenée par les Etats-Unis", "la Défense russe"):
    marks the name spans that are such descriptions and makes spans for the lowercase ones NER missed."""

    def __init__(self, doc: Doc, rules: EntityRules, keys: tuple[list[tuple[str, ...]], list[str]],
                 spans: list[NameSpan]) -> None:
        self.doc, self.rules, self.ir = doc, rules, rules.institutions
        self.tkeys, self.low = keys  # name keys and folded texts of the tokens
        self.by_start = {s.start: s for s in spans if s.end_char is None and s.start_char is None}
        self.by_lead = {s.lead: s for s in spans if s.end_char is None and s.start_char is None}  # "le groupe EI"
        # phrases naming what a body fights ("contre", "de lutte contre"), longest first; read with getattr so
        # that this module works before InstitutionRules has the field (until then the rule is off)
        cues = self.ir.target_cues
        self.target_cues = sorted(cues, key=len, reverse=True)
        self.blocked = any(w in self.ir.synonym_blockers for w in self.low)
        self.absorbed: set[int] = set()  # core starts of name spans that are a description's portfolio
        self.inner: list[NameSpan] = []  # untagged proper names inside a body's name ("du Kurdistan")

    def find(self, spans: list[NameSpan]) -> list[NameSpan]:
        """Annotate `spans` in place; return the new description spans (they may contain name spans) and the
        names found inside descriptions."""
        doc, n = self.doc, len(self.doc)
        covered = bytearray(n)
        for span in spans:
            covered[span.lead:span.end] = b"\x01" * (span.end - span.lead)
            if span.known is None and span.start_char is None and span.end_char is None:
                self._annotate(span)
        out = []
        heads, metonyms = self.ir.heads, self.ir.metonyms
        for i in range(1, n):
            if (self.low[i] not in heads and self.low[i] not in metonyms) or covered[i]:
                continue
            head = self._head(i)
            if head is None or not self._determined(i) or "Plur" in doc[i].morph.get("Number", []):
                continue
            inst, end = self._describe(i, head)
            if self._counts(inst):
                out.append(NameSpan(i, end, "ORG", i, inst=inst, nested=True))
        self._apply_synonyms([*spans, *out])
        return out + self.inner

    def _apply_synonyms(self, spans: list[NameSpan]) -> None:
        """Rewrite a synonym head ("Assemblée") to the head it stands for ("parlement") when it carries at most a
        nationality, no blocker (a second chamber) is in the article and no description gives it a name of its own
        ("Assemblée nationale"), nor does a sentence name both, contrasting them ("l'Assemblée défend les droits
        du Parlement")."""
        if self.blocked:
            return
        named = {s.inst.head for s in spans if s.inst is not None and any(f[0] != "nat" for f in s.inst.features)}
        sentences: dict[str, set[int]] = {}
        for span in spans:
            if span.inst is not None:
                sentences.setdefault(span.inst.head, set()).add(self.doc[span.start].sent.start)
        for head, target in self.ir.synonyms.items():
            if not sentences.get(head, set()).isdisjoint(sentences.get(target, set())):
                named.add(head)
        for span in spans:
            inst = span.inst
            if inst is not None and inst.head in self.ir.synonyms and inst.head not in named \
                    and all(f[0] == "nat" for f in inst.features):
                span.inst = Institution(self.ir.synonyms[inst.head], inst.features, inst.named)

    def _annotate(self, span: NameSpan) -> None:
        head = self._head(span.start)
        if head is None:
            return
        inst, end = self._describe(span.start, head)
        if self._counts(inst):
            span.inst, span.label = inst, "ORG"
            if self.low[span.start] in self.ir.metonyms:
                span.end = max(span.end, end)  # "Défense" + "azerbaïdjanaise"

    def _counts(self, inst: Institution) -> bool:
        """Whether a description names a body: always for a body single in an article, else only with features
        (with a nationality or a named complement for a head that has other senses)."""
        if inst.head in self.ir.bound_heads:
            return inst.named
        return inst.head in self.ir.merge_by_head or bool(inst.features)

    def _head(self, i: int) -> str | None:
        """The institution a token heads: an institution noun, or a capitalised portfolio before a nationality."""
        low = self.low[i]
        if low in self.ir.heads:
            return low
        metonym = self.ir.metonyms.get(low)
        if metonym is not None and is_upper_initial(self.doc[i]) and i + 1 < len(self.doc) \
                and self.ir.is_nationality(self.low[i + 1]) and self.doc[i + 1].pos_ == "ADJ":
            return metonym
        return None

    def _determined(self, i: int) -> bool:
        """A specific body: after a definite or demonstrative determiner, or any article when capitalised."""
        prev = self.low[i - 1]
        return prev in self.ir.definite or (is_upper_initial(self.doc[i]) and prev in self.ir.capital_determiners)

    def _describe(self, i: int, head: str) -> tuple[Institution, int]:
        """The features of the description headed at token i, and the token where its surface ends."""
        doc, low, n = self.doc, self.low, len(self.doc)
        capital, features = is_upper_initial(doc[i]), set()
        if low[i] in self.ir.metonyms and head != low[i]:
            features.add(("of", " ".join(self.tkeys[i])))
        merge, named = head in self.ir.merge_by_head, bool(features)
        j = i + 1
        while j < n and not doc[j - 1].is_space and doc[j - 1].whitespace_:
            tok, words = doc[j], self.tkeys[j]
            if len(words) >= 2 and words[0] in self.rules.name_prefixes and "-" in tok.text:  # "anti-EI"
                known = self.rules.known.get(words[1:])
                features.add(("anti", known.name if known is not None else " ".join(words[1:])))
            elif tok.pos_ == "ADJ" and tok.is_alpha and not is_participle(tok):
                if self.ir.is_nationality(low[j]):
                    features.add(("nat", stem_adjective(low[j])))
                    named = True
                elif capital or not merge:  # a capitalised body's adjectives are part of its name
                    features.add(("name" if capital else "adj", stem_adjective(low[j])))
            elif (target := self._target(i, j)) is not None:  # "de lutte contre Daech" names it as "anti-Daech" does
                features.add(("anti", target[0]))
                j = target[1]
                continue
            elif low[j] in self.rules.of_words:
                found = self._complement(j, merge)
                if found is None:
                    j -= low[j - 1] in self.rules.coordinators  # no coordinated complement after all
                    break
                features.add(("of", found[0]))
                named = named or is_upper_initial(doc[found[2]])
                j = found[1]
                continue
            elif low[j] in self.rules.coordinators and low[j - 1] not in self.rules.of_words and j + 1 < n \
                    and low[j + 1] in self.rules.of_words \
                    and any(f[0] == "of" for f in features):
                pass  # "Conseil de paix et de sécurité": the coordinated complement identifies too
            elif is_participle(tok) and tok.head.i == i and j + 1 < n and low[j + 1] in self.ir.agent_cues:
                if any(kind not in ("adj", "name") for kind, _ in features):
                    break  # "la coalition anti-EI dirigée par ...": the core is identified; the mention ends there
                k = j + 2 + (j + 2 < n and low[j + 2] in self.rules.determiners)
                agent = self.by_start.get(k)
                if agent is not None:
                    features.add(("by", self._identity(agent)))
                    j = agent.end
                break
            else:
                break
            j += 1
        return Institution(head, frozenset(features), named), j

    def _target(self, i: int, j: int) -> tuple[str, int] | None:
        """What the body headed at token i fights, named after a cue at token j ("contre Daech", "de lutte contre
        l'EI", the language's `target_cues`): its identity, as for the prefix of "anti-EI", and where it ends; None
        without a name or when the parse hangs the name on another word ("les frappes de la coalition contre X")."""
        for cue in self.target_cues:
            k = j + len(cue)
            if k >= len(self.doc) or tuple(self.low[j:k]) != cue:
                continue
            k += self.low[k] in self.rules.determiners and not is_upper_initial(self.doc[k])
            name = self.by_start.get(k) or self.by_lead.get(k)
            if name is None or name.titled or (name.known.type if name.known else name.label) == "PER":
                continue
            governor = self.doc[name.lead:name.end].root.head.i
            if governor == i or j <= governor < j + len(cue):
                return self._identity(name), name.end
        return None

    def _complement(self, j: int, merge: bool) -> tuple[str, int, int] | None:
        """A complement "de <Name>", "de la <Portfolio> <adjectives>" or, for a body that is not single in an
        article, "de <noun>" ("commission d'enquête"), at token j: its identity, where it ends, where it starts."""
        doc, n = self.doc, len(self.doc)
        k = j + 1 + (j + 1 < len(doc) and not self.low[j].endswith("'") and self.low[j + 1] in self.rules.of_determiners)
        if k >= n:
            return None
        if not is_upper_initial(doc[k]):
            if merge or doc[k].pos_ != "NOUN":
                return None
            return " ".join(self.tkeys[k]), k + 1, k
        name = self.by_start.get(k)
        if name is not None and (name.known is not None or any(t.pos_ == "PROPN" for t in doc[name.start:name.end])):
            return self._identity(name), name.end, k
        if name is None and doc[k].pos_ == "PROPN":  # "du Kurdistan" inside a body's name: the place, nested
            m = k + 1
            while m < n and doc[m].pos_ == "PROPN" and is_upper_initial(doc[m]) and doc[m - 1].whitespace_:
                m += 1
            while m < n and doc[m].pos_ == "ADJ" and doc[m].is_lower and doc[m - 1].whitespace_:
                m += 1  # "de l'Union africaine"
            place = NameSpan(k, m, "LOC", k, doubtful=True)  # kept only if it joins a name found elsewhere
            self.inner.append(place)
            self.by_start[k] = place
            return self._identity(place), m, k
        m = k + 1
        while m < n and doc[m].pos_ == "ADJ" and not is_upper_initial(doc[m]) and doc[m].is_alpha:
            m += 1
        if name is not None:
            self.absorbed.add(name.start)  # "Défense" tagged alone: a portfolio, not a name of its own
        return " ".join(w for t in range(k, m) for w in self.tkeys[t]), max(m, name.end if name else m), k

    def _identity(self, span: NameSpan) -> str:
        if span.known is not None:
            return span.known.name
        return " ".join(w for t in range(span.start, span.end) for w in self.tkeys[t])

