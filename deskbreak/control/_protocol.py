"""The wire format: one JSON object per line, one request and one answer per connection.

Both sides read with a byte limit, so a runaway peer costs at most that much
memory, and every way a message can be wrong becomes a ``BadMessage`` whose
text names the problem, for the peer or the user to read.

On the loopback transport the connection opens with the token on a line of
its own, before the request (see ``RequestReader`` for why it comes first).
The readers here are sans-I/O: they are fed bytes and say how many they
want next, so the client's blocking socket and the daemon's non-blocking
ones share one parser, and tests can drive it byte by byte.
"""

from __future__ import annotations

import json
import socket

__all__ = [
    "MAX_ANSWER_BYTES",
    "MAX_REQUEST_BYTES",
    "WRONG_TOKEN",
    "BadMessage",
    "LineReader",
    "MessageTooLarge",
    "RequestReader",
    "decode_object",
    "encode",
    "error_answer",
    "parse_request",
    "read_line",
    "token_line",
]

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the CLI's path
if TYPE_CHECKING:
    from typing import Any

MAX_REQUEST_BYTES = 65536
MAX_ANSWER_BYTES = 1 << 20
_CHUNK = 16384
WRONG_TOKEN = "missing or wrong token (read it from the port file)"


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


def token_line(token: str) -> bytes:
    """What a loopback connection must send first: the port file's token and a newline."""
    return token.encode("utf-8") + b"\n"


class LineReader:
    """Collects one line from chunks as they arrive, never holding more than ``limit + 1`` bytes.

    Ask ``wanted()`` how many bytes to receive next and ``feed`` them; an
    empty chunk means the peer closed, which also ends the line.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._received = bytearray()

    def wanted(self) -> int:
        """How many bytes to ask the socket for next."""
        return min(_CHUNK, self._limit + 1 - len(self._received))

    def feed(self, chunk: bytes) -> bytes | None:
        """Take ``chunk``; return the line (without its newline) once it ended, else None.

        Raises MessageTooLarge once the line with its newline is longer than
        ``limit``. Bytes after the newline are not part of the line and are dropped.
        """
        newline = chunk.find(b"\n")
        self._received += chunk if newline < 0 else chunk[: newline + 1]
        if len(self._received) > self._limit:
            raise MessageTooLarge(self._limit)
        if newline >= 0 or not chunk:
            return bytes(self._received.removesuffix(b"\n"))
        return None


class RequestReader:
    """The daemon's side of one connection: the token line (loopback only), then the request line.

    The token comes first, on a line of fixed length, so it is checked as
    soon as its bytes are in, before any of the request is read or parsed:
    a peer without it (any local user can reach a loopback port) costs the
    daemon at most ``len(token line)`` bytes and never gets its JSON looked
    at. The check waits for all of those bytes and compares them in constant
    time; rejecting at the first wrong byte would tell a guesser how much of
    its guess was right. A line that ends before the token's length is
    refused at once: that tells nothing but the length, which is no secret.
    """

    def __init__(self, expected_token_line: bytes | None, limit: int) -> None:
        self._token_line = expected_token_line
        self._token_received = bytearray()
        self._line = LineReader(limit)

    def wanted(self) -> int:
        """How many bytes to ask the socket for next (never past the token line)."""
        if self._token_line is not None:
            return len(self._token_line) - len(self._token_received)
        return self._line.wanted()

    def feed(self, chunk: bytes) -> bytes | None:
        """Take ``chunk`` (empty: the peer closed); return the request line once whole.

        Raises BadMessage when the token line is wrong or missing, and
        MessageTooLarge when the request line is over the limit.
        """
        if self._token_line is None:
            return self._line.feed(chunk)
        self._token_received += chunk
        newline = self._token_received.find(b"\n")
        if not chunk or 0 <= newline < len(self._token_line) - 1:  # ended early: says only it is too short
            raise BadMessage(WRONG_TOKEN)
        if len(self._token_received) == len(self._token_line):
            from hmac import compare_digest  # only in loopback mode: hmac loads OpenSSL

            if not compare_digest(bytes(self._token_received), self._token_line):
                raise BadMessage(WRONG_TOKEN)
            self._token_line = None
        return None


def read_line(connection: socket.socket, limit: int) -> bytes:
    """Read one line (without its newline) from a blocking socket; the peer closing also ends it.

    Reads at most ``limit + 1`` bytes; raises MessageTooLarge if the line
    with its newline is longer than ``limit``. Socket errors and timeouts
    propagate.
    """
    reader = LineReader(limit)
    while (line := reader.feed(connection.recv(reader.wanted()))) is None:
        pass
    return line


def decode_object(line: bytes, what: str) -> dict[str, Any]:
    """Parse ``line`` as a JSON object; ``what`` ("request", "answer") names it in errors."""
    if not line.strip():
        raise BadMessage(f"empty {what}")
    try:
        message = json.loads(line.decode("utf-8"))
    except RecursionError:  # "[[[[..." within the size limit is deeper than json's recursion allows
        raise BadMessage(f"{what} is nested too deeply") from None
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
