"""The daemon with an idle source that tells of changes (X11's XSync alarms, Wayland's idle events).

Run in-process on a fake clock with ``FakeIdleWatch``: the shell is woken
only by the source's events and the engine's deadlines, never by a
periodic sample, and still shows everything at the moment it is due.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from shell_driver import START, Driven

from deskbreak.daemon._shell import Tick

MINUTE = timedelta(minutes=1)


@pytest.fixture
def driven(tmp_path: Path) -> Driven:
    return Driven(tmp_path, watching=True)


def test_a_reminder_comes_at_the_exact_desk_time_with_no_sample_in_between(driven: Driven) -> None:
    assert driven.waker.every is None  # nothing asks the source every few seconds
    driven.work(30 * MINUTE - timedelta(seconds=1))
    assert (driven.reminders(), driven.idle.readings) == ([], 1)  # the one reading at start
    driven.work(timedelta(seconds=1))
    assert len(driven.reminders()) == 1
    assert driven.idle.readings == 2  # woken once more: at the deadline, by the timer
    reminder = driven.history.records()[-1]
    assert (reminder.kind, reminder.at, reminder.desk_time) == ("reminder", START + 30 * MINUTE, 30 * MINUTE)


def test_the_source_asks_for_the_engines_thresholds_and_a_natural_break_is_seen_when_it_happens(
    driven: Driven,
) -> None:
    assert driven.watch is not None
    assert driven.watch.thresholds == (2 * MINUTE, 5 * MINUTE)  # away_after, natural_break
    driven.work(10 * MINUTE)
    readings = driven.idle.readings
    driven.away(20 * MINUTE)
    natural = driven.history.records()[-1]
    assert (natural.kind, natural.at) == ("natural_break", START + 15 * MINUTE)
    assert driven.idle.readings - readings <= 3  # the two thresholds, and at most one deadline


def test_a_natural_break_is_seen_when_the_sources_events_come_early(driven: Driven) -> None:
    """KWin's idle timers fire up to 5 % early: each event's sample reads just short of its threshold."""
    driven.work(10 * MINUTE)
    driven.away(6 * MINUTE, early=0.05)  # one minute past the natural break, before any other deadline
    left = START + 10 * MINUTE
    natural = [record.at for record in driven.history.records() if record.kind == "natural_break" and record.at > left]
    assert natural == [left + 5 * MINUTE]


def test_the_same_records_as_sampling_every_five_seconds(tmp_path: Path) -> None:
    """Work, short pauses, a long absence, a snoozed reminder: watched and sampled give one history."""
    histories = []
    for watching in (False, True):
        home = tmp_path / ("watched" if watching else "sampled")
        home.mkdir()
        driven = Driven(home, watching=watching)
        driven.work(20 * MINUTE)
        driven.away(MINUTE)  # shorter than away_after: still desk time
        driven.work(12 * MINUTE)
        driven.ask("snooze")
        driven.work(3 * MINUTE)
        driven.away(7 * MINUTE)  # a natural break
        driven.work(31 * MINUTE)
        histories.append([(record.kind, record.at, record.desk_time) for record in driven.history.records()])
    assert histories[0] == histories[1]
    assert [kind for kind, _, _ in histories[1]] == ["reminder", "snoozed", "reminder", "natural_break",
                                                     "reminder"]


def test_an_edit_to_the_thresholds_is_watched_from_the_config_files_event_on(driven: Driven) -> None:
    driven.config_path.write_text(driven.config_path.read_text().replace('away_after = "2m"', 'away_after = "3m"'))
    driven.process(Tick())  # what the config file watch queues when the file is saved
    assert driven.watch is not None
    assert driven.watch.thresholds == (3 * MINUTE, 5 * MINUTE)
    assert driven.stored() == ["config_reloaded"]


def test_a_source_that_stops_working_is_sampled_until_it_works_again(driven: Driven) -> None:
    driven.idle.fail("lost the connection to X display ':9'")
    driven.process(Tick())
    assert driven.waker.every == timedelta(seconds=5)
    driven.idle.set(timedelta(0))
    driven.work(timedelta(seconds=5))
    assert driven.waker.every is None


def test_a_polled_quiet_signal_keeps_the_samples_coming(tmp_path: Path) -> None:
    driven = Driven(tmp_path, watching=True)
    driven.quiet.polled = True  # a camera was plugged in
    driven.process(Tick())
    assert driven.waker.every == timedelta(seconds=5)


def test_a_slow_reading_does_not_make_the_next_one_look_like_a_return(driven: Driven) -> None:
    """A reading can take a D-Bus round trip or two. Timed from before it, it would place the last input
    earlier than the next, quick reading does, and that gap would pass for the user coming back."""
    driven.work(10 * MINUTE)
    left = driven.now
    source = driven.idle
    quick = source.idle_for

    def slow() -> timedelta:  # the first reading once the user has gone: 1.5 s pass before the source answers
        del source.idle_for
        driven.clock.advance(timedelta(seconds=1.5))
        return quick() + timedelta(seconds=1.5)

    source.idle_for = slow  # type: ignore[method-assign]
    driven.away(20 * MINUTE)
    natural = [record.at for record in driven.history.records() if record.kind == "natural_break" and record.at > left]
    assert natural == [left + 5 * MINUTE]
