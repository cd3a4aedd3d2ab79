"""How every port reports a backend that would not open."""

from __future__ import annotations

import pytest

from deskbreak.backends import first_that_opens, overridden


class Unavailable(Exception):
    pass


def opener(name: str) -> str:
    failures: dict[str, Exception] = {
        "gone": Unavailable("no service on the bus"),
        "module": ModuleNotFoundError("No module named 'jeepney'", name="jeepney"),
        "symbol": ImportError("cannot import name 'windll' from 'ctypes'", name="ctypes"),
        "crash": RuntimeError("boom\nwith a second line"),
    }
    if name in failures:
        raise failures[name]
    return f"opened {name}"


def test_each_failure_is_one_line_and_the_first_that_opens_wins() -> None:
    opened, tried = first_that_opens(["gone", "module", "symbol", "crash", "good", "later"], opener, Unavailable)
    assert opened == "opened good"
    assert tried == (
        "gone: no service on the bus",
        "module: the Python module 'jeepney' is not installed",
        "symbol: ImportError: cannot import name 'windll' from 'ctypes'",  # ctypes itself is there
        "crash: RuntimeError: boom with a second line",
    )


def test_none_opens() -> None:
    assert first_that_opens(["gone"], opener, Unavailable) == (None, ("gone: no service on the bus",))


def test_the_override() -> None:
    assert overridden({}, "DESKBREAK_X", ("a", "b"), "an x backend") is None
    assert overridden({"DESKBREAK_X": " b "}, "DESKBREAK_X", ("a", "b"), "an x backend") == ("b",)
    with pytest.raises(ValueError, match=r"DESKBREAK_X='c' is not an x backend; use one of: a, b"):
        overridden({"DESKBREAK_X": "c"}, "DESKBREAK_X", ("a", "b"), "an x backend")
