"""Progress a person can see: periods, the streak, check-ins and when to get help.

Pure rules over plain data (dates, counts, ``Checkin``s): no clock, no I/O,
and the stretch library only as types. Callers pass in today's date, the
history's numbers and the library's advice.
"""

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
