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
ids stay valid. A story's units are kept in the store (`recoupe.link.institution_units`), so a call reads only the
entities of the articles that joined its stories since the last one, whatever the size of the stories; a story
whose kept units no longer describe it (an article of it re-analysed or deleted) is read whole again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from recoupe.lang import Language
from recoupe.link.institution_units import (
    Unit,
    compatible,
    decode_unit,
    encode_unit,
    group_units,
    merge_group,
    merged_entity,
    representative,
)
from recoupe.read.entities.rules import EntityRules, fold, load_entity_rules
from recoupe.read.entities.spans import stem_adjective
from recoupe.records import Entity
from recoupe.store import Store
from recoupe.store.base import LinkedEntity
from recoupe.store.institution_groups import (
    cover_institution_articles,
    linked_entities_of_articles,
    linked_entities_of_stories,
    list_uncovered_articles,
    load_institution_coverage,
    load_institution_units,
    save_institution_units,
)
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


# Bumped when what a kept unit holds or how units are grouped changes: stories kept under another version are
# read whole again on their next change.
UNITS_VERSION = 1


@dataclass(frozen=True)
class InstitutionRow:
    """One local entity (not a person) of an article in a story, with the global entity it is linked to."""

    local_id: str
    article_id: str
    story: str
    name: str
    aliases: list[str]
    gid: str


@dataclass
class _StoryUnits:
    """One story's units as a call groups them: kept ones plus those its new articles add, or all read whole."""

    units: dict[str, Unit]
    whole: bool
    articles: list[str]  # the articles read this time (all of the story's when `whole`)
    covered: int  # articles the kept units were read from before
    touched: set[str]  # global ids of the units that changed


def resolve_institutions(store: Store, lang: Language, article_ids: Sequence[str]) -> dict[str, str]:
    """Group the descriptions of bodies in the stories of these (just linked) articles and point every local
    entity of a group at one global entity; return the local -> global links it changed.

    Reads the kept units of each story and the entities of the articles not yet in them, not every entity of
    the story: a group's entities share one global entity from then on, so the units hold all a grouping needs
    of the story's earlier articles, and the groups are those of the whole story (tests/test_institution_units.py).
    """
    stories = store.stories_of_articles(article_ids)
    if not stories:
        return {}
    reader = load_description_reader(lang)
    found = _load_story_units(store, stories)
    whole = [s for s in stories if found[s].whole]
    fresh = [a for s in stories if not found[s].whole for a in found[s].articles]
    for row, published in [*linked_entities_of_stories(store, whole, "PER"),
                           *linked_entities_of_articles(store, fresh, "PER")]:
        gid = _add_row(reader, found[row.story].units, _row_of(row), published)
        if gid is not None:
            found[row.story].touched.add(gid)
    changed: dict[str, str] = {}
    renamed: list[Entity] = []
    for story in stories:
        _group_kept(store, story, found[story], changed, renamed)
    if changed:
        save_global_entities(store, renamed, changed)
    return changed


def _load_story_units(store: Store, stories: list[str]) -> dict[str, _StoryUnits]:
    """Each story's kept units and the articles not yet in them; a story without kept units of this version, or
    one an article left, is to be read whole."""
    coverage = load_institution_coverage(store, stories)
    kept = [s for s in stories if (c := coverage.get(s)) is not None and c[0] == c[1] and c[2] == UNITS_VERSION]
    fresh = list_uncovered_articles(store, kept)
    states = load_institution_units(store, kept)
    found = {s: _StoryUnits({gid: decode_unit(gid, st) for gid, st in states[s].items()}, False,
                            fresh.get(s, []), coverage[s][0], set()) for s in kept}
    for story in stories:
        found.setdefault(story, _StoryUnits({}, True, store.story_article_ids(story), 0, set()))
    return found


def _group_kept(store: Store, story: str, found: _StoryUnits, changed: dict[str, str], renamed: list[Entity]) -> None:
    """Group one story's units, note the links and entities that change, and keep the units it leaves."""
    units = found.units
    for gid in found.touched:
        units[gid].sort_forms()  # a late article's forms may come before the kept ones
    order = list(units.values()) if found.whole else sorted(units.values(), key=Unit.first)
    dropped: list[str] = []
    for rep, members in _grouped(order, changed, renamed):
        dropped.extend(u.gid for u in members if u.gid != rep.gid)
        for unit in members:
            units.pop(unit.gid, None)
        units[rep.gid] = merge_group(rep, members)
        found.touched.add(rep.gid)
    written = units if found.whole else {gid: units[gid] for gid in found.touched if gid in units}
    save_institution_units(store, story, UNITS_VERSION, {gid: encode_unit(u) for gid, u in written.items()},
                           [gid for gid in dropped if gid not in units], found.whole)
    cover_institution_articles(store, story, found.articles, found.covered + len(found.articles), UNITS_VERSION)


def _grouped(units: Sequence[Unit], changed: dict[str, str], renamed: list[Entity]) -> list[tuple[Unit, list[Unit]]]:
    """Group a story's units; add the links that change and the entities the groups become; return each group
    of two or more with its representative."""
    out = []
    for members in group_units(units):
        if len(members) < 2:
            continue
        rep = representative(members)
        for unit in members:
            if unit is not rep:
                changed.update(dict.fromkeys(unit.locals, rep.gid))
        if not rep.shared:
            renamed.append(merged_entity(rep, members))
        out.append((rep, members))
    return out


def _row_of(r: LinkedEntity) -> InstitutionRow:
    return InstitutionRow(r.local_id, r.article_id, r.story, r.name, list(r.aliases), r.global_id)


def _add_row(reader: DescriptionReader, units: dict[str, Unit], row: InstitutionRow,
             published: str | None = None) -> str | None:
    """Add a row to its unit when it describes a body the resolver groups; return the unit's global id, else None."""
    forms = list(dict.fromkeys([row.name, *row.aliases]))
    described = [(f, reader.describe(f)) for f in forms]
    if not described or any(d is None for _, d in described):
        return None
    ds = [(f, d) for f, d in described if d is not None]
    scoped = reader.is_scoped(forms)
    if not scoped and not any(d.head in reader.ir.merge_by_head for _, d in ds):
        return None  # a named body of another kind: linked by name, nothing to resolve
    # a capitalised body with adjectives of its own ("Assemblée nationale") is named too, within the story
    named = not scoped or any("name" in d.identity() for _, d in ds)
    unit = units.setdefault(row.gid, Unit(row.gid, named, not scoped))
    unit.named = unit.named or named
    unit.shared = unit.shared or not scoped
    unit.add(row.local_id, row.article_id, ds, (published is None, published or "", row.local_id))
    return row.gid


def group_institutions(rows: Iterable[InstitutionRow], lang: Language) -> tuple[dict[str, str], list[Entity]]:
    """Group the descriptions of bodies story by story (see the module doc): the local -> global links that
    change, and the global entities the groups become (named after their forms).

    A pure function of the rows, in publication order (undated last), then by entity id, as the store
    lists them: the Spark engine calls it on whole stories."""
    reader = load_description_reader(lang)
    by_story: dict[str, dict[str, Unit]] = {}
    for row in rows:
        _add_row(reader, by_story.setdefault(row.story, {}), row)
    changed: dict[str, str] = {}
    renamed: list[Entity] = []
    for story in sorted(by_story):
        _grouped(list(by_story[story].values()), changed, renamed)
    return changed, renamed
