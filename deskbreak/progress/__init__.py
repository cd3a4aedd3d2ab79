"""Progress a person can see: periods, the streak, check-ins and when to get help.

Pure rules over plain data (dates, counts, ``Checkin``s): no clock, no I/O,
and the stretch library only as types. Callers pass in today's date, the
history's numbers and the library's advice.

Each name is imported from its module when first asked for (PEP 562), so
``deskbreak stats``, which needs the periods and the streak, does not load
the check-in and advice rules (and the ``dataclasses`` they are built on).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the stats path
if TYPE_CHECKING:
    from deskbreak.checkin_names import AREAS, NO_IMPROVEMENT_SIGN, RED_FLAG_SIGNS
    from deskbreak.progress._advice import (
        REGULAR_DAYS_PER_WEEK,
        RULE_WEEKS,
        Advice,
        NoImprovement,
        flag_advice,
        no_improvement,
        no_improvement_advice,
        red_flag,
    )
    from deskbreak.progress._checkin import HIGHEST_LEVEL, Checkin, parse_area, parse_flags, parse_level
    from deskbreak.progress._dose import STUDY_REFERENCE, Dose, dose_from
    from deskbreak.progress._periods import Period, month_containing, parse_month, parse_week, week_containing
    from deskbreak.progress._streak import Streak, rest_weekdays, streak

_HOMES = {
    "deskbreak.checkin_names": ("AREAS", "NO_IMPROVEMENT_SIGN", "RED_FLAG_SIGNS"),
    "deskbreak.progress._advice": ("REGULAR_DAYS_PER_WEEK", "RULE_WEEKS", "Advice", "NoImprovement", "flag_advice",
                                   "no_improvement", "no_improvement_advice", "red_flag"),
    "deskbreak.progress._checkin": ("HIGHEST_LEVEL", "Checkin", "parse_area", "parse_flags", "parse_level"),
    "deskbreak.progress._dose": ("STUDY_REFERENCE", "Dose", "dose_from"),
    "deskbreak.progress._periods": ("Period", "month_containing", "parse_month", "parse_week", "week_containing"),
    "deskbreak.progress._streak": ("Streak", "rest_weekdays", "streak"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "AREAS",
    "HIGHEST_LEVEL",
    "NO_IMPROVEMENT_SIGN",
    "RED_FLAG_SIGNS",
    "REGULAR_DAYS_PER_WEEK",
    "RULE_WEEKS",
    "STUDY_REFERENCE",
    "Advice",
    "Checkin",
    "Dose",
    "NoImprovement",
    "Period",
    "Streak",
    "dose_from",
    "flag_advice",
    "month_containing",
    "no_improvement",
    "no_improvement_advice",
    "parse_area",
    "parse_flags",
    "parse_level",
    "parse_month",
    "parse_week",
    "red_flag",
    "rest_weekdays",
    "streak",
    "week_containing",
]


def __getattr__(name: str) -> object:
    """The public name ``name``, imported from its module now (and kept, so this runs once per name)."""
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
