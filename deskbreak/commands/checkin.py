"""``deskbreak checkin``: record stiffness or pain, say how it is going, and when to get help.

The check-in is stored first, then judged: a reported red flag, or the
4-week rule (``deskbreak.progress.no_improvement``), prints the library's
advice to see a physiotherapist or doctor with the reason. Urgent advice
comes first. The exit status is 0 whenever the check-in was stored.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from datetime import date, datetime, timedelta
from statistics import fmean

from deskbreak.history import HistoryError, HistoryStore, open_history
from deskbreak.library import load_library
from deskbreak.progress import (
    HIGHEST_LEVEL,
    RULE_WEEKS,
    Advice,
    Checkin,
    flag_advice,
    no_improvement,
    no_improvement_advice,
    parse_area,
    parse_flags,
    parse_level,
)

__all__ = ["run"]

_WIDTH = 88


def run(args: argparse.Namespace) -> int:
    """Store the check-in and print feedback; exit 2 on bad input, 1 if the history fails."""
    try:
        checkin = Checkin(
            at=datetime.now().astimezone(),
            level=parse_level(args.level),
            area=parse_area(args.where) if args.where is not None else None,
            flags=parse_flags(args.flag),
            note=(args.note or "").strip() or None,
        )
    except ValueError as error:
        print(f"deskbreak checkin: {error}", file=sys.stderr)
        return 2
    try:
        with open_history(move_aside=False).store as store:
            store.add_checkin(checkin)
            lines = _feedback(store, checkin)
    except HistoryError as error:
        print(f"deskbreak checkin: {error}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def _feedback(store: HistoryStore, checkin: Checkin) -> list[str]:
    """What was recorded, the trend for that area, and any advice to see someone."""
    today = checkin.at.date()
    first_day = today - timedelta(days=7 * RULE_WEEKS - 1)
    recent = [earlier for earlier in store.checkins(first_day, today) if earlier.area == checkin.area]
    where = checkin.area or "stiffness or pain"
    lines = [f"Recorded: {where}, {checkin.level} out of {HIGHEST_LEVEL}, {checkin.at:%a %d %b %H:%M}."]
    lines += _trend(recent, today)
    red_flags = load_library().safety.red_flags
    advice = flag_advice(checkin.flags, red_flags)
    found = no_improvement(_stretching_days(store, first_day, today), recent, today)
    if found is not None:
        advice.append(no_improvement_advice(found, red_flags))
    for item in advice:
        lines += ["", *_advice_lines(item)]
    return lines


def _trend(checkins: list[Checkin], today: date) -> list[str]:
    """The last 7 days' average beside the 7 days before, when there is something to compare."""
    week_start = today - timedelta(days=6)
    this_week = [c.level for c in checkins if c.at.date() >= week_start]
    before = [c.level for c in checkins if week_start - timedelta(days=7) <= c.at.date() < week_start]
    if len(this_week) < 2 and not before:
        return []
    line = f"Last 7 days: average {fmean(this_week):.1f} from {len(this_week)} check-ins"
    return [line + (f"; the 7 days before: {fmean(before):.1f}." if before else ".")]


def _stretching_days(store: HistoryStore, first_day: date, today: date) -> set[date]:
    """The days from ``first_day`` to ``today`` with a break taken (read newest first, stopping early)."""
    days = set()
    for day, _ in store.daily_breaks(today):
        if day < first_day:
            break
        days.add(day)
    return days


def _advice_lines(advice: Advice) -> list[str]:
    heading = "Get medical help now." if advice.urgent else "See a physiotherapist or doctor."
    return [heading, *textwrap.wrap(advice.reason, _WIDTH), *textwrap.wrap(advice.guidance, _WIDTH)]
