"""The words of a reminder and of a step cue, from a routine and the library's names."""

from __future__ import annotations

import math
from collections.abc import Mapping

from deskbreak.core import Routine, Step
from deskbreak.library import load_library

__all__ = ["CUE_BODY_LIMIT", "cue_text", "routine_summary"]

# About what a notification shows unexpanded (dunst, GNOME, KDE): the tip goes in a cue only within it.
CUE_BODY_LIMIT = 300


def routine_summary(routine: Routine, names: Mapping[str, str]) -> str:
    """The reminder body, e.g. "Chair twist · standing forward fold · wall dog — 3 min"."""
    seen: list[str] = []
    for step in routine.steps:
        name = names.get(step.stretch, step.stretch.replace("-", " "))
        if name not in seen:
            seen.append(name)
    text = " · ".join([seen[0], *(name[0].lower() + name[1:] for name in seen[1:])])
    return f"{text} — {math.ceil(routine.duration.total_seconds() / 60)} min"


def cue_text(step: Step, names: Mapping[str, str]) -> tuple[str, str]:
    """Title and body for the cue at the start of ``step``.

    The body says how long or how many, then every caution of the stretch,
    for someone who follows the break by notification alone, and its tip
    where that still fits in ``CUE_BODY_LIMIT`` characters.
    """
    name = names.get(step.stretch, step.stretch.replace("-", " "))
    title = f"{name}, {step.side} side" if step.side else name
    amount = f"{step.reps} slow reps" if step.reps else f"hold {round(step.length.total_seconds())} s"
    lines = [amount.capitalize()]
    stretch = load_library().stretches.get(step.stretch)
    if stretch is not None:
        lines += [f"⚠ {caution}" for caution in stretch.cautions]
        tip = f"Tip: {stretch.tip}"
        if len("\n".join([*lines, tip])) <= CUE_BODY_LIMIT:
            lines.append(tip)
    return f"Now: {title}", "\n".join(lines)
