"""Analysts' review actions: confirm, reject, dispute, merge, split, edit a field, undo.

Every action is one append-only ``review_events`` row (who, when, action, field, before, after,
note); the database refuses to update or delete those rows. Undo is a new event that applies the
inverse of an earlier one. :func:`replay` rebuilds an incident's reviewed state (status, edited
fields, members) from its events alone, so any incident's history can be replayed and checked.

Merges and splits never delete: links are deactivated and new links added, so the incident
reports (and their sources) stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rasad.log.service import EDITABLE_FIELDS, SourceIndex, derive_incident
from rasad.log.summary import reviewing
from rasad.store import Store
from rasad.store.rows import row_dict
from rasad.store.schema import INCIDENT_STATUSES, IncidentLink, IncidentRow, ReviewEvent

STATUS_ACTIONS = {"confirm": "confirmed", "reject": "rejected", "dispute": "disputed", "reopen": "unreviewed"}


class ReviewError(ValueError):
    """A review action that cannot be applied (with a one-line reason)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _check(by: str, note: str) -> None:
    if not (by or "").strip():
        raise ReviewError("say who you are (--by NAME)")
    if not (note or "").strip():
        raise ReviewError("a note is required for every review action (--note ...)")


def _incident(s: Session, incident_id: int) -> IncidentRow:
    inc = s.get(IncidentRow, incident_id)
    if inc is None:
        raise ReviewError(f"no incident {incident_id}")
    return inc


def _event(s: Session, incident_id: int | None, by: str, action: str, note: str, field: str | None = None,
           before: Any = None, after: Any = None) -> ReviewEvent:
    ev = ReviewEvent(incident_id=incident_id, actor=by.strip(), at=_now(), action=action, field=field,
                     before=before, after=after, note=note.strip())
    delta = s.info.get("rasad_review")
    if delta is not None:  # inside summary.reviewing: the overview's delta counts it
        delta.event_incidents.append(incident_id)
    s.add(ev)
    s.flush()
    return ev


def _members(s: Session, incident_id: int) -> list[int]:
    return sorted(s.scalars(select(IncidentLink.incident_report_id).where(
        IncidentLink.incident_id == incident_id, IncidentLink.active)))


def _move(s: Session, ir_ids: list[int], to_incident: int, by: str, why: dict[str, Any]) -> None:
    """Re-link incident reports: deactivate their active links, add new ones (never delete)."""
    for link in s.scalars(select(IncidentLink).where(IncidentLink.incident_report_id.in_(ir_ids), IncidentLink.active)):
        link.active = False
        link.deactivated_at = _now()
    s.flush()
    for ir in ir_ids:
        s.add(IncidentLink(incident_report_id=ir, incident_id=to_incident, score=None, explanation=why, created_by=by))
    s.flush()


def set_status(store: Store, incident_id: int, action: str, *, by: str, note: str) -> int:
    """confirm / reject / dispute / reopen. Returns the review event id."""
    _check(by, note)
    if action not in STATUS_ACTIONS:
        raise ReviewError(f"unknown action {action!r}")
    with reviewing(store) as (s, delta):
        delta.touch(incident_id)
        inc = _incident(s, incident_id)
        before, after = inc.status, STATUS_ACTIONS[action]
        inc.status = after
        return _event(s, incident_id, by, action, note, "status", before, after).id


def edit(store: Store, incident_id: int, field: str, value: Any, *, by: str, note: str) -> int:
    """Set an analyst's value for a field; derived figures stay derived (fatalities cannot be edited:
    they come from the sources; correct the source's incident report or reject it instead)."""
    _check(by, note)
    if field not in EDITABLE_FIELDS:
        raise ReviewError(f"field {field!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")
    if isinstance(value, str):
        value = value.strip()
    if value == "":
        value = None
    with reviewing(store) as (s, delta):
        delta.touch(incident_id)
        inc = _incident(s, incident_id)
        if value is not None:
            value = _checked_value(field, value, inc)
        before = getattr(inc, field)
        data = dict(inc.data or {})
        overrides = dict(data.get("overrides") or {})
        overrides[field] = value
        data["overrides"] = overrides
        inc.data = data
        ev = _event(s, incident_id, by, "edit", note, field, before, value)
        derive_incident(s, incident_id, SourceIndex.load_in(s))
        return ev.id


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}")  # a day, month or year; "--MM-DD": a day, year unknown
_PRECISIONS = ("day", "week", "month", "year")
_LIMITS = {"lat": 90.0, "lon": 180.0}


def _checked_value(field: str, value: Any, inc: IncidentRow) -> Any:
    """An analyst's value for ``field`` in the form the log keeps, or a ReviewError saying what is wanted:
    what an edit stores reaches the incident's listings, merges and exports (ACLED's checks among them)."""
    from rasad.analysis.gazetteer import province_name
    from rasad.incidents.lexicon import acled_table
    from rasad.store.db import date_bounds

    text = str(value).strip()
    if field == "geonameid":
        if not text.isdecimal():
            raise ReviewError(f"geonameid: a GeoNames id is a number, not {text!r}")
        return int(text)
    if field in _LIMITS:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number) or abs(number) > _LIMITS[field]:
            raise ReviewError(f"{field}: a number from -{_LIMITS[field]:g} to {_LIMITS[field]:g}, not {text!r}")
        return number
    if field == "date":
        day = date_bounds(text, nominal_year=2000)[0] if _DATE.fullmatch(text) else None  # 2000: 29 February is a day
        if day is None:
            raise ReviewError(f"date: YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD (a day whose year is unknown), not {text!r}")
        return text
    if field == "date_precision":
        if text.lower() not in _PRECISIONS:
            raise ReviewError(f"date_precision: one of {', '.join(_PRECISIONS)}, not {text!r}")
        return text.lower()
    if field == "country":
        if not re.fullmatch(r"[A-Za-z]{2}", text):
            raise ReviewError(f"country: a two-letter ISO code (IR), not {text!r}")
        return text.upper()
    if field == "province":
        country = ((inc.data or {}).get("overrides") or {}).get("country") or inc.country or "IR"
        if country != "IR":
            return text  # an admin1 abroad, as written
        province = province_name(text)
        if province is None:
            raise ReviewError(f"province: one of Iran's 31 provinces (Tehran, Kurdistan …), not {text!r}")
        return province
    if field in ("event_type", "sub_type"):
        types = acled_table().event_types
        names = types if field == "event_type" else [sub for t in types.values() for sub in t.sub_types]
        canonical = {name.casefold(): name for name in names}.get(text.casefold())
        if canonical is None:
            raise ReviewError(f"{field}: one of ACLED's {'event types' if field == 'event_type' else 'sub-event types'}"
                              f" ({', '.join(list(names)[:3])} …), not {text!r}")
        return canonical
    return value


def set_victim_public(store: Store, incident_id: int, name: str, public: bool, *, by: str, note: str) -> int:
    """Mark a victim of an incident as one who may be named in a public export (``public=True``) or not
    (the default for everyone). Kept on the incident (``data["public_victims"]``, the victims' folded
    names) and recorded as a review event (action ``name_public`` / ``name_withheld``, field
    ``victim:<folded name>``), undoable like every other edit."""
    from rasad.log.publish import victim_key

    _check(by, note)
    with reviewing(store) as (s, delta):
        delta.touch(incident_id)
        inc = _incident(s, incident_id)
        key = victim_key(name or "")
        names = {victim_key(v.get("name") if isinstance(v, dict) else v): (v.get("name") if isinstance(v, dict) else v)
                 for v in inc.victims or [] if (v.get("name") if isinstance(v, dict) else v)}
        if key not in names:  # a Persian name has no spelling key: match its letters whatever their form (ي/ی, ك/ک)
            from rasad.languages.fa.normalise import fold

            same = [k for k, shown in names.items() if fold(str(shown)) == fold(name or "")]
            key = same[0] if len(same) == 1 else key
        if not key or key not in names:
            raise ReviewError(f"incident {incident_id} has no victim named {name!r}")
        return _set_public(s, inc, key, public, by, "name_public" if public else "name_withheld", note,
                           field=f"victim:{key}", shown=names[key]).id


def _set_public(s: Session, inc: IncidentRow, key: str, public: bool, by: str, action: str, note: str,
                field: str, shown: str | None = None) -> ReviewEvent:
    data = dict(inc.data or {})
    keys = set(data.get("public_victims") or [])
    before = key in keys
    keys.add(key) if public else keys.discard(key)
    data["public_victims"] = sorted(keys)
    inc.data = data
    after: Any = {"public": public, "name": shown} if shown is not None else {"public": public}
    return _event(s, inc.id, by, action, note, field, {"public": before}, after)


def merge(store: Store, target_id: int, other_id: int, *, by: str, note: str) -> int:
    """Move every incident report of ``other_id`` into ``target_id``."""
    _check(by, note)
    if target_id == other_id:
        raise ReviewError("cannot merge an incident into itself")
    with reviewing(store) as (s, delta):
        delta.touch(target_id, other_id)
        _incident(s, target_id)
        other = _incident(s, other_id)
        moved = _members(s, other_id)
        if not moved:
            raise ReviewError(f"incident {other_id} has no incident reports to merge")
        _move(s, moved, target_id, by, {"manual": "merge", "by": by, "note": note, "from_incident": other_id})
        data = dict(other.data or {})
        data["merged_into"] = target_id
        other.data = data
        ev = _event(s, target_id, by, "merge", note, "incident_reports",
                    {"incident_id": other_id, "incident_reports": moved}, {"incident_id": target_id})
        _event(s, other_id, by, "merged_into", note, "incident_reports",
               {"incident_reports": moved}, {"incident_id": target_id, "merge_event": ev.id})
        sources = SourceIndex.load_in(s)
        derive_incident(s, target_id, sources)
        derive_incident(s, other_id, sources)
        return ev.id


def split(store: Store, incident_id: int, incident_report_ids: list[int], *, by: str, note: str) -> tuple[int, int]:
    """Take incident reports out of an incident into a new one. Returns (event id, new incident id)."""
    _check(by, note)
    with reviewing(store) as (s, delta):
        delta.touch(incident_id)
        _incident(s, incident_id)
        members = _members(s, incident_id)
        wanted = sorted(set(int(i) for i in incident_report_ids))
        if not wanted:
            raise ReviewError("name the incident reports to split off")
        stray = [i for i in wanted if i not in members]
        if stray:
            raise ReviewError(f"incident reports {stray} are not (active) in incident {incident_id}")
        if len(wanted) == len(members):
            raise ReviewError("splitting off every incident report would leave the incident empty")
        new = IncidentRow(status="unreviewed", data={"split_from": incident_id})
        s.add(new)
        s.flush()
        delta.created(new.id)
        _move(s, wanted, new.id, by, {"manual": "split", "by": by, "note": note, "from_incident": incident_id})
        ev = _event(s, incident_id, by, "split", note, "incident_reports",
                    {"incident_reports": members}, {"incident_reports": [m for m in members if m not in wanted],
                                                    "new_incident": new.id, "split_off": wanted})
        _event(s, new.id, by, "split_from", note, "incident_reports", {"incident_id": incident_id},
               {"incident_reports": wanted, "split_event": ev.id})
        sources = SourceIndex.load_in(s)
        derive_incident(s, incident_id, sources)
        derive_incident(s, new.id, sources)
        return ev.id, new.id


def undo(store: Store, event_id: int, *, by: str, note: str) -> int:
    """Apply the inverse of an earlier review event, as a new event (the old one stays)."""
    _check(by, note)
    with reviewing(store) as (s, delta):
        ev = s.get(ReviewEvent, event_id)
        if ev is None:
            raise ReviewError(f"no review event {event_id}")
        if ev.action in ("undo", "merged_into", "split_from"):
            raise ReviewError(f"event {event_id} ({ev.action}) cannot be undone itself; undo the action it records")
        already = s.scalar(select(ReviewEvent.id).where(ReviewEvent.action == "undo", ReviewEvent.field == f"event:{event_id}"))
        if already is not None:
            raise ReviewError(f"event {event_id} was already undone by event {already}")
        inc_id = ev.incident_id
        # the incidents the undone event moved reports between (a split's new one, a merge's other)
        delta.touch(inc_id, (ev.after or {}).get("new_incident") if ev.action == "split" else None,
                    (ev.before or {}).get("incident_id") if ev.action == "merge" else None)
        sources = SourceIndex.load_in(s)
        if ev.action in STATUS_ACTIONS:
            inc = _incident(s, inc_id)
            current = inc.status
            inc.status = ev.before if ev.before in INCIDENT_STATUSES else "unreviewed"
            out = _event(s, inc_id, by, "undo", note, f"event:{event_id}", {"status": current}, {"status": inc.status})
        elif ev.action == "edit":
            inc = _incident(s, inc_id)
            data = dict(inc.data or {})
            overrides = dict(data.get("overrides") or {})
            current = overrides.get(ev.field)
            # Restore the analyst value in force before the edit, or drop the override (derived again).
            prior = s.scalars(select(ReviewEvent).where(
                ReviewEvent.incident_id == inc_id, ReviewEvent.action == "edit", ReviewEvent.field == ev.field,
                ReviewEvent.id < ev.id).order_by(ReviewEvent.id.desc())).first()
            if prior is not None and ev.field in overrides and prior.after == ev.before:
                overrides[ev.field] = ev.before
            else:
                overrides.pop(ev.field, None)
            data["overrides"] = overrides
            inc.data = data
            derive_incident(s, inc_id, sources)
            out = _event(s, inc_id, by, "undo", note, f"event:{event_id}", {"field": ev.field, "value": current},
                         {"field": ev.field, "value": getattr(inc, ev.field), "override": ev.field in overrides})
        elif ev.action == "split":
            new_id = ev.after["new_incident"]
            back = [i for i in ev.after["split_off"] if i in _members(s, new_id)]
            _move(s, back, inc_id, by, {"manual": "undo split", "by": by, "note": note, "undo_of": event_id})
            derive_incident(s, inc_id, sources)
            derive_incident(s, new_id, sources)
            out = _event(s, inc_id, by, "undo", note, f"event:{event_id}",
                         {"incident_id": new_id, "incident_reports": back}, {"incident_id": inc_id})
        elif ev.action == "merge":
            other_id = ev.before["incident_id"]
            back = [i for i in ev.before["incident_reports"] if i in _members(s, inc_id)]
            _move(s, back, other_id, by, {"manual": "undo merge", "by": by, "note": note, "undo_of": event_id})
            other = _incident(s, other_id)
            data = dict(other.data or {})
            data.pop("merged_into", None)
            other.data = data
            derive_incident(s, inc_id, sources)
            derive_incident(s, other_id, sources)
            out = _event(s, inc_id, by, "undo", note, f"event:{event_id}",
                         {"incident_id": inc_id, "incident_reports": back}, {"incident_id": other_id})
        elif ev.action in ("name_public", "name_withheld"):
            inc = _incident(s, inc_id)
            key = str(ev.field).split(":", 1)[1]
            out = _set_public(s, inc, key, bool((ev.before or {}).get("public")), by, "undo", note, f"event:{event_id}")
        else:
            raise ReviewError(f"event {event_id} ({ev.action}) cannot be undone")
        return out.id


def history(store: Store, incident_id: int) -> list[dict[str, Any]]:
    """The review events of an incident in order, as plain dicts."""
    with store.read_session() as s:
        events = s.scalars(select(ReviewEvent).where(ReviewEvent.incident_id == incident_id).order_by(ReviewEvent.id))
        return [event_dict(e) for e in events]


def event_dict(e: ReviewEvent) -> dict[str, Any]:
    return {
        "id": e.id,
        "incident_id": e.incident_id,
        "at": e.at.isoformat() if e.at else None,
        "by": e.actor,
        "action": e.action,
        "field": e.field,
        "before": e.before,
        "after": e.after,
        "note": e.note,
    }


def replay(events: list[dict[str, Any]], initial_members: list[int] | None = None) -> list[dict[str, Any]]:
    """Rebuild an incident's reviewed state after each of its events, from the events alone:
    ``status``, ``overrides`` (edited fields) and, when ``initial_members`` is given, the incident
    reports it holds. Returns one state per event (the last is the current state)."""
    state: dict[str, Any] = {"status": "unreviewed", "overrides": {}, "members": sorted(initial_members or []),
                             "public_victims": set()}
    undone: dict[int, dict[str, Any]] = {}
    by_id = {e["id"]: e for e in events}
    states = []
    for e in events:
        act = e["action"]
        if act in STATUS_ACTIONS:
            state["status"] = e["after"]
        elif act == "edit":
            state["overrides"][e["field"]] = e["after"]
        elif act in ("name_public", "name_withheld"):
            key = str(e["field"]).split(":", 1)[1]
            state["public_victims"].add(key) if e["after"]["public"] else state["public_victims"].discard(key)
        elif act == "split":
            state["members"] = sorted(e["after"]["incident_reports"])
        elif act == "merge":
            state["members"] = sorted(set(state["members"]) | set(e["before"]["incident_reports"]))
        elif act == "split_from":
            state["members"] = sorted(e["after"]["incident_reports"])
        elif act == "merged_into":
            state["members"] = sorted(set(state["members"]) - set(e["before"]["incident_reports"]))
        elif act == "undo":
            target = by_id.get(int(str(e["field"]).split(":", 1)[1]))
            undone[e["id"]] = target or {}
            if target is None:
                pass
            elif target["action"] in STATUS_ACTIONS:
                state["status"] = e["after"]["status"]
            elif target["action"] == "edit":
                if e["after"].get("override"):
                    state["overrides"][target["field"]] = e["after"]["value"]
                else:
                    state["overrides"].pop(target["field"], None)
            elif target["action"] in ("name_public", "name_withheld"):
                key = str(target["field"]).split(":", 1)[1]
                state["public_victims"].add(key) if e["after"]["public"] else state["public_victims"].discard(key)
            elif target["action"] == "split":
                state["members"] = sorted(set(state["members"]) | set(e["before"]["incident_reports"]))
            elif target["action"] == "merge":
                state["members"] = sorted(set(state["members"]) - set(e["before"]["incident_reports"]))
        states.append({"event": e["id"], "status": state["status"], "overrides": dict(state["overrides"]),
                       "members": list(state["members"]), "public_victims": sorted(state["public_victims"])})
    return states


def members(store: Store, incident_id: int) -> list[int]:
    with store.read_session() as s:
        return _members(s, incident_id)


def link_history(store: Store, incident_report_id: int) -> list[dict[str, Any]]:
    """Every link an incident report ever had (active or not), oldest first."""
    with store.read_session() as s:
        rows = s.scalars(select(IncidentLink).where(IncidentLink.incident_report_id == incident_report_id).order_by(IncidentLink.id))
        return [row_dict(r, ("incident_id", "active", "created_by", "explanation")) for r in rows]

