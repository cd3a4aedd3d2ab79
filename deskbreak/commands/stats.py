"""``deskbreak stats``: today's and this week's tally, or the raw history."""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from deskbreak.history import HistoryError, format_tally, open_history

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print the tally, or export every record with --json / --csv."""
    try:
        opened = open_history()
    except HistoryError as error:
        print(f"deskbreak stats: {error}", file=sys.stderr)
        return 1
    if opened.notice:
        print(f"deskbreak: {opened.notice}", file=sys.stderr)
    with opened.store as store:
        if args.json:
            store.export_json(sys.stdout)
        elif args.csv:
            store.export_csv(sys.stdout)
        else:
            today = date.today()
            monday = today - timedelta(days=today.weekday())
            print(format_tally(store.tally(today, today), store.tally(monday, today)))
    return 0
