"""The stretch library: stretches, their pictures, references, safety advice, routines.

Content is data: deskbreak/content/*.toml hold the words and numbers, this
package types and cross-checks them. The pictures are drawn by
``deskbreak.library.pictures``, a separate import because it loads Pillow
and FreeType, which the daemon only needs when a break window opens.
"""

from deskbreak.library._desk_side import FloorSwap, desk_side_alternatives, steps_for, without_floor
from deskbreak.library._engine_routines import (
    FOCUS_AREAS,
    builtin_routines,
    desk_side_version,
    focus_rotation,
    routine_from_table,
    routines_for,
)
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
    "FOCUS_AREAS",
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
    "builtin_routines",
    "desk_side_alternatives",
    "desk_side_version",
    "focus_rotation",
    "load_library",
    "parse_routine",
    "routine_from_table",
    "routines_for",
    "steps_for",
    "without_floor",
]
