"""Review actions: every one an append-only event with who/when/before/after; history replays; undo."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from conftest_store import store, store_url  # noqa: F401 - fixtures
from rasad.log import review
from rasad.log.review import ReviewError


def _log_with_two_accounts(store):
    """One incident from two accounts of one killing, and a separate one."""
    from rasad.log.service import merge_pending
    from rasad.store import incident_report_row

    items = [
        {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2026-01-08", "date_precision": "day",
         "place_name": "Karaj", "province": "Alborz", "victims": [{"name": "Nima Salahpour"}], "counts": {"killed": 1}},
        {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2026-01-08", "date_precision": "day",
         "place_name": "Karaj", "province": "Alborz", "victims": [{"name": "Nima Salahpoor"}], "counts": {"killed": 1}},
        {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2026-01-09", "date_precision": "day",
         "place_name": "Rasht", "province": "Gilan", "victims": [{"name": "Kamran Ahmadi"}], "counts": {"killed": 1}},
    ]
    with store.session() as s:
        for n, item in enumerate(items):
            s.add(incident_report_row(item, pipeline_version="t", source_key=f"t:{n}"))
    merge_pending(store)
    from rasad.log.queries import list_incidents

    incidents = sorted(list_incidents(store), key=lambda i: i["id"])
    assert len(incidents) == 2
    return incidents[0]["id"], incidents[1]["id"]


def test_every_action_needs_a_note_and_a_name(store):
    inc, _ = _log_with_two_accounts(store)
    with pytest.raises(ReviewError, match="note"):
        review.set_status(store, inc, "confirm", by="analyst", note="  ")
    with pytest.raises(ReviewError, match="who"):
        review.set_status(store, inc, "confirm", by="", note="checked two sources")
    assert review.history(store, inc) == []


def test_status_and_edits_are_recorded_with_before_and_after(store):
    from rasad.log.service import incident_detail

    inc, _ = _log_with_two_accounts(store)
    review.set_status(store, inc, "confirm", by="leila", note="two accounts agree")
    review.edit(store, inc, "place_name", "Gohardasht, Karaj", by="leila", note="neighbourhood named in the story")
    events = review.history(store, inc)
    assert [(e["action"], e["field"], e["before"], e["after"], e["by"]) for e in events] == [
        ("confirm", "status", "unreviewed", "confirmed", "leila"),
        ("edit", "place_name", "Karaj", "Gohardasht, Karaj", "leila"),
    ]
    assert all(e["at"] for e in events)
    detail = incident_detail(store, inc)
    assert detail["status"] == "confirmed" and detail["place_name"] == "Gohardasht, Karaj"
    # the sources' own accounts are untouched
    assert {a["place_name"] for a in detail["accounts"]} == {"Karaj"}


def test_figures_cannot_be_typed_over(store):
    inc, _ = _log_with_two_accounts(store)
    with pytest.raises(ReviewError, match="cannot be edited"):
        review.edit(store, inc, "fatalities", "5", by="leila", note="I think more died")


def test_split_then_undo_and_the_history_replays(store):
    from rasad.log.service import incident_detail

    inc, _ = _log_with_two_accounts(store)
    members = review.members(store, inc)
    assert len(members) == 2
    event, new_inc = review.split(store, inc, [members[1]], by="arash", note="two different people")
    assert review.members(store, inc) == [members[0]]
    assert review.members(store, new_inc) == [members[1]]
    # the old link is deactivated, not deleted
    links = review.link_history(store, members[1])
    assert [(ln["incident_id"], ln["active"]) for ln in links] == [(inc, False), (new_inc, True)]
    review.undo(store, event, by="leila", note="same person, spelling differs")
    assert review.members(store, inc) == members
    assert review.members(store, new_inc) == []
    with pytest.raises(ReviewError, match="already undone"):
        review.undo(store, event, by="leila", note="again")
    states = review.replay(review.history(store, inc), initial_members=members)
    assert [s["members"] for s in states] == [[members[0]], members]
    assert states[-1]["members"] == review.members(store, inc)
    assert incident_detail(store, inc)["history"][-1]["action"] == "undo"


def test_merge_then_undo(store):
    a, b = _log_with_two_accounts(store)
    before_a, before_b = review.members(store, a), review.members(store, b)
    event = review.merge(store, a, b, by="arash", note="same protest night")
    assert review.members(store, a) == sorted(before_a + before_b)
    assert review.members(store, b) == []
    review.undo(store, event, by="leila", note="different cities")
    assert review.members(store, a) == before_a and review.members(store, b) == before_b


def test_undo_of_an_edit_restores_the_derived_value_and_replay_agrees(store):
    from rasad.log.service import incident_detail

    inc, _ = _log_with_two_accounts(store)
    e1 = review.set_status(store, inc, "reject", by="a", note="duplicate")
    review.undo(store, e1, by="b", note="not a duplicate")
    e2 = review.edit(store, inc, "province", "Tehran", by="a", note="typo?")
    review.undo(store, e2, by="b", note="Karaj is in Alborz")
    detail = incident_detail(store, inc)
    assert detail["status"] == "unreviewed" and detail["province"] == "Alborz"
    final = review.replay(review.history(store, inc))[-1]
    assert final["status"] == detail["status"]
    assert final["overrides"] == detail["overrides"] == {}


def test_review_events_are_append_only(store):
    inc, _ = _log_with_two_accounts(store)
    review.set_status(store, inc, "confirm", by="leila", note="checked")
    with pytest.raises(Exception):
        with store.session() as s:
            s.execute(text("UPDATE review_events SET note = 'rewritten'"))
    with pytest.raises(Exception):
        with store.session() as s:
            s.execute(text("DELETE FROM review_events"))
    assert review.history(store, inc)[0]["note"] == "checked"


@pytest.mark.parametrize("field,value,message", [
    ("geonameid", "abc", "geonameid"),
    ("lat", "north", "lat"),
    ("lat", "nan", "lat"),
    ("lat", "500", "lat"),
    ("lon", "-181", "lon"),
    ("date", "2022-13-45", "date"),
    ("date", "yesterday", "date"),
    ("date_precision", "9", "date_precision"),
    ("province", "Gotham", "province"),
    ("event_type", "Party", "event_type"),
    ("sub_type", "Whatever", "sub_type"),
    ("country", "Iran!", "country"),
])
def test_an_edit_refuses_a_value_the_log_cannot_hold(store, field, value, message):
    """A typo in an edit is one clear refusal (CLI line, web 400), never a traceback, and nothing reaches the
    log or its exports (a latitude of 500, "yesterday" as the date, a province that is none of Iran's 31)."""
    from rasad.log.service import incident_detail

    inc, _ = _log_with_two_accounts(store)
    before = incident_detail(store, inc)
    with pytest.raises(ReviewError, match=message):
        review.edit(store, inc, field, value, by="leila", note="typo")
    assert review.history(store, inc) == []
    assert incident_detail(store, inc)[field] == before[field]


@pytest.mark.parametrize("field,value,stored", [
    ("geonameid", " 117392 ", 117392),
    ("lat", "36.25", 36.25),
    ("date", "2022-09", "2022-09"),
    ("date", "--01-03", "--01-03"),
    ("date_precision", "Month", "month"),
    ("province", "Kordestan", "Kurdistan"),
    ("event_type", "protests", "Protests"),
    ("sub_type", "peaceful protest", "Peaceful protest"),
    ("country", "ir", "IR"),
    ("date", "", None),
])
def test_an_edit_stores_the_canonical_form_of_a_valid_value(store, field, value, stored):
    from rasad.log.service import incident_detail

    inc, _ = _log_with_two_accounts(store)
    review.edit(store, inc, field, value, by="leila", note="as the source says")
    assert incident_detail(store, inc)["overrides"][field] == stored


@pytest.mark.parametrize("args", [
    ["incident", "99999999999999999999"],
    ["review", "confirm", "99999999999999999999", "--note", "x", "--by", "y"],
    ["review", "merge", "1", "99999999999999999999", "--note", "x", "--by", "y"],
    ["review", "undo", "99999999999999999999", "--note", "x", "--by", "y"],
    ["review", "public", "99999999999999999999", "Someone", "--note", "x", "--by", "y"],
    ["incidents", "--offset", "99999999999999999999"],
])
def test_an_id_too_large_for_the_log_is_a_usage_error_not_a_traceback(store_url, monkeypatch, args):  # noqa: F811
    """A mistyped id past SQLite's INTEGER ended in "OverflowError: Python int too large to convert to SQLite
    INTEGER"; the web already bounds ids at 2**62."""
    from typer.testing import CliRunner

    from rasad.cli import _load_commands, app

    _load_commands()
    monkeypatch.setenv("RASAD_DATABASE_URL", store_url)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, OverflowError) and "Traceback" not in result.output
