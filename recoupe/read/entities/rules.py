"""The word lists and known-entity table that entity repair and resolution read from the language plug."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from recoupe.folding import fold
from recoupe.lang import Language

_WORD = re.compile(r"\w+")



@lru_cache(maxsize=1 << 16)  # token texts repeat: the same bound as the key cache below
def fold_word(text: str) -> str:
    """`fold` with a cache, for per-token comparisons with the language's word lists."""
    return fold(text)


def folded_words(text: str) -> list[str]:
    """The folded words of a text ("Etats-Unis" and "États Unis" both give ["etats", "unis"])."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class KnownEntity:
    """A well-known entity from the language's table: canonical name, type and every listed form."""

    name: str
    type: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class InstitutionRules:
    """How descriptions of public bodies are found and compared ("la coalition emmenée par les Etats-Unis")."""

    heads: frozenset[str]  # folded head nouns
    merge_by_head: frozenset[str]  # bodies usually single in an article: descriptions join unless they differ
    bound_heads: frozenset[str]  # heads with other senses: a body only with a nationality or a named complement
    synonyms: dict[str, str]  # folded head -> the head it stands for
    synonym_blockers: frozenset[str]  # folded words that make a synonym unsafe (a second chamber)
    metonyms: dict[str, str]  # folded capitalised portfolio ("defense") -> the head it stands for
    definite: frozenset[str]  # determiners that make a lowercase head a specific body
    capital_determiners: frozenset[str]  # more determiners accepted before a capitalised head
    agent_cues: frozenset[str]  # the preposition introducing a participle's agent ("par")
    target_cues: tuple[tuple[str, ...], ...]  # folded phrases naming what a body fights ("de lutte contre")
    nationality_suffixes: tuple[str, ...]
    nationality_words: frozenset[str]

    def is_nationality(self, folded: str) -> bool:
        """Whether a folded adjective names a nationality or a people ("irakienne", "russe")."""
        return folded in self.nationality_words or (len(folded) > 4 and folded.endswith(self.nationality_suffixes))


@dataclass(frozen=True)
class GlossRules:
    """The cues of a second name given right after a name ('X ou « Y »', 'X, surnommé « Y »')."""

    cues: frozenset[str]
    anaphor_determiners: frozenset[str]
    anaphor_nouns: frozenset[str]
    quotes_open: frozenset[str]
    quotes_close: frozenset[str]
    editor_notes: frozenset[str]  # "NDLR": the marks that close an editor's explanation in brackets


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one instance per language
class EntityRules:
    """Everything language-specific that entity repair needs, compiled once per language."""

    honorifics: frozenset[str]  # exact surface forms ("M.", "Mme"), case-sensitive
    titles: frozenset[str]  # folded role words stripped from the front of a name
    determiners: frozenset[str]
    name_determiners: frozenset[str]  # capitalised possessives that begin a name (Notre-Dame)
    name_articles: frozenset[str]  # capitalised mid-sentence, they open the name (Le Figaro)
    place_classes: frozenset[str]  # generic nouns written before a place's name (cathédrale, pont)
    given_name_titles: frozenset[str]  # folded titles before a given name ("prince", "pape")
    site_kinds: dict[str, str]  # folded place class -> the class it is a kind of ("viaduc" -> "pont")
    family_nouns: tuple[str, ...]  # folded nouns naming a family before a surname, the usual one first ("famille")
    plural_family_nouns: frozenset[str]  # their plurals, shared by coordinated surnames ("familles X et Y")
    body_nouns: frozenset[str]  # nouns that head a body's name, even in lowercase (direction, agence)
    place_names: frozenset[tuple[str, ...]]  # keys of countries and regions a branch's name may end with
    plural_honorifics: frozenset[str]  # "MM.", "Mmes": they introduce several names, and belong to none alone
    connectors: frozenset[str]  # words that join two names a span may have swallowed
    particles: frozenset[str]  # folded name particles (al, ben, abou, ...)
    descriptor_nouns: frozenset[str]
    descriptor_adjectives: frozenset[str]
    acronym_stopwords: frozenset[str]
    name_prefixes: frozenset[str]  # folded prefixes glued to a name by a hyphen (anti-EI, pro-Iran)
    demonym: re.Pattern[str]
    spelling: tuple[tuple[re.Pattern[str], str], ...]  # transliteration variants brought to one spelling
    known: dict[tuple[str, ...], KnownEntity]
    known_lengths: dict[str, tuple[int, ...]]  # first word of a known form -> its lengths in words
    acronym_keys: frozenset[tuple[str, ...]]  # known forms written in capitals (EI, OTAN): never lowercase
    institutions: InstitutionRules
    glosses: GlossRules
    of_words: frozenset[str]  # lower-cased prepositions opening a noun's complement (de, du, des, d')
    of_determiners: frozenset[str]  # articles that may follow them inside the complement (la, l', les)
    coordinators: frozenset[str]  # conjunctions joining two names or complements (et, ou)
    plural_determiners: frozenset[str]  # determiners making a following demonym a plural noun (les, ces)
    site_placing: frozenset[str]  # words after a site's name introducing its place ("à", "de")

    def word_key(self, word: str) -> str:
        """One folded word in the language's common spelling ("moustafa" -> "mustafa", "kazhimi" -> "kazimi")."""
        return _respell(word, self.spelling)

    def key(self, text: str) -> tuple[str, ...]:
        """The name key of a text: folded words in common spelling; equal keys name the same thing."""
        return _text_key(self, text)


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# Token texts repeat across articles; the 35 dev articles have under 2,000 distinct token texts, so 64k
# entries hold a large batch while bounding memory to a few MB.
@lru_cache(maxsize=1 << 16)
def _text_key(rules: EntityRules, text: str) -> tuple[str, ...]:
    return tuple(_respell(w, rules.spelling) for w in folded_words(text))


def _respell(word: str, spelling: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, repl in spelling:
        word = pattern.sub(repl, word)
    return word


def _keyed(words: list[str], spelling: tuple[tuple[re.Pattern[str], str], ...]) -> frozenset[str]:
    return frozenset(_respell(fold(w), spelling) for w in words)


@cache
def load_entity_rules(lang: Language) -> EntityRules:
    """Build the entity rules of a language from its `entities.json` (cached per language)."""
    data = lang.json("entities.json")
    spelling = tuple((re.compile(p), r) for p, r in data["spelling"])
    known: dict[tuple[str, ...], KnownEntity] = {}
    lengths: dict[str, set[int]] = {}
    acronyms: set[tuple[str, ...]] = set()
    for row in data["known"]:
        entity = KnownEntity(row["name"], row["type"], tuple(row["forms"]))
        for form in (entity.name, *entity.forms):
            key = tuple(_respell(w, spelling) for w in folded_words(form))
            if not key:
                continue
            known.setdefault(key, entity)
            lengths.setdefault(key[0], set()).add(len(key))
            if form.isupper():
                acronyms.add(key)
    places = lang.json("places.json")
    place_names = frozenset(tuple(_respell(w, spelling) for w in folded_words(p))
                            for p in (*places["countries"], *places["regions"]))
    suffixes = "|".join(re.escape(s) for s in data["demonym_suffixes"])
    return EntityRules(
        honorifics=frozenset(data["honorifics"]),
        titles=_folded(data["titles"]),
        determiners=_folded(data["determiners"]),
        name_determiners=_folded(data["name_determiners"]),
        name_articles=_folded(data["name_articles"]),
        place_classes=_folded(data["place_classes"]),
        given_name_titles=_folded(data["given_name_titles"]),
        site_kinds={fold(k): fold(v) for k, v in data["site_kinds"].items()},
        family_nouns=tuple(fold(w) for w in data["family_nouns"]["singular"]),
        plural_family_nouns=_folded(data["family_nouns"]["plural"]),
        body_nouns=_folded(data["body_nouns"]),
        place_names=place_names,
        plural_honorifics=frozenset(data["plural_honorifics"]),
        connectors=_folded(data["connectors"]),
        particles=_keyed(data["name_particles"], spelling),
        descriptor_nouns=_folded(data["org_descriptors"]["nouns"]),
        descriptor_adjectives=_folded(data["org_descriptors"]["adjectives"]),
        acronym_stopwords=_keyed(data["acronym_stopwords"], spelling),
        name_prefixes=_keyed(data["name_prefixes"], spelling),
        demonym=re.compile(rf"^[A-ZÀ-Ý]\w+({suffixes})$"),
        spelling=spelling,
        known=known,
        known_lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        acronym_keys=frozenset(acronyms),
        institutions=_institution_rules(data["institutions"]),
        glosses=_gloss_rules(data["glosses"]),
        of_words=frozenset(data["of_words"]),
        of_determiners=frozenset(data["of_determiners"]),
        coordinators=frozenset(data["coordinators"]),
        plural_determiners=frozenset(data["plural_determiners"]),
        site_placing=frozenset(data["site_placing"]),
    )


def _institution_rules(data: dict[str, Any]) -> InstitutionRules:
    return InstitutionRules(
        heads=_folded(data["heads"]),
        merge_by_head=_folded(data["merge_by_head"]),
        bound_heads=_folded(data["bound_heads"]),
        synonyms={fold(k): fold(v) for k, v in data["synonyms"].items()},
        synonym_blockers=_folded(data["synonym_blockers"]),
        metonyms={fold(k): fold(v) for k, v in data["portfolio_metonyms"].items()},
        definite=_folded(data["definite"]),
        capital_determiners=_folded(data["capital_determiners"]),
        agent_cues=_folded(data["agent_cues"]),
        target_cues=tuple(tuple(fold(w) for w in c.split()) for c in data.get("target_cues", [])),
        nationality_suffixes=tuple(fold(s) for s in data["nationality_suffixes"]),
        nationality_words=_folded(data["nationality_words"]),
    )


def _gloss_rules(data: dict[str, Any]) -> GlossRules:
    return GlossRules(
        cues=_folded(data["cues"]),
        anaphor_determiners=_folded(data["anaphor_determiners"]),
        anaphor_nouns=_folded(data["anaphor_nouns"]),
        quotes_open=frozenset(data["quotes_open"]),
        quotes_close=frozenset(data["quotes_close"]),
        editor_notes=_folded(data["editor_notes"]),
    )


def spells_out(acronym: str, words: list[str], stopwords: frozenset[str]) -> bool:
    """Whether a folded acronym is made of the leading letters of the name's words, in order, starting with the
    first word that is not a stopword ("ined": Institut National d'Etudes Demographiques; "sandia": Service
    Administratif National D'Immatriculation des Assurés). Later words may give no letter, and a stopword may give
    one. French writes a pronounceable acronym with one capital ("Ined", "Unesco"), so only the letters can tell."""
    lead = next((k for k, w in enumerate(words) if w not in stopwords), len(words))
    content = words[lead:]

    def match(a: int, w: int) -> bool:
        if a == len(acronym):
            return True
        if w == len(content):
            return False
        word = content[w]
        for n in range(min(len(word), len(acronym) - a), 0, -1):
            if word[:n] == acronym[a:a + n] and match(a + n, w + 1):
                return True
        return a > 0 and match(a, w + 1)  # a word that gives no letter (not the first)

    return len(acronym) >= 3 and bool(content) and match(0, 0)

