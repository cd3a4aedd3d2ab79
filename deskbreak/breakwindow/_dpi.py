"""Windows: the break window says it is DPI-aware before Tk starts, so its text is drawn sharp.

A Windows process that does not say so is drawn at 96 dpi and stretched to
the screen's scale (150 % on many laptops), which blurs every letter. Tk
reads the screen's DPI once, when it starts, to size its fonts, so the
declaration comes first. System-aware rather than per-monitor: Tk 8.6 does
not redraw on WM_DPICHANGED, so a per-monitor window dragged to a screen of
another scale would keep the first one's size.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing into the window process
if TYPE_CHECKING:
    from typing import Any

__all__ = ["declare_dpi_aware", "declare_dpi_aware_on_windows"]

PROCESS_SYSTEM_DPI_AWARE = 1


def declare_dpi_aware_on_windows() -> None:
    """On Windows, declare this process DPI-aware; elsewhere there is nothing to declare."""
    if sys.platform == "win32":
        import ctypes

        declare_dpi_aware(ctypes.windll)


def declare_dpi_aware(windll: Any) -> None:
    """Through ``windll`` (ctypes'): shcore's SetProcessDpiAwareness (Windows 8.1 on), else user32's (Vista, 7)."""
    try:
        set_awareness = windll.shcore.SetProcessDpiAwareness
    except (AttributeError, OSError):  # no shcore.dll before Windows 8.1
        windll.user32.SetProcessDPIAware()
        return
    set_awareness(PROCESS_SYSTEM_DPI_AWARE)
