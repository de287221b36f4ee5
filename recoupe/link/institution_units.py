"""Units of a story's descriptions of bodies, how they group, and how a group is kept as one unit.

A unit is the local entities of one story that share a global entity (see `recoupe.link.institutions`).
Grouping joins units whose heads meet and whose identities do not conflict; once joined, their local entities
point at one global entity, so the next grouping of that story sees them as one unit holding all they held.
Because of that, a story's units are all a later grouping needs of its earlier articles: they are kept in the
store (`merge_group`, `encode_unit`) and the articles joining the story are added to them, which gives the
units, hence the groups, that reading every entity of the story again would give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from recoupe.records import Entity

Identity = dict[str, set[str]]
# Where a surface form first appears in a story: its entity's (undated, publication date, entity id), then
# its place among the entity's forms; the order the store lists a story's entities in.
FormKey = tuple[bool, str, str, int]


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
    form_keys: dict[str, FormKey] = field(default_factory=dict)  # surface form -> where it first appears

    def add(self, local_id: str, article_id: str, descriptions: Sequence[tuple[str, Any]],
            key: tuple[bool, str, str] = (True, "", "")) -> None:
        """Add one local entity with its described surface forms (`Description`s) and its place in the story."""
        self.locals.append(local_id)
        self.articles.add(article_id)
        for i, (surface, d) in enumerate(descriptions):
            self.heads.add(d.head)
            self.forms[surface] = self.forms.get(surface, 0) + 1
            self.form_keys.setdefault(surface, (*key, i))
            for kind, values in d.identity().items():
                self.identity.setdefault(kind, set()).update(values)

    def first(self) -> FormKey:
        """Where the unit first appears in its story (its first entity's first form)."""
        return min(self.form_keys.values(), default=(True, "", "", 0))

    def sort_forms(self) -> None:
        """List the forms in the order they first appear, as a unit read from the whole story lists them."""
        self.forms = {f: self.forms[f] for f in sorted(self.forms, key=lambda f: self.form_keys[f])}


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


def representative(members: Sequence[Unit]) -> Unit:
    """The unit whose global id the group takes: one linked store-wide, else a named one, else the oldest."""
    return min(members, key=lambda u: (not u.shared, not u.named, _number(u.gid)))


def merged_entity(rep: Unit, members: Sequence[Unit]) -> Entity:
    """The group's global entity: every form of its members, named by the form most of them use (the longer
    one on a tie, as more telling)."""
    forms: dict[str, int] = {}
    for unit in members:
        for surface, count in unit.forms.items():
            forms[surface] = forms.get(surface, 0) + count
    name = max(forms, key=lambda f: (forms[f], len(f)))
    return Entity(name=name, type="ORG", aliases=list(forms), id=rep.gid)


def merge_group(rep: Unit, members: Sequence[Unit]) -> Unit:
    """The one unit a group becomes once its local entities point at the representative's global entity: what
    a unit read from the story's entities under that id would hold."""
    out = Unit(rep.gid, any(u.named for u in members), any(u.shared for u in members))
    for unit in members:
        out.heads |= unit.heads
        out.articles |= unit.articles
        out.locals.extend(unit.locals)
        for kind, values in unit.identity.items():
            out.identity.setdefault(kind, set()).update(values)
        for surface, count in unit.forms.items():
            out.forms[surface] = out.forms.get(surface, 0) + count
            out.form_keys[surface] = min(out.form_keys.get(surface, unit.form_keys[surface]), unit.form_keys[surface])
    out.sort_forms()
    return out


def encode_unit(unit: Unit) -> dict[str, Any]:
    """A unit as the JSON kept in the store (sets sorted, forms in their order with where they first appear)."""
    return {"named": unit.named, "shared": unit.shared, "heads": sorted(unit.heads),
            "identity": {k: sorted(v) for k, v in sorted(unit.identity.items())},
            "articles": sorted(unit.articles), "locals": unit.locals,
            "forms": [[f, n, list(unit.form_keys[f])] for f, n in unit.forms.items()]}


def decode_unit(gid: str, state: dict[str, Any]) -> Unit:
    """The unit kept as `state` under global id `gid` (see `encode_unit`)."""
    forms = {f: int(n) for f, n, _ in state["forms"]}
    keys: dict[str, FormKey] = {f: (bool(k[0]), str(k[1]), str(k[2]), int(k[3])) for f, _, k in state["forms"]}
    return Unit(gid, bool(state["named"]), bool(state["shared"]), set(state["heads"]),
                {k: set(v) for k, v in state["identity"].items()}, set(state["articles"]), list(state["locals"]),
                forms, keys)
