"""Stick-figure pictures of the stretches, drawn with Pillow from pose data.

Every picture uses one style: thick round-ended limbs, a filled head circle,
a soft ground line or mat, props in a muted tone, the far limbs of a side
view lighter than the near ones, and one accent colour on the part being
stretched. Drawing happens at four times the asked size and is scaled down,
which keeps edges smooth at 128 px as well as at 400 px.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageOps

from deskbreak.config.did_you_mean import did_you_mean
from deskbreak.library._load import load_library
from deskbreak.library._pose import Point, Pose, Prop

__all__ = ["SMALLEST", "draw_stretch"]

SMALLEST = 32
_Colour = tuple[int, int, int]
_Piece = tuple[str, list[Point], float]
_OVERSAMPLE = 4
_BACKGROUND = (250, 248, 244)
_GROUND = (214, 207, 196)
_PROP = (190, 181, 168)
_MAT = (236, 230, 220)
_ARROW = (240, 160, 112)


@dataclass(frozen=True, slots=True)
class _Palette:
    """The colours of one figure: near and far body, near and far accent."""

    near: _Colour
    far: _Colour
    accent: _Colour
    far_accent: _Colour


_SOLID = _Palette(near=(51, 65, 85), far=(146, 160, 181), accent=(234, 108, 48), far_accent=(244, 170, 128))
_GHOST = _Palette(near=(208, 214, 223), far=(224, 228, 234), accent=(246, 213, 194), far_accent=(249, 226, 212))


def draw_stretch(stretch_id: str, size: int, side: str | None = None) -> Image.Image:
    """A ``size`` x ``size`` RGB picture of a stretch, mirrored for the other side.

    ``side`` is "left" or "right" for a stretch done on each side (None shows
    the side the pose data describes) and must be None for the others.
    """
    stretches = load_library().stretches
    if stretch_id not in stretches:
        raise ValueError(f"unknown stretch {stretch_id!r}{did_you_mean(stretch_id, sorted(stretches))}")
    if size < SMALLEST:
        raise ValueError(f"picture size {size} px is too small; the smallest is {SMALLEST} px")
    pose = stretches[stretch_id].pose
    if side is not None and (pose.side is None or side not in ("left", "right")):
        done_on = '"left" or "right"' if pose.side else "no side (it is done on both at once)"
        raise ValueError(f"stretch {stretch_id!r}: side {side!r}: expected {done_on}")
    image = _render(pose, size * _OVERSAMPLE).resize((size, size), Image.Resampling.LANCZOS)
    return ImageOps.mirror(image) if side is not None and side != pose.side else image


def _render(pose: Pose, pixels: int) -> Image.Image:
    """The full-resolution picture: props, then the faint ghost, then the figure."""
    image = Image.new("RGB", (pixels, pixels), _BACKGROUND)
    on_mat = any(prop.kind == "mat" for prop in pose.props)
    pen = _Pen(ImageDraw.Draw(image), pixels, _MAT if on_mat else _BACKGROUND)
    for prop in pose.props:
        _PROP_PAINTERS[prop.kind](pen, prop)
    if pose.ghost is not None:
        _figure(pen, pose.ghost, _GHOST, frozenset(), depth=pose.view == "side")
    _figure(pen, pose.joints, _SOLID, pose.accent, depth=pose.view == "side")
    return image


class _Pen:
    """Round-ended strokes in unit-box coordinates on one canvas."""

    def __init__(self, draw: ImageDraw.ImageDraw, pixels: int, halo: _Colour) -> None:
        self.draw = draw
        self.pixels = pixels
        self.halo = halo

    def spot(self, point: Point) -> tuple[float, float]:
        """A unit-box point in pixels."""
        return (point[0] * self.pixels, point[1] * self.pixels)

    def stroke(self, points: list[Point], width: float, colour: _Colour) -> None:
        """A polyline ``width`` (unit-box) thick, with round joints and ends."""
        spots = [self.spot(point) for point in points]
        thickness = round(width * self.pixels)
        self.draw.line(spots, fill=colour, width=thickness, joint="curve")
        for x, y in (spots[0], spots[-1]):
            self.disc((x / self.pixels, y / self.pixels), width / 2, colour)

    def chain(self, pieces: list[_Piece], colour: Callable[[str], _Colour]) -> None:
        """Connected parts drawn as one: a halo round all of them, then each in its colour."""
        for _, points, width in pieces:
            self.stroke(points, width + 2 * _HALO, self.halo)
        for part, points, width in pieces:
            self.stroke(points, width, colour(part))

    def disc(self, centre: Point, radius: float, colour: _Colour) -> None:
        """A filled circle."""
        x, y = self.spot(centre)
        reach = radius * self.pixels
        self.draw.ellipse((x - reach, y - reach, x + reach, y + reach), fill=colour)


_LIMB = 0.052
_TORSO = 0.07
_HEAD = 0.066
_HALO = 0.014


def _figure(pen: _Pen, joints: dict[str, Point], palette: _Palette, accent: frozenset[str], depth: bool) -> None:
    """The figure, back to front.

    A side view (``depth``) goes far limbs, torso and head, near limbs, with
    the far ones lighter. In a front or top view nothing is lighter: the legs
    and torso are one chain, so the hips join the pelvis without a gap, and
    both arms go in front of the body. Each chain (a leg, an arm, the spine)
    gets a thin halo in the background colour first, so a limb crossing the
    body stays readable.
    """

    def joint(name: str) -> Point:
        return joints.get(name) or joints[_FALLBACK[name]]

    def limb(side: str, names: tuple[str, ...], parts: tuple[str, ...]) -> list[_Piece]:
        points = [joint(f"{side}_{name}") for name in names if name in _BASES or f"{side}_{name}" in joints]
        links = zip(parts[: len(points) - 1], points[:-1], points[1:], strict=True)
        return [(f"{side}_{part}", [start, end], _LIMB) for part, start, end in links]

    def colour(part: str) -> _Colour:
        return _colour(palette, part in accent, near=not (depth and part.startswith("far_")))

    legs, arms = ("hip", "knee", "foot", "toe"), ("shoulder", "elbow", "hand")
    leg_parts, arm_parts = ("thigh", "shin", "shin"), ("upper_arm", "forearm")
    if depth:
        pen.chain(limb("far", legs, leg_parts), colour)
        pen.chain(limb("far", arms, arm_parts), colour)
        pen.chain(_torso(joint), colour)
        _head(pen, joint, colour)
        pen.chain(limb("near", legs, leg_parts), colour)
    else:
        pen.chain([*limb("far", legs, leg_parts), *_torso(joint), *limb("near", legs, leg_parts)], colour)
        _head(pen, joint, colour)
        pen.chain(limb("far", arms, arm_parts), colour)
    pen.chain(limb("near", arms, arm_parts), colour)


_BASES = ("hip", "shoulder")
_FALLBACK = {"near_shoulder": "neck", "far_shoulder": "neck", "near_hip": "hip", "far_hip": "hip"}


def _colour(palette: _Palette, accented: bool, near: bool) -> _Colour:
    """The colour of one part of the figure."""
    if accented:
        return palette.accent if near else palette.far_accent
    return palette.near if near else palette.far


def _torso(joint: Callable[[str], Point]) -> list[_Piece]:
    """Spine as a smooth curve through neck, mid-back and pelvis; shoulder and hip bars; neck."""
    curve = _through(joint("neck"), joint("back"), joint("hip"))
    half = len(curve) // 2
    pieces: list[_Piece] = [("upper_spine", curve[: half + 1], _TORSO), ("lower_spine", curve[half:], _TORSO)]
    if joint("near_shoulder") != joint("far_shoulder"):
        pieces.append(("shoulders", [joint("near_shoulder"), joint("far_shoulder")], _LIMB))
    if joint("near_hip") != joint("far_hip"):
        pieces.append(("pelvis", [joint("near_hip"), joint("far_hip")], _LIMB))
    pieces.append(("neck", [joint("neck"), joint("head")], _LIMB * 0.9))
    return pieces


def _head(pen: _Pen, joint: Callable[[str], Point], colour: Callable[[str], _Colour]) -> None:
    """The head: a disc with its own halo, over the neck."""
    pen.disc(joint("head"), _HEAD + _HALO, pen.halo)
    pen.disc(joint("head"), _HEAD, colour("head"))


def _through(start: Point, middle: Point, end: Point, pieces: int = 16) -> list[Point]:
    """Points on the quadratic curve from ``start`` to ``end`` that passes ``middle`` halfway."""
    control = (2 * middle[0] - (start[0] + end[0]) / 2, 2 * middle[1] - (start[1] + end[1]) / 2)
    points = []
    for step in range(pieces + 1):
        t = step / pieces
        a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
        points.append((a * start[0] + b * control[0] + c * end[0], a * start[1] + b * control[1] + c * end[1]))
    return points


def _floor(pen: _Pen, prop: Prop) -> None:
    y = prop.at["y"]
    pen.stroke([(0.05, y), (0.95, y)], 0.022, _GROUND)


def _wall(pen: _Pen, prop: Prop) -> None:
    x = prop.at["x"]
    pen.stroke([(x, prop.at["top"]), (x, prop.at["bottom"])], 0.03, _PROP)


def _door(pen: _Pen, prop: Prop) -> None:
    x, top = prop.at["x"], prop.at["top"]
    pen.stroke([(x, prop.at["bottom"]), (x, top)], 0.035, _PROP)
    pen.stroke([(x - 0.13, top), (x + 0.13, top)], 0.035, _PROP)


def _roller(pen: _Pen, prop: Prop) -> None:
    pen.disc((prop.at["x"], prop.at["y"]), prop.at["r"], _PROP)


def _mat(pen: _Pen, prop: Prop) -> None:
    corners = [pen.spot((prop.at["left"], prop.at["top"])), pen.spot((prop.at["right"], prop.at["bottom"]))]
    pen.draw.rounded_rectangle([*corners[0], *corners[1]], radius=pen.pixels * 0.04, fill=_MAT)


def _arc(pen: _Pen, prop: Prop) -> None:
    """A movement arrow: an arc (degrees clockwise from 3 o'clock) with a head at ``end``."""
    x, y, radius, start, end = (prop.at[name] for name in ("x", "y", "r", "start", "end"))
    box = [*pen.spot((x - radius, y - radius)), *pen.spot((x + radius, y + radius))]
    pen.draw.arc(box, start, end, fill=_ARROW, width=round(0.018 * pen.pixels))
    angle = math.radians(end)
    tip_x, tip_y = x + radius * math.cos(angle), y + radius * math.sin(angle)

    def corner(forward: float, sideways: float) -> Point:
        """A point ``forward`` along the arrow's direction and ``sideways`` across it, from the tip."""
        return (tip_x - forward * math.sin(angle) + sideways * math.cos(angle),
                tip_y + forward * math.cos(angle) + sideways * math.sin(angle))  # fmt: skip

    corners = [corner(0.045, 0), corner(-0.018, 0.032), corner(-0.018, -0.032)]
    pen.draw.polygon([pen.spot(corner) for corner in corners], fill=_ARROW)


def _chair(pen: _Pen, prop: Prop) -> None:
    """A plain chair seen from the side: seat, backrest, one leg under each end of the seat."""
    front, back, seat, top, floor = (prop.at[name] for name in ("front", "back", "seat", "top", "floor"))
    pen.stroke([(front, seat), (back, seat), (back, top)], 0.03, _PROP)
    for x in (front, back):
        pen.stroke([(x, seat), (x, floor)], 0.025, _PROP)


_PROP_PAINTERS: dict[str, Callable[[_Pen, Prop], None]] = {
    "floor": _floor, "wall": _wall, "door": _door, "roller": _roller, "mat": _mat, "arc": _arc, "chair": _chair,
}  # fmt: skip
