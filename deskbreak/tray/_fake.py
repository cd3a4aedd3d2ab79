"""The fake tray that ships beside the real ones, for tests and ``deskbreak simulate``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from deskbreak.tray._menu import build_menu
from deskbreak.tray._port import OnCommand
from deskbreak.tray._pystray import Menu, run_default_item, run_item
from deskbreak.tray._view import STARTING_VIEW, TrayView

__all__ = ["FakeTray"]


class FakeTray:
    """Records every view and clicks the real menu by label, with no desktop at all.

    It evaluates the same pystray menu the real backends show, so a test
    clicking "Snooze", "10 min" here sees exactly the request a panel click
    would send, and a disabled entry refuses the click as a panel would.
    """

    name = "fake"
    has_menu = True

    def __init__(self, on_command: OnCommand) -> None:
        self.views: list[TrayView] = []
        self.menu = build_menu(self._current, on_command)
        self._stopped = threading.Event()

    @property
    def view(self) -> TrayView:
        """The view last shown."""
        return self._current()

    def run(self) -> None:
        """Block until ``stop()``, like a real tray's loop."""
        self._stopped.wait()

    def update(self, view: TrayView) -> None:
        """Record ``view``."""
        self.views.append(view)

    def stop(self) -> None:
        """Let ``run()`` return."""
        self._stopped.set()

    def click(self, *labels: str) -> None:
        """Click the entry at ``labels`` ("Snooze", "10 min"); no labels: click the icon itself.

        Raises LookupError naming the path if there is no such entry, and
        ValueError if the entry is disabled or hidden now.
        """
        if not labels:
            run_default_item(self)
            return
        entry = self._find(labels)
        if not (entry.enabled and entry.visible):
            raise ValueError(f"menu entry {' > '.join(labels)!r} is disabled now")
        run_item(self, entry)

    def labels(self) -> list[str]:
        """The menu as a user reads it, one line per entry, submenus indented, state in brackets."""
        return list(_lines(self.menu, 0))

    def update_menu(self) -> None:
        """Called after each click, as on a pystray icon; the fake re-reads the menu on demand."""

    def _current(self) -> TrayView:
        return self.views[-1] if self.views else STARTING_VIEW

    def _find(self, labels: tuple[str, ...]) -> Any:
        menu = self.menu
        entry = None
        for depth, label in enumerate(labels):
            entry = next((item for item in (menu.items if menu else ()) if item.text == label), None)
            if entry is None:
                raise LookupError(f"no menu entry {' > '.join(labels[: depth + 1])!r}")
            menu = entry.submenu
        return entry


def _lines(menu: Any, depth: int) -> Iterator[str]:
    for item in menu.items:
        state = [name for name, on in (("disabled", not item.enabled), ("checked", item.checked)) if on]
        text = "----" if item is Menu.SEPARATOR else item.text
        yield "  " * depth + text + (f" [{', '.join(state)}]" if state else "")
        if item.submenu is not None:
            yield from _lines(item.submenu, depth + 1)
