"""PDF -> text with pypdf. No text layer is a flagged result; encrypted or corrupt is an error.

Reading has a work budget and a time budget (issue 21, finding 1): a 15 KB PDF can carry one flate-packed
content stream of megabytes that every page shares, and pypdf parses it again for each page. The decoded
content-stream bytes are counted page by page, a shared stream each time a page uses it, and reading stops
at ``RASAD_PDF_MAX_CONTENT_BYTES``; the whole reading runs in a worker process killed after
``RASAD_EXTRACT_TIMEOUT_S`` seconds. Either way the pages read so far are kept and the report is flagged
``extraction:budget``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, StreamObject

from rasad.config import get_settings
from rasad.ingest.budget import BUDGET_FLAG, can_use_worker, collect_in_worker
from rasad.ingest.errors import UnsupportedInput
from rasad.ingest.text import Extracted, first_line_title

MAX_PAGES = 2000  # a hostile PDF can declare millions of pages; the original bytes are kept anyway

# pypdf logs every repaired cross-reference table; our flags say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


# The parts a reading yields, in order: one Opened, then one PageText per page read, then perhaps a Stopped.
@dataclass
class Opened:
    count: int
    flags: list[str] = field(default_factory=list)
    title: str | None = None
    author: str | None = None


@dataclass
class PageText:
    text: str | None  # None: the page could not be read


@dataclass
class Stopped:
    reason: str


def _open(data: bytes) -> tuple[PdfReader, Opened]:
    flags = ["converted:pdf"]
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are encrypted only to set permissions, with an empty user password.
            try:
                opened = reader.decrypt("")
            except Exception as err:
                raise UnsupportedInput(f"PDF is encrypted and cannot be opened ({err})") from err
            if not opened:
                raise UnsupportedInput("PDF is encrypted with a password; decrypt it first")
            flags.append("pdf:encrypted-empty-password")
        count = len(reader.pages)
    except UnsupportedInput:
        raise
    except Exception as err:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError...): all mean corrupt
        raise UnsupportedInput(f"PDF could not be read (corrupt or truncated): {type(err).__name__}: {err}") from err

    title = author = None
    try:
        meta = reader.metadata
        if meta is not None:
            title = (meta.title or "").strip() or None
            author = (meta.author or "").strip() or None
    except Exception:
        flags.append("pdf:metadata-unreadable")
    return reader, Opened(count=count, flags=flags, title=title, author=author)


def _content_bytes(page) -> int:
    """Decoded bytes of the page's content streams: what pypdf will parse to read its text.
    pypdf keeps a decoded stream, so measuring it first costs no second decoding."""
    try:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        streams = contents if isinstance(contents, ArrayObject) else [contents]
        total = 0
        for stream in streams:
            stream = stream.get_object() if stream is not None else None
            if isinstance(stream, StreamObject):
                total += len(stream.get_data())
        return total
    except Exception:  # a broken stream: extract_text will fail on it and count a page error
        return 0


def pdf_parts(data: bytes, max_content_bytes: int) -> Iterator[Opened | PageText | Stopped]:
    """Read a PDF page by page, within ``max_content_bytes`` of decoded content streams."""
    reader, opened = _open(data)
    yield opened
    spent = 0
    for number in range(min(opened.count, MAX_PAGES)):
        page = reader.pages[number]
        spent += _content_bytes(page)
        if spent > max_content_bytes:
            yield Stopped("content-bytes")
            return
        try:
            yield PageText(page.extract_text() or "")
        except Exception:  # one broken page should not lose the others
            yield PageText(None)


def assemble(parts: list[Opened | PageText | Stopped], *, finished: bool = True) -> Extracted:
    """The Extracted of the parts a reading yielded; ``finished=False``: it was cut at the deadline."""
    opened = parts[0]
    assert isinstance(opened, Opened)
    flags = list(opened.flags)
    pages = [part for part in parts if isinstance(part, PageText)]
    stops = [part.reason for part in parts if isinstance(part, Stopped)]
    if not finished:
        stops.append("time")
    if opened.count > MAX_PAGES:
        flags.append(f"pdf:pages-truncated:{MAX_PAGES}/{opened.count}")
    if stops:
        flags += [BUDGET_FLAG, f"{BUDGET_FLAG}:{stops[0]}", f"pdf:pages-read:{len(pages)}/{opened.count}"]
    failed = sum(1 for page in pages if page.text is None)
    if failed:
        flags.append(f"pdf:page-errors:{failed}")
    flags.append(f"pdf:pages:{opened.count}")

    # NUL never belongs in text (and PostgreSQL refuses it); pypdf emits it for some fonts.
    text = "\n\n".join((page.text or "").strip("\n") for page in pages).replace("\x00", "").strip()
    if not text:
        flags.append("no-text-layer")
        text = ""
    return Extracted(text=text, title=opened.title or first_line_title(text), author=opened.author, flags=flags)


def extract_pdf(data: bytes) -> Extracted:
    settings = get_settings()
    args = (data, settings.pdf_max_content_bytes)
    if settings.extract_timeout_s <= 0 or not can_use_worker():
        # No worker: the work budget still holds, the time budget does not.
        return assemble(list(pdf_parts(*args)))
    collected = collect_in_worker(pdf_parts, args, timeout_s=settings.extract_timeout_s)
    if not collected.parts:  # not even opened in time: nothing read, but the original is kept
        return assemble([Opened(count=0, flags=["converted:pdf"])], finished=False)
    return assemble(collected.parts, finished=collected.finished)
