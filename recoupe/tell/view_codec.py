"""Records to JSON and back, exactly: a dataclass becomes an object of its fields, and is rebuilt from its
type hints, so that what is kept in the store reads back equal to what was computed (tuples stay tuples,
numbers keep their type). Used for the story views kept per version of a story (`story_views`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ViewFormatError(ValueError):
    """A kept value does not fit the type it is read as (kept by another version of the code)."""


def encode(value: Any) -> Any:
    """A value made of dataclasses, lists, tuples, dicts with text keys and scalars, as plain JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def decode(data: Any, hint: Any) -> Any:
    """The value of type `hint` that `encode` made `data` from; ViewFormatError when `data` does not fit."""
    return Decoder().decode(data, hint)


Decode = Callable[[Any], Any]


@dataclass
class Decoder:
    """Rebuilds values from `encode`'s data. Each type is turned once into a function that rebuilds its values
    (resolving a dataclass's field types and a hint's shape is slow; a story view holds thousands of values)."""

    plans: dict[Any, Decode] = field(default_factory=dict)

    def decode(self, data: Any, hint: Any) -> Any:
        """The value of type `hint` that `encode` made `data` from; ViewFormatError when it does not fit."""
        return self.plan(hint)(data)

    def plan(self, hint: Any) -> Decode:
        """The function that rebuilds values of type `hint`, made on first use."""
        found = self.plans.get(hint)
        if found is None:
            found = self.plans[hint] = self._make(hint)
        return found

    def _make(self, hint: Any) -> Decode:
        """A function that rebuilds values of type `hint` (see `decode`)."""
        origin = typing.get_origin(hint)
        if hint is Any:
            return _same
        if origin in (typing.Union, types.UnionType):
            return self._union(typing.get_args(hint))
        if origin in (list, set, frozenset, tuple):
            return self._sequence(origin, typing.get_args(hint))
        if origin is dict:
            return self._mapping(typing.get_args(hint)[1])
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._record(hint)
        if isinstance(hint, type):
            return _scalar((int, float) if hint is float else hint)  # a float field may hold an int: kept so
        return _same

    def _union(self, options: tuple[Any, ...]) -> Decode:
        """The first option of a union that a value fits (None when it is None and may be)."""
        nullable = type(None) in options
        plans = [self.plan(o) for o in options if o is not type(None)]

        def rebuild(data: Any) -> Any:
            if data is None and nullable:
                return None
            for plan in plans:
                with contextlib.suppress(ViewFormatError):
                    return plan(data)
            raise ViewFormatError(f"no option of {options} fits")
        return rebuild

    def _sequence(self, origin: type, args: tuple[Any, ...]) -> Decode:
        """A list, set or tuple (of one type, or of fixed types) from a JSON array."""
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            plans = [self.plan(a) for a in args]

            def fixed(data: Any) -> Any:
                if not isinstance(data, list) or len(data) != len(plans):
                    raise ViewFormatError("expected an array of another length")
                return tuple(plan(v) for plan, v in zip(plans, data, strict=True))
            return fixed
        item = self.plan(args[0] if args else Any)

        def many(data: Any) -> Any:
            if not isinstance(data, list):
                raise ViewFormatError(f"expected an array for {origin.__name__}")
            return origin(item(v) for v in data) if origin is not list else [item(v) for v in data]
        return many

    def _mapping(self, value_hint: Any) -> Decode:
        """A dict with text keys from a JSON object."""
        value = self.plan(value_hint)

        def rebuild(data: Any) -> Any:
            if not isinstance(data, dict):
                raise ViewFormatError("expected an object")
            return {k: value(v) for k, v in data.items()}
        return rebuild

    def _record(self, cls: type) -> Decode:
        """A dataclass from the object of its fields (the plans of its fields are made on first use, so that a
        record may hold records of its own type)."""
        hints = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        wanted = set(names)

        def rebuild(data: Any) -> Any:
            if not isinstance(data, dict) or data.keys() != wanted:
                raise ViewFormatError(f"expected the fields of {cls.__name__}")
            return cls(**{name: self.plan(hints[name])(data[name]) for name in names})
        return rebuild


def _same(data: Any) -> Any:
    """Any value, as it is."""
    return data


def _scalar(kinds: type | tuple[type, ...]) -> Decode:
    """A text, number or truth value of the given kind, as it is (a truth value is no number here)."""
    def rebuild(data: Any) -> Any:
        if not isinstance(data, kinds) or (isinstance(data, bool) and kinds is not bool):
            raise ViewFormatError(f"expected {kinds}, got {type(data).__name__}")
        return data
    return rebuild
