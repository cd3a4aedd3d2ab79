"""Writes the launcher icon, ``icons/hicolor/<N>x<N>/apps/deskbreak.png``, at every freedesktop size.

The picture is the tray icon in its "working" look, three quarters full:
``deskbreak.tray.render_icon`` draws the ring around the figure, so the
launcher, the autostart entry and the panel all show the same thing. Run it
after changing the tray's look, and commit the PNGs;
``tests/test_packaging.py`` fails while they are out of date:

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from deskbreak.tray import IconState, render_icon

__all__ = ["SIZES", "app_icon", "main"]

SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
"""The hicolor theme's usual application icon sizes."""
LOOK = IconState("working", 0.75)
"""A ring three quarters full: reads as "a timer", unlike a full or an empty one."""


def app_icon(size: int) -> Image.Image:
    """The launcher icon ``size`` pixels square."""
    pixels = render_icon(LOOK, size)
    return Image.frombytes("RGBA", (size, size), pixels.rgba)


def main(argv: Sequence[str] | None = None) -> int:
    """Write every size under ``--output-dir`` (default: icons/hicolor beside this script's repo)."""
    parser = argparse.ArgumentParser(description="Draw the deskbreak launcher icon at every hicolor size.")
    parser.add_argument("--output-dir", type=Path, default=Path(__file__).resolve().parent.parent / "icons" / "hicolor",
                        help="the hicolor directory to write into")
    args = parser.parse_args(argv)
    for size in SIZES:
        target = args.output_dir / f"{size}x{size}" / "apps" / "deskbreak.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        app_icon(size).save(target, optimize=True)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
