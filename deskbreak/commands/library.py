"""``deskbreak routines`` and ``deskbreak about``: the stretch content, in the terminal."""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from datetime import timedelta

from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_file import user_config_path
from deskbreak.core import Settings
from deskbreak.library import Library, Reference, Safety, desk_side_version, load_library, routines_for

__all__ = ["about", "routines"]

_INDENT = " " * 25  # under a routine's description, past its name and length


def routines(args: argparse.Namespace) -> int:
    """List every routine, the user's own included, with its length, what it is for and any floor swaps."""
    try:
        settings = _user_settings()
    except ConfigError as error:
        print(f"{error}\n(showing the built-in routines only)", file=sys.stderr)
        settings = Settings()
    library = load_library()
    if settings.focus == "sciatic":
        print("\n".join([*_sciatic_note(library.safety), ""]))
    on_floor = False
    for routine in routines_for(Settings(user_routines=settings.user_routines)):
        guide = library.routines.get(routine.name)
        description = guide.description if guide and guide.description else routine.title
        desk_side, swaps = desk_side_version(routine)
        shown = routine if settings.floor else desk_side
        mark = "*" if settings.floor and swaps else " "
        on_floor = on_floor or mark == "*"
        print(f"{routine.name:<15}{mark} {_clock(shown.duration):>6}  {description}")
        if swaps and not settings.floor:
            names = [f"{library.stretches[swap.floor].name} → {library.stretches[swap.desk].name}" for swap in swaps]
            print(_wrap("off the floor: " + ", ".join(names), indent=_INDENT, first=_INDENT))
    if on_floor:
        print("\n* has floor stretches; [break] floor = false in the config file swaps them for desk-side ones.")
    return 0


def _user_settings() -> Settings:
    path = user_config_path()
    return load_settings(path) if path.exists() else Settings()


def about(args: argparse.Namespace) -> int:
    """When to stop, how hard and how often to stretch, and the sources with what each found."""
    library = load_library()
    safety = library.safety
    low, high = safety.intensity
    paragraphs = [
        "\n".join(_sciatic_note(safety)),
        _wrap(f"If bending forward hurts: {safety.forward_bending_advice}"),
        "\n".join(_checks(safety)),
        "\n".join(_wrap(text) for text in (
            f"How hard: aim for {low} to {high} out of 10. {safety.intensity_advice}", safety.sharp_pain_advice,
            safety.morning_advice, safety.micro_break_advice, safety.habit_advice, safety.daily_advice)),
        "\n".join(_sources(library)),
    ]  # fmt: skip
    print("\n\n".join(paragraphs))
    return 0


def _urgent(safety: Safety) -> list[str]:
    """The signs that mean stop now, under their heading."""
    flags = [flag for flag in safety.red_flags if flag.urgent]
    return ["Stop stretching and get medical help straight away if:",
            *(_wrap(f"- {flag.sign}", indent="  ") for flag in flags)]  # fmt: skip


def _sciatic_note(safety: Safety) -> list[str]:
    """Sciatic pain's advice, with the signs that mean stop now up front."""
    return [*_urgent(safety), "", _wrap(f"Sciatic pain (pain running down a leg): {safety.sciatic_advice}")]


def _checks(safety: Safety) -> list[str]:
    """The signs that call for a doctor or physiotherapist, each with what to do."""
    flags = [flag for flag in safety.red_flags if not flag.urgent]
    return ["See a doctor or physiotherapist when:",
            *(_wrap(f"- {flag.sign.rstrip('.')}: {flag.action}", indent="  ") for flag in flags)]  # fmt: skip


def _sources(library: Library) -> list[str]:
    """Every source with what it found; the ones an article reports without a full reference apart."""
    full = [ref for ref in library.references.values() if ref.kind == "article" or (ref.authors and ref.title)]
    partial = [ref for ref in library.references.values() if ref not in full]
    lines = ["Sources:"]
    for heading, references in (("", full), ("Reported by an article without a full reference, so not checked:",
                                             partial)):  # fmt: skip
        lines += [heading] if heading else []
        for reference in references:
            lines += [_wrap(f"- {_citation(reference)}", indent="  "),
                      _wrap(reference.finding, indent="    ", first="    ")]  # fmt: skip
    return lines


def _citation(reference: Reference) -> str:
    """Authors (year). Title. Journal, details. Or, for a study named only in passing, what is missing."""
    year = f"({reference.year})" if reference.year else None
    if not reference.authors:
        return _passing_mention(reference, year)
    head = " ".join(part for part in (reference.authors, year) if part)
    tail = ", ".join(part for part in (reference.journal, reference.details) if part)
    return " ".join(f"{part.rstrip('.')}." for part in (head, reference.title, tail) if part)


def _passing_mention(reference: Reference, year: str | None) -> str:
    """A study an article names without authors: what it does give, and what it leaves out."""
    missing = ["authors", *(name for name, given in (("title", reference.title), ("journal", reference.journal))
                            if not given)]  # fmt: skip
    listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} or {missing[-1]}"
    named = " ".join(part for part in (reference.title or reference.journal or "A study", year) if part)
    return f"{named}; no {listed} given."


def _wrap(text: str, indent: str = "", first: str = "") -> str:
    return textwrap.fill(text, width=88, initial_indent=first, subsequent_indent=indent)


def _clock(length: timedelta) -> str:
    seconds = math.ceil(length.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"
