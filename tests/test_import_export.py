"""Import (Javidnam registry, generic CSV with a mapping, JSON lines) and export (ACLED CSV, JSON,
GeoJSON); exporting and importing into an empty log loses nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log import review
from rasad.log.exporters import ACLED_COLUMNS, export
from rasad.log.importers import ImportError_, import_file, jalali_range
from rasad.log.queries import list_incidents
from rasad.log.service import incident_detail

ROOT = Path(__file__).resolve().parents[1]
JAVIDNAM = ROOT / "samples" / "javidnam" / "javidnam.csv"


def registry_sample(tmp_path, ids):
    """A small registry file with the sample's header and BOM, holding the rows with these ids."""
    with JAVIDNAM.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = [r for r in reader if r["id"] in ids]
        fields = reader.fieldnames
    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def test_javidnam_rows_become_incident_reports_with_their_own_source_keys(store, tmp_path):
    path = registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a", "jvn_9abf9d797f"})
    summary = import_file(store, "javidnam", path)
    assert (summary.read, summary.added, summary.bad) == (3, 3, 0)
    incidents = list_incidents(store)
    assert len(incidents) == 3  # rows of one registry are distinct records: never merged together
    by_victim = {i["victims"][0]: i for i in incidents}
    saeed = by_victim["Saeed Zeinali"]
    assert saeed["province"] == "Tehran"  # Persian province name mapped to the English one
    assert saeed["date"] == "1999-07-09"  # no Gregorian date in the row: converted from 1378/04/18
    assert saeed["source_groups"] == ["javidnam"]
    detail = incident_detail(store, saeed["id"])
    assert detail["accounts"][0]["source_key"] == "javidnam:jvn_374ab87e83"
    # a partial Jalali date (1378/04) covers its whole month
    tami = next(i for i in incidents if i["victims"][0] == "تامی حامی فر")
    assert tami["date_precision"] == "month"
    # importing again adds nothing
    again = import_file(store, "javidnam", path)
    assert (again.added, again.skipped) == (0, 3)


def test_jalali_dates_of_any_precision():
    assert jalali_range("۱۴۰۱/۰۶/۳۰") == ("2022-09-21", "2022-09-21", "day")
    assert jalali_range("1378/04") == ("1999-06-22", "1999-07-22", "month")
    assert jalali_range("nonsense") == (None, None, None)


def test_generic_csv_with_a_column_mapping_and_bad_rows(store, tmp_path):
    path = tmp_path / "ngo.csv"
    path.write_text("ref,when,what,where,prov,dead,names\n"
                    "a1,2026-01-08,Violence against civilians,Karaj,Alborz,2,Nima Salahpour; Ali Rezaei\n"
                    ",,,,,,\n"
                    "a3,2026-01-09,Protests,Rasht,Gilan,,\n", encoding="utf-8")
    mapping = {"source_key": "ref", "date": "when", "event_type": "what", "place_name": "where", "province": "prov",
               "killed": "dead", "victims": "names"}
    summary = import_file(store, "csv", path, mapping=mapping)
    assert (summary.read, summary.added, summary.bad) == (3, 2, 1)
    karaj = next(i for i in list_incidents(store) if i["place_name"] == "Karaj")
    assert karaj["fatalities"] == 2 and karaj["victims"] == ["Nima Salahpour", "Ali Rezaei"]


@pytest.mark.parametrize("written,date,precision", [
    ("2026-01-08", "2026-01-08", "day"),
    ("2026-01-08T21:30:00+03:30", "2026-01-08", "day"),
    ("2026/1/8", "2026-01-08", "day"),
    ("2026.01", "2026-01", "month"),
    ("1404/10/18", "2026-01-08", "day"),  # Solar Hijri, as NGOs in Iran write it
    ("۱۴۰۴/۱۰/۱۸", "2026-01-08", "day"),
    ("8 January 2026", "2026-01-08", "day"),
    ("January 8, 2026", "2026-01-08", "day"),
])
def test_a_mapped_csv_date_in_a_common_form_is_read_as_a_date(store, tmp_path, written, date, precision):
    """Dates written "2026/01/09", "1404/10/18" or "9 January 2026" were stored as text that no filter, merge
    or export reads as a date, and the import said nothing (0 bad rows)."""
    path = tmp_path / "ngo.csv"
    path.write_text(f'ref,when,what,where\na1,"{written}",Protests,Rasht\n', encoding="utf-8")
    summary = import_file(store, "csv", path, mapping={"source_key": "ref", "date": "when", "event_type": "what",
                                                       "place_name": "where"})
    assert (summary.added, summary.bad) == (1, 0), summary.problems
    (row,) = list_incidents(store)
    assert (row["date"], incident_detail(store, row["id"])["date_precision"]) == (date, precision)


@pytest.mark.parametrize("written", ["08/01/2026", "yesterday", "2026-13-45"])
def test_a_mapped_csv_date_that_cannot_be_read_is_a_bad_row_with_the_reason(store, tmp_path, written):
    path = tmp_path / "ngo.csv"
    path.write_text(f"ref,when,what\na1,{written},Protests\n", encoding="utf-8")
    summary = import_file(store, "csv", path, mapping={"source_key": "ref", "date": "when", "event_type": "what"})
    assert (summary.added, summary.bad) == (0, 1)
    assert written in summary.problems[0] and "YYYY-MM-DD" in summary.problems[0]


def test_jsonl_import_reports_bad_lines_without_failing(store, tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"source_key": "x:1", "event_type": "Protests", "date": "2026-01-08",
                                "place_name": "Rasht", "province": "Gilan"}) + "\n{not json\n[1, 2]\n", encoding="utf-8")
    summary = import_file(store, "jsonl", path)
    assert (summary.added, summary.bad) == (1, 2)
    assert len(summary.problems) == 2


@pytest.mark.parametrize("bad,why", [
    ({"date": 5}, "date"),
    ({"date": {"value": 7}}, "date"),
    ({"province": ["Tehran"]}, "province"),
    ({"event_type": ["Protests"]}, "event_type"),
    ({"lat": "abc"}, "lat"),
    ({"lat": 1e400}, "lat"),
    ({"lon": 500}, "lon"),
    ({"geonameid": "x"}, "geonameid"),
    ({"counts": [1, 2]}, "counts"),
    ({"victims": "Ali"}, "victims"),
    ({"victims": [{"name": {"x": [1]}}]}, "victims"),
    ({"confidence": "high"}, "confidence"),
    ({"place": {"name": "Rasht", "lat": "north"}}, "place: lat"),
])
def test_jsonl_rows_with_fields_of_the_wrong_kind_are_bad_rows_and_the_log_stays_usable(store, tmp_path, bad, why):
    """A row whose field the log cannot hold (a list for a province, "abc" for a latitude, a non-number for a
    GeoNames id) is a bad row with its reason; before, it failed the whole import with a traceback, or was
    stored and then failed every later merge."""
    from rasad.log.service import merge_pending

    good = {"event_type": "Protests", "date": "2026-01-08", "place_name": "Rasht", "province": "Gilan"}
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps(dict(good, source_key="x:1")) + "\n" + json.dumps(dict(good, source_key="x:2", **bad))
                    + "\n", encoding="utf-8")
    summary = import_file(store, "jsonl", path)
    assert (summary.added, summary.bad) == (1, 1)
    assert why in summary.problems[0] and "line 2" in summary.problems[0]
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(dict(good, source_key="x:3", date="2026-01-20")) + "\n", encoding="utf-8")
    assert import_file(store, "jsonl", later).added == 1
    merge_pending(store)
    assert len(list_incidents(store)) == 2


def test_junk_in_the_free_parts_of_an_imported_row_does_not_stop_merging(store, tmp_path):
    """The row's free-form data (here a list of places) is kept as given; merging reads from it only what
    it can use. A place whose GeoNames id was "x" made every later merge fail."""
    from rasad.log.service import merge_pending

    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"source_key": "x:1", "event_type": "Protests", "date": "2026-01-08",
                                "place_name": "Rasht", "places": [{"geonameid": "x", "name": 5}, "Rasht"]}) + "\n",
                    encoding="utf-8")
    assert import_file(store, "jsonl", path).added == 1
    merge_pending(store)
    assert len(list_incidents(store)) == 1


def test_jsonl_numbers_given_as_text_are_kept_as_numbers(store, tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text(json.dumps({"source_key": "x:1", "event_type": "Protests", "date": "2026-01-08", "lat": " 37.28",
                                "lon": "49.58", "geonameid": "118743", "place_name": "Rasht"}) + "\n", encoding="utf-8")
    assert import_file(store, "jsonl", path).added == 1
    (incident,) = list_incidents(store)
    detail = incident_detail(store, incident["id"])
    assert (detail["lat"], detail["lon"], detail["geonameid"]) == (37.28, 49.58, 118743)


def test_binary_or_missing_files_are_refused_clearly(store, tmp_path):
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ImportError_, match="binary"):
        import_file(store, "csv", binary)
    with pytest.raises(ImportError_, match="no such file"):
        import_file(store, "jsonl", tmp_path / "missing.jsonl")


# --- round trip -----------------------------------------------------------------------------------


def build_log(store, tmp_path):
    """A log with a registry import, a report-derived account merged into one of its incidents,
    conflicting figures, and review history (status, edit, split)."""
    from rasad.log.service import merge_pending
    from rasad.records import Report

    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a"}))
    text = "Saeed Zeinali disappeared after the attack on the university dormitory on 9 July 1999."
    rep = Report(id="a" * 64, sha256="a" * 64, text=text, publisher="Example News", url="https://example.org/1",
                 original=text.encode("utf-8") + b"\x00\xffraw bytes kept")
    store.add_report(rep)
    store.add_incident_reports(rep.id, "t-1", [
        {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "1999-07-09", "date_precision": "day",
         "place_name": "Tehran", "province": "Tehran", "victims": [{"name": "Saeed Zeinali"}], "counts": {"killed": 2}},
        {"event_type": "Protests", "sub_type": "Protest with intervention", "date": "1999-07-09", "date_precision": "day",
         "place_name": "Tehran", "province": "Tehran", "counts": {"participants": "thousands"}},
    ])
    merge_pending(store)
    inc = next(i for i in list_incidents(store) if "Saeed Zeinali" in i["victims"])
    review.set_status(store, inc["id"], "confirm", by="leila", note="registry and press agree")
    review.edit(store, inc["id"], "place_name", "Tehran University dormitory", by="leila", note="named in the report")
    other = next(i for i in list_incidents(store) if "Ezzat Ebrahim-Nejad" in i["victims"])
    review.set_status(store, other["id"], "dispute", by="arash", note="date conversion in doubt")


def snapshot(store):
    """Everything an export carries, without the database's own ids and times of derivation."""
    out = io.StringIO()
    export(store, "jsonl", out)
    recs = [json.loads(line) for line in out.getvalue().splitlines()]

    def clean(rec):
        rec = json.loads(json.dumps(rec))
        for k in ("id", "updated_at"):
            rec.pop(k)
        for ir in rec["incident_reports"]:
            ir.pop("incident_report_id")
            ir["link"]["explanation"].pop("compared_with", None)
        for figs in rec["figures"].values():
            for fig in figs:
                fig.pop("incident_report_id")
        for v in rec["victims"]:
            v.pop("incident_reports")
        for e in rec["review_events"]:
            e.pop("id")
        return rec

    return sorted((clean(r) for r in recs), key=lambda r: json.dumps(r, sort_keys=True))


@pytest.mark.parametrize("fmt,kind,suffix", [("json", "json", ".json"), ("jsonl", "jsonl", ".jsonl"),
                                              ("acled", "csv", ".csv"), ("geojson", "json", ".geojson")])
def test_export_then_import_into_an_empty_log_loses_nothing(store, store_url, tmp_path, fmt, kind, suffix):
    from rasad.store import open_store

    build_log(store, tmp_path)
    before = snapshot(store)
    assert len(before) == 3 and any(r["status"] == "confirmed" for r in before)
    path = tmp_path / f"export{suffix}"
    with path.open("w", encoding="utf-8", newline="") as f:
        assert export(store, fmt, f) == 3
    # a second, empty log (a fresh SQLite file / PostgreSQL schema)
    drop = None
    if store_url.startswith("sqlite"):
        other = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    else:
        other, drop = _fresh_postgres(store_url)
    try:
        summary = import_file(other, kind, path)
        assert summary.bad == 0
        after = snapshot(other)
        assert after == before
        confirmed = next(r for r in after if r["status"] == "confirmed")
        report = next(ir["report"] for ir in confirmed["incident_reports"] if ir["report"])
        assert report["original_b64"] and report["sha256"] == "a" * 64
        # importing the same export again adds nothing
        assert import_file(other, kind, path).skipped == 3
    finally:
        other.close()
        if drop:
            drop()


def test_a_damaged_rasad_export_imports_its_sound_records_and_names_the_others(store, store_url, tmp_path):
    """A Rasad export edited by hand or cut short (an incident report that is a number, a report whose id is
    not text, a latitude "abc", review events that are not objects, an original that is not base64) failed the
    whole import with a traceback; each such record is now a bad row with its reason."""
    from rasad.store import open_store

    build_log(store, tmp_path)
    before = snapshot(store)
    out = io.StringIO()
    export(store, "json", out)
    doc = json.loads(out.getvalue())
    damaged = [
        {"id": "d1", "incident_reports": [5]},
        {"id": "d2", "incident_reports": [{"data": {"lat": "abc"}, "source_key": "k1"}]},
        {"id": "d3", "incident_reports": [{"data": {}, "report": {"id": 7}}]},
        {"id": "d4", "incident_reports": [{"data": {}, "source_key": "k2"}], "review_events": ["x"]},
        {"id": "d5", "incident_reports": [{"data": {}, "report": {"id": "c" * 64, "text": "t", "original_b64": "!!"}}]},
        {"id": "d6", "incident_reports": [{"data": []}], "sources": [3]},
    ]
    doc["incidents"] = damaged[:3] + doc["incidents"] + damaged[3:]
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    other, drop = (open_store(f"sqlite:///{tmp_path / 'empty.db'}"), None) if store_url.startswith("sqlite") \
        else _fresh_postgres(store_url)
    try:
        summary = import_file(other, "json", path)
        assert (summary.read, summary.bad) == (9, 6)
        assert [p.split(":")[0] for p in summary.problems] == [f"record d{n}" for n in range(1, 7)]
        assert snapshot(other) == before
    finally:
        other.close()
        if drop:
            drop()


def _fresh_postgres(store_url):
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from rasad.store import open_store

    schema = f"rasad_test_{uuid.uuid4().hex[:12]}"
    base = make_url(store_url)
    admin = create_engine(base.set(query={}))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop():
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return open_store(base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)), drop


def test_acled_csv_has_acled_columns_and_codes(store, tmp_path):
    build_log(store, tmp_path)
    out = io.StringIO()
    export(store, "acled", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    saeed = next(r for r in rows if "Saeed Zeinali" in r["tags"])
    assert saeed["event_type"] == "Violence against civilians" and saeed["disorder_type"] == "Political violence"
    assert saeed["civilian_targeting"] == "Civilian targeting"
    assert (saeed["country"], saeed["iso"], saeed["admin1"]) == ("Iran", "364", "Tehran")
    assert saeed["inter2"] == "7" and saeed["time_precision"] == "1"
    assert saeed["fatalities"] == "1"  # conservative: the registry's 1 against the press's 2
    assert "Conflicting figures" in saeed["notes"]


def test_geojson_is_a_feature_collection_with_points(store, tmp_path):
    build_log(store, tmp_path)
    out = io.StringIO()
    export(store, "geojson", out)
    doc = json.loads(out.getvalue())
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 3
    located = [f for f in doc["features"] if f["geometry"]]
    assert located and all(f["geometry"]["type"] == "Point" and len(f["geometry"]["coordinates"]) == 2 for f in located)


def test_the_commands_import_list_review_and_export(store_url, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    runner = CliRunner()
    path = registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a"})
    res = runner.invoke(app, ["import", "javidnam", str(path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["added"] == 2
    res = runner.invoke(app, ["incidents", "--province", "Tehran", "--source", "javidnam", "--json"])
    rows = json.loads(res.output)
    assert len(rows) == 2
    res = runner.invoke(app, ["review", "confirm", str(rows[0]["id"]), "--by", "leila"])
    assert res.exit_code != 0  # --note is required
    res = runner.invoke(app, ["review", "confirm", str(rows[0]["id"]), "--by", "leila", "--note", "checked"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["incident", str(rows[0]["id"]), "--json"])
    assert json.loads(res.output)["history"][0]["action"] == "confirm"
    out = tmp_path / "log.geojson"
    res = runner.invoke(app, ["export", "--format", "geojson", "--out", str(out)])
    assert res.exit_code == 0 and len(json.loads(out.read_text())["features"]) == 2


def test_the_incident_command_shows_each_account_s_figures_as_figures(store, store_url, tmp_path, monkeypatch):
    """An account's figures printed as Python dicts ("killed {'min': 3, 'max': None, 'text': 'دست\\u200cکم سه'}"),
    the Persian words with their zero-width non-joiner escaped."""
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app
    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row

    with store.session() as s:
        s.add(incident_report_row({"event_type": "Protests", "sub_type": "Excessive force against protesters",
                                   "date": "2022-09-21", "place_name": "Saqqez", "province": "Kurdistan",
                                   "counts": {"killed": {"min": 3, "max": None, "text": "دست\u200cکم سه"},
                                              "injured": {"min": 20, "max": 30, "text": "20 to 30"},
                                              "arrested": 12, "participants": None}},
                                  pipeline_version="t", source_key="t:1"))
    merge_pending(store)
    (row,) = list_incidents(store)
    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    monkeypatch.setenv("COLUMNS", "400")
    res = CliRunner().invoke(app, ["incident", str(row["id"])])
    assert res.exit_code == 0, res.output
    assert "{'min'" not in res.output and "\\u200c" not in res.output
    assert "killed ≥3 (دست\u200cکم سه)" in res.output
    assert "injured 20–30" in res.output and "arrested 12" in res.output
