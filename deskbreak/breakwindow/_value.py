"""Frozen, keyword-only value classes for the window process, without ``dataclasses``.

``dataclasses`` loads ``inspect`` (and with it ``ast``, ``dis`` and
``tokenize``): about 1.7 MiB of a process whose whole job is one small
window. A ``Value`` subclass declares its fields as annotations, with
defaults as class attributes, and gets what the window needs of a frozen
dataclass: a keyword-only ``__init__`` (``kw_only=False``
in the class line also takes them in order), equality, hashing, a readable
``repr``, ``replace`` and ``as_dict``. Type checkers read it as a frozen,
keyword-only dataclass (``dataclass_transform``).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import Any, ClassVar, Self, dataclass_transform
else:

    def dataclass_transform(**_options: object) -> object:
        """At run time the marker does nothing; it is for type checkers."""
        return lambda kind: kind


__all__ = ["Value", "as_dict"]


@dataclass_transform(kw_only_default=True, frozen_default=True, eq_default=True)
class Value:
    """A frozen value whose fields are its class's own annotations, in order."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _positional: ClassVar[bool] = False

    def __init_subclass__(cls, kw_only: bool = True) -> None:
        cls._fields = tuple(cls.__annotations__)  # its own: Python 3.10 on gives a class without any an empty dict
        cls._positional = not kw_only

    def __init__(self, *positional: Any, **values: Any) -> None:
        kind = type(self)
        if positional and not kind._positional:
            raise TypeError(f"{kind.__name__} takes its fields by keyword only")
        values |= dict(zip(kind._fields, positional, strict=False))
        unknown = sorted(set(values) - set(kind._fields))
        missing = [name for name in kind._fields if name not in values and not hasattr(kind, name)]
        if unknown or missing:
            raise TypeError(f"{kind.__name__}: unexpected {unknown}, missing {missing}")
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, _value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot change its {name}")

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Value) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` made, as ``dataclasses.replace`` gives."""
        return type(self)(**{name: getattr(self, name) for name in self._fields} | changes)


def as_dict(value: Value) -> dict[str, Any]:
    """``value`` as plain data, as ``dataclasses.asdict`` gives: nested values become dicts, tuples lists."""
    return {name: _plain(getattr(value, name)) for name in value._fields}


def _plain(item: object) -> object:
    if isinstance(item, Value):
        return as_dict(item)
    if isinstance(item, tuple | list):
        return [_plain(part) for part in item]
    return item
