"""Which kind of document the bytes are: content sniffing first, then the declared type and extension."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

PLAIN = "text/plain"
MARKDOWN = "text/markdown"
HTML = "text/html"
PDF = "application/pdf"

_EXTENSIONS = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdown": MARKDOWN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".pdf": PDF,
}

_DECLARED = {
    "text/plain": PLAIN,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/pdf": PDF,
    "application/x-pdf": PDF,
}

# An HTML document announces itself near the top; a stray "<p>" deep inside a text file does not.
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)


def split_media_type(value: str | None) -> tuple[str | None, str | None]:
    """'text/html; charset=windows-1256' -> ('text/html', 'windows-1256')."""
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for param in parts[1:]:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return parts[0].lower() or None, charset


def _extension(source: str | None) -> str | None:
    if not source:
        return None
    path = urlsplit(source).path if "://" in source else source
    suffix = PurePosixPath(path.replace("\\", "/")).suffix.lower()
    return _EXTENSIONS.get(suffix)


def detect_kind(data: bytes, *, media_type: str | None, source: str | None) -> str:
    """One of PLAIN, MARKDOWN, HTML, PDF.

    Magic bytes beat everything (a PDF served as text/html is still a PDF); then a declared
    Content-Type; then the file extension; then an HTML-looking start; else plain text.
    """
    head = data[:1024]
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        return PDF
    declared, _ = split_media_type(media_type)
    if declared in _DECLARED:
        kind = _DECLARED[declared]
        # Servers label Markdown and HTML as text/plain often; a clear HTML start still wins then.
        if kind == PLAIN and _HTML_START.match(head):
            return HTML
        return kind
    stripped = head.lstrip(b"\xef\xbb\xbf")
    looks_html = bool(_HTML_START.match(stripped) or _HTML_START.match(_utf16_ascii(stripped)))
    by_extension = _extension(source)
    if by_extension and not (by_extension == PLAIN and looks_html):
        return by_extension
    return HTML if looks_html else PLAIN


def _utf16_ascii(head: bytes) -> bytes:
    # "<html" stored as UTF-16 has NULs between the letters; drop them for the HTML check only.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head[2:].replace(b"\x00", b"")
    return b""
