"""The report's two chart kinds: bars per day, and a 0-10 line per day.

Every chart is a white panel with its title top left, a legend top right,
the seven days along the bottom and each value printed on the chart, so the
numbers are read, not estimated from the bars' heights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deskbreak.report._canvas import Box, Canvas, Colour, Palette, text_width

__all__ = ["Guide", "Series", "bar_chart", "line_chart"]

_TITLE = 16
_LABEL = 12
_HEADROOM = 1.22  # space above the tallest bar for its number


@dataclass(frozen=True, slots=True)
class Series:
    """One bar per day: ``values`` sets the heights, ``texts`` the numbers printed on top.

    ``colours`` (one per day) overrides ``colour`` bar by bar.
    """

    label: str
    colour: Colour
    values: Sequence[float]
    texts: Sequence[str]
    colours: Sequence[Colour] | None = None


@dataclass(frozen=True, slots=True)
class Guide:
    """A recommended level: a dashed line at ``low``, or a band from ``low`` to ``high``."""

    label: str
    low: float
    high: float | None = None


def bar_chart(
    canvas: Canvas, box: Box, title: str, *, days: Sequence[str], series: Sequence[Series], guide: Guide | None = None
) -> None:
    """Bars for each day, one per series side by side, with an optional guide behind them."""
    plot = _panel(canvas, box, title, series)
    left, top, right, bottom = plot
    highest = max([*(value for each in series for value in each.values), guide.high or guide.low if guide else 0])
    scale = (bottom - top) / (highest * _HEADROOM or 1)

    def height(value: float) -> float:
        return bottom - value * scale

    if guide is not None:
        _guide(canvas, plot, guide, height)
    if highest == 0:
        canvas.text(((left + right) / 2, (top + bottom) / 2), "Nothing recorded", _TITLE, fill=Palette.MUTED,
                    anchor="mm")  # fmt: skip
    canvas.line([(left, bottom), (right, bottom)], Palette.RULE, width=1.5)
    slot = (right - left) / len(days)
    bar = slot * 0.72 / len(series)
    for index, day in enumerate(days):
        centre = left + slot * (index + 0.5)
        canvas.text((centre, bottom + 8), day, _LABEL, fill=Palette.MUTED, anchor="mt")
        first = centre - bar * len(series) / 2
        for number, each in enumerate(series):
            x = first + bar * number
            colour = each.colours[index] if each.colours else each.colour
            canvas.box((x + 1, height(each.values[index]), x + bar - 1, bottom), colour, radius=2)
            if each.texts[index]:
                canvas.text((x + bar / 2, height(each.values[index]) - 4), each.texts[index], _LABEL, anchor="mb")


def line_chart(
    canvas: Canvas, box: Box, title: str, *, days: Sequence[str], values: Sequence[float | None],
    colour: Colour, top_value: float, guide: Guide | None,
) -> None:  # fmt: skip
    """A line through the days that have a value, on a 0 to ``top_value`` scale, each value printed."""
    plot = _panel(canvas, box, title, [])
    left, top, right, bottom = plot
    slot = (right - left) / len(days)

    def height(value: float) -> float:
        return bottom - value / top_value * (bottom - top)

    for level in (0, top_value / 2, top_value):
        canvas.line([(left, height(level)), (right, height(level))], Palette.RULE, width=1)
        canvas.text((left - 6, height(level)), f"{level:g}", _LABEL, fill=Palette.MUTED, anchor="rm")
    if guide is not None:
        canvas.line([(left, height(guide.low)), (right, height(guide.low))], Palette.MUTED, width=1.5, dash=6)
        canvas.text((right, height(guide.low) - 4), guide.label, _LABEL, fill=Palette.MUTED, anchor="rb")
    points = [(left + slot * (index + 0.5), height(value), value)
              for index, value in enumerate(values) if value is not None]  # fmt: skip
    if len(points) > 1:
        canvas.line([(x, y) for x, y, _ in points], colour, width=3)
    for x, y, value in points:
        canvas.dot((x, y), 5, colour)
        below = guide is not None and 0 < guide.low - value < top_value / 8  # keep clear of the guide's line
        canvas.text((x, y + 10 if below else y - 10), f"{value:.1f}", _LABEL, anchor="mt" if below else "mb",
                    bold=True)  # fmt: skip
    for index, day in enumerate(days):
        canvas.text((left + slot * (index + 0.5), bottom + 8), day, _LABEL, fill=Palette.MUTED, anchor="mt")


def _panel(canvas: Canvas, box: Box, title: str, series: Sequence[Series]) -> Box:
    """Draw the panel, its title and legend; return the plotting area inside."""
    left, top, right, bottom = box
    canvas.box(box, Palette.PANEL, outline=Palette.RULE, radius=10)
    canvas.text((left + 18, top + 16), title, _TITLE, bold=True)
    x = right - 18
    for each in reversed(series if len(series) > 1 else []):
        x -= text_width(each.label, _LABEL)
        canvas.text((x, top + 18), each.label, _LABEL, fill=Palette.MUTED)
        x -= 18
        canvas.box((x, top + 19, x + 12, top + 31), each.colour, radius=2)
        x -= 14
    return left + 34, top + 62, right - 18, bottom - 30


def _guide(canvas: Canvas, plot: Box, guide: Guide, height: Callable[[float], float]) -> None:
    """The band or dashed line of ``guide``, labelled at its right end."""
    left, _, right, _ = plot
    low = height(guide.low)
    if guide.high is None:
        canvas.line([(left, low), (right, low)], Palette.MUTED, width=1.5, dash=6)
        canvas.text((right, low - 4), guide.label, _LABEL, fill=Palette.MUTED, anchor="rb")
        return
    high = height(guide.high)
    canvas.box((left, high, right, low), Palette.GUIDE)
    canvas.text((right - 4, high + 4), guide.label, _LABEL, fill=Palette.TAKEN, anchor="rt")
