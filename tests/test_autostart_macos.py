"""macOS autostart: the LaunchAgent plist as exact text, and what is asked of launchctl.

launchctl comes through FakeRunner, so these run on any system; the
answers given are the ones launchctl gives (113: no such service).
"""

from __future__ import annotations

import os
import plistlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from desktop_autostart import installed

from deskbreak.autostart import (
    AutostartError,
    FakeRunner,
    LaunchAgent,
    Launcher,
    Ran,
    autostart_status,
    launch_agent_plist,
    turn_off,
    turn_on,
)
from deskbreak.control import InstanceLock

UID = 501
NOT_LOADED = Ran(113, "Could not find service \"io.github.deskbreak.deskbreak\" in domain for port")


def agent(home: Path, runner: FakeRunner) -> LaunchAgent:
    return LaunchAgent(home, home / "Library" / "Logs" / "deskbreak", UID, runner)


def plist_path(home: Path) -> Path:
    return home / "Library" / "LaunchAgents" / "io.github.deskbreak.deskbreak.plist"


def test_the_plist_is_exactly_this() -> None:
    launcher = Launcher(("/Users/me/.local/pipx/venvs/deskbreak/bin/deskbreak", "run"))
    assert launch_agent_plist(launcher, Path("/Users/me/Library/Logs/deskbreak")).decode() == """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>EnvironmentVariables</key>
	<dict>
		<key>DESKBREAK_AUTOSTART</key>
		<string>launchd</string>
	</dict>
	<key>KeepAlive</key>
	<dict>
		<key>SuccessfulExit</key>
		<false/>
	</dict>
	<key>Label</key>
	<string>io.github.deskbreak.deskbreak</string>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
	<key>ProcessType</key>
	<string>Interactive</string>
	<key>ProgramArguments</key>
	<array>
		<string>/Users/me/.local/pipx/venvs/deskbreak/bin/deskbreak</string>
		<string>run</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>StandardErrorPath</key>
	<string>/Users/me/Library/Logs/deskbreak/launchd.err.log</string>
	<key>StandardOutPath</key>
	<string>/Users/me/Library/Logs/deskbreak/launchd.out.log</string>
	<key>ThrottleInterval</key>
	<integer>30</integer>
</dict>
</plist>
"""


def test_on_writes_and_bootstraps_the_agent_and_twice_changes_nothing(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    home = tmp_path / "home"
    runner = FakeRunner({"launchctl print": NOT_LOADED})
    report = turn_on([agent(home, runner)], launcher)
    assert report.lines == (f"autostart on: {plist_path(home)} starts {launcher.program} run at login",
                            "loaded io.github.deskbreak.deskbreak: deskbreak is running")
    assert runner.commands == ["launchctl print gui/501/io.github.deskbreak.deskbreak",
                               f"launchctl bootstrap gui/501 {plist_path(home)}"]
    assert plist_path(home).read_bytes() == launch_agent_plist(launcher, home / "Library" / "Logs" / "deskbreak")
    assert (home / "Library" / "Logs" / "deskbreak").is_dir()

    loaded = FakeRunner()
    again = turn_on([agent(home, loaded)], launcher)
    assert again.lines == (f"autostart was already on: {plist_path(home)} starts {launcher.program} run at login",)
    assert loaded.commands == ["launchctl print gui/501/io.github.deskbreak.deskbreak"]


def test_a_changed_agent_is_booted_out_and_in_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    turn_on([agent(home, FakeRunner())], installed(tmp_path / "old", "deskbreak", "run"))
    runner = FakeRunner()
    turn_on([agent(home, runner)], installed(tmp_path / "new", "deskbreak", "run"))
    assert runner.commands == ["launchctl print gui/501/io.github.deskbreak.deskbreak",
                               "launchctl bootout gui/501/io.github.deskbreak.deskbreak",
                               f"launchctl bootstrap gui/501 {plist_path(home)}"]


def test_an_old_launchctl_falls_back_to_load_and_a_refusal_waits_for_the_next_login(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    home = tmp_path / "home"
    runner = FakeRunner({"launchctl print": NOT_LOADED, "launchctl bootstrap": Ran(3, "Unrecognized subcommand")})
    loaded = turn_on([agent(home, runner)], launcher)
    assert loaded.lines[1] == "loaded io.github.deskbreak.deskbreak: deskbreak is running"
    assert runner.commands[-1] == f"launchctl load -w {plist_path(home)}"

    plist_path(home).unlink()
    refusing = FakeRunner({"launchctl print": NOT_LOADED, "launchctl bootstrap": Ran(5, "Input/output error"),
                           "launchctl load": Ran(1, "Load failed")})
    assert turn_on([agent(home, refusing)], launcher).lines[1] == (
        "launchctl could not load it now (Input/output error); it starts at your next login")


def test_off_boots_the_agent_out_and_removes_only_our_plist(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    home = tmp_path / "home"
    runner = FakeRunner()
    turn_on([agent(home, runner)], launcher)
    assert turn_off([agent(home, runner)]).lines == ("unloaded io.github.deskbreak.deskbreak",
                                                     f"removed {plist_path(home)}")
    assert runner.commands[-1] == "launchctl bootout gui/501/io.github.deskbreak.deskbreak"
    assert not plist_path(home).exists()

    mine = plistlib.dumps({"Label": "io.github.deskbreak.deskbreak", "ProgramArguments": ["/opt/deskbreak", "run"]})
    plist_path(home).write_bytes(mine)
    with pytest.raises(AutostartError, match="was not made by deskbreak, so it is left alone"):
        turn_on([agent(home, runner)], launcher)
    assert not turn_off([agent(home, runner)]).ok
    assert plist_path(home).read_bytes() == mine


def test_status_finds_an_agent_whose_program_is_gone(tmp_path: Path) -> None:
    old = installed(tmp_path / "old" / "venv" / "bin", "deskbreak", "run")
    home = tmp_path / "home"
    turn_on([agent(home, FakeRunner())], old)
    Path(old.program).unlink()
    status = autostart_status([agent(home, FakeRunner())], old)
    assert not status.ok
    assert status.lines == ("autostart: LaunchAgent",
                            f"  LaunchAgent: {plist_path(home)} is stale: it points at {old.program}, which is gone; "
                            "run `deskbreak autostart on` again")


def test_a_damaged_plist_is_one_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    plist_path(home).parent.mkdir(parents=True)
    plist_path(home).write_text("<plist><dict><key>Label")
    with pytest.raises(AutostartError, match=f"^cannot read {plist_path(home)}: "):
        agent(home, FakeRunner()).find()


def launchd_starts_it_again(plist: dict[str, Any], exit_status: int) -> bool:
    """launchd's KeepAlive rule: true restarts always; SuccessfulExit false restarts after a non-zero exit."""
    keep_alive = plist.get("KeepAlive", False)
    if isinstance(keep_alive, bool):
        return keep_alive
    return "SuccessfulExit" in keep_alive and (exit_status == 0) == keep_alive["SuccessfulExit"]


@pytest.mark.usefixtures("runtime_base")
def test_a_second_daemon_launchd_starts_is_not_started_again_and_again(tmp_path: Path) -> None:
    """`autostart on` while a daemon started by hand runs: launchd's copy must stop for good, not every 10 s."""
    plist = plistlib.loads(launch_agent_plist(Launcher((sys.executable, "-m", "deskbreak", "run")), tmp_path))
    launchd_environment = {**os.environ, **plist["EnvironmentVariables"]}
    with InstanceLock():
        second = subprocess.run(plist["ProgramArguments"], env=launchd_environment, capture_output=True, text=True,
                                check=False, timeout=30)
        by_hand = subprocess.run(plist["ProgramArguments"], capture_output=True, text=True, check=False, timeout=30)
    assert second.stderr == by_hand.stderr == f"deskbreak is already running (pid {os.getpid()})\n"
    assert not launchd_starts_it_again(plist, second.returncode)
    assert by_hand.returncode == 1, "a person who starts a second daemon is told it failed"
    assert launchd_starts_it_again(plist, 1), "a crash is still restarted"
    assert plist["ThrottleInterval"] >= 30
