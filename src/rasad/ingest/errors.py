"""Errors raised while reading a report: each carries a clear one-line message for the user."""

from __future__ import annotations


class IngestError(Exception):
    """The input could not be turned into a Report. ``str(err)`` is a one-line message."""

    def __init__(self, message: str) -> None:
        # One line, always: messages end up in terminals, logs and JSON error fields.
        super().__init__(" ".join(str(message).split()))


class EmptyInput(IngestError):
    """The input holds no bytes, or only whitespace."""


class BinaryInput(IngestError):
    """The input looks like binary data (an image, an archive, random bytes), not a document."""


class TooLarge(IngestError):
    """The input is larger than ``Settings.max_input_bytes``."""


class UnsupportedInput(IngestError):
    """The input is of a kind we do not read (or a PDF we cannot open: encrypted, corrupt)."""


class FetchRefused(IngestError):
    """The URL was refused by the SSRF guard before any connection was made."""


class FetchFailed(IngestError):
    """The URL passed the guard but fetching it failed (unreachable, timeout, HTTP error, loop)."""
