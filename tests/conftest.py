"""Keeps every test away from the real user's files, marks the desktop and slow tiers, holds the desktop fixtures.

Nothing Linux-only is imported here at module level, so a Windows or macOS
checkout collects the suite; ``tiers`` says which modules are the desktop
tier (marked ``desktop``; where jeepney or python-xlib is missing, the
modules importing them are not collected, and the report says so) and
which are slow (marked ``slow``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tiers import LINUX_ONLY, missing_linux_libraries, runs_long, starts_desktop_programs

if TYPE_CHECKING:
    from desktop import Xvfb

_DESKTOP_FIXTURES = frozenset({"xvfb", "bus"})
_NOT_COLLECTED: dict[str, tuple[str, ...]] = {}


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Leave out a test module that imports jeepney or python-xlib where they are missing (not Linux)."""
    if collection_path.suffix != ".py" or not collection_path.name.startswith("test_"):
        return None
    missing = missing_linux_libraries(collection_path)
    if missing:
        _NOT_COLLECTED[collection_path.name] = missing
        return True
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``desktop`` every test that starts desktop programs (by its module's imports or its fixtures).

    ``slow`` marks the long ones (see ``tiers``). On Windows, tests marked ``posix`` are skipped, saying why.
    """
    for item in items:
        if _DESKTOP_FIXTURES & set(getattr(item, "fixturenames", ())) or starts_desktop_programs(item.path):
            item.add_marker(pytest.mark.desktop)
        if runs_long(item.path):
            item.add_marker(pytest.mark.slow)
        if sys.platform == "win32" and item.get_closest_marker("posix"):
            item.add_marker(pytest.mark.skip(reason="needs POSIX: Unix sockets, file modes, fork or sh"))


def pytest_report_collectionfinish() -> str | None:
    """Say which desktop-tier modules were left out, and why, under pytest's "collected" line."""
    if not _NOT_COLLECTED:
        return None
    libraries = [library for library in LINUX_ONLY if any(library in missing for missing in _NOT_COLLECTED.values())]
    return (f"desktop tier: {len(_NOT_COLLECTED)} modules not collected: they import {' and '.join(libraries)}, "
            f"which this Python cannot (Linux only): {', '.join(sorted(_NOT_COLLECTED))}")


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    # Where XDG_RUNTIME_DIR is missing, deskbreak falls back to deskbreak-<uid> in the temp folder: a
    # folder of this test's own for the daemons and CLIs it starts, never one another run shares.
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)
    _private_windows_folders(home, monkeypatch)


def _private_windows_folders(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' Known Folders under ``home`` too: platformdirs asks the Windows shell for them, not HOME.

    In this process through platformdirs' own lookup; in child processes
    through its ``WIN_PD_OVERRIDE_*`` variables (platformdirs 4.8 and later).
    macOS needs nothing more: platformdirs finds ``~/Library`` through HOME.
    """
    import platformdirs.windows

    folders = {"LOCAL_APPDATA": home / "AppData" / "Local", "APPDATA": home / "AppData" / "Roaming",
               "COMMON_APPDATA": home / "ProgramData"}
    for name, folder in folders.items():
        monkeypatch.setenv(f"WIN_PD_OVERRIDE_{name}", str(folder))
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda csidl: str(folders[csidl.removeprefix("CSIDL_")]))


@pytest.fixture
def runtime_base() -> Path:
    """The private XDG_RUNTIME_DIR itself, made as a login session makes it (mode 0700)."""
    base = Path(os.environ["XDG_RUNTIME_DIR"])
    base.mkdir(mode=0o700)
    return base


@pytest.fixture(scope="module")
def xvfb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xvfb]:
    """A private X server shared by one test module."""
    from desktop import Xvfb

    server = Xvfb(tmp_path_factory.mktemp("xvfb") / "xvfb.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a private session bus shared by one test module."""
    from desktop import start_bus, stop_bus

    daemon, address = start_bus(tmp_path_factory.mktemp("bus"))
    yield address
    stop_bus(daemon)
