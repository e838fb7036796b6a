"""Report data reaches the terminal as data (issue 21's review, finding 5): a title or a file name
carrying ESC sequences (recolour, clear the screen, retitle the window, write the clipboard) or rich
markup is printed visibly escaped by `rasad analyze`, in `rasad ingest`'s errors and by the log commands
(`incidents`, `incident`, `review`, `sources`), never obeyed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import rasad
from rasad.cli.common import printable

SRC = str(Path(rasad.__file__).resolve().parents[1])  # the subprocess runs this checkout's code, from any folder

HOSTILE_TITLE = "Tehran\x1b]0;owned\x07 protest \x1b[2J\x1b[31m[bold]red[/bold] \x9b1m"


def rasad(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200", "RASAD_DATABASE_URL": f"sqlite:///{cwd / 'log.db'}", "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "rasad", *args], capture_output=True, cwd=cwd, env=env,
                          timeout=300)


def assert_no_control_characters(output: bytes) -> None:
    text = output.decode("utf-8")
    assert not [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F], text


def test_printable_shows_control_characters_and_markup_as_text():
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("[bold]x[/bold]") == "\\[bold]x\\[/bold]"
    assert printable("line one\nline\ttwo") == "line one\nline\ttwo"
    assert printable("کرده\u200cاند") == "کرده\u200cاند"  # Persian's zero-width non-joiner is text, not a control


def test_analyze_prints_a_hostile_title_as_data(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(HOSTILE_TITLE + "\n\nProtesters gathered in Tehran on 20 September 2022.\n", encoding="utf-8")
    result = rasad("analyze", str(report), cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert_no_control_characters(result.stdout)
    out = result.stdout.decode()
    assert "\\x1b]0;owned\\x07" in out and "[bold]red[/bold]" in out


def test_a_hostile_file_name_in_an_error_is_printed_as_data(tmp_path):
    result = rasad("analyze", str(tmp_path / "missing\x1b[2J[red].txt"), cwd=tmp_path)
    assert result.returncode == 1
    assert_no_control_characters(result.stderr)
    assert "missing\\x1b[2J[red].txt" in result.stderr.decode()


def test_ingest_errors_print_hostile_file_names_as_data(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "scan\x1b]52;c;cm0gLXJmIH4=\x07.pdf").write_bytes(b"%PDF-1.7 not really a pdf")
    (folder / "ok.txt").write_text("Protesters gathered in Tehran on 20 September 2022.\n", encoding="utf-8")
    result = rasad("ingest", str(folder), "--no-analyse", cwd=tmp_path)
    assert_no_control_characters(result.stdout)
    assert_no_control_characters(result.stderr)
    assert "scan\\x1b]52;c;cm0gLXJmIH4=\\x07.pdf" in result.stdout.decode()


def test_the_log_commands_print_hostile_titles_places_and_notes_as_data(tmp_path, monkeypatch):
    """`rasad incidents`, `rasad incident ID`, `rasad review` and `rasad sources` print what sources and
    analysts wrote through ``printable`` too (the rest of finding 5)."""
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    monkeypatch.setenv("COLUMNS", "400")
    runner = CliRunner()
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"source_key": "x:1", "event_type": "Protests", "date": "2026-01-08",
                                 "title": HOSTILE_TITLE, "place_name": HOSTILE_TITLE, "province": "Gilan"}) + "\n",
                     encoding="utf-8")
    res = runner.invoke(app, ["import", "jsonl", str(items), "--json"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["sources", "add", "hostile", "--name", HOSTILE_TITLE, "--affiliation", "ngo_monitor",
                                "--by", "leila", "--note", "test"])
    outputs = [res]
    for args in (["incidents"], ["incident", "1"], ["review", "confirm", "1", "--by", "leila", "--note", HOSTILE_TITLE],
                 ["incident", "1"], ["sources", "list"]):
        outputs.append(runner.invoke(app, args))
    for res in outputs:
        assert res.exit_code == 0, res.output
        assert_no_control_characters(res.output.encode("utf-8"))
    shown = "".join(res.output for res in outputs)
    assert "\\x1b]0;owned\\x07" in shown and "[bold]red[/bold]" in shown
