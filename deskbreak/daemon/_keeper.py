"""History writes that never lose a record: one that cannot be written now is held and written later.

The person is told before anything is stored (see ``_effects``), so a full
disk or a locked database costs only the write. Held records keep their
order and go to the database, oldest first, as soon as a write works again;
past ``HOLD_AT_MOST`` the oldest are dropped and counted, so a store that
never heals cannot eat the machine's memory. Engine thread only.
"""

from __future__ import annotations

import logging
from collections import deque

from deskbreak.core import Record
from deskbreak.daemon._troubles import Troubles
from deskbreak.history import HistoryError, HistoryStore

__all__ = ["HOLD_AT_MOST", "RecordKeeper"]

_log = logging.getLogger("deskbreak")
HOLD_AT_MOST = 50_000  # years of records at a few dozen a day


class RecordKeeper:
    """Writes records to ``history``, holding the ones it cannot write yet."""

    def __init__(self, history: HistoryStore, troubles: Troubles) -> None:
        self._history = history
        self._troubles = troubles
        self._held: deque[Record] = deque()
        self.dropped = 0

    @property
    def held(self) -> int:
        """Records waiting for the store to work again."""
        return len(self._held)

    def keep(self, record: Record) -> None:
        """Write ``record`` after any held ones; hold it if the store fails."""
        if len(self._held) >= HOLD_AT_MOST:
            self._held.popleft()
            self.dropped += 1
        self._held.append(record)
        self.retry()

    def retry(self) -> None:
        """Write what is held, in order, in one transaction; on failure keep holding it all."""
        if not self._held:
            return
        try:
            self._history.append_all(self._held)
        except HistoryError as error:
            self._troubles.report("history", str(error),
                                  f"Reminders go on; {len(self._held)} records are kept in memory and "
                                  "written when the history can be written again.")
            return
        if len(self._held) > 1:
            _log.warning("wrote %d records held while the history could not be written", len(self._held))
        self._held.clear()
        self._troubles.clear("history")
