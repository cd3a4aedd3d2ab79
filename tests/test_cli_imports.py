"""The client commands load only what sending one request needs, so they start about as fast as Python.

Checked on the set of modules a fresh interpreter holds after the command
ran (against no daemon), not on time: time is measured by bench/compare.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NOT_FOR_A_REQUEST = {
    "PIL": "Pillow (the icon and pictures)",
    "apscheduler": "the daemon's scheduler",
    "logging": "the daemon's log",
    "inspect": "dataclasses' machinery",
    "dataclasses": "the engine's records",
    "typing": "type hints, needed only by the type checker",
    "threading": "threads (only --follow watches its output)",
    "tempfile": "the rare runtime-directory fallback",
    "deskbreak.core": "the engine",
    "deskbreak.daemon": "the daemon",
    "deskbreak.control._server": "the daemon's end of the channel",
}
if sys.platform == "linux":
    NOT_FOR_A_REQUEST["platformdirs"] = "platformdirs (a private XDG_RUNTIME_DIR is enough)"

RUN_COMMAND = """
import json, sys
from deskbreak.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def loaded_by(arguments: list[str], runtime_dir: Path) -> tuple[int, set[str], str]:
    runtime_dir.mkdir(mode=0o700)
    done = subprocess.run([sys.executable, "-c", RUN_COMMAND, *arguments], capture_output=True, text=True,
                          check=True, env={"XDG_RUNTIME_DIR": str(runtime_dir), "PATH": "/usr/bin:/bin",
                                           "HOME": str(runtime_dir)})
    answer = json.loads(done.stdout.splitlines()[-1])
    return answer["status"], set(answer["modules"]), done.stderr


@pytest.mark.posix
@pytest.mark.parametrize("arguments", [["status"], ["status", "--json"], ["snooze", "10"], ["skip"], ["log"],
                                       ["start", "desk", "--no-window"]])
def test_a_request_to_the_daemon_loads_only_the_client(arguments: list[str], tmp_path: Path) -> None:
    status, modules, stderr = loaded_by(arguments, tmp_path / "run")
    assert (status, stderr.startswith("deskbreak: deskbreak is not running")) == (1, True), stderr
    loaded = {name: why for name, why in NOT_FOR_A_REQUEST.items()
              if any(module == name or module.startswith(f"{name}.") for module in modules)}
    assert loaded == {}


@pytest.mark.posix
def test_help_still_lists_every_command(tmp_path: Path) -> None:
    runtime_dir = tmp_path / "run"
    runtime_dir.mkdir(mode=0o700)
    done = subprocess.run([sys.executable, "-m", "deskbreak", "--help"], capture_output=True, text=True, check=True,
                          env={"XDG_RUNTIME_DIR": str(runtime_dir), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    for command in ("run", "status", "snooze", "stats", "report", "config", "autostart"):
        assert f"\n    {command}" in done.stdout
