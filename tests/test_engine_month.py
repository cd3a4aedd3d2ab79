"""Thirty working days of realistic use, replayed on simulated time."""

from __future__ import annotations

from collections import Counter
from typing import Any

from helpers import MIN, active, do, idle, replay, sleep

DAY = 24 * 60 * MIN
WORKDAY: list[dict[str, Any]] = [
    active(50 * MIN), idle(MIN), active(15 * MIN),  # due at 09:30 (a 1-min pause counts)
    do("start"), idle(3 * MIN),  # the desk break, 09:36-09:39
    active(70 * MIN),  # due at 10:39, unanswered, again at 10:49
    do("snooze"), active(15 * MIN),  # back after 10 more minutes of desk time: 10:59
    do("skip"), idle(45 * MIN),  # skipped, then lunch: a natural break at 11:09
    active(61 * MIN), do("log"),  # due at 12:49; "I took a walk"
    active(55 * MIN), idle(4 * MIN), active(30 * MIN),  # 4 min away adds 2: due 13:52, 14:02, 14:12
    do("start"), idle(3 * MIN),
    active(60 * MIN), do("skip"), active(60 * MIN),  # due 15:22 and 16:22
    idle(10 * MIN),  # home time: a natural break at 16:27
]
WORKDAY_END = 482 * MIN
EXPECTED_REMINDERS = [60, 129, 139, 149, 259, 322, 332, 342, 412, 472]  # minutes after 08:30


def thirty_working_days() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for week in range(6):
        for weekday in range(5):
            steps += WORKDAY
            overnight = DAY - WORKDAY_END + (2 * DAY if weekday == 4 else 0)
            if week < 5 or weekday < 4:
                steps.append(sleep(overnight))
    return steps


def test_thirty_working_days_give_the_expected_reminders_at_the_expected_times() -> None:
    events = replay(*thirty_working_days(), at="2026-03-02T08:30:00", active_hours="Mon-Fri 08:00-19:00")
    reminders = [event["t"] for event in events if event["event"] == "reminder"]
    assert len(reminders) == 30 * 10
    day_starts = [week * 7 * DAY + weekday * DAY for week in range(6) for weekday in range(5)]
    expected = [start + minute * MIN for start in day_starts for minute in EXPECTED_REMINDERS]
    assert reminders == expected


def test_thirty_working_days_record_every_answer() -> None:
    events = replay(*thirty_working_days(), at="2026-03-02T08:30:00")
    counts = Counter(event["event"] for event in events)
    assert counts == {
        "reminder": 300, "break_started": 60, "break_completed": 60, "snoozed": 30,
        "skipped": 60, "logged": 30, "natural_break": 60,
    }
