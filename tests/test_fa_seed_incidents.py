"""The incident must-items of ../shared/corpus/fa-seed/expected.yaml for the two Persian reports (the human-rights
monitor's and the state news agency's), through the pipeline a user runs: read the file, analyse it."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
import yaml

from rasad.analysis.pipeline import analyze
from rasad.ingest.read import read_path
from tests.conftest import requires_shared

SEED = requires_shared("corpus", "fa-seed")
PERSIAN = ("hrana-saqqez.html", "irna-saqqez.html")


@functools.lru_cache(maxsize=None)
def _expected() -> dict:
    return yaml.safe_load((SEED / "expected.yaml").read_text(encoding="utf-8"))["reports"]


@functools.lru_cache(maxsize=None)
def _incidents(name: str) -> list[dict]:
    analysis = analyze(read_path(SEED / name))
    assert analysis.report.language == "fa"
    return [i for i in analysis.incidents if not i.get("background")]


def _low(incident: dict, key: str) -> int:
    count = (incident.get("counts") or {}).get(key) or {}
    return count.get("min") or 0


def _holds(incident: dict, item: dict) -> list[str]:
    """The checks of one must-item that the incident fails (empty: it holds)."""
    failed = []
    types = [item["event_type"]] + list(item.get("also_accept_event_type") or []) if "event_type" in item else []
    if types and incident["type"] not in types:
        failed.append(f"type {incident['type']}")
    if "sub_event_type" in item and incident["type"] == item["event_type"] and incident["sub_type"] != item["sub_event_type"]:
        failed.append(f"sub_type {incident['sub_type']}")
    date = (incident.get("date") or {}).get("value")
    if "date" in item and date != item["date"]:
        failed.append(f"date {date}")
    if "date_within_days_of" in item:
        day, days = item["date_within_days_of"]
        if not date or abs((dt.date.fromisoformat(date[:10]) - dt.date.fromisoformat(day)).days) > days:
            failed.append(f"date {date}")
    if "geonameid" in item and (incident.get("place") or {}).get("geonameid") != item["geonameid"]:
        failed.append(f"place {incident.get('place')}")
    for key in ("killed", "injured", "arrested"):
        if f"{key}_low" in item and _low(incident, key) != item[f"{key}_low"]:
            failed.append(f"{key} {_low(incident, key)}")
        if f"{key}_low_at_least" in item and _low(incident, key) < item[f"{key}_low_at_least"]:
            failed.append(f"{key} {_low(incident, key)}")
    names = " ".join(v["name"] for v in incident.get("victims") or [])
    failed += [f"victim {n}" for n in item.get("victim_names") or [] if n not in names]
    actors = " ".join(a["name"] for a in incident.get("actors") or [])
    failed += [f"actor {a}" for a in item.get("actor_contains") or [] if a not in actors]
    if "claimant_contains" in item and item["claimant_contains"] not in (incident.get("claimant") or ""):
        failed.append(f"claimant {incident.get('claimant')}")
    return failed


def _must(name: str) -> list[dict]:
    return list((_expected()[name].get("incidents") or {}).get("must") or [])


@pytest.mark.parametrize(("name", "item"), [(n, i) for n in PERSIAN for i in _must(n)],
                         ids=lambda v: v if isinstance(v, str) else v["what"][:30])
def test_seed_incident_must_items(name, item):
    incidents = _incidents(name)
    misses = [_holds(i, item) for i in incidents]
    assert any(not m for m in misses), f"{name}: {item['what']}: best misses {min(misses, key=len) if misses else 'no incident'}"


def test_the_burial_is_no_second_killing_and_the_cause_of_the_protests_is_no_incident_of_that_day():
    incidents = _incidents("hrana-saqqez.html")
    killings = [i for i in incidents if _low(i, "killed")]
    assert len(killings) == 1, [(i["type"], i["counts"], i["trigger"]) for i in killings]
    # "در اعتراض به مرگ مهسا امینی در بازداشت": her death is the protests' cause, not an incident of this report
    assert not any("مرگ" in (i.get("trigger") or "") for i in incidents)
