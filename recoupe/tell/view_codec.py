"""Records to JSON and back, exactly: a dataclass becomes an object of its fields, and is rebuilt from its
type hints, so that what is kept in the store reads back equal to what was computed (tuples stay tuples,
numbers keep their type). Used for the story views kept per version of a story (`story_views`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
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


@dataclass
class Decoder:
    """Rebuilds values from `encode`'s data, resolving each dataclass's field types once (it is slow)."""

    hints: dict[type, dict[str, Any]] = field(default_factory=dict)

    def decode(self, data: Any, hint: Any) -> Any:
        """The value of type `hint` that `encode` made `data` from; ViewFormatError when it does not fit."""
        origin = typing.get_origin(hint)
        if hint is Any:
            return data
        if origin in (typing.Union, types.UnionType):
            return self._union(data, typing.get_args(hint))
        if origin in (list, set, frozenset, tuple):
            return self._sequence(data, origin, typing.get_args(hint))
        if origin is dict:
            value_hint = typing.get_args(hint)[1]
            if not isinstance(data, dict):
                raise ViewFormatError(f"expected an object for {hint}")
            return {k: self.decode(v, value_hint) for k, v in data.items()}
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._record(data, hint)
        if hint is float and isinstance(data, int) and not isinstance(data, bool):
            return data  # a float field may hold an int: kept as it was
        if isinstance(hint, type) and not isinstance(data, hint):
            raise ViewFormatError(f"expected {hint.__name__}, got {type(data).__name__}")
        return data

    def _union(self, data: Any, options: tuple[Any, ...]) -> Any:
        """The first option of a union that `data` fits (None when it is None and may be)."""
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return self.decode(data, option)
            except ViewFormatError:
                continue
        raise ViewFormatError(f"no option of {options} fits")

    def _sequence(self, data: Any, origin: type, args: tuple[Any, ...]) -> Any:
        """A list, set or tuple (of one type, or of fixed types) from a JSON array."""
        if not isinstance(data, list):
            raise ViewFormatError(f"expected an array for {origin.__name__}")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise ViewFormatError("tuple of another length")
            return tuple(self.decode(v, h) for v, h in zip(data, args, strict=True))
        item = args[0] if args else Any
        return origin(self.decode(v, item) for v in data)

    def _record(self, data: Any, cls: type) -> Any:
        """A dataclass from the object of its fields."""
        if not isinstance(data, dict):
            raise ViewFormatError(f"expected an object for {cls.__name__}")
        hints = self.hints.get(cls)
        if hints is None:
            hints = self.hints[cls] = typing.get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        if set(data) != set(names):
            raise ViewFormatError(f"{cls.__name__} has other fields")
        return cls(**{name: self.decode(data[name], hints[name]) for name in names})
