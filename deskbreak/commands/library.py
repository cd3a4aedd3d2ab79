"""``deskbreak routines`` and ``deskbreak about``: the stretch content, in the terminal."""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
from datetime import timedelta

from deskbreak.core import Settings
from deskbreak.library import Reference, load_library
from deskbreak.routines import routines_for
from deskbreak.settings_file import ConfigError, load_settings
from deskbreak.user_config import user_config_path

__all__ = ["about", "routines"]


def routines(args: argparse.Namespace) -> int:
    """List every routine, the user's own included, with its length and what it is for."""
    try:
        settings = _user_settings()
    except ConfigError as error:
        print(f"{error}\n(showing the built-in routines only)", file=sys.stderr)
        settings = Settings()
    guides = load_library().routines
    for routine in routines_for(settings):
        guide = guides.get(routine.name)
        description = guide.description if guide and guide.description else routine.title
        print(f"{routine.name:<16} {_clock(routine.duration):>6}  {description}")
    return 0


def _user_settings() -> Settings:
    path = user_config_path()
    return load_settings(path) if path.exists() else Settings()


def about(args: argparse.Namespace) -> int:
    """How hard to stretch, when to stop and see someone, and the sources."""
    library = load_library()
    safety = library.safety
    low, high = safety.intensity
    print(f"How hard: aim for {low} to {high} out of 10. {safety.intensity_advice}")
    print(_wrap(safety.sharp_pain_advice))
    print(_wrap(safety.morning_advice))
    print(_wrap(safety.micro_break_advice))
    print("\nStop stretching and see a doctor or physiotherapist if:")
    for flag in safety.red_flags:
        print(_wrap(f"- {flag.sign.rstrip('.')}: {flag.action}", indent="  "))
    print("\nSources:")
    for reference in library.references.values():
        print(_wrap(f"- {_citation(reference)}", indent="  "))
    return 0


def _citation(reference: Reference) -> str:
    parts = [reference.authors, f"({reference.year})" if reference.year else None, reference.title,
             reference.journal, reference.details]
    return " ".join(part for part in parts if part)


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=88, subsequent_indent=indent)


def _clock(length: timedelta) -> str:
    seconds = math.ceil(length.total_seconds())
    return f"{seconds // 60}:{seconds % 60:02d}"
