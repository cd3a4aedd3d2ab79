"""``deskbreak stats`` loads the history reader and the streak's two settings, nothing of the daemon's.

Checked on the set of modules a fresh interpreter holds after the command
ran over a real history and the default config file, not on time: time is
measured by bench/compare.py. Reading the streak's settings alone must not
change what they are, so the light reader is checked against the full one;
a problem in a key the streak does not use is left to ``deskbreak config
check`` and the daemon, which report it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from history_weeks import STEADY, fill

from deskbreak.cli import main
from deskbreak.config.settings_file import ConfigError, parse_settings
from deskbreak.config.streak_rules import DEFAULT_STREAK_BREAKS, read_streak_rules
from deskbreak.config.user_file import default_config_text, ensure_user_config, user_config_path
from deskbreak.core import Settings
from deskbreak.history import open_history

NOT_FOR_STATS = {
    "deskbreak.core": "the engine (the history is read as rows, not as its Records)",
    "deskbreak.library": "the stretch library",
    "deskbreak.config.settings_file": "the full settings reader (only for a file with a problem in the streak's keys)",
    "deskbreak.daemon": "the daemon",
    "deskbreak.progress._advice": "the check-in advice rules",
    "deskbreak.progress._checkin": "the check-in rules",
    "deskbreak.progress._dose": "the dose rules",
    "deskbreak.report": "the weekly picture",
    "PIL": "Pillow",
    "apscheduler": "the daemon's scheduler",
    "logging": "the daemon's log",
    "dataclasses": "dataclasses (and the inspect they load)",
    "inspect": "inspect",
    "importlib.resources": "the packaged content files",
}
ONLY_FOR_EXPORTS = {"json": "JSON", "csv": "CSV"}
ONLY_FOR_THE_STREAK = {"tomllib": "the config file (an export reads no settings)"}

RUN_COMMAND = """
import sys
from deskbreak.cli import main
status = main(sys.argv[1:])
modules = sorted(sys.modules)
import json  # only now: whether the command loaded it is part of what is checked
print(json.dumps({"status": status, "modules": modules}))
"""


def loaded_by(arguments: list[str]) -> tuple[int, set[str], str, str]:
    """Exit status, modules held at the end, what was printed before the module list, and stderr."""
    done = subprocess.run([sys.executable, "-c", RUN_COMMAND, *arguments], capture_output=True, text=True,
                          check=True, env={**os.environ, "PATH": "/usr/bin:/bin"})
    *printed, last = done.stdout.splitlines()
    answer = json.loads(last)
    return answer["status"], set(answer["modules"]), "\n".join(printed), done.stderr


def unwanted(modules: set[str], names: dict[str, str]) -> dict[str, str]:
    return {name: why for name, why in names.items()
            if any(module == name or module.startswith(f"{name}.") for module in modules)}


@pytest.fixture
def a_week_of_history() -> None:
    """The default config file, as the daemon's first run writes it, and a week of history up to today."""
    ensure_user_config(user_config_path())
    with open_history().store as store:
        fill(store, datetime.combine(date.today() - timedelta(days=6), time(8, 30)).astimezone(), [STEADY] * 7)


@pytest.mark.usefixtures("a_week_of_history")
@pytest.mark.parametrize("arguments", [["stats"], ["stats", "--week"], ["stats", "--month"]])
def test_the_tally_loads_only_the_history_reader(arguments: list[str]) -> None:
    status, modules, printed, stderr = loaded_by(arguments)
    assert (status, stderr) == (0, "")
    assert "Streak: 7 days in a row with 3 or more breaks" in printed
    assert unwanted(modules, NOT_FOR_STATS | ONLY_FOR_EXPORTS) == {}


@pytest.mark.usefixtures("a_week_of_history")
@pytest.mark.parametrize(("arguments", "first_line"), [(["stats", "--json"], '{"id": '),
                                                      (["stats", "--csv", "--all"], "id,kind,at,")])
def test_an_export_loads_only_the_history_reader_and_its_format(arguments: list[str], first_line: str) -> None:
    status, modules, printed, stderr = loaded_by(arguments)
    assert (status, stderr) == (0, "")
    assert printed.startswith(first_line)
    assert unwanted(modules, NOT_FOR_STATS | ONLY_FOR_THE_STREAK) == {}


@pytest.mark.parametrize(
    "text",
    [
        "",
        default_config_text(),
        "[progress]\nstreak_breaks = 5\n",
        '[schedule]\nactive_hours = "Mon-Fri 08:00-18:00"\n',
        '[schedule]\nactive_hours = ["Mon,Wed 08:00-12:00", "Sat 22:00-02:00"]\n[progress]\nstreak_breaks = 1\n',
        '[schedule]\nactive_hours = "  "\n[focus]\narea = "neck"\n',
        # a problem in the file or in the streak's keys: left to the full reader, which words it
        "[progress\n",
        "[progress]\nstreak_breaks = 0\n",
        "[progress]\nstreak_breaks = true\n",
        '[schedule]\nactive_hours = "Mon-Fri 8-18"\n',
        "[schedule]\nactive_hours = 9\n",
        "progress = 3\n",
    ],
)
def test_the_streak_settings_read_alone_are_those_the_full_reader_finds(text: str, tmp_path: Path) -> None:
    path = tmp_path / "deskbreak.toml"
    path.write_text(text, encoding="utf-8")
    try:
        settings = parse_settings(text, str(path))
    except ConfigError:
        expected = None
    else:
        expected = (settings.streak_breaks, [window.days for window in settings.active_hours.windows])
    assert read_streak_rules(path) == expected


def test_a_problem_in_a_key_the_streak_does_not_use_is_left_to_config_check(
    capsys: pytest.CaptureFixture[str],
) -> None:
    user_config_path().parent.mkdir(parents=True)
    user_config_path().write_text('[schedule]\ninterval = "soon"\n[progress]\nstreak_breaks = 5\n', encoding="utf-8")
    assert main(["stats", "--week"]) == 0
    out, err = capsys.readouterr()
    assert (out.splitlines()[-1], err) == ("Streak: none yet; a day with 5 or more breaks starts one", "")


def test_the_streak_default_is_the_engines() -> None:
    assert Settings().streak_breaks == DEFAULT_STREAK_BREAKS
