"""People, organisations and places of one article: repaired NER spans resolved into `Entity` records.

Resolution stays inside the article: mentions with the same folded name, or two forms of one well-known
entity from the language's table, are one entity; an acronym joins the name it abbreviates (in brackets
right after it, or by its initials); a surname or a title plus surname ("McKenzie", "M. Al-Kadhimi") joins
the full name given nearest before it; a bare head ("Parlement", "Kurdistan") joins the same head with
adjectives ("Parlement Irakien", "Kurdistan irakien"), and a name with the complement of a place or body the
article names ("Notre-Dame de Paris", "Total Sénégal") joins its bare name; a lone first name joins the one
person bearing it, and two full names a typo apart are one person. Descriptions of public bodies ("la coalition menée par
les Etats-Unis", "la Défense russe") join when their identities (nationality, complement, agent) agree; a
second name given right after a name ('X ou « Y »', 'X (« Y »)') joins it. A site's description by kind and place
("le pont de Gênes") joins the one named site the article places there (`entity_sites`), a clipped name ("la Prom")
the name it begins (`entity_clippings`); a family ("la famille Arnault") stays apart from the person of its name
(`entity_families`), and a given name after its title ("le prince Philip") joins no one by surname. The
canonical name is the fullest core (no title, no determiner, not a gloss); `aliases` keeps every surface form,
which the cross-article linker needs.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from recoupe.lang import Language
from recoupe.read.entities.acronyms import expand_acronyms
from recoupe.read.entities.clippings import find_clippings
from recoupe.read.entities.families import family_key, family_name, mark_families
from recoupe.read.entities.glosses import GlossFinder
from recoupe.read.entities.institutions import InstitutionFinder
from recoupe.read.entities.rules import EntityRules, fold, folded_words, load_entity_rules, spells_out
from recoupe.read.entities.sites import describe_sites, label_site_names
from recoupe.read.entities.spans import (
    NAME_LABELS,
    NameSpan,
    SpanRepairer,
    folded_tokens,
    is_upper_initial,
    token_keys,
)
from recoupe.read.nlp import doc_text
from recoupe.records import Entity, Mention

__all__ = ["find_entities"]

# Longest acronym resolved by its initials alone: every initials-made acronym in the dev gold has 2-4
# letters (EI, HCR, CICR, OSDH); 6 leaves room, while longer all-capital words in scrapes are mostly
# shouted datelines and headlines (WASHINGTON, VIDÉO).
_MAX_ACRONYM = 6


class _Resolver:
    """Groups the name spans of one document; state lives per call, so nothing is shared between articles."""

    def __init__(self, doc: Doc, rules: EntityRules, spans: list[NameSpan], tkeys: list[tuple[str, ...]]) -> None:
        self.doc, self.rules, self.spans, self.tkeys = doc, rules, spans, tkeys
        self.keys = [family_key(rules, s.key(tkeys)) if s.family else s.key(tkeys) for s in spans]
        self.parent = list(range(len(spans)))
        kinds = {i: s.known.type if s.known is not None else s.label
                 for i, s in enumerate(spans) if not s.nested and s.inst is None}
        self.places = {self.keys[i] for i, kind in kinds.items() if kind == "LOC"} | rules.place_names
        self.bodies = {self.keys[i] for i, kind in kinds.items() if kind == "ORG"}
        self.located: dict[int, int] = {}
        for i, span in enumerate(spans):
            k = self._place_complement(i)
            if k is not None:
                self.located[i] = k
            if span.titled or span.label not in ("PER", "MISC"):
                continue
            national = k is not None and self.doc[k].lower_ not in rules.of_words
            if national:
                span.label = "ORG"  # "Santé publique France": a name ending with a country is that country's body
            elif self._possessive_name(i) or (k is not None and span.label == "PER"):
                span.label = "LOC"  # "Notre Dame de Paris": a person is named neither "Our ..." nor after a place

    def _possessive_name(self, i: int) -> bool:
        """Whether a name begins with a possessive ("Notre-Dame", "Notre Dame"): a dedication, never a person."""
        first = self.doc[self.spans[i].start].text.split("-")[0]
        return first[:1].isupper() and fold(first) in self.rules.name_determiners

    def _place_complement(self, i: int) -> int | None:
        """Where a name's place or body complement starts ("Notre-Dame | de Paris", "Lubrizol | France",
        "Commission des affaires sociales | du Sénat"): French names a site or a branch by its own name plus the
        place or body it belongs to, and the article names that place or body on its own too."""
        span, doc = self.spans[i], self.doc
        if span.known is not None or span.inst is not None or span.nested or span.end - span.start < 2:
            return None
        for k in range(span.start + 1, span.end):
            head = doc[span.start:k]
            if not any(is_upper_initial(t) for t in head) or not doc[k - 1].whitespace_:
                continue
            m, wanted = k, self.places
            if doc[k].lower_ in self.rules.of_words:
                m = k + 1 + (k + 1 < span.end and doc[k + 1].lower_ in self.rules.of_determiners)
                wanted = self.places | self.bodies  # "du Sénat": a body's own commission
            elif not all(is_upper_initial(t) for t in doc[k:span.end]) or (span.label not in ("ORG", "LOC") and not (
                    span.label == "MISC" and k - span.start >= 2  # not "Miss France": a contest, not a body
                    and tuple(w for j in range(k, span.end) for w in self.tkeys[j]) in self.rules.place_names)):
                continue
            elif tuple(w for j in range(span.start, k) for w in self.tkeys[j]) in self.places:
                return None  # "Normandie Logistique": a name that begins with a place is named after it
            tail = tuple(w for j in range(m, span.end) for w in self.tkeys[j])
            if m < span.end and tail in wanted and tail != self.keys[i]:
                return k
        return None

    def find(self, i: int) -> int:
        """Union-find root of span i."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        """Put spans i and j in one group (the earlier span's root wins)."""
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)

    def stripped(self, i: int) -> tuple[str, ...]:
        """The core's words without name particles (al, ben, abou...)."""
        return tuple(w for w in self.keys[i] if w not in self.rules.particles)

    def group_exact(self, skip: dict[int, int]) -> None:
        """Same folded core or same well-known entity: one group (spans in `skip` are attached elsewhere)."""
        first: dict[object, int] = {}
        for i, span in enumerate(self.spans):
            if i in skip or span.nested or (span.inst is not None and not _identity(span)
                                            and span.inst.head in self.rules.institutions.merge_by_head):
                continue  # a bare "Parlement" is attached to the nearest parliament by `link_institutions`
            mark: object = ("known", span.known.name) if span.known is not None else self.keys[i]
            if mark in first:
                self.union(first[mark], i)
            else:
                first[mark] = i

    def link_misspelt_people(self) -> None:
        """Two full names of the article with the same first name and surnames one typo apart ("Anne Hidalgo",
        "Anne Hidalo") are one person: a news article does not name two people that closely."""
        by_first: dict[str, list[int]] = {}
        for i, span in enumerate(self.spans):
            full = self.stripped(i)
            if span.known is None and not span.nested and not span.family and self.is_person(i) and len(full) == 2:
                by_first.setdefault(full[0], []).append(i)
        for group in by_first.values():
            for a in group:
                for b in group:
                    if a < b and _one_edit_apart(self.stripped(a)[1], self.stripped(b)[1]):
                        self.union(a, b)

    def link_acronyms(self) -> None:
        """Join an acronym to the name it abbreviates: in brackets right after it, or by its initials."""
        doc, spans = self.doc, self.spans
        by_start = {s.start: i for i, s in enumerate(spans)}
        initials: dict[str, int] = {}
        for i, span in enumerate(spans):
            if span.nested:
                continue
            words = folded_words(doc[span.start:span.end].text)
            j = by_start.get(span.end + 1)
            if j is not None and self._bracketed(span, spans[j]) and _abbreviates(fold(doc[spans[j].start].text), words):
                self.union(i, j)
            content = [w for w in words if w not in self.rules.acronym_stopwords]
            if len(content) >= 2:
                initials.setdefault("".join(w[0] for w in content), i)
        for i, span in enumerate(spans):
            text = doc[span.start:span.end].text
            if not span.nested and span.end - span.start == 1 and text.isupper() and 2 <= len(text) <= _MAX_ACRONYM:
                j = initials.get(fold(text))
                if j is not None and self.spans[j].label != "PER":
                    self.union(j, i)

    def _bracketed(self, span: NameSpan, acronym: NameSpan) -> bool:
        """Whether `acronym` is one capitalised word in brackets right after `span`, not a different known entity."""
        doc = self.doc
        if not (acronym.start == span.end + 1 and acronym.end == acronym.start + 1 and acronym.end < len(doc)
                and doc[span.end].text == "(" and doc[acronym.end].text == ")"):
            return False
        text = doc[acronym.start].text
        if sum(c.isupper() for c in text) < 2 and not spells_out(
                fold(text), folded_words(doc[span.start:span.end].text), self.rules.acronym_stopwords):
            return False
        return acronym.known is None or span.known is None or acronym.known == span.known

    def short_form_targets(self) -> dict[int, int]:
        """For each surname, kunya or bare head, the fuller name nearest before it (else the next one)."""
        spans = self.spans
        index = self._fuller_names()
        targets: dict[int, int] = {}
        if not index:
            return targets
        surnames = {key[1]: c for key, cs in index.items() if key[0] == "per-suffix" and len(key) == 2 for c in cs}
        for i, span in enumerate(spans):
            if span.known is not None or span.inst is not None or span.nested:
                continue
            if len(self.keys[i]) == 1 and _given_name(self.doc, self.rules, span):
                continue  # "le prince Philip", "le pape François": neither a surname nor a commoner's first name
            candidates = index.get(("per-suffix", *self.stripped(i)), []) + index.get(("per-prefix", *self.keys[i]), [])
            if span.label in ("ORG", "LOC"):
                candidates += index.get(("head", *self.keys[i]), []) + index.get(("particle", *self.keys[i]), [])
            elif not span.titled:  # "Notre-Dame" tagged a person, "Notre-Dame de Paris" a place: the place
                candidates += [c for c in index.get(("head", *self.keys[i]), []) if c in self.located]
            candidates = [c for c in candidates if len(self.keys[c]) > len(self.keys[i])]
            if not candidates and len(self.keys[i]) > 1 and self.keys[i][0] in self.rules.particles:
                # "Al-Assad" with no person of that name in the article: the place "Aïn al-Assad"
                candidates = [c for c in index.get(("particle", *self.keys[i]), []) if c != i]
            if not candidates and len(self.keys[i]) == 1 and (span.label == "PER" or span.titled):
                candidates = [c for name, c in surnames.items() if _one_edit_apart(name, self.keys[i][0])]
            if not candidates and len(self.keys[i]) == 1 and span.label == "PER" and not span.titled:
                candidates = self._first_name_bearer(i, index)
            if candidates:
                targets[i] = self._nearest(i, candidates)
        return targets

    def _first_name_bearer(self, i: int, index: dict[tuple[str, ...], list[int]]) -> list[int]:
        """A lone first name ("Qassem") refers to the one person of the article who bears it ("Qassem
        Soleimani"), as a quote or a close account calls them; with two such people it is left alone."""
        bearers = index.get(("per-first", *self.keys[i]), [])
        names = {self.stripped(c) for c in bearers}
        return bearers if len(names) == 1 else []

    def _fuller_names(self) -> dict[tuple[str, ...], list[int]]:
        """Index of the shorter forms each multi-word name can be referred to by, to the spans that bear it."""
        index: dict[tuple[str, ...], list[int]] = {}
        nationality = self.rules.institutions.is_nationality
        for i, span in enumerate(self.spans):
            key = self.keys[i]
            if span.nested:
                continue
            if span.known is not None and span.label == "LOC" and span.end - span.start >= 2 and all(
                    t.is_alpha and nationality(fold(t.text)) for t in self.doc[span.start + 1:span.end]):
                # "Kurdistan irakien" in the table: a bare "Kurdistan" may still refer to it
                index.setdefault(("head", *self.tkeys[span.start]), []).append(i)
            elif span.family:
                continue  # a family is no person's full name: "Arnault" alone is not the family
            elif span.known is None and self.is_person(i):
                full = self.stripped(i)
                for k in range(1, len(full)):
                    index.setdefault(("per-suffix", *full[k:]), []).append(i)
                for k in range(2, len(key)):
                    index.setdefault(("per-prefix", *key[:k]), []).append(i)
                if len(full) >= 2:
                    index.setdefault(("per-first", full[0]), []).append(i)
            elif span.label in ("ORG", "LOC") and span.known is None:  # known forms are listed in the table
                if i in self.located:  # "Notre-Dame de Paris" -> "Notre-Dame"
                    head = tuple(w for j in range(span.start, self.located[i]) for w in self.tkeys[j])
                    index.setdefault(("head", *head), []).append(i)
                toks = self.doc[span.start:span.end]
                for k in range(1, len(toks)):
                    if toks[k - 1].whitespace_ and all(t.is_alpha and (
                            not is_upper_initial(t) or t.pos_ == "ADJ" or nationality(fold(t.text))) for t in toks[k:]):
                        head = tuple(w for t in toks[:k] for w in self.tkeys[t.i])
                        index.setdefault(("head", *head), []).append(i)
                        break
                for k in range(1, len(key) - 1):  # "Aïn al-Assad" -> "al-Assad"
                    if key[k] in self.rules.particles:
                        index.setdefault(("particle", *key[k:]), []).append(i)
                        break
        return index

    def link_institutions(self) -> None:
        """Group descriptions of bodies: equal identities join; for a body usually single in an article
        (a coalition, a parliament) any description joins the nearest one whose identity does not differ."""
        ir = self.rules.institutions
        mergeable = [i for i, s in enumerate(self.spans) if s.inst is not None and s.inst.head in ir.merge_by_head]
        exact: dict[object, int] = {}
        for i, span in enumerate(self.spans):
            if span.inst is not None and span.inst.head not in ir.merge_by_head:
                first = exact.setdefault((span.inst.head, span.inst.features), i)
                self.union(first, i)
        # the most specific first, so that a bare "la coalition" meets the groups it may join
        mergeable.sort(key=lambda i: (not _identity(self.spans[i]), self.spans[i].start))
        groups: list[tuple[str, dict[str, set[str]], list[int]]] = []
        for i in mergeable:
            inst = self.spans[i].inst
            assert inst is not None
            mine = _identity(self.spans[i])
            fits = [g for g in groups if g[0] == inst.head and all(
                c not in g[1] or not vals.isdisjoint(g[1][c]) for c, vals in mine.items())]
            if not fits:
                groups.append((inst.head, mine, [i]))
                continue
            group = self._nearest_group(i, fits)
            self.union(group[2][0], i)
            group[2].append(i)
            for c, vals in mine.items():
                group[1].setdefault(c, set()).update(vals)

    def _nearest_group(self, i: int, groups: list[tuple[str, dict[str, set[str]], list[int]]]
                       ) -> tuple[str, dict[str, set[str]], list[int]]:
        """The group with the member nearest before span i (else the first group)."""
        start = self.spans[i].start
        best, best_start = groups[0], -1
        for group in groups:
            before = [self.spans[m].start for m in group[2] if self.spans[m].start < start]
            if before and max(before) > best_start:
                best, best_start = group, max(before)
        return best

    def link_glosses(self) -> None:
        """Join each gloss ('ou « Y »') to the name it glosses."""
        by_start = {s.start: i for i, s in enumerate(self.spans) if not s.nested}
        for i, span in enumerate(self.spans):
            if span.anchor is not None and span.anchor in by_start:
                self.union(by_start[span.anchor], i)

    def is_person(self, i: int) -> bool:
        """Whether span i names a person: tagged PER, or introduced by a title or honorific."""
        return self.spans[i].label == "PER" or self.spans[i].titled

    def _nearest(self, i: int, candidates: Iterable[int]) -> int:
        before = [c for c in candidates if self.spans[c].start < self.spans[i].start]
        if before:
            return max(before, key=lambda c: self.spans[c].start)
        return min(candidates, key=lambda c: self.spans[c].start)

    def groups(self) -> list[list[int]]:
        """Span indices per group, groups in order of first mention."""
        out: dict[int, list[int]] = {}
        for i in range(len(self.spans)):
            out.setdefault(self.find(i), []).append(i)
        return sorted(out.values(), key=lambda g: self.spans[g[0]].start)


def _given_name(doc: Doc, rules: EntityRules, span: NameSpan) -> bool:
    """Whether a title that comes before a given name ("le prince Philip", "le pape François") introduces the span."""
    return span.start > 0 and fold(doc[span.start - 1].text) in rules.given_name_titles


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Whether an acronym can stand for these words: same first letter, or its letters are initials in order."""
    if not acronym or not words:
        return False
    if acronym[0] == words[0][0]:
        return True
    letters = iter(w[0] for w in words)
    return all(c in letters for c in acronym)


# Parts of speech that a sentence-initial word equal to a surname has when it is not that surname.
_FUNCTION_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "ADV"})

# Shortest surname compared up to one edit ("Khadimi" for "Kadhimi"): below 6 letters one edit apart is
# too often another name (Bush/Rush, Biden/Bidan). At 6 the dev corpus gains Kadhimi/Khadimi and merge
# precision stays 1.000.
_FUZZY_MIN_LEN = 6


def _one_edit_apart(a: str, b: str) -> bool:
    """Whether two words differ by one substitution, insertion, deletion or swap of neighbours (a typo)."""
    if a == b or min(len(a), len(b)) < _FUZZY_MIN_LEN or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1:] == shorter[i:]


def _identity(span: NameSpan) -> dict[str, set[str]]:
    """A description's identifying features by kind; plain adjectives of a lowercase head do not identify."""
    out: dict[str, set[str]] = {}
    if span.inst is not None:
        for kind, value in span.inst.features:
            if kind != "adj":
                out.setdefault(kind, set()).add(value)
    return out


def _group_type(spans: list[NameSpan]) -> str | None:
    """The group's type: the table's, else a vote of NER labels where a title or honorific counts for a person, and
    a body's noun for an organisation."""
    for span in spans:
        if span.known is not None:
            return span.known.type
    votes: dict[str, int] = {}
    for span in spans:
        if span.titled or span.body:  # the article itself says what the name is
            kind = "PER" if span.titled else "ORG"
            votes[kind] = votes.get(kind, 0) + 2
        elif span.label != "MISC":
            votes[span.label] = votes.get(span.label, 0) + 1
    if not votes:
        return None  # MISC only: events, works, nationalities; not a person, organisation or place
    return max(votes, key=lambda k: (votes[k], k == "PER"))

def _collect_spans(doc: Doc, rules: EntityRules, tkeys: list[tuple[str, ...]], low: list[str]) -> list[NameSpan]:
    repairer = SpanRepairer(doc, rules, tkeys, low)
    spans: list[NameSpan] = []
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS:
            spans.extend(repairer.repair(ent.start, ent.end, ent.label_))
    spans = expand_acronyms(doc, rules, low, spans)
    covered = bytearray(len(doc))
    for span in spans:
        covered[span.lead:span.end] = b"\x01" * (span.end - span.lead)
    extra = repairer.scan_known(covered)
    for span in [*spans, *extra]:
        acronym = repairer.bracketed_acronym(span, covered)
        if acronym is not None:
            covered[acronym.start] = 1
            extra.append(acronym)
    spans = _drop_overlaps([*spans, *extra])
    _take_generic_of(spans, rules, tkeys, low)
    mark_families(low, tkeys, rules, spans)
    label_site_names(doc, low, rules, spans)
    spans = _drop_overlaps([*spans, *describe_sites(doc, rules, (tkeys, low), spans)])
    spans = _drop_overlaps([*spans, *GlossFinder(doc, rules, low).find(spans)])
    return _drop_overlaps([*spans, *find_clippings(doc, rules, tkeys, spans)])


def _take_generic_of(spans: list[NameSpan], rules: EntityRules, tkeys: list[tuple[str, ...]], low: list[str]) -> None:
    """'la basilique de Saint-Sernin' is 'la basilique Saint-Sernin' with a pleonastic 'de' when the article also
    writes that generic noun in apposition to that name, or when the name is a dedication opening with a
    possessive ('la cathédrale de Notre-Dame'), which names a church and never a town: the generic and the 'de'
    then belong to the mention. Otherwise 'le pont de Gênes' is a bridge of the city, not the city, and is left alone."""
    apposed = {(low[s.lead], tkeys[s.start][:1]) for s in spans if s.lead < s.start and low[s.lead] in rules.place_classes}
    for span in spans:
        k = span.lead
        if k < 2 or span.lead != span.start or low[k - 1] not in rules.of_words or low[k - 2] not in rules.place_classes:
            continue
        if (low[k - 2], tkeys[k][:1]) in apposed or low[k].split("-")[0] in rules.name_determiners:
            span.lead = k - 2


def _drop_overlaps(spans: list[NameSpan]) -> list[NameSpan]:
    """Sort spans and drop any that overlaps an earlier one (a repaired span may have grown into a neighbour)."""
    kept: list[NameSpan] = []
    for span in sorted(spans, key=lambda s: (s.lead, s.start, s.anchor is None)):  # a gloss wins its quotes
        if kept and span.lead < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _scan_surnames(doc: Doc, rules: EntityRules, spans: list[NameSpan], resolver: _Resolver) -> list[NameSpan]:
    """Spans for surnames of the article's people that NER did not tag again ("... a dit McKenzie")."""
    surnames: dict[str, int] = {}
    for i, span in enumerate(spans):
        full = resolver.stripped(i)
        if resolver.is_person(i) and len(full) >= 2 and len(full[-1]) >= 2 and span.known is None:
            surnames.setdefault(full[-1], i)
    if not surnames:
        return []
    covered = bytearray(len(doc))
    for span in spans:
        covered[span.lead:span.end] = b"\x01" * (span.end - span.lead)
    out = []
    particle_keys = {(p,) for p in rules.particles}
    for i, words in enumerate(resolver.tkeys):  # the word keys first: a token is built for a surname only
        if covered[i] or len(words) != 1 or words[0] not in surnames:
            continue
        tok = doc[i]
        if not is_upper_initial(tok):
            continue
        if tok.is_sent_start and tok.pos_ in _FUNCTION_POS:
            continue
        start = tok.i
        if start >= 2 and doc[start - 1].text == "-" and doc[start - 1].whitespace_ == "" \
                and doc[start - 2].whitespace_ == "" and resolver.tkeys[start - 2] in particle_keys:
            start -= 2
        lead = start - 1 if start > 0 and doc[start - 1].text in rules.honorifics - rules.plural_honorifics else start
        out.append(NameSpan(start, tok.i + 1, "PER", lead, titled=lead < start))
    return out


def _resolve(doc: Doc, rules: EntityRules, spans: list[NameSpan], tkeys: list[tuple[str, ...]]) -> _Resolver:
    resolver = _Resolver(doc, rules, spans, tkeys)
    targets = resolver.short_form_targets()
    resolver.group_exact(targets)
    for i, j in targets.items():
        resolver.union(j, i)
    resolver.link_misspelt_people()
    resolver.link_acronyms()
    resolver.link_institutions()
    resolver.link_glosses()
    return resolver


def find_entities(doc: Doc, lang: Language, article_id: str = "") -> list[Entity]:
    """The people, organisations and places of one article, each with its mentions, aliases and canonical name.

    `doc` is the spaCy parse of the article's clean text; every mention's offsets index `doc.text`.
    Entity ids are `f"{article_id}:e{n}"` in order of first mention.
    """
    rules = load_entity_rules(lang)
    tkeys, low = token_keys(doc, rules), folded_tokens(doc)
    spans = _collect_spans(doc, rules, tkeys, low)
    resolver = _resolve(doc, rules, spans, tkeys)
    more = _scan_surnames(doc, rules, spans, resolver)
    if more:
        spans = _drop_overlaps([*spans, *more])
    finder = InstitutionFinder(doc, rules, (tkeys, low), spans)
    descriptions = finder.find(spans)
    if descriptions or finder.absorbed or more or any(s.inst is not None for s in spans):
        spans = [s for s in spans if s.start not in finder.absorbed] + descriptions
        spans.sort(key=lambda s: (s.lead, s.start))
        resolver = _resolve(doc, rules, spans, tkeys)
    entities: list[Entity] = []
    text = doc_text(doc)
    for group in resolver.groups():
        members = [spans[i] for i in group]
        if all(s.doubtful for s in members):
            continue  # "Debout", "Crédit": capitalised only because they open a sentence or a caption
        etype = _group_type(members)
        if etype is None:
            continue
        entities.append(_build_entity(doc, text, members, etype, article_id, len(entities), rules))
    return entities


def _build_entity(doc: Doc, text: str, members: list[NameSpan], etype: str, article_id: str, n: int,
                  rules: EntityRules) -> Entity:
    mentions: list[Mention] = []
    aliases: list[str] = []
    cores: list[str] = []
    for span in members:
        start = next((c for c in (span.lead_char, span.start_char) if c is not None), doc[span.lead].idx)
        end = span.end_char if span.end_char is not None else doc[span.end - 1].idx + len(doc[span.end - 1].text)
        surface = text[start:end]
        mentions.append(Mention(article_id, start, end, surface))
        core = text[span.start_char if span.start_char is not None else doc[span.start].idx:end]
        # "prince Philip": the title says the name is a given name, which the cross-article linker must know
        titled = text[doc[span.start - 1].idx:end] if _given_name(doc, rules, span) else core
        for form in (surface, core, titled):
            if form not in aliases:
                aliases.append(form)
        cores.append(core)
    known = next((s.known for s in members if s.known is not None), None)
    # the table's name for a well-known entity, else the fullest form the article gives (not a gloss)
    named = [c for c, s in zip(cores, members, strict=True) if s.anchor is None] or cores
    name = known.name if known is not None else max(named, key=lambda c: (len(c.split()), len(c)))
    if any(s.family for s in members) and known is None:
        name = family_name(rules, min(named, key=len))  # "famille Arnault" whether or not a singular noun said it
    return Entity(name=name, type=etype, mentions=mentions, aliases=aliases, id=f"{article_id}:e{n}")
