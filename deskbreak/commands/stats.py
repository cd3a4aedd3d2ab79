"""``deskbreak stats``: a tally of today and this week (or of a chosen week or month), and the streak.

``--json`` and ``--csv`` export the raw records instead: those of the
period the tally covers (this week, or the ``--week`` or ``--month`` given),
or every one with ``--all``.
"""

from __future__ import annotations

import argparse
import calendar
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING

from deskbreak.config.user_path import user_config_path
from deskbreak.history import HistoryError, HistoryStore, Tally, describe_tally, format_tally, open_history
from deskbreak.progress import (
    Period,
    Streak,
    month_containing,
    parse_month,
    parse_week,
    rest_weekdays,
    streak,
    week_containing,
)

if TYPE_CHECKING:
    from deskbreak.config.streak_rules import StreakRules

__all__ = ["run"]

# Today and this week with nothing in them; no streak line is added then.
_NOTHING_YET = format_tally(Tally(), Tally()).splitlines()


def run(args: argparse.Namespace) -> int:
    """Print the tally and streak, or export records with --json / --csv."""
    today = date.today()
    try:
        period = _period(args, today)
    except ValueError as error:
        print(f"deskbreak stats: {error}", file=sys.stderr)
        return 2
    try:
        opened = open_history(check=False, move_aside=False)
    except HistoryError as error:
        print(f"deskbreak stats: {error}", file=sys.stderr)
        return 1
    this_week = week_containing(today)
    first: date | None = period.first if period else this_week.first
    last: date | None = period.last if period else today
    if args.all:
        first, last = None, None
    with opened.store as store:
        if args.json:
            store.export_json(sys.stdout, first, last)
        elif args.csv:
            store.export_csv(sys.stdout, first, last)
        else:
            print("\n".join(_summary(store, period, args.week is not None, today)))
    return 0


def _period(args: argparse.Namespace, today: date) -> Period | None:
    """The --week or --month asked for ("" means the current one), or None for neither."""
    try:
        if args.week is not None:
            return parse_week(args.week) if args.week else week_containing(today)
        if args.month is not None:
            return parse_month(args.month) if args.month else month_containing(today)
    except ValueError as error:
        raise ValueError(f"--{'week' if args.week is not None else 'month'} {error}") from None
    return None


def _streak_rules() -> StreakRules:
    """The user's streak settings; the defaults, said once, if the file has problems.

    Only a file whose streak settings cannot be read is given to the full
    reader, which loads the engine and the stretch library, for its message
    naming every problem. (Imported here: an export reads no settings, so
    it need not load ``tomllib`` either.)
    """
    from deskbreak.config.streak_rules import DEFAULT_STREAK_BREAKS, read_streak_rules

    defaults: StreakRules = (DEFAULT_STREAK_BREAKS, [])
    path = user_config_path()
    if not path.exists():
        return defaults
    rules = read_streak_rules(path)
    if rules is not None:
        return rules
    from deskbreak.config.settings_file import ConfigError, load_settings

    try:
        settings = load_settings(path)
    except ConfigError as error:
        print(f"{error}\n(deskbreak stats: using the default settings)", file=sys.stderr)
        return defaults
    return settings.streak_breaks, [window.days for window in settings.active_hours.windows]


def _summary(store: HistoryStore, period: Period | None, is_week: bool, today: date) -> list[str]:
    """The tally lines and the streak line (left out when nothing at all is recorded this week)."""
    needed, window_days = _streak_rules()
    rest_days = rest_weekdays(window_days)
    current = streak(store.daily_breaks(today), today, needed, rest_days)
    lines = _period_lines(store, period, is_week) if period else _today_lines(store, today)
    if period or lines != _NOTHING_YET or current.days:
        lines.append(_streak_line(current, today, rest_days))
    return lines


def _today_lines(store: HistoryStore, today: date) -> list[str]:
    """Today's and this week's tally, as ``deskbreak stats`` always printed them."""
    this_week = week_containing(today)
    return format_tally(store.tally(today, today), store.tally(this_week.first, today)).splitlines()


def _period_lines(store: HistoryStore, period: Period, is_week: bool) -> list[str]:
    """The period's tally, then one line per day of a week or per week of a month."""
    whole = _tally(store, period.first, period.last)
    if is_week:
        lines = [f"Week {period.label} ({_span(period.first, period.last)}): {whole}"]
        return lines + [f"  {day:%a} {_day(day)}: {_tally(store, day, day)}" for day in period.days()]
    lines = [f"{period.first:%B %Y}: {whole}"]
    return lines + [f"  {label} ({_span(first, last)}): {_tally(store, first, last)}"
                    for label, first, last in _weeks_within(period)]  # fmt: skip


def _tally(store: HistoryStore, first: date, last: date) -> str:
    return describe_tally(store.tally(first, last))


def _weeks_within(month: Period) -> list[tuple[str, date, date]]:
    """Each ISO week that overlaps ``month``, cut to the month's days."""
    weeks = []
    day = month.first
    while day <= month.last:
        week = week_containing(day)
        weeks.append((week.label, max(week.first, month.first), min(week.last, month.last)))
        day = week.last + timedelta(days=1)
    return weeks


def _streak_line(current: Streak, today: date, rest_days: frozenset[int]) -> str:
    """``Streak: 4 days in a row with 3 or more breaks, since Tue 3 Mar``, or how to start one."""
    needed = f"{current.needed} or more {'break' if current.needed == 1 else 'breaks'}"
    off = f" ({', '.join(calendar.day_abbr[weekday] for weekday in sorted(rest_days))} off)" if rest_days else ""
    if current.first is None:
        return f"Streak: none yet; a day with {needed} starts one{off}"
    if current.first == current.last:
        names = {today: "today", today - timedelta(days=1): "yesterday"}
        return f"Streak: 1 day with {needed} ({names.get(current.first, _day(current.first))}){off}"
    return f"Streak: {current.days} days in a row with {needed}, since {current.first:%a} {_day(current.first)}{off}"


def _span(first: date, last: date) -> str:
    """``2 to 8 Mar``, ``30 Mar to 5 Apr``, or ``1 Mar`` for one day."""
    if first == last:
        return _day(first)
    return f"{first.day if first.month == last.month else _day(first)} to {_day(last)}"


def _day(day: date) -> str:
    return f"{day.day} {day:%b}"
