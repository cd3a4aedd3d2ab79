"""``--version`` and ``--help``: every command explains itself and shows an example that works.

The commands are found by walking the real parser, so a command added
without a description or an example fails here; each example is parsed
with that parser, so an example that has gone stale fails too.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Iterator
from importlib.metadata import version

import pytest

from deskbreak import __version__
from deskbreak.cli import _parser, main


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and subcommand, as (words after "deskbreak", its parser)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from commands(sub, (*path, name))


ALL = dict(commands(_parser()))


def examples(help_text: str) -> list[str]:
    """The example command lines in a help text: lines running deskbreak, without their comments."""
    found = []
    for line in help_text.splitlines():
        words = re.split(r"\s{2,}", line.strip())[0]
        if re.match(r"^([A-Z_]+=\S+ )*deskbreak ", words):
            found.append(words)
    return found


def test_version_is_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert (exited.value.code, capsys.readouterr().out) == (0, f"deskbreak {__version__}\n")
    assert version("deskbreak") == __version__


def test_every_command_is_found() -> None:
    assert {"run", "status", "pause", "config edit", "autostart on", "autostart off", "simulate"} <= {
        " ".join(path) for path in ALL}


@pytest.mark.parametrize("path", sorted(ALL), ids=" ".join)
def test_help_has_a_description_and_a_working_example(path: tuple[str, ...],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*path, "--help"])
    shown = capsys.readouterr().out
    assert exited.value.code == 0
    description = ALL[path].description
    assert description, f"deskbreak {' '.join(path)} --help has no description"
    assert description.split()[0] in shown
    found = [line for line in examples(shown) if _command_words(line)[:len(path)] == list(path)]
    assert found, f"deskbreak {' '.join(path)} --help shows no example of itself"
    for line in found:
        try:
            _parser().parse_args(_command_words(line))
        except SystemExit:
            pytest.fail(f"the example {line!r} does not parse")


def test_the_top_level_help_lists_commands_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for path in ALL:
        if len(path) == 1:
            assert re.search(rf"^    {path[0]}\s", shown, re.MULTILINE), f"{path[0]} is missing from --help"
    assert examples(shown)


def _command_words(line: str) -> list[str]:
    """The words after "deskbreak", leaving out environment settings before it."""
    words = shlex.split(line)
    return words[words.index("deskbreak") + 1:]
