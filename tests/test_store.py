"""The store: reports keep their original bytes, analyses and incident reports are versioned, review
events are append-only, search finds reports, and SQLite runs with the settings that keep it safe.
Every test runs on SQLite and (with RASAD_TEST_DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import hashlib
import threading

import pytest
import sqlalchemy as sa
from conftest_store import backend_url, store, store_url  # noqa: F401 - fixtures
from sqlalchemy import func, select

from rasad.records import Analysis, Report
from rasad.store import StoreError, date_bounds, open_store
from rasad.store.migrate import current_revision, downgrade, head_revision, upgrade
from rasad.store.schema import (
    AnalysisRow,
    IncidentLink,
    IncidentReportRow,
    IncidentRow,
    ReportRow,
    ReviewEvent,
)


def make_report(text: str, *, original: bytes | None = None, **meta) -> Report:
    data = original if original is not None else text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return Report(id=digest, sha256=digest, text=text, original=data, **meta)


ZAHEDAN = (
    "Security forces opened fire on worshippers in Zahedan on 30 September 2022, "
    "killing at least 66 people, Amnesty International reported."
)


def test_open_store_migrates_a_new_log_to_head(store):
    assert current_revision(store) == head_revision()
    assert store.stats()["reports"] == 0


def test_the_same_bytes_are_stored_once_and_come_back_unmodified(store):
    original = "\ufeffCafé in Tehran\r\n".encode("utf-8") + b"\x00\xff"  # odd bytes survive untouched
    report = make_report("Café in Tehran", original=original, title="Café", publisher="IranWire")
    assert store.add_report(report) is True
    assert store.add_report(report) is False  # re-ingesting the same bytes is a no-op
    back = store.get_report(report.id)
    assert back.original == original
    assert hashlib.sha256(back.original).hexdigest() == back.sha256 == report.id
    assert (back.text, back.title, back.publisher) == ("Café in Tehran", "Café", "IranWire")
    assert store.stats()["reports"] == 1
    assert store.get_report("0" * 64) is None


def test_a_stored_report_cannot_be_modified(store):
    report = make_report(ZAHEDAN)
    store.add_report(report)
    with pytest.raises(sa.exc.DBAPIError):
        with store.session() as s:
            s.execute(sa.update(ReportRow).where(ReportRow.id == report.id).values(original=b"forged"))
    assert store.get_report(report.id).original == ZAHEDAN.encode()


def test_iter_reports_streams_every_report_once(store):
    reports = [make_report(f"Report number {i} from Mashhad.") for i in range(25)]
    for r in reports:
        store.add_report(r)
    seen = [r.id for r in store.iter_reports(page=7)]
    assert sorted(seen) == sorted(r.id for r in reports)
    assert len(seen) == len(set(seen))


def test_a_newer_pipeline_adds_an_analysis_and_keeps_the_old_one(store):
    report = make_report(ZAHEDAN)
    store.add_report(report)
    old = Analysis(pipeline_version="rasad-0.1", report=report, unattributed_share=0.5)
    assert store.add_analysis(old) is True
    assert store.add_analysis(old) is False  # idempotent per (report, pipeline version)
    new = Analysis(pipeline_version="rasad-0.2", report=report, unattributed_share=0.0)
    assert store.add_analysis(new) is True
    assert store.analysis_versions(report.id) == ["rasad-0.1", "rasad-0.2"]
    latest = store.latest_analysis(report.id)
    assert latest.pipeline_version == "rasad-0.2"
    assert latest.report.original == report.original  # the report comes back with the analysis
    assert store.latest_analysis(report.id, "rasad-0.1").unattributed_share == 0.5
    assert store.latest_analysis("f" * 64) is None
    with store.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AnalysisRow)) == 2


def test_incident_reports_keep_the_full_record_and_the_filter_columns(store):
    report = make_report(ZAHEDAN)
    store.add_report(report)
    extracted = [
        {
            "event_type": "Violence against civilians",
            "sub_type": "Attack",
            "date": {"value": "2022-09", "precision": "month"},
            "place": {"name": "Zahedan", "geonameid": 1159301, "province": "Sistan and Baluchestan",
                      "lat": 29.4963, "lon": 60.8629},
            "counts": {"killed": {"min": 66, "max": None, "text": "at least 66"}},
            "victims": [{"name": "Mohammad Eqbal Shahnavazi"}],
            "evidence": [{"start": 0, "end": 40}],
            "claimant": "Amnesty International",
            "confidence": 0.8,
        }
    ]
    ids = store.add_incident_reports(report.id, "rasad-0.1", extracted)
    assert len(ids) == 1
    assert store.add_incident_reports(report.id, "rasad-0.1", extracted) == ids  # idempotent
    with store.read_session() as s:
        row = s.get(IncidentReportRow, ids[0])
        assert (row.event_type, row.province, row.geonameid) == ("Violence against civilians", "Sistan and Baluchestan", 1159301)
        assert (row.date, row.date_precision) == ("2022-09", "month")
        assert (row.date_start.isoformat(), row.date_end.isoformat()) == ("2022-09-01", "2022-09-30")
        assert row.counts["killed"]["min"] == 66
        assert row.claimant == "Amnesty International"
        assert row.data == extracted[0]  # nothing of the extracted record is lost


def test_date_bounds_cover_every_precision():
    assert [d.isoformat() for d in date_bounds("2022-09-30")] == ["2022-09-30", "2022-09-30"]
    assert [d.isoformat() for d in date_bounds("2022-12")] == ["2022-12-01", "2022-12-31"]
    assert [d.isoformat() for d in date_bounds("1401")] == ["1401-01-01", "1401-12-31"]
    assert date_bounds("sometime") == (None, None)
    assert date_bounds(None) == (None, None)


def test_date_bounds_of_a_week_and_of_a_day_whose_year_is_unknown():
    assert [d.isoformat() for d in date_bounds("2022-09-30", "week")] == ["2022-09-27", "2022-10-03"]
    assert [d.isoformat() for d in date_bounds("2022-09", "week")] == ["2022-09-01", "2022-09-30"]  # a day's precision
    assert date_bounds("--02-29") == (None, None)  # stored rows keep no year they do not know
    assert [d.isoformat() for d in date_bounds("--02-29", nominal_year=2000)] == ["2000-02-29", "2000-02-29"]


def test_review_events_are_append_only(store):
    with store.session() as s:
        incident = IncidentRow(status="unreviewed", event_type="Protests")
        s.add(incident)
        s.flush()
        s.add(ReviewEvent(incident_id=incident.id, actor="analyst1", action="confirm",
                          field="status", before="unreviewed", after="confirmed", note="two sources"))
    for statement in (sa.update(ReviewEvent).values(note="rewritten"), sa.delete(ReviewEvent)):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with store.session() as s:
                s.execute(statement)
    with store.read_session() as s:
        assert s.scalar(select(ReviewEvent.note)) == "two sources"


def test_source_histories_are_append_only(store):
    from rasad.store.schema import SourceEvent, SourceReliabilityEvent, SourceRow

    with store.session() as s:
        s.add(SourceRow(id="hengaw", name="Hengaw", independence_group="hengaw"))
        s.flush()
        s.add(SourceEvent(source_id="hengaw", actor="ana", field="created", after={"name": "Hengaw"}, note="site"))
        s.add(SourceReliabilityEvent(source_id="hengaw", actor="ana", before=None, after="B", note="track record"))
    for table in (SourceEvent, SourceReliabilityEvent):
        for statement in (sa.update(table).values(note="rewritten"), sa.delete(table)):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"):
                with store.session() as s:
                    s.execute(statement)
    with store.read_session() as s:
        assert s.scalar(select(SourceEvent.note)) == "site" and s.scalar(select(SourceReliabilityEvent.note)) == "track record"


def test_an_incident_report_has_at_most_one_active_link(store):
    with store.session() as s:
        ir = IncidentReportRow(pipeline_version="v", source_key="javidnam:1")
        a, b = IncidentRow(), IncidentRow()
        s.add_all([ir, a, b])
        s.flush()
        s.add(IncidentLink(incident_report_id=ir.id, incident_id=a.id, explanation={"date": "same day"}))
        ir_id, b_id = ir.id, b.id
    with pytest.raises(sa.exc.IntegrityError):
        with store.session() as s:
            s.add(IncidentLink(incident_report_id=ir_id, incident_id=b_id))
    with store.session() as s:  # unmerge = deactivate, then link elsewhere; the old link stays
        s.execute(sa.update(IncidentLink).where(IncidentLink.incident_report_id == ir_id).values(active=False))
        s.add(IncidentLink(incident_report_id=ir_id, incident_id=b_id))
    with store.read_session() as s:
        assert s.scalar(select(func.count()).select_from(IncidentLink)) == 2


def test_search_finds_reports_by_stemmed_words(store):
    store.add_report(make_report(ZAHEDAN, title="Bloody Friday in Zahedan"))
    store.add_report(make_report("Teachers protested in Isfahan over unpaid wages.", title="Teachers"))
    hits = store.search_reports("killed worshipper")  # stems: killing, worshippers
    assert [h.title for h in hits] == ["Bloody Friday in Zahedan"]
    assert "[" in hits[0].snippet
    assert [h.title for h in store.search_reports("teachers wages")] == ["Teachers"]
    assert store.search_reports("teachers zahedan") == []  # every word must match
    assert store.search_reports("") == []


def test_search_finds_persian_words_whatever_their_letter_forms(store):
    """Issue 18: Arabic/Persian yeh and kaf, ZWNJ, diacritics and Persian digits fold on both sides;
    the stored text is not altered. (Sentences written for this test.)"""
    text = "نیروهای امنیتی در سقز به سوي معترضان شليك كردند؛ سه نفر كشته شدند و مردم می‌روند. ۳۰ شهریور"
    report = make_report(text, title="سقز")
    store.add_report(report)
    store.add_report(make_report("Teachers protested in Isfahan over unpaid wages.", title="Teachers"))
    for query in ("شلیک", "شليك", "کشته", "كشته", "میروند", "می‌روند", "مي‌روند", "كُشته", "30 شهریور"):
        assert [h.id for h in store.search_reports(query)] == [report.id], query
    assert store.search_reports("شلیک teachers") == []  # every word must match
    assert store.get_report(report.id).text == text  # the evidentiary text is the one ingested
    assert [h.title for h in store.search_reports("wages")] == ["Teachers"]


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "*", "'; DROP TABLE reports; --", "title:x", "^", "-(", "\x00"])
def test_search_treats_query_syntax_as_plain_text(store, query):
    store.add_report(make_report(ZAHEDAN))
    assert isinstance(store.search_reports(query), list)
    assert store.stats()["reports"] == 1


def test_stats_count_the_log(store):
    report = make_report(ZAHEDAN)
    store.add_report(report)
    store.add_analysis(Analysis(pipeline_version="v1", report=report))
    store.add_incident_reports(report.id, "v1", [{"event_type": "Protests"}, {"event_type": "Riots"}])
    counts = store.stats()
    assert {k: counts[k] for k in ("reports", "analyses", "incident_reports", "incidents", "review_events")} == {
        "reports": 1, "analyses": 1, "incident_reports": 2, "incidents": 0, "review_events": 0,
    }
    assert counts["backend"] == store.backend


def test_migrations_downgrade_to_nothing_and_back(store):
    downgrade(store, "base")
    assert current_revision(store) is None
    with store.read_session() as s:
        tables = sa.inspect(s.connection()).get_table_names()
    assert "reports" not in tables
    upgrade(store)
    assert current_revision(store) == head_revision()
    store.add_report(make_report(ZAHEDAN))
    assert len(store.search_reports("Zahedan")) == 1


def test_the_schema_module_and_the_migrations_agree(store):
    """A change to schema.py without a migration fails here (alembic autogenerate finds a difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from rasad.store.accounts_file import TABLES as ACCOUNT_TABLES
    from rasad.store.accounts_file import move_into_main
    from rasad.store.migrate import move_accounts_out, target_metadata

    metadata = target_metadata()
    if store.accounts_path is not None:
        # SQLite keeps the accounts tables in a file of their own (rasad.store.accounts_file), which
        # autogenerate does not look into: compared where the migrations made them (the move copies each
        # table's own CREATE statement), then moved out again.
        with store._write_lock.held(), store.engine.connect() as conn:
            assert move_into_main(conn.connection.dbapi_connection) == list(ACCOUNT_TABLES)
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = [d for d in compare_metadata(ctx, metadata) if not _hand_made(d)]
    assert diff == []
    if store.accounts_path is not None:
        assert move_accounts_out(store) == list(ACCOUNT_TABLES)


def _hand_made(diff) -> bool:
    text = repr(diff)
    return any(name in text for name in ("reports_fts", "search_vector", "incidents_fts", "ix_incidents_search", "search_doc",
                                          "ix_incidents_listing_order", "ix_incidents_province_listing",
                                          "ix_incidents_type_lower", "ix_reports_listing_order",
                                          "ix_incidents_lower_"))


def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_read_only_readers(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    with store.session() as s:
        pragmas = {p: s.execute(sa.text(f"PRAGMA {p}")).scalar() for p in ("journal_mode", "synchronous", "foreign_keys")}
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}  # 2 = FULL
    with store.read_session() as s:
        assert s.execute(sa.text("PRAGMA query_only")).scalar() == 1
        with pytest.raises(sa.exc.OperationalError, match="readonly|read-only|query_only"):
            s.execute(sa.insert(IncidentRow).values(status="unreviewed"))
    store.close()


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sa.exc.IntegrityError):
        with store.session() as s:
            s.add(AnalysisRow(report_id="no-such-report", pipeline_version="v", data={}))


def test_concurrent_writers_are_serialised_without_errors(tmp_path):
    """Many threads writing at once through one Store: one writer connection, no 'database is locked'."""
    store = open_store(f"sqlite:///{tmp_path / 'log.db'}")
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(20):
                store.add_report(make_report(f"worker {worker} report {i}"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.stats()["reports"] == 120
    with store.read_session() as s:
        assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
    store.close()


def test_two_stores_on_one_file_take_turns(tmp_path):
    """Two Store objects (as two processes would) share the write lock file instead of racing."""
    url = f"sqlite:///{tmp_path / 'log.db'}"
    first, second = open_store(url), open_store(url)
    with first.session() as s:
        s.add(IncidentRow(status="unreviewed"))
        blocked = threading.Event()
        done = threading.Event()

        def other() -> None:
            blocked.set()
            with second.session() as s2:
                s2.add(IncidentRow(status="confirmed"))
            done.set()

        thread = threading.Thread(target=other)
        thread.start()
        blocked.wait()
        assert not done.wait(0.3)  # the second writer waits for the first transaction to end
    thread.join(10)
    assert done.is_set()
    assert second.stats()["incidents"] == 2
    first.close()
    second.close()


def test_the_database_url_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RASAD_DATABASE_URL", raising=False)
    store = open_store()
    assert store.path == tmp_path / "rasad.db"  # default: a SQLite file in the working folder
    store.close()
    monkeypatch.setenv("RASAD_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    store = open_store()
    assert store.path == tmp_path / "other.db"
    store.close()


def test_an_unsupported_database_gets_a_clear_error():
    with pytest.raises(StoreError, match="unsupported database"):
        open_store("mysql://user:secret@localhost/db")


def test_search_ranks_within_the_most_recent_matches(store):
    """With more matches than the window, the hits come from the newest ``window`` reports ingested."""
    reports = [make_report(f"Strike number {i} at the Abadan refinery.") for i in range(30)]
    for r in reports:
        store.add_report(r)
    hits = store.search_reports("refinery strike", limit=5, window=10)
    assert len(hits) == 5
    assert {h.id for h in hits} <= {r.id for r in reports[-10:]}
    assert len(store.search_reports("refinery", limit=100)) == 30  # under the default window: every match


def test_two_processes_storing_the_same_report_at_once_store_it_once(store_url):
    """Team members on one PostgreSQL log (or two ingests on one SQLite file) may race on the same bytes."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        import hashlib
        from rasad.records import Analysis, Report
        from rasad.store import open_store
        store = open_store({store_url!r})
        for i in range(40):
            text = f"shared report {{i}} about Piranshahr"
            h = hashlib.sha256(text.encode()).hexdigest()
            r = Report(id=h, sha256=h, text=text, original=text.encode())
            with store.session() as s:
                store.add_report(r, session=s)
                store.add_analysis(Analysis(pipeline_version="v", report=r), session=s)
        """
    )
    open_store(store_url).close()  # migrate first, so both processes race on rows, not on DDL
    procs = [subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()[-1500:]
    store = open_store(store_url)
    counts = store.stats()
    store.close()
    assert (counts["reports"], counts["analyses"]) == (40, 40)


def test_incident_reports_from_the_extractor_record_fill_the_columns(store):
    """The JSON of part 2's IncidentReport record (what analysis.incidents holds) maps onto the columns."""
    from rasad.incidents.records import IncidentReport

    report = make_report(ZAHEDAN)
    store.add_report(report)
    record = IncidentReport.model_validate({
        "type": "Violence against civilians", "sub_type": "Attack", "acts": ["killed"],
        "date": {"value": "2022-09-30", "precision": "day", "year_known": True},
        "place": {"geonameid": 1159301, "name": "Zahedan", "province": "Sistan and Baluchestan", "lat": 29.5,
                  "lon": 60.86, "country": "IR", "precision": 1},
        "counts": {"killed": {"min": 66, "text": "at least 66"}},
        "victims": [{"name": "Mohammad Eqbal Shahnavazi", "fate": "killed"}],
        "evidence": [{"start": 0, "end": 60}], "claimant": "Amnesty International", "confidence": 0.9,
        "fatalities": 66,
    })
    [row_id] = store.add_incident_reports(report.id, "v1", [record.model_dump(mode="json")])
    with store.read_session() as s:
        row = s.get(IncidentReportRow, row_id)
        assert (row.event_type, row.sub_type, row.date, row.date_precision) == (
            "Violence against civilians", "Attack", "2022-09-30", "day")
        assert (row.place_name, row.geonameid, row.province, row.country) == (
            "Zahedan", 1159301, "Sistan and Baluchestan", "IR")
        assert (row.claimant, row.confidence, row.background) == ("Amnesty International", 0.9, False)
        assert row.victims[0]["name"] == "Mohammad Eqbal Shahnavazi"
        assert IncidentReport.model_validate(row.data) == record  # the full record comes back


def test_search_of_very_common_words_ranks_by_term_frequency(store, monkeypatch):
    """Words in more than BM25_MAX_DOCS reports are scored without bm25's whole-index walk (SQLite);
    the results still favour the reports that say the words most, title hits first."""
    import rasad.store.db as store_db

    monkeypatch.setattr(store_db, "BM25_MAX_DOCS", 2)
    for i in range(6):
        store.add_report(make_report(f"Note {i}: a strike was mentioned once.", title=f"note {i}"))
    store.add_report(make_report("Strike, strike, strike: the strike spread.", title="Body"))
    store.add_report(make_report("The bazaar closed.", title="Strike in Tabriz"))
    hits = store.search_reports("strike", limit=3)
    assert len(hits) == 3
    if store.backend == "sqlite":
        assert [h.title for h in hits[:2]] == ["Body", "Strike in Tabriz"]
    else:
        assert {h.title for h in hits[:2]} == {"Body", "Strike in Tabriz"}


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("sqlcipher", marks=pytest.mark.sqlcipher)])
def test_a_read_gets_the_connection_used_last_whose_page_cache_is_warm(tmp_path, backend):
    """The reader pool is last in, first out: after two reads at once, the next read gets the connection
    that finished last (its cache holds what was just read; on an encrypted log, pages already decrypted),
    not the one that rested longest."""
    with backend_url(backend, tmp_path) as url, open_store(url) as store:
        def raw(session):
            return session.connection().connection.dbapi_connection

        with store.read_session() as outer:
            last = raw(outer)
            with store.read_session() as inner:
                first = raw(inner)
                assert first is not last
        for _ in range(3):
            with store.read_session() as s:
                assert raw(s) is last
