"""The ``Tray`` over a pystray icon: SniIcon, XembedIcon, or pystray's win32/darwin icons."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from deskbreak.tray._icon import ICON_SIZES, IconPixels, render_icon
from deskbreak.tray._menu import build_menu
from deskbreak.tray._port import OnCommand
from deskbreak.tray._view import STARTING_VIEW, IconState, TrayView, menu_click_view

__all__ = ["PystrayTray"]

_log = logging.getLogger(__name__)
_ICON_NAME = "deskbreak"
_RING_STEPS = 48
"""A ring change smaller than 1/48 cannot show even at 48 px, so it is not redrawn."""


class PystrayTray:
    """Drives one pystray icon from ``TrayView`` updates; see ``Tray`` for the threading rules.

    ``make_icon`` is called like ``pystray.Icon(name, icon=, title=, menu=)``.
    Backends with ``HAS_ICON_SET`` get a rendering for every panel size;
    the others get the largest and scale it themselves. Backends with
    ``TAKES_PIXELS`` (SNI, XEmbed) take ``IconPixels``; pystray's own
    (win32, darwin) get Pillow images, so only they load Pillow. Where a click opens
    the menu (``HAS_DEFAULT_ACTION`` is False: macOS), the tooltip says so.
    """

    def __init__(self, name: str, make_icon: Callable[..., Any], on_command: OnCommand) -> None:
        self.name = name
        self._view = STARTING_VIEW
        self._drawn = _drawn(self._view.icon)
        self._stopping = threading.Event()
        self._finished = threading.Event()
        menu = build_menu(lambda: self._view, on_command)
        self._icon = make_icon(_ICON_NAME, icon=None, title=self._view.title, menu=menu)
        self.has_menu = bool(self._icon.HAS_MENU)
        self._click_starts_break = bool(self._icon.HAS_DEFAULT_ACTION)
        self._takes_pixels = bool(getattr(self._icon, "TAKES_PIXELS", False))
        self._put_images(self._images(self._view.icon))

    def run(self) -> None:
        """Serve the icon on this thread until ``stop()``; at once if it was already called."""
        if self._stopping.is_set():
            return
        try:
            self._icon.run(setup=self._show)
        finally:
            self._finished.set()

    def update(self, view: TrayView) -> None:
        """Show ``view``; icons are redrawn only when the ring or mode visibly changes."""
        if self._stopping.is_set():
            return  # a stopped icon has nothing left to show it on
        if not self._click_starts_break:
            view = menu_click_view(view)
        self._view = view
        self._show_icon(view.icon)
        self._icon.title = view.title
        self._icon.update_menu()

    def stop(self) -> None:
        """Remove the icon and end ``run()``; never raises, the daemon is shutting down."""
        self._stopping.set()
        if self._finished.is_set():
            return  # the loop ended by itself (the display or bus went away); nothing to stop
        try:
            self._icon.stop()
        except Exception:
            _log.exception("stopping the %s tray icon failed", self.name)

    def _show(self, icon: Any) -> None:
        """The setup step pystray runs once its loop is up: show the icon, or stop if asked meanwhile."""
        icon.visible = True
        if self._stopping.is_set():
            icon.stop()

    def _show_icon(self, state: IconState) -> None:
        if _drawn(state) != self._drawn:
            self._drawn = _drawn(state)
            self._put_images(self._images(state))

    def _put_images(self, images: tuple[Any, ...]) -> None:
        if getattr(self._icon, "HAS_ICON_SET", False):
            self._icon.set_icon_images(images)
        else:
            self._icon.icon = images[-1]


    def _images(self, state: IconState) -> tuple[Any, ...]:
        drawn = tuple(render_icon(state, size) for size in ICON_SIZES)
        return drawn if self._takes_pixels else tuple(_pillow_image(pixels) for pixels in drawn)


def _pillow_image(pixels: IconPixels) -> Any:
    """``pixels`` as a Pillow image, for pystray's own backends."""
    from PIL import Image

    return Image.frombytes("RGBA", (pixels.size, pixels.size), pixels.rgba)


def _drawn(state: IconState) -> tuple[str, int]:
    """What decides the icon's pixels: its mode and the ring rounded to what 48 px can show."""
    return (state.mode, round(state.progress * _RING_STEPS))
