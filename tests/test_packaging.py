"""Packaging: the wheel installs a working deskbreak into a fresh venv; the icons and the launcher entry.

The wheel is built from a copy of the source with the repo's symlinks kept,
so building never writes into the working tree, and installed with its
dependencies into a venv holding nothing else.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from desktop import need, wait_until
from PIL import Image, ImageChops

from deskbreak import __version__
from deskbreak.autostart import Launcher, desktop_entry

REPO = Path(__file__).resolve().parent.parent
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
LINKED = {"deskbreak/defaults/deskbreak.toml": REPO / "config" / "deskbreak.toml",
          "deskbreak/tray/app-icon.png": REPO / "icons" / "hicolor" / "128x128" / "apps" / "deskbreak.png"}


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=False,
                          timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    for name in ("deskbreak", "config", "icons"):
        shutil.copytree(REPO / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    assert (source / "deskbreak" / "defaults" / "deskbreak.toml").is_symlink()
    output = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", output, source)
    assert built.returncode == 0, built.stderr
    return next(output.glob("deskbreak-*.whl"))


@pytest.fixture(scope="module")
def venv_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    created = run(sys.executable, "-m", "venv", "--without-pip", root)
    assert created.returncode == 0, created.stderr
    installed = run(sys.executable, "-m", "pip", "--python", root / "bin" / "python", "install", "-q", wheel)
    assert installed.returncode == 0, installed.stderr
    return root / "bin"


def test_the_wheel_holds_real_files_for_the_linked_data_and_both_launchers(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name, original in LINKED.items():
            assert not stat.S_ISLNK(archive.getinfo(name).external_attr >> 16), f"{name} is a link in the wheel"
            assert archive.read(name) == original.read_bytes()
        content = {name for name in names if name.startswith("deskbreak/content/")}
        entry_points = archive.read(f"deskbreak-{__version__}.dist-info/entry_points.txt").decode()
    assert {Path(name).name for name in content if name.endswith(".toml")} == {
        path.name for path in (REPO / "deskbreak" / "content").glob("*.toml")}
    assert "[console_scripts]\ndeskbreak = deskbreak.cli:main\n" in entry_points
    assert "[gui_scripts]\ndeskbreakw = deskbreak.autostart:run_windowless\n" in entry_points


def test_a_fresh_venv_gets_a_working_deskbreak(venv_bin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(venv_bin / "deskbreak", "--version").stdout == f"deskbreak {__version__}\n"
    where = run(venv_bin / "python", "-c", "import deskbreak; print(deskbreak.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(venv_bin.parent)), where.stdout + where.stderr
    monkeypatch.setenv("EDITOR", "true")
    created = run(venv_bin / "deskbreak", "config", "edit")
    assert created.returncode == 0, created.stderr
    checked = run(venv_bin / "deskbreak", "config", "check")
    assert (checked.returncode, checked.stdout.endswith(": ok\n")) == (0, True), checked.stderr

    trace = tmp_path / "day.jsonl"
    trace.write_text('{"at": "2026-03-02T09:00:00"}\n{"active": 3600}\n{"do": "start"}\n{"active": 300}\n')
    simulated = run(venv_bin / "deskbreak", "simulate", trace)
    assert simulated.returncode == 0, simulated.stderr
    events = [json.loads(line)["event"] for line in simulated.stdout.splitlines()]
    assert events[:2] == ["reminder", "break_started"]


def test_the_windowless_launcher_runs_the_daemon_and_autostart_points_at_this_venv(venv_bin: Path,
                                                                                  tmp_path: Path) -> None:
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700)
    log = tmp_path / "deskbreakw.log"
    with log.open("w") as output:
        daemon = subprocess.Popen([venv_bin / "deskbreakw"], stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: daemon.poll() is not None or run(venv_bin / "deskbreak", "status").returncode == 0,
                   "deskbreakw's daemon answers", limit=20, every=0.05)
        assert daemon.poll() is None, log.read_text()
        assert run(venv_bin / "deskbreak", "quit").returncode == 0
        assert daemon.wait(timeout=20) == 0
    finally:
        if daemon.poll() is None:
            daemon.kill()
            daemon.wait()
    config_home = Path(os.environ["XDG_CONFIG_HOME"])
    assert not (config_home / "autostart").exists(), "running the daemon touched autostart"
    assert not (config_home / "systemd").exists(), "running the daemon touched autostart"
    assert run(venv_bin / "deskbreak", "autostart", "on").returncode == 0
    entry = config_home / "autostart" / "deskbreak.desktop"
    assert f"\nExec={venv_bin / 'deskbreak'} run\n" in entry.read_text()


def test_the_checked_in_icons_are_what_make_icons_draws_now(tmp_path: Path) -> None:
    drawn = run(sys.executable, REPO / "scripts" / "make_icons.py", "--output-dir", tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    hicolor = REPO / "icons" / "hicolor"
    assert set(hicolor.glob("*/apps/*")) == {hicolor / f"{size}x{size}" / "apps" / "deskbreak.png" for size in SIZES}
    for size in SIZES:
        relative = Path(f"{size}x{size}") / "apps" / "deskbreak.png"
        with Image.open(hicolor / relative) as checked_in, Image.open(tmp_path / relative) as fresh:
            assert (checked_in.size, checked_in.mode) == ((size, size), "RGBA")
            largest_difference = max(ImageChops.difference(checked_in, fresh).tobytes())
        assert largest_difference <= 8, f"{relative} is out of date: run scripts/make_icons.py"


def test_the_launcher_entry_is_valid_and_agrees_with_the_autostart_entry() -> None:
    launcher_entry = REPO / "packaging" / "deskbreak.desktop"
    validated = run(need("desktop-file-validate", "desktop-file-utils"), launcher_entry)
    assert (validated.returncode, validated.stdout) == (0, "")
    keys = dict(line.split("=", 1) for line in launcher_entry.read_text().splitlines() if "=" in line)
    assert {key: keys[key] for key in ("Exec", "Icon", "Categories", "StartupNotify")} == {
        "Exec": "deskbreak run", "Icon": "deskbreak", "Categories": "Utility;", "StartupNotify": "false"}
    autostart = desktop_entry(Launcher(("/usr/bin/deskbreak", "run"))).splitlines()
    for key in ("Name", "Comment", "Icon"):
        assert f"{key}={keys[key]}" in autostart
