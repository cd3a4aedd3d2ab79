"""Counting a range of history into the numbers ``deskbreak stats`` shows.

A pure function over (local date, kind, desk time, seconds) rows in the order
they were recorded, so it is tested without a database and the store only has
to select the rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from deskbreak.history._record import StoredRecord

__all__ = ["BREAKS_TAKEN", "Tally", "TallyRow", "tally_records", "tally_rows"]

# local_date (YYYY-MM-DD), kind, desk_time seconds, seconds
TallyRow = tuple[str, str, float, float | None]

# The user got up: the desk stretch ends here.
_GOT_UP = frozenset({"break_started", "break_completed", "break_stopped", "logged", "natural_break"})
_TIMED_BREAKS = frozenset({"break_completed", "break_stopped"})
# What counts as a break taken (see Tally.breaks_taken).
BREAKS_TAKEN = frozenset({"break_completed", "logged"})


class Tally(NamedTuple):
    """What happened over a range of days; ``Tally()`` is an empty range.

    ``breaks_taken`` counts completed and logged breaks; a break stopped early
    counts in ``partial`` instead. ``minutes_stretched`` is the time spent in
    completed and stopped breaks (a logged break has no length).

    ``longest_desk_stretch`` is the longest time at the desk without getting
    up. The engine restarts its desk-time count on a skip, but a skip is not a
    break, so desk time on both sides of a skip counts as one stretch; only a
    break (started, logged) or a natural break ends it. A stretch also ends at
    local midnight, because the daemon may have been restarted overnight
    without any record of it, and no one means last night when they ask about
    a stretch. A stretch that began before the range counts from the range's
    first record (that record's desk time already includes what came before,
    except across skips).

    A NamedTuple rather than a dataclass: ``deskbreak stats`` then loads
    neither ``dataclasses`` nor the ``inspect`` it needs.
    """

    breaks_taken: int = 0
    partial: int = 0
    minutes_stretched: float = 0.0
    reminders: int = 0
    skipped: int = 0
    snoozed: int = 0
    natural_breaks: int = 0
    longest_desk_stretch: timedelta = timedelta(0)
    waited: int = 0  # breaks that fell due while the user was busy, and waited


def tally_rows(rows: Iterable[TallyRow]) -> Tally:
    """Count ``rows``, which must be in recording order (for the stretches)."""
    kinds: Counter[str] = Counter()
    break_seconds = 0.0
    longest = 0.0
    carried = 0.0  # desk time before the skips since the user last got up
    day = ""
    for local_date, kind, desk_time, seconds in rows:
        kinds[kind] += 1
        if kind in _TIMED_BREAKS:
            break_seconds += seconds or 0.0
        if local_date != day:
            carried, day = 0.0, local_date
        stretch = carried + desk_time
        longest = max(longest, stretch)
        if kind == "skipped":
            carried = stretch
        elif kind in _GOT_UP:
            carried = 0.0
    return Tally(
        breaks_taken=sum(kinds[kind] for kind in BREAKS_TAKEN),
        partial=kinds["break_stopped"],
        minutes_stretched=break_seconds / 60,
        reminders=kinds["reminder"],
        skipped=kinds["skipped"],
        snoozed=kinds["snoozed"],
        natural_breaks=kinds["natural_break"],
        longest_desk_stretch=timedelta(seconds=longest),
        waited=kinds["waited"],
    )


def tally_records(records: Iterable[StoredRecord]) -> Tally:
    """``tally_rows`` over records already read back, in recording order."""
    return tally_rows(
        (record.local_date.isoformat(), record.kind, record.desk_time.total_seconds(), record.seconds)
        for record in records
    )
