"""Pose data: where each joint of the stick figure sits, and the props around it.

Points live in a unit box (x to the right, y downwards). A side-view figure
has a near side (drawn solid) and a far side (drawn lighter, behind the body);
``side`` is the side the points show, so the other side is a mirror image.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskbreak.library._fields import ContentError, Table

__all__ = ["ACCENTS", "JOINTS", "PROP_SHAPES", "VIEWS", "Point", "Pose", "Prop", "parse_pose"]

Point = tuple[float, float]

JOINTS = (
    "head", "neck", "back", "hip",
    "near_elbow", "near_hand", "far_elbow", "far_hand",
    "near_knee", "near_foot", "far_knee", "far_foot",
)  # fmt: skip
# Where left out, a shoulder sits at the neck, a hip joint at the pelvis, and a foot has no toe.
OPTIONAL_JOINTS = ("near_shoulder", "far_shoulder", "near_hip", "far_hip", "near_toe", "far_toe")
ACCENTS = (
    "neck", "upper_spine", "lower_spine", "shoulders", "pelvis",
    "near_upper_arm", "near_forearm", "far_upper_arm", "far_forearm",
    "near_thigh", "near_shin", "far_thigh", "far_shin",
)  # fmt: skip
VIEWS = ("side", "front", "above")
PROP_SHAPES: dict[str, tuple[str, ...]] = {
    "floor": ("y",),
    "wall": ("x", "top", "bottom"),
    "door": ("x", "top", "bottom"),
    "roller": ("x", "y", "r"),
    "mat": ("left", "top", "right", "bottom"),
    "arc": ("x", "y", "r", "start", "end"),
    "chair": ("front", "back", "seat", "top", "floor"),  # a side view: seat from front to back, backrest to top
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Prop:
    """Something the figure uses or lies on, with its numbers by name."""

    kind: str
    at: dict[str, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class Pose:
    """One picture's worth of figure: joints, an optional faint second position, props."""

    view: str
    side: str | None
    joints: dict[str, Point]
    ghost: dict[str, Point] | None
    accent: frozenset[str]
    props: tuple[Prop, ...]


def parse_pose(pose: Table, per_side: bool) -> Pose:
    """A checked ``Pose`` from one stretch's table in poses.toml."""
    pose.only("view", "side", "accent", "props", "joints", "ghost")
    view = pose.text("view")
    if view not in VIEWS:
        raise pose.fail("view", f"expected one of: {', '.join(VIEWS)}")
    side = pose.optional_text("side")
    if per_side != (side in ("left", "right")):
        raise pose.fail("side", '"left" or "right" for a stretch done on each side, absent otherwise')
    accent = pose.texts("accent", fewest=1)
    for name in accent:
        if name not in ACCENTS:
            raise pose.fail("accent", f"unknown part {name!r} (expected: {', '.join(ACCENTS)})")
    joints = _points(Table(pose.value("joints"), f"{pose.where}.joints"), required=True)
    ghost = None
    if pose.has("ghost"):
        ghost = joints | _points(Table(pose.value("ghost"), f"{pose.where}.ghost"), required=False)
    props = tuple(_prop(row) for _, row in pose.rows("props"))
    return Pose(view=view, side=side, joints=joints, ghost=ghost, accent=frozenset(accent), props=props)


def _points(table: Table, required: bool) -> dict[str, Point]:
    """Joint name to point, every coordinate inside the unit box."""
    table.only(*JOINTS, *OPTIONAL_JOINTS)
    names = [name for name in (*JOINTS, *OPTIONAL_JOINTS) if table.has(name) or (required and name in JOINTS)]
    return {name: _point(table, name) for name in names}


def _point(table: Table, name: str) -> Point:
    """One [x, y] pair in 0..1."""
    raw = table.value(name)
    if not (isinstance(raw, list) and len(raw) == 2 and all(isinstance(n, int | float) for n in raw)):
        raise table.fail(name, "expected [x, y]")
    x, y = float(raw[0]), float(raw[1])
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise table.fail(name, "x and y must be between 0 and 1")
    return (x, y)


def _prop(row: Table) -> Prop:
    """One prop row: a kind plus the numbers that kind needs."""
    kind = row.text("kind")
    if kind not in PROP_SHAPES:
        raise ContentError(f"{row.where}: kind = {kind!r}: expected one of: {', '.join(PROP_SHAPES)}")
    row.only("kind", *PROP_SHAPES[kind])
    numbers = {}
    for name in PROP_SHAPES[kind]:
        raw = row.value(name)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise row.fail(name, "expected a number")
        numbers[name] = float(raw)
    return Prop(kind=kind, at=numbers)
