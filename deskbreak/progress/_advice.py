"""When a check-in means "see a professional", and the words that say so.

Two things send the user to a physiotherapist or doctor, both taken from the
back-stretching and pain-location guides: a red flag they report with a
check-in, and stretching regularly for 4 weeks without getting better. The
advice itself is the library's (``safety.toml``), so there is one place to
word it; these functions only decide when it applies.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from deskbreak.checkin_names import NO_IMPROVEMENT_SIGN, RED_FLAG_SIGNS
from deskbreak.progress._checkin import Checkin

if TYPE_CHECKING:
    from deskbreak.library import RedFlag

__all__ = [
    "REGULAR_DAYS_PER_WEEK",
    "RULE_WEEKS",
    "Advice",
    "NoImprovement",
    "flag_advice",
    "no_improvement",
    "no_improvement_advice",
    "red_flag",
]

RULE_WEEKS = 4
REGULAR_DAYS_PER_WEEK = 3  # the workplace study's three sessions a week


@dataclass(frozen=True, slots=True, kw_only=True)
class Advice:
    """Go and see someone: ``urgent`` means now; ``reason`` (a sentence) and ``guidance`` say why and what."""

    urgent: bool
    reason: str
    guidance: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NoImprovement:
    """Regular stretching from ``first_day`` to ``last_day``, and an area no better for it."""

    area: str | None
    first_day: date
    last_day: date
    first_week_average: float
    last_week_average: float


def red_flag(sign_words: str, red_flags: Sequence[RedFlag]) -> RedFlag:
    """The one library red flag whose sign contains ``sign_words`` (any case).

    ValueError if none or several do: the library and ``RED_FLAG_SIGNS``
    (or ``NO_IMPROVEMENT_SIGN``) have drifted apart.
    """
    found = [flag for flag in red_flags if sign_words.lower() in flag.sign.lower()]
    if len(found) != 1:
        raise ValueError(f"{len(found)} red flags in the library match {sign_words!r}; expected exactly one")
    return found[0]


def flag_advice(flags: Iterable[str], red_flags: Sequence[RedFlag]) -> list[Advice]:
    """Advice for each reported red flag (names from ``RED_FLAG_SIGNS``), urgent ones first."""
    advice = [_advice_for(red_flag(RED_FLAG_SIGNS[name], red_flags)) for name in flags]
    return sorted(advice, key=lambda item: not item.urgent)


def no_improvement(stretching_days: Collection[date], checkins: Iterable[Checkin], today: date) -> NoImprovement | None:
    """The 4-week rule: regular stretching, and check-ins no better for it.

    The rule looks at the 28 days ending ``today``, as four 7-day weeks
    (the first is days 28 to 22 before and including today, the last the
    7 days ending today).

    - Regular stretching: in each of the four weeks, breaks were taken
      (completed or logged) on at least 3 different days; ``stretching_days``
      are the local dates with at least one break taken. Three matches the
      workplace study's three sessions a week.
    - No improvement: the area of the newest check-in has check-ins in both
      the first and the last week, and the average level of the last week's
      is not lower than the first week's (and is above 0: no stiffness or
      pain at all is nothing to see anyone about).

    Only the newest check-in's area is judged (None, "not said", is an area
    of its own), so advice follows what the user just reported on.
    """
    first_day = today - timedelta(days=7 * RULE_WEEKS - 1)
    weeks = [(first_day + timedelta(days=7 * week), first_day + timedelta(days=7 * week + 6))
             for week in range(RULE_WEEKS)]  # fmt: skip
    if not all(_stretched_on(stretching_days, start, end) >= REGULAR_DAYS_PER_WEEK for start, end in weeks):
        return None
    in_range = [checkin for checkin in checkins if first_day <= checkin.at.date() <= today]
    if not in_range:
        return None
    area = max(in_range, key=lambda checkin: checkin.at).area
    first = [c.level for c in in_range if c.area == area and weeks[0][0] <= c.at.date() <= weeks[0][1]]
    last = [c.level for c in in_range if c.area == area and weeks[-1][0] <= c.at.date() <= weeks[-1][1]]
    if not first or not last or _average(last) < _average(first) or _average(last) == 0:
        return None
    return NoImprovement(
        area=area, first_day=first_day, last_day=today,
        first_week_average=_average(first), last_week_average=_average(last),
    )


def no_improvement_advice(found: NoImprovement, red_flags: Sequence[RedFlag]) -> Advice:
    """The library's advice for the 4-week rule, with what was measured as the reason."""
    flag = red_flag(NO_IMPROVEMENT_SIGN, red_flags)
    where = f"your {found.area}" if found.area else "your stiffness or pain"
    reason = (
        f"{flag.sign.rstrip('.')}: you took breaks on at least {REGULAR_DAYS_PER_WEEK} days in each of "
        f"the last {RULE_WEEKS} weeks, and {where} averaged {found.first_week_average:.1f} out of 10 in "
        f"the first week and {found.last_week_average:.1f} in the last."
    )
    return Advice(urgent=flag.urgent, reason=reason, guidance=flag.action)


def _advice_for(flag: RedFlag) -> Advice:
    reported = flag.sign[:1].lower() + flag.sign[1:]
    return Advice(urgent=flag.urgent, reason=f"You reported: {reported}", guidance=flag.action)


def _stretched_on(days: Collection[date], start: date, end: date) -> int:
    return sum(1 for day in days if start <= day <= end)


def _average(levels: list[int]) -> float:
    """The mean (statistics.fmean would add 0.8 MB to the daemon, through decimal and fractions)."""
    return sum(levels) / len(levels)
