"""The log's source registry: reports attributed to their publisher (metadata, URL, self-mention), sources
added and edited by analysts with an append-only history, and corroboration that follows those edits."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.config import REPO_ROOT

SEED = (REPO_ROOT / "samples" / "reports" / "khamenei-nowruz.txt").read_bytes()
KILLING = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2026-01-08",
           "date_precision": "day", "place_name": "Karaj", "province": "Alborz", "counts": {"killed": 3}}


def _report(store, data: bytes, url: str | None = None, item: dict | None = None) -> str:
    """Store a report (no analysis needed: attribution reads the report itself) with one incident account."""
    from rasad.ingest.read import read_bytes

    report = read_bytes(data, url=url, media_type="text/plain")
    store.add_report(report)
    store.add_incident_reports(report.id, "test-1", [dict(item or KILLING)])
    return report.id


def _source_of(store, report_id: str) -> str | None:
    from rasad.store.schema import ReportRow

    with store.read_session() as s:
        return s.scalar(select(ReportRow.source_id).where(ReportRow.id == report_id))


def _only_incident(store) -> dict:
    from rasad.log.service import list_incidents

    incidents = list_incidents(store)
    assert len(incidents) == 1
    return incidents[0]


def test_one_camps_reports_count_as_one_group_even_without_metadata(store):
    from rasad.log.service import merge_pending

    first = _report(store, SEED)
    second = _report(store, SEED + b"\nA second bulletin of the same camp.\n")
    merge_pending(store)
    # recognised by their self-mentions alone: no publisher field, no URL
    assert _source_of(store, first) == _source_of(store, second) == "pmoi"
    incident = _only_incident(store)
    assert incident["source_groups"] == ["ncri-pmoi"] and incident["corroboration"] == 1

    _report(store, b"Security forces killed three people in Karaj on 8 January.", url="https://hengaw.net/en/news/1")
    merge_pending(store)
    incident = _only_incident(store)
    assert sorted(incident["source_groups"]) == ["hengaw", "ncri-pmoi"] and incident["corroboration"] == 2


def test_a_source_added_later_claims_its_earlier_reports_and_its_group_decides_corroboration(store):
    from rasad.log.service import merge_pending
    from rasad.log.sources import add_source, edit_source, show_source

    text = b"Security forces killed three people in Karaj on 8 January."
    bulletin = _report(store, text, url="https://news.example-monitor.org/2026/01/karaj")
    _report(store, text + b" Witnesses confirmed it.", url="https://hengaw.net/en/news/2")
    merge_pending(store)
    assert _source_of(store, bulletin) is None
    assert _only_incident(store)["corroboration"] == 2  # an unknown publisher counts as its own group

    added = add_source(store, "example-monitor", "Example Monitor", affiliation="ngo_monitor",
                       domains=["https://www.example-monitor.org/"], by="ana", why="its about page")
    assert added["domains"] == ["example-monitor.org"] and added["independence_group"] == "example-monitor"
    assert _source_of(store, bulletin) == "example-monitor"  # attributed at once, subdomain included
    assert sorted(_only_incident(store)["source_groups"]) == ["example-monitor", "hengaw"]

    # an outlet of Hengaw after all: the incident is re-derived and counts one independent group
    changed = edit_source(store, "example-monitor", independence_group="hengaw", add_aliases=["EM"],
                          by="ben", why="it republishes Hengaw's bulletins")
    assert changed == ["aliases", "independence_group"]
    incident = _only_incident(store)
    assert incident["source_groups"] == ["hengaw"] and incident["corroboration"] == 1

    history = show_source(store, "example-monitor")["history"]
    assert [h["field"] for h in history] == ["created", "aliases", "independence_group"]
    assert history[-1] | {"at": None} == {"at": None, "by": "ben", "field": "independence_group",
                                          "before": "example-monitor", "after": "hengaw",
                                          "note": "it republishes Hengaw's bulletins"}
    assert edit_source(store, "example-monitor", independence_group="hengaw", by="ben", why="again") == []
    assert len(show_source(store, "example-monitor")["history"]) == 3  # no change, no history row


@pytest.mark.parametrize("kwargs, message", [
    ({"source_id": "Not An Id"}, "an id is"),
    ({"source_id": "irna"}, "exists already"),
    ({"name": "IRNA"}, "already names source 'irna'"),
    ({"aliases": ["Tasnim News Agency"]}, "already names source 'tasnim'"),
    ({"domains": ["irna.ir"]}, "already belongs to source 'irna'"),
    ({"domains": ["javascript:alert(1)"]}, "not a web domain"),
    ({"affiliation": "friendly"}, "affiliation must be one of"),
    ({"why": "  "}, "say why"),
])
def test_adding_a_source_refuses_ambiguous_or_malformed_entries(store, kwargs, message):
    from rasad.log.sources import SourceError, add_source, list_sources, seed_sources

    seed_sources(store)
    args = {"source_id": "new-outlet", "name": "New Outlet", "by": "ana", "why": "test"} | kwargs
    before = len(list_sources(store))
    with pytest.raises(SourceError, match=message):
        add_source(store, args.pop("source_id"), args.pop("name"), **args)
    assert len(list_sources(store)) == before  # nothing half-written


def test_the_cli_adds_edits_and_shows_a_source_with_its_history(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", f"sqlite:///{tmp_path / 'log.db'}")
    runner = CliRunner()
    got = runner.invoke(app, ["sources", "add", "kurdpa-test", "--name", "Kurdpa Test", "--affiliation", "ngo_monitor",
                              "--alias", "KT", "--domain", "kurdpa-test.net", "--note", "its site"])
    assert got.exit_code == 0, got.output
    got = runner.invoke(app, ["sources", "edit", "kurdpa-test", "--remove-alias", "KT", "--note", "alias was wrong"])
    assert got.exit_code == 0 and "aliases changed" in got.output
    shown = runner.invoke(app, ["sources", "show", "kurdpa-test", "--json"])
    data = json.loads(shown.output)
    assert data["aliases"] == [] and [h["field"] for h in data["history"]] == ["created", "aliases"]
    bad = runner.invoke(app, ["sources", "edit", "kurdpa-test", "--affiliation", "friendly", "--note", "x"])
    assert bad.exit_code != 0 and "affiliation must be one of" in bad.output


def test_an_ingest_run_attributes_reports_that_hold_no_incident(store, nlp, tmp_path):
    from rasad.log.intake import ingest
    from rasad.log.sources import list_sources

    page = tmp_path / "column.html"
    page.write_text('<html><head><title>Opinion</title><meta property="og:site_name" content="Hengaw">'
                    '</head><body><article><p>Human rights matter. Accountability is overdue, and the world '
                    'should listen to the families who ask for it.</p></article></body></html>', encoding="utf-8")
    summary = ingest(store, [page], nlp=nlp)
    assert summary.added == 1 and summary.incident_reports == 0
    assert summary.attributed == 1  # the intake attributes every report it stores
    report_id = store.search_reports("Accountability")[0].id
    assert _source_of(store, report_id) == "hengaw"
    assert {s["id"] for s in list_sources(store)} >= {"hengaw"}
