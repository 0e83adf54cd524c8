"""Errors the linkage library raises for a person to read (the CLI prints them, no traceback)."""

from __future__ import annotations


class LinkageError(Exception):
    """Base class of errors raised by ``peyvand.linkage``."""


class LinkageInputError(LinkageError):
    """An input file or record cannot be used: wrong columns, empty names, bad encoding, …"""


class ModelFileError(LinkageError):
    """A model file is missing, of the wrong version, malformed or fails its checksum.

    ``reason`` names the fault for callers that word it themselves (a translated CLI message):
    ``unreadable``, ``not_model``, ``version``, ``checksum``, ``invalid`` or ``kind``.
    """

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason
