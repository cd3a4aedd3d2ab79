"""Draws stretch pictures into PNG files, run as a child process of the daemon.

The daemon needs a break window's pictures as files (Tk reads PNG itself),
but drawing them loads Pillow, whose few megabytes would then stay in the
daemon for the rest of the session. So it runs this once for the pictures
not yet in its cache, and the memory goes when the child exits:

    python -m deskbreak.library._draw_files SIZE STRETCH SIDE PATH [STRETCH SIDE PATH ...]

``SIDE`` is ``left``, ``right`` or ``both``. Exit 1 with one line per
picture it could not draw on stderr; the others are drawn all the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def main(argv: Sequence[str]) -> int:
    """Draw each ``STRETCH SIDE PATH`` triple at ``SIZE`` pixels; return the exit status."""
    from deskbreak.library.pictures import draw_stretch

    size, rest = int(argv[0]), list(argv[1:])
    failed = 0
    for stretch, side, path in zip(rest[0::3], rest[1::3], rest[2::3], strict=True):
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            draw_stretch(stretch, size, None if side == "both" else side).save(path)
        except (OSError, ValueError, KeyError) as error:
            print(f"cannot draw {stretch} ({side}) into {path}: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
