"""Reading stage: bytes, files and URLs -> :class:`rasad.records.Report`.

Public API (others call exactly these names): :func:`read_path`, :func:`read_bytes`,
:func:`read_url`, :func:`read_file` and :func:`check_bytes` (a file's bytes and the checks they pass
before reading, for a Ray driver that leaves the reading to its workers), :func:`expand_paths`, :class:`IngestError` and its subclasses.
See docs/ingest.md for the kinds we read, the limits and the URL policy.
"""

from rasad.ingest.errors import (
    BinaryInput,
    EmptyInput,
    FetchFailed,
    FetchRefused,
    IngestError,
    TooLarge,
    UnsupportedInput,
)
from rasad.ingest.paths import expand_paths
from rasad.ingest.read import check_bytes, read_bytes, read_file, read_path, read_url

__all__ = [
    "BinaryInput",
    "EmptyInput",
    "FetchFailed",
    "FetchRefused",
    "IngestError",
    "TooLarge",
    "UnsupportedInput",
    "check_bytes",
    "expand_paths",
    "read_bytes",
    "read_file",
    "read_path",
    "read_url",
]
