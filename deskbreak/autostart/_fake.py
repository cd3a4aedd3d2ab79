"""The fakes that ship beside the real ports: a Run key in memory and a scripted command runner."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from deskbreak.autostart._base import Ran

__all__ = ["FakeRegistry", "FakeRunner"]


class FakeRegistry:
    """The Run key as a dict; ``refuse`` makes every call fail the way a locked-down registry does."""

    def __init__(self, values: Mapping[str, str] | None = None, refuse: bool = False) -> None:
        self.values = dict(values or {})
        self.refuse = refuse

    def read(self, name: str) -> str | None:
        """The value called ``name``."""
        self._check()
        return self.values.get(name)

    def write(self, name: str, value: str) -> None:
        """Store ``value``."""
        self._check()
        self.values[name] = value

    def delete(self, name: str) -> None:
        """Forget ``name``."""
        self._check()
        self.values.pop(name, None)

    def _check(self) -> None:
        if self.refuse:
            raise PermissionError(13, "Access is denied")


Answer = Ran | Callable[[Sequence[str]], Ran]


class FakeRunner:
    """Records each command; answers from ``answers``, keyed by how the command line starts.

    ``FakeRunner({"launchctl print": Ran(113, "not found")})`` fails every
    ``launchctl print``; commands matching no key succeed with no output.
    The longest matching key wins. An answer may be a function of the
    command, for a test that needs the program's side effect (the link
    ``systemctl enable`` makes).
    """

    def __init__(self, answers: Mapping[str, Answer] | None = None) -> None:
        self.answers = dict(answers or {})
        self.commands: list[str] = []

    def __call__(self, command: Sequence[str]) -> Ran:
        """Answer ``command`` and remember it, joined by spaces."""
        line = " ".join(command)
        self.commands.append(line)
        matching = [start for start in self.answers if line.startswith(start)]
        answer = self.answers[max(matching, key=len)] if matching else Ran(0, "")
        return answer if isinstance(answer, Ran) else answer(command)
