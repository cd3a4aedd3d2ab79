"""The break history: every engine ``Record``, kept in SQLite.

The daemon opens it with ``open_history`` (showing ``notice`` if there is
one) and calls ``append`` from its engine thread; ``deskbreak stats`` opens
the same file from its own process (with ``move_aside=False``, as every
command but the daemon does) and reads ``tally``s for ``format_tally``;
``deskbreak checkin`` adds the user's check-ins to the same file.
Tests and the simulator use ``MemoryHistory``, the same store in memory.
"""

from deskbreak.history._format import describe_tally, format_tally, hours_minutes
from deskbreak.history._open import OpenedHistory, default_history_path, open_history
from deskbreak.history._record import StoredRecord
from deskbreak.history._sqlite import HistoryError
from deskbreak.history._store import HistoryStore, MemoryHistory
from deskbreak.history._tally import Tally, tally_records

__all__ = [
    "HistoryError",
    "HistoryStore",
    "MemoryHistory",
    "OpenedHistory",
    "StoredRecord",
    "Tally",
    "default_history_path",
    "describe_tally",
    "format_tally",
    "hours_minutes",
    "open_history",
    "tally_records",
]
