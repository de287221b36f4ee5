"""Descriptions of public bodies across articles: "la coalition", "la coalition anti-EI", "la coalition dirigée par
les Etats-Unis" name one coalition when the articles are about the same events.

A description is not a name: "la coalition internationale" of a 2011 Libya article and of a 2020 Iraq article
are two coalitions, and a bare "Parlement" is whichever parliament the article is about. So the `EntityLinker`
does not link *unnamed* descriptions of bodies usually single in an article (`merge_by_head` in the language's
`institutions` table: coalition, parliament...) across articles; each gets a global entity of its own. Once the
articles have their stories, `resolve_institutions` groups, story by story, the descriptions whose identities do
not conflict, and redirects their local entities (table `entity_links`) to one global entity:

- a description's identity is read from its surface forms: nationality adjectives ("irakien"), named complements
  ("de Tobrouk"), agents ("dirigée par les Etats-Unis"), prefixed targets ("anti-EI" = "anti-Daech"); plain
  adjectives of a lowercase head ("internationale", "antiterroriste") do not identify, as in the reader;
- two identities conflict when they have a feature kind in common with no value in common; a missing feature is
  no conflict, so a bare "la coalition" joins the coalition its story is about;
- a *named* description (with a nationality or a capitalised complement: "Parlement irakien") is linked by name
  across the whole store by the `EntityLinker`; within a story the unnamed ones may join it, it never moves. A
  capitalised body with adjectives of its own ("Assemblée nationale") is linked within its story only, but counts
  as named there: two named descriptions join only if they also share a feature ("Assemblée nationale" and
  "l'assemblée de l'Union africaine" do not conflict, yet stay apart).

Incremental: the entities already grouped in a story keep their global id and move as one unit (groups only grow);
the representative of a group is its store-wide entity, else its named one, else its oldest global id, so earlier
ids stay valid. Each call reads only the entities of the stories its articles are in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from recoupe.lang import Language
from recoupe.read.entities.rules import EntityRules, fold, load_entity_rules
from recoupe.read.entities.spans import stem_adjective
from recoupe.records import Entity
from recoupe.store import Store
from recoupe.store.links import save_global_entities

__all__ = ["Description", "DescriptionReader", "InstitutionRow", "Unit", "compatible", "group_institutions",
           "group_units", "load_description_reader", "resolve_institutions"]

Identity = dict[str, set[str]]

# A word of a surface form: an elided article ("l'", "d'") or a word with its hyphens ("anti-EI", "Etats-Unis").
_TOKEN = re.compile(r"\w+['’]|\w+(?:-\w+)*")


@dataclass(frozen=True)
class Description:
    """A surface form read as the description of a body: its head noun, identifying features, and whether it is
    named (a nationality or a capitalised complement makes it one body store-wide)."""

    head: str
    features: frozenset[tuple[str, str]]
    named: bool

    def identity(self) -> Identity:
        """The identifying features by kind (plain adjectives of a lowercase head are left out)."""
        out: Identity = {}
        for kind, value in self.features:
            if kind != "adj":
                out.setdefault(kind, set()).add(value)
        return out


class DescriptionReader:
    """Reads surface forms as descriptions of public bodies, with the language's `institutions` table."""

    def __init__(self, rules: EntityRules) -> None:
        """Compile the reader from the language's entity rules (heads, nationalities, prefixes, agent cues)."""
        self.rules = rules
        self.ir = rules.institutions
        self.skip = frozenset({*self.ir.definite, *self.ir.capital_determiners, *rules.determiners})

    def describe(self, surface: str) -> Description | None:
        """The description a surface form is, or None when it is not one (a name, or a shape not understood)."""
        return _describe(self, surface)

    def is_scoped(self, forms: Iterable[str]) -> bool:
        """Whether an entity with these surface forms is an unnamed description of a body usually single in an
        article: such entities are linked across articles only within a story."""
        seen = False
        for surface in forms:
            d = self.describe(surface)
            if d is None or d.named or d.head not in self.ir.merge_by_head:
                return False
            seen = True
        return seen

    def parse(self, words: Sequence[str]) -> Description | None:
        """The description made of these tokens (see `describe`)."""
        low = [fold(w) for w in words]
        n, i = len(words), 0
        while i < n - 1 and low[i] in self.skip:
            i += 1
        if i >= n:
            return None
        capital = words[i][:1].isupper()
        features: set[tuple[str, str]] = set()
        head = low[i] if low[i] in self.ir.heads else None
        metonym = self.ir.metonyms.get(low[i])
        if head is None and metonym is not None and capital and i + 1 < n and self.ir.is_nationality(low[i + 1]):
            head = metonym
            features.add(("of", self._identity(words[i:i + 1])))  # "la Défense russe"
        if head is None:
            return None
        merge = head in self.ir.merge_by_head
        named = bool(features)
        j = i + 1
        while j < n:
            word, w = words[j], low[j]
            prefix, _, target = w.partition("-")
            if target and prefix in self.rules.name_prefixes:  # "anti-EI": a prefix and what it is against
                features.add(("target", f"{prefix}:{self._identity([word.partition('-')[2]])}"))
            elif (fought := self._target(words, low, j)) is not None:  # "de lutte contre Daech" = "anti-Daech"
                features.add(("target", f"anti:{fought[0]}"))
                j = fought[1]
                continue
            elif w in self.rules.of_words:
                found = self._complement(words, low, j, merge)
                if found is None:
                    return None
                value, j, capitalised = found
                features.add(("of", value))
                named = named or capitalised
                continue
            elif j + 1 < n and low[j + 1] in self.ir.agent_cues and word.isalpha() and word.islower():
                k = j + 2
                while k < n - 1 and low[k] in self.rules.determiners:
                    k += 1
                if k >= n:
                    return None
                features.add(("by", self._identity(words[k:])))  # "dirigée par les Etats-Unis"
                break
            elif word.replace("-", "").isalpha() and (word.islower() or self.ir.is_nationality(w)):
                if self.ir.is_nationality(w):  # "irakien", or "Irakien" in a capitalised name
                    features.add(("nat", stem_adjective(w)))
                    named = True
                elif capital or not merge:  # a capitalised body's adjectives are part of its name
                    features.add(("name" if capital else "adj", stem_adjective(w)))
            else:
                return None  # a capitalised word or a shape a description does not take
            j += 1
        return Description(head, frozenset(features), named)

    def _target(self, words: Sequence[str], low: list[str], j: int) -> tuple[str, int] | None:
        """What a body fights, named after a target cue at j ("contre l'EI"): its identity and where it ends."""
        n = len(words)
        for cue in sorted(self.ir.target_cues, key=len, reverse=True):
            k = j + len(cue)
            if k >= n or tuple(low[j:k]) != cue:
                continue
            while k < n - 1 and (low[k] in self.rules.determiners or low[k] in self.rules.descriptor_nouns
                                 or low[k] in self.rules.descriptor_adjectives):
                k += 1  # "contre le groupe jihadiste EI"
            m = k
            while m < n and words[m][:1].isupper():
                m += 1
            while k < m < n and words[m].islower() and words[m].isalpha() and low[m] not in self.rules.of_words \
                    and not (m + 1 < n and low[m + 1] in self.ir.agent_cues):
                m += 1  # "contre l'Etat islamique"
            if m > k:
                return self._identity(words[k:m]), m
        return None

    def _complement(self, words: Sequence[str], low: list[str], j: int, merge: bool) -> tuple[str, int, bool] | None:
        """The complement "de <Name> [adjectives]" (or "de <noun>" for a body not single in an article) at j:
        its identity, where it ends, and whether it is capitalised."""
        n = len(words)
        k = j + 1 + (j + 1 < n and not low[j].endswith("'") and low[j + 1] in self.rules.of_determiners)
        if k >= n:
            return None
        if not words[k][:1].isupper():
            if merge:
                return None
            return low[k], k + 1, False
        m = k + 1
        while m < n and words[m][:1].isupper():
            m += 1
        while m < n and words[m].islower() and words[m].isalpha() and low[m] not in self.rules.of_words \
                and not (m + 1 < n and low[m + 1] in self.ir.agent_cues):
            m += 1  # "de l'Union africaine"
        return self._identity(words[k:m]), m, True

    def _identity(self, words: Sequence[str]) -> str:
        """A name's identity: the language table's canonical name, else its key ("Etats-Unis" -> "etats unis")."""
        text = " ".join(words)
        known = self.rules.known.get(self.rules.key(text))
        return known.name if known is not None else " ".join(self.rules.key(text))


@lru_cache(maxsize=1 << 14)  # surface forms repeat across a story; 16k distinct descriptions bound the memory
def _describe(reader: DescriptionReader, surface: str) -> Description | None:
    return reader.parse(_TOKEN.findall(surface.replace("’", "'")))


@cache
def load_description_reader(lang: Language) -> DescriptionReader:
    """The description reader of a language (cached per language)."""
    return DescriptionReader(load_entity_rules(lang))


def compatible(a: Identity, b: Identity) -> bool:
    """Whether two identities can name one body: every feature kind they share has a value in common."""
    return all(kind not in b or not values.isdisjoint(b[kind]) for kind, values in a.items())


@dataclass
class Unit:
    """Local entities of one story that already share a global entity: they are grouped as one."""

    gid: str
    named: bool
    shared: bool = False  # a global entity the linker links by name store-wide: it never moves
    heads: set[str] = field(default_factory=set)
    identity: Identity = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)
    locals: list[str] = field(default_factory=list)
    forms: dict[str, int] = field(default_factory=dict)  # surface form -> local entities using it

    def add(self, local_id: str, article_id: str, descriptions: Sequence[tuple[str, Description]]) -> None:
        """Add one local entity with its described surface forms."""
        self.locals.append(local_id)
        self.articles.add(article_id)
        for surface, d in descriptions:
            self.heads.add(d.head)
            self.forms[surface] = self.forms.get(surface, 0) + 1
            for kind, values in d.identity().items():
                self.identity.setdefault(kind, set()).update(values)


def _number(gid: str) -> int:
    digits = gid.lstrip("g")
    return int(digits) if digits.isdigit() else 1 << 62


def group_units(units: Sequence[Unit]) -> list[list[Unit]]:
    """Group a story's units whose heads meet and whose identities do not conflict; two named units join only if
    they also share a feature ("Parlement malien" and "Parlement de Bamako" stay apart). The most specific go
    first, so that a bare description meets the groups it may join; one that fits several joins the group in
    most articles, and stays alone on a tie (it could be either).
    """
    order = sorted(units, key=lambda u: (not u.named, -len(u.identity), -len(u.articles), _number(u.gid)))
    groups: list[tuple[Unit, list[Unit]]] = []  # (merged view, members)
    for unit in order:
        fits = [g for g in groups if g[0].heads & unit.heads and compatible(g[0].identity, unit.identity)
                and not (unit.named and g[0].named and not _share(g[0].identity, unit.identity))]
        fits.sort(key=lambda g: -len(g[0].articles))
        if not fits or (len(fits) > 1 and len(fits[0][0].articles) == len(fits[1][0].articles)):
            view = Unit(unit.gid, unit.named, unit.shared, set(unit.heads),
                        {k: set(v) for k, v in unit.identity.items()}, set(unit.articles))
            groups.append((view, [unit]))
            continue
        view, members = fits[0]
        members.append(unit)
        view.named = view.named or unit.named
        view.heads |= unit.heads
        view.articles |= unit.articles
        for kind, values in unit.identity.items():
            view.identity.setdefault(kind, set()).update(values)
    return [members for _, members in groups]


def _share(a: Identity, b: Identity) -> bool:
    """Whether two identities have a feature in common (two named bodies join only on a shared feature)."""
    return any(not values.isdisjoint(b.get(kind, ())) for kind, values in a.items())


def _representative(members: Sequence[Unit]) -> Unit:
    """The unit whose global id the group takes: one linked store-wide, else a named one, else the oldest."""
    return min(members, key=lambda u: (not u.shared, not u.named, _number(u.gid)))


def resolve_institutions(store: Store, lang: Language, article_ids: Sequence[str]) -> dict[str, str]:
    """Group the descriptions of bodies in the stories of these (just linked) articles and point every local
    entity of a group at one global entity; return the local -> global links it changed."""
    stories = store.stories_of_articles(article_ids)
    if not stories:
        return {}
    rows = [InstitutionRow(r.local_id, r.article_id, r.story, r.name, list(r.aliases), r.global_id)
            for r in store.linked_entities_in_stories(stories, "PER")]
    changed, renamed = group_institutions(rows, lang)
    if changed:
        save_global_entities(store, renamed, changed)
    return changed


@dataclass(frozen=True)
class InstitutionRow:
    """One local entity (not a person) of an article in a story, with the global entity it is linked to."""

    local_id: str
    article_id: str
    story: str
    name: str
    aliases: list[str]
    gid: str


def group_institutions(rows: Iterable[InstitutionRow], lang: Language) -> tuple[dict[str, str], list[Entity]]:
    """Group the descriptions of bodies story by story (see the module doc): the local -> global links that
    change, and the global entities the groups become (named after their forms).

    A pure function of the rows, in publication order (undated last), then by entity id, as the store
    lists them: the local link stage and the Spark engine both call it."""
    reader = load_description_reader(lang)
    units: dict[tuple[str, str], Unit] = {}
    for row in rows:
        forms = list(dict.fromkeys([row.name, *row.aliases]))
        described = [(f, reader.describe(f)) for f in forms]
        if not described or any(d is None for _, d in described):
            continue
        ds = [(f, d) for f, d in described if d is not None]
        scoped = reader.is_scoped(forms)
        if not scoped and not any(d.head in reader.ir.merge_by_head for _, d in ds):
            continue  # a named body of another kind: linked by name, nothing to resolve
        # a capitalised body with adjectives of its own ("Assemblée nationale") is named too, within the story
        named = not scoped or any("name" in d.identity() for _, d in ds)
        unit = units.setdefault((row.story, row.gid), Unit(row.gid, named, not scoped))
        unit.named = unit.named or named
        unit.shared = unit.shared or not scoped
        unit.add(row.local_id, row.article_id, ds)
    changed: dict[str, str] = {}
    renamed = []
    for story in sorted({s for s, _ in units}):
        for members in group_units([u for (s, _), u in units.items() if s == story]):
            if len(members) < 2:
                continue
            rep = _representative(members)
            for unit in members:
                if unit is not rep:
                    changed.update(dict.fromkeys(unit.locals, rep.gid))
            if not rep.shared:
                renamed.append(_merged_entity(rep, members))
    return changed, renamed


def _merged_entity(rep: Unit, members: Sequence[Unit]) -> Entity:
    """The group's global entity: every form of its members, named by the form most of them use (the longer
    one on a tie, as more telling)."""
    forms: dict[str, int] = {}
    for unit in members:
        for surface, count in unit.forms.items():
            forms[surface] = forms.get(surface, 0) + count
    name = max(forms, key=lambda f: (forms[f], len(f)))
    return Entity(name=name, type="ORG", aliases=list(forms), id=rep.gid)

