"""A hostile PDF of issue 21's finding 1, written byte by byte: a few kilobytes on disk, one flate-packed
content stream of megabytes of text-show operators, and every page pointing at that one stream."""

from __future__ import annotations

import zlib

SHOWN = "Tehran protest"


def shared_stream_pdf(stream_bytes: int, pages: int) -> bytes:
    shown = b"(" + SHOWN.encode("ascii") + b") Tj "
    content = b"BT /F1 12 Tf 72 712 Td " + shown * (stream_bytes // len(shown)) + b"ET"
    packed = zlib.compress(content, 9)
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
        + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream",
        *[page] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
