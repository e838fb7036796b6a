"""Merging in parallel partitions on Ray (``rasad.log.parallel_merge``) leaves the links a serial merge
(``merge_pending``) leaves: two logs built alike, one batch of new incident reports merged serially into
one and on a real local Ray (two CPUs, several partitions) into the other; the links (which report
joined which incident, score, explanation) and the incidents (as sets of reports) are compared. On
SQLite and, when RASAD_TEST_DATABASE_URL is set, on PostgreSQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import random

import pytest
import sqlalchemy as sa
from conftest_store import BACKENDS, backend_url

from rasad.log.service import merge_pending
from rasad.store import incident_report_row, open_store
from rasad.store.schema import IncidentRow

ray = pytest.importorskip("ray")

from rasad.log.parallel_merge import _partitions, link_groups, merge_parallel  # noqa: E402

# Names made up for this test from common given and family names.
GIVEN = ["Reza", "Sara", "Navid", "Mina", "Kaveh", "Leila", "Omid", "Parisa"]
FAMILY = ["Karimi", "Ahmadi", "Moradi", "Jafari", "Rostami", "Kazemi"]
PROVINCES = ["Tehran", "Kurdistan", "Sistan and Baluchestan", None]


def item(rng: random.Random, day: dt.date) -> dict:
    prov = rng.choice(PROVINCES)
    it = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": day.isoformat(),
          "date_precision": rng.choice(["day", "day", "day", "month"]), "province": prov,
          "place_name": f"{prov} district {rng.randrange(3)}" if prov else None, "counts": {"killed": rng.randint(1, 3)}}
    if rng.random() < 0.7:
        it["victims"] = [{"name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"}]
    if rng.random() < 0.05:
        it["date"] = None
    return it


def another_account(rng: random.Random, it: dict) -> dict:
    new = dict(it)
    if it.get("date"):
        new["date"] = (dt.date.fromisoformat(it["date"]) + dt.timedelta(days=rng.choice((-1, 0, 1, 2)))).isoformat()
    if it.get("victims") and rng.random() < 0.5:
        name = it["victims"][0]["name"]
        new["victims"] = [{"name": name.replace("i", "ee", 1) if rng.random() < 0.5 else name.split()[-1]}]
    new["counts"] = {"killed": it["counts"]["killed"] + rng.choice((0, 0, 2))}
    return new


def build(url: str) -> None:
    """The same log every time: 200 incidents merged serially, then a batch of 400 new incident reports
    (a third other accounts of logged incidents, a third other accounts of the batch's own earlier
    reports, dense days in few provinces so that blocks overlap across partitions) left unmerged."""
    rng = random.Random(20)
    start = dt.date(2022, 9, 15)
    days = [start + dt.timedelta(days=rng.randrange(60)) for _ in range(600)]
    base = [item(rng, d) for d in days[:200]]
    with open_store(url) as store:
        with store.session() as s:
            s.add_all(incident_report_row(it, pipeline_version="t", source_key=f"base:{i}") for i, it in enumerate(base))
        merge_pending(store)
        batch: list[dict] = []
        for i in range(400):
            r = rng.random()
            if r < 0.33:
                batch.append(another_account(rng, rng.choice(base)))
            elif r < 0.66 and batch:
                batch.append(another_account(rng, rng.choice(batch)))
            else:
                batch.append(item(rng, days[200 + i]))
        with store.session() as s:
            s.add_all(incident_report_row(it, pipeline_version="t", source_key=f"new:{i}") for i, it in enumerate(batch))


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_parallel_merge_equals_serial(backend, tmp_path, local_ray):
    (tmp_path / "serial").mkdir()
    (tmp_path / "parallel").mkdir()
    with contextlib.ExitStack() as stack:
        serial_url = stack.enter_context(backend_url(backend, tmp_path / "serial"))
        parallel_url = stack.enter_context(backend_url(backend, tmp_path / "parallel"))
        build(serial_url)
        build(parallel_url)
        with open_store(serial_url) as store:
            serial = merge_pending(store)
            serial_links = link_groups(store)
        with open_store(parallel_url) as store:
            parallel = merge_parallel(store, workers=2, partitions=6)
            parallel_links = link_groups(store)
            again = merge_parallel(store, workers=2)  # nothing left to merge
            with store.read_session() as s:
                derived = dict(s.execute(sa.select(IncidentRow.id, IncidentRow.corroboration)).all())
    assert serial == parallel
    assert again["incident_reports"] == 0
    assert serial["incident_reports"] == 400
    # The batch exercised both roads: merges into logged incidents and into the batch's own new ones.
    assert 50 < serial["merged"] < 350
    links, incidents = parallel_links
    batch_only = [inc for inc in incidents if all(k.startswith("new:") for k in inc)]
    assert any(len(inc) > 1 for inc in batch_only)
    assert any(len(inc) > 1 and any(k.startswith("base:") for k in inc) for inc in incidents)
    assert parallel_links == serial_links
    assert all(v >= 1 for v in derived.values())  # every incident derived from its accounts


@pytest.mark.slow
def test_capped_blocks_are_decided_in_the_partitions_as_serially(tmp_path, local_ray):
    """A block larger than the cap keeps its most recent reports, stored and batch alike (``candidate_map``):
    with a cap of 6 most of this batch's blocks are capped, and the parallel merge, which applies the cap
    while scoring (only the incidents the batch's reports join are left to the driver), links exactly as the
    serial merge with the same cap. The cap must matter here: the links differ from those without it."""
    urls = {}
    for name in ("uncapped", "serial", "parallel"):
        urls[name] = f"sqlite:///{tmp_path / name}.db"
        build(urls[name])
    with open_store(urls["uncapped"]) as store:
        merge_pending(store)
        uncapped = link_groups(store)
    with open_store(urls["serial"]) as store:
        serial = merge_pending(store, max_candidates=6)
        serial_links = link_groups(store)
    with open_store(urls["parallel"]) as store:
        parallel = merge_parallel(store, workers=2, partitions=6, max_candidates=6)
        parallel_links = link_groups(store)
    assert serial_links != uncapped
    assert serial == parallel and serial["incident_reports"] == 400
    assert parallel_links == serial_links


def test_partitions_are_whole_province_week_blocks():
    rows = [(i, ["Tehran", "Fars", None][i % 3], dt.date(2022, 10, 1) + dt.timedelta(days=i % 40)) for i in range(300)]
    rows.append((300, "Fars", None))
    parts = _partitions(rows, 4)
    assert 3 <= len(parts) <= 5
    assert sorted(i for p in parts for i in p) == list(range(301))
    block = {i: ((d.toordinal() // 7) if d else -1, p or "") for i, p, d in rows}
    owner = {block[i]: n for n, p in enumerate(parts) for i in p}
    assert all(owner[block[i]] == n for n, p in enumerate(parts) for i in p)  # a block is never split


def test_the_command_line_merges_on_ray(tmp_path, local_ray):
    import json

    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    url = f"sqlite:///{tmp_path / 'log.db'}"
    build(url)
    env = {"RASAD_DATABASE_URL": url}
    done = CliRunner().invoke(app, ["merge", "--engine", "ray", "--workers", "2", "--json"], env=env)
    assert done.exit_code == 0, done.output
    counts = json.loads(done.output)
    assert counts["incident_reports"] == 400 and counts["merged"] + counts["new_incidents"] == 400
    again = CliRunner().invoke(app, ["merge", "--engine", "ray", "--json"], env=env)
    assert json.loads(again.output)["incident_reports"] == 0
    refused = CliRunner().invoke(app, ["merge", "--engine", "spark"], env=env)
    assert refused.exit_code != 0 and "--engine is local or ray" in refused.output
