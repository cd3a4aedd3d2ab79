"""Starting deskbreak at login, on every platform: the autostart port.

Only ``deskbreak autostart on|off|status`` (and the read-only line in
``deskbreak doctor``) use this package; loading config or starting the
daemon never touches autostart. ``platform_backends()`` lists this system's
mechanisms, default first: an XDG autostart entry then a systemd user unit
on Linux, a LaunchAgent on macOS, the Run key on Windows. ``find_launcher()``
is the command that starts this installation; ``turn_on``, ``turn_off`` and
``autostart_status`` return a ``Report`` to print.

Each backend's content comes from one pure function, tested as exact text:
``desktop_entry``, ``systemd_unit``, ``launch_agent_plist``,
``run_key_command``. ``FakeRunner`` (for systemctl and launchctl) and
``FakeRegistry`` are the fakes tests use. ``run_windowless`` is the
``deskbreakw`` GUI-script entry point the Windows Run key starts.
"""

from deskbreak.autostart._base import MARKER, AutostartError, Backend, Entry, Ran, Runner, run_command
from deskbreak.autostart._fake import FakeRegistry, FakeRunner
from deskbreak.autostart._launchd import LABEL, LaunchAgent, launch_agent_plist
from deskbreak.autostart._launcher import Launcher, find_launcher, run_windowless
from deskbreak.autostart._manage import (
    Report,
    autostart_status,
    autostart_summary,
    platform_backends,
    turn_off,
    turn_on,
)
from deskbreak.autostart._systemd import UNIT_NAME, SystemdUnit, systemd_unit
from deskbreak.autostart._windows import RUN_KEY, VALUE_NAME, Registry, RunKey, WindowsRegistry, run_key_command
from deskbreak.autostart._xdg import XdgAutostart, desktop_entry, exec_command, exec_value, xdg_config_home

__all__ = [
    "LABEL",
    "MARKER",
    "RUN_KEY",
    "UNIT_NAME",
    "VALUE_NAME",
    "AutostartError",
    "Backend",
    "Entry",
    "FakeRegistry",
    "FakeRunner",
    "LaunchAgent",
    "Launcher",
    "Ran",
    "Registry",
    "Report",
    "RunKey",
    "Runner",
    "SystemdUnit",
    "WindowsRegistry",
    "XdgAutostart",
    "autostart_status",
    "autostart_summary",
    "desktop_entry",
    "exec_command",
    "exec_value",
    "find_launcher",
    "launch_agent_plist",
    "platform_backends",
    "run_command",
    "run_key_command",
    "run_windowless",
    "systemd_unit",
    "turn_off",
    "turn_on",
    "xdg_config_home",
]
