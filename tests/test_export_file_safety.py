"""`rasad export --out` writes its file safely (issue 21's review, finding 6): an existing file is kept
unless --force, a symlink planted beside the target is never followed, and a missing folder, a folder as
the target or a failed write is one `error:` line with no partial file left behind."""

from __future__ import annotations

import json
import os
import stat

import pytest
from typer.testing import CliRunner

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.cli import _load_commands, app
from rasad.log.exporters import WRITERS, ExportError, write_to
from rasad.log.importers import import_file
from test_import_export import registry_sample

RECORDS = [{"id": 1, "status": "open"}, {"id": 2, "status": "confirmed"}]


@pytest.fixture
def rasad_cli(store, store_url, tmp_path, monkeypatch):  # noqa: F811 - the fixtures
    """`rasad ...` on a log holding two registry incidents."""
    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a"}))
    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    return lambda *args: CliRunner().invoke(app, list(args))


def test_write_to_writes_the_whole_file_and_leaves_nothing_else(tmp_path):
    out = tmp_path / "log.jsonl"
    assert write_to(out, WRITERS["jsonl"], RECORDS) == 2
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [1, 2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.jsonl"]


def test_write_to_refuses_an_existing_file_unless_forced(tmp_path):
    out = tmp_path / "log.jsonl"
    out.write_text("the analyst's earlier export\n")
    with pytest.raises(ExportError, match="exists"):
        write_to(out, WRITERS["jsonl"], RECORDS)
    assert out.read_text() == "the analyst's earlier export\n"
    write_to(out, WRITERS["jsonl"], RECORDS, force=True)
    assert len(out.read_text().splitlines()) == 2


def test_a_symlink_planted_at_the_old_partial_name_is_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "log.jsonl"
    (tmp_path / "log.jsonl.partial").symlink_to(victim)
    write_to(out, WRITERS["jsonl"], RECORDS)
    assert victim.read_text() == "keep me\n"
    assert not out.is_symlink() and len(out.read_text().splitlines()) == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # made by tempfile: readable by its owner only


def test_a_write_that_fails_midway_leaves_no_partial_file(tmp_path):
    def failing_records():
        yield RECORDS[0]
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="No space left"):
        write_to(tmp_path / "log.jsonl", WRITERS["jsonl"], failing_records())
    assert list(tmp_path.iterdir()) == []


def test_the_command_refuses_to_overwrite_then_replaces_with_force(rasad_cli, tmp_path):
    out = tmp_path / "log.geojson"
    out.write_text("earlier\n")
    res = rasad_cli("export", "--format", "geojson", "--out", str(out))
    assert res.exit_code == 1 and "error:" in res.output and "--force" in res.output
    assert out.read_text() == "earlier\n"
    res = rasad_cli("export", "--format", "geojson", "--out", str(out), "--force")
    assert res.exit_code == 0, res.output
    assert len(json.loads(out.read_text())["features"]) == 2


@pytest.mark.parametrize("target", ["no-such-folder/log.csv", "."])
def test_a_missing_folder_or_a_folder_as_target_is_one_error_line(rasad_cli, tmp_path, target):
    before = sorted(os.listdir(tmp_path))
    res = rasad_cli("export", "--out", str(tmp_path / target))
    assert res.exit_code == 1
    assert res.output.startswith("error:") and len(res.output.strip().splitlines()) == 1, res.output
    assert "Traceback" not in res.output and isinstance(res.exception, SystemExit)
    assert sorted(os.listdir(tmp_path)) == before
