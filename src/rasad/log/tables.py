"""Tables the incident log's merger adds to the store's schema (same declarative ``Base``).

``merge_keys`` is the blocking index: one row per (incident report, blocking key) — a folded victim
name, a day bucket with the province, a month-day bucket (see :func:`rasad.log.merge.index_keys`).
Candidates for a new incident report are the active incidents of the reports sharing a key with it,
found through the ``(key, incident_report_id)`` index: never a scan of all pairs.
Migration: ``rasad/store/migrations/versions/0002_merge_keys.py``.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rasad.store.schema import Base, BigId


class MergeKey(Base):
    __tablename__ = "merge_keys"
    __table_args__ = (Index("ix_merge_keys_key", "key", "incident_report_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_report_id: Mapped[int] = mapped_column(ForeignKey("incident_reports.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
