"""The wire format: one JSON object per line, one request and one answer per connection.

Both sides read with a byte limit, so a runaway peer costs at most that much
memory, and every way a message can be wrong becomes a ``BadMessage`` whose
text names the problem, for the peer or the user to read.
"""

from __future__ import annotations

import json
import socket
from typing import Any

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_REQUEST_BYTES",
    "BadMessage",
    "MessageTooLarge",
    "decode_object",
    "encode",
    "error_answer",
    "parse_request",
    "read_line",
]

MAX_REQUEST_BYTES = 65536
MAX_ANSWER_BYTES = 1 << 20
_CHUNK = 16384


class BadMessage(ValueError):
    """A message that is not what the protocol allows; the text says why."""


class MessageTooLarge(Exception):
    """The peer sent more than the limit without ending its line."""


def encode(message: dict[str, Any]) -> bytes:
    """One UTF-8 line; json.dumps escapes newlines inside strings, so it stays one line."""
    return (json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def error_answer(problem: str) -> dict[str, Any]:
    """The answer for a request that failed, with ``problem`` squeezed onto one line."""
    return {"ok": False, "error": " ".join(problem.split())}


def read_line(connection: socket.socket, limit: int) -> bytes:
    """Read one line (without its newline); the peer closing also ends it.

    Reads at most ``limit + 1`` bytes; raises MessageTooLarge if the line
    with its newline is longer than ``limit``. Socket errors and timeouts
    propagate.
    """
    received = bytearray()
    while len(received) <= limit:
        chunk = connection.recv(min(_CHUNK, limit + 1 - len(received)))
        newline = chunk.find(b"\n")
        received += chunk if newline < 0 else chunk[: newline + 1]
        if newline >= 0 or not chunk:
            break
    if len(received) > limit:
        raise MessageTooLarge(limit)
    return bytes(received.removesuffix(b"\n"))


def decode_object(line: bytes, what: str) -> dict[str, Any]:
    """Parse ``line`` as a JSON object; ``what`` ("request", "answer") names it in errors."""
    if not line.strip():
        raise BadMessage(f"empty {what}")
    try:
        message = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BadMessage(f"{what} is not UTF-8 (bad byte at offset {error.start})") from None
    except json.JSONDecodeError as error:
        raise BadMessage(f"{what} is not valid JSON: {error.msg} at column {error.colno}") from None
    if not isinstance(message, dict):
        raise BadMessage(f"{what} must be a JSON object, not {_json_kind(message)}")
    return message


def parse_request(line: bytes) -> dict[str, Any]:
    """Decode a request and check it names a command."""
    request = decode_object(line, "request")
    if "command" not in request:
        raise BadMessage('request has no "command" field')
    command = request["command"]
    if not isinstance(command, str):
        raise BadMessage(f'"command" must be a string, not {_json_kind(command)}')
    if not command:
        raise BadMessage('"command" is empty')
    return request


_JSON_KINDS = {
    bool: "true/false",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
    type(None): "null",
}


def _json_kind(value: Any) -> str:
    return _JSON_KINDS[type(value)]
