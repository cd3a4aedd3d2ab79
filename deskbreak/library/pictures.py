"""The stretch pictures: one per stretch, and a contact sheet of them all.

Imported on its own (not from ``deskbreak.library``) because drawing loads
Pillow's font machinery; the daemon imports it only to draw a break window's
pictures.
"""

from deskbreak.library._draw import SMALLEST, draw_stretch
from deskbreak.library._sheet import contact_sheet

__all__ = ["SMALLEST", "contact_sheet", "draw_stretch"]
