"""Draws icons/deskbreak.png, the glyph inside the tray icon: a figure stretching, arms up.

Run once (``.venv/bin/python icons/make_source.py``) and commit the PNG; the
tray draws its ring and colours around this shape at run time, so the glyph
is white on transparent and only its shape matters. Strokes are thick on
purpose: at 16 px the whole figure is about nine pixels tall.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
SUPERSAMPLE = 4
STROKE = 30
WHITE = (255, 255, 255, 255)

# The figure on a 256 x 256 grid: (x, y) pairs, strokes with round ends.
HEAD = (128, 58, 25)  # centre x, centre y, radius
LIMBS = (
    ((128, 100), (128, 168)),  # body
    ((128, 104), (78, 26)),  # left arm, raised
    ((128, 104), (178, 26)),  # right arm, raised
    ((128, 166), (92, 236)),  # left leg
    ((128, 166), (164, 236)),  # right leg
)


def draw_glyph() -> Image.Image:
    """The figure, drawn large and scaled down so its edges are smooth."""
    scale = SUPERSAMPLE
    canvas = Image.new("RGBA", (SIZE * scale, SIZE * scale), (0, 0, 0, 0))
    pen = ImageDraw.Draw(canvas)
    for start, end in LIMBS:
        points = [(x * scale, y * scale) for x, y in (start, end)]
        pen.line(points, fill=WHITE, width=STROKE * scale)
        for x, y in points:
            radius = STROKE * scale / 2
            pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    x, y, radius = (value * scale for value in HEAD)
    pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return canvas.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    """Write the PNG next to this script."""
    target = Path(__file__).with_name("deskbreak.png")
    draw_glyph().save(target, optimize=True)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
