"""Listing incidents: one filter (rasad.log.queries.IncidentFilter) becomes SQL for `rasad incidents`,
`rasad export`, the web table, its downloads and search. On a real log (sample reports ingested with
`rasad ingest`, the Javidnam registry sample imported, accounts from sources of two independence
groups merged), every filter and sort gives the rows, in the order, that the web table gave when it
filtered and sorted in Python: the reference below is that code, kept here as the specification."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import and_, exists, select
from sqlalchemy import text as sa_text
from test_web_support import build_log, sign_in
from typer.testing import CliRunner

from conftest_store import BACKENDS, backend_url, store, store_url  # noqa: F401 - fixtures
from rasad.log.importers import import_file
from rasad.log.queries import (
    SORT_COLUMNS,
    FilterError,
    IncidentFilter,
    count_incidents,
    incident_summary,
    list_incidents,
    search_incidents,
)
from rasad.store import date_bounds, open_store
from rasad.store.schema import IncidentLink, IncidentRow

ROOT = Path(__file__).resolve().parents[1]
ACCOUNTS = ROOT / "samples" / "victims" / "victim-accounts.jsonl"
JAVIDNAM = ROOT / "samples" / "javidnam" / "javidnam.csv"
SORTS = list(SORT_COLUMNS)
SUMMARY_KEYS = ("id", "status", "title", "event_type", "sub_type", "date", "date_precision", "place_name", "province",
                "country", "geonameid", "lat", "lon", "fatalities", "victims", "corroboration", "source_groups",
                "conflicts")


def rasad(url: str, *args: str):
    """Run a `rasad` command on the log at ``url``."""
    from rasad.cli import _load_commands, app

    _load_commands()
    return CliRunner().invoke(app, list(args), env={"RASAD_DATABASE_URL": url})


# The filters are SQL: the same on an encrypted log (the store's own tests cover SQLCipher); not run a third time.
QUERY_BACKENDS = [b for b in BACKENDS if getattr(b, "values", (b,))[0] != "sqlcipher"]


@pytest.fixture(scope="module", params=QUERY_BACKENDS)
def log_url(request, tmp_path_factory):
    """A database URL for the module's log: SQLite, and PostgreSQL when RASAD_TEST_DATABASE_URL is set."""
    with backend_url(request.param, tmp_path_factory.mktemp("listing")) as url:
        yield url


@pytest.fixture(scope="module")
def log(log_url, tmp_path_factory):
    """The web tests' log (two incidents, sources of two groups, one conflicting toll), then 30 victim
    accounts ingested as reports with the CLI, then the Javidnam sample (5,202 rows) imported."""
    folder = tmp_path_factory.mktemp("reports")
    url = log_url
    store, ids = build_log(url)
    reports = folder / "reports"
    reports.mkdir()
    for line in ACCOUNTS.read_text(encoding="utf-8").splitlines()[:30]:
        item = json.loads(line)
        (reports / f"{item['id']}.txt").write_text(item["text"], encoding="utf-8")
    result = rasad(url, "ingest", str(reports))
    assert result.exit_code == 0, result.output
    import_file(store, "javidnam", JAVIDNAM)
    yield store, url, ids
    store.close()


@pytest.fixture(scope="module")
def log_rows(log) -> list[dict]:
    """Every incident of the log with an active account: its summary and the columns filters read."""
    store = log[0]
    with store.read_session() as s:
        active = exists().where(and_(IncidentLink.incident_id == IncidentRow.id, IncidentLink.active))
        rows = [{**incident_summary(r), **{c.key: getattr(r, c.key) for c in SORT_COLUMNS.values()},
                 "date_end": r.date_end, "sub_type": r.sub_type, "victims_json": json.dumps(r.victims)}
                for r in s.scalars(select(IncidentRow).where(active))]
    return rows


def reference(rows: list[dict], f: IncidentFilter) -> list[dict]:
    """The incident table before its filters became SQL: the log's rows, newest first; filters and
    sorting applied in Python; rows without the sort value last, in the log's order. ("date" sorts by
    the first day the date can mean, as the table's default order always did.)"""
    # the log's own order: date_start descending, undated last, newer ids first
    dated = sorted((r for r in rows if r["date_start"] is not None), key=lambda r: (r["date_start"], r["id"]),
                   reverse=True)
    rows = dated + sorted((r for r in rows if r["date_start"] is None), key=lambda r: r["id"], reverse=True)

    def keep(r: dict) -> bool:
        if f.event_type and f.event_type.lower() not in ((r["event_type"] or "").lower(), (r["sub_type"] or "").lower()):
            return False
        if f.date_from and not (r["date_end"] is not None and r["date_end"] >= date_bounds(f.date_from)[0]):
            return False
        if f.date_to and not (r["date_start"] is not None and r["date_start"] <= date_bounds(f.date_to)[1]):
            return False
        if f.province and (r["province"] or "").lower() != f.province.lower():
            return False
        if f.status and r["status"] != f.status:
            return False
        if f.source_group and f.source_group not in r["source_groups"]:
            return False
        if f.min_corroboration is not None and (r["corroboration"] or 0) < f.min_corroboration:
            return False
        if f.text:
            haystack = [r["title"], r["place_name"], r["province"], r["event_type"], r["sub_type"], r["victims_json"]]
            return any(f.text.lower() in (h or "").lower() for h in haystack)
        return True

    key = SORT_COLUMNS[f.sort].key
    present = [r for r in rows if keep(r) and r[key] is not None]
    missing = [r for r in rows if keep(r) and r[key] is None]
    present.sort(key=lambda r: (r[key], r["id"]), reverse=f.order == "desc")
    return [{k: r[k] for k in SUMMARY_KEYS} for r in present + missing]


FILTERS = [
    {},
    {"province": "tehran"},
    {"province": "Kurdistan", "date_from": "2022-10", "date_to": "2022-11-15"},
    {"date_from": "2022", "date_to": "2022"},
    {"date_to": "2019-12-31"},
    {"event_type": "protests"},
    {"event_type": "Protest with intervention"},
    {"status": "unreviewed", "province": "Isfahan"},
    {"source_group": "irib-irna"},
    {"source_group": "javidnam", "province": "Sistan and Baluchestan"},
    {"min_corroboration": 2},
    {"min_corroboration": 0, "date_from": "2022-09-16", "date_to": "2022-09-30"},
    {"text": "Zahedan"},
    {"text": "kian"},
]


@pytest.mark.parametrize("fields", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
def test_every_filter_and_sort_gives_the_rows_and_order_the_python_table_gave(log, log_rows, fields):
    store, _url, _ids = log
    for sort in SORTS:
        for order in ("asc", "desc"):
            f = IncidentFilter(**fields, sort=sort, order=order, limit=None)
            expected = reference(log_rows, f)
            assert list_incidents(store, f) == expected, (sort, order)
            assert count_incidents(store, f) == len(expected)
    assert expected, "each filter selects something in the sample log"


def test_pages_are_slices_of_one_order_even_among_equal_values(log):
    store, _url, _ids = log
    for sort in ("province", "status", "fatalities", "date"):
        whole = list_incidents(store, IncidentFilter(sort=sort, order="asc", limit=None))
        pages = [list_incidents(store, IncidentFilter(sort=sort, order="asc", limit=1000, offset=n))
                 for n in range(0, len(whole), 1000)]
        assert [r["id"] for page in pages for r in page] == [r["id"] for r in whole], sort


def test_the_cli_and_the_web_table_list_what_the_library_lists(log):
    store, url, _ids = log
    f = IncidentFilter(province="Tehran", date_from="2022-09", sort="fatalities", order="desc", limit=100)
    expected = [r["id"] for r in list_incidents(store, f)]
    result = rasad(url, "incidents", "--province", "Tehran", "--from", "2022-09", "--sort", "fatalities", "--limit", "100",
                   "--json")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected
    from rasad.web import create_app

    client = TestClient(create_app(store))
    assert sign_in(client, "viewer").status_code == 303
    page = client.get("/incidents", params={"province": "Tehran", "date_from": "2022-09", "sort": "fatalities",
                                            "format": "json"}).json()
    assert [r["id"] for r in page["incidents"]] == expected
    assert page["total"] == count_incidents(store, f) and page["has_next"] == (page["total"] > 100)
    second = client.get("/incidents", params={"province": "Tehran", "date_from": "2022-09", "sort": "fatalities",
                                              "page": 2, "format": "json"}).json()
    assert [r["id"] for r in second["incidents"]] == [r["id"] for r in list_incidents(store, f.replace(offset=100))]


def test_downloads_hold_the_filter_in_the_table_order_and_the_cli_export_writes_the_same_bytes(log, tmp_path):
    store, url, _ids = log
    from rasad.web import create_app

    client = TestClient(create_app(store))
    assert sign_in(client, "viewer").status_code == 303
    params = {"province": "Kurdistan", "sort": "date", "order": "asc"}
    table = [r["id"] for r in list_incidents(store, IncidentFilter(province="Kurdistan", sort="date", order="asc",
                                                                   limit=None))]
    rows = list(csv.DictReader(io.StringIO(client.get("/incidents/export.csv", params=params).text)))
    # the ACLED CSV holds the incidents ACLED can code, in the table's order; the others (no date with its year,
    # no place) are what `rasad export --out` writes to its side file
    from rasad.log.exporters import Uncoded, export

    written = [int(r["rasad_incident_id"]) for r in rows]
    assert written == [i for i in table if i in set(written)] and written
    uncoded = Uncoded()
    export(store, "acled", io.StringIO(), where=IncidentFilter(province="Kurdistan", sort="date", order="asc",
                                                               limit=None), uncoded=uncoded)
    assert sorted(written + [json.loads(u["rasad_record"])["id"] for u in uncoded.rows]) == sorted(table)
    geo = client.get("/incidents/export.geojson", params=params)
    assert geo.headers["content-type"] == "application/geo+json"
    assert [feature["id"] for feature in geo.json()["features"]] == table
    document = client.get("/incidents/export.json", params=params)
    assert 'filename="rasad-incidents.json"' in document.headers["content-disposition"]
    assert [rec["id"] for rec in document.json()["incidents"]] == table
    # the web download and `rasad export` of one filter are one writer: the same bytes
    out = tmp_path / "kurdistan.geojson"
    result = rasad(url, "export", "--format", "geojson", "--province", "Kurdistan", "--sort", "date", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert geo.content == out.read_bytes()


def test_search_finds_words_in_titles_places_and_victims_and_takes_wildcards_literally(log):
    store, _url, ids = log
    assert [r["id"] for r in search_incidents(store, "Pirfalak")] == [ids["izeh"]]
    assert "Faizeh Hosseini-Nejad" in [name for r in search_incidents(store, "izeh") for name in r["victims"]]
    assert search_incidents(store, "%") == [] and search_incidents(store, "Pir_alak") == []
    assert search_incidents(store, "Ize_") == [] and search_incidents(store, "I%h") == []
    assert search_incidents(store, "   ") == []


def test_the_source_filter_finds_source_ids_publishers_and_key_prefixes(log, log_rows):
    store, _url, ids = log
    assert [r["id"] for r in list_incidents(store, source="IRNA")] == [ids["izeh"]]
    assert {r["id"] for r in list_incidents(store, source="hengaw")} == {ids["izeh"], ids["zahedan"]}
    assert count_incidents(store, source="javidnam") == sum("javidnam" in r["source_groups"] for r in log_rows) > 5000
    assert count_incidents(store, source="javid%") == 0  # a wildcard is a character, not a pattern


@pytest.mark.parametrize("fields, message", [
    ({"date_from": "yesterday"}, "date from: 'yesterday' is not a date"),
    ({"date_to": "2022-02-30"}, "date to: '2022-02-30' is not a date"),
    ({"status": "approved"}, "status: 'approved' is not one of unreviewed, confirmed, disputed, rejected"),
    ({"sort": "title"}, "sort: 'title' is not one of"),
    ({"order": "up"}, "order: 'up' is not asc or desc"),
    ({"min_corroboration": -1}, "min corroboration"),
])
def test_a_bad_filter_value_is_one_line_that_says_which(fields, message):
    with pytest.raises(FilterError, match=message):
        IncidentFilter(**fields)


@pytest.mark.parametrize("args, message", [
    (["incidents", "--from", "yesterday"], "date from: 'yesterday' is not a date"),
    (["incidents", "--status", "approved"], "status: 'approved' is not one of"),
    (["export", "--status", "approved"], "status: 'approved' is not one of"),
])
def test_the_cli_prints_a_bad_filter_value_as_one_line_without_a_traceback(tmp_path, args, message):
    result = rasad(f"sqlite:///{tmp_path / 'log.db'}", *args)
    assert result.exit_code == 1 and isinstance(result.exception, (SystemExit, type(None)))
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_empty_form_fields_mean_any():
    assert IncidentFilter(event_type="", status="", date_from=" ", text="") == IncidentFilter()


def test_source_groups_and_wildcards_on_either_database(store):  # noqa: F811 - SQLite, and PostgreSQL when set
    from rasad.log.service import merge_pending
    from rasad.store.db import incident_report_row

    place = {"name": "Izeh", "province": "Khuzestan", "country": "IR"}
    with store.session() as s:
        for key, title in (("a100%_:1", "a"), ("hengaw:1", "b")):
            s.add(incident_report_row({"event_type": "Protests", "date": "2022-11-16", "date_precision": "day",
                                       "place": place, "victims": [{"name": f"Name {title}"}]},
                                      pipeline_version="test", source_key=key))
    merge_pending(store)
    everything = list_incidents(store, limit=None)
    assert count_incidents(store) == len(everything) >= 1
    groups = {g for r in everything for g in r["source_groups"]}
    for group in groups:
        assert {r["id"] for r in list_incidents(store, source_group=group)} == \
            {r["id"] for r in everything if group in r["source_groups"]}
    assert list_incidents(store, source_group=next(iter(groups))[:-1]) == []  # the whole name, not a part
    assert count_incidents(store, source="a100%_") >= 1 and count_incidents(store, source="a1") == 0
    assert count_incidents(store, text="100%") == 0


def _incidents(store, rows) -> list[int]:  # noqa: F811
    """Incidents written as rows (type, sub-type, province, day), without accounts: listed with include_empty."""
    with store.session() as s:
        made = [IncidentRow(status="unreviewed", event_type=t, sub_type=sub, province=province, date=day,
                            date_precision="day", date_start=date_bounds(day)[0], date_end=date_bounds(day)[1])
                for t, sub, province, day in rows]
        s.add_all(made)
        s.flush()
        return [row.id for row in made]


def test_a_type_filter_matches_either_type_column_in_any_case(store):  # noqa: F811 - SQLite, SQLCipher, PostgreSQL
    """The listing compares one type column when only one holds the value (SQLite: so that an index serves
    it): the rows are those of ``lower(event_type) = t OR lower(sub_type) = t`` whichever column holds it,
    both, or neither."""
    a, b, c, d = _incidents(store, [("Riots", "Mob violence", "Tehran", "2022-10-01"),
                                    ("Protests", "RIOTS", "Kurdistan", "2022-10-03"),  # the word as a sub-type too
                                    ("riots", None, "kurdistan", "2022-10-02"),
                                    ("Battles", "Armed clash", "Tehran", "2022-10-04")])

    def ids(**fields) -> list[int]:
        f = IncidentFilter(include_empty=True, limit=None, **fields)
        listed = [r["id"] for r in list_incidents(store, f)]
        assert count_incidents(store, f) == len(listed)
        return listed

    assert ids(event_type="rIOTS") == [b, c, a]  # a type and a sub-type, any case, newest first
    assert ids(event_type="mob VIOLENCE") == [a]  # a sub-type only
    assert ids(event_type="Battles") == [d]  # a type only
    assert ids(event_type="Battles", province="TEHRAN") == [d]
    assert ids(event_type="riots", province="Kurdistan", date_from="2022-10", date_to="2022-10") == [b, c]
    assert ids(event_type="Sexual violence") == []  # held by neither


def test_sqlite_reads_a_filtered_page_through_an_index_not_every_incident(tmp_path):
    """A type, a province, or both, with a date range: the page is read from an index on the lower-cased
    columns in the listing's order (migration 0012), never by walking every incident newest first."""
    from sqlalchemy.dialects import sqlite

    with open_store(f"sqlite:///{tmp_path / 'log.db'}") as store:
        _incidents(store, [(t, sub, p, f"2021-0{m}-1{m}") for m in range(1, 8)
                           for t, sub in (("Protests", "Peaceful protest"), ("Riots", "Mob violence"))
                           for p in ("Tehran", "Gilan", "Fars")])
        for fields in ({"event_type": "riots"}, {"event_type": "mob violence"}, {"province": "gilan"},
                       {"event_type": "Protests", "province": "FARS", "date_from": "2021-02", "date_to": "2021-05"}):
            f = IncidentFilter(limit=50, **fields)
            with store.read_session() as s:
                sql = f.in_session(s).select(IncidentRow.id).compile(dialect=sqlite.dialect(),
                                                                      compile_kwargs={"literal_binds": True})
                plan = [row[-1] for row in s.execute(sa_text(f"EXPLAIN QUERY PLAN {sql}"))]
            assert "USING INDEX ix_incidents_lower_" in plan[0] and "TEMP B-TREE" not in " ".join(plan), (fields, plan)
            assert list_incidents(store, f.replace(include_empty=True)), fields  # no accounts here
