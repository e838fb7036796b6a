"""Hostile nesting (issue 21's review): HTML nested 1,000 elements deep keeps its text (libxml2 stops
building the tree at 256 levels; a streaming reader takes over, flagged ``extraction:deep-html``), and
JSON or JSONL nested thousands of levels deep is a clear import error or a bad row, not a RecursionError."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import rasad
from rasad.ingest import read_bytes
from rasad.log.importers import ImportError_, import_file
from rasad.log.json_input import MAX_JSON_DEPTH, loads
from rasad.store import open_store

SRC = str(Path(rasad.__file__).resolve().parents[1])
SENTENCE = "Security forces killed two protesters in Zahedan on 30 September 2022, witnesses said."


def nested_page(depth: int) -> bytes:
    return (
        "<html><head><title>Zahedan</title><script>var hidden = 1;</script></head><body>"
        + "<div>" * depth + f"<p>{SENTENCE}</p><p>Persian spelling کرده\u200cاند stays.</p>" + "</div>" * depth
        + "</body></html>"
    ).encode("utf-8")


@pytest.mark.parametrize("depth", [1_000, 300_000])  # a normal-sized page, and one over LARGE_HTML_CHARS
def test_deeply_nested_html_keeps_its_text(depth):
    report = read_bytes(nested_page(depth), source="deep.html")
    assert SENTENCE in report.text and "کرده\u200cاند" in report.text
    assert "hidden" not in report.text
    assert "extraction:deep-html" in report.flags and "no-text" not in report.flags
    assert report.title == "Zahedan"


def test_ordinary_html_is_not_flagged_deep():
    report = read_bytes(nested_page(20), source="page.html")
    assert SENTENCE in report.text and "extraction:deep-html" not in report.flags


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_nested_past_the_limit_is_a_value_error():
    assert loads(json.dumps({"counts": {"killed": {"min": 2}}})) == {"counts": {"killed": {"min": 2}}}
    for depth in (MAX_JSON_DEPTH + 1, 100_000):
        with pytest.raises(ValueError, match="nested more than"):
            loads(deep_json(depth))


def test_a_deep_json_export_is_a_clear_import_error(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"incidents": [' + deep_json(50_000) + "]}")
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    with pytest.raises(ImportError_, match="nested more than"):
        import_file(store, "json", path)
    store.close()


def test_deep_jsonl_lines_are_bad_rows_beside_good_ones(tmp_path):
    path = tmp_path / "items.jsonl"
    good = {"source_key": "test:1", "event_type": "Protests", "date": "2022-09-30", "place_name": "Zahedan"}
    path.write_text(deep_json(100_000) + "\n" + json.dumps(good) + "\n" + '{"a": ' * 5_000 + "1" + "}" * 5_000 + "\n")
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    summary = import_file(store, "jsonl", path, merge=False)
    assert (summary.read, summary.added, summary.bad) == (3, 1, 2)
    assert all("nested more than" in problem for problem in summary.problems)
    store.close()


def test_rasad_import_of_deep_json_says_so_in_one_line(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(deep_json(200_000))
    env = {**os.environ, "RASAD_DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}", "PYTHONPATH": SRC}
    result = subprocess.run([sys.executable, "-m", "rasad", "import", "json", str(path)], capture_output=True,
                            env=env, cwd=tmp_path, timeout=300)
    err = result.stderr.decode()
    assert result.returncode == 1 and "Traceback" not in err and "nested more than" in err, err
