"""Reads and cross-checks the content files into one ``Library``.

stretches.toml holds the stretches and the references, poses.toml the
picture data for each stretch, safety.toml the advice on intensity, timing
and warning signs, and routines.toml the built-in routines. Any mismatch
between them (a routine naming a missing stretch, a stretch without a pose,
a citation of an unknown reference) stops loading with the file and place.
"""

from __future__ import annotations

import re
import tomllib
from datetime import timedelta
from functools import cache
from importlib import resources

from deskbreak.library._fields import ContentError, Table
from deskbreak.library._model import POSITIONS, REGIONS, Library, RedFlag, Reference, Safety, Stretch
from deskbreak.library._pose import parse_pose
from deskbreak.library._routines import parse_routine

__all__ = ["load_library"]

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_KINDS = ("article", "paper")


@cache
def load_library() -> Library:
    """The stretch library that ships with deskbreak, loaded once."""
    stretch_file, pose_file = _read("stretches.toml"), _read("poses.toml")
    references = {key: _reference(key, table) for key, table in stretch_file.subtables("references")}
    for reference in references.values():
        if reference.cited_in is not None and getattr(references.get(reference.cited_in), "kind", None) != "article":
            raise ContentError(f"stretches.toml: reference {reference.key!r}: cited_in must name an article")
    stretches = {key: _stretch(key, table, pose_file, references) for key, table in stretch_file.subtables("stretches")}
    stray_poses = sorted(set(pose_file.names()) - set(stretches))
    if stray_poses:
        raise ContentError(f"poses.toml: pose for unknown stretch {stray_poses[0]!r}")
    routine_file = _read("routines.toml")
    routines = {
        name: parse_routine(name, routine_file.value(name), stretches, references) for name in routine_file.names()
    }
    safety = _safety(_read("safety.toml"), references)
    return Library(stretches=stretches, references=references, safety=safety, routines=routines)


def _read(name: str) -> Table:
    """One content file as a ``Table`` whose errors start with the file name."""
    text = resources.files("deskbreak.content").joinpath(name).read_text("utf-8")
    try:
        return Table(tomllib.loads(text), name)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{name}: {error}") from None


def _reference(key: str, table: Table) -> Reference:
    """One entry of [references]."""
    table.only("kind", "title", "authors", "year", "journal", "details", "cited_in", "finding")
    kind = table.text("kind")
    if kind not in _KINDS:
        raise table.fail("kind", f"expected one of: {', '.join(_KINDS)}")
    return Reference(
        key=key,
        kind=kind,
        title=table.optional_text("title"),
        authors=table.optional_text("authors"),
        year=table.integer("year", 1900, 2100) if table.has("year") else None,
        journal=table.optional_text("journal"),
        details=table.optional_text("details"),
        cited_in=table.optional_text("cited_in"),
        finding=table.text("finding"),
    )


def _stretch(key: str, table: Table, pose_file: Table, references: dict[str, Reference]) -> Stretch:
    """One entry of [stretches], with its pose, checked against the references."""
    table.only("name", "about", "regions", "position", "steps", "hold", "reps", "rep_time",
               "per_side", "tip", "cautions", "references")  # fmt: skip
    if not _ID.fullmatch(key):
        raise ContentError(f"{table.where}: ids are lower-case words joined by dashes")
    if table.has("hold") == table.has("reps") or table.has("reps") != table.has("rep_time"):
        raise ContentError(f"{table.where}: give either hold, or reps with rep_time")
    if not pose_file.has(key):
        raise ContentError(f"poses.toml: no pose for stretch {key!r}")
    per_side = table.flag("per_side")
    return Stretch(
        id=key,
        name=table.text("name"),
        about=table.text("about"),
        regions=_chosen(table, "regions", REGIONS),
        position=_chosen(table, "position", POSITIONS)[0],
        steps=table.texts("steps", fewest=3, most=6),
        hold=table.duration_span("hold", timedelta(seconds=1), timedelta(minutes=5)) if table.has("hold") else None,
        reps=table.integer_span("reps", 1, 30) if table.has("reps") else None,
        rep_time=table.duration("rep_time", timedelta(seconds=1), timedelta(minutes=1)) if table.has("reps") else None,
        per_side=per_side,
        tip=table.text("tip"),
        cautions=table.texts("cautions", fewest=1),
        references=_known(table, references),
        pose=parse_pose(Table(pose_file.value(key), f"poses.toml [{key}]"), per_side),
    )


def _chosen(table: Table, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """A string or list of strings, each one of ``allowed``."""
    chosen = table.texts(key, fewest=1) if isinstance(table.value(key), list) else (table.text(key),)
    for value in chosen:
        if value not in allowed:
            raise table.fail(key, f"unknown {value!r} (expected: {', '.join(allowed)})")
    return chosen


def _safety(table: Table, references: dict[str, Reference]) -> Safety:
    """safety.toml as typed advice."""
    table.only("references", "intensity", "morning", "breaks", "forward_bending", "sciatic", "red_flags")
    intensity = Table(table.value("intensity"), "safety.toml [intensity]")
    morning = Table(table.value("morning"), "safety.toml [morning]")
    breaks = Table(table.value("breaks"), "safety.toml [breaks]")
    forward_bending = Table(table.value("forward_bending"), "safety.toml [forward_bending]")
    sciatic = Table(table.value("sciatic"), "safety.toml [sciatic]")
    return Safety(
        intensity=intensity.integer_span("aim", 1, 10),
        too_intense=intensity.integer("too_intense", 1, 10),
        back_off_to=intensity.fraction("back_off_to"),
        intensity_advice=intensity.text("advice"),
        sharp_pain_advice=intensity.text("sharp_pain"),
        gentle_after_waking=morning.duration("gentle_for", timedelta(minutes=1), timedelta(hours=4)),
        morning_advice=morning.text("advice"),
        micro_break_every=breaks.duration("micro_every", timedelta(minutes=1), timedelta(hours=8)),
        micro_break_length=breaks.duration_span("micro_length", timedelta(seconds=30), timedelta(minutes=30)),
        micro_break_advice=breaks.text("micro_advice"),
        desk_break_every=breaks.duration_span("desk_every", timedelta(minutes=1), timedelta(hours=8)),
        habit_advice=breaks.text("habit"),
        daily_advice=breaks.text("daily"),
        forward_bending_advice=forward_bending.text("advice"),
        sciatic_advice=sciatic.text("advice"),
        red_flags=tuple(_red_flag(row, references) for _, row in table.rows("red_flags")),
        references=_known(table, references),
    )


def _red_flag(row: Table, references: dict[str, Reference]) -> RedFlag:
    """One [[red_flags]] entry."""
    row.only("sign", "action", "urgent", "references")
    return RedFlag(sign=row.text("sign"), action=row.text("action"), urgent=row.flag("urgent"),
                   references=_known(row, references))  # fmt: skip


def _known(table: Table, references: dict[str, Reference]) -> tuple[str, ...]:
    """A table's ``references`` list, every key checked."""
    cited = table.texts("references", fewest=1)
    for key in cited:
        if key not in references:
            raise table.fail("references", f"unknown reference {key!r}")
    return cited
