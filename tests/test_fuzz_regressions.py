"""The fuzzer's seeds and every input it found a crash with (fuzz/regressions/), replayed through the
intake as ordinary tests (no atheris needed): each ends in a Report or a one-line IngestError, within the
harness's budgets, and the report keeps the bytes and their SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.ingest.errors import IngestError
from rasad.ingest.read import read_bytes

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
MEDIA_TYPES = [None, "text/html", "text/html; charset=windows-1256", "text/plain; charset=utf-16",
               "application/pdf", "text/markdown", "text/plain; charset=x-unknown", "application/octet-stream"]
SOURCES = [None, "page.html", "doc.pdf", "notes.md"]  # a few of the harness's hints
INPUTS = sorted(p for d in ("corpus", "regressions") for p in (FUZZ / d).glob("*") if p.name != ".keep")


def test_the_seeds_are_there():
    assert len([p for p in INPUTS if p.parent.name == "corpus"]) >= 5


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: f"{p.parent.name}/{p.name}")
@pytest.mark.parametrize("media_type", MEDIA_TYPES)
def test_a_fuzz_input_is_read_or_refused_in_one_line(path, media_type):
    data = path.read_bytes()
    for source in SOURCES:
        try:
            report = read_bytes(data, source=source, media_type=media_type)
        except IngestError as exc:
            assert "\n" not in str(exc)
            continue
        assert report.id == hashlib.sha256(data).hexdigest() and report.original == data
        assert "\x00" not in (report.text or "")


def test_a_utf16_file_with_stray_nul_is_stored_on_every_backend(store):  # noqa: F811
    """Found by fuzz/: a UTF-16 BOM before bytes that are not all UTF-16 decoded with a few NULs left
    in the text (under the share of controls that marks binary), and PostgreSQL refused the report
    ("text fields cannot contain NUL"): `rasad ingest` ended in a traceback. NULs are dropped and flagged."""
    data = (FUZZ / "regressions" / "utf16-bom-html-with-nul.bin").read_bytes()
    assert data.startswith(b"\xff\xfe") and b"\x00\x00" in data
    report = read_bytes(data, source="x.txt")
    assert "\x00" not in report.text and "decode:nul-removed" in report.flags
    assert report.original == data
    assert store.add_report(report)
    stored = store.get_report(report.id)
    assert bytes(stored.original) == data and "\x00" not in stored.text
