"""The ACLED export as a coder delivers it (issue 19): only rows ACLED can code (a real event_date with its
year, time_precision 1-3, admin1 one of Iran's 31 provinces or blank, a location by its GeoNames ASCII name),
the others in a side file with the reason; the registry import maps provinces and sends junk and places
abroad to their country or to unknown, with a flag. The registry rows here are written for the test (the
javidnam header, names made up)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log.exporters import ACLED_COLUMNS, UNCODED_COLUMN, Uncoded, export, iran_provinces
from rasad.log.importers import _resolve_place, import_file

HEADER = ["id", "name", "name_en", "event", "gender", "age", "birth_year", "date_jalali", "date_gregorian", "city",
          "province", "cause", "occupation", "notable", "verification", "sources"]
ROWS = [  # id, name_en, date_jalali, date_gregorian, city, province
    ("jvn_t01", "Test One", "1401/07/08", "2022-09-30", "ایذه", "خوزستان"),  # Izeh, not Īz̄eh
    ("jvn_t02", "Test Two", "", "", "تهران", "تهران"),  # no date: not codable
    ("jvn_t03", "Test Three", "1401/08", "", "سنندج", "کردستان"),  # a month: time precision 3
    ("jvn_t04", "Test Four", "1401/09/01", "2022-11-22", "", "Karaj"),  # a town given as the province
    ("jvn_t05", "Test Five", "1402/10/18", "2024-01-08", "بغداد", "بغداد"),  # abroad
    ("jvn_t06", "Test Six", "1401/09/02", "2022-11-23", "یک محله ناشناخته", "ن. م"),  # junk: no place at all
    ("jvn_t07", "Test Seven", "1401/09/03", "2022-11-24", "محله ناشناخته", "فارس"),  # unknown town, known province
]


def _registry(tmp_path):
    path = tmp_path / "registry.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=HEADER)
        w.writeheader()
        for rid, name_en, jalali, greg, city, province in ROWS:
            w.writerow({"id": rid, "name": "نام " + rid, "name_en": name_en, "event": "khizesh_1401",
                        "date_jalali": jalali, "date_gregorian": greg, "city": city, "province": province,
                        "notable": "false", "verification": "documented", "sources": "test"})
    return path


def _log(store, tmp_path):
    from rasad.log.service import merge_pending
    from rasad.records import Report

    import_file(store, "javidnam", _registry(tmp_path))
    text = "Security forces killed a man in Saqqez on 3rd January."
    rep = Report(id="b" * 64, sha256="b" * 64, text=text, publisher="Example News")
    store.add_report(rep)
    store.add_incident_reports(rep.id, "t-1", [  # the seed's kind of date: a day without its year
        {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "--01-03", "date_precision": "day",
         "place_name": "Saqqez", "province": "Kurdistan", "country": "IR", "counts": {"killed": 1}}])
    merge_pending(store)


def valid_acled_row(row: dict[str, str]) -> list[str]:
    """The checks of issue 19, written apart from the exporter's own."""
    wrong = []
    try:
        day = dt.date.fromisoformat(row["event_date"])
        if row["year"] != str(day.year):
            wrong.append("year")
    except ValueError:
        wrong.append("event_date")
    if row["time_precision"] not in ("1", "2", "3"):
        wrong.append("time_precision")
    if row["country"] == "Iran" and row["admin1"] not in set(iran_provinces()) | {""}:
        wrong.append("admin1")
    if not row["location"] or not row["location"].isascii():
        wrong.append("location")
    return wrong


def test_only_codable_rows_are_written_and_the_rest_kept_with_the_reason(store, tmp_path):
    assert len(iran_provinces()) == 31
    _log(store, tmp_path)
    out, uncoded = io.StringIO(), Uncoded()
    written = export(store, "acled", out, uncoded=uncoded)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert written == len(rows) == 5 and len(uncoded) == 3
    assert [r for r in rows if valid_acled_row(r)] == []
    reasons = {json.loads(u["rasad_record"])["victims"][0]["name"] if json.loads(u["rasad_record"])["victims"]
               else "seed": u[UNCODED_COLUMN] for u in uncoded.rows}
    assert "no event date with its year" in reasons["Test Two"]
    assert "no event date with its year" in reasons["seed"]  # "3rd January": never '--01-03-01'
    assert "no place" in reasons["Test Six"]
    by_victim = {r["rasad_victims"]: r for r in rows}
    assert by_victim["Test One"]["location"] == "Izeh" and by_victim["Test One"]["admin1"] == "Khuzestan"
    assert (by_victim["Test Three"]["event_date"], by_victim["Test Three"]["time_precision"]) == ("2022-10-23", "3")
    assert (by_victim["Test Four"]["admin1"], by_victim["Test Four"]["location"]) == ("Alborz", "Karaj")
    assert (by_victim["Test Five"]["country"], by_victim["Test Five"]["admin1"]) == ("Iraq", "")
    assert by_victim["Test Five"]["location"] == "Baghdad"
    # a town the gazetteer does not know, in a known province: coded at the capital, geo precision 3
    assert (by_victim["Test Seven"]["location"], by_victim["Test Seven"]["geo_precision"]) == ("Shiraz", "3")


@pytest.mark.parametrize(("city", "province", "expected", "flag"), [
    ("", "Karaj", {"province": "Alborz", "place_en": "Karaj"}, "province-is-a-town"),
    ("", "کرج", {"province": "Alborz", "place_en": "Karaj"}, "province-is-a-town"),
    ("بغداد", "بغداد", {"province": None, "country": "IQ", "place_en": "Baghdad"}, "province-outside-iran"),
    ("تل آویو", "تل آویو", {"province": None, "country": "IL"}, "province-outside-iran"),
    ("", "ن. م", {"province": None}, "province-unknown"),
    ("", "]", {"province": None}, "province-unknown"),
    ("رباط کریم تهران", "تهران", {"province": "Tehran", "place_en": "Robat Karim"}, None),
    ("ایذه", "خوزستان", {"province": "Khuzestan", "place_en": "Izeh"}, None),
])
def test_the_registry_import_maps_provinces_and_flags_the_rest(city, province, expected, flag):
    got = _resolve_place(city or None, province)
    assert {k: got.get(k) for k in expected} == expected
    flags = got.get("place_flags") or []
    assert (flag is None and not flags) or any(f.startswith(flag) for f in flags)


def test_the_command_says_how_many_and_writes_the_side_file(store_url, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app
    from rasad.store import open_store

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    with open_store(store_url) as st:
        _log(st, tmp_path)
    out = tmp_path / "acled.csv"
    res = CliRunner().invoke(app, ["export", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "exported 5 incident(s)" in res.output and "3 incident(s) cannot be coded" in res.output
    side = tmp_path / "acled.uncoded.csv"
    rows = list(csv.DictReader(side.open(encoding="utf-8", newline="")))
    assert len(rows) == 3 and all(r[UNCODED_COLUMN] for r in rows)
    assert all(not valid_acled_row(r) for r in csv.DictReader(out.open(encoding="utf-8", newline="")))
    # the side file is not overwritten without --force
    res = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "other.csv")])
    assert res.exit_code == 0
    (tmp_path / "third.uncoded.csv").write_text("keep", encoding="utf-8")
    res = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "third.csv")])
    assert res.exit_code != 0 and "exists" in res.output


def test_the_manifest_covers_the_side_file_and_a_forced_export_leaves_no_stale_one(store_url, tmp_path, monkeypatch):
    """The side file is part of the delivery (the rows left out, with why) but the manifest hashed only the
    main file; and `--force` over an earlier export whose rows all code kept the earlier side file, which
    then described another export."""
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app
    from rasad.store import open_store

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    with open_store(store_url) as st:
        _log(st, tmp_path)
    out, side = tmp_path / "acled.csv", tmp_path / "acled.uncoded.csv"
    assert CliRunner().invoke(app, ["export", "--out", str(out)]).exit_code == 0
    manifest = json.loads((tmp_path / "acled.csv.manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == ["acled.csv", "acled.uncoded.csv"]
    res = CliRunner().invoke(app, ["verify", "--manifest", str(tmp_path / "acled.csv.manifest.json")])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(app, ["export", "--out", str(out), "--force", "--province", "Khuzestan"])
    assert res.exit_code == 0, res.output
    assert "cannot be coded" not in res.output and not side.exists()
    manifest = json.loads((tmp_path / "acled.csv.manifest.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == ["acled.csv"]
