"""Corroboration counts independent source groups, not reports; conflicting figures stay side by side."""

from __future__ import annotations

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log.corroboration import Account, conflicting, conservative_figure, figures, summarise


def acc(n, group, killed=None, reliability=None, source=None):
    return Account(incident_report_id=n, source_id=source or group, source_name=source or group, group=group,
                   reliability=reliability, counts={"killed": killed} if killed is not None else {})


def test_ten_outlets_of_one_group_are_one_voice():
    accounts = [acc(n, "irib", source=f"irib-outlet-{n}") for n in range(10)] + [acc(10, "hrana")]
    s = summarise(accounts)
    assert s["corroboration"] == 2
    assert s["source_groups"] == ["hrana", "irib"]


def test_conflicting_figures_are_kept_side_by_side_with_their_sources():
    accounts = [acc(1, "state", killed=3), acc(2, "hrana", killed={"low": 12, "high": 15}), acc(3, "iranhr", killed="dozens 24")]
    figs = figures(accounts)["killed"]
    assert [(f["low"], f["high"], f["source"]) for f in figs] == [(3, 3, "state"), (12, 15, "hrana"), (24, 24, "iranhr")]
    assert conflicting(figs)
    assert summarise(accounts)["conflicts"] == ["killed"]


def test_the_conservative_figure_is_the_lowest_credible_one():
    accounts = [acc(1, "rumour-mill", killed=1, reliability="E"), acc(2, "hrana", killed={"low": 12, "high": 15}),
                acc(3, "iranhr", killed=20)]
    assert conservative_figure(figures(accounts)["killed"]) == 12  # E (unreliable) is left out
    assert not conflicting(figures([acc(1, "a", killed={"low": 2, "high": 5}), acc(2, "b", killed=4)])["killed"])


def test_the_log_counts_groups_from_the_sources_table(store):
    """Two reports from outlets of one organisation and one from another: corroboration 2, and the
    incident's fatalities is the lowest credible figure, never a typed number."""
    from rasad.log.queries import list_incidents
    from rasad.log.service import incident_detail, merge_pending
    from rasad.records import Report
    from rasad.store.schema import SourceRow

    with store.session() as s:
        s.add(SourceRow(id="irna", name="IRNA", domains=["irna.ir"], affiliation="state_media", independence_group="state-iran"))
        s.add(SourceRow(id="irib", name="IRIB News", domains=["iribnews.ir"], affiliation="state_media", independence_group="state-iran"))
        s.add(SourceRow(id="hrana", name="HRANA", domains=["hra-news.org"], affiliation="ngo_monitor", independence_group="hrana"))
    for n, (url, killed) in enumerate([("https://www.irna.ir/news/1", 2), ("https://iribnews.ir/x", 2),
                                       ("https://hra-news.org/y", 9)]):
        text = f"report {n}"
        rep = Report(id=f"{n:064d}", sha256=f"{n:064d}", text=text, url=url, original=text.encode())
        store.add_report(rep)
        store.add_incident_reports(rep.id, "t", [{
            "event_type": "Protests", "sub_type": "Excessive force against protesters", "date": "2026-01-08",
            "date_precision": "day", "place_name": "Zahedan", "province": "Sistan and Baluchestan",
            "counts": {"killed": killed}}])
    merge_pending(store)
    [inc] = list_incidents(store)
    assert inc["corroboration"] == 2
    assert inc["source_groups"] == ["hrana", "state-iran"]
    assert inc["fatalities"] == 2 and inc["conflicts"] == ["killed"]
    detail = incident_detail(store, inc["id"])
    assert sorted((f["low"], f["source"]) for f in detail["figures"]["killed"]) == [(2, "IRIB News"), (2, "IRNA"), (9, "HRANA")]
