"""The overview's figures are computed once per change of the log (issue 21, finding 11): the change
counter that triggers keep moves with every write that can change them, the cache serves the same log
without recomputing, and never serves figures older than the log when the computation is cheap."""

from __future__ import annotations

import time

from sqlalchemy import select, text

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log import review, summary
from rasad.log.importers import import_file
from rasad.log.queries import list_incidents, overview_figures
from rasad.log.sources import add_source
from rasad.store.schema import LogChanges
from test_import_export import registry_sample


def test_every_write_the_overview_reads_moves_the_change_counter(store, tmp_path):  # noqa: F811
    seen = [summary.change_count(store)]
    assert seen[0] is not None

    def moved() -> bool:
        seen.append(summary.change_count(store))
        return seen[-1] > seen[-2]

    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a"}))
    assert moved()  # incidents, incident reports
    first = list_incidents(store)[0]["id"]
    review.set_status(store, first, "reject", by="a", note="n")
    assert moved()
    add_source(store, "hengaw-x", "Hengaw X", by="a", why="n")
    assert moved()
    with store.read_session() as s:  # reading moves nothing
        s.execute(select(LogChanges.n)).all()
    assert not moved()


def test_the_cache_serves_an_unchanged_log_and_recomputes_after_a_change(store, tmp_path):  # noqa: F811
    calls = []

    def compute(st):
        calls.append(1)
        return overview_figures(st)

    cache = summary.ChangeCache(lambda st, _key: compute(st))
    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a", "jvn_9abf9d797f"}))
    first = cache.get(store)
    assert cache.get(store).value == first.value and len(calls) == 1 and first.fresh
    inc = list_incidents(store)[0]["id"]
    review.set_status(store, inc, "reject", by="a", note="rejected: not an incident")  # out of the overview
    after = cache.get(store)
    assert len(calls) == 2 and after.fresh
    assert sum(after.value["by_type"].values()) == sum(first.value["by_type"].values()) - 1
    assert after.value == overview_figures(store)


def test_a_slow_computation_is_refreshed_in_the_background_and_says_it_is_not_fresh(store, tmp_path):  # noqa: F811
    import threading

    release = threading.Event()
    cache = summary.ChangeCache(lambda st, _key: overview_figures(st), sync_below_s=0.0)  # as if the log were huge
    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83"}))
    first = cache.get(store)
    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_6a66428d9a"}))
    stale = cache.get(store)
    assert not stale.fresh and stale.value == first.value  # served at once, labelled
    for _ in range(200):  # the background refresh lands
        release.wait(0.05)
        now = cache.get(store)
        if now.fresh:
            break
    assert now.fresh and sum(now.value["by_type"].values()) == 2


def test_a_log_without_the_counter_is_computed_every_time(store):  # noqa: F811
    with store.session() as s:
        s.execute(text("DROP TABLE log_changes CASCADE" if store.backend != "sqlite" else "DROP TABLE log_changes"))
    assert summary.change_count(store) is None
    calls = []
    cache = summary.ChangeCache(lambda st, _key: calls.append(1) or 1)
    cache.get(store)
    cache.get(store)
    assert len(calls) == 2


def test_listing_totals_are_cached_per_filter_and_follow_the_log(store, tmp_path):  # noqa: F811
    from rasad.log.queries import IncidentFilter, count_incidents

    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83", "jvn_6a66428d9a", "jvn_9abf9d797f"}))
    everything, tehran = IncidentFilter(), IncidentFilter(province="Tehran")
    assert summary.incident_count(store, everything).value == count_incidents(store, everything) == 3
    assert summary.incident_count(store, tehran).value == count_incidents(store, tehran)
    # the page and the sort do not make another count
    again = summary.incident_count(store, everything.replace(offset=100, sort="date", order="desc"))
    assert again.value == 3 and again.fresh
    review.set_status(store, list_incidents(store)[0]["id"], "confirm", by="a", note="n")
    assert summary.incident_count(store, IncidentFilter(status="confirmed")).value == 1


def test_the_overview_counted_by_the_database_equals_counting_row_by_row(tmp_path):
    """overview_figures groups in SQL; the same figures counted in Python, incident by incident."""
    from collections import Counter

    from test_web_support import build_log

    from rasad.log.queries import _live, arrested, week_start
    from rasad.store.schema import IncidentRow

    log, ids = build_log(f"sqlite:///{tmp_path}/log.db")
    try:
        review.set_status(log, ids["izeh"], "confirm", by="a", note="n")
        by_type, by_province, weekly, killed, held = Counter(), Counter(), {}, 0, 0
        with log.read_session() as s:
            for et, prov, fat, day, data in s.execute(select(IncidentRow.event_type, IncidentRow.province,
                                                             IncidentRow.fatalities, IncidentRow.date_start,
                                                             IncidentRow.data).where(*_live())):
                by_type[et or "unknown"] += 1
                by_province[prov or "unknown"] += 1
                killed += fat or 0
                held += arrested(data)
                if day is not None:
                    w = weekly.setdefault(week_start(day), {"incidents": 0, "killed": 0, "arrested": 0})
                    w["incidents"] += 1
                    w["killed"] += fat or 0
                    w["arrested"] += arrested(data)
        figures = overview_figures(log)
        assert held == 20 and killed > 0  # the log holds arrests and deaths to count
        assert figures == {"by_type": dict(by_type), "by_province": dict(by_province), "killed": killed,
                           "arrested": held, "weekly": dict(sorted(weekly.items()))}
    finally:
        log.close()


def test_concurrent_writers_do_not_queue_on_the_counter(store):  # noqa: F811
    """PostgreSQL: two open transactions writing incidents at once (the partitions of a parallel merge)
    each bump the counter without waiting for the other to commit; both bumps count once committed."""
    import datetime as dt

    import pytest
    from sqlalchemy import insert

    from rasad.store.schema import IncidentRow

    if store.backend == "sqlite":
        pytest.skip("SQLite: one writer at a time, one counter row")
    before = summary.change_count(store)
    now = dt.datetime.now(dt.timezone.utc)
    row = {"status": "unreviewed", "data": {}, "figures": {}, "victims": [], "source_groups": [], "corroboration": 0,
           "created_at": now, "updated_at": now}
    first = store.engine.connect()
    stripe = first.scalar(text("SELECT pg_backend_pid() % 64"))
    others = [store.engine.connect() for _ in range(3)]  # one whose backend bumps another stripe
    second = next(c for c in others if c.scalar(text("SELECT pg_backend_pid() % 64")) != stripe)
    for c in [first, *others]:
        c.rollback()
    try:
        t1, t2 = first.begin(), second.begin()
        first.execute(insert(IncidentRow), [row])
        second.execute(text("SET LOCAL lock_timeout = '3s'"))  # queued behind the first: an error, not a hang
        second.execute(insert(IncidentRow), [row])
        t2.commit()
        t1.commit()
    finally:
        for c in [first, *others]:
            c.close()
    assert summary.change_count(store) == before + 2


# --- reviews: applied to the cached overview, not recomputed (migration 0014) ----------------------

OVERVIEW_CITIES = [("Karaj", "Alborz"), ("Rasht", "Gilan"), ("Zahedan", "Sistan and Baluchestan"), ("Tabriz", "East Azerbaijan")]
OVERVIEW_NAMES = ["Nima Salahpour", "Kamran Ahmadi", "Mahsa Karimi", "Reza Moradi", "Sara Tavakoli", "Omid Rahimi"]


def _seed_incidents(store, n: int = 36) -> None:
    """Incident reports merged into incidents: deaths and arrests, several places and weeks, several
    accounts of most incidents (so that a split has something to take out)."""
    import random

    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row

    rng = random.Random(2114)
    with store.session() as s:
        for i in range(n):
            city, province = OVERVIEW_CITIES[i % 4]
            counts = {"killed": 1 + i % 3} if i % 3 else {"arrested": 2 + i % 5}
            item = {"event_type": "Violence against civilians" if i % 3 else "Protests",
                    "sub_type": "Attack" if i % 3 else "Protest with intervention",
                    "date": f"2026-0{1 + (i // 4) % 3}-{1 + (i // 12) * 9:02d}", "date_precision": "day",
                    "place_name": city, "province": province, "victims": [{"name": rng.choice(OVERVIEW_NAMES)}],
                    "counts": counts}
            s.add(incident_report_row(item, pipeline_version="t", source_key=f"ov:{i}"))
    merge_pending(store)


def _review_actions(store):
    """One of each review action, each a function returning a short label; the incidents are chosen on
    the log as it is when the action runs."""
    from rasad.log.queries import IncidentFilter

    def live(n: int = 2) -> list[dict]:
        rows = list_incidents(store, limit=1000)
        return [r for r in rows if r["status"] != "rejected" and len(review.members(store, r["id"])) >= n]

    state: dict[str, int] = {}

    def reject():
        state["rejected"] = review.set_status(store, live(1)[0]["id"], "reject", by="a", note="not an incident")

    def edit():
        target = live(1)[1]
        review.edit(store, target["id"], "place_name", "Mashhad", by="a", note="the town is Mashhad")
        review.edit(store, target["id"], "province", "Razavi Khorasan", by="a", note="and its province")

    def merge():
        a, b = live(1)[2:4]
        state["merge"] = review.merge(store, a["id"], b["id"], by="a", note="the same killing")

    def split():
        inc = live(2)[0]["id"]
        state["split"], state["new"] = review.split(store, inc, review.members(store, inc)[:1], by="a", note="two events")

    def undo_split():
        review.undo(store, state["split"], by="a", note="one event after all")

    def undo_merge():
        review.undo(store, state["merge"], by="a", note="two killings after all")

    def undo_reject():
        review.undo(store, state["rejected"], by="a", note="it is one")

    def name_public():
        inc = live(1)[0]
        review.set_victim_public(store, inc["id"], inc["victims"][0]["name"] if isinstance(inc["victims"][0], dict)
                                 else inc["victims"][0], True, by="a", note="family asked")

    assert summary.incident_count(store, IncidentFilter()).value > 6
    return [reject, edit, merge, split, undo_split, undo_merge, undo_reject, name_public]


def test_a_review_is_applied_to_the_cached_overview_and_map_without_recomputing_them(store, tmp_path):  # noqa: F811
    import json

    from rasad.log.queries import map_geojson, map_state, map_points

    _seed_incidents(store)
    exact = lambda: {"figures": overview_figures(store), "stats": store.stats()}  # noqa: E731
    first = summary.overview(store)
    assert first.value == exact() and first.value["figures"]["arrested"] > 0 and first.value["figures"]["killed"] > 0
    assert len(first.value["figures"]["weekly"]) > 2 and len(first.value["figures"]["by_province"]) == 4
    summary.map_points(store)
    summary.report_count(store)
    per_place = summary.ChangeCache(lambda st, _key: summary._map_bytes(map_state(st, max_points=1)),
                                    apply=summary._map_with_reviews)  # the map of a large log: drawn per place
    per_place.get(store)
    caches = (summary.OVERVIEW, summary.MAP_POINTS, summary.REPORT_COUNT, per_place)
    computed = [c.computations for c in caches]
    seen = [first.value]
    for action in _review_actions(store):
        log_counter = summary.change_key(store)[0]
        applied = summary.OVERVIEW.applied
        action()
        assert summary.change_key(store)[0] == log_counter, action.__name__  # a review leaves the log's counter
        got = summary.overview(store)
        assert got.fresh and got.value == exact(), action.__name__
        assert summary.OVERVIEW.applied > applied, action.__name__
        assert json.loads(summary.map_points(store).value) == map_points(store), action.__name__
        assert json.loads(per_place.get(store).value[1]) == map_geojson(map_state(store, max_points=1)), action.__name__
        assert summary.report_count(store).value == store.stats()["reports"]
        seen.append(got.value)
    assert [c.computations for c in caches] == computed  # not one full computation for eight reviews
    # what the reviews did shows: a rejected incident left the counts and came back, a merge and a split
    # changed the number of incidents, the edit moved one to another province, every event is counted
    assert seen[1]["stats"]["incidents_by_status"].get("rejected") == 1
    assert sum(seen[1]["figures"]["by_type"].values()) == sum(seen[0]["figures"]["by_type"].values()) - 1
    assert "Razavi Khorasan" in seen[2]["figures"]["by_province"] and "Razavi Khorasan" not in seen[0]["figures"]["by_province"]
    assert sum(seen[3]["figures"]["by_type"].values()) == sum(seen[2]["figures"]["by_type"].values()) - 1
    assert seen[4]["stats"]["incidents"] == seen[3]["stats"]["incidents"] + 1
    assert seen[-1]["stats"]["review_events"] == seen[0]["stats"]["review_events"] + 11
    # a write that is not a review (an import) still makes them compute again (in the request, or in the
    # background where the computation took long: on a loaded machine)
    import_file(store, "javidnam", registry_sample(tmp_path, {"jvn_374ab87e83"}))
    for _ in range(400):
        now = summary.overview(store)
        if now.fresh:
            break
        time.sleep(0.05)
    assert now.fresh and now.value == exact() and summary.OVERVIEW.computations > computed[0]


def test_figures_computed_while_a_review_commits_are_computed_again_not_given_its_delta(store):  # noqa: F811
    """A review that commits while the figures are being computed may or may not be in them: they are
    never given its delta (it could count twice), the next request computes them again."""
    _seed_incidents(store, 12)
    target = list_incidents(store)[0]["id"]
    calls = []

    def compute(st, _key):
        if not calls:
            review.set_status(st, target, "reject", by="a", note="while the overview is computed")
        calls.append(1)
        return {"figures": overview_figures(st), "stats": st.stats()}

    cache = summary.ChangeCache(compute, apply=summary._overview_with_reviews, sync_below_s=float("inf"))
    cache.get(store)
    again = cache.get(store)
    assert len(calls) == 2 and cache.applied == 0
    assert again.value == {"figures": overview_figures(store), "stats": store.stats()}
    assert again.value["stats"]["incidents_by_status"]["rejected"] == 1
