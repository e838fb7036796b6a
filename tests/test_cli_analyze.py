"""`rasad analyze` as a user runs it: a real subprocess, its exit status and what it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEED_PATH = Path(__file__).resolve().parents[1] / "samples" / "reports" / "khamenei-nowruz.txt"


def rasad(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "rasad", *args], input=stdin, capture_output=True, cwd=cwd, env=env, timeout=300
    )


def test_analyze_json_is_the_documented_record():
    result = rasad("analyze", str(SEED_PATH), "--json")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    for key in ("report", "actors", "entities", "quotes", "claims", "dates", "places", "framing", "profile", "incidents"):
        assert key in record
    for key in ("id", "sha256", "title", "publisher", "url", "published_at", "language", "text"):
        assert key in record["report"]
    assert record["report"]["id"] == record["report"]["sha256"]
    assert record["report"]["language"] == "en"


def test_analyze_reads_standard_input_and_prints_a_readable_analysis():
    text = "Khamenei said the economy was strong. Protesters gathered in Tehran on 20 Dey 1401."
    result = rasad("analyze", "-", stdin=text.encode("utf-8"))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "report" in out and "sha256" in out


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t  ", bytes(range(256)) * 64, b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 400],
    ids=["empty", "whitespace", "binary", "png"],
)
def test_bad_files_get_a_one_line_error_and_a_non_zero_exit(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = rasad("analyze", str(path))
    assert result.returncode != 0
    message = result.stderr.decode().strip()
    assert message.startswith("error:") and "\n" not in message
    assert "Traceback" not in message


def test_missing_file_is_a_clear_error(tmp_path):
    result = rasad("analyze", str(tmp_path / "nope.txt"))
    assert result.returncode != 0
    assert result.stderr.decode().startswith("error:")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "ftp://example.org/x"]
)
def test_hostile_urls_are_refused_before_any_connection(url):
    result = rasad("analyze", url)
    assert result.returncode != 0
    message = result.stderr.decode().strip()
    assert message.startswith("error:") and "Traceback" not in message


def test_a_page_without_text_says_so_not_that_its_language_is_none(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><script>alert(1)</script></head><body></body></html>", encoding="utf-8")
    result = rasad("analyze", str(page))
    assert result.returncode == 2, result.stderr.decode()  # nothing analysed: the exit status says so too
    out = result.stdout.decode()
    assert "No text to analyse" in out and "language None" not in out
