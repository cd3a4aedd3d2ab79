"""deskbreak: a quiet tray daemon that gets desk workers to stand up and stretch."""

__version__ = "0.1.0"
