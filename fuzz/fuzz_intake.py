"""atheris harness for the intake: raw bytes -> kind detection -> decoding -> HTML / PDF / Markdown /
plain-text extraction -> language -> (optionally) analysis within a small budget.

Any exception other than ``IngestError`` (the one-line refusal every bad input must end in) is a crash,
and so is a report that breaks the intake's own promises (an id that is not the bytes' SHA-256, text
with NUL bytes). Run it as fuzz/README.md says; every run is bounded (``-runs=N`` or
``-max_total_time=S``)."""

from __future__ import annotations

import hashlib
import os
import sys

# Small budgets: a fuzzer must not spend a minute on one input (these are the intake's own limits).
os.environ.setdefault("RASAD_MAX_INPUT_BYTES", str(1024 * 1024))
os.environ.setdefault("RASAD_MAX_ANALYSIS_CHARS", "5000")
os.environ.setdefault("RASAD_ANALYSIS_TIMEOUT_S", "5")
os.environ.setdefault("RASAD_EXTRACT_TIMEOUT_S", "5")
os.environ.setdefault("RASAD_PDF_MAX_CONTENT_BYTES", str(2 * 1024 * 1024))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["rasad.ingest", "trafilatura", "charset_normalizer", "markdown_it", "langdetect"]):
    from rasad.ingest.errors import IngestError
    from rasad.ingest.read import read_bytes

ANALYSE = os.environ.get("FUZZ_ANALYSE", "0") == "1"
# hints the intake takes from a file name or a Content-Type: the content decides first, but they steer
MEDIA_TYPES = [None, "text/html", "text/html; charset=windows-1256", "text/plain; charset=utf-16",
               "application/pdf", "text/markdown", "text/plain; charset=x-unknown", "application/octet-stream"]
SOURCES = [None, "report.txt", "page.html", "doc.pdf", "notes.md", "https://example.org/a", "x"]



def TestOneInput(body: bytes) -> None:
    # the hints come from the last byte, so the whole input stays the document (seeds stay valid files)
    k = body[-1] if body else 0
    media_type = MEDIA_TYPES[k % len(MEDIA_TYPES)]
    source = SOURCES[(k // len(MEDIA_TYPES)) % len(SOURCES)]
    try:
        report = read_bytes(body, source=source, media_type=media_type)
    except IngestError as exc:
        assert "\n" not in str(exc), "an IngestError must be one line"
        return
    assert report.id == hashlib.sha256(body).hexdigest()
    assert report.original == body
    assert "\x00" not in (report.text or "")
    if ANALYSE and report.language_supported and report.text:
        from rasad.analysis.pipeline import analyze

        analyze(report)  # within RASAD_MAX_ANALYSIS_CHARS / RASAD_ANALYSIS_TIMEOUT_S


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
