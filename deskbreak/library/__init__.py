"""The stretch library: stretches, their pictures, references, safety advice, routines.

Content is data: deskbreak/content/*.toml hold the words and numbers, this
package types and cross-checks them. The pictures are drawn by
``deskbreak.library.pictures``, a separate import because it loads Pillow
and FreeType, which the daemon only needs when a break window opens.
"""

from deskbreak.library._desk_side import FloorSwap, desk_side_alternatives, steps_for, without_floor
from deskbreak.library._fields import ContentError
from deskbreak.library._load import load_library
from deskbreak.library._model import (
    DESK_SIDE,
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

__all__ = [
    "DESK_SIDE",
    "LONGEST_HOLD",
    "LONGEST_PREPARE",
    "MOST_REPS",
    "POSITIONS",
    "REGIONS",
    "SIDES",
    "ContentError",
    "FloorSwap",
    "Library",
    "RedFlag",
    "Reference",
    "RoutineGuide",
    "Safety",
    "Stretch",
    "desk_side_alternatives",
    "load_library",
    "parse_routine",
    "steps_for",
    "without_floor",
]
