"""The stretch library: stretches, their pictures, references, safety advice, routines.

Content is data: deskbreak/content/*.toml hold the words and numbers, this
package types and cross-checks them and draws the pictures.
"""

from deskbreak.library._draw import SMALLEST, draw_stretch
from deskbreak.library._fields import ContentError
from deskbreak.library._load import load_library
from deskbreak.library._model import (
    POSITIONS,
    REGIONS,
    Library,
    RedFlag,
    Reference,
    RoutineGuide,
    Safety,
    Stretch,
)
from deskbreak.library._routines import LONGEST_HOLD, LONGEST_PREPARE, MOST_REPS, SIDES, parse_routine
from deskbreak.library._sheet import contact_sheet

__all__ = [
    "LONGEST_HOLD",
    "LONGEST_PREPARE",
    "MOST_REPS",
    "POSITIONS",
    "REGIONS",
    "SIDES",
    "SMALLEST",
    "ContentError",
    "Library",
    "RedFlag",
    "Reference",
    "RoutineGuide",
    "Safety",
    "Stretch",
    "contact_sheet",
    "draw_stretch",
    "load_library",
    "parse_routine",
]
