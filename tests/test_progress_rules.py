"""The progress rules: weeks and months, the streak, check-in input, red flags and the 4-week rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from history_weeks import EVENING, OFF, STEADY, Day, fill

from deskbreak.config.settings_file import ConfigError, parse_settings
from deskbreak.history import MemoryHistory
from deskbreak.library import REGIONS, load_library
from deskbreak.progress import (
    AREAS,
    NO_IMPROVEMENT_SIGN,
    RED_FLAG_SIGNS,
    STUDY_REFERENCE,
    Checkin,
    dose_from,
    flag_advice,
    month_containing,
    no_improvement,
    no_improvement_advice,
    parse_area,
    parse_flags,
    parse_level,
    parse_month,
    parse_week,
    red_flag,
    rest_weekdays,
    streak,
)

RED_FLAGS = load_library().safety.red_flags


# --- weeks and months ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2026-W10", date(2026, 3, 2), date(2026, 3, 8)),
        ("2026w1", date(2025, 12, 29), date(2026, 1, 4)),  # ISO week 1 can start in the year before
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
    ],
)
def test_iso_weeks_run_monday_to_sunday(text: str, first: date, last: date) -> None:
    week = parse_week(text)
    assert (week.first, week.last) == (first, last)
    assert len(week.days()) == 7


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-W53", '"2025-W53": 2025 has weeks 1 to 52'),
        ("2026-W0", '"2026-W0": 2026 has weeks 1 to 53'),
        ("2026-10", '"2026-10" is not a week; write it like 2026-W10'),
        ("next week", '"next week" is not a week; write it like 2026-W10'),
        ("0000-W01", "year 0000 is out of range (1 to 9998)"),
    ],
)
def test_bad_weeks_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_week(text)


def test_months_and_their_errors() -> None:
    february = parse_month("2028-02")
    assert (february.first, february.last, february.label) == (date(2028, 2, 1), date(2028, 2, 29), "2028-02")
    assert month_containing(date(2026, 12, 31)).first == date(2026, 12, 1)
    with pytest.raises(ValueError, match='"2026-13": months run from 01 to 12'):
        parse_month("2026-13")
    with pytest.raises(ValueError, match='"March" is not a month; write it like 2026-03'):
        parse_month("March")


# --- the streak ---------------------------------------------------------------------------------


def daily(store: MemoryHistory, today: date) -> list[tuple[date, int]]:
    return list(store.daily_breaks(today))


def test_the_streak_counts_engine_days_with_enough_breaks_and_weekends_off_do_not_break_it() -> None:
    # Mon-Wed 4 breaks each, Thu 2, Fri 4, weekend off, Mon 4, Tue (today) 4.
    with MemoryHistory() as store:
        fill(store, datetime(2026, 3, 2, 8, 30, tzinfo=UTC), [STEADY] * 3 + [EVENING, STEADY, OFF, OFF] + [STEADY] * 2)
        today = date(2026, 3, 10)
        office = parse_settings('[schedule]\nactive_hours = "Mon-Fri 08:00-18:00"', "t")
        weekdays_only = rest_weekdays([window.days for window in office.active_hours.windows])
        assert weekdays_only == {5, 6}
        with_weekends_off = streak(store.daily_breaks(today), today, 3, weekdays_only)
        assert (with_weekends_off.days, with_weekends_off.first, with_weekends_off.last) == (
            3, date(2026, 3, 6), date(2026, 3, 10))  # fmt: skip
        every_day = streak(store.daily_breaks(today), today, 3)
        assert (every_day.days, every_day.first) == (2, date(2026, 3, 9))
        assert streak(store.daily_breaks(today), today, 2).days == 2  # Thursday's 2 count; the weekend does not
        assert streak(store.daily_breaks(today), today, 2, weekdays_only).days == 7  # Mon 2 to Tue 10, weekend off


def test_a_streak_is_alive_until_today_is_over_and_broken_by_a_missed_day() -> None:
    counts = [(date(2026, 3, 9), 3), (date(2026, 3, 8), 5), (date(2026, 3, 7), 3), (date(2026, 3, 5), 9)]
    assert streak(counts, date(2026, 3, 9), 3).days == 3  # today already counts
    assert streak(counts[1:], date(2026, 3, 9), 3).days == 2  # today not done yet: still alive from yesterday
    assert streak(counts[1:], date(2026, 3, 10), 3).days == 0  # yesterday missed: over
    short_today = streak(counts, date(2026, 3, 9), 4)  # today's 3 are not 4 yet; Sunday's 5 are
    assert (short_today.days, short_today.first, short_today.last) == (1, date(2026, 3, 8), date(2026, 3, 8))
    assert streak(counts, date(2026, 3, 9), 10).days == 0


def test_the_streak_reads_only_as_far_back_as_it_goes() -> None:
    read: list[date] = []

    def years_of_breaks() -> Iterator[tuple[date, int]]:
        day = date(2026, 3, 9)
        while True:
            read.append(day)
            yield day, 0 if day == date(2026, 3, 1) else 4
            day -= timedelta(days=1)

    assert streak(years_of_breaks(), date(2026, 3, 9), 3).days == 8
    assert len(read) <= 10


def test_the_streak_setting_is_checked() -> None:
    assert parse_settings("[progress]\nstreak_breaks = 5", "t").streak_breaks == 5
    assert parse_settings("", "t").streak_breaks == 3
    assert parse_settings("", "t").checkins is False
    for text, message in [
        ("streak_breaks = 0", "[progress] streak_breaks = 0: must be from 1 to 20"),
        ("streak_breaks = 21", "[progress] streak_breaks = 21: must be from 1 to 20"),
        ('checkins = "yes"', '[progress] checkins = "yes": expected true or false'),
        ("streak = 3", '[progress] streak: unknown key; did you mean "streak_breaks"?'),
    ]:
        with pytest.raises(ConfigError) as caught:
            parse_settings(f"[progress]\n{text}\n", "my.toml")
        assert caught.value.problems == [f"my.toml:2: {message}"]


# --- check-in input -----------------------------------------------------------------------------


def test_levels_areas_and_flags_are_read_as_typed() -> None:
    assert [parse_level(text) for text in ("0", " 7 ", "10")] == [0, 7, 10]
    assert parse_area("lower-back") == parse_area("Lower Back") == "lower back"
    assert parse_flags(["leg-pain", "LEG-PAIN", "after-injury"]) == ("leg-pain", "after-injury")


@pytest.mark.parametrize(
    ("read", "text", "message"),
    [
        (parse_level, "11", "level 11 is out of range: 0 (no stiffness or pain) to 10 (the worst)"),
        (parse_level, "-1", "level -1 is out of range: 0 (no stiffness or pain) to 10 (the worst)"),
        (parse_level, "4.5", 'level "4.5" is not a whole number from 0 to 10'),
        (parse_area, "lowr-back", 'unknown area "lowr-back"; did you mean "lower-back"? (known: upper-back, '
                                  "mid-back, lower-back, full-back, neck, hips)"),
        (parse_area, "knee", 'unknown area "knee" (known: upper-back, mid-back, lower-back, full-back, neck, hips)'),
    ],
)  # fmt: skip
def test_bad_check_in_input_gets_one_line(read: Callable[[str], object], text: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        read(text)


def test_an_unknown_flag_suggests_the_closest() -> None:
    with pytest.raises(ValueError, match=re.escape('unknown red flag "leg-pian"; did you mean "leg-pain"?')):
        parse_flags(["leg-pian"])


def test_areas_are_the_library_regions() -> None:
    assert AREAS == REGIONS


def test_every_library_red_flag_has_exactly_one_name_or_is_the_4_week_rule() -> None:
    matched = [red_flag(words, RED_FLAGS) for words in [*RED_FLAG_SIGNS.values(), NO_IMPROVEMENT_SIGN]]
    assert sorted(flag.sign for flag in matched) == sorted(flag.sign for flag in RED_FLAGS)


def test_a_reported_red_flag_gets_the_library_advice_urgent_first() -> None:
    advice = flag_advice(["leg-pain", "bladder-bowel"], RED_FLAGS)
    assert [item.urgent for item in advice] == [True, False]
    assert advice[0].reason == "You reported: you lose control of your bladder or bowels."
    assert advice[0].guidance == "Stop and get medical help straight away."
    assert advice[1].reason == "You reported: pain that travels down a leg."
    assert "sciatica" in advice[1].guidance


def test_the_study_dose_matches_what_the_library_says_of_the_study() -> None:
    library = load_library()
    dose = dose_from(library)
    finding = library.references[STUDY_REFERENCE].finding
    assert "15 minutes, three times a week" in finding
    assert (dose.session, dose.sessions_per_week, dose.weekly_minutes) == (timedelta(minutes=15), 3, 45)
    assert dose.desk_break_every == (timedelta(hours=1), timedelta(hours=2))
    assert (dose.session_source, dose.desk_break_source) == ("Macedo et al. 2011", "Back stretching guide")


# --- the 4-week rule ----------------------------------------------------------------------------

TODAY = date(2026, 3, 29)  # a Sunday: the four weeks are Mon 2 Mar to Sun 29 Mar
ZONE = timezone(timedelta(hours=1))


def checkin(day: date, level: int, area: str | None = "lower back") -> Checkin:
    return Checkin(at=datetime(day.year, day.month, day.day, 18, 0, tzinfo=ZONE), level=level, area=area)


def stretching_days(weekly_pattern: list[list[Day]]) -> set[date]:
    """Replay 4 weeks of engine days (one pattern per week) and read back the days with a break taken."""
    days = [day for week in weekly_pattern for day in week]
    with MemoryHistory() as store:
        fill(store, datetime(2026, 3, 2, 8, 30, tzinfo=ZONE), days)
        return {day for day, _ in store.daily_breaks(TODAY)}


REGULAR = [STEADY, OFF, STEADY, OFF, STEADY, OFF, OFF]  # Mon, Wed, Fri
LAZY = [STEADY, OFF, OFF, OFF, STEADY, OFF, OFF]  # only two days


def test_four_regular_weeks_without_improvement_mean_see_a_physiotherapist() -> None:
    days = stretching_days([REGULAR] * 4)
    checkins = [checkin(date(2026, 3, 2), 5), checkin(date(2026, 3, 5), 6), checkin(date(2026, 3, 27), 6)]
    found = no_improvement(days, checkins, TODAY)
    assert found is not None
    assert (found.area, found.first_week_average, found.last_week_average) == ("lower back", 5.5, 6)
    advice = no_improvement_advice(found, RED_FLAGS)
    assert advice.reason == (
        "No change after 4 weeks of regular stretching: you took breaks on at least 3 days in each of the last "
        "4 weeks, and your lower back averaged 5.5 out of 10 in the first week and 6.0 in the last."
    )
    assert advice.guidance == "See a physiotherapist, who can work out what is holding you back."
    assert not advice.urgent


@pytest.mark.parametrize(
    ("weeks", "levels", "why"),
    [
        ([REGULAR] * 4, (6, 5), "better: the last week is lower"),
        ([REGULAR] * 3 + [LAZY], (5, 5), "not regular: only two days in the last week"),
        ([LAZY] + [REGULAR] * 3, (5, 5), "not regular: only two days in the first week"),
        ([REGULAR] * 4, (0, 0), "nothing to see anyone about"),
    ],
)
def test_the_4_week_rule_stays_quiet(weeks: list[list[Day]], levels: tuple[int, int], why: str) -> None:
    checkins = [checkin(date(2026, 3, 3), levels[0]), checkin(date(2026, 3, 28), levels[1])]
    assert no_improvement(stretching_days(weeks), checkins, TODAY) is None, why


def test_the_4_week_rule_needs_check_ins_for_the_same_area_at_both_ends() -> None:
    days = stretching_days([REGULAR] * 4)
    assert no_improvement(days, [checkin(date(2026, 3, 27), 6)], TODAY) is None  # none in the first week
    neck_then_back = [checkin(date(2026, 3, 3), 4, "neck"), checkin(date(2026, 3, 28), 6)]
    assert no_improvement(days, neck_then_back, TODAY) is None
    unsaid = [checkin(date(2026, 3, 3), 4, None), checkin(date(2026, 3, 28), 6, None)]
    found = no_improvement(days, unsaid, TODAY)
    assert found is not None
    assert "your stiffness or pain averaged 4.0" in no_improvement_advice(found, RED_FLAGS).reason
