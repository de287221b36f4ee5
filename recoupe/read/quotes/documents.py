"""Documents as quote speakers: "précise le communiqué", "», peut-on lire", "selon le texte".

Documents are tracked in text order (`Documents`) with their issuer when the
article says who published, signed or adopted them, and are named "Issuer
(description)" or by their description alone ("communiqué conjoint"); an unnamed
group speaking through one ("ont-ils affirmé dans un communiqué conjoint")
becomes "Les deux pays (communiqué conjoint)".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from types import MappingProxyType

from spacy.tokens import Token

from recoupe.lang import Language
from recoupe.read.quotes.bodies import is_common_name
from recoupe.read.quotes.reader import QuoteReader, Speaker, gender_number, is_indefinite
from recoupe.read.quotes.spans import QuoteSpan

# Tokens after a closing mark that may hold a reading incise (", peut-on lire" is 4 tokens; one more for an
# adverb, "lit-on encore").
READING_REACH = 5


@dataclass(frozen=True)
class DocumentRules:
    """The language data for documents as speakers ("précise le communiqué"), read from quotes.json."""

    nouns: frozenset[str]
    generic: frozenset[str]
    compounds: frozenset[str]
    agents: frozenset[str]
    issuing_verbs: frozenset[str]
    cases: frozenset[str]
    issuer_cases: frozenset[str]
    reading_cues: frozenset[str]
    impersonal: frozenset[str]
    body_kinds: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_language(cls, lang: Language) -> DocumentRules:
        """Build the rules from the language's quotes.json."""
        data = lang.json("quotes.json")
        return cls(
            nouns=frozenset(data["document_nouns"]),
            generic=frozenset(data["generic_document_nouns"]),
            compounds=frozenset(data["document_compounds"]),
            agents=frozenset(data["agent_nouns"]),
            issuing_verbs=frozenset(data["issuing_verbs"]),
            cases=frozenset(data["document_cases"]),
            issuer_cases=frozenset(data["issuer_cases"]),
            reading_cues=frozenset(data["reading_cues"]),
            impersonal=frozenset(data["impersonal_subjects"]),
            body_kinds=MappingProxyType({k: tuple(v) for k, v in data["body_kinds"].items()}),
        )


@cache
def load_document_rules(lang: Language) -> DocumentRules:
    """The document rules of `lang`, read once per process."""
    return DocumentRules.from_language(lang)


@dataclass(frozen=True, slots=True)
class DocumentMention:
    """A document the article mentions outside quotes: its noun, its description, who issued it (if said)."""

    token: int
    lemma: str
    description: str
    issuer: str
    speaker: Speaker
    issuer_at: int = -1  # the token naming the issuer (a name, a role, a body noun, a pronoun), -1 if none
    definite: bool = False  # "le communiqué": a definite mention
    earlier: int = -1  # the token of the earlier mention this one refers back to, -1 if none


class Documents:
    """The documents an article cites, in text order, so that "le texte" or "peut-on lire" find theirs.

    A document speaker is named "Issuer (description)" when the article says who published, signed or
    adopted it, else by its description ("communiqué conjoint"); a back-reference ("le communiqué", "le
    document") takes the fullest description and the issuer of the document it refers to."""

    def __init__(self, reader: QuoteReader, rules: DocumentRules) -> None:
        self.reader = reader
        self.rules = rules
        self.found: list[DocumentMention] = []
        words = rules.nouns | rules.compounds
        for i, (lower, lemma) in enumerate(zip(reader.lowers, reader.lemmas, strict=True)):
            if lower not in words and lemma.lower() not in words:
                continue  # a document is named by one of its nouns: most words are none (no parse asked)
            t = reader.doc[i]
            if not reader.quoted[i] and (self.is_document(t) or self._names_compound_again(t)):
                self.found.append(self._read(t))

    def _is_document_word(self, t: Token) -> bool:
        return t.pos_ == "NOUN" and (t.lemma_.lower() in self.rules.nouns or t.lower_ in self.rules.nouns)

    def _compound_part(self, t: Token) -> Token | None:
        """The document complement of a compound head ("projet" in "le projet de résolution")."""
        if t.pos_ != "NOUN" or (t.lemma_.lower() not in self.rules.compounds and t.lower_ not in self.rules.compounds):
            return None
        for c in t.rights:
            if c.dep_ == "nmod" and self._is_document_word(c) and not any(k.dep_ == "det" for k in c.children):
                return c
        return None

    def _names_compound_again(self, t: Token) -> bool:
        """Whether `t` is a definite "le projet" after "le projet de résolution" was mentioned."""
        lemma = t.lemma_.lower()
        return (lemma in self.rules.compounds and not is_indefinite(t) and any(c.dep_ == "det" for c in t.children)
                and any(m.lemma == lemma for m in self.found))

    def is_document(self, t: Token) -> bool:
        """Whether `t` heads a document mention: a document noun, or "projet de <document>", with a
        determiner ("se mettre d'accord" names no document)."""
        if not any(c.dep_ == "det" for c in t.children):
            return False
        return self._is_document_word(t) or self._compound_part(t) is not None

    def _read(self, t: Token) -> DocumentMention:
        doc = self.reader.doc
        part = self._compound_part(t)
        right = t.i if part is None else part.i
        for c in (t.rights if part is None else part.rights):
            if c.dep_ == "amod" and c.pos_ == "ADJ" and c.i == right + 1 and not self.reader.quoted[c.i]:
                right = c.i
        issuer, complement = self._issuer(t)
        if complement is not None and not issuer and complement.left_edge.i == right + 1:
            right = max(right, self.reader.phrase(complement).end - 1)  # "le communiqué final du sommet"
        description = doc[t.i: right + 1].text
        lemma = t.lemma_.lower() if t.lemma_.lower() in self.rules.nouns | self.rules.compounds else t.lower_
        bare = right == t.i and complement is None  # "le communiqué", not "le communiqué final du sommet"
        earlier = self._referent(t, lemma) if bare or is_demonstrative(t) else None
        if earlier is not None and not (is_indefinite(t) and lemma not in self.rules.generic):
            if len(earlier.description) >= len(description) or lemma in self.rules.generic:
                description = earlier.description
            issuer = issuer or earlier.issuer
        token = self._issuer_token(t)
        issuer_at = token.i if token is not None else (earlier.issuer_at if earlier is not None else -1)
        name = f"{issuer} ({description})" if issuer else description
        gender, number = gender_number(t)
        start, end = t.idx, doc[right].idx + len(doc[right])
        entity = self._issuer_entity(issuer, token)
        if entity is None and earlier is not None and issuer and issuer == earlier.issuer:
            entity = earlier.speaker.entity  # "le communiqué" after "un communiqué de X": X's
        speaker = Speaker(name, entity, start, end, self.reader.text[start:end], gender, number)
        definite = not is_indefinite(t) and earlier is None
        return DocumentMention(t.i, lemma, description, issuer, speaker, issuer_at, definite,
                               earlier.token if earlier is not None else -1)

    def _issuer_token(self, t: Token) -> Token | None:
        """The token naming who issued the document headed by `t`, for the resolver to resolve like any speaker:
        the subject of an issuing verb taking it as object, the agent of a participle on it, a "de" complement
        naming an entity, a role or an institution ("le communiqué du ministère"), or the subject of the verb
        that cites it ("X s'est engagée, dans un communiqué, à ...": a body writes its own communiqués)."""
        reader = self.reader
        if t.dep_ == "obj" and t.head.lemma_ in self.rules.issuing_verbs:
            return reader.subject_of(t.head)
        for c in t.rights:
            if c.pos_ == "VERB" and c.lemma_ in self.rules.issuing_verbs:
                for a in c.children:
                    if a.dep_ == "obl:agent" and a.pos_ in ("NOUN", "PROPN"):
                        return a
            if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and any(
                    k.dep_ == "case" and k.lower_ in self.rules.issuer_cases for k in c.children):
                named = reader.index.overlapping(c.idx, c.idx + len(c))
                body = c.lemma_.lower() in self.rules.agents or c.lower_ in self.rules.agents
                if named or body or reader.is_role(c):
                    return c
        if t.dep_.startswith("obl") and any(k.dep_ == "case" and k.lower_ in self.rules.cases for k in t.children):
            verb = t.head
            if reader.is_cue(verb):
                return reader.subject_of(verb)
            subjects = [c for c in verb.children if c.dep_ == "nsubj" and not reader.quoted[c.i]]
            return subjects[0] if subjects else None
        return None

    def _issuer_entity(self, issuer: str, token: Token | None) -> str | None:
        """The entity a document's issuer is, when the article names it as one: a body speaks as itself, under
        every name the article gives it ("l'Agence ... (Anses)")."""
        if not issuer or token is None:
            return None
        named = self.reader.named_entity(token)
        return named[0].id or None if named is not None and named[0].name == issuer else None

    def _referent(self, t: Token, lemma: str) -> DocumentMention | None:
        """The earlier document a definite or generic mention refers to: the last of the same kind, or the
        last of any kind for "le texte", "le document"."""
        for m in reversed(self.found):
            if m.token < t.i and (m.lemma == lemma or lemma in self.rules.generic or is_demonstrative(t)):
                return m
        return None

    def _issuer(self, t: Token) -> tuple[str, Token | None]:
        """Who the article says issued the document headed by `t` (or ""): the subject of an issuing verb taking
        it as object, the agent of a participle on it ("signé par X"), or a complement ("du ministère X") naming
        an entity or a person by role; also that "de" complement, named or not, if there is one."""
        reader = self.reader
        complement = None
        for c in t.rights:
            if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and any(
                    k.dep_ == "case" and k.lower_ in self.rules.issuer_cases for k in c.children):
                complement = c
                break
        if t.dep_ == "obj" and t.head.lemma_ in self.rules.issuing_verbs:
            subject = reader.subject_of(t.head)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                return self._name_of(subject), complement
        for c in t.rights:
            if c.pos_ == "VERB" and c.lemma_ in self.rules.issuing_verbs:
                for a in c.children:
                    if a.dep_ == "obl:agent" and a.pos_ in ("NOUN", "PROPN"):
                        return self._name_of(a), complement
        if complement is not None:
            covering = [e for e, m in reader.index.overlapping(complement.idx, complement.idx + len(complement))
                        if m.start <= complement.idx and not is_common_name(m.text)]
            if covering or (reader.is_role(complement) and reader.named_entity(complement) is not None):
                return self._name_of(complement), complement
        return "", complement

    def _name_of(self, head: Token) -> str:
        """A subject as a name: an entity's name, else its noun phrase; a coordination as written."""
        reader = self.reader
        doc = reader.doc
        end = head.right_edge.i + 1
        for t in doc[head.i + 1: end]:
            if t.pos_ in ("VERB", "AUX") or t.lower_ in reader.rules.relatives or reader.quoted[t.i]:
                end = t.i
                break
        whole = doc[head.left_edge.i: end]
        named_in = {e.name for e, _ in reader.index.overlapping(whole.start_char, whole.end_char)}
        if len(named_in) > 1 and any(t.dep_ == "conj" for t in whole):
            while len(whole) > 1 and whole[0].pos_ == "DET":
                whole = whole[1:]
            return whole.text  # several issuers ("le président X, le Premier ministre Y et ..."): as written
        named = reader.named_entity(head)
        if named is not None:
            return named[0].name
        span = reader.phrase(head)
        while len(span) > 1 and span[0].pos_ == "DET":
            span = span[1:]
        return span.text

    def at(self, t: Token) -> Speaker | None:
        """The speaker for document noun `t` (one the article mentioned outside quotes)."""
        for m in self.found:
            if m.token == t.i:
                return m.speaker
        return None

    def last_before(self, offset: int) -> Speaker | None:
        """The last document mentioned before character `offset`."""
        best = None
        for m in self.found:
            if self.reader.doc[m.token].idx < offset:
                best = m.speaker
        return best

    def mention_at(self, t: Token) -> DocumentMention | None:
        """The document mention headed by `t`, if any."""
        for m in self.found:
            if m.token == t.i:
                return m
        return None

    def on_cue(self, cue: Token | None) -> DocumentMention | None:
        """A document the cue verb says the words come from ("affirmé dans un communiqué")."""
        if cue is None:
            return None
        for c in cue.children:
            if c.dep_.startswith("obl") and self.is_document(c) and any(
                    k.dep_ == "case" and k.lower_ in self.rules.cases for k in c.children):
                return self.mention_at(c)
        return None

    def read_after(self, span: QuoteSpan) -> Speaker | None:
        """The document last mentioned, when an impersonal reading incise follows the quotation
        ("», peut-on lire", "», lit-on")."""
        words = tokens_after(self.reader, span, READING_REACH)
        if not words or words[0].text != ",":
            return None
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        if lemmas & self.rules.reading_cues and lemmas & self.rules.impersonal:
            return self.last_before(span.open_at)
        return None


def is_demonstrative(t: Token) -> bool:
    """Whether a noun has a demonstrative determiner ("cet accord"): it points back to something named."""
    return any(c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in t.children)


def with_document(speaker: Speaker | None, document: DocumentMention | None) -> Speaker | None:
    """A speaker who spoke through a document ("ont-ils affirmé dans un communiqué conjoint"): a named person
    or organisation stays as is; an unnamed one ("les deux pays") becomes "X (communiqué conjoint)"; the
    document stands alone when the speaker is unknown."""
    if document is None or (speaker is not None and (speaker.person or speaker.entity)):
        return speaker  # a named person or organisation stays the speaker, whatever medium they used
    if speaker is None:
        return document.speaker
    if speaker.name in (document.speaker.name, document.description) or speaker.name.endswith(")"):
        return speaker
    return replace(speaker, name=f"{speaker.name} ({document.description})")


def tokens_after(reader: QuoteReader, span: QuoteSpan, n: int) -> list[Token]:
    """Up to `n` tokens after a quotation's closing mark, in its paragraph (spaces and marks skipped)."""
    doc = reader.doc
    content = doc.char_span(span.start, span.end, alignment_mode="expand")
    if content is None or not len(content) or span.close_at < 0:
        return []
    para = reader.para[content.end - 1]
    words: list[Token] = []
    for t in doc[content.end: min(len(doc), content.end + 3 * n)]:
        if reader.para[t.i] != para or len(words) >= n:
            break
        if not t.is_space and t.text not in reader.rules.all_marks:
            words.append(t)
    return words


def document_in_sentence(reader: QuoteReader, documents: Documents, span: QuoteSpan) -> DocumentMention | None:
    """A document named by a "selon" later in the quotation's sentence ("« ... », et ont souligné ..., selon
    le communiqué")."""
    doc = reader.doc
    content = doc.char_span(span.start, span.end, alignment_mode="expand")
    if content is None or not len(content):
        return None
    end = content.end
    while end < len(doc) and reader.para[end] == reader.para[content.end - 1] and not (
            doc[end].text in ".!?" and not reader.quoted[end]):
        end += 1
    source, _ = reader.source_after(content.end, end)
    return documents.mention_at(source) if source is not None else None
