"""macOS idle time: IOKit's ``HIDIdleTime`` property of the IOHIDSystem service, via ctypes.

``HIDIdleTime`` is a CFNumber of nanoseconds since the last keyboard, mouse
or trackpad event. Each reading copies the property and must release it, so
the backend's reference counting is kept here, in ``MacIdle``, where tests
can check it with fake calls; ``_IOKitCalls`` only wraps the C functions and
is bound when the backend is opened, never at import.
"""

from __future__ import annotations

import ctypes
from collections.abc import Mapping
from datetime import timedelta
from typing import Protocol

from deskbreak.idle._native import declare, load_library
from deskbreak.idle._port import IdleUnavailable

__all__ = ["MacCalls", "MacIdle", "open_source"]

_IOKIT = "/System/Library/Frameworks/IOKit.framework/IOKit"
_CORE_FOUNDATION = "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
_MAIN_PORT_DEFAULT = 0
_UTF8 = 0x08000100
_SINT64 = 4


class MacCalls(Protocol):
    """The IOKit/CoreFoundation calls the backend makes, with handles as plain ints (0 is NULL)."""

    def hid_system(self) -> int:
        """The IOHIDSystem service (caller releases it with ``release_object``), or 0."""
        ...

    def copy_hid_idle_time(self, service: int) -> int:
        """A new reference to the service's HIDIdleTime property (caller releases it), or 0."""
        ...

    def int64_value(self, number: int) -> int | None:
        """The CFNumber's value as int64, or None if ``number`` is not a CFNumber."""
        ...

    def release(self, reference: int) -> None:
        """CFRelease."""
        ...

    def release_object(self, service: int) -> None:
        """IOObjectRelease."""
        ...


class _IOKitCalls:
    """The real calls. The property key lives as long as this object, like a CFSTR constant."""

    def __init__(self) -> None:
        iokit = load_library(_IOKIT, "cannot load the IOKit framework (it exists only on macOS)")
        cf = load_library(_CORE_FOUNDATION, "cannot load the CoreFoundation framework (macOS only)")
        ref, port = ctypes.c_void_p, ctypes.c_uint32
        self._matching = declare(iokit, "IOServiceMatching", ref, ctypes.c_char_p)
        self._get_service = declare(iokit, "IOServiceGetMatchingService", port, port, ref)
        self._copy_property = declare(
            iokit, "IORegistryEntryCreateCFProperty", ref, port, ref, ref, ctypes.c_uint32
        )
        self._release_object = declare(iokit, "IOObjectRelease", ctypes.c_int, port)
        self._type_id = declare(cf, "CFGetTypeID", ctypes.c_ulong, ref)
        self._number_type_id = declare(cf, "CFNumberGetTypeID", ctypes.c_ulong)
        self._number_value = declare(cf, "CFNumberGetValue", ctypes.c_bool, ref, ctypes.c_long, ref)
        self._release = declare(cf, "CFRelease", None, ref)
        make_string = declare(cf, "CFStringCreateWithCString", ref, ref, ctypes.c_char_p, ctypes.c_uint32)
        self._key = make_string(None, b"HIDIdleTime", _UTF8)

    def hid_system(self) -> int:
        # IOServiceGetMatchingService consumes the matching dictionary.
        return int(self._get_service(_MAIN_PORT_DEFAULT, self._matching(b"IOHIDSystem")))

    def copy_hid_idle_time(self, service: int) -> int:
        return int(self._copy_property(service, self._key, None, 0) or 0)

    def int64_value(self, number: int) -> int | None:
        if self._type_id(number) != self._number_type_id():
            return None
        value = ctypes.c_int64()
        if not self._number_value(number, _SINT64, ctypes.byref(value)):
            return None
        return value.value

    def release(self, reference: int) -> None:
        self._release(reference)

    def release_object(self, service: int) -> None:
        self._release_object(service)


class MacIdle:
    """Idle time from the IOHIDSystem service, which is looked up once."""

    name = "macos"

    def __init__(self, calls: MacCalls) -> None:
        self._calls = calls
        self._service = calls.hid_system()
        if not self._service:
            raise IdleUnavailable("IOKit has no IOHIDSystem service")

    def idle_for(self) -> timedelta:
        """HIDIdleTime, read fresh and released each time."""
        if not self._service:
            raise IdleUnavailable("the macos idle source is closed")
        number = self._calls.copy_hid_idle_time(self._service)
        if not number:
            raise IdleUnavailable("IOHIDSystem has no HIDIdleTime property")
        try:
            nanoseconds = self._calls.int64_value(number)
        finally:
            self._calls.release(number)
        if nanoseconds is None or nanoseconds < 0:
            raise IdleUnavailable("IOHIDSystem's HIDIdleTime is not a non-negative number")
        return timedelta(microseconds=nanoseconds // 1000)

    def close(self) -> None:
        """Release the IOHIDSystem service."""
        if self._service:
            self._calls.release_object(self._service)
            self._service = 0


def open_source(environ: Mapping[str, str], calls: MacCalls | None = None) -> MacIdle:
    """Bind the real calls (unless given some) and read once, so a failure shows at probe time."""
    source = MacIdle(_IOKitCalls() if calls is None else calls)
    try:
        source.idle_for()
    except IdleUnavailable:
        source.close()
        raise
    return source
