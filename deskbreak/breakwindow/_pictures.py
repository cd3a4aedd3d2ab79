"""Stretch pictures for the window: PNG files as Tk images that fit the picture box.

Tk 8.6 reads PNG itself, so the window process needs no Pillow. Tk can only
scale by whole-number zoom and subsample factors; combining the two gives
the fractions 3/4, 2/3, 1/2, 1/3 and 1/4, enough to fit a picture drawn at
``PICTURE_SIZE`` into the smaller box of a small screen.
"""

from __future__ import annotations

import math
import tkinter as tk

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["Pictures", "fit"]

_FRACTIONS = sorted(
    ((up, down) for down in range(2, 5) for up in range(1, down) if math.gcd(up, down) == 1),
    key=lambda pair: -pair[0] / pair[1],
)


class Pictures:
    """Each picture file loaded once, scaled to a ``side`` pixel square; a bad file is reported once."""

    def __init__(self, master: tk.Misc, side: int, errors: TextIO) -> None:
        self._master = master
        self._side = side
        self._errors = errors
        self._loaded: dict[str, tk.PhotoImage | None] = {}

    def get(self, path: str | None) -> tk.PhotoImage | None:
        """The picture at ``path``, or None when there is none or it cannot be read."""
        if path is None:
            return None
        if path not in self._loaded:
            try:
                self._loaded[path] = fit(tk.PhotoImage(master=self._master, file=path), self._side)
            except tk.TclError as error:
                self._errors.write(f"deskbreak.breakwindow: cannot show picture {path}: {error}\n")
                self._loaded[path] = None
        return self._loaded[path]


def fit(picture: tk.PhotoImage, side: int) -> tk.PhotoImage:
    """``picture`` scaled to the largest size Tk can make that fits a ``side`` square."""
    largest = max(picture.width(), picture.height(), 1)
    if largest * 2 <= side:
        return picture.zoom(side // largest)
    if largest <= side:
        return picture
    for up, down in _FRACTIONS:
        if largest * up <= side * down:
            return picture.zoom(up).subsample(down)
    return picture.subsample(math.ceil(largest / side))
