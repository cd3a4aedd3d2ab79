"""The words a check-in is typed with: body areas and red-flag names.

Plain constants with no imports, so the command line can list them in
``deskbreak checkin --help`` without loading anything; ``deskbreak.progress``
holds the rules that use them.

Areas are the stretch library's body regions (``deskbreak.library.REGIONS``;
a test keeps the two equal), stored with a space (``lower back``) and typed
with a hyphen (``lower-back``). Each red-flag name maps to words that pick
out exactly one warning sign in the library's ``safety.toml`` (also kept true
by a test), where the sign and its advice are worded.
"""

__all__ = ["AREAS", "NO_IMPROVEMENT_SIGN", "RED_FLAG_SIGNS"]

AREAS = ("upper back", "mid back", "lower back", "full back", "neck", "hips")

RED_FLAG_SIGNS = {
    "bladder-bowel": "you lose control of your bladder or bowels",
    "leg-weakness": "severe weakness in a leg, or numbness that keeps getting worse",
    "leg-pain": "pain that travels down a leg",
    "after-injury": "pain that started with a fall, a car accident or a knock",
    "morning-stiffness": "stiffness on waking that lasts longer than 30 minutes",
    "worse-when-stretching": "pain that gets worse as you stretch",
}

# The one red flag that is not reported but worked out from the history.
NO_IMPROVEMENT_SIGN = "no change after 4 weeks"
