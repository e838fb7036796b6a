"""The log's sources table: seeded from the source registry (part 3), rated by analysts.

Reliability uses the Admiralty scale (A completely reliable ... E unreliable, F cannot be judged);
every change is kept in ``source_reliability_events`` (who, when, before, after, note)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from rasad.store import Store
from rasad.store.schema import SourceReliabilityEvent, SourceRow

GRADES = ("A", "B", "C", "D", "E", "F")


class SourceError(ValueError):
    pass


def seed_sources(store: Store) -> int:
    """Add the registry's sources that the table lacks (rows already there, with their analysts'
    ratings, are never overwritten); returns how many were added."""
    try:
        from rasad.analysis.sources import load_registry
    except ImportError:  # the registry stage is absent in a minimal build
        return 0
    registry = load_registry()
    with store.read_session() as s:
        present = set(s.scalars(select(SourceRow.id)))
    missing = [src for src in registry if src.id not in present]
    if not missing:
        return 0
    with store.session() as s:
        for src in missing:
            if s.get(SourceRow, src.id) is None:
                s.add(SourceRow(**src.model_dump(include={"id", "name", "aliases", "domains", "affiliation",
                                                          "independence_group", "reliability", "reliability_note",
                                                          "country", "note"})))
    return len(missing)


def _row(r: SourceRow) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "aliases": r.aliases or [], "domains": r.domains or [],
            "affiliation": r.affiliation, "independence_group": r.independence_group, "reliability": r.reliability,
            "reliability_note": r.reliability_note, "country": r.country, "note": r.note}


def list_sources(store: Store) -> list[dict[str, Any]]:
    with store.read_session() as s:
        return [_row(r) for r in s.scalars(select(SourceRow).order_by(SourceRow.independence_group, SourceRow.id))]


def show_source(store: Store, source_id: str) -> dict[str, Any] | None:
    with store.read_session() as s:
        r = s.get(SourceRow, source_id)
        if r is None:
            return None
        out = _row(r)
        events = s.scalars(select(SourceReliabilityEvent).where(SourceReliabilityEvent.source_id == source_id)
                           .order_by(SourceReliabilityEvent.id))
        out["reliability_history"] = [{"at": e.at.isoformat() if e.at else None, "by": e.actor, "before": e.before,
                                       "after": e.after, "note": e.note} for e in events]
        return out


def set_reliability(store: Store, source_id: str, grade: str, *, by: str, note: str) -> None:
    """Rate a source; incidents it contributes to are re-derived (the conservative figure leaves out E)."""
    from rasad.log.service import rederive
    from rasad.store.schema import IncidentLink, IncidentReportRow, ReportRow

    grade = (grade or "").strip().upper()
    if grade not in GRADES:
        raise SourceError(f"grade must be one of {', '.join(GRADES)} (Admiralty scale)")
    if not (note or "").strip():
        raise SourceError("a note is required (--note)")
    with store.session() as s:
        row = s.get(SourceRow, source_id)
        if row is None:
            raise SourceError(f"no source {source_id!r}")
        s.add(SourceReliabilityEvent(source_id=source_id, at=dt.datetime.now(dt.timezone.utc), actor=by,
                                     before=row.reliability, after=grade, note=note.strip()))
        row.reliability, row.reliability_note = grade, note.strip()
        affected = set(s.scalars(
            select(IncidentLink.incident_id)
            .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
            .outerjoin(ReportRow, ReportRow.id == IncidentReportRow.report_id)
            .where(IncidentLink.active, (IncidentReportRow.source_id == source_id) | (ReportRow.source_id == source_id))
        ))
    if affected:
        rederive(store, affected)
