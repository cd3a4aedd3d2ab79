"""pystray's xorg (XEmbed) icon, fixed so clicks arrive, updates never hang, and it blends in.

Importing this module opens the X display (pystray's ``_xorg`` does so on
import), so the chooser imports it only when it tries this backend. Fixes
over pystray 0.19.5:

- clicks: its window lacks ``ButtonPressMask`` (pystray issue #151); here a
  left click runs the default menu item (Start break now) when it is enabled;
- hangs: updates from other threads reach its loop as X messages answered
  through one shared queue, which now and then answers the wrong caller and
  leaves ``stop()`` unheard; here the hooks only note the change
  (``PendingChanges``) and the loop, waiting on the X connection and that
  pipe, carries it out: the display is used from the loop's thread only, as
  in the SNI backend;
- docking: it docks again on every icon change (a click can fall in
  between); here only after the tray went away;
- titles: a Latin-1 ``WM_NAME`` only, so a dash or an emoji freezes its loop;
  here UTF-8 ``_NET_WM_NAME``, which panels read, plus Latin-1 ``WM_NAME``;
- looks: the icon pasted on black and stretched; here it keeps its
  proportions, centred over the panel's own background (through a
  parent-relative background when the panel has our depth), at the
  best-fitting size from ``set_icon_images``, blended in plain Python, so
  Pillow stays out of the daemon (pystray imports only ``PIL``'s package).
"""

from __future__ import annotations

import contextlib
import logging
import selectors
from collections.abc import Sequence
from typing import Any

from Xlib import X  # type: ignore[import-untyped]
from Xlib.error import ConnectionClosedError, XError  # type: ignore[import-untyped]

from deskbreak.tray._changes import NotingHooks, PendingChanges
from deskbreak.tray._icon import SMALLEST_SIDE, IconPixels, render_icon
from deskbreak.tray._pystray import pystray_module, run_default_item

__all__ = ["XembedIcon"]

_log = logging.getLogger(__name__)
_XorgIcon: Any = pystray_module("xorg").Icon
_NEUTRAL_PANEL = b"\x80\x80\x80\x00"
_OPAQUE_DEPTH = 24
_LEFT_BUTTON = 1


class XembedIcon(NotingHooks, _XorgIcon):  # type: ignore[misc]
    """A pystray xorg ``Icon`` that hears clicks; it has no menu (``HAS_MENU`` is False)."""

    HAS_ICON_SET = True
    TAKES_PIXELS = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._icon_images: tuple[IconPixels, ...] = ()
        self._changes = PendingChanges()
        self._want_shown = False
        super().__init__(*args, **kwargs)

    def __del__(self) -> None:
        """Close the display, if ``__init__`` got to open one, and never raise.

        pystray's own ``__del__`` raises when the X server is already gone,
        which is normal at exit; an exception in a destructor run by the
        garbage collector in the middle of ``compile()`` trips CPython 3.11's
        AST recursion check ("AST constructor recursion depth mismatch").
        """
        with contextlib.suppress(Exception):
            self._changes.close()
            self._display.close()

    def set_icon_images(self, images: Sequence[IconPixels]) -> None:
        """Show these renderings of one icon, smallest first; the panel's size picks one."""
        self._icon_images = tuple(images)
        self.icon = self._icon_images[-1]

    def _rewrite_implementation(self, *hooks: Any) -> None:
        """Keep NotingHooks' hooks instead of pystray's send-and-wait versions of them."""

    # The loop's side.

    def _mainloop(self) -> None:
        """Handle X events and noted changes on this thread until stopped or the display is gone."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._display.fileno(), selectors.EVENT_READ)
            selector.register(self._changes, selectors.EVENT_READ)
            try:
                while self._step(selector):
                    pass
            except (ConnectionClosedError, OSError) as error:
                _log.error("lost the X display (%s); the tray icon is gone", error)
            except Exception:  # a bug: say so, and let run() return; the daemon goes on without an icon
                _log.exception("the tray icon's X loop failed; the icon is gone")
            finally:
                self._changes.close()

    def _step(self, selector: selectors.BaseSelector) -> bool:
        """One round: the events Xlib has, then the noted changes, then sleep if nothing is left to do.

        Xlib reads whatever the server has sent whenever it sends or waits
        for a reply, the flush that ends each round included; events it
        queued then have left the socket, so the loop sleeps only while
        Xlib's queue is empty.
        """
        try:
            if not self._handle_events():
                return False
            changes = self._changes.take()
            if "stop" in changes:
                _XorgIcon._stop(self)
                return False
            self._apply(changes)
        except XError as error:  # e.g. the tray window went away mid-request; its events follow
            _log.warning("the X server refused a tray request: %s", error)
            changes = frozenset()
        if not changes and not self._display.pending_events():
            selector.select()
        return True

    def _handle_events(self) -> bool:
        """Every event already received; False once our own window is destroyed."""
        while self._display.pending_events():
            event = self._display.next_event()
            if event.type == X.DestroyNotify and event.window == self._window:
                return False
            self._message_handlers.get(event.type, lambda event: None)(event)
        return True

    def _apply(self, changes: frozenset[str]) -> None:
        """Carry out the noted hooks with pystray's own code, now on the loop's thread."""
        self._carry_out_noted(changes - {"title"}, _XorgIcon)
        if "title" in changes:  # not pystray's: it writes Latin-1 only
            self._set_title(self.title or "")
        self._display.flush()

    def _set_title(self, title: str) -> None:
        """The tooltip: UTF-8 in ``_NET_WM_NAME``, and what Latin-1 can carry of it in ``WM_NAME``."""
        atom = self._display.intern_atom
        self._window.change_property(atom("_NET_WM_NAME"), atom("UTF8_STRING"), 8, title.encode("utf-8"))
        self._window.set_wm_name(title.replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1"))

    def _create_window(self) -> Any:
        window = super()._create_window()
        window.change_attributes(event_mask=X.ExposureMask | X.StructureNotifyMask | X.ButtonPressMask)
        return window

    def _on_button_press(self, event: Any) -> None:
        if event.detail == _LEFT_BUTTON:
            run_default_item(self)

    def _assert_docked(self) -> None:
        """Dock once: pystray asks the tray to dock again on every icon change, and trays re-embed then."""
        if self._systray_manager is None:
            self._dock_window()
        if self._systray_manager is None:
            raise AssertionError("no system tray to dock in")  # what pystray's callers catch

    def _dock_window(self) -> None:
        """Dock with a plain background: a parent-relative one would not fit a panel of another depth."""
        self._window.change_attributes(background_pixmap=X.NONE)
        super()._dock_window()

    def _draw(self) -> None:
        """Paint the icon, unless the tray has not sized the window yet: its resize draws it again.

        A tray can embed and map the window at the 1x1 pixels it was made
        with and resize it a moment later (trayer does, now and then).
        """
        try:
            geometry = self._window.get_geometry()
            width, height = geometry.width, geometry.height
            side = min(width, height)
            if side < SMALLEST_SIDE:
                return
            shown = self._backdrop(width, height, geometry.depth)
            corner = ((width - side) // 2, (height - side) // 2)
            _blend(shown, width, self._picture(side), corner, self._channel_offsets)
            self._window.put_image(self._gc, 0, 0, width, height, X.ZPixmap, _OPAQUE_DEPTH, 0, bytes(shown))
        except XError:
            pass  # the window went away (the panel quit); it is docked again when a tray returns

    def _picture(self, side: int) -> IconPixels:
        """The icon at ``side`` pixels: the rendering of that size if there is one, else drawn for it."""
        images = self._icon_images if self._icon_images and self._icon_images[-1] is self._icon else (self._icon,)
        fitting = next((image for image in images if image.size == side), None)
        return fitting or render_icon(images[-1].state, side)

    def _backdrop(self, width: int, height: int, depth: int) -> bytearray:
        """What the panel shows behind the icon (32-bit pixels as the server orders them), or neutral grey."""
        parent = self._window.query_tree().parent
        if depth != _OPAQUE_DEPTH or parent.get_geometry().depth != depth:
            return bytearray(_NEUTRAL_PANEL * (width * height))
        self._window.change_attributes(background_pixmap=X.ParentRelative)
        self._window.clear_area(0, 0, width, height)
        return bytearray(self._window.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data)

    @property
    def _channel_offsets(self) -> tuple[int, int, int]:
        """Where red, green and blue sit in a 32-bit pixel: BGRX on a little-endian server."""
        return (2, 1, 0) if self._window.display.info.image_byte_order == X.LSBFirst else (0, 1, 2)


def _blend(shown: bytearray, width: int, picture: IconPixels, corner: tuple[int, int],
           offsets: tuple[int, int, int]) -> None:
    """Lay ``picture`` over the 32-bit pixels ``shown`` (``width`` wide) with its top left at ``corner``.

    ``offsets`` says where red, green and blue sit in each pixel.
    """
    left, top = corner
    rgba = picture.rgba
    for row in range(picture.size):
        for column in range(picture.size):
            source = (row * picture.size + column) * 4
            alpha = rgba[source + 3]
            if alpha:
                target = ((top + row) * width + left + column) * 4
                for channel, offset in enumerate(offsets):
                    under = shown[target + offset]
                    shown[target + offset] = (rgba[source + channel] * alpha + under * (255 - alpha) + 127) // 255
