"""Regenerates docs/stretches.png, the contact sheet of every stretch picture.

Run it after changing deskbreak/content/poses.toml or the drawing code, and
check the new sheet in, so reviewers can see every pose at a glance:

    .venv/bin/python scripts/draw_stretches.py
"""

from __future__ import annotations

from pathlib import Path

from deskbreak.library.pictures import contact_sheet

__all__ = ["SHEET", "main"]

SHEET = Path(__file__).resolve().parents[1] / "docs" / "stretches.png"


def main() -> None:
    """Draw the sheet and write it over the checked-in copy."""
    contact_sheet().save(SHEET, optimize=True)
    print(f"wrote {SHEET}")


if __name__ == "__main__":
    main()
