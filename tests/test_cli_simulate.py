"""``deskbreak simulate`` and ``deskbreak config`` as a user runs them."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from deskbreak.config.user_file import default_config_text


def deskbreak(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "deskbreak", *args], input=stdin,
                          capture_output=True, text=True, check=False, timeout=60)


def lines(*steps: object) -> str:
    return "".join(json.dumps(step) + "\n" for step in steps)


def test_simulate_prints_one_json_event_per_line() -> None:
    result = deskbreak("simulate", "-", stdin=lines({"active": 3700}, {"do": "start"}, {"idle": 200}))
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"t": 3600, "event": "reminder", "desk_time": 3600, "routine": "desk", "snoozes_left": 3},
        {"t": 3700, "event": "break_started", "desk_time": 3700, "routine": "desk"},
        {"t": 3880, "event": "break_completed", "desk_time": 3700, "routine": "desk", "seconds": 180},
    ]
    assert result.stderr == ""


def test_simulate_reads_a_trace_file_and_a_config_file(tmp_path: Path) -> None:
    trace = tmp_path / "day.jsonl"
    trace.write_text(lines({"at": "2026-03-02T08:30:00"}, {"active": 80 * 60}))
    config = tmp_path / "mine.toml"
    config.write_text(default_config_text().replace('interval = "1h"', 'interval = "75m"'))
    result = deskbreak("simulate", str(trace), "--config", str(config))
    assert [json.loads(line)["t"] for line in result.stdout.splitlines()] == [75 * 60]


def test_simulate_uses_the_users_config_file_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "user.toml"
    config.write_text('[schedule]\ninterval = "20m"\n')
    monkeypatch.setenv("DESKBREAK_CONFIG", str(config))
    result = deskbreak("simulate", "-", stdin=lines({"active": 25 * 60}))
    assert [json.loads(line)["t"] for line in result.stdout.splitlines()] == [20 * 60]


def test_simulate_can_poll_like_the_daemon() -> None:
    trace = lines({"active": 3000}, {"idle": 200}, {"active": 900})
    coarse = deskbreak("simulate", "-", stdin=trace)
    polled = deskbreak("simulate", "-", "--sample-every", "5", stdin=trace)
    assert coarse.stdout == polled.stdout != ""


ONE_KIND = 'expected exactly one of "active", "idle", "sleep", "quiet", "do"'


@pytest.mark.parametrize(
    ("trace", "message"),
    [
        ('{"active": 10}\nnot json\n', "trace line 2: not valid JSON"),
        ('{"active": -5}\n', "trace line 1: active cannot be negative"),
        ('{"active": "ten"}\n', 'trace line 1: active must be a number of seconds, got "ten"'),
        ('{"idle": true}\n', "trace line 1: idle must be a number of seconds, got true"),
        ("[1, 2]\n", "trace line 1: expected a JSON object"),
        ('{"active": 1, "idle": 2}\n', f"trace line 1: {ONE_KIND}"),
        ('{"walk": 1}\n', f"trace line 1: {ONE_KIND}"),
        ('{"active": 1, "speed": 2}\n', "trace line 1: unexpected keys beside 'active': ['speed']"),
        ('{"do": "dance"}\n', "trace line 1: unknown action 'dance' (one of start, stop, snooze, "),
        ('{"do": "quit"}\n', "trace line 1: unknown action 'quit' (one of start, stop, snooze, "),
        ('{"do": "skip", "minutes": 5}\n', "trace line 1: skip: unexpected minutes"),
        ('{"do": "snooze", "minutes": 0}\n', "trace line 1: snooze: minutes must be a whole number from 1 to 240"),
        ('{"do": "start", "routine": 7}\n', 'trace line 1: start: routine must be a name such as "desk"'),
        ('{"do": "pause", "spec": "forever"}\n', "trace line 1: pause: cannot pause for 'forever'"),
        ('{"do": "pause", "minutes": -1}\n', "trace line 1: minutes cannot be negative"),
        ('{"active": 1}\n{"at": "2026-03-02T08:00:00"}\n', 'trace line 2: "at" may only be the first line'),
        ('{"at": "yesterday"}\n', "trace line 1: 'yesterday' is not an ISO date and time"),
        ('{"active": 60}\n{"do": "stop"}\n', "trace line 2: stop: no break is running"),
        ('{"active": 60}\n{"do": "snooze"}\n', "trace line 2: snooze: no reminder is showing"),
        ('{"do": "resume"}\n', "trace line 1: resume: not paused"),
        ('{"do": "carry-on"}\n', "trace line 1: carry-on: no break is running"),
    ],
)
def test_a_bad_trace_line_is_named_and_exits_2(trace: str, message: str) -> None:
    result = deskbreak("simulate", "-", stdin=trace)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_a_missing_trace_file_exits_2(tmp_path: Path) -> None:
    result = deskbreak("simulate", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2
    assert result.stderr.startswith(f"deskbreak simulate: cannot read {tmp_path / 'none.jsonl'}")


def test_a_bad_config_for_simulate_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[schedule]\ninterval = "9h"\n')
    result = deskbreak("simulate", "-", "--config", str(config), stdin="")
    assert result.returncode == 2
    assert result.stderr == f'{config}:2: [schedule] interval = "9h": must be from 1m to 8h\n'


def test_config_path_prints_where_the_file_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    result = deskbreak("config", "path")
    assert result.stdout == f"{tmp_path / 'cfg' / 'deskbreak' / 'deskbreak.toml'}\n"


def test_config_check_passes_a_good_file_and_fails_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(default_config_text())
    assert deskbreak("config", "check", str(good)).stdout == f"{good}: ok\n"
    bad = tmp_path / "bad.toml"
    bad.write_text('[schedule]\nsnoze = "5m"\nmax_snoozes = "three"\n')
    result = deskbreak("config", "check", str(bad))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'{bad}:2: [schedule] snoze: unknown key; did you mean "snooze"?',
        f'{bad}:3: [schedule] max_snoozes = "three": expected a whole number from 0 to 10',
    ]


def test_config_check_without_a_file_checks_the_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBREAK_CONFIG", str(tmp_path / "missing.toml"))
    result = deskbreak("config", "check")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'missing.toml'}: no such file\n"


def test_version_and_help() -> None:
    assert deskbreak("--version").stdout.startswith("deskbreak 0.")
    assert "simulate" in deskbreak("--help").stdout
    assert "example trace" in deskbreak("simulate", "--help").stdout


def test_a_reader_that_leaves_early_ends_it_quietly(tmp_path: Path) -> None:
    """`deskbreak simulate day.jsonl | head -1`: the closed pipe is not a read error."""
    day = tmp_path / "day.jsonl"
    day.write_text("".join(json.dumps({"active": 3600}) + "\n" + json.dumps({"do": "skip"}) + "\n"
                           for _ in range(200)))
    done = subprocess.run(f"{shlex.quote(sys.executable)} -m deskbreak simulate {shlex.quote(str(day))} | head -1",
                          shell=True, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.startswith('{"t": 3600, "event": "reminder"')
    assert done.stderr == ""


def test_an_old_trace_pausing_for_minutes_still_runs_and_is_told_the_new_spelling() -> None:
    old = deskbreak("simulate", "-", stdin=lines({"active": 600}, {"do": "pause", "minutes": 30}, {"active": 3600}))
    new = deskbreak("simulate", "-", stdin=lines({"active": 600}, {"do": "pause", "spec": "30m"}, {"active": 3600}))
    assert old.returncode == new.returncode == 0
    assert old.stdout == new.stdout != ""
    assert old.stderr == ('deskbreak simulate: trace line 2: {"do": "pause", "minutes": 30} is deprecated; '
                          'write {"do": "pause", "spec": "30m"}\n')
    assert new.stderr == ""


def test_a_trace_can_press_the_break_windows_buttons() -> None:
    trace = lines({"active": 3600}, {"do": "start"}, {"active": 20}, {"do": "hold"}, {"idle": 60},
                  {"do": "carry-on"}, {"do": "next"}, {"active": 20}, {"do": "stop"})
    result = deskbreak("simulate", "-", stdin=trace)
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [event["event"] for event in events] == ["reminder", "break_started", "break_stopped"]
    assert events[-1]["seconds"] == 40  # the minute on hold does not count
