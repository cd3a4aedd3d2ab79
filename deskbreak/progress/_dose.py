"""The research dose a week of breaks is measured against.

Two numbers from the source articles, both cited in the stretch library:

- the back-stretching guide's desk break every 1 to 2 hours of seated work
  (``safety.toml``, ``desk_every``), read from the library;
- the workplace study it cites (Macedo et al. 2011, reference
  ``macedo-2011``): 15 minutes of stretching, 3 sessions a week, for 8
  months, eased office workers' back pain. The library states that finding
  only in prose, so the numbers live here; a test checks the prose says the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskbreak.library import Library, Reference

__all__ = ["STUDY_REFERENCE", "Dose", "dose_from"]

STUDY_REFERENCE = "macedo-2011"
_DESK_BREAK_REFERENCE = "back-stretching-guide"
_STUDY_SESSION = timedelta(minutes=15)
_STUDY_SESSIONS_PER_WEEK = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Dose:
    """What the sources recommend, short citations to print beside it, and the study's finding."""

    desk_break_every: tuple[timedelta, timedelta]
    session: timedelta
    sessions_per_week: int
    desk_break_source: str
    session_source: str
    session_finding: str

    @property
    def weekly_minutes(self) -> float:
        """The study's stretching time per week: 15 x 3 = 45 minutes."""
        return self.session.total_seconds() / 60 * self.sessions_per_week


def dose_from(library: Library) -> Dose:
    """The dose, with the desk-break interval and the citations taken from ``library``."""
    return Dose(
        desk_break_every=library.safety.desk_break_every,
        session=_STUDY_SESSION,
        sessions_per_week=_STUDY_SESSIONS_PER_WEEK,
        desk_break_source=_short_citation(library.references[_DESK_BREAK_REFERENCE]),
        session_source=_short_citation(library.references[STUDY_REFERENCE]),
        session_finding=library.references[STUDY_REFERENCE].finding,
    )


def _short_citation(reference: Reference) -> str:
    """``Macedo et al. 2011`` for a paper, the title for an article without authors."""
    if reference.authors:
        surname = reference.authors.split(",")[0].split()[0]
        several = "," in reference.authors
        return f"{surname}{' et al.' if several else ''} {reference.year or ''}".strip()
    return reference.title or reference.key
