"""An audit event for an action that also writes the log (an upload, a source edit), across two files.

On SQLite the audit trail (``audit_events`` and its chain) is in the accounts file and the action's rows
(a report and its custody link, source events) are in the log's own file. SQLite commits a transaction
over attached files in WAL mode atomically per file only: a crash between the two files' commits could
keep the action and lose its audit event, or the reverse. So such an action never writes both files in
one transaction; it goes in this order:

1. **the log's file**: the action's rows and an ``audit_outbox`` entry (the audit event as it will be,
   with a random id), in one transaction (:func:`record`): the action and the record of who did it
   commit together or not at all;
2. **the accounts file**: the audit event (``intent`` = the entry's id, unique) and its link of the
   audit chain, unless an event with that intent is already there (:func:`deliver`);
3. **the log's file**: the delivered entries deleted.

A crash after 1 leaves an entry that the next :func:`deliver` (every open of the log runs one, and every
such action after its own) delivers; after 2, an entry whose event exists: it is only deleted. Nothing is
lost (the event is written from the entry, with the action's own time) and nothing is doubled (the unique
``intent``). An entry older than a minute that is still there when `rasad verify` runs is a problem it
reports. PostgreSQL keeps every table in one database, where the same steps are simply three
transactions of one database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from rasad.store.schema import AuditEvent, AuditOutbox

LATE_AFTER = dt.timedelta(minutes=1)


def entry(action: str, *, actor: str | None = None, ip: str | None = None, **detail: Any) -> AuditOutbox:
    """An outbox entry, to add to the session (or to a ``ReportInput``'s rows) that writes the action."""
    from rasad.store.db import jsonable

    return AuditOutbox(id=uuid.uuid4().hex, at=dt.datetime.now(dt.timezone.utc), actor=actor, action=action,
                       detail=jsonable(detail), ip=ip)


def record(session: Session, action: str, *, actor: str | None = None, ip: str | None = None, **detail: Any) -> str:
    """Step 1: the audit event of an action, in the log-file transaction that writes the action."""
    row = entry(action, actor=actor, ip=ip, **detail)
    session.add(row)
    return row.id


def pending(store: Any) -> int:
    with store.read_session() as s:
        return s.scalar(select(func.count()).select_from(AuditOutbox)) or 0


def deliver(store: Any, *, limit: int = 500) -> int:
    """Steps 2 and 3 for every entry waiting (a crashed process's too). Returns the events written.
    Must run outside any write block (each step is a transaction of its own, in its own file)."""
    if getattr(store._local, "session", None) is not None:
        raise RuntimeError("deliver() inside a write block would commit both files in one transaction")
    written = 0
    while True:
        with store.read_session() as s:  # plain rows: the session's objects expire when it ends
            entries = s.execute(select(AuditOutbox.id, AuditOutbox.at, AuditOutbox.actor, AuditOutbox.action,
                                       AuditOutbox.detail, AuditOutbox.ip)
                                .order_by(AuditOutbox.at, AuditOutbox.id).limit(limit)).all()
        if not entries:
            return written
        ids = [e.id for e in entries]
        with store.session() as s:
            from rasad.store.custody import AUDIT, _lock

            _lock(s.connection(), AUDIT.lock_id)  # PostgreSQL: two deliverers take turns (unique intent)
            done = set(s.scalars(select(AuditEvent.intent).where(AuditEvent.intent.in_(ids))))
            for e in entries:
                if e.id not in done:
                    s.add(AuditEvent(at=e.at, actor=e.actor, action=e.action, detail=e.detail, ip=e.ip, intent=e.id))
                    written += 1
        _drop_delivered(store, ids)
        if len(entries) < limit:
            return written


def _drop_delivered(store: Any, ids: list[str]) -> None:
    """Step 3 (its own function: the crash tests stop a process right before it)."""
    with store.session() as s:
        s.execute(delete(AuditOutbox).where(AuditOutbox.id.in_(ids)))


def late_entries(conn: Any, now: dt.datetime | None = None) -> list[tuple[str, str, Any]]:
    """(id, action, at) of the entries waiting longer than LATE_AFTER: a delivery that failed."""
    cutoff = (now or dt.datetime.now(dt.timezone.utc)) - LATE_AFTER
    rows = conn.execute(select(AuditOutbox.id, AuditOutbox.action, AuditOutbox.at).order_by(AuditOutbox.at)).all()
    late = []
    for row in rows:
        at = row[2] if row[2].tzinfo else row[2].replace(tzinfo=dt.timezone.utc)
        if at < cutoff:
            late.append((row[0], row[1], at))
    return late
