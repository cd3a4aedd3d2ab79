"""Properties over random traces (hypothesis): invariants a user relies on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from helpers import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as run_settings
from hypothesis import strategies as st

from deskbreak.core import Engine, IdleSampled, QuietChanged, Record
from deskbreak.library import builtin_routines
from deskbreak.requests import EngineRequest, Log, Pause, Resume, Skip, Snooze, Start, Stop
from deskbreak.simulate import DEFAULT_START, TraceError, TraceStep, simulate

SHORT = {"interval": "10m", "snooze": "3m", "away_after": "30s", "natural_break": "2m"}
HOURS = ["", "09:00-09:40", "Mon 09:10-09:30", "09:20-10:00"]
ACTIONS: list[list[EngineRequest]] = [
    [Start()], [Snooze(), Snooze(3), Snooze(5)], [Skip()], [Log()], [Stop()],
    [Pause(), Pause("3m"), Pause("5m")], [Resume()],
]
"""Each action a trace can take, with its options: drawn action first, then option, as traces were written."""


@dataclass(frozen=True)
class Case:
    keys: dict[str, object]
    steps: list[TraceStep]


def _step(draw: st.DrawFn, line: int) -> TraceStep:
    kind = draw(st.sampled_from(["active", "active", "active", "idle", "idle", "sleep", "do"]))
    if kind == "do":
        return TraceStep(line, kind, request=draw(st.sampled_from(draw(st.sampled_from(ACTIONS)))))
    high = 600 if kind == "sleep" else 900
    return TraceStep(line, kind, seconds=float(draw(st.integers(0, high))))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    keys = dict(SHORT, active_hours=draw(st.sampled_from(HOURS)), max_snoozes=draw(st.integers(0, 3)))
    steps = [_step(draw, line) for line in range(1, draw(st.integers(1, 40)) + 1)]
    return Case(keys, steps)


def legal_prefix_records(case: Case, sample_every: float | None = None) -> list[Record]:
    """Run the trace, stopping at the first action that makes no sense (a user would not do it)."""
    found: list[Record] = []
    try:
        for record in simulate(DEFAULT_START, case.steps, settings(**case.keys), builtin_routines(),
                               sample_every):
            found.append(record)
    except TraceError:
        pass
    return found


def inside(records: list[Record], opens: set[str], closes: set[str]) -> list[bool]:
    """For each record, in order: whether it came between an opening and a closing record."""
    flags, open_now = [], False
    for record in records:
        if record.kind in opens:
            open_now = True
        elif record.kind in closes:
            open_now = False
        flags.append(open_now and record.kind not in opens)
    return flags


FAST = run_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(cases())
def test_desk_time_is_never_negative(case: Case) -> None:
    assert all(record.desk_time >= timedelta(0) for record in legal_prefix_records(case))


@FAST
@given(cases())
def test_no_reminder_while_paused_during_a_break_or_outside_active_hours(case: Case) -> None:
    records = legal_prefix_records(case)
    paused = inside(records, {"paused"}, {"resumed"})
    in_break = inside(records, {"break_started"}, {"break_completed", "break_stopped"})
    hours = settings(**case.keys).active_hours
    for record, was_paused, was_in_break in zip(records, paused, in_break, strict=True):
        if record.kind == "reminder":
            assert not was_paused, record
            assert not was_in_break, record
            local = record.at.timestamp() + record.at.utcoffset().total_seconds()  # type: ignore[union-attr]
            assert hours.contains(local), record


RESETS = {"skipped", "logged", "break_completed", "break_stopped", "natural_break"}


@FAST
@given(cases())
def test_no_two_reminders_closer_than_snooze_of_desk_time(case: Case) -> None:
    snooze = settings(**case.keys).snooze
    previous = None
    for record in legal_prefix_records(case):
        if record.kind in RESETS:
            previous = None
        elif record.kind == "reminder":
            if previous is not None:
                assert record.desk_time - previous >= snooze - timedelta(milliseconds=1)
            previous = record.desk_time


def _rounded(records: list[Record]) -> list[tuple[str, float, float]]:
    start = DEFAULT_START
    return [(r.kind, round((r.at - start).total_seconds(), 2), round(r.desk_time.total_seconds(), 2))
            for r in records]


@run_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_same_records_whether_idle_is_sampled_every_second_or_only_on_change(case: Case) -> None:
    assert _rounded(legal_prefix_records(case, 1.0)) == _rounded(legal_prefix_records(case, None))




TIMED_KINDS = frozenset({"reminder", "natural_break", "break_completed", "resumed", "waited"})


@st.composite
def spans(draw: st.DrawFn) -> tuple[dict[str, object], list[tuple[str, int]]]:
    keys: dict[str, object] = dict(SHORT, active_hours=draw(st.sampled_from(HOURS)),
                                   max_wait=draw(st.sampled_from(["2m", "0m"])))
    kinds = st.sampled_from(["active", "active", "idle", "quiet", "free"])
    return keys, [(draw(kinds), draw(st.integers(0, 900))) for _ in range(draw(st.integers(1, 30)))]


@FAST
@given(spans())
def test_the_daemon_is_never_woken_later_than_the_next_thing_that_happens(
    case: tuple[dict[str, object], list[tuple[str, int]]],
) -> None:
    """``next_deadline`` is never later than a record the passage of time makes: a daemon that sleeps
    until the deadline (an event-driven idle source) misses nothing."""
    keys, steps = case
    engine = Engine(settings(**keys), builtin_routines())
    now, last_input = DEFAULT_START, DEFAULT_START
    engine.handle(IdleSampled(now=now, idle_for=timedelta(0)))
    for kind, seconds in steps:
        if kind in ("quiet", "free"):
            engine.handle(QuietChanged(now=now, reason="fullscreen" if kind == "quiet" else None))
            continue
        deadline, watched_deadline = engine.next_deadline(), engine.next_deadline(natural_break_watched=True)
        began, now = now, now + timedelta(seconds=seconds)
        if kind == "active":
            last_input = now
        effects = engine.handle(IdleSampled(now=now, idle_for=now - last_input,
                                            active_for=now - began if kind == "active" else timedelta(0)))
        records = [effect for effect in effects if isinstance(effect, Record) and effect.kind in TIMED_KINDS]
        timed = [record.at for record in records]
        if timed:
            assert deadline is not None
            assert deadline <= min(timed)
        # With an idle source that tells when natural_break is reached, every timed change but the natural
        # break and what it brings (a held-back reminder's wait ends with it) is still a deadline.
        natural = {record.at for record in records if record.kind == "natural_break"}
        unwatched = [record.at for record in records if record.at not in natural]
        if unwatched:
            assert watched_deadline is not None
            assert watched_deadline <= min(unwatched)
