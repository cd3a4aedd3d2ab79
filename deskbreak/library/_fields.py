"""Typed reading of TOML tables, so every content error names its place.

The content files and a user's routine tables are both plain TOML; reading
them through ``Table`` turns a wrong type, a missing key or a typo into one
line such as ``routine 'mine', step 2: reps = "ten": expected a whole number``
instead of a KeyError deep inside a loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from deskbreak.config.did_you_mean import did_you_mean
from deskbreak.config.durations import DURATION_HINT, format_duration, parse_duration

__all__ = ["ContentError", "Table"]


class ContentError(ValueError):
    """Content or a routine table that cannot be used; the message says where and why."""


class Table:
    """One TOML table plus a description of where it is, for error messages."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict):
            raise ContentError(f"{where}: expected a table, got {_show(raw)}")
        self._raw: dict[str, Any] = raw
        self.where = where

    def names(self) -> list[str]:
        """The keys given, in file order."""
        return list(self._raw)

    def has(self, key: str) -> bool:
        """Whether ``key`` was given at all."""
        return key in self._raw

    def fail(self, key: str, problem: str) -> ContentError:
        """An error about ``key`` in this table, quoting the value given."""
        if key in self._raw:
            return ContentError(f"{self.where}: {key} = {_show(self._raw[key])}: {problem}")
        return ContentError(f"{self.where}: {key}: {problem}")

    def value(self, key: str) -> object:
        """The raw value of a required key."""
        if key not in self._raw:
            raise self.fail(key, "missing")
        return self._raw[key]

    def text(self, key: str, default: str | None = None) -> str:
        """A required string (or ``default`` when absent and one is given)."""
        if default is not None and key not in self._raw:
            return default
        found = self.value(key)
        if not isinstance(found, str) or not found.strip():
            raise self.fail(key, "expected a non-empty string")
        return found.strip()

    def optional_text(self, key: str) -> str | None:
        """A string that may be left out."""
        return self.text(key) if key in self._raw else None

    def texts(self, key: str, fewest: int = 0, most: int = 1000) -> tuple[str, ...]:
        """A list of non-empty strings with a bounded length."""
        found = self._raw.get(key, [])
        if not isinstance(found, list) or not all(isinstance(item, str) and item.strip() for item in found):
            raise self.fail(key, "expected a list of non-empty strings")
        if not fewest <= len(found) <= most:
            raise self.fail(key, f"expected {fewest} to {most} entries, got {len(found)}")
        return tuple(item.strip() for item in found)

    def integer(self, key: str, fewest: int, most: int) -> int:
        """A whole number in ``fewest..most``."""
        found = self.value(key)
        if isinstance(found, bool) or not isinstance(found, int):
            raise self.fail(key, "expected a whole number")
        if not fewest <= found <= most:
            raise self.fail(key, f"must be between {fewest} and {most}")
        return found

    def duration(self, key: str, shortest: timedelta, longest: timedelta) -> timedelta:
        """A duration string such as "30s", within bounds."""
        found = self.value(key)
        if not isinstance(found, str):
            raise self.fail(key, f"expected {DURATION_HINT}")
        try:
            length = parse_duration(found)
        except ValueError as error:
            raise self.fail(key, str(error)) from None
        if not shortest <= length <= longest:
            raise self.fail(key, f"must be between {_seconds(shortest)} and {_seconds(longest)}")
        return length

    def duration_span(self, key: str, shortest: timedelta, longest: timedelta) -> tuple[timedelta, timedelta]:
        """A duration or a [shortest, longest] pair of them, e.g. "30s" or ["30s", "60s"]."""
        low, high = (Table({key: item}, self.where).duration(key, shortest, longest) for item in self._pair(key))
        if high < low:
            raise self.fail(key, "put the shorter duration first")
        return (low, high)

    def integer_span(self, key: str, fewest: int, most: int) -> tuple[int, int]:
        """A whole number or a [fewest, most] pair of them, e.g. 10 or [10, 15]."""
        low, high = (Table({key: item}, self.where).integer(key, fewest, most) for item in self._pair(key))
        if high < low:
            raise self.fail(key, "put the smaller number first")
        return (low, high)

    def _pair(self, key: str) -> list[object]:
        """One value as [value, value], or a two-item list as it is."""
        found = self.value(key)
        if not isinstance(found, list):
            return [found, found]
        if len(found) != 2:
            raise self.fail(key, "expected one value or a [low, high] pair")
        return found

    def flag(self, key: str) -> bool:
        """A required true/false."""
        found = self.value(key)
        if not isinstance(found, bool):
            raise self.fail(key, "expected true or false")
        return found

    def fraction(self, key: str) -> float:
        """A number between 0 and 1."""
        found = self.value(key)
        if isinstance(found, bool) or not isinstance(found, int | float) or not 0 < found <= 1:
            raise self.fail(key, "expected a number above 0 and at most 1")
        return float(found)

    def subtables(self, key: str) -> Iterator[tuple[str, Table]]:
        """Each ``name = {...}`` entry of a table of tables, as a ``Table``."""
        inner = Table(self.value(key), f"{self.where}[{key}]" if self.where else f"[{key}]")
        for name in inner._raw:
            yield name, Table(inner._raw[name], f"{inner.where} {name!r}")

    def rows(self, key: str) -> Iterator[tuple[int, Table]]:
        """Each entry of an array of tables, numbered from 1."""
        found = self._raw.get(key, [])
        if not isinstance(found, list):
            raise self.fail(key, "expected a list of tables")
        for number, row in enumerate(found, start=1):
            yield number, Table(row, f"{self.where}, {key[:-1] if key.endswith('s') else key} {number}")

    def only(self, *allowed: str) -> None:
        """Reject keys outside ``allowed``, suggesting the closest one."""
        for key in self._raw:
            if key not in allowed:
                hint = did_you_mean(key, allowed) or f" (expected one of: {', '.join(allowed)})"
                raise ContentError(f"{self.where}: {key}: unknown key{hint}")


def _show(raw: object) -> str:
    """A short TOML-ish rendering of a value for messages."""
    if isinstance(raw, str):
        return f'"{raw}"'
    if isinstance(raw, bool):
        return str(raw).lower()
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _seconds(length: timedelta) -> str:
    """A bound as the config file spells it."""
    return f'"{format_duration(length)}"'
