"""Entities across articles: one global entity for every spelling of one person, organisation or place.

Each article's reader already grouped its own mentions into `Entity` records (with every surface form in
`aliases`). The `EntityLinker` takes them one article at a time and puts each into a global entity, through
indexes keyed by sound keys of names, surnames, acronyms and initials, so that adding an article never
revisits the others:

- a form of a well-known entity from the language's table joins that entity (EI, Daech, Etat islamique);
- a full person name joins a person whose surname is the same word, spelled the same or transliterated
  (al-Kazimi, Al-Kazemi, Kadhimi), and whose first name agrees: Joe Biden and Hunter Biden stay apart;
- a bare surname joins the most prominent full name with that surname, only if no other is nearly as
  prominent; otherwise it joins a person known only by that surname, or a place of that very name (a
  "Washington" that NER took for a person); a given name after its title ("prince Philip") is no surname;
- a name one word short of a longer one joins it ("Saïf al-Islam", "Saïf al-Islam Kadhafi");
- an organisation or place joins one with the same name (spelled alike or transliterated), or an acronym
  joins the name its letters abbreviate (OSDH); a bare head the article used for a longer name ("Conseil")
  is not matched across articles; a place joins a person only by that person's full name, or by the bare
  surname of a dominant person (NER often takes "Kadhafi" for a place), never "Al-Assad" for "Bachar al-Assad";
- a named description of a body joins one of the same identity however worded ("la Défense arménienne", "le
  ministère arménien de la Défense"); an unnamed one of a body single in an article ("la coalition", "le
  Parlement") is linked by no name: it gets its own global entity, and `link/institutions.py` joins it to the
  others of its story once stories are known.

`merge_entities` runs a fresh linker over a set of readings and returns `Entity` records for the export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol

from recoupe.lang import Language, load_language
from recoupe.link.entity_index import KeyIndex, format_key, list_form_keys, list_given_keys, list_given_probes
from recoupe.link.entity_keys import NameForm, NameKeys, load_name_keys
from recoupe.link.entity_records import GlobalRecord
from recoupe.link.institutions import DescriptionReader, load_description_reader
from recoupe.read.entities.rules import fold
from recoupe.records import Entity, Mention, Reading

__all__ = ["EntityLinker", "EntitySource", "GlobalEntity", "merge_entities"]

# A bare surname joins the most prominent full name with that surname only when that name is in at least this
# many times as many articles as the next one, so that two people about equally present leave it alone.
# Measured on the TLS Libya topic (133 articles): every value from 1 to 5 gives the same partition (bare
# "Kadhafi" goes to Mouammar Kadhafi, in far more articles than any son); 10 starts leaving surnames alone.
# 3 sits inside that plateau; the dev corpus has no ambiguous surname.
_DOMINANCE = 3.0

_SNAPSHOT_VERSION = 1


@dataclass(slots=True)
class GlobalEntity:
    """One entity across articles: canonical name, type, every surface form, and the local entities it joins."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    local_ids: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)


class EntitySource(Protocol):
    """Where a linker restored lazily finds the global entities it needs: ids filed under lookup keys, and
    their saved states (the store's entity_keys and entity_states, see `recoupe.link.driver`)."""

    def global_ids(self, keys: list[str]) -> dict[str, list[str]]:
        """The global entities filed under each key (keys with none are absent)."""

    def states(self, ids: list[str]) -> list[dict[str, Any]]:
        """The saved states (`entity_states` rows) of the given global entities."""


class EntityLinker:
    """Links the entities of one article after another into global entities; incremental and snapshot-able."""

    def __init__(self, lang: Language, prefix: str = "") -> None:
        """Start an empty linker for a language (its rules come from the language plug); its global ids are
        `prefix` + "g" + a counter, so that the linkers of several languages in one store never share one."""
        self.lang = lang
        self.prefix = prefix
        self.keys: NameKeys = load_name_keys(lang)
        self.descriptions: DescriptionReader = load_description_reader(lang)
        self._reset()

    def _reset(self) -> None:
        self._globals: dict[str, GlobalRecord] = {}
        self._seen: set[str] = set()  # articles already linked
        self._next = 0
        self._by_sound = KeyIndex()
        # the part of `_by_sound` filed by a form's whole sound key, not by a longer name's last word: kept in
        # memory only, since the store files both under one key ("France" meets every "X France" there)
        self._by_name_sound = KeyIndex()
        self._by_surname = KeyIndex()
        # full person names by surname and given name (`list_given_keys`), in memory only: filled by `_index`
        # from the entities the surname lookup loaded, it lists only the candidates `same_person` can accept
        self._by_given = KeyIndex()
        self._by_prefix = KeyIndex()  # a 3+-word name without its last word
        self._by_acronym = KeyIndex()
        self._by_initials = KeyIndex()
        self._by_known: dict[str, str] = {}
        self._full: dict[str, list[NameForm]] = {}  # global id -> its multi-word forms (person full names)
        self._by_identity = KeyIndex()  # named body descriptions, by (head, features)
        self._source: EntitySource | None = None  # restored lazily: entities are loaded as keys are looked up
        self._fetched: set[str] = set()  # lookup keys already asked of the source
        self._new_keys: list[tuple[str, str]] = []  # (lookup key, global id) filed since `pop_new_keys`

    # ---- public API -------------------------------------------------------------------------------------

    def add(self, article_id: str, entities: Sequence[Entity]) -> dict[str, str]:
        """Link one article's entities; return local entity id -> global id ("g12").

        Full names are linked before bare surnames, so that a surname can join a full name of the same article.
        """
        self._fetch([("article", article_id)])
        if article_id in self._seen:  # already linked: a re-run gives the same answer and changes nothing
            wanted = {e.id for e in entities}
            return {lid: g.id for g in self._globals.values() if article_id in g.articles
                    for lid in g.locals if lid in wanted}
        self._seen.add(article_id)
        out: dict[str, str] = {}
        prepared = [(entity, self._forms(entity)) for entity in entities]
        prepared.sort(key=lambda p: p[0].type == "PER" and all(len(f.key) < 2 for f in p[1]))
        for entity, forms in prepared:
            scoped = entity.type != "PER" and self.descriptions.is_scoped(_surfaces(entity))
            # "la coalition": which one depends on the story, resolved there (link/institutions.py)
            gid = None if scoped else self._match(entity, forms)
            if gid is None:
                gid = self._new_global()
                self._globals[gid].scoped = scoped
            self._attach(gid, article_id, entity, forms)
            out[entity.id] = gid
        return out

    def entities(self, ids: Collection[str] | None = None) -> list[GlobalEntity]:
        """Every global entity (or only those in `ids`), in order of creation, with its canonical name.

        The canonical name (the most frequent full form) is costly to rank, so the link stage asks only
        for the entities a batch touched: listing all 73,856 of OrangeSum took 8 s per batch.
        """
        return [self._public(g) for g in self._chosen(ids)]

    def pop_changed_entities(self, ids: Collection[str]) -> list[GlobalEntity]:
        """The public records (name, type, aliases; no locals) of the entities in `ids` whose record changed since
        the last call: a much-named entity is touched by every batch but seldom gains a form or a new name, and
        its row need not be written again. Aliases only grow, so an unchanged count is an unchanged list."""
        out = []
        for g in self._chosen(ids):
            mark = (self._name(g), g.type(), len(g.forms))
            if mark != g.published:
                g.published = mark
                out.append(GlobalEntity(id=g.id, name=mark[0], type=mark[1], aliases=list(g.forms)))
        return out

    def snapshot(self) -> dict[str, Any]:
        """The linker's state as plain JSON-serialisable data (indexes are rebuilt by `restore`)."""
        return {**self.counter_state(), "entities": self.entity_states()}

    def counter_state(self) -> dict[str, Any]:
        """The part of the state that is not per entity: the snapshot version and the next id's number."""
        return {"version": _SNAPSHOT_VERSION, "next": self._next}

    def entity_states(self, ids: Collection[str] | None = None) -> list[dict[str, Any]]:
        """The state of every global entity (or only of those in `ids`), in order of creation: a store saves
        only the entities a batch touched (every entity `add` changes is among the ids it returns)."""
        return [{"id": g.id, "names": dict(g.names), "forms": dict(g.forms), "types": dict(g.types),
                 "locals": list(g.locals), "articles": list(g.articles), "known": g.known, "scoped": g.scoped}
                for g in self._chosen(ids)]

    def pop_entity_parts(self, ids: Collection[str] | None = None) -> tuple[list[dict[str, Any]],
                                                                           list[tuple[str, str, int, str]]]:
        """The states of the entities in `ids` (all when None) without their lists of local entities and articles,
        and the (global id, kind, seq, member) rows those lists gained since the last call ("l" a local entity,
        "a" an article): a much-named entity is touched by every batch, and its lists grow with the store."""
        states, members = [], []
        for g in self._chosen(ids):
            states.append({"id": g.id, "names": dict(g.names), "forms": dict(g.forms), "types": dict(g.types),
                           "known": g.known, "scoped": g.scoped})
            n_locals, n_articles = g.saved
            members += [(g.id, "l", i, lid) for i, lid in enumerate(g.locals[n_locals:], n_locals)]
            new = list(islice(reversed(g.articles), len(g.articles) - n_articles))[::-1]
            members += [(g.id, "a", i, aid) for i, aid in enumerate(new, n_articles)]
            g.saved = (len(g.locals), len(g.articles))
        return states, members

    def _chosen(self, ids: Collection[str] | None) -> Iterable[GlobalRecord]:
        """Every global entity, or those in `ids`, in order of creation (ids are "g" + a counter), looked up
        without walking all of them: a batch touches a few hundred of the tens of thousands."""
        if ids is None:
            return self._globals.values()
        return [self._globals[i] for i in sorted(ids, key=_id_number) if i in self._globals]

    def restore(self, state: dict[str, Any]) -> None:
        """Replace the linker's state by a `snapshot()`, rebuilding the indexes."""
        self._restart(state)
        for row in state["entities"]:
            self._load(row)

    def restore_lazily(self, counter: dict[str, Any], source: EntitySource) -> None:
        """Start from a saved counter (`counter_state()`), loading each global entity from `source` only when one
        of its lookup keys is first looked up: linking an article then costs what its names meet, not the store.

        Links as `restore` of the whole snapshot would, provided `source` files every saved entity under every
        key of `keys_of` (the driver writes them with the states).
        """
        self._restart(counter)
        self._source = source

    def keys_of(self, ids: Collection[str] | None = None) -> list[tuple[str, str]]:
        """(lookup key, global id) of every key each global entity (or those in `ids`) is found by."""
        out: list[tuple[str, str]] = []
        for g in self._chosen(ids):
            out += [(format_key("article", a), g.id) for a in g.articles]
            if g.scoped:
                continue
            if g.known is not None:
                out.append((format_key("known", g.known), g.id))
            for surface in g.forms:
                out += [(format_key(kind, key), g.id) for kind, key in self._list_surface_keys(surface)]
        return out

    def pop_new_keys(self) -> list[tuple[str, str]]:
        """The (lookup key, global id) pairs filed since the last call: what a store adds to its keys."""
        keys, self._new_keys = self._new_keys, []
        return keys

    def _restart(self, counter: dict[str, Any]) -> None:
        if counter.get("version") != _SNAPSHOT_VERSION:
            raise ValueError(f"unknown entity-linker snapshot version: {counter.get('version')!r}")
        self._reset()
        self._next = int(counter["next"])

    def _load(self, row: dict[str, Any]) -> None:
        """Take one saved global entity into the linker, with its index entries."""
        g = GlobalRecord(row["id"], Counter(row["names"]), Counter(row["forms"]), Counter(row["types"]),
                    list(row["locals"]), dict.fromkeys(row["articles"]), row.get("known"), row.get("scoped", False))
        if row.get("parted"):  # its lists came from the store's rows: only what is attached later is new
            g.saved = (len(g.locals), len(g.articles))
        self._globals[g.id] = g
        self._seen.update(g.articles)
        if g.scoped:
            return
        if g.known is not None:
            self._by_known[g.known] = g.id
        for surface in g.forms:
            self._index(g.id, self.keys.form(surface))
            self._index_description(g.id, surface)

    def _fetch(self, wanted: Iterable[tuple[str, Any]]) -> None:
        """Load from the source every global entity filed under the keys not yet asked of it (lazy restore)."""
        if self._source is None:
            return
        keys = [k for k in dict.fromkeys(format_key(kind, key) for kind, key in wanted) if k not in self._fetched]
        if not keys:
            return
        found = self._source.global_ids(keys)
        self._fetched.update(keys)
        missing = sorted({g for ids in found.values() for g in ids} - self._globals.keys(), key=lambda g: int(g[1:]))
        for row in self._source.states(missing) if missing else []:
            if row["id"] not in self._globals:
                self._load(row)

    # ---- matching ---------------------------------------------------------------------------------------

    def _forms(self, entity: Entity) -> list[NameForm]:
        seen: dict[str, NameForm] = {}
        for surface in (entity.name, *entity.aliases):
            if surface not in seen:
                form = self.keys.form(surface)
                if form.key:
                    seen[surface] = form
        return list(seen.values())

    def _match(self, entity: Entity, forms: list[NameForm]) -> str | None:
        for surface in (entity.name, *entity.aliases):
            known = self.keys.known(surface)
            if known is not None:
                self._fetch([("known", known.name)])
                return self._by_known.get(known.name) or self._claim_known(known.name)
        if not forms:
            return None
        if entity.type == "PER":
            full = [f for f in forms if len(f.key) >= 2]
            if full:
                return self._match_person(full)
            return self._match_surname(forms, given=self._given_name(entity))
        return self._match_thing(forms, entity.name) or self._match_description(entity)

    def _match_description(self, entity: Entity) -> str | None:
        """A named description of a body joins one with the same identity however it is worded ("la Défense
        arménienne", "le ministère arménien de la Défense"); equal identities, as the reader requires in an article."""
        keys = []
        for surface in _surfaces(entity):
            d = self.descriptions.describe(surface)
            if d is not None and d.named:
                keys.append((d.head, d.features))
        found = [g for g in self._lookup("identity", keys) if not self._globals[g].is_person()]
        return self._most_present(found) if found else None

    def _claim_known(self, name: str) -> str:
        gid = self._new_global()
        self._globals[gid].known = name
        self._by_known[name] = gid
        self._new_keys.append((format_key("known", name), gid))
        return gid

    def _match_person(self, full: list[NameForm]) -> str | None:
        """A full person name: the person with a compatible full name, else one known only by that surname."""
        cands = self._lookup_given(full)
        cands += self._lookup("prefix", [f.sound for f in full])  # "Saïf al-Islam" begins a longer name
        cands += self._lookup("sound", [f.sound[:-1] for f in full if len(f.key) >= 3])
        people = [g for g in cands if self._globals[g].is_person()
                  and any(self.keys.same_person(f, c) for f in full for c in self._canonical_full(g))]
        if people:
            return self._most_present(people)
        surname_only = [g for g in self._lookup_named([f.sound[-1:] for f in full])
                        if self._globals[g].is_person() and not self._full.get(g)
                        and any(len(c.key) == 1 and self.keys.same_word(f, len(f.key) - 1, c, 0)
                                for f in full for c in self._forms_of(g))]
        if surname_only:
            return self._most_present(surname_only)
        things = [g for g in self._lookup("sound", [f.sound for f in full]) if not self._globals[g].is_person()
                  and any(self.keys.same_name(f, c) for f in full for c in self._forms_sounding(g, f.sound))]
        return self._most_present(things) if things else None

    def _given_name(self, entity: Entity) -> bool:
        """Whether a title that precedes given names ("prince Philip", "pape François") introduces the entity's name."""
        titles = self.keys.rules.given_name_titles
        return any(len(words := surface.split()) == 2 and fold(words[0]) in titles for surface in entity.aliases)

    def _match_surname(self, forms: list[NameForm], given: bool = False) -> str | None:
        """A bare surname: the dominant full name with it, else a person or place of exactly that name. A given name
        ("le prince Philip") is no surname: it joins only a person or place of exactly that name."""
        cands = [] if given else self._lookup("surname", [f.sound[-1] for f in forms])
        people = [g for g in cands if self._globals[g].is_person()
                  and any(self.keys.same_word(f, len(f.key) - 1, c, len(c.key) - 1)
                          for f in forms for c in self._canonical_full(g))]
        if people:
            return self._dominant(people)
        same = [g for g in self._lookup_named([f.sound for f in forms])
                if not self._full.get(g) or not self._globals[g].is_person()]
        persons = [g for g in same if self._globals[g].is_person()
                   and any(self.keys.same_name(f, c) for f in forms for c in self._forms_sounding(g, f.sound))]
        if persons:
            return self._most_present(persons)
        places = [g for g in same if any(f.exact == c.exact for f in forms for c in self._forms_sounding(g, f.sound))]
        return self._most_present(places) if places else None

    def _match_thing(self, forms: list[NameForm], name: str) -> str | None:
        """An organisation or place: same name, an acronym of it, or a person-tagged name of exactly that form.

        A match on the entity's own name beats a match on an alias. A bare common head the article used for a
        longer name ("Conseil" for "Conseil national de transition") is not matched across articles: it would
        bridge unrelated entities.
        """
        multi = any(len(f.key) >= 2 for f in forms)
        # the entity's own name is never a bare head: it is the fullest core ("Morandi" beside "le pont de Gênes",
        # a description of it that must not outweigh it)
        usable = [f for f in forms if len(f.key) >= 2 or f.acronym or not multi or f.surface == name]
        score: dict[str, int] = {}
        for g in self._thing_candidates(usable):
            person = self._globals[g].is_person()
            for f in usable:
                # only a full person name can match a form of another sound key (same_person); same_name and
                # exact words need equal sound keys
                mine = self._forms_of(g) if person and len(f.key) >= 2 else self._forms_sounding(g, f.sound)
                if any(self._thing_matches(f, c, person, g) for c in mine):
                    score[g] = max(score.get(g, 0), 2 if f.surface == name else 1)
        acronyms = [f.acronym for f in forms if f.acronym and len(f.acronym) >= 3]
        initials = [f.initials for f in forms if f.initials]
        for g in [*self._lookup("initials", acronyms), *self._lookup("acronym", initials)]:
            if not self._globals[g].is_person() and self._globals[g].known is None:
                score.setdefault(g, 1)
        best = max(score, key=lambda g: (score[g], len(self._globals[g].articles), -_id_number(g))) if score else None
        if multi:
            return best
        # a one-word "place" (no particle) that is the surname of a dominant person, in more articles than any place of
        # that name: NER mistook the person's name ("Kadhafi" in Libya news; "Washington" stays the city)
        people = [g for g in self._lookup("surname", [f.sound[-1] for f in forms])
                  if self._globals[g].is_person()
                  and any(len(f.exact) == 1 and self.keys.same_word(f, 0, c, len(c.key) - 1)
                          for f in forms for c in self._canonical_full(g))]
        bearer = self._dominant(people) if people else None
        if bearer is not None and (best is None or len(self._globals[bearer].articles) > len(
                self._globals[best].articles)):
            return bearer
        return best

    def _thing_candidates(self, usable: list[NameForm]) -> list[str]:
        """The global entities a name of an organisation or place can match by sound: those with a form of its
        sound key, and, when it has a full name, the persons filed under its one-word forms by a full name of
        theirs (a full name NER took for a place matches a person's full name of another sound key)."""
        found = self._lookup_named([f.sound for f in usable])
        if any(len(f.key) >= 2 for f in usable):
            found += [g for g in self._lookup("sound", [f.sound for f in usable if len(f.key) == 1])
                      if self._globals[g].is_person()]
        return list(dict.fromkeys(found))

    def _thing_matches(self, f: NameForm, c: NameForm, person: bool, gid: str) -> bool:
        if not person:
            return self.keys.same_name(f, c)
        if len(f.key) >= 2:  # a full person name NER took for a place or organisation
            return self.keys.same_person(f, c)
        return f.exact == c.exact and not self._full.get(gid)

    # ---- state ------------------------------------------------------------------------------------------

    def _new_global(self) -> str:
        gid = f"{self.prefix}g{self._next}"
        self._next += 1
        self._globals[gid] = GlobalRecord(gid)
        return gid

    def _attach(self, gid: str, article_id: str, entity: Entity, forms: list[NameForm]) -> None:
        g = self._globals[gid]
        g.names[entity.name] += 1
        g.count_type(entity.type, max(1, len(entity.mentions)))
        g.locals.append(entity.id)
        if article_id not in g.articles:
            g.articles[article_id] = None
            self._new_keys.append((format_key("article", article_id), gid))
        surfaces = [*_surfaces(entity), *(m.text for m in entity.mentions)]
        for surface in surfaces:
            if surface not in g.forms and not g.scoped:  # a scoped description is never matched by name
                self._index(gid, self.keys.form(surface))
                self._index_description(gid, surface)
                self._new_keys += [(format_key(kind, key), gid) for kind, key in self._list_surface_keys(surface)]
            if surface not in g.forms:
                g.by_sound = None
            g.forms[surface] += 1
        g.canonical = None

    def _index(self, gid: str, form: NameForm) -> None:
        for kind, key in list_form_keys(form):
            self._get_index(kind).add(key, gid)
        if form.key:
            self._by_name_sound.add(form.sound, gid)
        if len(form.key) >= 2:
            self._full.setdefault(gid, []).append(form)
            for key in list_given_keys(form):
                self._by_given.add(key, gid)

    def _index_description(self, gid: str, surface: str) -> None:
        d = self.descriptions.describe(surface)
        if d is not None and d.named:
            self._by_identity.add((d.head, d.features), gid)

    def _list_surface_keys(self, surface: str) -> list[tuple[str, Any]]:
        """The (index, key) entries one surface form files its entity under (names, then a named description)."""
        out = list_form_keys(self.keys.form(surface))
        d = self.descriptions.describe(surface)
        if d is not None and d.named:
            out.append(("identity", (d.head, d.features)))
        return out

    def _get_index(self, kind: str) -> KeyIndex:
        indexes: dict[str, KeyIndex] = {
            "sound": self._by_sound, "surname": self._by_surname, "prefix": self._by_prefix,
            "acronym": self._by_acronym, "initials": self._by_initials, "identity": self._by_identity}
        return indexes[kind]

    # ---- helpers ----------------------------------------------------------------------------------------

    def _lookup(self, kind: str, keys: Iterable[Any]) -> list[str]:
        keys = list(keys)
        self._fetch((kind, key) for key in keys)
        index = self._get_index(kind)
        out: dict[str, None] = {}
        for key in keys:
            for gid in index.listed(key):
                out[gid] = None
        return list(out)

    def _lookup_given(self, full: list[NameForm]) -> list[str]:
        """The global entities with a full name of the same surname whose given names can agree with one of
        `full` (loading every entity filed under the surnames first): a common surname's other people are not
        walked."""
        self._fetch(("surname", f.sound[-1]) for f in full)
        out: dict[str, None] = {}
        for probe in (p for f in full for p in list_given_probes(f)):
            out.update(dict.fromkeys(self._by_given.listed(probe)))
        return list(out)

    def _lookup_named(self, sounds: Iterable[tuple[str, ...]]) -> list[str]:
        """The global entities with a form of one of these whole sound keys (loading those filed under them).

        Every match by sound (same name, same exact words, a one-word name against a one-word form) needs a form
        of the very sound key; the entities filed there only by a longer name's last word ("Air France" under
        "France") cannot match and are not walked: on a large store they are most of a common name's entries.
        """
        sounds = list(sounds)
        self._fetch(("sound", key) for key in sounds)
        out: dict[str, None] = {}
        for key in sounds:
            for gid in self._by_name_sound.listed(key):
                out[gid] = None
        return list(out)

    def _forms_of(self, gid: str) -> list[NameForm]:
        """Every form of a global entity (any order: callers only ask whether one of them matches)."""
        return [form for forms in self._sound_groups(gid).values() for form in forms]

    def _forms_sounding(self, gid: str, sound: tuple[str, ...]) -> list[NameForm]:
        """The forms of a global entity with this sound key: the only ones that can have the same name (or the
        same exact words) as a form of that sound, since equal words have equal sound keys."""
        return self._sound_groups(gid).get(sound, [])

    def _sound_groups(self, gid: str) -> dict[tuple[str, ...], list[NameForm]]:
        """A global entity's forms grouped by sound key, built once and kept until it gains a surface form."""
        g = self._globals[gid]
        if g.by_sound is None:
            g.by_sound = {}
            for surface in g.forms:
                form = self.keys.form(surface)
                g.by_sound.setdefault(form.sound, []).append(form)
        return g.by_sound

    def _canonical_full(self, gid: str) -> list[NameForm]:
        """The full names a person is mostly called by (those as frequent as the most frequent one); kept until
        the entity is attached again, since a common surname's people are asked for it by every article naming it."""
        g = self._globals[gid]
        if g.canonical is None:
            full = [(g.forms[f.surface], f) for f in self._full.get(gid, [])]
            top = max((n for n, _ in full), default=0)
            g.canonical = [f for n, f in full if n == top]
        return g.canonical

    def _most_present(self, gids: Sequence[str]) -> str:
        return max(dict.fromkeys(gids), key=lambda g: (len(self._globals[g].articles), -_id_number(g)))

    def _dominant(self, gids: Sequence[str]) -> str | None:
        ranked = sorted(dict.fromkeys(gids), key=lambda g: (-len(self._globals[g].articles), _id_number(g)))
        if len(ranked) == 1 or len(self._globals[ranked[0]].articles) >= _DOMINANCE * len(
                self._globals[ranked[1]].articles):
            return ranked[0]
        return None

    def _public(self, g: GlobalRecord) -> GlobalEntity:
        return GlobalEntity(id=g.id, name=self._name(g), type=g.type(), aliases=list(g.forms),
                            local_ids=list(g.locals), articles=list(g.articles))

    def _name(self, g: GlobalRecord) -> str:
        if g.known is not None:
            return g.known
        person = g.is_person()
        # a person by a full name, anything else by a name rather than an acronym; then the name most locals
        # carry, then the form most mentions use; on a tie, a person's shorter name ("Qassem Soleimani" before
        # a span that swallowed a word, "Quds Qassem Soleimani") and an organisation's longer one
        def rank(n: str) -> tuple[bool, int, int, int]:
            form = self.keys.form(n)
            full = len(form.key) >= 2 if person else form.acronym is None
            return full, g.names[n], g.forms[n], -len(n) if person else len(n)

        return max(g.names, key=rank)


def _id_number(gid: str) -> int:
    """The counter of a global id ("g12", "en:g3"): ids sort in order of creation by it."""
    return int(gid.rsplit("g", 1)[1])


def _surfaces(entity: Entity) -> list[str]:
    """An entity's canonical name and aliases, each once."""
    return list(dict.fromkeys([entity.name, *entity.aliases]))


def merge_entities(readings: Sequence[Reading], lang: Language | None = None) -> list[Entity]:
    """Global `Entity` records for a set of readings: id = global id, mentions spanning every article.

    This is what the export's `entities` list carries; `lang` defaults to French.
    """
    linker = EntityLinker(lang or load_language("fr"))
    by_local: dict[str, Entity] = {}
    for reading in readings:
        linker.add(reading.article, reading.entities)
        for entity in reading.entities:
            by_local[entity.id] = entity
    out: list[Entity] = []
    for g in linker.entities():
        mentions: list[Mention] = [m for lid in g.local_ids for m in by_local[lid].mentions]
        out.append(Entity(name=g.name, type=g.type, mentions=mentions, aliases=list(g.aliases), id=g.id))
    return out
