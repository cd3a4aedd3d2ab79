"""The short text ``deskbreak stats`` prints: a tally per line, zeros left out."""

from __future__ import annotations

from datetime import timedelta

from deskbreak.history._tally import Tally

__all__ = ["describe_tally", "format_tally", "hours_minutes"]


def format_tally(today: Tally, week: Tally) -> str:
    """Two lines, "Today: ..." and "This week: ...", e.g.

    ``Today: 4 breaks (12 min stretched), 6 reminders, 1 skipped, 2 snoozed;
    longest desk stretch 1h 05m`` (on one line).
    """
    return f"Today: {describe_tally(today)}\nThis week: {describe_tally(week)}"


def describe_tally(tally: Tally) -> str:
    """One tally on one line, as after "Today: "; "nothing recorded yet" when empty."""
    if tally == Tally():
        return "nothing recorded yet"
    parts = [
        f"{_count(tally.breaks_taken, 'break')} ({round(tally.minutes_stretched)} min stretched)",
        *_nonzero(
            (tally.partial, "cut short"),
            (tally.reminders, _plural(tally.reminders, "reminder")),
            (tally.skipped, "skipped"),
            (tally.snoozed, "snoozed"),
            (tally.natural_breaks, _plural(tally.natural_breaks, "natural break")),
            (tally.waited, "waited while you were busy"),
        ),
    ]
    text = ", ".join(parts)
    if tally.longest_desk_stretch >= timedelta(minutes=1):
        text += f"; longest desk stretch {hours_minutes(tally.longest_desk_stretch)}"
    return text


def _nonzero(*counts: tuple[int, str]) -> list[str]:
    return [f"{count} {label}" for count, label in counts if count]


def _count(count: int, noun: str) -> str:
    return f"{count} {_plural(count, noun)}"


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def hours_minutes(length: timedelta) -> str:
    """``1h 05m`` or ``45m``, to the nearest minute."""
    hours, minutes = divmod(round(length.total_seconds() / 60), 60)
    return f"{hours}h {minutes:02d}m" if hours else f"{minutes}m"
