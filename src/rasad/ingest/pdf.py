"""PDF -> text with pypdf. No text layer is a flagged result; encrypted or corrupt is an error."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from rasad.ingest.errors import UnsupportedInput
from rasad.ingest.text import Extracted, first_line_title

MAX_PAGES = 2000  # a hostile PDF can declare millions of pages; the original bytes are kept anyway

# pypdf logs every repaired cross-reference table; our flags say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def extract_pdf(data: bytes) -> Extracted:
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
        pages = reader.pages
        count = len(pages)
    except UnsupportedInput:
        raise
    except Exception as err:  # pypdf raises many kinds (PdfReadError, KeyError, ValueError...): all mean corrupt
        raise UnsupportedInput(f"PDF could not be read (corrupt or truncated): {type(err).__name__}: {err}") from err

    texts: list[str] = []
    failed = 0
    for number in range(min(count, MAX_PAGES)):
        try:
            texts.append(pages[number].extract_text() or "")
        except Exception:  # one broken page should not lose the others
            failed += 1
            texts.append("")
    if count > MAX_PAGES:
        flags.append(f"pdf:pages-truncated:{MAX_PAGES}/{count}")
    if failed:
        flags.append(f"pdf:page-errors:{failed}")
    flags.append(f"pdf:pages:{count}")

    # NUL never belongs in text (and PostgreSQL refuses it); pypdf emits it for some fonts.
    text = "\n\n".join(t.strip("\n") for t in texts).replace("\x00", "").strip()
    if not text:
        flags.append("no-text-layer")
        text = ""

    title = author = None
    try:
        meta = reader.metadata
        if meta is not None:
            title = (meta.title or "").strip() or None
            author = (meta.author or "").strip() or None
    except Exception:
        flags.append("pdf:metadata-unreadable")
    return Extracted(text=text, title=title or first_line_title(text), author=author, flags=flags)
