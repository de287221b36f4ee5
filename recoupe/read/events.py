"""Dated events: each sentence that dates something that happened or was announced.

An event is found, not written: its date is a resolved DATE (or TIME) expression
of the sentence, its evidence is the exact span of the clause that holds it (the
whole sentence when it holds one date), its description that span trimmed to the
clauses around the date when long, its actors the entities mentioned in the span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from recoupe.dates import PartialDate
from recoupe.lang import Language, load_language
from recoupe.read.event_acts import act_of_date, support_verbs
from recoupe.read.nlp import doc_text
from recoupe.read.timex.patterns import get_grammar
from recoupe.read.timex.tense import governing_clause_head
from recoupe.records import Entity, Event, Mention, TimeRef
from recoupe.spans import trim_span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Descriptions longer than this are cut to the clauses around the date: the
# median French news sentence is ~30 words (~180 characters, measured on the
# dev corpus), and a timeline line should read in one glance.
MAX_DESCRIPTION_CHARS = 220

# Clause separators used to trim a long sentence around its date.
_CLAUSE_BREAK = re.compile(r"\s*(?:[;:–—]|,(?=\s))\s*")

_POS_VERB = {"VERB", "AUX"}

# Dependency relations (Universal Dependencies, as spaCy's French models label them) that
# attach a clause of its own to the word it depends on: a reported content ("a dit
# qu'il est prêt"), an adverbial or participial clause, a relative, a coordinated or
# juxtaposed clause. They make a clause of a word that is not a verb too (a copula's
# predicate, a noun the parser made head of a relative); a conjunct only with a copula.
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj", "conj"})

# Characters trimmed from the edges of a clause cut out of a sentence (the comma or
# semicolon that joined it to the rest).
_CLAUSE_EDGE = " \t\n,;:–—"

# What may lie between a clause and its sentence's edge for the clause to sit at that edge.
_SENTENCE_EDGE = _CLAUSE_EDGE + ".!?…"

# Relations by which a clause is part of what its head's clause states: a reported content
# ("a dit mardi que ..."), an infinitive complement ("a promis de retirer"), a subject
# clause, a participle or relative qualifying a noun ("un accord mettant fin ...").
_NESTED_DEPS = frozenset({"ccomp", "xcomp", "csubj", "acl", "acl:relcl"})

# Relations that make a word part of a multiword expression: the verb of "à partir de" or
# "compte tenu de" heads no clause.
_FIXED_DEPS = frozenset({"fixed", "flat", "compound"})

# How deep clauses inside clauses are searched for dates of their own (a date three
# clauses down is rare; the bound keeps a misparse from recursing far).
MAX_CLAUSE_LEVELS = 3

# A paragraph break inside what the parser took for one sentence: a line break, or a final
# stop glued to the capital of the next word (a break lost in scraping). The stop must end a
# lower-case word or a number of two characters or more (or a closing quote), so that
# initials and abbreviations ("M.Dupont", "J.-P.") are not breaks; before a number (a new
# paragraph opening on a figure, "... le Portugal.34 provinces ...") it must end a word, so
# that "12.500" is not one; a live report's bullet ("►") opens an entry of its own. A heading
# without a stop glued to the next paragraph leaves a capital inside a word of three lower-case
# letters or more ("frappesSelon", "mercrediLe", "autruiL'enquête": the capital may open a word of
# one or two letters, an article); `_glued` keeps camel-case names and tags whole. Quotation marks
# glued across a lost break are one too: a stop then an opening mark on a capital ('assuré."Je'), and a
# mark glued between a word and a capital ('en 2024"Le souci', 'plus rien"L\'incendie'), a closing mark
# glued to an opening one ('rebâtirons""Le pire'): in running
# French an opening mark follows a space and a closing one precedes a space or punctuation (measured:
# dev2 timeline.event_f1 0.674 -> 0.679, the rest unchanged).
_PARAGRAPH_BREAK = re.compile(r"\n|(?<=[a-zà-ÿ0-9»\")]{2}[.!?])(?=[A-ZÀ-ÖØ-Ý][a-zà-ÿ\s'’]|[►▶•])"
                              r"|(?<=[a-zà-ÿ]{2}[.!?])(?=\d)"
                              r"|(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-ÖØ-Ý](?:[a-zà-ÿ]{2}|[a-zà-ÿ]?[\s'’]))"
                              r"|(?<=[a-zà-ÿ0-9»\")][.!?])(?=[\"«“][A-ZÀ-ÖØ-Ý])|(?<=[a-zà-ÿ0-9][\"»”])(?=[A-ZÀ-ÖØ-Ý][a-zà-ÿ'’])"
                              r"|(?<=[a-zà-ÿ0-9.!?][\"»”])(?=[\"«“][A-ZÀ-ÖØ-Ý])")

# Marks that open a post of a live report before its time stamp ("► 14h32. ..."): the bullets news sites print.
POST_MARKS = "►▶•"

# What may follow a post's time stamp before its first sentence.
_STAMP_TAIL = " \t.:-–—"

# A dated expression of a sentence with the (ISO date, precision) it gives an event.
Dated = tuple[TimeRef, tuple[str, str]]

# `Event.type` of an event the sentence names rather than tells: its date qualifies a noun ("la
# catastrophe du 3 mars") or a clause that qualifies a noun ("l'incendie qui a ravagé le quartier le 3
# mars", "un communiqué diffusé jeudi"). News names that way an event it tells elsewhere or recalls.
REFERENCE = "reference"

# Relations by which a clause qualifies a noun (Universal Dependencies): a participle or a relative.
_ADNOMINAL_CLAUSE_DEPS = frozenset({"acl", "acl:relcl"})


def event_date(timex: TimeRef) -> tuple[str, str] | None:
    """The (ISO date, precision) an expression dates an event at, or None if it cannot date one."""
    if timex.type not in ("DATE", "TIME"):
        return None
    parsed = PartialDate.from_iso(timex.value)  # a time part (2021-07-22TEV, 2021-07-22T15:30) is dropped
    if parsed is None or parsed.iso is None or parsed.precision is None:
        return None
    return parsed.iso, parsed.precision


def find_events(doc: Doc, timexes: Sequence[TimeRef], entities: Sequence[Entity], article_id: str = "",
                reporting: frozenset[str] = frozenset()) -> list[Event]:
    """One event per dated clause of each sentence that has a verb.

    A sentence's dated expressions are grouped into the clauses that hold them
    (`split_dated_clauses`); each clause is one event, dated by its main expression,
    with the clause's exact span as evidence. Only dates the parse does not separate
    share a span (`by_date`). `reporting` holds the lemmas and forms of the language's
    reporting verbs (`reporting_verbs`): a telling keeps what it tells.
    """
    if not timexes:
        return []
    text = doc_text(doc)
    mentions = sorted((m.start, m.end, e.id) for e in entities for m in e.mentions)
    support = support_verbs(doc.lang_)
    events: list[Event] = []
    for start, end, dated_list in _dated_parts(doc, timexes):
        for seg_start, seg_end, members in split_dated_clauses(doc, start, end, dated_list, reporting):
            s, e = trim_clause(text, seg_start, seg_end)
            if e <= s or only_time(text, s, e, dated_list):
                continue
            actors = list(dict.fromkeys(eid for ms, me, eid in mentions if ms >= s and me <= e))
            main = main_date(doc, members)
            for group in sorted(by_date(members), key=lambda g: main not in g):
                timex, (date, precision) = main_date(doc, group)
                token = _head(doc, timex)
                predicate, doer = act_of_date(doc, token, _clause_heads(token) if token is not None else [],
                                              reporting, support, timex.mention.end)
                events.append(Event(
                    date=date, precision=precision, what=describe(text[s:e], timex.mention.start - s),
                    evidence=Mention(article_id, s, e, text[s:e]), actors=actors, type=event_kind(doc, timex),
                    predicate=predicate, agent=_entity_in(mentions, doer),
                ))
    return events


def only_time(text: str, start: int, end: int, dated: Sequence[Dated]) -> bool:
    """Whether a span holds nothing but time expressions ("14H00", "dimanche 14H00").

    An event is told by words: a clock time cut from the day it completes ("avant lundi
    | 9H00 GMT") or a stamp left alone by the sentence splitter says what time, not what
    happened, and dates no event of its own.
    """
    rest = text[start:end]
    for timex, _date in sorted(dated, key=lambda d: -d[0].mention.start):
        lo, hi = timex.mention.start - start, timex.mention.end - start
        if lo >= 0 and hi <= len(rest):
            rest = rest[:lo] + " " + rest[hi:]
    return not any(w.isalpha() and len(w) > 1 and not w.isupper() for w in re.findall(r"\w+", rest))


def _entity_in(mentions: Sequence[tuple[int, int, str]], span: tuple[int, int] | None) -> str | None:
    """The entity of the first mention inside `span` (a predicate's subject), or None."""
    if span is None:
        return None
    return next((eid for ms, me, eid in mentions if span[0] <= ms and me <= span[1]), None)


def event_kind(doc: Doc, timex: TimeRef) -> str | None:
    """`REFERENCE` when the expression dating an event qualifies a noun or a clause that qualifies one, else None.

    A sentence tells an event by a verb the date governs ("le ministre a annoncé mardi ...");
    "la catastrophe du 3 mars", "le pont, qui s'était effondré le 14 août" only name one.
    """
    token = _head(doc, timex)
    if token is None:
        return None
    if token.head.i != token.i and token.head.pos_ in ("NOUN", "PROPN") and token.dep_ not in _FIXED_DEPS:
        return REFERENCE
    heads = _clause_heads(token)
    return REFERENCE if heads and (heads[0].dep_ in _ADNOMINAL_CLAUSE_DEPS or follows_its_noun(heads[0])) else None


def follows_its_noun(head: Token) -> bool:
    """Whether a clause is a bare past participle set after a noun, which it qualifies ("le gymnase, détruit
    la veille par une tempête"; "les analyses faites hier").

    With no auxiliary it is no tense of a verb: it says what befell the noun before it, whatever relation the
    parser gave it (often an adverbial clause of the main verb). Set before the subject ("Arrivé dimanche, le
    ministre a ...") it tells the subject's own act, and is not this case.
    """
    if head.pos_ != "VERB" or head.dep_ == "ROOT" or head.morph.get("VerbForm", []) != ["Part"]:
        return False
    if head.morph.get("Tense", []) != ["Past"] or any(c.dep_.startswith(("aux", "cop")) for c in head.children):
        return False
    if head.left_edge.i != head.i:
        return False
    before = head.i - 1
    while before >= head.sent.start and head.doc[before].is_punct:
        before -= 1
    return before >= head.sent.start and head.doc[before].pos_ in ("NOUN", "PROPN")


def _dated_parts(doc: Doc, timexes: Sequence[TimeRef]) -> list[tuple[int, int, list[Dated]]]:
    """The sentence parts (a sentence within one paragraph) that hold dated expressions, with those expressions.

    An event is stated by a verb: a part without one (a heading) dates nothing. A live report's time
    stamp dates the first sentence of the post it heads (`_post_part`), never the text before it.

    A sentence break inside a date ("jeudi 5 | septembre") is the splitter's mistake:
    the part runs on to the end of the expression that dates it.
    """
    text = doc_text(doc)
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    parts: dict[tuple[int, int], list[Dated]] = {}
    ends: dict[tuple[int, int], int] = {}
    for timex in sorted(timexes, key=lambda t: t.mention.start):
        dated = event_date(timex)
        index = _sentence_index(starts, timex.mention.start)
        if dated is None or index is None or tells_a_present_state(doc, timex):
            continue
        if heads_a_post(text, timex):
            post = _post_part(doc, sentences, starts, timexes, timex)
            if post is not None:
                parts[(index, post[0])] = [(timex, dated)]
                ends[(index, post[0])] = post[1]
            continue
        sentence = sentences[index]
        start, end = _paragraph_part(text, sentence.start_char, sentence.end_char, timex.mention.start)
        if not _has_verb(doc, start, end):
            continue
        ends[(index, start)] = max(ends.get((index, start), end), timex.mention.end)
        parts.setdefault((index, start), []).append((timex, dated))
    return [(key[1], ends[key], dated_list) for key, dated_list in parts.items()]


def heads_a_post(text: str, timex: TimeRef) -> bool:
    """Whether a time of day is the stamp heading a post of a live report: it follows a post mark ("► 14h32.")."""
    before = text[max(0, timex.mention.start - 4):timex.mention.start].rstrip()
    return timex.type == "TIME" and bool(before) and before[-1] in POST_MARKS


def _post_part(doc: Doc, sentences: list[Span], starts: list[int], timexes: Sequence[TimeRef],
               stamp: TimeRef) -> tuple[int, int] | None:
    """The span a post's time stamp dates: from the stamp to the end of the post's first sentence, or None when
    that sentence has no verb or dates itself.

    A live report ("en direct") is a column of posts, each headed by the time it was written ("► 14h32. Le
    ministre annonce ..."): its first sentence tells what happened then, in the present or the passé composé,
    and names no day. A sentence that names its own date is dated by it.
    """
    text = doc_text(doc)
    after = stamp.mention.end
    while after < len(text) and text[after] in _STAMP_TAIL:
        after += 1
    index = _sentence_index(starts, after)
    if index is None or after >= len(text):
        return None
    end = sentences[index].end_char
    marks = [i for m in POST_MARKS if (i := text.find(m, after, end)) >= 0]
    end = min([end, *marks])
    own = any(t is not stamp and after <= t.mention.start < end and event_date(t) is not None for t in timexes)
    if own or not _has_verb(doc, after, end):
        return None
    return stamp.mention.start, end


def tells_a_present_state(doc: Doc, timex: TimeRef) -> bool:
    """Whether an expression is the writer's or speaker's "today" in a clause in the plain present.

    French news dates what happened by its day ("a annoncé mardi", "a signé aujourd'hui") and uses
    "aujourd'hui" with a present for how things stand as it writes ("la coopérative reste aujourd'hui
    déficitaire", "le port est aujourd'hui le premier du pays"): a state, not a dated event. An
    expression that names no day and reads as the very day it was resolved against, governed by an
    indicative present with no tense auxiliary, dates no event (a weekday or a number names a day: kept).
    """
    if not timex.anchor or timex.value[:10] != timex.anchor[:10] or _names_a_day(doc, timex):
        return False
    if qualifies_a_name(doc, timex):
        return True
    head = governing_clause_head(doc, timex.mention.start, timex.mention.end)
    if head is None:
        return False
    forms = [head, *(c for c in head.children if c.dep_.startswith(("aux", "cop")))]
    finite = [t for t in forms if "Fin" in t.morph.get("VerbForm", [])]
    return bool(finite) and all(t.morph.get("Tense", []) == ["Pres"] and t.morph.get("Mood", []) == ["Ind"]
                                and t.dep_ != "aux:tense" for t in finite)


def qualifies_a_name(doc: Doc, timex: TimeRef) -> bool:
    """Whether a "today" adverb qualifies a noun rather than a verb ("ancien ministre, aujourd'hui député").

    Set beside a person's or a body's name, "aujourd'hui" says what it is now, as the writer
    writes: a title held, not a dated event. (A noun dated by a preposition, "la réunion
    d'aujourd'hui", is a noun phrase, not an adverb, and is not this case.)
    """
    token = _head(doc, timex)
    return (token is not None and token.pos_ == "ADV" and token.head.i != token.i
            and token.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "case" for c in token.children))


def _names_a_day(doc: Doc, timex: TimeRef) -> bool:
    """Whether an expression names its day by number or by weekday ("le 9 mars", "mardi") rather than "today"."""
    weekdays = get_grammar(load_language(doc.lang_)).weekdays
    return any(ch.isdigit() for ch in timex.mention.text) or any(w in weekdays for w in timex.mention.text.lower().split())


def _has_verb(doc: Doc, start: int, end: int) -> bool:
    """Whether the text between two offsets holds a verb or an auxiliary."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in _POS_VERB for t in span)


def describe(text: str, offset: int) -> str:
    """The sentence as the event's description, cut to the clauses around the date (at `offset`) when long."""
    if len(text) <= MAX_DESCRIPTION_CHARS:
        return text
    pieces: list[tuple[int, int]] = []
    last = 0
    for match in _CLAUSE_BREAK.finditer(text):
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(text)))
    home = next((i for i, (s, e) in enumerate(pieces) if s <= offset < e + 1), 0)
    lo = hi = home
    while pieces[hi][1] - pieces[lo][0] < MAX_DESCRIPTION_CHARS // 2:
        grew = False
        if hi + 1 < len(pieces) and pieces[hi + 1][1] - pieces[lo][0] <= MAX_DESCRIPTION_CHARS:
            hi += 1
            grew = True
        if lo > 0 and pieces[hi][1] - pieces[lo - 1][0] <= MAX_DESCRIPTION_CHARS:
            lo -= 1
            grew = True
        if not grew:
            break
    cut = text[pieces[lo][0]:pieces[hi][1]].strip(" ,;:–—")
    if len(cut) > MAX_DESCRIPTION_CHARS:
        cut = cut[:MAX_DESCRIPTION_CHARS].rsplit(" ", 1)[0] + " …"
    return cut[:1].upper() + cut[1:]


def split_dated_clauses(doc: Doc, start: int, end: int, dated: list[Dated], reporting: frozenset[str] = frozenset(),
                        level: int = 0) -> list[tuple[int, int, list[Dated]]]:
    """The spans of a sentence part that each hold one dated event, with the expressions dating each.

    French news packs several dated events into one sentence ("la grève commence en
    1995, débouchant sur un accord en 1997"; "X a dit mardi que Y avait promis
    le mois dernier de ..."). The date highest in the parse is the sentence's own; any
    other date in a clause of its own (the innermost clause above it leaves the main
    date out) is a second event, evidenced by that clause with the words it qualifies
    (`_told_with`). A clause that is part of what
    the main clause states (`_NESTED_DEPS`) stays in the main event's span as well; a
    clause that merely follows or precedes it at the sentence's edge is cut off. Dates
    the parse does not separate stay in one span (see `by_date`). What a source
    says is the event of its saying: a reporting clause keeps the whole part, content
    included ("X a déclaré mardi que ..."; "..., a annoncé vendredi la Maison Blanche"),
    and a content with its own date is a second event evidenced by its own clause.
    """
    if len({d for _, (d, _p) in dated}) < 2 or level > MAX_CLAUSE_LEVELS:
        return [(start, end, dated)]
    main = main_date(doc, dated)
    main_token = _head(doc, main[0])
    own: dict[int, list[Dated]] = {}
    heads: dict[int, Token] = {}
    nested: dict[int, bool] = {}
    stay: list[Dated] = []
    for item in dated:
        token = _head(doc, item[0])
        head = None
        if item[1][0] != main[1][0] and token is not None and main_token is not None:
            head = _own_clause(token, main_token)
        top = _told_with(head, main_token) if head is not None and main_token is not None else None
        if head is None or top is None or _splits_an_expression(_clause_span(doc, top, start, end), dated):
            stay.append(item)
            continue
        heads[top.i] = top
        nested[top.i] = nested.get(top.i, False) or top.i != head.i or head.dep_ in _NESTED_DEPS
        own.setdefault(top.i, []).append(item)
    # A reporting verb told after its content ("..., a déclaré jeudi X"): the content is not cut off.
    told = main_token is not None and _tells_a_fronted_content(main_token, list(heads.values()), reporting)
    out: list[tuple[int, int, list[Dated]]] = []
    tellings: list[tuple[int, int, list[Dated]]] = []
    main_start, main_end = start, end
    for i in sorted(own, key=lambda i: heads[i].left_edge.i):
        lo, hi = _clause_span(doc, heads[i], start, end)
        kept = nested[i] or told
        if not kept and _reports(heads[i], reporting):
            tellings.append((lo, hi, own[i]))  # the telling keeps what it tells: the whole part, below
        else:
            out.extend(split_dated_clauses(doc, lo, hi, own[i], reporting, level + 1))
        if not kept and not doc_text(doc)[main_start:lo].strip(_SENTENCE_EDGE):
            main_start = max(main_start, hi)
    for i in sorted(own, key=lambda i: -heads[i].right_edge.i):
        lo, hi = _clause_span(doc, heads[i], start, end)
        if not nested[i] and not told and not doc_text(doc)[hi:main_end].strip(_SENTENCE_EDGE):
            main_end = min(main_end, lo)
    cut = (main_start, main_end) != (start, end)
    for lo, hi, items in tellings:
        out.append((start, end, items) if cut and len(tellings) == 1 else (lo, hi, items))
    return [(main_start, main_end, stay), *out]


def reporting_verbs(lang: Language) -> frozenset[str]:
    """The lemmas and surface forms of the language's reporting verbs (its quote cue verbs)."""
    data = lang.json("quotes.json")
    return frozenset(w.lower() for w in (*data.get("cue_lemmas", []), *data.get("cue_forms", [])))


def _reports(head: Token, reporting: frozenset[str]) -> bool:
    """Whether a clause head is a reporting verb ("annoncer", "a-t-il été annoncé")."""
    return head.lemma_.lower() in reporting or head.text.lower() in reporting


def _own_clause(token: Token, main: Token) -> Token | None:
    """The clause a date modifies (the innermost clause above it), or None if that clause also holds `main`."""
    heads = _clause_heads(token)
    if not heads or heads[0].left_edge.i <= main.i <= heads[0].right_edge.i:
        return None
    return heads[0]


def _told_with(clause: Token, main: Token) -> Token:
    """The clause with the words it qualifies: up through the nouns and the complement clauses above it, short of `main`.

    A relative or participle is told with its noun ("Cachou, un mâle né en 2015"; "le
    rapporteur, qui a publié en juin un rapport"), an infinitive with the verb that
    governs it; an adverbial, coordinated or juxtaposed clause is an event of its own.
    """
    top = clause
    while top.head.i != top.i:
        up = top.head
        if up.left_edge.i <= main.i <= up.right_edge.i:
            break
        if _heads_clause(up) and up.dep_ not in _NESTED_DEPS:
            break
        top = up
    return top


def _tells_a_fronted_content(main: Token, clauses: list[Token], reporting: frozenset[str]) -> bool:
    """Whether the main date belongs to a reporting verb that follows a dated clause (the content it tells).

    "Le sommet aura lieu le 3 février, a confirmé mardi la présidence": the news is the
    content; the reporting verb after it only says when it was told.
    """
    verbs = _clause_heads(main)
    verb = verbs[0] if verbs else None
    return verb is not None and _reports(verb, reporting) and any(c.right_edge.i < verb.i for c in clauses)


def _splits_an_expression(span: tuple[int, int], dated: list[Dated]) -> bool:
    """Whether a clause's edge falls inside one of the sentence's dated expressions (a tokenizer's cut, not a clause's)."""
    return any(t.mention.start < edge < t.mention.end for t, _ in dated for edge in span)


def _clause_span(doc: Doc, head: Token, start: int, end: int) -> tuple[int, int]:
    """The character span of a clause (its head's subtree), kept inside [start, end)."""
    right = doc[head.right_edge.i]
    return max(start, doc[head.left_edge.i].idx), min(end, right.idx + len(right.text))


def by_date(dated: list[Dated]) -> list[list[Dated]]:
    """A clause's dated expressions grouped by the date they give, in order of first mention.

    Dates the parse does not put in clauses of their own ("ont signé le 9 novembre un
    accord ... à partir du 10 novembre") stay one event each on the same clause: which
    one the clause is about cannot be told from the parse, and dropping either loses an
    event the sentence states. These are the only spans that may date two events; `find_events`
    lists the main date's event first, and the timeline cites the span for one of them only.
    """
    groups: dict[str, list[Dated]] = {}
    for item in dated:
        groups.setdefault(item[1][0], []).append(item)
    return list(groups.values())


def main_date(doc: Doc, dated: list[Dated]) -> Dated:
    """Of a clause's dated expressions, the one that dates its event: highest in the parse, then first.

    A clause's own date governs its verb ("ont signé lundi"); a date deeper down
    qualifies one of its words ("un accord ... d'ici la fin 2021").
    """
    def rank(item: Dated) -> int:
        token = _head(doc, item[0])
        return _depth(token) if token is not None else 99
    return min(dated, key=rank)


def trim_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a clause's span past the white space and joining punctuation at its edges."""
    while start < end and text[start] in _CLAUSE_EDGE:
        start += 1
    while end > start and text[end - 1] in _CLAUSE_EDGE:
        end -= 1
    return trim_span(text, start, end)


def _head(doc: Doc, timex: TimeRef) -> Token | None:
    """The syntactic head of an expression's tokens, or None if its offsets fall between tokens."""
    span = doc.char_span(timex.mention.start, timex.mention.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _clause_heads(token: Token) -> list[Token]:
    """The heads of the clauses holding `token`, innermost first."""
    out: list[Token] = []
    for _ in range(200):
        if _heads_clause(token):
            out.append(token)
        if token.head.i == token.i:
            break
        token = token.head
    return out


def _heads_clause(token: Token) -> bool:
    """Whether a token heads a clause: a full verb (not an auxiliary), or a word a clausal relation attaches.

    A relation such as a relative (acl:relcl) makes a clause whatever word the parser
    chose as its head ("dont l'écroulement en août avait fait ..."); a conjunct only
    when it has a copula (otherwise it is a coordinated noun).

    Full verbs are taken whatever relation the parser gave them (on long news
    sentences it often mislabels a reporting clause, "a fait savoir mercredi"), except
    inside a multiword expression ("à partir de").
    """
    if token.pos_ == "VERB":
        return token.dep_ not in _FIXED_DEPS
    if token.dep_ == "conj":
        return any(c.dep_ == "cop" for c in token.children)
    return token.dep_ in _CLAUSE_DEPS


def _depth(token: Token) -> int:
    """How many arcs separate a token from the root of its sentence."""
    depth = 0
    while token.head.i != token.i and depth < 200:
        token = token.head
        depth += 1
    return depth


def _paragraph_part(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """The part of a sentence that lies in the same paragraph as `anchor`.

    The parser sometimes runs a sentence across a paragraph break: a line break after a
    subheading with no final period, or a break lost when a page was scraped, which glues
    one sentence's last word to the next one's first ("... en avril 2020.Le 14 août ...",
    "... les frappesSelon le Pentagone ..."). Evidence never spans two paragraphs.
    """
    before, after = start, end
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        if match.group() != "\n" and not _glued(text, match.start()):
            continue
        if match.end() <= anchor:
            before = match.end()
        elif match.start() >= anchor:
            after = match.start()
            break
    return before, after


def _glued(text: str, at: int) -> bool:
    """Whether a capital at `at` opens a new paragraph glued to the word before it.

    After a stop it does (the pattern has checked the stop). Inside a word it does when that
    word starts in lower case ("frappesSelon"): a name or a tag written in camel case starts
    with a capital ("WikiLeaks").
    """
    i = at
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return i == at or text[i].islower()


def _sentence_index(starts: list[int], offset: int) -> int | None:
    from bisect import bisect_right

    i = bisect_right(starts, offset) - 1
    return i if i >= 0 else None
