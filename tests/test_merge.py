"""Merging incident reports into incidents: blocking, scoring, explanations, incremental batches."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log.merge import (
    DATE_WINDOW_DAYS,
    MemoryIndex,
    compatible,
    features_from_incident_report,
    merge_in_memory,
    pair_score,
    score_pair,
)


def killing(name=None, date="2026-01-08", place="Karaj", province="Alborz", killed=1, **extra):
    item = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": date, "date_precision": "day",
            "place_name": place, "province": province, "counts": {"killed": killed} if killed is not None else {}}
    if name:
        item["victims"] = [{"name": name}]
    item.update(extra)
    return item


def protest(date="2026-01-08", place="Karaj", province="Alborz"):
    return {"event_type": "Protests", "sub_type": "Peaceful protest", "date": date, "date_precision": "day",
            "place_name": place, "province": province, "counts": {"participants": 200}}


def arrest(name, date="2026-01-08"):
    return {"event_type": "Strategic developments", "sub_type": "Arrests", "date": date, "date_precision": "day",
            "victims": [{"name": name}], "place_name": "Karaj", "province": "Alborz"}


def f(item, **kw):
    return features_from_incident_report(item, **kw)


# --- blocking ----------------------------------------------------------------------------------


def test_blocking_never_compares_across_families_or_distant_dates():
    index = MemoryIndex()
    index.record_pairs = True
    items = [
        ("killing-jan", f(killing("Nima Salahpour"))),
        ("arrest-same-name", f(arrest("Nima Salahpour"))),  # another family
        ("protest-same-day", f(protest())),  # another family
        ("killing-june", f(killing("Nima Salahpour", date="2026-06-20"))),  # same name, months later
        ("killing-jan-again", f(killing("Nima Salahpoor", date="2026-01-09"))),
    ]
    merge_in_memory(items, index)
    compared = {frozenset(p) for p in index.compared_pairs}
    assert frozenset({"killing-jan-again", "killing-jan"}) in compared
    for a, b in index.compared_pairs:
        assert index.features[a].family == index.features[b].family
    assert frozenset({"killing-june", "killing-jan"}) not in compared
    assert frozenset({"killing-june", "killing-jan-again"}) not in compared
    assert frozenset({"arrest-same-name", "killing-jan"}) not in compared
    assert frozenset({"protest-same-day", "killing-jan"}) not in compared


def test_compatibility_filter_uses_the_date_window():
    a = f(killing("Nima Salahpour", date="2026-01-08"))
    assert compatible(a, f(killing("X Y", date=(dt.date(2026, 1, 8) + dt.timedelta(days=DATE_WINDOW_DAYS)).isoformat())))
    assert not compatible(a, f(killing("X Y", date=(dt.date(2026, 1, 8) + dt.timedelta(days=DATE_WINDOW_DAYS + 1)).isoformat())))


def test_a_date_of_week_precision_spans_its_week():
    day = (dt.date(2026, 1, 8) + dt.timedelta(days=DATE_WINDOW_DAYS + 3)).isoformat()
    week = f(killing("X Y", date="2026-01-08", date_precision="week"))
    assert compatible(week, f(killing("X Y", date=day)))  # three days either side of the day given
    assert not compatible(f(killing("X Y", date="2026-01-08")), f(killing("P Q", date=day)))


def test_one_full_name_bridges_a_disagreement_on_the_day_or_the_year():
    """A person is not killed twice: accounts naming the same full name may disagree on the day by up to
    a month, or on the year of the same day (a registry's mis-keyed year), and are still compared."""
    a = f(killing("Nima Salahpour", date="2026-01-08"))
    assert compatible(a, f(killing("Nima Salahpour", date="2026-01-20")))
    assert compatible(a, f(killing("Nima Salahpour", date="2023-01-08")))  # Dey 1404 filed as Dey 1401
    assert not compatible(a, f(killing("Nima Salahpour", date="2026-03-20")))
    assert not compatible(a, f(killing("Nima Salahpour", date="2023-01-20")))
    assert not compatible(a, f(killing("Reza Salahpour", date="2026-01-20")))
    assert not compatible(f(killing("Salahpour", date="2026-01-08")), f(killing("Salahpour", date="2026-01-20")))
    assert score_pair(a, f(killing("Nima Salahpour", date="2026-01-20"))).fields[1].verdict == "disagree"


def test_blocking_finds_what_one_full_name_bridges():
    """The accounts ``compatible`` admits for one full name (weeks apart, the same day of another year) are
    found by the blocking index too, so they are compared, and merge when name and place agree."""
    index = MemoryIndex()
    index.record_pairs = True
    items = [
        ("registry", f(killing("Hamed Farahani", date="2023-01-08", place="Tehran", province="Tehran"))),
        ("story-another-year", f(killing("Hamed Farahani", date="2026-01-08", place="Tehran", province="Tehran"))),
        ("story-weeks-later", f(killing("Hamed Farahani", date="2023-01-30", place="Tehran", province="Tehran"))),
        ("story-year-unknown", f(killing("Hamed Farahani", date="--02-02", place="Tehran", province="Tehran"))),
        ("other-person-another-year", f(killing("Hamed Farahani", date="2025-06-15", place="Tehran", province="Tehran"))),
    ]
    incident_of, _ = merge_in_memory(items, index)
    compared = {frozenset(p) for p in index.compared_pairs}
    for key in ("story-another-year", "story-weeks-later", "story-year-unknown"):
        assert frozenset({"registry", key}) in compared or incident_of[key] == incident_of["registry"], key
    assert incident_of["story-another-year"] == incident_of["registry"]
    assert incident_of["other-person-another-year"] != incident_of["registry"]


def test_a_day_without_a_year_is_compared_by_month_and_day():
    story = f(killing("Kourosh Javidan", date="--01-10", place=None, province="Tehran"))
    registry = f(killing("Kourosh Javidan", date="2023-01-10", place="Tehran", province="Tehran"))
    assert not story.year_known
    assert compatible(story, registry)
    assert score_pair(story, registry).merge


def test_rows_of_one_registry_are_never_merged_with_each_other():
    a = f(killing("Ali Rezaei"), distinct_source="javidnam")
    b = f(killing("Ali Rezaei"), distinct_source="javidnam")
    assert not compatible(a, b)


# --- scoring and explanation ---------------------------------------------------------------------


def test_merge_explanation_says_which_fields_agreed():
    a = f(killing("Mohammad Hossein Rashtiani", date="2026-01-08"))
    b = f(killing("Mohammed Hussein Rashtiyani", date="2026-01-09", killed=2))
    decision = score_pair(a, b)
    assert decision.merge
    why = decision.explanation()
    assert set(why["agreed"]) >= {"victims", "date", "place", "type"}
    assert why["fields"]["date"]["detail"].startswith("1 day")
    assert why["score"] >= why["threshold"]


def test_different_full_names_veto_a_merge_even_on_the_same_day_and_place():
    decision = score_pair(f(killing("Ali Mohammadi")), f(killing("Reza Sharifi")))
    assert not decision.merge
    assert decision.veto == "victims' full names differ"
    assert "victims" in decision.explanation()["disagreed"]


def test_unnamed_accounts_need_both_date_and_place_to_agree():
    assert score_pair(f(killing(killed=3)), f(killing(killed=4))).merge
    other_city = f(killing(killed=3, place="Zahedan", province="Sistan and Baluchestan"))
    assert not score_pair(f(killing(killed=3)), other_city).merge
    no_place = f(killing(killed=3, place=None, province=None))
    assert not score_pair(f(killing(killed=3)), no_place).merge


def test_the_score_without_explanation_is_the_explained_score():
    # A merge scores every candidate with pair_score and explains only the one it links to: both must agree
    # on every pair, whatever agrees or disagrees (names in either script, dates, places, tolls, no names).
    items = [killing("Nima Salahpour"), killing("Nima Salahpoor", date="2026-01-09", killed=2),
             killing("Nima Salahpour", date="2026-01-20", place="Tehran", province="Tehran", killed=9),
             killing("Reza Sharifi", date="2026-01-07"), killing("Salahpour"), killing(killed=3),
             killing(killed=12, place=None, province=None), killing("نیما صلاح‌پور", place="کرج"),
             killing("Nima Salahpour", date="--01-08"), killing("Nima Salahpour", date="2026-01", place=None),
             killing("Ali Mohammadi", geonameid=128747), killing("Ali Mohammadi", place="Fardis", geonameid=128747),
             arrest("Nima Salahpour"), protest(), killing(killed=None, event_type="Riots", sub_type="Mob violence")]
    feats = [f(it) for it in items]
    for a in feats:
        for b in feats:
            full = score_pair(a, b)
            assert pair_score(a, b) == (full.score, full.merge, full.veto)


# --- the log (SQLite and PostgreSQL) -----------------------------------------------------------------


def _add(store, items, source_prefix="test"):
    from rasad.store import incident_report_row

    with store.session() as s:
        for n, item in enumerate(items):
            s.add(incident_report_row(item, pipeline_version="test-1", source_key=f"{source_prefix}:{n}"))


def _incident_of(store, source_key):
    from rasad.store.schema import IncidentLink, IncidentReportRow

    with store.read_session() as s:
        return s.scalar(
            select(IncidentLink.incident_id)
            .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
            .where(IncidentReportRow.source_key == source_key, IncidentLink.active)
        )


def test_a_new_batch_is_merged_into_the_existing_log(store):
    from rasad.log.service import incident_detail, merge_pending

    _add(store, [killing("Nima Salahpour"), killing("Hamidreza Goudarzi"), protest()], "old")
    first = merge_pending(store)
    assert first == {"incident_reports": 3, "merged": 0, "new_incidents": 3}
    _add(store, [killing("Nima Salahpoor", date="2026-01-09", killed=2), killing("Kamran Ahmadi")], "new")
    second = merge_pending(store)
    assert second == {"incident_reports": 2, "merged": 1, "new_incidents": 1}
    inc = _incident_of(store, "old:0")
    assert _incident_of(store, "new:0") == inc
    assert _incident_of(store, "new:1") not in {inc, _incident_of(store, "old:1")}
    detail = incident_detail(store, inc)
    assert len(detail["accounts"]) == 2
    merged = [a for a in detail["accounts"] if a["source_key"] == "new:0"][0]
    assert "victims" in merged["link"]["explanation"]["agreed"]
    # figures side by side, the conservative one derived
    assert [f["low"] for f in detail["figures"]["killed"]] == [1, 2]
    assert detail["fatalities"] == 1
    assert merge_pending(store) == {"incident_reports": 0, "merged": 0, "new_incidents": 0}


def test_a_nul_character_in_an_imported_name_is_dropped_not_a_failed_merge(store):
    # JSON allows "\u0000"; PostgreSQL's text and jsonb do not: the name is kept without it
    from rasad.log.service import incident_detail, merge_pending

    _add(store, [killing("Nima\x00 Salahpour"), killing("Nima Salahpour")], "nul")
    assert merge_pending(store)["incident_reports"] == 2
    inc = _incident_of(store, "nul:0")
    assert inc is not None and _incident_of(store, "nul:1") == inc
    names = [v if isinstance(v, str) else v.get("name") for a in incident_detail(store, inc)["accounts"] for v in a["victims"]]
    assert names and all("\x00" not in (n or "") for n in names)


def test_merge_uses_the_blocking_index_not_all_pairs(store):
    from rasad.log.service import merge_pending
    from rasad.store.schema import MergeKey

    _add(store, [killing(f"Person{n} Family{n}", date=f"2025-{1 + n % 12:02d}-{1 + n % 27:02d}") for n in range(30)])
    merge_pending(store)
    with store.read_session() as s:
        keys = s.scalar(select(func.count()).select_from(MergeKey))
    assert keys >= 30  # every incident report is indexed under its blocking keys


def test_batch_members_merge_with_each_other(store):
    from rasad.log.service import merge_pending

    _add(store, [killing("Zahra Najafi"), killing("Zahraa Najafi", date="2026-01-09")])
    assert merge_pending(store)["new_incidents"] == 1
    assert _incident_of(store, "test:0") == _incident_of(store, "test:1")


def test_stored_features_read_in_bulk_are_the_rows_features(store):
    # The merge reads its candidates' features in bulk (on PostgreSQL: the JSON columns as text, and of
    # ``data`` only the keys the merge reads): the same features as from the full rows.
    from rasad.log.service import _FEATURE_COLS, _feature_rows, features_of_row
    from rasad.store.schema import IncidentReportRow

    rich = killing("Nima Salahpour", date={"value": "--01-08", "precision": "day", "year_known": False},
                   place_aliases=["کرج"], places=[{"name": "Fardis", "geonameid": 1, "province": "Alborz"}, "not a place"],
                   distinct_source="registry-1", evidence=[{"text": "long " * 50}])
    rich["place"] = {"name": "Karaj", "geonameid": 128747, "province": "Alborz"}
    _add(store, [rich, killing("Reza Sharifi", year_known=False), killing(killed=None, counts=None), protest(),
                 {"event_type": "Riots"}])
    with store.read_session() as s:
        rows = {r.id: features_of_row(r) for r in s.execute(select(*_FEATURE_COLS))}
        bulk = {r.id: features_of_row(r) for r in _feature_rows(s, sorted(rows))}
    assert len(rows) == 5 and bulk == rows
    assert any(x.distinct_source == "registry-1" and not x.year_known and x.geonameids for x in rows.values())
