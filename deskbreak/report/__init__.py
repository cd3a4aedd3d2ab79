"""The weekly report: a week of history as numbers, and as a picture.

``summarize_week`` turns a week's records and check-ins into a
``WeekSummary`` (what is measured is set out in its module); ``week_json``
gives its numbers as JSON and ``draw_week`` draws it with Pillow. All three
are pure: the ``deskbreak report`` command reads the history and writes files.
"""

from deskbreak.report._draw import REPORT_WIDTH, draw_week
from deskbreak.report._summary import DaySummary, WeekSummary, summarize_week, week_json

__all__ = ["REPORT_WIDTH", "DaySummary", "WeekSummary", "draw_week", "summarize_week", "week_json"]
