"""One road into the log: ``rasad.log.intake``. Whatever the reports are (files, folders, globs, URLs,
reports in memory, reports analysed elsewhere), the intake stores the original, analyses in batches,
stores the incident reports, attributes each report to its publisher and merges the incident reports
into the log's incidents; a rerun repeats nothing, and a run killed half-way is finished by the next."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import SEED_PATH
from conftest_store import store, store_url  # noqa: F401 - fixtures

from rasad.ingest import read_bytes
from rasad.log.intake import Analyser, Intake, IntakeEvent, ReportInput, ingest
from rasad.store.schema import AnalysisRow, IncidentLink, IncidentReportRow, IngestItem, ReportRow

ARRESTS = "Security forces arrested {n} students at Tehran University on 3 December 2022, witnesses said.\n"
HENGAW_PAGE = ('<html><head><title>Opinion</title><meta property="og:site_name" content="Hengaw"></head><body>'
               '<article><p>Human rights matter. Accountability is overdue, and the world should listen to the '
               'families who ask for it.</p></article></body></html>')


def write_reports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"arrests-{i}.txt"
        path.write_text(ARRESTS.format(n=i + 2), encoding="utf-8")
        paths.append(path)
    return paths


def in_memory(text: str, name: str = "memory.txt"):
    return read_bytes(text.encode("utf-8"), source=name, media_type="text/plain")


def count(store, column) -> int:
    with store.read_session() as s:
        return s.scalar(sa.select(sa.func.count(column)))


def unmerged(store) -> int:
    """Incident reports without an active link to an incident."""
    linked = sa.exists().where(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active)
    with store.read_session() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(IncidentReportRow).where(~linked))


def source_of(store, report_id: str) -> str | None:
    with store.read_session() as s:
        return s.scalar(sa.select(ReportRow.source_id).where(ReportRow.id == report_id))


class CountingAnalyser(Analyser):
    """The real analyser, counting the reports it is asked to analyse."""

    def __init__(self, nlp) -> None:
        super().__init__(nlp)
        self.analysed: list[str] = []

    def __call__(self, reports):
        self.analysed += [r.id for r in reports]
        return super().__call__(reports)


# --- inputs ----------------------------------------------------------------------------------------


def test_paths_folders_and_globs_are_stored_analysed_and_merged(store, nlp, tmp_path):
    paths = write_reports(tmp_path / "reports", 3)
    summary = ingest(store, [tmp_path / "reports", str(tmp_path / "reports" / "*.txt"), paths[0]], nlp=nlp)
    assert (summary.total, summary.added, summary.analysed, summary.failed) == (3, 3, 3, 0)  # each file once
    assert summary.incident_reports >= 3
    for path in paths:
        report_id = hashlib.sha256(path.read_bytes()).hexdigest()
        assert store.get_report(report_id).original == path.read_bytes()
        assert store.has_analysis(report_id, Analyser(nlp).version)
    assert count(store, IngestItem.id) == 3  # the journal: one row per input
    assert summary.merge["incident_reports"] == summary.incident_reports and unmerged(store) == 0


def test_reports_in_memory_are_taken_like_files(store, nlp):
    reports = [in_memory(ARRESTS.format(n=n), f"line{n}") for n in (4, 5)]
    summary = Intake(store, nlp=nlp).take(reports)
    assert (summary.added, summary.analysed) == (2, 2)
    assert summary.incident_reports >= 2 and unmerged(store) == 0


def test_one_input_needs_no_list(store, tmp_path):
    [path] = write_reports(tmp_path, 1)
    assert ingest(store, str(path), analyse=False).added == 1


def test_a_generator_is_read_lazily_and_counted_as_it_goes(store, nlp):
    events: list[IntakeEvent] = []
    summary = Intake(store, nlp=nlp, progress=events.append).take(
        in_memory(ARRESTS.format(n=n)) for n in range(3))
    assert summary.total == 3 and summary.added == 3
    assert events[0].stage == "started" and events[0].total is None  # not known before reading


def test_pairs_analysed_elsewhere_are_stored_without_running_the_pipeline(store, nlp):
    from rasad.analysis.pipeline import analyze

    report = in_memory(ARRESTS.format(n=7))
    analysis = analyze(report, nlp=nlp)  # e.g. on another machine
    analyser = CountingAnalyser(nlp)
    summary = Intake(store, analyser=analyser).take([(report, analysis)])
    assert analyser.analysed == []
    assert (summary.added, summary.analysed) == (1, 1)
    assert store.latest_analysis(report.id).incidents == analysis.incidents
    assert summary.incident_reports == len(analysis.incidents) >= 1 and unmerged(store) == 0


def test_urls_go_through_the_ssrf_guard(store, nlp):
    class Page(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = HENGAW_PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/column.html"
    try:
        refused = ingest(store, [url], nlp=nlp)  # loopback: refused unless allowed
        assert (refused.added, refused.failed) == (0, 1) and "127.0.0.1" in refused.errors[0][1]
        taken = ingest(store, [url], nlp=nlp, allow_private=True)
        assert (taken.added, taken.failed) == (1, 0)
    finally:
        server.shutdown()
        server.server_close()


def test_unreadable_inputs_are_recorded_and_do_not_stop_the_run(store, nlp, tmp_path):
    good = write_reports(tmp_path, 1)[0]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    summary = ingest(store, [good, empty, tmp_path / "missing.txt"], nlp=nlp)
    assert (summary.added, summary.failed) == (1, 2)
    assert {source for source, _ in summary.errors} == {str(empty.resolve()), str(tmp_path / "missing.txt")}
    with store.read_session() as s:
        assert s.scalar(sa.select(IngestItem.status).where(IngestItem.key == str(empty.resolve()))) == "error"


def test_an_unknown_kind_of_input_is_refused(store):
    with pytest.raises(TypeError, match="cannot take int"):
        ingest(store, [42], analyse=False)


# --- idempotence and resuming ----------------------------------------------------------------------


def test_taking_the_same_inputs_again_is_a_no_op(store, nlp, tmp_path):
    write_reports(tmp_path / "reports", 3)
    ingest(store, [tmp_path / "reports"], nlp=nlp)
    before = {c.key: count(store, c) for c in (ReportRow.id, AnalysisRow.id, IncidentReportRow.id, IncidentLink.id,
                                               IngestItem.id)}
    analyser = CountingAnalyser(nlp)
    again = Intake(store, analyser=analyser).take([tmp_path / "reports"])
    assert (again.skipped, again.added, again.analysed, again.incident_reports) == (3, 0, 0, 0)
    assert analyser.analysed == []  # not read, not analysed
    after = {c.key: count(store, c) for c in (ReportRow.id, AnalysisRow.id, IncidentReportRow.id, IncidentLink.id,
                                              IngestItem.id)}
    assert after == before
    # the same bytes in memory: stored once, analysed once
    report = in_memory(ARRESTS.format(n=2))
    assert Intake(store, analyser=analyser).take([report]).duplicates == 1 and analyser.analysed == []


class Killed(Exception):
    """Stands for kill -9 between two batches."""


def test_a_run_killed_after_its_first_batch_is_finished_by_the_next_and_nothing_repeats(store, nlp, tmp_path):
    write_reports(tmp_path / "reports", 4)
    (tmp_path / "reports" / "0-hengaw.html").write_text(HENGAW_PAGE, encoding="utf-8")  # in the first batch

    def die_after_first_batch(event: IntakeEvent) -> None:
        if event.stage == "stored":
            raise Killed

    with pytest.raises(Killed):
        Intake(store, nlp=nlp, batch_size=2, progress=die_after_first_batch).take([tmp_path / "reports"])
    hengaw = hashlib.sha256(HENGAW_PAGE.encode()).hexdigest()
    assert count(store, ReportRow.id) == 2 and unmerged(store) > 0  # one batch committed, never merged
    assert source_of(store, hengaw) is None  # nor attributed

    analyser = CountingAnalyser(nlp)
    summary = Intake(store, analyser=analyser, batch_size=2).take([tmp_path / "reports"])
    assert (summary.skipped, summary.added) == (2, 3)
    assert len(analyser.analysed) == 3  # only what the killed run had not committed
    assert count(store, ReportRow.id) == 5 and count(store, AnalysisRow.id) == 5
    assert unmerged(store) == 0  # the killed run's incident reports were merged too
    assert source_of(store, hengaw) == "hengaw"  # ... and its reports attributed


# --- attribution, merging, progress ------------------------------------------------------------------


def test_every_report_is_attributed_to_its_publisher_incidents_or_not(store, nlp):
    page = read_bytes(HENGAW_PAGE.encode(), source="column.html", media_type="text/html")
    seed = read_bytes(SEED_PATH.read_bytes(), source=SEED_PATH.name, media_type="text/plain")
    summary = ingest(store, [page, seed], nlp=nlp)
    assert summary.attributed == 2
    assert source_of(store, page.id) == "hengaw"  # its page metadata; it holds no incident
    assert source_of(store, seed.id) == "pmoi"  # its self-mentions


def test_incident_reports_are_merged_into_incidents_signed_by_the_actor(store, nlp):
    same = [in_memory("Security forces shot dead Kian Pirfalak, a nine-year-old boy, in Izeh on 16 November 2022, "
                      "his family said.\n", "a.txt"),
            in_memory("Kian Pirfalak, 9, was killed by security forces in Izeh, Khuzestan on 16 November 2022.\n", "b.txt")]
    summary = ingest(store, same, nlp=nlp, actor="tester")
    assert summary.merge["incident_reports"] == summary.incident_reports >= 2
    with store.read_session() as s:
        links = s.execute(sa.select(IncidentLink.incident_id, IncidentLink.created_by).where(IncidentLink.active)).all()
    assert {by for _, by in links} == {"tester"}
    assert summary.merge["merged"] >= 1 and len({inc for inc, _ in links}) == 1  # one killing, two accounts


def test_other_accounts_of_an_analysis_can_be_chosen(store, nlp):
    report = in_memory(ARRESTS.format(n=3))
    summary = ingest(store, [report], nlp=nlp, accounts=lambda analysis: [])
    assert (summary.analysed, summary.incident_reports) == (1, 0) and not summary.merge


def test_progress_is_reported_from_start_to_end(store, nlp, tmp_path):
    write_reports(tmp_path / "reports", 5)
    events: list[IntakeEvent] = []
    summary = Intake(store, nlp=nlp, batch_size=2, progress=events.append).take([tmp_path / "reports"])
    stages = [e.stage for e in events]
    assert stages == ["started", "stored", "stored", "stored", "merging", "done"]
    assert {e.total for e in events} == {5}
    assert [e.done for e in events if e.stage == "stored"] == [2, 4, 5]
    status = events[-1].as_dict()  # what the web returns as the status of an upload
    assert status["stage"] == "done" and status["added"] == summary.added == 5


def test_storage_only(store, tmp_path):
    write_reports(tmp_path, 2)
    summary = ingest(store, [tmp_path], analyse=False)
    assert (summary.added, summary.analysed, summary.incident_reports) == (2, 0, 0)
    assert count(store, AnalysisRow.id) == 0


def test_report_inputs_commit_their_rows_with_the_report(store, nlp):
    from rasad.store.schema import FeedItem, FeedState

    with store.session() as s:
        s.add(FeedState(url="https://example.org/feed"))
    report = in_memory(ARRESTS.format(n=9))
    item = FeedItem(feed_url="https://example.org/feed", item_id="urn:1", report_id=report.id)
    ingest(store, [ReportInput(report, rows=[item])], nlp=nlp)
    with store.read_session() as s:
        assert s.scalar(sa.select(FeedItem.report_id)) == report.id
