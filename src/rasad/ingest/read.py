"""Bytes, a file or a URL -> Report: the original bytes, their SHA-256, clean text, metadata, language."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from rasad.config import get_settings
from rasad.ingest import kinds
from rasad.ingest.decode import decode_text, is_blank
from rasad.ingest.errors import EmptyInput, IngestError, TooLarge, UnsupportedInput
from rasad.ingest.html import declared_charset, extract_html
from rasad.ingest.language import SUPPORTED, detect_language
from rasad.ingest.pdf import extract_pdf
from rasad.ingest.text import extract_markdown, extract_plain
from rasad.records import Report


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _too_large(size: int, limit: int, what: str) -> TooLarge:
    return TooLarge(f"{what} is {size:,} bytes, over the limit of {limit:,} bytes (RASAD_MAX_INPUT_BYTES)")


def check_bytes(data: bytes) -> bytes:
    """The checks that need no more than the bytes (size, blank), as :func:`read_bytes` makes them
    first; raises IngestError. A Ray driver checks this much before sending the bytes to a worker."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("read_bytes expects bytes")
    data = bytes(data)
    limit = get_settings().max_input_bytes
    if len(data) > limit:
        raise _too_large(len(data), limit, "input")
    if is_blank(data):
        raise EmptyInput("input is empty" if not data else "input holds only whitespace")
    return data


def read_bytes(
    data: bytes,
    *,
    source: str | None = None,
    media_type: str | None = None,
    url: str | None = None,
) -> Report:
    """Turn raw bytes into a Report, or raise IngestError with a one-line message.

    ``source`` (a path or URL) and ``media_type`` (a Content-Type, charset allowed) are hints;
    the content itself decides first (a PDF is a PDF whatever its name).
    """
    data = check_bytes(data)
    kind = kinds.detect_kind(data, media_type=media_type, source=source or url)
    flags: list[str] = []
    if kind == kinds.PDF:
        extracted = extract_pdf(data)
    else:
        _, header_charset = kinds.split_media_type(media_type)
        declared = header_charset or (declared_charset(data) if kind == kinds.HTML else None)
        decoded = decode_text(data, declared=declared)
        flags += decoded.flags
        if kind == kinds.HTML:
            extracted = extract_html(decoded.text, url=url)
        elif kind == kinds.MARKDOWN:
            extracted = extract_markdown(decoded.text)
        else:
            extracted = extract_plain(decoded.text)
    flags += extracted.flags

    text = extracted.text
    if not is_blank(text):
        guess = detect_language(text)
        language: str | None = guess.language
        if guess.uncertain:
            flags.append("language:uncertain")
        flags += guess.flags
        supported = language in SUPPORTED
        if not supported:
            flags.append(f"language:{language}")
    else:
        # Nothing to read (a scanned PDF, an HTML page of scripts): stored and flagged, not analysed.
        language, supported = None, False

    digest = hashlib.sha256(data).hexdigest()
    return Report(
        id=digest,
        sha256=digest,
        source=source or url,
        media_type=kind,
        title=extracted.title,
        author=extracted.author,
        publisher=extracted.publisher,
        url=url or extracted.url,
        published_at=extracted.published_at,
        retrieved_at=_now_iso(),
        language=language,
        language_supported=supported,
        flags=flags,
        text=text,
        original=data,
    )


def read_path(path: str | os.PathLike[str]) -> Report:
    """Read one file. Only regular files: a FIFO or a device would hang or never end."""
    path = Path(path)
    data = read_file(path)
    try:
        return read_bytes(data, source=str(path))
    except IngestError as err:
        raise type(err)(f"{path}: {err}") from None


def read_file(path: Path) -> bytes:
    """A regular file's bytes, within the size limit; raises IngestError."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise IngestError(f"no such file: {path}") from None
    except OSError as err:
        raise IngestError(f"cannot read {path}: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise UnsupportedInput(f"{path} is a folder, not a file (`rasad ingest` reads folders)")
    if not stat.S_ISREG(info.st_mode):
        raise UnsupportedInput(f"{path} is not a regular file")
    limit = get_settings().max_input_bytes
    if info.st_size > limit:
        raise _too_large(info.st_size, limit, str(path))
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat()
    except OSError as err:
        raise IngestError(f"cannot read {path}: {err.strerror or err}") from None
    if len(data) > limit:
        raise _too_large(len(data), limit, str(path))
    return data


def read_url(url: str, *, allow_private: bool = False) -> Report:
    """Fetch a URL behind the SSRF guard (see rasad.ingest.fetch) and read what came back."""
    from rasad.ingest.fetch import FetchPolicy, fetch

    fetched = fetch(url, FetchPolicy.from_settings(allow_private=allow_private))
    try:
        return read_bytes(fetched.body, source=url, media_type=fetched.content_type, url=fetched.url)
    except IngestError as err:
        raise type(err)(f"{fetched.url}: {err}") from None


__all__ = ["check_bytes", "read_bytes", "read_file", "read_path", "read_url"]
