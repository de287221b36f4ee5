"""Reading one article for quote attribution: cue verbs, their subjects, noun phrases, roles, entities.

`QuoteReader` wraps a parsed article (spaCy Doc of fr_core_news_md or any UD
parser), the article's entities and the quotation spans, and answers the
questions `quotes.find_quotes` asks: which token attributes this quotation
(the subject of a cue verb after it, of the cue verb governing it, of one
earlier in its sentence, a "selon X", an incise inside it), what noun phrase or
entity a token heads, and whom the article named with a role noun. Every scan
stays inside one paragraph: scraped headlines have no final stop, so spaCy's
sentences may run across them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from recoupe.read.nlp import doc_text, token_lemmas, token_lowers
from recoupe.read.quotes.incises import INCISE_REACH, incise_inside
from recoupe.read.quotes.openers import name_before_colon, opinion_holder
from recoupe.read.quotes.roles import collect_roles, person_with_role
from recoupe.read.quotes.rules import (
    SENTENCE_STOPS,
    EntityIndex,
    QuoteRules,
    Speaker,
    clitic_form,
    gender_number,
    is_adjunct_verb,
    is_indefinite,
    is_noun_modifier,
    is_passive,
    load_quote_rules,
    paragraphs,
)
from recoupe.read.quotes.spans import QuoteSpan
from recoupe.records import Entity, Mention

# How far (in tokens) left of a cue verb its subject may sit when the parser gave
# it none: a name and its title, plus one parenthetical.
LEFT_REACH = 16
# How far (in tokens) after an incise verb its inverted subject may sit: "a dit à la sortie de la réunion des
# maires du canton le patron de X, Jean Dupont" needs 15; the scan stops earlier at a verb or a sentence stop.
INVERTED_REACH = 20
# How many heads to climb from a cue verb to find its subject (participial and
# infinitive clauses: "X a dit avoir ...", "qualifiant ... « » ").
SUBJECT_CLIMB = 3
SUBJECT_DEPS = ("nsubj", "nsubj:pass")
CLIMB_DEPS = ("xcomp", "conj", "advcl", "acl", "ccomp")
OBJECT_DEPS = ("obl:mod", "obl:arg", "iobj", "nmod")
# What ends a sentence: its stops, and the bullets that open each entry of a live blog or a list ("... a
# annoncé X ► 09h21 « ... »": the next entry is another statement).
SENTENCE_END = frozenset(".!?►•")
# How far (in tokens) a sentence may reach around a quotation when looking for
# its cue or "selon": long news sentences stay under 60 tokens.
CLAUSE_REACH = 60


__all__ = ["QuoteReader", "QuoteRules", "Speaker", "clitic_form", "gender_number", "is_indefinite",
           "load_quote_rules"]


class QuoteReader:
    """One article's quote attribution: the doc, its entities, which tokens sit inside quotes."""

    def __init__(self, doc: Doc, entities: Sequence[Entity], rules: QuoteRules, spans: list[QuoteSpan]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.rules = rules
        self.index = EntityIndex(entities)
        self.quoted = [False] * len(doc)
        for span in spans:
            tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is not None:
                for t in tokens:
                    self.quoted[t.i] = True
        self.para = paragraphs(doc)
        self.lowers = token_lowers(doc)
        self.lemmas = token_lemmas(doc)
        self._cues: list[bool | None] = [None] * len(doc)
        self.roles = collect_roles(self)

    # --- cue verbs and subjects -------------------------------------------------

    def is_cue(self, t: Token) -> bool:
        """Whether `t` is a verb of saying (by lemma, or by form for participles the tagger calls adjectives),
        used as a verb: a participle qualifying the noun before it ("le montant estimé", "M. X, cité par")
        describes that noun and says nothing. Answered once per token (every attribution step asks)."""
        known = self._cues[t.i]
        if known is None:
            known = self._cues[t.i] = self._is_cue(t)
        return known

    def may_be_cue(self, i: int) -> bool:
        """Whether token `i` is a verb of saying by its lemma or its form (most words are neither): `is_cue`
        asks this first, before the parse, so a word failing it is no cue whatever its parse says."""
        lower = self.lowers[i]
        return lower in self.rules.cue_forms or self.lemmas[i] in self.rules.cue_lemmas or (
            lower.rstrip(".") in self.rules.cue_forms)

    def _is_cue(self, t: Token) -> bool:
        if not self.may_be_cue(t.i):
            return False  # a verb of saying is known by its lemma or its form: most words are neither (no parse asked)
        if is_noun_modifier(t):
            return False
        if t.lower_ in self.rules.cue_forms and t.i + 1 < len(self.doc) and self._is_clitic(self.doc[t.i + 1]):
            return True  # "estime-t-il": only a verb takes an inverted subject clitic, whatever the tagger says
        form = t.lower_.rstrip(".")  # "a-t-il ajouté.►": scraped text glues the stop to the word
        if form in self.rules.cue_forms and form.endswith(self.rules.participle_endings) and self._after_aux(t):
            return True  # "a ensuite tweeté": a participle after its auxiliary, whatever the tagger says
        if t.pos_ == "VERB":
            return t.lemma_ in self.rules.cue_lemmas or t.lower_ in self.rules.cue_forms
        return t.pos_ == "ADJ" and t.lower_ in self.rules.cue_forms and t.lower_.endswith(self.rules.participle_endings)

    def _after_aux(self, t: Token) -> bool:
        """Whether a word follows an auxiliary of the compound past ("a dit", "avait encore ajouté")."""
        i = t.i - 1
        while i >= 0 and self.doc[i].pos_ == "ADV":
            i -= 1
        while (i >= 0 and self._is_clitic(self.doc[i])) or (i >= 0 and self.doc[i].lower_ == "t"):
            i -= 1  # "a-t-il", "a t-il"
        return i >= 0 and self.doc[i].pos_ == "AUX" and self.doc[i].lemma_ in self.rules.auxiliaries

    def subject_of(self, verb: Token) -> Token | None:
        """The subject of a cue verb, within its paragraph: a clitic ("a-t-il dit"), its nsubj, for an incise
        ("..., a précisé le général") the noun after it, a governing verb's subject, or a subject just left of it."""
        para = self.para[verb.i]
        adjunct = is_adjunct_verb(verb, self.rules)
        controller = self._object_controller(verb)
        if controller is not None:
            return controller
        clitic = None if adjunct else self.clitic_after(verb)
        if clitic is not None:
            return clitic
        first = min([self.group_start(verb)] + [c.i for c in verb.children if c.dep_.startswith("aux")])
        incise = not adjunct and first > 0 and (self.doc[first - 1].text == "," or (  # « ... ? » a dit X
            self.doc[first - 1].text in self.rules.all_marks and self.quoted[max(0, first - 2)]))
        if is_passive(verb):  # "a été annoncé par X": the agent speaks; with none, no one is named
            agents = [c for c in verb.children if c.dep_ == "obl:agent" and not self.quoted[c.i]]
            return agents[0] if agents else None
        v = verb
        for step in range(SUBJECT_CLIMB + 1):
            if step > 0:  # "X a été convoqué par Y pour dénoncer": the agent acts
                for c in v.children:
                    if c.dep_ == "obl:agent" and not self.quoted[c.i]:
                        return c
            for c in v.children:
                if c.dep_ == "nsubj:pass" and is_passive(v):
                    continue  # "la mission sera confiée à « ... »": the passive subject speaks no words
                if adjunct and v is verb and c.i > verb.i:
                    continue  # "en rappelant ... ces dernières années": a gerund has no subject after it
                if c.dep_ in SUBJECT_DEPS and not self.quoted[c.i] and self.para[c.i] == para and c.lower_ != "-t":
                    return self._prefer_person_after(verb, c)
            if step == 0 and incise:
                inverted = self._inverted_subject(verb)
                if inverted is not None:
                    return inverted
            if v.dep_ == "acl" and adjunct and v.head.dep_ == "obl:agent" and not self.quoted[v.head.i]:
                return v.head  # "convoqué par le ministère pour dénoncer": the parser hangs the purpose on the agent
            if v.dep_ not in CLIMB_DEPS or v.head is v or v.head.pos_ not in ("VERB", "AUX", "ADJ"):
                break
            v = v.head
        start = self.clause_bounds(verb.i, verb.i)[0]
        reach = start if adjunct else max(start, first - LEFT_REACH)
        return self._subject_left(first, reach, para)

    def _object_controller(self, verb: Token) -> Token | None:
        """The subject of an infinitive the governing verb's object controls ("permet au parquet d'avancer",
        "a conduit le parquet à affirmer"): an infinitive complement does the action of the object of its verb
        when there is one (else of its subject, found by climbing)."""
        if "Inf" not in verb.morph.get("VerbForm", []) or verb.dep_ != "xcomp":
            return None
        for c in verb.head.children:
            if c.i >= verb.i or c.pos_ not in ("NOUN", "PROPN") or self.quoted[c.i]:
                continue
            if c.dep_ == "obj" or (c.dep_ in ("iobj", "obl:arg")
                                   and any(k.lower_ in self.rules.dative_cases for k in c.children)):
                return c
        return None

    def _subject_left(self, first: int, reach: int, para: int) -> Token | None:
        """A subject just left of the verb group at `first`, skipping one parenthetical between commas
        ("M. X, un vétéran de ..., a indiqué"); a person's name adjacent to the verb counts too."""
        doc = self.doc
        i = first - 1
        adjacent = True
        while i >= reach:
            t = doc[i]
            if self.para[t.i] != para or t.text in SENTENCE_STOPS:
                break
            if t.text == "," and adjacent:
                j = i - 1
                while j >= reach and doc[j].text != "," and doc[j].text not in SENTENCE_STOPS and self.para[j] == para:
                    j -= 1
                if j >= reach and doc[j].text == ",":
                    names = [n for n in doc[j + 1: i] if n.pos_ == "PROPN" and self.is_person(n)]
                    if names:
                        return names[0]  # "le délégué de X, Jean Dupont, a expliqué": the name is the subject's
                    i = j - 1
                    continue
                adjacent = False
                i -= 1
                continue
            if t.dep_ in SUBJECT_DEPS and not self.quoted[t.i]:
                return t
            if adjacent and t.pos_ == "PROPN":
                found = [e.type for e, _ in self.index.overlapping(t.idx, t.idx + 1)]
                if "PER" in found or (not found and t.dep_ == "flat:name"):
                    return t  # "... Ali X a fait savoir": a name, whatever the parser made of its first word
            if t.pos_ != "ADV":
                adjacent = False
            i -= 1
        return None

    def group_start(self, verb: Token) -> int:
        """Where the verb group ending at `verb` starts: its auxiliaries and subject clitics written before it
        ("a-t-il dit"), contiguous only."""
        i = verb.i
        while i > 0:
            t = self.doc[i - 1]
            if t.pos_ == "AUX" or self._is_clitic(t):
                i -= 1
            else:
                break
        return i

    def _is_clitic(self, t: Token) -> bool:
        """Whether `t` is an inverted subject clitic ("-t-il", "-elle"), also when the tokenizer split its hyphen
        off ("poursuivent" "-" "elles")."""
        if t.i > 0 and t.lower_ in self.rules.pronouns and self.doc[t.i - 1].text == "-" and not self.doc[
                t.i - 1].whitespace_:
            return True
        return t.lower_.startswith(self.rules.clitic_prefixes) and (
            clitic_form(t, self.rules) in self.rules.pronouns or t.lower_ == "-t")

    def clitic_after(self, verb: Token) -> Token | None:
        """A subject clitic written with the verb: "a-t-il dit", "estime-t-elle", "ont-ils dit" (by position:
        the parser often mislabels these)."""
        doc = self.doc
        for t in list(doc[max(0, verb.i - 2): verb.i]) + list(doc[verb.i + 1: min(len(doc), verb.i + 3)]):
            if self._is_clitic(t) and t.lower_ != "-t":
                return t
        return None

    def _inverted_subject(self, verb: Token) -> Token | None:
        """The noun after an incise verb ("a déclaré mercredi le général X"): a person named there, else a noun.

        A verb of saying in an incise takes no direct object, so the parser's "obj" there is the subject."""
        para = self.para[verb.i]
        window = []
        skipped: set[int] = set()
        i = verb.i + 1
        end = min(len(self.doc), verb.i + 1 + INVERTED_REACH)
        while i < end:
            t = self.doc[i]
            if self.quoted[t.i] or self.para[t.i] != para or t.text in self.rules.stops or t.text == "(":
                break
            if t.lower_ in self.rules.time_words:
                skipped.add(t.i)  # "a indiqué lundi le ministère": the parser may hang the subject on the day
            adverbial = self._adverbial_at(i, end)
            if adverbial:
                skipped.update(range(i, i + adverbial))
                i += adverbial
                continue
            if t.pos_ in ("VERB", "AUX", "SCONJ", "PRON"):
                break
            window.append(t)
            i += 1
        for t in window:
            if t.pos_ == "PROPN" and self.is_person(t):
                return t
        for t in window:
            if t.pos_ not in ("NOUN", "PROPN", "ADJ") or t.lower_ in self.rules.time_words or t.like_num:
                continue
            if t.pos_ == "ADJ" and not any(c.dep_ == "det" for c in t.children):
                continue  # "cette chercheuse": an adjective heads a subject only with its determiner
            if t.dep_ in SUBJECT_DEPS and t.head.i != verb.i and t.head.i > t.i:
                break  # "a raconté comment le maire hésite": the subject of the next clause
            if any(c.dep_ == "case" for c in t.children) or (
                    t.dep_ in ("obl:mod", "iobj", "nmod") and t.head.i not in skipped):
                continue  # "à l'AFP", "de Misrata": a complement, not the subject
            return t
        return None

    def _adverbial_at(self, i: int, end: int) -> int:
        """How many tokens a set adverbial starting at token `i` spans, 0 if none: the news fillers between an
        incise verb and its subject ("de son côté", "pour sa part"), and "il y a" + a duration ("il y a une
        semaine")."""
        lowers = self.lowers
        for words in self.rules.incise_adverbials:
            if tuple(lowers[i: i + len(words)]) == words:
                return len(words)
        there_is = self.rules.existential_time
        if tuple(lowers[i: i + len(there_is)]) == there_is:
            for j in range(i + len(there_is), min(end, i + 7)):
                if lowers[j] in self.rules.time_words:
                    return j + 1 - i
        return 0

    def _prefer_person_after(self, verb: Token, subject: Token) -> Token:
        """For an inverted subject that is no name ("a confirmé ce samedi X"), prefer a person named just after;
        for a role, the name written right after it ("raconte le lieutenant-colonel X", split by the parser).
        A noun before an incise verb that a comma separates from it ("..., les chefs de Y, a commenté X") is
        the end of what was said, not the subject, when a person is named after the verb."""
        if subject.i < verb.i:
            group = self.group_start(verb)
            if group > 0 and self.doc[group - 1].text == "," and subject.i < group - 1:
                inverted = self._inverted_subject(verb)
                if inverted is not None and inverted.pos_ == "PROPN" and self.is_person(inverted):
                    return inverted
            return subject
        if subject.pos_ == "PROPN":
            return subject
        if self.is_role(subject):
            return self._name_after_role(subject) or subject
        inverted = self._inverted_subject(verb)
        return inverted if inverted is not None and inverted.pos_ == "PROPN" else subject

    def is_person(self, t: Token) -> bool:
        """Whether a token lies in a person's name the article's entities know."""
        return any(e.type == "PER" for e, _ in self.index.overlapping(t.idx, t.idx + 1))

    def _name_after_role(self, role: Token) -> Token | None:
        """A person's name written right after a role noun and its adjectives ("le lieutenant-colonel X")."""
        for t in self.doc[role.i + 1: min(len(self.doc), role.i + 6)]:
            if self.quoted[t.i]:
                return None
            if t.pos_ == "PROPN":
                return t if self.is_person(t) else None
            if t.pos_ not in ("NOUN", "ADJ") and t.text not in "-":
                return None
        return None

    def source_after(self, first: int, last: int) -> tuple[Token | None, Token | None]:
        """The head of the noun phrase after a "selon"-style marker starting in tokens [first, last), and the marker."""
        doc = self.doc
        starts = self.rules.marker_starts
        for i in range(first, min(last, len(doc))):
            if self.quoted[i] or doc[i].lower_ not in starts:
                continue
            for marker in self.rules.source_markers:
                words = tuple(t.lower_ for t in doc[i: i + len(marker)])
                if words == marker:
                    j = i + len(marker)
                    if j < len(doc) and not self.quoted[j]:
                        head = doc[j]
                        while head.dep_ in ("det", "amod", "case") and head.head.i > head.i:
                            head = head.head
                        return head, doc[i]
        return None, None

    # --- where a quote's cue is ----------------------------------------------------

    def quote_subject(self, span: QuoteSpan) -> tuple[Token | None, Token | None]:
        """The subject token that attributes one quotation and its cue (verb or "selon"), trying cues in order
        of reliability: an incise after it, the cue verb governing it, a cue earlier in its sentence, a "selon",
        an incise inside it. All within the quotation's paragraph."""
        doc = self.doc
        content = doc.char_span(span.start, span.end, alignment_mode="expand")
        if content is None or len(content) == 0:
            return None, None
        after = self._incise_after(span, content)
        if after[0] is not None:
            return after
        opener = doc.char_span(span.open_at, span.open_at + 1, alignment_mode="expand")
        start_tok = opener[0] if opener is not None and len(opener) else content[0]
        para = self.para[start_tok.i]
        governing = self._governing_cue(content, para)
        if governing is not None:
            subject = self.subject_of(governing)
            if subject is not None:
                return subject, governing
        first, last = self.clause_bounds(start_tok.i, content.end - 1)
        separated = False
        for t in doc[content.end: last]:  # « ... » entre les deux pays, a indiqué X
            separated = separated or t.text == ","
            if self.quoted[t.i] and not separated:
                break  # another quotation glued to this one: a cue after it is its own
            if self.is_cue(t):
                group = min([self.group_start(t)] + [c.i for c in t.children if c.dep_.startswith("aux")])
                if group > 0 and doc[group - 1].text == ",":
                    subject = self.subject_of(t)
                    if subject is not None:
                        return subject, t
        own = self._clause_verb(content)
        for t in reversed(doc[first: start_tok.i]):
            if own is not None and t.i < own.i and t not in list(own.ancestors):
                break  # "X a promis ..., mais Y a revendiqué « ... »": the quotation sits in Y's clause
            if not self.quoted[t.i] and self.is_cue(t):
                subject = self.subject_of(t)
                if subject is not None:
                    return subject, t
        source = self.source_after(first, last)
        if source[0] is not None:
            return source
        holder = opinion_holder(self, first, start_tok.i)
        if holder[0] is not None:
            return holder
        named = name_before_colon(self, start_tok.i, first)
        if named is not None:
            return named, None
        return incise_inside(self, content)

    def governing_subject(self, span: QuoteSpan) -> tuple[Token | None, Token | None]:
        """The subject of the verb of saying the quotation depends on, and that verb (or None, None)."""
        content = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if content is None or not len(content):
            return None, None
        cue = self._governing_cue(content, self.para[content.start])
        subject = self.subject_of(cue) if cue is not None else None
        return (subject, cue) if subject is not None else (None, None)

    def _clause_verb(self, content: Span) -> Token | None:
        """The nearest verb above the quotation that has a subject of its own outside it (the clause it sits
        in), if it lies outside the quotation."""
        for t in content:
            if content.start <= t.head.i < content.end and t.head is not t:
                continue
            a = t
            for _ in range(4):
                outside = not (content.start <= a.i < content.end)
                if outside and any(c.dep_ in SUBJECT_DEPS and not self.quoted[c.i] for c in a.children):
                    return a
                if a.head is a:
                    break
                a = a.head
        return None

    def clause_bounds(self, first: int, last: int) -> tuple[int, int]:
        """The sentence around tokens [first, last] by its own punctuation (a stop outside quotes, a paragraph
        break), not spaCy's sentences, which cut after "Selon X," or run across headlines."""
        doc = self.doc
        start = first
        while start > 0 and first - start < CLAUSE_REACH and self.para[start - 1] == self.para[first] and not (
                doc[start - 1].text in SENTENCE_END and not self.quoted[start - 1]):
            start -= 1
        end = last + 1
        while end < len(doc) and end - last < CLAUSE_REACH and self.para[end] == self.para[last] and not (
                doc[end].text in SENTENCE_END and not self.quoted[end]):
            end += 1
        return start, end

    def _incise_after(self, span: QuoteSpan, content: Span) -> tuple[Token | None, Token | None]:
        """The subject of a cue right after the closing mark: "», a déclaré X", "», selon X", "» : X dénonce",
        or after a list of quotations ("« A », « B », a-t-il dit")."""
        doc = self.doc
        if span.close_at < 0:
            return None, None
        k = content.end
        seen_comma = separated = inside = False
        while k < len(doc):
            t = doc[k]
            if self.quoted[t.i] and not inside:
                if not separated:
                    break  # '... fin.""Une autre' : a new quotation glued to this one, with its own incise
                separated = False
            inside = self.quoted[t.i]
            if self.quoted[t.i] or t.is_space or t.text in self.rules.all_marks or t.text in ")]":
                k += 1
            elif t.text in ",:" or (t.lower_ in self.rules.conjunctions and k + 1 < len(doc)
                                    and doc[k + 1].text in self.rules.all_marks):
                seen_comma = seen_comma or t.text in ",:"
                separated = True
                k += 1
                if t.text in ",:" and (k >= len(doc) or doc[k].text not in self.rules.all_marks):
                    break
            else:
                break
        if not seen_comma and self.text[span.start: span.end].rstrip()[-1:] not in "?!…":
            return self._inverted_incise(k)  # after « ... ? » or « ... ! » French writes the incise with no comma
        source = self.source_after(k, k + 1)
        if source[0] is not None:
            return source
        for t in doc[k: min(len(doc), k + INCISE_REACH)]:
            if self.quoted[t.i] or t.text in self.rules.stops or t.dep_ == "mark" or t.pos_ == "SCONJ":
                break  # "», tandis que X a estimé": a new clause, with its own words
            if self.is_cue(t):
                if is_adjunct_verb(t, self.rules):
                    break  # "», ajoutant que": the speaker is the main clause's, found from the governing cue
                return self.subject_of(t), t
        return None, None

    def _inverted_incise(self, k: int) -> tuple[Token | None, Token | None]:
        """An incise written without its comma right after a closing mark ("... en juin. » a-t-il promis",
        "« ... ». explique-t-il"): a cue verb group with an inverted subject clitic can only be an incise."""
        doc = self.doc
        while k < len(doc) and doc[k].text in SENTENCE_END and not self.quoted[k]:
            k += 1
        for t in doc[k: min(len(doc), k + 4)]:
            if self.quoted[t.i] or t.text in self.rules.stops or self.para[t.i] != self.para[k]:
                break
            if t.pos_ not in ("AUX", "ADV", "PRON", "X", "VERB"):
                break
            if self.is_cue(t):
                clitic = self.clitic_after(t)
                if clitic is not None and clitic.i > k:
                    return clitic, t
        return None, None

    def _governing_cue(self, content: Span, para: int) -> Token | None:
        """The verb of saying the quotation depends on, climbing its heads within the paragraph; the climb stops
        at a coordinated verb with a subject of its own ("X a promis ..., mais Y a revendiqué « ... »" is Y's),
        and at a verb in another sentence (the parser may hang a live blog's next entry on the last verb)."""
        lo, hi = content.start, content.end
        first, last = self.clause_bounds(lo, hi - 1)
        for t in content:
            if lo <= t.head.i < hi or t.head is t:
                continue
            a = t.head
            for _ in range(6):
                if self.para[a.i] != para or (self._ends_between(a.i, lo) if a.i < first else
                                              a.i >= last and self._ends_between(hi, a.i)):
                    break
                if self.is_cue(a) and not self.quoted[a.i]:
                    return a
                if a.dep_ in ("conj", "parataxis") and any(
                        c.dep_ in SUBJECT_DEPS and not self.quoted[c.i] for c in a.children):
                    break  # a coordinated clause with its own subject: not the reported words of the one before
                if a.head is a:
                    break
                a = a.head
        return None

    def _ends_between(self, start: int, end: int) -> bool:
        """Whether a sentence ends (a stop or a bullet outside quotes) among tokens [start, end)."""
        return any(self.doc[i].text in SENTENCE_END and not self.quoted[i] for i in range(start, end))

    # --- noun phrases, entities, roles ----------------------------------------------

    def phrase(self, head: Token) -> Span:
        """The noun phrase headed by `head`, cut before a comma, a relative clause, a verb or a time word.

        A time word after the noun says when the words were said ("a assuré le chef de l'État mardi"),
        not who said them, though the parser may hang it on the noun.
        """
        doc = self.doc
        left = head.left_edge.i
        right = head.i
        for t in doc[head.i + 1: head.right_edge.i + 1]:
            if (t.text in ",()" or t.text in self.rules.stops or t.pos_ in ("VERB", "AUX") or t.dep_ == "mark"
                    or t.lower_ in self.rules.relatives or t.lower_ in self.rules.time_words):
                break
            right = t.i
        if head.pos_ == "PROPN":  # a name the parser split: "Roustam" + "Mouradov"
            while right + 1 < len(doc) and doc[right + 1].pos_ == "PROPN" and self.para[right + 1] == self.para[head.i]:
                right += 1
        while left < head.i and (doc[left].is_punct or doc[left].pos_ == "ADP" or self.quoted[left]):
            left += 1
        return doc[left: right + 1]

    def apposed_name(self, head: Token) -> Span | None:
        """A proper name in apposition to a role noun that NER missed ("le dirigeant de la région, Arayik X")."""
        for c in head.children:
            if c.dep_ in ("appos", "flat:name") and c.pos_ == "PROPN" and not self.quoted[c.i]:
                return self.phrase(c)
        return None

    def named_entity(self, head: Token) -> tuple[Entity, Mention] | None:
        """The entity named by the phrase of `head`: a person anywhere in it (apposition), else one covering the head."""
        doc = self.doc
        lo, hi = head.left_edge.i, head.right_edge.i
        for t in doc[head.i + 1: hi + 1]:
            if t.pos_ in ("VERB", "AUX") or t.lower_ in self.rules.relatives:
                hi = t.i - 1
                break
        found = self.index.overlapping(doc[lo].idx, doc[hi].idx + len(doc[hi]))
        people = [(e, m) for e, m in found if e.type == "PER" and not self.is_quoted_char(m.start)]
        if people:
            return min(people, key=lambda em: abs(em[1].start - head.idx))
        for e, m in found:
            if m.start <= head.idx < m.end:
                return e, m
        return None

    def is_quoted_char(self, offset: int) -> bool:
        """Whether the character at `offset` lies inside a quotation."""
        tok = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        return tok is not None and len(tok) > 0 and self.quoted[tok[0].i]

    def is_role(self, head: Token) -> bool:
        """Whether `head` is a role noun or stock epithet naming a person ("le général", "le septuagénaire")."""
        return head.pos_ in ("NOUN", "ADJ") and (head.lemma_.lower() in self.rules.role_nouns
                                                  or head.lower_ in self.rules.role_nouns)

    def person_with_role(self, head: Token) -> Speaker | None:
        """The person the article named with the role noun `head`, the best-matching and latest one first."""
        return person_with_role(self, head)
