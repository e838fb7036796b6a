"""Reading a report has a work and a time budget (issue 21, finding 1): a PDF of a few kilobytes whose
pages share one content stream of megabytes is cut, flagged ``extraction:budget``, and returns in seconds;
the worker that read it is gone."""

from __future__ import annotations

import multiprocessing
import time

import pytest
from hostile_pdf import SHOWN, shared_stream_pdf

from rasad.config import get_settings
from rasad.ingest import read_bytes


@pytest.fixture
def budget(monkeypatch):
    """Set the reading budget for one test (settings are cached: clear before and after)."""

    def set_budget(*, content_bytes: int, timeout_s: float) -> None:
        monkeypatch.setenv("RASAD_PDF_MAX_CONTENT_BYTES", str(content_bytes))
        monkeypatch.setenv("RASAD_EXTRACT_TIMEOUT_S", str(timeout_s))
        get_settings.cache_clear()

    yield set_budget
    monkeypatch.delenv("RASAD_PDF_MAX_CONTENT_BYTES", raising=False)
    monkeypatch.delenv("RASAD_EXTRACT_TIMEOUT_S", raising=False)
    get_settings.cache_clear()


def read_timed(data: bytes):
    started = time.monotonic()
    report = read_bytes(data, source="hostile.pdf")
    return report, time.monotonic() - started


@pytest.mark.parametrize("timeout_s", [30, 0], ids=["in-a-worker", "in-process"])
def test_pages_sharing_one_stream_are_counted_each_time_and_cut(budget, timeout_s):
    data = shared_stream_pdf(stream_bytes=300_000, pages=50)
    assert len(data) < 20_000
    budget(content_bytes=1_000_000, timeout_s=timeout_s)
    report, elapsed = read_timed(data)
    assert elapsed < 15
    # 300 kB a page: three pages fit in 1 MB, the fourth use of the same stream does not.
    assert {"extraction:budget", "extraction:budget:content-bytes", "pdf:pages-read:3/50",
            "pdf:pages:50"} <= set(report.flags)
    assert report.text.count(SHOWN) == 3 * (300_000 // len(f"({SHOWN}) Tj "))
    assert report.original == data  # the original bytes are kept whole


def test_a_page_that_takes_too_long_is_stopped_at_the_deadline(budget):
    data = shared_stream_pdf(stream_bytes=5_000_000, pages=50)  # one page alone takes pypdf seconds
    budget(content_bytes=10**12, timeout_s=1)
    report, elapsed = read_timed(data)
    assert elapsed < 8
    assert {"extraction:budget", "extraction:budget:time", "pdf:pages-read:0/50", "no-text-layer"} <= set(
        report.flags)
    assert report.text == ""
    assert not [child for child in multiprocessing.active_children() if child.name == "rasad-extract"]


def test_an_ordinary_pdf_is_read_whole_without_a_budget_flag(budget):
    budget(content_bytes=1_000_000, timeout_s=30)
    report, _ = read_timed(shared_stream_pdf(stream_bytes=2_000, pages=3))
    assert report.text.count(SHOWN) == 3 * (2_000 // len(f"({SHOWN}) Tj "))
    assert not [flag for flag in report.flags if flag.startswith("extraction:budget")]
    assert "pdf:pages:3" in report.flags


def test_a_corrupt_pdf_read_in_the_worker_is_still_one_clear_error(budget):
    from rasad.ingest import UnsupportedInput

    budget(content_bytes=1_000_000, timeout_s=30)
    with pytest.raises(UnsupportedInput, match="corrupt or truncated"):
        read_bytes(shared_stream_pdf(stream_bytes=2_000, pages=3)[:200])


# --- analysis ------------------------------------------------------------------------------------

ARRESTS = "Security forces arrested twelve protesters in Tehran on Monday, witnesses said. "


@pytest.fixture
def analysis_budget(monkeypatch):
    """A one-millisecond analysis budget, and chunks of 2,000 characters so that a short text has many."""
    from rasad.analysis import pipeline

    monkeypatch.setenv("RASAD_ANALYSIS_TIMEOUT_S", "0.001")
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 2_000)  # small pieces, so the budget is checked often
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 4_000)
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("RASAD_ANALYSIS_TIMEOUT_S")
    get_settings.cache_clear()


def test_a_long_analysis_stops_at_its_time_budget_and_says_where(nlp, analysis_budget):
    from rasad.analysis.pipeline import analyze_many

    long = read_bytes((ARRESTS * 400).encode(), source="long.txt")  # 32,000 characters: 16 chunks
    short = read_bytes(ARRESTS.encode(), source="short.txt")
    cut, whole = list(analyze_many([long, short], nlp=nlp))
    assert cut.report.id == long.id and whole.report.id == short.id
    assert "analysis:budget" in cut.flags
    [truncated] = [flag for flag in cut.flags if flag.startswith("analysis-truncated:")]
    read_up_to = int(truncated.split(":")[1])
    assert 0 < read_up_to < len(long.text)
    assert cut.sentences and max(sentence.end for sentence in cut.sentences) <= read_up_to
    assert cut.profile is not None
    # The report after it is analysed whole, its offsets its own.
    assert not [flag for flag in whole.flags if flag.startswith(("analysis:budget", "analysis-truncated"))]
    assert [(s.start, s.end) for s in whole.sentences] == [(0, len(ARRESTS.strip()))]
