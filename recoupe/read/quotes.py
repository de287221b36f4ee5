"""Direct quotations and who said them: spans from quotation marks, speakers from cue verbs and the parse.

`find_quotes` scans the clean text for quotation marks (`quote_spans`), keeps
quotations long enough to be statements, and attributes each one
(`quote_reader`): the subject of a cue verb after the quote ("», a déclaré X",
"», a-t-il ajouté"), of the cue verb that governs it ("X a affirmé que « »"),
a "selon X", an incise inside it, or else the speaker of the quotation just
before. Subjects are resolved in text order: pronouns and role nouns ("le
général", "la porte-parole") go to the person the article last named that way;
names map to the article's entities.

A speaker may be a document: "précise le communiqué", "», peut-on lire", "selon
le texte". Documents are tracked in text order (`_Documents`) with their issuer
when the article says who published, signed or adopted them, and are named
"Issuer (description)" or by their description alone ("communiqué conjoint");
an unnamed group speaking through one ("ont-ils affirmé dans un communiqué
conjoint") becomes "Les deux pays (communiqué conjoint)". A quotation that opens
on its verb takes the subject written just before it ("Les deux pays « ont
confirmé ... »") when that subject can speak (an entity, a role, a document, a
group or institution noun).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Token

from recoupe.lang import Language
from recoupe.read.quote_reader import (
    SUBJECT_DEPS,
    QuoteReader,
    Speaker,
    clitic_form,
    gender_number,
    is_indefinite,
    load_quote_rules,
)
from recoupe.read.quote_spans import QuoteSpan, find_quote_spans
from recoupe.records import Entity, Mention, Quote

__all__ = ["find_quotes", "load_quote_rules"]

# A quotation with no cue of its own inherits the speaker of the quotation that
# ends at most this many characters before it (about two sentences of news
# prose). Measured on the dev corpus: the uncued follow-up quotes sat 18 to 69
# characters after the previous quotation; the other uncued ones were 496+
# characters away and had another speaker.
CONTINUATION_WINDOW = 300
WORD = re.compile(r"\w+")
# Tokens after a closing mark that may hold a reading incise (", peut-on lire" is 4 tokens; one more for an
# adverb, "lit-on encore") or a cue incise (", a-t-il ajouté" is 4 tokens, ", a déclaré" 3; one for an adverb).
READING_REACH = 5
INCISE_PEEK = 5


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


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
        )


@cache
def load_document_rules(lang: Language) -> DocumentRules:
    """The document rules of `lang`, read once per process."""
    return DocumentRules.from_language(lang)


@dataclass(frozen=True, slots=True)
class _DocumentMention:
    """A document the article mentions outside quotes: its noun, its description, who issued it (if said)."""

    token: int
    lemma: str
    description: str
    issuer: str
    speaker: Speaker


class _Documents:
    """The documents an article cites, in text order, so that "le texte" or "peut-on lire" find theirs.

    A document speaker is named "Issuer (description)" when the article says who published, signed or
    adopted it, else by its description ("communiqué conjoint"); a back-reference ("le communiqué", "le
    document") takes the fullest description and the issuer of the document it refers to."""

    def __init__(self, reader: QuoteReader, rules: DocumentRules) -> None:
        self.reader = reader
        self.rules = rules
        self.found: list[_DocumentMention] = []
        for t in reader.doc:
            if not reader.quoted[t.i] and (self.is_document(t) or self._names_compound_again(t)):
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

    def _read(self, t: Token) -> _DocumentMention:
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
        earlier = self._referent(t, lemma) if bare or _is_demonstrative(t) else None
        if earlier is not None and not (is_indefinite(t) and lemma not in self.rules.generic):
            if len(earlier.description) >= len(description) or lemma in self.rules.generic:
                description = earlier.description
            issuer = issuer or earlier.issuer
        name = f"{issuer} ({description})" if issuer else description
        gender, number = gender_number(t)
        start, end = t.idx, doc[right].idx + len(doc[right])
        speaker = Speaker(name, None, start, end, self.reader.text[start:end], gender, number)
        return _DocumentMention(t.i, lemma, description, issuer, speaker)

    def _referent(self, t: Token, lemma: str) -> _DocumentMention | None:
        """The earlier document a definite or generic mention refers to: the last of the same kind, or the
        last of any kind for "le texte", "le document"."""
        for m in reversed(self.found):
            if m.token < t.i and (m.lemma == lemma or lemma in self.rules.generic or _is_demonstrative(t)):
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
                        if m.start <= complement.idx]
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

    def mention_at(self, t: Token) -> _DocumentMention | None:
        """The document mention headed by `t`, if any."""
        for m in self.found:
            if m.token == t.i:
                return m
        return None

    def on_cue(self, cue: Token | None) -> _DocumentMention | None:
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
        words = _tokens_after(self.reader, span, READING_REACH)
        if not words or words[0].text != ",":
            return None
        lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
        if lemmas & self.rules.reading_cues and lemmas & self.rules.impersonal:
            return self.last_before(span.open_at)
        return None


def _is_demonstrative(t: Token) -> bool:
    """Whether a noun has a demonstrative determiner ("cet accord"): it points back to something named."""
    return any(c.dep_ == "det" and "Dem" in c.morph.get("PronType", []) for c in t.children)


def with_document(speaker: Speaker | None, document: _DocumentMention | None) -> Speaker | None:
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


class _Resolver:
    """Resolves subject tokens to speakers in text order, remembering who was last named (for il/elle, roles)."""

    def __init__(self, reader: QuoteReader, documents: _Documents) -> None:
        self.reader = reader
        self.documents = documents
        self.history: list[tuple[int, Speaker, bool]] = []  # position, speaker, subject of a cue verb
        self.done: dict[int, Speaker | None] = {}
        self.cue_subjects: set[int] = set()
        self.descriptions: dict[str, Speaker] = {}  # head lemma -> fullest description named so far

    def latest(self, at: int, gender: str, number: str, person_only: bool) -> Speaker | None:
        """The last speaker before offset `at` (a person, or any subject of a cue verb unless `person_only`)
        compatible with a gender and number; failing that, the last person the article named before `at`."""
        best: tuple[int, Speaker] | None = None
        for pos, sp, cue in self.history:
            if pos >= at or (best is not None and pos <= best[0]):
                continue
            if not sp.person and (person_only or not cue):
                continue
            if gender and sp.gender and sp.gender != gender:
                continue
            if number and sp.number and sp.number != number:
                continue
            best = (pos, sp)
        if best is not None:
            return best[1]
        return self.last_person_named(at, gender) if number != "Plur" else None

    def last_person_named(self, at: int, gender: str) -> Speaker | None:
        """The last person entity mentioned (outside quotes) before offset `at` whose role, if the article gave
        one ("la ministre X"), does not contradict `gender`."""
        genders = {role.speaker.name: role.speaker.gender for role in self.reader.roles}
        found: tuple[Entity, Mention] | None = None
        for entity in self.reader.index.entities:
            if entity.type != "PER" or (gender and genders.get(entity.name, gender) not in (gender, "")):
                continue
            for m in entity.mentions:
                if m.start < at and (found is None or m.start > found[1].start) and not self.reader.is_quoted_char(m.start):
                    found = (entity, m)
        if found is None:
            return None
        entity, m = found
        return Speaker(entity.name, entity.id or None, m.start, m.end, m.text, "", "Sing", True)

    def resolve(self, head: Token) -> Speaker | None:
        """Resolve one subject token (memoised) and record it as the latest named subject."""
        if head.i in self.done:
            return self.done[head.i]
        speaker = self._resolve(head, depth=0)
        self.done[head.i] = speaker
        if speaker is not None:
            self.history.append((head.idx, speaker, head.i in self.cue_subjects))
        return speaker

    def _resolve(self, head: Token, depth: int) -> Speaker | None:
        reader = self.reader
        rules = reader.rules
        bare = clitic_form(head, rules)
        if bare in rules.pronouns and head.pos_ == "PRON":
            gender, number = rules.pronouns[bare]
            found = self.latest(head.idx, gender, number, person_only=False)
            return found
        if bare in rules.relatives and depth < 2:
            verb = head.head
            if verb.dep_ == "acl:relcl" and verb.head is not verb:
                return self._resolve(verb.head, depth + 1)
            return None
        if head.pos_ == "PRON":
            return None
        document = self.documents.at(head)
        if document is not None:
            return document
        named = reader.named_entity(head)
        gender, number = gender_number(head)
        if named is not None and named[0].type == "PER":
            entity, m = named
            return Speaker(entity.name, entity.id or None, m.start, m.end, m.text, gender, number or "Sing", True)
        name = reader.apposed_name(head) if reader.is_role(head) else None
        if name is not None:
            return Speaker(name.text, None, name.start_char, name.end_char, name.text, gender, "Sing", True)
        role = reader.is_role(head) and not is_indefinite(head) and number != "Plur"  # "les chefs": a group
        if role:
            found = reader.person_with_role(head) or self._back_reference(head, gender, number)
            if found is not None:
                return replace(found, gender=gender or found.gender)
        if named is None and _is_demonstrative(head) and not self._is_body(head) and number != "Plur":
            found = self.latest(head.idx, gender, number, person_only=True)  # "a ajouté cette scientifique"
            if found is not None:
                return replace(found, gender=gender or found.gender)
        if named is not None:
            entity, m = named
            return Speaker(entity.name, entity.id or None, m.start, m.end, m.text, gender, number)
        phrase = reader.phrase(head)
        text = phrase.text
        if head.pos_ not in ("NOUN", "PROPN") or not _words(text):
            return None
        found = Speaker(text, None, phrase.start_char, phrase.end_char, text, gender, number, role)
        key = head.lemma_.lower()
        earlier = self.descriptions.get(key)
        if earlier is not None and len(earlier.text) > len(text) and not is_indefinite(head):
            return earlier  # "le communiqué" after "le communiqué conjoint": the fuller description
        if earlier is None or len(text) > len(earlier.text):
            self.descriptions[key] = found
        return found


    def _back_reference(self, head: Token, gender: str, number: str) -> Speaker | None:
        """Whom a role noun no one was named with refers back to. A bare role ("le ministre", "l'architecte")
        is the last person named. A role with its own complement renames only the person of the sentence
        just before ("X a annoncé ... « ... », a dit le chef de l'État"); further away it is someone unnamed,
        kept as described ("le porte-parole du site"), as is a role the article already described ("le
        porte-parole de l'exécutif", then "le porte-parole"). A spokesperson is never the principal."""
        key = head.lemma_.lower()
        earlier = self.descriptions.get(key)
        if earlier is not None or key in self.reader.rules.spokespersons or head.lower_ in self.reader.rules.spokespersons:
            return None
        found = self.latest(head.idx, gender, number, person_only=True)
        if found is None or not any(c.dep_ in ("nmod", "appos", "acl", "acl:relcl") for c in head.rights):
            return found
        sent = head.sent
        previous = self.reader.doc[sent.start - 1].sent if sent.start > 0 else sent
        return found if found.start >= previous.start_char else None

    def _is_body(self, head: Token) -> bool:
        """Whether a noun names an institution or group ("l'agence", "le ministère") rather than a person."""
        agents = self.documents.rules.agents
        return head.lemma_.lower() in agents or head.lower_ in agents


def _named_subjects(reader: QuoteReader) -> list[tuple[Token, bool]]:
    """Subjects outside quotes, each with whether it is a cue verb's: of every cue verb, and entity subjects
    of any verb (they make who "il" and "le président" may be)."""
    found: list[tuple[Token, bool]] = []
    for t in reader.doc:
        if reader.quoted[t.i]:
            continue
        if reader.is_cue(t):
            s = reader.subject_of(t)
            if s is not None:
                found.append((s, True))
        elif (t.dep_ in SUBJECT_DEPS and t.pos_ in ("PROPN", "NOUN") and reader.named_entity(t) is not None
              and not _in_reported_speech(reader, t)):
            found.append((t, False))
    return found


def _in_reported_speech(reader: QuoteReader, subject: Token) -> bool:
    """Whether a subject sits in the content clause of a cue verb ("X a assuré que Y ne pourrait pas rester"):
    Y is what was said, not who speaks next."""
    a = subject.head
    for _ in range(6):
        if a.head is a:
            return False
        if a.dep_ in ("ccomp", "xcomp") and reader.is_cue(a.head):
            return True
        a = a.head
    return False


def _subject_before(reader: QuoteReader, documents: _Documents, span: QuoteSpan) -> Token | None:
    """The subject written just before a quotation that opens on its verb ("Les deux pays « ont confirmé
    que ... »"): the quoted words are that subject's."""
    doc = reader.doc
    opener = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
    if opener is None or not len(opener) or opener[0].i == 0:
        return None
    t = doc[opener[0].i - 1]
    if reader.quoted[t.i] or t.is_punct or reader.para[t.i] != reader.para[opener[0].i]:
        return None
    while t.dep_ in ("amod", "acl", "flat:name", "nummod", "det") and t.head.i < t.i:
        t = t.head
    if t.dep_ not in SUBJECT_DEPS or t.pos_ not in ("NOUN", "PROPN") or not reader.quoted[t.head.i]:
        return None
    speaks = (reader.named_entity(t) is not None or reader.is_role(t) or documents.at(t) is not None
              or t.lemma_.lower() in documents.rules.agents or t.lower_ in documents.rules.agents)
    return t if speaks else None


def _incise_follows(reader: QuoteReader, span: QuoteSpan) -> bool:
    """Whether a comma and a cue verb follow the quotation's closing mark ("», a déclaré")."""
    words = _tokens_after(reader, span, INCISE_PEEK)
    return bool(words) and words[0].text == "," and any(reader.is_cue(t) for t in words[1:])


def _tokens_after(reader: QuoteReader, span: QuoteSpan, n: int) -> list[Token]:
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


def _document_in_sentence(reader: QuoteReader, documents: _Documents, span: QuoteSpan) -> _DocumentMention | None:
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


def _same_sentence(reader: QuoteReader, text: str, span: QuoteSpan, nxt: QuoteSpan) -> bool:
    """Whether the next quotation opens in the same sentence and paragraph as `span` closes."""
    a = reader.doc.char_span(span.start, span.end, alignment_mode="expand")
    b = reader.doc.char_span(nxt.start, nxt.end, alignment_mode="expand")
    if a is None or b is None or not len(a) or not len(b):
        return False
    gap = text[span.end: nxt.open_at]
    return reader.para[a[-1].i] == reader.para[b[0].i] and not any(c in gap for c in ".!?")


def _is_headline(text: str, span: QuoteSpan) -> bool:
    """Whether the quotation fills its line alone (a headline or subhead echoing the body)."""
    line_start = text.rfind("\n", 0, span.open_at) + 1
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[line_start: span.open_at] + text[span.end: line_end]
    return not _words(rest)


def find_quotes(doc: Doc, entities: Sequence[Entity], lang: Language, article_id: str = "") -> list[Quote]:
    """Direct quotations of `doc` (at least the language's minimum length) with their speakers.

    Offsets are into `doc.text`; `quote.text` is the content between the marks. A speaker named by
    an entity mention gets `speaker` = entity.name and `speaker_entity` = entity.id; otherwise
    `speaker` is the noun phrase ("le gouvernement norvégien"). `speaker_mention` is the span that
    names the speaker: for a pronoun or a role noun, the earlier mention it resolved to. Quotes
    left unattributed keep speaker None; headline quotes with no speaker on their line are dropped.
    """
    rules = load_quote_rules(lang)
    text = doc.text
    spans = find_quote_spans(text, rules.marks)
    reader = QuoteReader(doc, entities, rules, spans)
    documents = _Documents(reader, load_document_rules(lang))
    resolver = _Resolver(reader, documents)
    kept = [s for s in spans if len(text[s.start: s.end].split()) >= rules.min_words]
    subjects: dict[int, Token] = {}
    for subject, is_cue in _named_subjects(reader):
        subjects[subject.i] = subject
        if is_cue:
            resolver.cue_subjects.add(subject.i)
    attributions = [reader.quote_subject(span) for span in kept]
    for n, span in enumerate(kept):
        before = _subject_before(reader, documents, span)
        if before is not None:
            subjects[before.i] = before
            resolver.cue_subjects.add(before.i)
            if attributions[n] == (None, None) and not _incise_follows(reader, span):
                attributions[n] = (before, None)  # an incise ("», a déclaré X") names the speaker, if unresolved
    for head, _ in attributions:
        if head is not None:
            subjects[head.i] = head
            resolver.cue_subjects.add(head.i)
    for i in sorted(subjects):
        resolver.resolve(subjects[i])
    quotes: list[Quote] = []
    previous: tuple[int, Speaker] | None = None
    for n, (span, (head, cue)) in enumerate(zip(kept, attributions, strict=True)):
        if head is None and n + 1 < len(kept) and _same_sentence(reader, text, span, kept[n + 1]):
            head, cue = attributions[n + 1]  # « A » et « B », a-t-il dit: the next quotation's cue covers both
        speaker = resolver.resolve(head) if head is not None else None
        if head is None:
            speaker = documents.read_after(span)
        elif cue is not None:
            speaker = with_document(speaker, documents.on_cue(cue) or _document_in_sentence(reader, documents, span))
        headline = _is_headline(text, span)
        if speaker is None and headline:
            continue  # a headline quotation with no speaker on its line: it echoes the body, or is unattributable
        if speaker is None and head is None and previous is not None and span.open_at - previous[0] <= CONTINUATION_WINDOW:
            speaker = previous[1]
        if speaker is not None:
            previous = (span.end, speaker)
        quotes.append(_make_quote(text, span, speaker, cue, article_id))
    return _drop_repeats(quotes)


def _make_quote(text: str, span: QuoteSpan, speaker: Speaker | None, cue: Token | None, article_id: str) -> Quote:
    mention = Mention(article_id, span.start, span.end, text[span.start: span.end])
    if speaker is None:
        return Quote(text=mention.text, mention=mention)
    return Quote(
        text=mention.text,
        mention=mention,
        speaker=speaker.name,
        speaker_entity=speaker.entity,
        speaker_mention=Mention(article_id, speaker.start, speaker.end, speaker.text),
        cue=cue.text if cue is not None else None,
    )


def _drop_repeats(quotes: list[Quote]) -> list[Quote]:
    """Drop a quotation whose words all reappear, in order, inside a longer quotation of the article."""
    folded = [" ".join(_words(q.text)) for q in quotes]
    keep: list[Quote] = []
    for i, q in enumerate(quotes):
        if any(j != i and len(folded[j]) > len(folded[i]) and folded[i] in folded[j] for j in range(len(quotes))):
            continue
        keep.append(q)
    return keep
