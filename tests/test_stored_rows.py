"""A log that an older version let hold a malformed incident report (counts as a list or a text, a GeoNames id
"x", a date in free text, a province that is none, victims as one text, a data that is no record) is merged,
shown, listed, exported and counted like any other (issue 21): the malformed field is absent for that
purpose and named, the good rows merge exactly as without it, and the stored row is never changed.

The rows are written straight into the database, past the importer (which now refuses them)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import text

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log.exporters import export
from rasad.log.importers import import_file
from rasad.log.queries import list_incidents
from rasad.log.service import incident_detail, merge_pending
from rasad.log.stored import read_incident_report

GOOD = [
    {"source_key": "ngo:1", "event_type": "Violence against civilians", "date": "2026-01-08", "place_name": "Karaj",
     "province": "Alborz", "counts": {"killed": 2}, "victims": [{"name": "Nima Salahpour"}]},
    {"source_key": "wire:1", "event_type": "Violence against civilians", "date": "2026-01-08", "place_name": "Karaj",
     "province": "Alborz", "counts": {"killed": 3}, "victims": [{"name": "Nima Salahpour"}]},
    {"source_key": "ngo:2", "event_type": "Protests", "date": "2026-01-09", "place_name": "Rasht", "province": "Gilan"},
]

# One field not of its kind per row (None: the row's columns as a good one's, in Tabriz: never the good rows' incident).
# SQLite keeps a text in an integer or real column; PostgreSQL refuses it, so those rows are SQLite's alone.
MALFORMED = {
    "counts-list": {"counts": "[2, 5]"},
    "counts-text": {"counts": '"3 killed"'},
    "counts-number": {"counts": "7"},
    "counts-inner": {"counts": '{"killed": {"x": 1}, "injured": "many", "arrested": 4}'},
    "date-text": {"date": "yesterday", "date_precision": "sometime", "date_start": None, "date_end": None},
    "province": {"province": "Gotham"},
    "victims-text": {"victims": '"Ali Karimi"'},
    "victims-odd": {"victims": '[5, {"name": 7}, ["x"], "Reza Karimi"]'},
    "evidence": {"evidence": '"a sentence"'},
    "data-list": {"data": "[1, 2]"},
    "data-parts": {"data": '{"place": "Tabriz", "places": {"a": 1}, "place_aliases": 7, "date": 5, "registry": "x",'
                           ' "actors": "y", "cause": 4, "geo_precision": [1]}'},
    "geonameid": {"geonameid": "x"},
    "latlon": {"lat": "north", "lon": "500"},
    "confidence": {"confidence": "high"},
}
SQLITE_ONLY = {"geonameid", "latlon", "confidence"}

INSERT = """INSERT INTO incident_reports (source_key, pipeline_version, ordinal, event_type, date, date_precision,
 date_start, date_end, place_name, geonameid, province, country, lat, lon, counts, victims, evidence, confidence,
 background, data, created_at) VALUES (:source_key, 'import-0', 0, :event_type, :date, :date_precision, :date_start,
 :date_end, :place_name, :geonameid, :province, 'IR', :lat, :lon, {counts}, {victims}, {evidence}, :confidence,
 false, {data}, :created_at)"""


def _good_log(store, tmp_path) -> None:
    path = tmp_path / "good.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in GOOD), encoding="utf-8")
    assert import_file(store, "jsonl", path).added == len(GOOD)


def _write_malformed(store) -> list[str]:
    pg = store.backend == "postgresql"
    sql = INSERT.format(**{c: f"CAST(:{c} AS json)" if pg else f":{c}" for c in ("counts", "victims", "evidence", "data")})
    keys = []
    with store.session() as s:
        for name, fields in MALFORMED.items():
            if pg and name in SQLITE_ONLY:
                continue
            row = {"source_key": f"old:{name}", "event_type": "Violence against civilians", "date": "2026-02-01",
                   "date_precision": "day", "date_start": dt.date(2026, 2, 1), "date_end": dt.date(2026, 2, 1),
                   "place_name": "Tabriz", "geonameid": None, "province": "East Azerbaijan", "lat": None, "lon": None,
                   "counts": '{"killed": 1}', "victims": '[{"name": "Hamid Tabrizi"}]', "evidence": "[]",
                   "confidence": None, "data": "{}", "created_at": dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)}
            row.update(fields)
            s.execute(text(sql), row)
            keys.append(row["source_key"])
    return keys


def _stored(store, keys: list[str]) -> list[tuple]:
    with store.read_session() as s:
        return [tuple(r) for r in s.execute(text(
            "SELECT * FROM incident_reports WHERE source_key LIKE 'old:%' ORDER BY id"))]


def _good_incidents(store) -> list[tuple]:
    return sorted((i["event_type"], i["date"], i["place_name"], i["fatalities"], i["corroboration"],
                   tuple(i["victims"])) for i in list_incidents(store) if i["place_name"] in ("Karaj", "Rasht"))


@pytest.fixture
def good_only(tmp_path_factory):
    """What the good rows become in a log without the malformed ones (SQLite)."""
    from rasad.store import open_store

    folder = tmp_path_factory.mktemp("good")
    with open_store(f"sqlite:///{folder / 'log.db'}") as st:
        _good_log(st, folder)
        merge_pending(st)
        return _good_incidents(st), {k: incident_detail(st, i["id"])["figures"] for i in list_incidents(st)
                                     for k in [i["place_name"]]}


def test_a_log_with_malformed_rows_merges_shows_lists_exports_and_counts(store, tmp_path, good_only):
    _good_log(store, tmp_path)
    keys = _write_malformed(store)
    before = _stored(store, keys)
    totals = merge_pending(store)
    assert totals["incident_reports"] == len(keys)
    assert 0 < totals["unreadable"] < len(keys)  # evidence, confidence: not read by the merge  # every malformed row has its link: none dropped
    assert _good_incidents(store) == good_only[0]  # the good rows merged exactly as without them
    incidents = list_incidents(store, limit=100)
    for inc in incidents:
        detail = incident_detail(store, inc["id"])
        if inc["place_name"] in good_only[1]:
            assert detail["figures"] == good_only[1][inc["place_name"]]
    tabriz = [i for i in incidents if i["place_name"] == "Tabriz"]
    assert sum(len(incident_detail(store, i["id"])["accounts"]) for i in tabriz) == len(keys)
    # each malformed field is named on the incident page's account and in the merge's explanation
    accounts = {a["source_key"]: a for i in tabriz for a in incident_detail(store, i["id"])["accounts"]}
    assert set(accounts["old:counts-list"]["unreadable"]) == {"counts"}
    assert accounts["old:counts-list"]["counts"] == {}
    assert accounts["old:counts-inner"]["counts"] == {"arrested": 4}
    assert set(accounts["old:date-text"]["unreadable"]) == {"date"} and accounts["old:date-text"]["date"] is None
    assert set(accounts["old:province"]["unreadable"]) == {"province"}
    assert accounts["old:victims-odd"]["victims"] == ["Reza Karimi"]
    assert "unreadable" in accounts["old:counts-text"]["link"]["explanation"]
    # every export format writes every incident
    for fmt in ("json", "jsonl", "acled", "geojson"):
        out = io.StringIO()
        export(store, fmt, out)
        assert out.getvalue()
    records = [json.loads(line) for line in _export(store, "jsonl").splitlines()]
    reports = {r["source_key"]: r for rec in records for r in rec["incident_reports"]}
    assert reports["old:data-list"]["data"] == {} and reports["old:data-list"]["data_as_stored"] == [1, 2]
    assert reports["old:counts-list"]["unreadable"]["counts"]
    assert "unreadable" not in reports["ngo:1"]
    assert store.stats()["incident_reports"] == len(GOOD) + len(keys)
    assert _stored(store, keys) == before  # nothing of a malformed row changed in storage


def _export(store, fmt: str) -> str:
    out = io.StringIO()
    export(store, fmt, out)
    return out.getvalue()


def test_the_pages_and_commands_show_a_log_with_malformed_rows(store_url, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient
    from test_web_support import PASSWORD, sign_in
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app
    from rasad.store import open_store
    from rasad.web import auth, create_app

    with open_store(store_url) as st:
        _good_log(st, tmp_path)
        _write_malformed(st)
        with st.session() as s:
            auth.create_user(s, "reader", PASSWORD, role="viewer")
        ids = [i["id"] for i in list_incidents(st, limit=100)]
        web = TestClient(create_app(st))
        assert sign_in(web, "reader").status_code == 303
        _load_commands()
        monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
        runner = CliRunner()
        res = runner.invoke(app, ["merge"])
        assert res.exit_code == 0, res.output
        assert "cannot read" in res.output  # the rows with an unreadable field are counted
        ids = [i["id"] for i in list_incidents(st, limit=100)]
        for path in ["/incidents", "/", "/incidents/export.csv", "/incidents?format=json",
                     *[f"/incidents/{i}" for i in ids], *[f"/incidents/{i}?format=json" for i in ids]]:
            response = web.get(path)
            assert response.status_code == 200, (path, response.text[:500])
        tabriz = next(i for i in list_incidents(st, limit=100) if i["place_name"] == "Tabriz")
        page = web.get(f"/incidents/{tabriz['id']}").text
        assert "not read" in page  # the account's unreadable fields are named
    for args in (["incidents"], ["incident", str(tabriz["id"])], ["stats"], ["stats", "--json"],
                 ["export", "--out", str(tmp_path / "x.csv")], ["export", "--format", "json", "--out", str(tmp_path / "x.json")],
                 ["export", "--public", "--out", str(tmp_path / "p.csv")]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0, (args, res.output)


def test_a_row_read_back_names_what_it_could_not_read():
    class Row:
        id = 1
        counts = [2, 5]
        geonameid = "x"
        date = "yesterday"
        province = "Gotham"
        victims = "Ali"
        data = {"places": {"a": 1}, "place_aliases": 7, "registry": "x"}
        lat = "north"

    ir = read_incident_report(Row())
    assert (ir.counts, ir.geonameid, ir.date, ir.province, ir.victims, ir.lat) == ({}, None, None, None, [], None)
    assert set(ir.problems) == {"counts", "geonameid", "date", "province", "victims", "lat", "data.places",
                                "data.place_aliases"}
    good = read_incident_report(type("Good", (), {"id": 2, "counts": {"killed": "3"}, "geonameid": "418863",
                                                  "date": "--01-08", "province": "Tehran", "country": None})())
    assert (good.counts, good.geonameid, good.date, good.province, good.problems) == (
        {"killed": "3"}, 418863, "--01-08", "Tehran", {})


def test_the_parallel_merge_links_a_log_with_malformed_rows_as_the_serial_one(tmp_path, local_ray):
    from rasad.log.parallel_merge import link_groups, merge_parallel
    from rasad.store import open_store

    groups = []
    for name, merge in (("serial", merge_pending), ("parallel", lambda st: merge_parallel(st, workers=2, partitions=3))):
        folder = tmp_path / name
        folder.mkdir()
        with open_store(f"sqlite:///{folder / 'log.db'}") as st:
            _good_log(st, folder)
            keys = _write_malformed(st)
            before = _stored(st, keys)
            assert merge(st)["incident_reports"] == len(keys)
            assert _stored(st, keys) == before
            groups.append(link_groups(st))
            explained = [a["link"]["explanation"] for i in list_incidents(st, limit=100) if i["place_name"] == "Tabriz"
                         for a in incident_detail(st, i["id"])["accounts"] if a["source_key"] == "old:counts-list"]
            assert explained and "counts" in explained[0]["unreadable"]
    assert groups[0] == groups[1]
