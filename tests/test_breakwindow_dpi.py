"""On Windows the break window declares itself DPI-aware before Tk starts, so it is not blurry.

Windows' DLLs come through a fake ``windll`` that records each call.
"""

from __future__ import annotations

import ctypes
import io
import sys
import tkinter as tk
from types import SimpleNamespace
from typing import Any

import pytest

from deskbreak.breakwindow import __main__ as window_main
from deskbreak.breakwindow._dpi import declare_dpi_aware


class MissingDll:
    """What ``windll.shcore`` is on Windows 7: there is no shcore.dll to load."""

    def __getattr__(self, name: str) -> Any:
        raise OSError("[WinError 126] The specified module could not be found")


def fake_windll(calls: list[str], shcore: bool = True) -> SimpleNamespace:
    return SimpleNamespace(
        shcore=SimpleNamespace(SetProcessDpiAwareness=lambda level: calls.append(f"SetProcessDpiAwareness({level})"))
        if shcore else MissingDll(),
        user32=SimpleNamespace(SetProcessDPIAware=lambda: calls.append("SetProcessDPIAware()")),
    )


def test_the_window_is_dpi_aware_before_tk_reads_the_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def tk_without_a_display(**options: Any) -> tk.Tk:
        calls.append("Tk()")
        raise tk.TclError("no display name")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", fake_windll(calls), raising=False)
    monkeypatch.setattr(tk, "Tk", tk_without_a_display)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert window_main.main([]) == 1
    assert calls == ["SetProcessDpiAwareness(1)", "Tk()"], "system-aware (1), and before Tk starts"


def test_before_windows_8_1_the_older_call_does_it() -> None:
    calls: list[str] = []
    declare_dpi_aware(fake_windll(calls, shcore=False))
    assert calls == ["SetProcessDPIAware()"]
