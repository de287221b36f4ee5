"""Direct quotations and who said them: spans from quotation marks, speakers from cue verbs and the parse.

`find_quotes` scans the clean text for quotation marks (`quote_spans`), keeps
quotations long enough to be statements, and attributes each one
(`quote_reader`): the subject of a cue verb after the quote ("», a déclaré X",
"», a-t-il ajouté"), of the cue verb that governs it ("X a affirmé que « »"),
a "selon X", a "Pour X,", an incise inside it; failing those, the subject of
the clause the words sit in when it can speak (`quote_clauses`: "La direction
a retenu des « mesures »"), the attribution of the sentence before, or the
speaker of the quotation just before. Subjects are resolved in text order:
pronouns, demonstratives ("cette chercheuse") and role nouns ("le général")
go to the person the article last named that way, a spokesperson or a role
the article never named keeps its description ("le porte-parole du site"),
a bare institution noun ("la juridiction", "le ministère") is the body named
before (`quote_bodies`); names map to the article's entities.

A speaker may be a document: "précise le communiqué", "», peut-on lire", "selon
le texte" (`quote_documents`); a document speaks as its issuer when the article
says who that is ("Tribunal administratif de X (communiqué de presse)"). A
quotation that opens on its verb takes the subject written just before it ("Les
deux pays « ont confirmé ... »") when that subject can speak.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from recoupe.lang import Language
from recoupe.read.nlp import doc_text, is_root
from recoupe.read.quotes.bodies import body_referent, is_bare_body, is_common_name, last_heard
from recoupe.read.quotes.clauses import clause_subject, previous_attribution
from recoupe.read.quotes.documents import (
    DocumentMention,
    Documents,
    document_in_sentence,
    is_demonstrative,
    load_document_rules,
    tokens_after,
    with_document,
)
from recoupe.read.quotes.reader import (
    SUBJECT_DEPS,
    QuoteReader,
    Speaker,
    clitic_form,
    gender_number,
    is_indefinite,
    load_quote_rules,
)
from recoupe.read.quotes.sources import (
    QuoteRow,
    antecedent,
    read_from_next_document,
    through_relay,
    through_source,
)
from recoupe.read.quotes.spans import QuoteSpan, find_quote_spans
from recoupe.records import Entity, Mention, Quote

__all__ = ["find_quotes", "load_quote_rules"]

# A quotation with no cue of its own inherits the speaker of the quotation that
# ends at most this many characters before it (about two sentences of news
# prose). Measured on the dev corpus: the uncued follow-up quotes sat 18 to 69
# characters after the previous quotation; the other uncued ones were 496+
# characters away and had another speaker.
CONTINUATION_WINDOW = 300
WORD = re.compile(r"\w+")
# Tokens after a closing mark that may hold a cue incise (", a-t-il ajouté" is 4 tokens, ", a déclaré" 3; one
# for an adverb).
INCISE_PEEK = 5


def _words(text: str) -> list[str]:
    return WORD.findall(text.lower())


class _Resolver:
    """Resolves subject tokens to speakers in text order, remembering who was last named (for il/elle, roles)."""

    def __init__(self, reader: QuoteReader, documents: Documents) -> None:
        self.reader = reader
        self.documents = documents
        self.history: list[tuple[int, Speaker, bool]] = []  # position, speaker, subject of a cue verb
        self.done: dict[int, Speaker | None] = {}
        self.cue_subjects: set[int] = set()
        self.descriptions: dict[str, Speaker] = {}  # "lemma|number" -> fullest description named so far
        self.genders = {role.speaker.name: role.speaker.gender for role in reader.roles}

    def latest(self, at: int, gender: str, number: str, person_only: bool, mentioned: bool = True) -> Speaker | None:
        """The last speaker before offset `at` (a person, or any subject of a cue verb unless `person_only`)
        compatible with a gender and number; failing that, if `mentioned`, the last person the article named before `at`.
        A document is taken only when no person or body is, and a place (a country, a city) only when none
        speaks in this sentence or the one before: "il" after "L'Iran a promis ..., mais le président X a
        revendiqué ..." is the president."""
        places = {e.id for e in self.reader.index.entities if e.type == "LOC"}
        texts = {self.reader.doc[m.token].idx for m in self.documents.found}
        best: tuple[int, Speaker] | None = None
        thing: tuple[int, Speaker] | None = None  # the last place or document
        for pos, sp, cue in self.history:
            if pos >= at or (best is not None and pos <= best[0]):
                continue
            if not sp.person and (person_only or not cue):
                continue
            if gender and sp.gender and sp.gender != gender:
                continue
            if number and sp.number and sp.number != number:
                continue
            if sp.entity in places or pos in texts:
                thing = thing if thing is not None and thing[0] > pos else (pos, sp)
                continue
            best = (pos, sp)
        if best is not None and (thing is None or thing[0] < best[0] or thing[0] in texts
                                 or best[0] >= self._previous_sentence(at)):
            return best[1]
        if thing is not None:
            return thing[1]
        return self.last_person_named(at, gender) if number != "Plur" and mentioned else None

    def _person_nearby(self, head: Token, gender: str) -> Speaker | None:
        """For "il"/"elle" whose latest candidate is an organisation named by a proper name (no gender shown):
        the person last heard in the same or the previous paragraph. A personal pronoun stands for a person
        when one is at hand; "il" after "« ... », a dit X. Lubrizol a annoncé ..." is still X."""
        person = self.latest(head.idx, gender, "Sing", person_only=True, mentioned=False)
        if person is None:
            return None
        tok = self.reader.doc.char_span(person.start, person.start + 1, alignment_mode="expand")
        near = tok is not None and len(tok) and self.reader.para[head.i] - self.reader.para[tok[0].i] <= 1
        return person if near else None

    def _is_organisation(self, speaker: Speaker) -> bool:
        """Whether a speaker is an organisation the article names by its proper name ("Lubrizol", "l'OMS")."""
        return speaker.entity is not None and any(
            e.id == speaker.entity and e.type == "ORG" for e in self.reader.index.entities)

    def _previous_sentence(self, at: int) -> int:
        """Where the sentence before the one holding offset `at` starts."""
        tok = self.reader.doc.char_span(at, at + 1, alignment_mode="expand")
        if tok is None or not len(tok):
            return at
        sent = tok[0].sent
        return (self.reader.doc[sent.start - 1].sent if sent.start > 0 else sent).start_char

    def last_person_named(self, at: int, gender: str) -> Speaker | None:
        """The last person entity mentioned (outside quotes) before offset `at` whose role, if the article gave
        one ("la ministre X"), does not contradict `gender`."""
        found: tuple[Entity, Mention] | None = None
        for entity in self.reader.index.entities:
            if entity.type != "PER" or (gender and self.genders.get(entity.name, gender) not in (gender, "")):
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
            number = _verb_number(head) or number
            found = self.latest(head.idx, gender, number, person_only=False)
            if found is not None and number == "Sing" and not found.gender and self._is_organisation(found):
                return self._person_nearby(head, gender) or found
            return found
        if bare in rules.relatives and depth < 2:
            noun = antecedent(reader, head)
            return self._resolve(noun, depth + 1) if noun is not None else None
        if head.pos_ == "PRON":
            if head.lower_.startswith("-") and bare in self.documents.rules.impersonal:
                return self.latest(head.idx, "", "", person_only=False)  # "», a-t-on précisé": the source cited
            return None
        document = self.documents.mention_at(head)
        if document is not None:
            return self._document_speaker(head, document, depth)
        named = reader.named_entity(head)
        gender, number = gender_number(head)
        if named is not None and named[0].type == "PER":
            entity, m = named
            return Speaker(entity.name, entity.id or None, m.start, m.end, m.text, gender, number or "Sing", True)
        name = reader.apposed_name(head) if reader.is_role(head) else None
        if name is not None:
            return Speaker(name.text, None, name.start_char, name.end_char, name.text, gender, "Sing", True)
        role = reader.is_role(head) and not is_indefinite(head) and number != "Plur"  # "les chefs": a group
        if named is None and is_demonstrative(head) and not self._is_body(head) and number != "Plur":
            found = self._last_mentioned(head.idx, gender, number)  # "a ajouté cette chercheuse"
            if found is not None:
                return replace(found, gender=gender or found.gender)
        if role:
            found = reader.person_with_role(head) or self._back_reference(head, gender, number)
            if found is not None:
                return replace(found, gender=gender or found.gender)
        if named is not None and is_common_name(named[1].text) and is_bare_body(head, self.documents.rules.agents):
            body = body_referent(reader, head, self.history, self.documents.rules.body_kinds, heard=False)
            if body is not None:  # "le gouvernement régional", after "le gouvernement de X"
                return replace(body, gender=gender, number=number)
        if named is not None:
            entity, m = named
            return Speaker(entity.name, entity.id or None, m.start, m.end, m.text, gender, number)
        if is_bare_body(head, self.documents.rules.agents):
            body = body_referent(reader, head, self.history, self.documents.rules.body_kinds)
            if body is not None:
                return replace(body, gender=gender, number=number)
        phrase = reader.phrase(head)
        text = phrase.text
        if head.pos_ not in ("NOUN", "PROPN") or not _words(text):
            return None
        found = Speaker(self._with_body(head, text), None, phrase.start_char, phrase.end_char, text, gender, number,
                        role)
        key = f"{head.lemma_.lower()}|{number}"  # "les sénatrices" is no earlier form of "la sénatrice"
        earlier = self.descriptions.get(key)
        if earlier is not None and len(earlier.text) > len(text) and not is_indefinite(head):
            return earlier  # "le communiqué" after "le communiqué conjoint": the fuller description
        if earlier is None or len(text) > len(earlier.text):
            self.descriptions[key] = found
        return found

    def _with_body(self, head: Token, text: str) -> str:
        """An unnamed person's description with the body it names by a common noun resolved ("un porte-parole
        de la compagnie aérienne (Air France)"): the reader of the quote should know which company."""
        if not self.reader.is_role(head):
            return text
        for c in head.rights:
            if c.dep_ == "nmod" and is_bare_body(c, self.documents.rules.agents) and _names_nothing(
                    self.reader, c):
                body = body_referent(self.reader, c, self.history, self.documents.rules.body_kinds)
                if body is not None and body.name not in text:
                    return f"{text} ({body.name})"
        return text

    def _document_speaker(self, head: Token, document: DocumentMention, depth: int = 0) -> Speaker:
        """A document as a speaker, named by its issuer when the article says who that is: a body speaks as
        itself ("Tribunal administratif de X (communiqué de presse)"), never as the bare noun. A definite
        document never introduced ("», ajoute le communiqué") is the statement of whoever was last heard in
        that paragraph or the one before; a later mention of it ("le rapport" again) speaks as the first did."""
        issuer: Speaker | None = None
        if document.issuer:
            return document.speaker  # named as the article wrote it ("X, Y et Z (déclaration conjointe)")
        if document.issuer_at >= 0 and document.issuer_at != head.i:
            issuer = self.resolve(self.reader.doc[document.issuer_at])
        elif document.definite:
            issuer = last_heard(self.reader, head, self.history, bodies_only=False)
        elif document.earlier >= 0 and depth < 2:  # "précise le rapport" after "selon le rapport": the same issuer
            first = self._resolve(self.reader.doc[document.earlier], depth + 1)
            if first is not None and first.name != document.speaker.name:
                return replace(document.speaker, name=first.name, entity=first.entity)
        if issuer is None or issuer.name.endswith(")"):
            return document.speaker
        return replace(document.speaker, name=f"{issuer.name} ({document.description})", entity=issuer.entity)

    def _back_reference(self, head: Token, gender: str, number: str) -> Speaker | None:
        """Whom a role noun no one was named with refers back to: the last person heard or shown acting ("le
        ministre", "a dit le chef de l'État"), not one merely mentioned. A role the article already described
        without a name ("le porte-parole de l'exécutif", then "le porte-parole") and a spokesperson (never the
        principal named before) keep their description, and so does a function inside a body inside another
        ("la directrice de la communication de la mairie de Lyon"): news re-designates a known person by a short
        title ("le chef de l'État", "le maire de X"), and introduces a new one by such a description."""
        key = head.lemma_.lower()
        rules = self.reader.rules
        if f"{key}|{number}" in self.descriptions or key in rules.spokespersons or head.lower_ in rules.spokespersons:
            return None
        if _nests_bodies(head, self.documents.rules.issuer_cases):
            return None
        return self.latest(head.idx, gender, number, person_only=True, mentioned=False)

    def _last_mentioned(self, at: int, gender: str, number: str) -> Speaker | None:
        """The person a demonstrative points back to ("cette chercheuse", "ce professeur"): the subject of the
        sentence before, else the person named last, as a subject or not."""
        found = self.latest(at, gender, number, person_only=True)
        tok = self.reader.doc.char_span(at, at + 1, alignment_mode="expand")
        if found is not None and tok is not None and len(tok):
            sent = tok[0].sent
            previous = self.reader.doc[sent.start - 1].sent if sent.start > 0 else sent
            if found.start >= previous.start_char:
                return found
        named = self.last_person_named(at, gender)
        return named if named is not None and (found is None or named.start > found.start) else found

    def _is_body(self, head: Token) -> bool:
        """Whether a noun names an institution or group ("l'agence", "le ministère") rather than a person."""
        agents = self.documents.rules.agents
        return head.lemma_.lower() in agents or head.lower_ in agents


def _verb_number(subject: Token) -> str:
    """The number the finite verb of a subject pronoun shows ("elle affirment" is a plural written without
    its s): French verbs agree with their subject, and a typo hits the pronoun more often than the ending."""
    verb = subject.head
    if subject.dep_ not in SUBJECT_DEPS or verb is subject or "Fin" not in verb.morph.get("VerbForm", []):
        return ""
    number = verb.morph.get("Number", [])
    return number[0] if len(number) == 1 and verb.morph.get("Person", []) == ["3"] else ""


def _nests_bodies(head: Token, cases: frozenset[str]) -> bool:
    """Whether a role noun's "de" complement has a "de" complement of its own ("la directrice de la
    communication de la mairie", "la juge des référés du tribunal de X"), not a short title ("le chef de l'État")."""
    def of(t: Token) -> list[Token]:
        return [c for c in t.rights if c.dep_ == "nmod" and any(k.dep_ == "case" and k.lower_ in cases
                                                                 for k in c.children)]
    return any(of(c) for c in of(head))


def _named_subjects(reader: QuoteReader, documents: Documents) -> list[tuple[Token, bool]]:
    """Subjects outside quotes, each with whether it may speak for a pronoun: of every cue verb, entity
    subjects of any verb (they make who "il" and "le président" may be), and bodies acting as subjects ("la
    direction de X a retenu ...", then "Elle va « ... »")."""
    found: list[tuple[Token, bool]] = []
    for i in _subject_candidates(reader):
        t = reader.doc[i]
        if reader.is_cue(t):
            s = reader.subject_of(t)
            if s is not None and not (s.i < t.i and _in_reported_speech(reader, s)):
                found.append((s, True))  # "X a expliqué pourquoi Y s'inquiète": Y is what X said
        elif (t.dep_ in SUBJECT_DEPS and t.pos_ in ("PROPN", "NOUN") and not _in_reported_speech(reader, t)):
            if _names_subject(reader, t):
                found.append((t, False))
            elif _is_body_phrase(reader, documents, t):
                found.append((t, True))
    return found


def _subject_candidates(reader: QuoteReader) -> list[int]:
    """The tokens outside quotes `_named_subjects` looks at, read from the doc's arrays: words that may be verbs
    of saying (by lemma or form), and nouns or proper nouns the parse makes subjects; no Token is built for
    the others, which it would pass over."""
    from spacy.attrs import DEP, POS
    from spacy.parts_of_speech import IDS

    doc = reader.doc
    subject = {doc.vocab.strings[dep] for dep in SUBJECT_DEPS}
    nominal = {IDS["PROPN"], IDS["NOUN"]}
    return [i for i, (dep, pos) in enumerate(doc.to_array([DEP, POS]).tolist())
            if not reader.quoted[i] and (reader.may_be_cue(i) or (dep in subject and pos in nominal))]


def _names_subject(reader: QuoteReader, t: Token) -> bool:
    """Whether an entity names the subject headed by `t` itself or in apposition ("le ministre X", "X, le
    ministre"): a person in a complement of the subject ("la dépouille de X", "l'avocat de X") is not the
    one acting, so names no one a later pronoun or role could mean."""
    named = reader.named_entity(t)
    if named is None:
        return False
    span = reader.doc.char_span(named[1].start, named[1].end, alignment_mode="expand")
    if span is None or not len(span) or span.start <= t.i < span.end:
        return True
    root = span.root
    return root.head.i == t.i and not any(c.dep_ == "case" for c in root.children)


def _is_body_phrase(reader: QuoteReader, documents: Documents, t: Token) -> bool:
    """Whether a definite noun phrase names a body: an institution noun ("le gouvernement"), or a noun whose
    complement is a named organisation ("la direction de la SNCF")."""
    if is_indefinite(t) or not any(c.dep_ == "det" for c in t.children):
        return False
    if t.lemma_.lower() in documents.rules.agents or t.lower_ in documents.rules.agents:
        return True
    return any(c.dep_ == "nmod" and any(e.type == "ORG" for e, _ in reader.index.overlapping(c.idx, c.idx + len(c)))
               for c in t.rights)


def _in_reported_speech(reader: QuoteReader, subject: Token) -> bool:
    """Whether a subject sits in the content clause of a cue verb ("X a assuré que Y ne pourrait pas rester"):
    Y is what was said, not who speaks next."""
    a = subject.head
    for _ in range(6):
        if is_root(a):
            return False
        if a.dep_ in ("ccomp", "xcomp") and reader.is_cue(a.head):
            return True
        a = a.head
    return False


def _subject_before(reader: QuoteReader, documents: Documents, span: QuoteSpan) -> Token | None:
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
    words = tokens_after(reader, span, INCISE_PEEK)
    return bool(words) and words[0].text == "," and any(reader.is_cue(t) for t in words[1:])


def _names_nothing(reader: QuoteReader, t: Token) -> bool:
    """Whether no entity of the article covers token `t` ("l'État" names one; "la compagnie" does not)."""
    return not reader.index.overlapping(t.idx, t.idx + len(t))


def _earlier_attribution(reader: QuoteReader, documents: Documents, span: QuoteSpan,
                         previous: tuple[int, Speaker] | None) -> Token | None:
    """The attribution of the sentence before, unless a quotation after it already carries the speaker on."""
    token = previous_attribution(reader, documents, span)
    if token is None or (previous is not None and previous[0] > token.idx):
        return None
    return token


def _same_sentence(reader: QuoteReader, text: str, span: QuoteSpan, nxt: QuoteSpan) -> bool:
    """Whether the next quotation opens in the same sentence and paragraph as `span` closes, or follows it
    with no word in between ("« A ». « B », a-t-il ajouté": one speaker's words, one incise)."""
    a = reader.doc.char_span(span.start, span.end, alignment_mode="expand")
    b = reader.doc.char_span(nxt.start, nxt.end, alignment_mode="expand")
    if a is None or b is None or not len(a) or not len(b):
        return False
    gap = text[span.end: nxt.open_at]
    if reader.para[a[-1].i] != reader.para[b[0].i]:
        return False
    if not any(c in gap for c in ".!?"):
        return True
    return not _words(gap) and _opens_sentence(text, span)  # « A ». « B », a-t-il dit: nothing between


def _opens_sentence(text: str, span: QuoteSpan) -> bool:
    """Whether a quotation stands as a sentence of its own: no word between the end of the sentence before and
    its opening mark."""
    start = max(text.rfind(c, 0, span.open_at) for c in ".!?\n")
    return not _words(text[start + 1: span.open_at])


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
    text = doc_text(doc)
    spans = find_quote_spans(text, rules.marks)
    reader = QuoteReader(doc, entities, rules, spans)
    documents = Documents(reader, load_document_rules(lang))
    resolver = _Resolver(reader, documents)
    kept = [s for s in spans if len(text[s.start: s.end].split()) >= rules.min_words]
    subjects: dict[int, Token] = {}
    for subject, is_cue in _named_subjects(reader, documents):
        subjects[subject.i] = subject
        if is_cue:
            resolver.cue_subjects.add(subject.i)
    attributions = [through_relay(reader, documents, span, through_source(reader, span, reader.quote_subject(span)))
                    for span in kept]
    for n, span in enumerate(kept):
        before = _subject_before(reader, documents, span)
        if before is not None:
            subjects[before.i] = before
            resolver.cue_subjects.add(before.i)
            if attributions[n] == (None, None) and not _incise_follows(reader, span):
                attributions[n] = (before, None)  # an incise ("», a déclaré X") names the speaker, if unresolved
    clauses: dict[int, Token] = {}  # quotations whose words belong to the subject of their clause
    for n, span in enumerate(kept):
        if attributions[n] == (None, None) and not _incise_follows(reader, span):
            clause = clause_subject(reader, documents, span)
            if clause is not None:
                clauses[n] = clause
    for head, _ in attributions + [(c, None) for c in clauses.values()]:
        if head is not None:
            subjects[head.i] = head
            resolver.cue_subjects.add(head.i)
    for i in sorted(subjects):
        resolver.resolve(subjects[i])
    rows: list[QuoteRow] = []
    previous: tuple[int, Speaker] | None = None
    for n, (span, (head, cue)) in enumerate(zip(kept, attributions, strict=True)):
        if head is None and n + 1 < len(kept) and _same_sentence(reader, text, span, kept[n + 1]):
            head, cue = attributions[n + 1]  # « A » et « B », a-t-il dit: the next quotation's cue covers both
        if head is None and not _incise_follows(reader, span):
            head = clauses.get(n) or _earlier_attribution(reader, documents, span, previous)
        speaker = resolver.resolve(head) if head is not None else None
        if speaker is None and head is not None and cue is None and clauses.get(n) is head:
            head = _earlier_attribution(reader, documents, span, previous)  # "Elles expliquent « ... »", unresolved
            speaker = resolver.resolve(head) if head is not None else None
        read_after = documents.read_after(span) if head is None else None  # "», peut-on lire"
        if head is None:
            speaker = read_after
        elif cue is not None:
            speaker = with_document(speaker, documents.on_cue(cue) or document_in_sentence(reader, documents, span))
        headline = _is_headline(text, span)
        if speaker is None and headline:
            continue  # a headline quotation with no speaker on its line: it echoes the body, or is unattributable
        if speaker is None and head is None and previous is not None and span.open_at - previous[0] <= CONTINUATION_WINDOW:
            speaker = previous[1]
        if speaker is not None:
            previous = (span.end, speaker)
        read = (head is None and speaker is not None and speaker is read_after) or (
            head is not None and documents.mention_at(head) is not None)
        rows.append(QuoteRow(span, speaker, cue, read))
    read_from_next_document(reader, rows)
    return _drop_repeats([_make_quote(text, r.span, r.speaker, r.cue, article_id) for r in rows])


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
