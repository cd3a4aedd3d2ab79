"""Weeks and months as users write them: ``2026-W10`` (ISO 8601) and ``2026-03``.

ISO weeks because they always start on Monday and never split a week across
two years' numbering in a way that differs between countries' calendars; the
week number is what work calendars and ``date +%G-W%V`` show.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import NamedTuple

__all__ = ["Period", "month_containing", "parse_month", "parse_week", "week_containing"]

_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class Period(NamedTuple):
    """Local dates ``first`` to ``last`` inclusive, named ``label`` (``2026-W10``, ``2026-03``).

    (A NamedTuple, so ``deskbreak stats`` need not load ``dataclasses``.)
    """

    first: date
    last: date
    label: str

    def days(self) -> list[date]:
        """Every date in the period, in order."""
        return [self.first + timedelta(days=offset) for offset in range((self.last - self.first).days + 1)]


def week_containing(day: date) -> Period:
    """The ISO week (Monday to Sunday) that ``day`` falls in."""
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Period(first=monday, last=monday + timedelta(days=6), label=f"{year}-W{week:02d}")


def month_containing(day: date) -> Period:
    """The calendar month that ``day`` falls in."""
    length = calendar.monthrange(day.year, day.month)[1]
    return Period(first=day.replace(day=1), last=day.replace(day=length), label=f"{day.year}-{day.month:02d}")


def parse_week(text: str) -> Period:
    """``2026-W10`` (or ``2026W10``) as a Period; ValueError with a one-line reason."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'"{text}" is not a week; write it like 2026-W10')
    year, week = _year(match.group(1)), int(match.group(2))
    weeks_in_year = date(year, 12, 28).isocalendar().week  # 28 December is always in the last week
    if not 1 <= week <= weeks_in_year:
        raise ValueError(f'"{text}": {year} has weeks 1 to {weeks_in_year}')
    return week_containing(date.fromisocalendar(year, week, 1))


def parse_month(text: str) -> Period:
    """``2026-03`` as a Period; ValueError with a one-line reason."""
    match = _MONTH.fullmatch(text.strip())
    if match is None:
        raise ValueError(f'"{text}" is not a month; write it like 2026-03')
    year, month = _year(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f'"{text}": months run from 01 to 12')
    return month_containing(date(year, month, 1))


def _year(digits: str) -> int:
    """A year the calendar can hold whole weeks of (1 to 9998: 9999's last week runs past it)."""
    year = int(digits)
    if not 1 <= year <= 9998:
        raise ValueError(f"year {digits} is out of range (1 to 9998)")
    return year
