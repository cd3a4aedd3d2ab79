"""Keeps every test away from the real user's files, and holds the shared desktop fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from desktop import Xvfb, start_bus, stop_bus


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    monkeypatch.delenv("DESKBREAK_CONFIG", raising=False)


@pytest.fixture
def runtime_base() -> Path:
    """The private XDG_RUNTIME_DIR itself, made as a login session makes it (mode 0700)."""
    base = Path(os.environ["XDG_RUNTIME_DIR"])
    base.mkdir(mode=0o700)
    return base


@pytest.fixture(scope="module")
def xvfb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xvfb]:
    """A private X server shared by one test module."""
    server = Xvfb(tmp_path_factory.mktemp("xvfb") / "xvfb.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a private session bus shared by one test module."""
    daemon, address = start_bus(tmp_path_factory.mktemp("bus"))
    yield address
    stop_bus(daemon)
