"""The public export (issue 21, "safe to publish"): `rasad export --public` and an admin's "publish" carry
no victim or witness name but those an analyst marked public, no review notes, user names or report text,
and places no finer than the town. Who may be named is data on the victim, edited in the review with
history."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.cli import _load_commands, app
from rasad.log import review
from rasad.log.importers import import_file
from rasad.log.publish import PUBLIC_WRITERS, public_records, victim_key
from rasad.log.queries import list_incidents
from rasad.log.service import incident_detail
from rasad.store.schema import AnalysisRow, AuditEvent, IncidentReportRow, ReportRow, SourceRow
from test_import_export import registry_sample

ROOT = Path(__file__).resolve().parents[1]
ACCOUNTS = ROOT / "samples" / "victims" / "victim-accounts.jsonl"
SEED = ROOT / "samples" / "reports" / "khamenei-nowruz.txt"
REGISTRY_IDS = {"jvn_374ab87e83", "jvn_6a66428d9a", "jvn_9abf9d797f"}
NOTE = "Reviewed by Parisa Kamali with her notes on the family"  # a reviewer's words that must not leave


def _names_in(store) -> set[str]:
    """Every person's name the log holds: victims (each spelling, Latin and Persian), quoted speakers and
    the persons the analyses found (witnesses among them), the claimants of incident reports."""
    names: set[str] = set()
    with store.read_session() as s:
        for ir in s.scalars(select(IncidentReportRow)):
            for v in ir.victims or []:
                if isinstance(v, dict):
                    names.update(str(v[k]) for k in ("name", "name_fa") if v.get(k))
                elif v:
                    names.add(str(v))
            if ir.claimant and ir.claimant not in ("author", "source"):
                names.add(ir.claimant)
        for row in s.scalars(select(AnalysisRow)):
            for q in row.data.get("quotes") or []:
                names.update(str(q[k]) for k in ("speaker", "speaker_mention") if q.get(k))
            for e in row.data.get("entities") or []:
                if e.get("label") == "PERSON":
                    names.add(str(e["text"]))
        sources = {r.name for r in s.scalars(select(SourceRow))}  # a claimant may be a registry source, not a person
    # a pronoun or a one-word mention ("he", "The speech") is not a name; two words or more, or Persian script
    return {n.strip() for n in names - sources if len(n.split()) >= 2 or any("\u0600" <= c <= "\u06ff" for c in n)}


@pytest.fixture
def log(store, nlp, tmp_path):  # noqa: F811 - the fixture
    """A log built as users build it: the seed report and victims' accounts ingested through the library,
    a registry imported, one victim marked public, a review note written."""
    from rasad.log.intake import ingest

    files = [SEED]
    for n, line in enumerate(ACCOUNTS.read_text(encoding="utf-8").splitlines()[:8]):
        path = tmp_path / f"account-{n}.txt"
        path.write_text(json.loads(line)["text"], encoding="utf-8")  # the text only, as a user would have it
        files.append(path)
    summary = ingest(store, files, nlp=nlp)
    assert summary.added == len(files)
    import_file(store, "javidnam", registry_sample(tmp_path, REGISTRY_IDS))
    saeed = next(i for i in list_incidents(store, limit=None) if "Saeed Zeinali" in i["victims"])
    review.set_victim_public(store, saeed["id"], "Saeed Zeinali", True, by="parisa", note=NOTE)
    review.set_status(store, saeed["id"], "confirm", by="parisa", note=NOTE)
    return store


def _exports(store) -> dict[str, str]:
    out = {}
    for name, writer in PUBLIC_WRITERS.items():
        buffer = io.StringIO()
        writer.write(public_records(store), buffer)
        out[name] = buffer.getvalue()
    return out


def test_the_public_export_names_no_one_but_the_victim_marked_public(log):
    names = _names_in(log)
    assert "Saeed Zeinali" in names and len(names) > 10  # the log really holds names to leak
    saeed = next(i for i in list_incidents(log, limit=None) if "Saeed Zeinali" in i["victims"])
    public = {v.get(k) for v in incident_detail(log, saeed["id"])["victims_detail"] for k in ("name", "name_fa")}
    exports = _exports(log)
    for fmt, text in exports.items():
        leaked = sorted(n for n in names - public if n in text)
        assert leaked == [], f"{fmt} export names {leaked}"
        assert "Saeed Zeinali" in text  # the one marked public is named
        assert NOTE not in text and "parisa" not in text  # no review notes, no user names
    # no report text: not one sentence of the seed report or of an account
    sentences = [s.strip() for s in SEED.read_text(encoding="utf-8").split(".") if len(s.strip()) > 40]
    with log.read_session() as s:
        sentences += [r.text[:60] for r in s.scalars(select(ReportRow)) if len(r.text) > 60]
    for text in exports.values():
        assert not [x for x in sentences if x in text]


def test_public_places_are_towns_at_most_with_the_towns_own_point(log):
    from rasad.analysis.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    records = list(public_records(log))
    assert records
    for rec in records:
        assert rec["geo_precision"] in ("town", "province", "country", None)
        if rec["geo_precision"] == "town":
            town = gaz.by_id[rec["geonameid"]]
            assert (rec["place_name"], rec["lat"], rec["lon"]) == (town.name, town.lat, town.lon)
        elif rec["geo_precision"] == "province":
            assert rec["place_name"] is None and rec["province"] in gaz.provinces
    # an analyst's finer place (a street, typed over the derived place) is not published
    first = records[0]["id"]
    review.edit(log, first, "place_name", "12 Azadi Street, near the bakery", by="parisa", note="as the family said")
    review.edit(log, first, "lat", "35.700123", by="parisa", note="the doorstep")
    text = "".join(_exports(log).values())
    assert "Azadi Street" not in text and "35.700123" not in text


def test_who_may_be_named_is_reviewed_data_with_history_and_undo(log):
    saeed = next(i for i in list_incidents(log, limit=None) if "Saeed Zeinali" in i["victims"])
    detail = incident_detail(log, saeed["id"])
    assert [v["public"] for v in detail["victims_detail"]] == [True]
    events = [e for e in detail["history"] if e["action"] == "name_public"]
    assert events and events[0]["by"] == "parisa" and events[0]["after"]["public"] is True
    assert review.replay(detail["history"])[-1]["public_victims"] == [victim_key("Saeed Zeinali")]
    undo = review.undo(log, events[0]["id"], by="parisa", note="the family asked us not to")
    assert incident_detail(log, saeed["id"])["victims_detail"][0]["public"] is False
    assert "Saeed Zeinali" not in "".join(_exports(log).values())
    assert review.replay(review.history(log, saeed["id"]))[-1]["public_victims"] == []
    assert undo > events[0]["id"]
    with pytest.raises(review.ReviewError, match="no victim named"):
        review.set_victim_public(log, saeed["id"], "Someone Else", True, by="parisa", note="x")


def test_rasad_export_public_writes_each_format_and_is_audited(log, store_url, tmp_path, monkeypatch):
    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    runner = CliRunner()
    for fmt, ext in (("acled", "csv"), ("json", "json"), ("geojson", "geojson")):
        out = tmp_path / f"public.{ext}"
        result = runner.invoke(app, ["export", "--public", "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Saeed Zeinali" in text and NOTE not in text and "original_b64" not in text
    rows = list(csv.DictReader(io.StringIO((tmp_path / "public.csv").read_text(encoding="utf-8"))))
    assert "rasad_record" not in rows[0] and {"event_id_cnty", "admin1", "location", "fatalities"} <= set(rows[0])
    assert json.loads((tmp_path / "public.json").read_text())["format"] == "rasad-incidents-public"
    bad = runner.invoke(app, ["export", "--public", "--format", "jsonl"])
    assert bad.exit_code != 0 and "--public" in bad.output
    with log.read_session() as s:
        audited = [(a.action, a.detail["format"]) for a in s.scalars(select(AuditEvent).where(AuditEvent.action.like("export%")))]
    assert audited.count(("export.public", "acled")) == 1 and len(audited) == 3  # a refused format wrote nothing, audits nothing


def test_the_public_acled_csv_writes_only_rows_acled_can_code(log):
    from rasad.log.exporters import acled_problems

    rows = list(csv.DictReader(io.StringIO(_exports(log)["acled"])))
    assert rows
    for row in rows:
        row = {**row, "time_precision": int(row["time_precision"]) if row["time_precision"] else ""}
        assert acled_problems(row) == [], row
        assert not row["event_date"].startswith("-")
    # the log holds incidents ACLED cannot code (the seed's "3rd January" has no year): they are left out
    dates = [rec.get("date") or "" for rec in public_records(log)]
    assert any(not d or d.startswith("-") for d in dates)
    assert len(rows) < len(dates)


def _log_of(store, *items):
    """A log of these incident-report dicts (no report behind them), merged; its incidents."""
    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row

    with store.session() as s:
        for n, item in enumerate(items):
            s.add(incident_report_row(item, pipeline_version="t", source_key=f"t:{n}"))
    merge_pending(store)
    return list_incidents(store)


def test_a_victim_is_marked_public_and_withheld_again_from_the_command_line(store, store_url, monkeypatch):  # noqa: F811
    """Who may be named was editable only in the web's review page; a documenter working in the terminal
    reviews with `rasad review …` and needs the same action, with the same history."""
    (row,) = _log_of(store, {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2026-01-08",
                             "place_name": "Karaj", "province": "Alborz", "victims": [{"name": "Nima Salahpour"}],
                             "counts": {"killed": 1}})
    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    runner = CliRunner()
    who = ["--by", "parisa", "--note", "the family agreed"]
    result = runner.invoke(app, ["review", "public", str(row["id"]), "Nima Salahpour", *who])
    assert result.exit_code == 0, result.output
    assert "Nima Salahpour" in "".join(_exports(store).values())
    result = runner.invoke(app, ["review", "public", str(row["id"]), "Nima Salahpour", "--withhold", *who])
    assert result.exit_code == 0, result.output
    assert "Nima Salahpour" not in "".join(_exports(store).values())
    actions = [e["action"] for e in incident_detail(store, row["id"])["history"]]
    assert actions == ["name_public", "name_withheld"]
    wrong = runner.invoke(app, ["review", "public", str(row["id"]), "Someone Else", *who])
    assert wrong.exit_code == 1 and "no victim named" in wrong.output


def test_the_public_acled_export_counts_what_it_wrote_and_says_what_it_left_out(store, store_url, tmp_path,  # noqa: F811
                                                                                monkeypatch):
    """`rasad export --public --out X.csv` said "exported 2 incident(s)" for a file of one row: the row ACLED
    cannot code was dropped without a word. It goes, redacted like the rest, to X.uncoded.csv with the reason."""
    base = {"event_type": "Violence against civilians", "sub_type": "Attack", "place_name": "Karaj",
            "province": "Alborz", "victims": [{"name": "Nima Salahpour"}], "counts": {"killed": 1}}
    _log_of(store, dict(base, date="2026-01-08", date_precision="day"),
            dict(base, place_name="Rasht", province="Gilan", victims=[{"name": "Kamran Ahmadi"}]))  # no date
    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    monkeypatch.setenv("COLUMNS", "400")
    out = tmp_path / "public.csv"
    result = CliRunner().invoke(app, ["export", "--public", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "exported 1 incident(s)" in result.output and "1 incident(s) cannot be coded" in result.output
    side = (tmp_path / "public.uncoded.csv").read_text(encoding="utf-8")
    assert "no event date" in side and "Gilan" in side
    assert "Kamran Ahmadi" not in side and "Nima Salahpour" not in out.read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "public.csv.manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == ["public.csv", "public.uncoded.csv"]


def test_a_persian_name_is_found_whatever_its_yeh_kaf_or_spacing(store):  # noqa: F811
    """Typed on an Arabic keyboard (ي, ك) or with a double space, the victim's Persian name was "no victim named
    …": Persian names had no folded key, only the exact text."""
    (row,) = _log_of(store, {"event_type": "Protests", "sub_type": "Excessive force against protesters",
                             "date": "2022-09-21", "place_name": "Saqqez", "province": "Kurdistan",
                             "victims": [{"name": "آرین کریمی"}], "counts": {"killed": 1}})
    review.set_victim_public(store, row["id"], "آرين  كريمي", True, by="parisa", note="the family agreed")
    assert "آرین کریمی" in "".join(_exports(store).values())
    assert [v["public"] for v in incident_detail(store, row["id"])["victims_detail"]] == [True]
