"""A pain and stiffness check-in, and reading one from the command line.

The areas and red-flag names are in ``deskbreak.checkin_names``; the red
flags' signs and advice are the stretch library's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from deskbreak.checkin_names import AREAS, RED_FLAG_SIGNS
from deskbreak.config.did_you_mean import did_you_mean

__all__ = ["HIGHEST_LEVEL", "Checkin", "parse_area", "parse_flags", "parse_level"]

HIGHEST_LEVEL = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Checkin:
    """How stiff or sore the user felt: ``level`` 0 (not at all) to 10 (worst).

    ``at`` is timezone-aware, in the offset the user was in, so its date is
    the day it meant to them. ``area`` is one of ``AREAS`` or None (not
    said); ``flags`` holds red-flag names from ``RED_FLAG_SIGNS``.
    """

    at: datetime
    level: int
    area: str | None = None
    flags: tuple[str, ...] = ()
    note: str | None = None


def parse_level(text: str) -> int:
    """A level typed by the user; ValueError with a one-line reason."""
    try:
        level = int(text.strip())
    except ValueError:
        raise ValueError(f'level "{text}" is not a whole number from 0 to {HIGHEST_LEVEL}') from None
    if not 0 <= level <= HIGHEST_LEVEL:
        raise ValueError(f"level {level} is out of range: 0 (no stiffness or pain) to {HIGHEST_LEVEL} (the worst)")
    return level


def parse_area(text: str) -> str:
    """``lower-back`` (or ``lower back``, any case) as the stored area name."""
    area = " ".join(text.strip().lower().replace("-", " ").split())
    if area not in AREAS:
        slugs = [known.replace(" ", "-") for known in AREAS]
        raise ValueError(
            f'unknown area "{text}"{did_you_mean(area.replace(" ", "-"), slugs)} (known: {", ".join(slugs)})'
        )
    return area


def parse_flags(names: Iterable[str]) -> tuple[str, ...]:
    """Red-flag names, checked and without repeats, in the order given."""
    flags: list[str] = []
    for text in names:
        name = text.strip().lower()
        if name not in RED_FLAG_SIGNS:
            known = list(RED_FLAG_SIGNS)
            raise ValueError(f'unknown red flag "{text}"{did_you_mean(name, known)} (known: {", ".join(known)})')
        if name not in flags:
            flags.append(name)
    return tuple(flags)
