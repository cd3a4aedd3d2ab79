"""The tray menu, declared once with pystray's ``Menu``/``MenuItem`` for every backend.

Each entry's enablement, label and check mark are callables reading the
current ``TrayView``, so the menu itself never changes shape when the view
does; a click only hands its request (``deskbreak.requests``, the values the
CLI sends too) to ``on_command``. Left-clicking the icon runs the default entry, Start break now,
when it is enabled; on macOS a click opens the menu instead (pystray's
darwin icon has no ``HAS_DEFAULT_ACTION``), and the tooltip says so.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from deskbreak.pause_spec import WHILE_BUSY
from deskbreak.requests import (
    ChooseRoutine,
    Log,
    OpenConfig,
    OpenReport,
    Pause,
    Quit,
    Request,
    Resume,
    Skip,
    Snooze,
    Start,
    Stop,
)
from deskbreak.tray._port import OnCommand
from deskbreak.tray._pystray import Menu, MenuItem
from deskbreak.tray._view import RoutineChoice, TrayView

__all__ = ["PAUSE_CHOICES", "SNOOZE_MINUTES", "build_menu"]

SNOOZE_MINUTES = (10, 20, 30)
PAUSE_CHOICES = (("30 min", "30m"), ("1 h", "1h"), ("2 h", "2h"), ("Until tomorrow", "until tomorrow"))
"""(menu label, pause spec as the CLI takes it)."""

Flag = Callable[[TrayView], bool]


def build_menu(current_view: Callable[[], TrayView], on_command: OnCommand) -> Any:
    """The whole tray menu; ``current_view`` is read each time the backend evaluates it."""

    def when(flag: Flag) -> Callable[[Any], bool]:
        return lambda item: flag(current_view())

    def entry(label: str, request: Request, flag: Flag, **options: Any) -> Any:
        return MenuItem(label, _sender(on_command, request), enabled=when(flag), **options)

    can_snooze, can_pause = attrgetter("can_snooze"), attrgetter("can_pause")
    return Menu(
        entry("Start break now", Start(), attrgetter("can_start"), default=True),
        entry("Stop this break", Stop(), attrgetter("can_stop")),
        MenuItem(
            "Snooze",
            Menu(*(entry(f"{m} min", Snooze(m), can_snooze) for m in SNOOZE_MINUTES)),
            enabled=when(can_snooze),
        ),
        entry("Skip this break", Skip(), attrgetter("can_skip")),
        entry("Log a break I took", Log(), attrgetter("can_log")),
        MenuItem(
            "Pause",
            Menu(*(entry(label, Pause(spec), can_pause) for label, spec in PAUSE_CHOICES),
                 entry("During this meeting", Pause(WHILE_BUSY), attrgetter("can_pause_while_busy"))),
            enabled=when(can_pause),
        ),
        entry("Resume", Resume(), attrgetter("can_resume")),
        MenuItem("Routine", Menu(_RoutineEntries(current_view, on_command).entries)),
        Menu.SEPARATOR,
        MenuItem(lambda item: current_view().tally_label, None, enabled=False),
        MenuItem("This week's report", _sender(on_command, OpenReport())),
        Menu.SEPARATOR,
        MenuItem("Open config file", _sender(on_command, OpenConfig())),
        MenuItem("Quit", _sender(on_command, Quit())),
    )


def _sender(on_command: OnCommand, request: Request) -> Callable[[Any, Any], None]:
    """A menu action that hands over ``request`` (a frozen value, shared safely) and does nothing else."""
    return lambda icon, item: on_command(request)


class _RoutineEntries:
    """The Routine submenu: one radio entry per routine, the default one checked.

    Entries are kept per routine, so the same routine is the same
    ``MenuItem`` (and keeps its menu id) across updates.
    """

    def __init__(self, current_view: Callable[[], TrayView], on_command: OnCommand) -> None:
        self._current_view = current_view
        self._on_command = on_command
        self._made: dict[tuple[str, str], Any] = {}

    def entries(self) -> tuple[Any, ...]:
        return tuple(self._entry(choice) for choice in self._current_view().routines)

    def _entry(self, choice: RoutineChoice) -> Any:
        key = (choice.name, choice.title)
        if key not in self._made:
            self._made[key] = MenuItem(
                choice.title,
                _sender(self._on_command, ChooseRoutine(choice.name)),
                checked=lambda item: self._is_default(choice.name),
                radio=True,
            )
        return self._made[key]

    def _is_default(self, name: str) -> bool:
        return any(choice.checked for choice in self._current_view().routines if choice.name == name)
