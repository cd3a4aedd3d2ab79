"""Linux autostart: the XDG entry and the systemd user unit, as files and as on/off/status.

systemctl comes through FakeRunner (this machine has no user manager);
``systemd-analyze verify`` and ``desktop-file-validate`` check the real
files, so a unit or entry that the real tools reject fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from desktop import need
from desktop_autostart import installed
from hypothesis import given
from hypothesis import strategies as st

from deskbreak.autostart import (
    AutostartError,
    FakeRunner,
    Launcher,
    Ran,
    SystemdUnit,
    XdgAutostart,
    autostart_status,
    autostart_summary,
    desktop_entry,
    exec_command,
    exec_value,
    find_launcher,
    platform_backends,
    systemd_unit,
    turn_off,
    turn_on,
)
from deskbreak.cli import main

HOME_LAUNCHER = Launcher(("/home/me/.venv/bin/deskbreak", "run"))
ONE_LINE = st.characters(codec="utf-8", exclude_characters="\x00\n\r")
NO_MANAGER = Ran(1, "Failed to connect to bus: No such file or directory")


def config_home() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"])


def autostart_file() -> Path:
    return config_home() / "autostart" / "deskbreak.desktop"


def unit_file() -> Path:
    return config_home() / "systemd" / "user" / "deskbreak.service"


def wants_link() -> Path:
    return unit_file().parent / "graphical-session.target.wants" / "deskbreak.service"


def systemctl_enabling() -> FakeRunner:
    """A systemctl whose ``enable`` makes the link and ``disable`` removes it, as the real one does."""

    def enable(_: Sequence[str]) -> Ran:
        wants_link().parent.mkdir(parents=True, exist_ok=True)
        wants_link().symlink_to(unit_file())
        return Ran(0, "Created symlink ...")

    def disable(_: Sequence[str]) -> Ran:
        wants_link().unlink()
        return Ran(0, "Removed ...")

    return FakeRunner({"systemctl --user enable": enable, "systemctl --user disable": disable})


def test_the_xdg_entry_is_exactly_this() -> None:
    assert desktop_entry(HOME_LAUNCHER) == (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=deskbreak\n"
        "Comment=A quiet break reminder that gets you to stand up and stretch\n"
        "Exec=/home/me/.venv/bin/deskbreak run\n"
        "Icon=deskbreak\n"
        "Terminal=false\n"
        "StartupNotify=false\n"
        "X-GNOME-Autostart-enabled=true\n"
        "X-Deskbreak-Autostart=true\n"
    )


def test_the_systemd_unit_is_exactly_this() -> None:
    assert systemd_unit(HOME_LAUNCHER) == (
        "[Unit]\n"
        "Description=deskbreak break reminder\n"
        "PartOf=graphical-session.target\n"
        "After=graphical-session.target\n"
        "X-Deskbreak-Autostart=true\n"
        "\n"
        "[Service]\n"
        "Type=exec\n"
        "ExecStart=/home/me/.venv/bin/deskbreak run\n"
        "Restart=on-failure\n"
        "RestartSec=10\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def test_odd_install_paths_are_quoted_so_both_real_tools_accept_them(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "my venv $HOME 100%" / "bin", "deskbreak", "run")
    assert exec_value(launcher.command) == f'"{tmp_path}/my venv \\\\$HOME 100%%/bin/deskbreak" run'
    entry = tmp_path / "deskbreak.desktop"
    entry.write_text(desktop_entry(launcher))
    validated = subprocess.run([need("desktop-file-validate", "desktop-file-utils"), str(entry)],
                               capture_output=True, text=True, check=False)
    assert (validated.returncode, validated.stdout + validated.stderr) == (0, "")

    unit = tmp_path / "deskbreak.service"
    unit.write_text(systemd_unit(launcher))
    assert f'ExecStart="{tmp_path}/my venv $HOME 100%%/bin/deskbreak" run\n' in unit.read_text()
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    verified = subprocess.run([need("systemd-analyze", "systemd"), "--user", "verify", str(unit)],
                              capture_output=True, text=True, check=False)
    assert (verified.returncode, verified.stdout + verified.stderr) == (0, "")


@given(st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00")), min_size=1))
def test_any_command_survives_the_trip_through_an_exec_line(command: list[str]) -> None:
    assert exec_command(exec_value(tuple(command))) == tuple(command)


@given(st.text(ONE_LINE), st.lists(st.text(ONE_LINE)))
def test_any_command_survives_the_trip_through_a_unit_file(program: str, arguments: list[str]) -> None:
    launcher = Launcher((f"/{program}", *arguments))
    unit = SystemdUnit(config_home(), FakeRunner({"systemctl": NO_MANAGER}))
    unit.install(launcher)
    found = unit.find()
    assert found is not None
    assert found.command == launcher.command


def test_the_launcher_is_the_script_beside_this_interpreter_else_python_m_deskbreak(tmp_path: Path) -> None:
    venv = tmp_path / "venv" / "bin"
    python = installed(venv, "python").program
    assert find_launcher("linux", python, [venv]).command == (python, "-m", "deskbreak", "run")
    script = installed(venv, "deskbreak").program
    assert find_launcher("linux", python, [venv]).command == (script, "run")
    assert find_launcher().program == str(Path(sys.executable).parent / "deskbreak")


def test_on_writes_the_entry_under_xdg_config_home_and_twice_changes_nothing(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    backends = platform_backends(FakeRunner())
    first = turn_on(backends, launcher)
    assert first.lines == (f"autostart on: {autostart_file()} starts {launcher.program} run at your next login",)
    assert autostart_file().read_text() == desktop_entry(launcher)
    stamp = autostart_file().stat().st_mtime_ns
    second = turn_on(backends, launcher)
    assert second.lines[0].startswith(f"autostart was already on: {autostart_file()}")
    assert autostart_file().stat().st_mtime_ns == stamp
    assert autostart_status(backends, launcher).lines == (
        "autostart: XDG",
        f"  XDG: {autostart_file()} starts {launcher.program} run",
    )
    assert turn_off(backends).lines == (f"removed {autostart_file()}",)
    assert not autostart_file().exists()
    assert turn_off(backends).lines == ("autostart was already off",)
    assert autostart_status(backends, launcher).lines == ("autostart: none (turn it on with: deskbreak autostart on)",)


def test_an_entry_the_user_wrote_is_never_replaced_or_removed(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    autostart_file().parent.mkdir(parents=True)
    autostart_file().write_text("[Desktop Entry]\nType=Application\nName=mine\nExec=deskbreak run --verbose\n")
    backends = platform_backends(FakeRunner())
    with pytest.raises(AutostartError, match="was not made by deskbreak, so it is left alone"):
        turn_on(backends, launcher)
    off = turn_off(backends)
    assert not off.ok
    assert off.lines == (f"{autostart_file()} was not made by deskbreak, so it is left alone and still starts "
                         "deskbreak run --verbose; remove it yourself",)
    assert "Name=mine" in autostart_file().read_text()
    assert autostart_status(backends, launcher).lines[1] == (
        f"  XDG: {autostart_file()} (made by you, not by deskbreak) starts deskbreak run --verbose")


def test_status_finds_an_entry_whose_program_is_gone(tmp_path: Path) -> None:
    old = installed(tmp_path / "old" / "venv" / "bin", "deskbreak", "run")
    backends = platform_backends(FakeRunner())
    turn_on(backends, old)
    Path(old.program).unlink()
    current = installed(tmp_path / "new" / "bin", "deskbreak", "run")
    status = autostart_status(backends, current)
    assert not status.ok
    assert status.lines[1] == (f"  XDG: {autostart_file()} is stale: it points at {old.program}, which is gone; "
                               "run `deskbreak autostart on` again")
    assert autostart_summary(backends, current) == f"XDG; {autostart_file()} is stale: it points at {old.program}, " \
        "which is gone; run `deskbreak autostart on` again"
    turn_on(backends, current)
    assert autostart_status(backends, current).ok


def test_status_names_an_entry_from_another_installation_and_one_hidden_in_the_desktop(tmp_path: Path) -> None:
    other = installed(tmp_path / "pipx" / "bin", "deskbreak", "run")
    here = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    backends = platform_backends(FakeRunner())
    turn_on(backends, other)
    assert autostart_status(backends, here).lines[1] == (
        f"  XDG: {autostart_file()} starts {other.program} run, another installation; "
        "`deskbreak autostart on` points it at this one")
    autostart_file().write_text(autostart_file().read_text().replace("enabled=true", "enabled=false"))
    hidden = autostart_status(backends, other)
    assert hidden.lines == (
        "autostart: none (turn it on with: deskbreak autostart on)",
        f"  XDG: {autostart_file()} is not enabled; run `deskbreak autostart on` again to enable it",
    )
    turn_on(backends, other)
    assert autostart_status(backends, other).lines[0] == "autostart: XDG"


def test_on_systemd_enables_the_unit_and_then_drops_our_xdg_entry(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    runner = systemctl_enabling()
    backends = platform_backends(runner)
    turn_on(backends, launcher)
    report = turn_on(backends, launcher, "systemd")
    assert report.lines == (
        f"autostart on: {unit_file()} starts {launcher.program} run with your graphical session",
        "enabled and started deskbreak.service",
        f"removed {autostart_file()}",
    )
    assert runner.commands == ["systemctl --user daemon-reload", "systemctl --user enable --now deskbreak.service"]
    assert unit_file().read_text() == systemd_unit(launcher)
    assert autostart_status(backends, launcher).lines == (
        "autostart: systemd", f"  systemd: {unit_file()} starts {launcher.program} run")

    assert turn_off(backends).lines == ("stopped and disabled deskbreak.service", f"removed {unit_file()}")
    assert not unit_file().exists()
    assert not wants_link().is_symlink()
    assert runner.commands[-2:] == ["systemctl --user disable --now deskbreak.service",
                                    "systemctl --user daemon-reload"]


def test_without_a_user_manager_the_unit_is_written_the_command_shown_and_xdg_kept(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    backends = platform_backends(FakeRunner({"systemctl": NO_MANAGER}))
    turn_on(backends, launcher)
    report = turn_on(backends, launcher, "systemd")
    assert report.lines[1] == (f"no systemd user manager answered ({NO_MANAGER.output}); "
                               "to enable the unit, run: systemctl --user enable --now deskbreak.service")
    assert autostart_file().exists()
    assert autostart_status(backends, launcher).lines == (
        "autostart: XDG",
        f"  XDG: {autostart_file()} starts {launcher.program} run",
        f"  systemd: {unit_file()} is not enabled; run `deskbreak autostart on --systemd` again to enable it",
    )
    wants_link().parent.mkdir(parents=True)
    wants_link().symlink_to(unit_file())
    assert autostart_status(backends, launcher).lines[0] == (
        "autostart: both (XDG and systemd): deskbreak starts twice at login and the second copy exits")
    assert turn_off(backends).lines == (f"removed {autostart_file()}", f"removed {unit_file()}")
    assert not wants_link().is_symlink()


def test_a_failing_enable_is_one_clear_error(tmp_path: Path) -> None:
    launcher = installed(tmp_path / "venv" / "bin", "deskbreak", "run")
    unit = SystemdUnit(config_home(), FakeRunner({"systemctl --user enable": Ran(1, "Unit file is masked.")}))
    with pytest.raises(AutostartError) as raised:
        unit.install(launcher)
    assert str(raised.value) == (f"wrote {unit_file()}, but `systemctl --user enable --now deskbreak.service` "
                                 "failed: Unit file is masked.")


def test_an_unreadable_entry_is_one_clear_error() -> None:
    autostart_file().parent.mkdir(parents=True)
    autostart_file().write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(AutostartError, match=f"^cannot read {autostart_file()}: "):
        XdgAutostart(config_home()).find()


def test_a_relative_xdg_config_home_is_ignored_as_the_spec_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    backend = platform_backends(FakeRunner())[0]
    assert isinstance(backend, XdgAutostart)
    assert backend.path == Path.home() / ".config" / "autostart" / "deskbreak.desktop"


def test_the_cli_reports_a_blocked_autostart_dir_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    config_home().mkdir(parents=True)
    (config_home() / "autostart").write_text("a file where the directory should be")
    assert main(["autostart", "on"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"deskbreak autostart: cannot read {autostart_file()}: ")
    assert error.count("\n") == 1
