"""``deskbreak report``: draw a week of history, and keep its numbers beside it.

The picture goes to ``--out``, or by default to a ``reports`` folder in the
user's data folder (kept, so past weeks can be looked back on), named after
the week; its numbers go to a ``.json`` file of the same name, for scripts.
The picture's path is the only thing printed, so ``xdg-open "$(deskbreak
report)"`` opens it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path

import platformdirs

from deskbreak.history import HistoryError, open_history
from deskbreak.library import load_library
from deskbreak.opener import open_with_desktop
from deskbreak.progress import Period, dose_from, parse_week, week_containing
from deskbreak.report import WeekSummary, draw_week, summarize_week, week_json

__all__ = ["default_report_path", "run"]


def default_report_path(week: Period) -> Path:
    """Where the report of ``week`` goes unless ``--out`` says otherwise."""
    return platformdirs.user_data_path("deskbreak", appauthor=False) / "reports" / f"week-{week.label}.png"


def run(args: argparse.Namespace) -> int:
    """Summarise the week; print its JSON, or draw it and write the PNG and JSON."""
    try:
        week = parse_week(args.week) if args.week is not None else week_containing(date.today())
    except ValueError as error:
        print(f"deskbreak report: --week {error}", file=sys.stderr)
        return 2
    if args.out is not None and args.out.suffix.lower() != ".png":
        print(f"deskbreak report: --out {args.out}: the report is a PNG picture; give a name ending in .png",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        summary = _summary(week)
    except HistoryError as error:
        print(f"deskbreak report: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(week_json(summary), indent=2))
        return 0
    picture = args.out or default_report_path(week)
    try:
        _save(summary, picture, make_folder=args.out is None)
    except OSError as error:
        print(f"deskbreak report: cannot save {picture}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(picture)
    if args.open:
        try:
            open_with_desktop(picture)
        except OSError as error:
            print(f"deskbreak report: {error}", file=sys.stderr)
            return 1
    return 0


def _summary(week: Period) -> WeekSummary:
    """The week's summary, with the week before's check-ins for the pain trend."""
    with open_history(move_aside=False).store as store:
        records = store.records(week.first, week.last)
        checkins = store.checkins(week.first - timedelta(days=7), week.last)
    return summarize_week(week, records, checkins, dose_from(load_library()))


def _save(summary: WeekSummary, picture: Path, make_folder: bool) -> None:
    """Write the PNG and, beside it, the JSON with the same name."""
    if make_folder:
        picture.parent.mkdir(parents=True, exist_ok=True)
    draw_week(summary).save(picture, format="PNG", optimize=True)
    picture.with_suffix(".json").write_text(json.dumps(week_json(summary), indent=2) + "\n", encoding="utf-8")
