"""One merge rule on every backend (issues 18 and 20): the in-memory index (``MemoryIndex``, the tests' and the
benchmark's baseline) links the same accounts as the store's merge (``merge_pending``, in one batch or in
batches of three) and the parallel merge on Ray (``merge_parallel``), on SQLite, SQLCipher and PostgreSQL
(when ``RASAD_TEST_DATABASE_URL`` is set). The accounts are
invented for this test, in English and Persian, and include the cases where a rule beyond the best score
decides: an account naming only a given name between two close candidates, a clear winner for one, an account
naming nobody between two matching incidents, an incident vetoed by a member naming someone else, and a tie."""

from __future__ import annotations

import json

import pytest

from conftest_store import store_url  # noqa: F401 - fixture
from rasad.log.merge import MemoryIndex, features_from_incident_report, merge_in_memory
from rasad.log.parallel_merge import link_groups
from rasad.log.service import merge_pending
from rasad.store import incident_report_row, open_store

SANANDAJ = {"name": "Sanandaj", "geonameid": 117574, "province": "Kurdistan"}
SAQQEZ = {"name": "Saqqez", "geonameid": 117392, "province": "Kurdistan"}
TABRIZ = {"name": "تبریز", "province": "East Azerbaijan"}
KARAJ = {"name": "Karaj", "province": "Alborz"}


def killing(date: str, place: dict, *victims: dict, **extra) -> dict:
    item = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": date, "date_precision": "day",
            "place": dict(place), "counts": {"killed": max(1, len(victims))}, "victims": list(victims)}
    return item | extra


# (key, account) in the order they reach the log; the comment says what the store's merge does with each.
ACCOUNTS = [
    # Two registry rows of one town and day, one year of age apart (one registry: never merged together).
    ("reg-daneshvar", killing("2022-10-15", SANANDAJ, {"name": "Kaveh Daneshvar", "age": 24}, distinct_source="reg")),
    ("reg-rostamian", killing("2022-10-15", SANANDAJ, {"name": "Kaveh Rostamian", "age": 25}, distinct_source="reg")),
    # A given name and an age that fit both rows about as well: no clear winner, a new incident.
    ("story-kaveh", killing("2022-10-15", SANANDAJ, {"name": "Kaveh", "age": 24})),
    # A given name and an age that fit one row of its town and day far better than the other: merged.
    ("reg-sohrabi", killing("2022-11-02", SAQQEZ, {"name": "Parviz Sohrabi", "age": 40}, distinct_source="reg")),
    ("reg-moradi", killing("2022-11-02", SAQQEZ, {"name": "Jalal Moradi", "age": 19}, distinct_source="reg")),
    ("story-parviz", killing("2022-11-02", SAQQEZ, {"name": "Parviz", "age": 40})),
    # The same in Persian: two rows a year of age apart, a story with the given name and an age.
    ("reg-ahmadi-fa", killing("2022-11-20", TABRIZ, {"name": "نیما احمدی", "age": 30}, distinct_source="reg")),
    ("reg-hosseini-fa", killing("2022-11-20", TABRIZ, {"name": "نیما حسینی", "age": 31}, distinct_source="reg")),
    ("story-nima-fa", killing("2022-11-20", TABRIZ, {"name": "نیما", "age": 30})),
    # A full name in Latin letters joins its Persian row (the rows above are its only candidates).
    ("story-ahmadi-en", killing("2022-11-21", {"name": "Tabriz", "province": "East Azerbaijan"}, {"name": "Nima Ahmadi"})),
    # An account naming nobody matches two incidents of its town and day naming nobody either (two rows of
    # one registry): which one is a guess, so it is left apart.
    ("unnamed-1", killing("2026-01-08", KARAJ, counts={"killed": 2}, distinct_source="reg3")),
    ("unnamed-2", killing("2026-01-08", KARAJ, counts={"killed": 3}, distinct_source="reg3")),
    ("unnamed-3", killing("2026-01-08", KARAJ, counts={"killed": 2})),
    # A veto: the first brother's account, then one naming both brothers (it joins the first), then an account
    # of the second brother: it matches the second member but the first names someone else, so it stays apart.
    ("brother-1", killing("2026-01-10", KARAJ, {"name": "Hamid Karimi"})),
    ("brothers", killing("2026-01-10", KARAJ, {"name": "Hamid Karimi"}, {"name": "Reza Karimi"})),
    ("brother-2", killing("2026-01-10", KARAJ, {"name": "Reza Karimi"})),
    # The same veto in Persian.
    ("fa-brother-1", killing("2026-02-12", TABRIZ, {"name": "سامان نوری"})),
    ("fa-brothers", killing("2026-02-12", TABRIZ, {"name": "سامان نوری"}, {"name": "پویا نوری"})),
    ("fa-brother-2", killing("2026-02-12", TABRIZ, {"name": "پویا نوری"})),
    # A tie: one registry lists one person twice (two incidents); a story of that person joins the older row.
    ("reg-amini-1", killing("2022-09-16", {"name": "Saqqez", "province": "Kurdistan"}, {"name": "Sara Amini"}, distinct_source="reg2")),
    ("reg-amini-2", killing("2022-09-16", {"name": "Saqqez", "province": "Kurdistan"}, {"name": "Sara Amini"}, distinct_source="reg2")),
    ("story-amini", killing("2022-09-16", {"name": "Saqqez", "province": "Kurdistan"}, {"name": "Sara Amini"})),
]

# What the store's merge does with these accounts: report -> the report whose incident it joins (absent: a new
# incident). Written from the rules, so that the comparison below cannot pass by both sides doing nothing.
EXPECTED = {
    "story-parviz": "reg-sohrabi",
    "story-ahmadi-en": "reg-ahmadi-fa",
    "brothers": "brother-1",
    "fa-brothers": "fa-brother-1",
    "story-amini": "reg-amini-1",
}


def memory_links() -> tuple[frozenset, frozenset]:
    """``link_groups``'s form for the in-memory merge: (report, score, explanation) of each merged report and
    the incidents as sets of reports."""
    items = [(key, features_from_incident_report(item, distinct_source=item.get("distinct_source")))
             for key, item in ACCOUNTS]
    incident_of, explanations = merge_in_memory(items, MemoryIndex())
    groups: dict[str, set[str]] = {}
    for key, inc in incident_of.items():
        groups.setdefault(inc, set()).add(key)
    links = frozenset((key, round(e["score"], 3), json.dumps(e, sort_keys=True)) for key, e in explanations.items())
    return links, frozenset(frozenset(g) for g in groups.values())


def joined(groups: frozenset) -> dict[str, str]:
    """report -> the first report of the incident it joined (for the reports that joined one)."""
    order = [key for key, _ in ACCOUNTS]
    out = {}
    for g in groups:
        first = min(g, key=order.index)
        out |= {k: first for k in g if k != first}
    return out


@pytest.mark.parametrize("batch", [2000, 3])
def test_memory_index_links_as_the_store_does(store_url, batch):  # noqa: F811
    store = open_store(store_url)
    try:
        with store.session() as s:
            for key, item in ACCOUNTS:
                s.add(incident_report_row(item, pipeline_version="t", source_key=key))
        merge_pending(store, batch=batch)
        links, groups = link_groups(store)
    finally:
        store.close()
    assert joined(groups) == EXPECTED
    merged = frozenset(link for link in links if link[1] is not None)  # new incidents' links carry no score
    assert memory_links() == (merged, groups)


@pytest.mark.slow
@pytest.mark.parametrize("logged", [8, 15])
def test_the_parallel_merge_links_as_the_store_does(store_url, local_ray, logged):  # noqa: F811
    """The parallel merge decides on the driver from verdicts scored in Ray tasks, with the same functions:
    the same links as ``MemoryIndex`` (and so as ``merge_pending`` above). The first ``logged`` accounts are
    merged serially first, so the rest meet the log's incidents (verdicts of stored incidents: a given name
    between two rows at 8, the brothers' veto at 15) and each other's (comparisons within the batch)."""
    pytest.importorskip("ray")
    from rasad.log.parallel_merge import merge_parallel

    store = open_store(store_url)
    try:
        for serially, part in ((True, ACCOUNTS[:logged]), (False, ACCOUNTS[logged:])):
            with store.session() as s:
                for key, item in part:
                    s.add(incident_report_row(item, pipeline_version="t", source_key=key))
            if serially:
                merge_pending(store)
        assert merge_parallel(store, workers=2, partitions=4)["incident_reports"] == len(ACCOUNTS) - logged
        links, groups = link_groups(store)
    finally:
        store.close()
    assert joined(groups) == EXPECTED
    assert memory_links() == (frozenset(link for link in links if link[1] is not None), groups)
