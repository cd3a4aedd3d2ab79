"""A week of history as the numbers the report shows and its JSON holds.

What is measured, against the dose in ``deskbreak.progress.Dose``:

- Breaks due: the reminders a day brought, a reminder that comes back
  (snoozed or unanswered) counted once. A due break ends when the user
  takes a break, skips, goes away long enough for a natural break, or pauses.
- Breaks taken per break due: breaks completed or logged this week, over
  the breaks due (capped at 1: extra breaks do not make up for another day).
- Minutes stretched against the workplace study's 15 minutes x 3 a week.
- Days at a study session: days with at least 15 minutes stretched.
- Days within the desk-break interval: days at the desk whose longest
  unbroken desk time stayed within the guide's upper bound (2 hours).
- Pain: the average check-in level each day and over the week, beside the
  week before's average.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean
from typing import Any

from deskbreak.history import StoredRecord, Tally, tally_records
from deskbreak.progress import Checkin, Dose, Period

__all__ = ["DaySummary", "WeekSummary", "summarize_week", "week_json"]

# The records that answer a due break, one way or another.
_ENDS_DUE = frozenset({"break_started", "logged", "skipped", "natural_break", "paused"})


@dataclass(frozen=True, slots=True, kw_only=True)
class DaySummary:
    """One day: its tally, its breaks due, and its check-ins' average (None without any)."""

    day: date
    tally: Tally
    breaks_due: int
    pain: float | None
    checkins: int


@dataclass(frozen=True, slots=True, kw_only=True)
class WeekSummary:
    """One ISO week's numbers and the dose they are held against."""

    week: Period
    days: tuple[DaySummary, ...]
    totals: Tally
    dose: Dose
    pain_average: float | None
    previous_pain_average: float | None

    @property
    def breaks_due(self) -> int:
        """Breaks due over the week."""
        return sum(day.breaks_due for day in self.days)

    @property
    def break_share(self) -> float | None:
        """Breaks taken per break due, at most 1; None when nothing was due."""
        return min(1.0, self.totals.breaks_taken / self.breaks_due) if self.breaks_due else None

    @property
    def minutes_share(self) -> float:
        """Minutes stretched over the study's weekly minutes."""
        return self.totals.minutes_stretched / self.dose.weekly_minutes

    @property
    def session_days(self) -> int:
        """Days with at least a study session's worth of stretching."""
        session = self.dose.session.total_seconds() / 60
        return sum(1 for day in self.days if day.tally.minutes_stretched >= session)

    @property
    def desk_days(self) -> int:
        """Days with anything recorded."""
        return sum(1 for day in self.days if day.tally != Tally())

    @property
    def days_within(self) -> int:
        """Desk days whose longest unbroken desk time stayed within the guide's interval."""
        limit = self.dose.desk_break_every[1]
        return sum(1 for day in self.days if day.tally != Tally() and day.tally.longest_desk_stretch <= limit)


def summarize_week(
    week: Period, records: Iterable[StoredRecord], checkins: Iterable[Checkin], dose: Dose
) -> WeekSummary:
    """Summarise ``week`` from its records (in recording order) and check-ins.

    ``checkins`` may reach back before the week: those in the 7 days before
    it give ``previous_pain_average``.
    """
    by_day: dict[date, list[StoredRecord]] = defaultdict(list)
    for record in records:
        if week.first <= record.local_date <= week.last:
            by_day[record.local_date].append(record)
    levels: dict[date, list[int]] = defaultdict(list)
    previous: list[int] = []
    for checkin in checkins:
        day = checkin.at.date()
        if week.first <= day <= week.last:
            levels[day].append(checkin.level)
        elif week.first - timedelta(days=7) <= day < week.first:
            previous.append(checkin.level)
    days = tuple(
        DaySummary(
            day=day,
            tally=tally_records(by_day[day]),
            breaks_due=_breaks_due(by_day[day]),
            pain=fmean(levels[day]) if levels[day] else None,
            checkins=len(levels[day]),
        )
        for day in week.days()
    )
    week_levels = [level for day in week.days() for level in levels[day]]
    return WeekSummary(
        week=week,
        days=days,
        totals=tally_records(record for day in week.days() for record in by_day[day]),
        dose=dose,
        pain_average=fmean(week_levels) if week_levels else None,
        previous_pain_average=fmean(previous) if previous else None,
    )


def _breaks_due(records: Iterable[StoredRecord]) -> int:
    """Reminders, counting a reminder that comes back for the same break once."""
    due = 0
    showing = False
    for record in records:
        if record.kind == "reminder" and not showing:
            due += 1
            showing = True
        elif record.kind in _ENDS_DUE:
            showing = False
    return due


def week_json(summary: WeekSummary) -> dict[str, Any]:
    """The numbers as plain JSON values: minutes as numbers, shares as fractions (0.5 is half)."""
    totals = summary.totals
    dose = summary.dose
    return {
        "week": summary.week.label,
        "first_day": summary.week.first.isoformat(),
        "last_day": summary.week.last.isoformat(),
        "totals": {**_tally_json(totals), "breaks_due": summary.breaks_due},
        "adherence": {
            "breaks_taken_per_due": _rounded(summary.break_share),
            "minutes_stretched": round(totals.minutes_stretched, 1),
            "minutes_goal": dose.weekly_minutes,
            "minutes_share": round(summary.minutes_share, 3),
            "session_days": summary.session_days,
            "session_days_goal": dose.sessions_per_week,
            "session_minutes": dose.session.total_seconds() / 60,
            "desk_days": summary.desk_days,
            "days_within_desk_break_interval": summary.days_within,
            "desk_break_interval_minutes": [limit.total_seconds() / 60 for limit in dose.desk_break_every],
            "sources": {"desk_breaks": dose.desk_break_source, "sessions": dose.session_source},
        },
        "pain": {
            "checkins": sum(day.checkins for day in summary.days),
            "average": _rounded(summary.pain_average),
            "previous_week_average": _rounded(summary.previous_pain_average),
        },
        "days": [_day_json(day) for day in summary.days],
    }


def _day_json(day: DaySummary) -> dict[str, Any]:
    return {
        "date": day.day.isoformat(),
        **_tally_json(day.tally),
        "breaks_due": day.breaks_due,
        "pain": _rounded(day.pain),
        "checkins": day.checkins,
    }


def _tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "reminders": tally.reminders,
        "breaks_taken": tally.breaks_taken,
        "partial": tally.partial,
        "skipped": tally.skipped,
        "snoozed": tally.snoozed,
        "natural_breaks": tally.natural_breaks,
        "waited": tally.waited,
        "minutes_stretched": round(tally.minutes_stretched, 1),
        "longest_desk_minutes": round(tally.longest_desk_stretch.total_seconds() / 60, 1),
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
