"""The weekly report picture: headline numbers, then a chart per measure.

Top to bottom: a title with the week's dates; four tiles with the week's
numbers against the dose; breaks each day against the breaks due; minutes
stretched and the longest unbroken desk time side by side; the check-ins'
levels if there are any; and a footer saying what is counted and where the
dose comes from. Every number is printed, so nothing is read off an axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PIL import Image

from deskbreak.history import hours_minutes
from deskbreak.progress import HIGHEST_LEVEL
from deskbreak.report._canvas import Box, Canvas, Palette, wrap
from deskbreak.report._charts import Guide, Series, bar_chart, line_chart
from deskbreak.report._summary import WeekSummary

__all__ = ["REPORT_WIDTH", "draw_week"]

REPORT_WIDTH = 1200
_MARGIN = 36
_GAP = 18
_TILES_TOP = 108
_TILE_HEIGHT = 104
_BREAKS_HEIGHT = 280
_HALF_HEIGHT = 250
_PAIN_HEIGHT = 230
_FOOTER_SIZE = 12
_FOOTER_LINE = 18


def draw_week(summary: WeekSummary) -> Image.Image:
    """The report for ``summary``, ``REPORT_WIDTH`` pixels wide; taller when there are check-ins."""
    has_pain = summary.pain_average is not None
    breaks_top = _TILES_TOP + _TILE_HEIGHT + _GAP
    halves_top = breaks_top + _BREAKS_HEIGHT + _GAP
    pain_top = halves_top + _HALF_HEIGHT + _GAP
    footer_top = pain_top + (_PAIN_HEIGHT + _GAP if has_pain else 0)
    footer = [line for note in _notes(summary) for line in wrap(note, _FOOTER_SIZE, REPORT_WIDTH - 2 * _MARGIN)]
    canvas = Canvas(REPORT_WIDTH, footer_top + len(footer) * _FOOTER_LINE + _MARGIN)
    _title(canvas, summary)
    _tiles(canvas, summary)
    right = REPORT_WIDTH - _MARGIN
    days = [f"{day.day:%a} {day.day.day}" for day in summary.days]
    _breaks(canvas, (_MARGIN, breaks_top, right, breaks_top + _BREAKS_HEIGHT), summary, days)
    middle = REPORT_WIDTH / 2
    _stretched(canvas, (_MARGIN, halves_top, middle - _GAP / 2, halves_top + _HALF_HEIGHT), summary, days)
    _desk_time(canvas, (middle + _GAP / 2, halves_top, right, halves_top + _HALF_HEIGHT), summary, days)
    if has_pain:
        _pain(canvas, (_MARGIN, pain_top, right, pain_top + _PAIN_HEIGHT), summary, days)
    for number, line in enumerate(footer):
        canvas.text((_MARGIN, footer_top + number * _FOOTER_LINE), line, _FOOTER_SIZE, fill=Palette.MUTED)
    return canvas.finish()


def _title(canvas: Canvas, summary: WeekSummary) -> None:
    first, last = summary.week.first, summary.week.last
    year, week, _ = first.isocalendar()
    span = f"{first:%A} {first.day} {first:%B}" if first.month != last.month else f"{first:%A} {first.day}"
    canvas.text((_MARGIN, 30), "Your week of breaks", 30, bold=True)
    canvas.text((_MARGIN, 72), f"Week {week} of {year}: {span} to {last:%A} {last.day} {last:%B %Y}", 16,
                fill=Palette.MUTED)  # fmt: skip
    canvas.text((REPORT_WIDTH - _MARGIN, 38), "deskbreak", 16, fill=Palette.SKIPPED, anchor="ra", bold=True)


def _tiles(canvas: Canvas, summary: WeekSummary) -> None:
    """Four headline numbers, each with what it is measured against."""
    totals, dose = summary.totals, summary.dose
    share = summary.break_share
    limit = _length(dose.desk_break_every[1])
    longest = max(summary.days, key=lambda day: day.tally.longest_desk_stretch)
    tiles = [
        ("Breaks taken", f"{totals.breaks_taken} of {summary.breaks_due} due",
         f"{share:.0%} of the breaks due" if share is not None else "no breaks were due"),
        ("Minutes stretched", f"{_minutes(totals.minutes_stretched)} min",
         f"{summary.minutes_share:.0%} of the study's {dose.weekly_minutes:g} min a week"),
        (f"Days with no desk stretch over {limit}", f"{summary.days_within} of {summary.desk_days}",
         f"longest {_length(longest.tally.longest_desk_stretch)}, {longest.day:%A}"
         if summary.desk_days else "nothing recorded"),
        _fourth_tile(summary),
    ]  # fmt: skip
    width = (REPORT_WIDTH - 2 * _MARGIN - 3 * _GAP) / 4
    for index, (label, number, note) in enumerate(tiles):
        left = _MARGIN + index * (width + _GAP)
        canvas.box((left, _TILES_TOP, left + width, _TILES_TOP + _TILE_HEIGHT), Palette.PANEL,
                   outline=Palette.RULE, radius=10)  # fmt: skip
        canvas.text((left + 16, _TILES_TOP + 14), label, 13, fill=Palette.MUTED)
        canvas.text((left + 16, _TILES_TOP + 38), number, 28, bold=True)
        canvas.text((left + 16, _TILES_TOP + 78), note, 12, fill=Palette.MUTED)


def _fourth_tile(summary: WeekSummary) -> tuple[str, str, str]:
    """The pain trend when there are check-ins, else the study-session days."""
    dose = summary.dose
    if summary.pain_average is None:
        session = f"{dose.session.total_seconds() / 60:g}"
        return (f"Days with {session}+ min stretched", f"{summary.session_days} of {dose.sessions_per_week}",
                f"the study's {dose.sessions_per_week} sessions a week")  # fmt: skip
    number = f"{summary.pain_average:.1f} / {HIGHEST_LEVEL}"
    before = summary.previous_pain_average
    if before is None:
        return "Stiffness or pain (average)", number, "no check-ins the week before"
    change = summary.pain_average - before
    trend = "no change" if round(change, 1) == 0 else f"{'down' if change < 0 else 'up'} {abs(change):.1f}"
    return "Stiffness or pain (average)", number, f"{trend} from {before:.1f} the week before"


def _breaks(canvas: Canvas, box: Box, summary: WeekSummary, days: Sequence[str]) -> None:
    def series(label: str, colour: tuple[int, int, int], counts: list[int]) -> Series:
        return Series(label, colour, counts, [str(count) if count else "" for count in counts])

    each = summary.days
    bar_chart(canvas, box, "Breaks each day, against the breaks due", days=days, series=[
        series("due", Palette.DUE, [day.breaks_due for day in each]),
        series("taken", Palette.TAKEN, [day.tally.breaks_taken for day in each]),
        series("skipped", Palette.SKIPPED, [day.tally.skipped for day in each]),
        series("natural break", Palette.NATURAL, [day.tally.natural_breaks for day in each]),
    ])  # fmt: skip


def _stretched(canvas: Canvas, box: Box, summary: WeekSummary, days: Sequence[str]) -> None:
    minutes = [day.tally.minutes_stretched for day in summary.days]
    session = summary.dose.session.total_seconds() / 60
    bar_chart(canvas, box, "Minutes stretched", days=days,
              series=[Series("minutes", Palette.TAKEN, minutes, [_minutes(m) if m else "" for m in minutes])],
              guide=Guide(f"a study session: {session:g} min", session))  # fmt: skip


def _desk_time(canvas: Canvas, box: Box, summary: WeekSummary, days: Sequence[str]) -> None:
    low, high = summary.dose.desk_break_every
    stretches = [day.tally.longest_desk_stretch for day in summary.days]
    hours = [stretch.total_seconds() / 3600 for stretch in stretches]
    texts = [_length(stretch) if stretch.total_seconds() >= 60 else "" for stretch in stretches]
    colours = [Palette.OVER if stretch > high else Palette.DESK for stretch in stretches]
    guide = Guide(f"a break every {_length(low)} to {_length(high)}", low.total_seconds() / 3600,
                  high.total_seconds() / 3600)  # fmt: skip
    bar_chart(canvas, box, "Longest unbroken desk time", days=days,
              series=[Series("desk time", Palette.DESK, hours, texts, colours)], guide=guide)  # fmt: skip


def _pain(canvas: Canvas, box: Box, summary: WeekSummary, days: Sequence[str]) -> None:
    before = summary.previous_pain_average
    guide = None if before is None else Guide(f"the week before: {before:.1f}", before)
    line_chart(canvas, box, f"Stiffness or pain, 0 to {HIGHEST_LEVEL} (each day's check-ins, averaged)",
               days=days, values=[day.pain for day in summary.days], colour=Palette.PAIN,
               top_value=HIGHEST_LEVEL, guide=guide)  # fmt: skip


def _notes(summary: WeekSummary) -> list[str]:
    """What is counted, and where the dose comes from."""
    dose = summary.dose
    low, high = (_length(limit) for limit in dose.desk_break_every)
    return [
        "Due: the reminders, one that comes back after a snooze or no answer counted once. Taken: breaks "
        "completed or logged. Natural break: time away long enough to count as a break.",
        f"The dose: a desk break every {low} to {high} of desk time ({dose.desk_break_source}); "
        f"{dose.session_source}: {dose.session_finding}",
    ]


def _length(length: timedelta) -> str:
    """``1h 52m``, ``45m``, or ``2h`` on the hour."""
    text = hours_minutes(length)
    return text.removesuffix(" 00m")


def _minutes(minutes: float) -> str:
    """``12`` or ``15.5``: to the nearest half minute, so a 12:30 routine is not shown as 12 or 13."""
    halves = round(minutes * 2) / 2
    return f"{halves:g}"
