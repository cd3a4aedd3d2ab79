"""Durations as users write them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskbreak.config.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "length"),
    [("90s", timedelta(seconds=90)), ("10m", timedelta(minutes=10)), ("1h30m", timedelta(minutes=90)),
     ("2h", timedelta(hours=2)), ("1h0m5s", timedelta(seconds=3605)), (" 5m ", timedelta(minutes=5))],
)
def test_parse(text: str, length: timedelta) -> None:
    assert parse_duration(text) == length


@pytest.mark.parametrize("text", ["", "5", "m", "1.5h", "5 m", "-5m", "10m1h", "1d"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError, match='expected a duration such as "90s", "10m" or "1h30m"'):
        parse_duration(text)


def test_format_round_trips() -> None:
    for text in ("90s", "10m", "1h30m", "1h0m5s"):
        assert parse_duration(format_duration(parse_duration(text))) == parse_duration(text)
    assert format_duration(timedelta(0)) == "0s"
    assert format_duration(timedelta(seconds=5430)) == "1h30m30s"
