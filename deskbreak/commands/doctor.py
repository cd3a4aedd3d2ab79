"""``deskbreak doctor``: which backends are in use, what is missing, how to fix it."""

from __future__ import annotations

import argparse
from typing import Any

from deskbreak.autostart import autostart_summary, find_launcher, platform_backends
from deskbreak.config.settings_file import ConfigError, load_settings
from deskbreak.config.user_file import user_config_path
from deskbreak.control import ControlError, DaemonNotRunning, send_request
from deskbreak.core import Settings
from deskbreak.history import default_history_path
from deskbreak.idle import choose_idle_source
from deskbreak.notify import choose_notifier
from deskbreak.quiet import open_quiet_watch

__all__ = ["run"]

_FIXES = {
    ("idle", "x11"): "on X11, install libxss1 (Debian) for the XScreenSaver extension",
    ("idle", "wayland"): "the compositor must offer ext-idle-notify-v1 (sway 1.8+, KDE Plasma, Hyprland, river, "
                         "labwc) or org_kde_kwin_idle (sway 1.7); on GNOME the gnome backend is the one to use",
    ("idle", "gnome"): "on GNOME, make sure the session bus is reachable (DBUS_SESSION_BUS_ADDRESS)",
    ("idle", "freedesktop"): "on KDE and others, the org.freedesktop.ScreenSaver service must be running",
    ("notifications", "freedesktop"): "a notification daemon (the desktop's own, or dunst) must run on the session bus",
}
"""How to fix an unused backend, by (part, backend): the same backend name means different things per part."""

_FIXES_ON_WAYLAND = {
    ("idle", "x11"): "none on Wayland: Xwayland sees only input to X11 apps, so the wayland or gnome backend "
                     "must work instead",
    ("idle", "freedesktop"): "KDE Plasma on Wayland answers NotSupported here; the wayland backend covers it",
}
"""Where a Wayland session needs other advice: there libxss1 would only count input to X11 apps."""


def run(args: argparse.Namespace) -> int:
    """Print one line per part; exit 1 if something needs fixing."""
    found = _daemon_view()
    problems = 0
    print(f"daemon:        {found['daemon']}")
    fixes = {**_FIXES, **_FIXES_ON_WAYLAND} if _on_wayland(found) else _FIXES
    for part, label in (("idle", "idle:         "), ("notifications", "notifications:"), ("tray", "tray:         ")):
        print(f"{label} {found[part]}")
        for line in found.get(f"{part}_tried", []):
            fix = fixes.get((part, line.split(":", 1)[0]))
            print(f"  not used:    {line}" + (f" (fix: {fix})" if fix else ""))
    if found.get("tray_note"):
        print(f"  note:        {found['tray_note']}")
    quiet = ", ".join(found.get("quiet", [])) or "nothing: breaks never wait for you to be free"
    print(f"quiet:         {quiet}")
    for line in found.get("quiet_tried", []):
        print(f"  not used:    {line}")
    if found["idle"] == "always-present":
        problems += 1
        print("  problem:     no idle detection: you count as always at the keyboard")
    for part, problem in found.get("problems", {}).items():
        problems += 1
        print(f"  problem:     {part}: {problem}")
    if found["notifications"] in ("log-only", "plyer", "osascript"):
        print("  note:        reminders have no buttons here: answer them from the tray or the CLI")
    print(f"autostart:     {autostart_summary(platform_backends(), find_launcher())}")
    config = user_config_path()
    try:
        load_settings(config)
        print(f"config:        {config} (ok)")
    except ConfigError as error:
        problems += 1
        print(f"config:        {config} has problems:")
        for line in error.problems:
            print(f"  {line}")
    print(f"history:       {found.get('history', default_history_path())}")
    return 1 if problems else 0


def _on_wayland(found: dict[str, Any]) -> bool:
    """Whether the idle backends were chosen for a Wayland session: only there is wayland used or tried."""
    return found["idle"] == "wayland" or any(line.startswith("wayland:") for line in found.get("idle_tried", []))


def _daemon_view() -> dict[str, Any]:
    """The running daemon's own choices, or what this machine would choose."""
    try:
        answer = send_request({"command": "doctor"})
        view: dict[str, Any] = dict(answer["doctor"])
        view["daemon"] = "running"
        return view
    except (DaemonNotRunning, KeyError, ControlError) as error:
        reason = "not running (start it with: deskbreak run)" if isinstance(error, DaemonNotRunning) else (
            f"not answering ({error})")
    choice = choose_idle_source()
    choice.source.close()
    notifiers = choose_notifier(lambda action: None)
    notifiers.notifier.close()
    try:
        settings = load_settings(user_config_path())
    except ConfigError:
        settings = Settings()  # the config line below says what is wrong
    quiet = open_quiet_watch(settings)
    quiet.close()
    return {"daemon": reason, "idle": choice.source.name, "idle_tried": list(choice.tried),
            "notifications": notifiers.notifier.name, "notifications_tried": list(notifiers.tried),
            "tray": "chosen when the daemon starts", **quiet.doctor()}
