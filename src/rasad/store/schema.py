"""The database schema: one SQLAlchemy 2 declarative base, typed ORM classes.

Principles (see docs/storage.md):
- A report's original bytes and SHA-256 are an evidentiary copy: stored once, never updated.
- Analyses and incident reports are versioned by ``pipeline_version``: re-analysis with a newer
  pipeline adds rows and never destroys the old ones.
- An incident's figures are *derived* from its incident reports (through ``incident_links``), never
  typed over them. Links carry the merge explanation and an ``active`` flag, so a merge is reversible.
- ``review_events`` is append-only (database triggers refuse UPDATE and DELETE); undo is a new event.

Every change to this module needs an Alembic migration in ``rasad/store/migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# BIGINT keys on PostgreSQL; SQLite needs exactly "INTEGER PRIMARY KEY" for its rowid alias.
BigId = BigInteger().with_variant(Integer(), "sqlite")

INCIDENT_STATUSES = ("unreviewed", "confirmed", "disputed", "rejected")
USER_ROLES = ("viewer", "analyst", "admin")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


# --- sources (the registry, part 3) ------------------------------------------------------------


class SourceRow(Base):
    """A publisher or organisation; outlets of one organisation share an ``independence_group``."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    domains: Mapped[list[Any]] = mapped_column(JSON, default=list)
    affiliation: Mapped[str] = mapped_column(String(40), default="unknown")
    independence_group: Mapped[str] = mapped_column(String(200), index=True)
    reliability: Mapped[str | None] = mapped_column(String(2))  # Admiralty scale A-F
    reliability_note: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SourceReliabilityEvent(Base):
    """History of reliability ratings: who changed a source's rating, when, from what, and why."""

    __tablename__ = "source_reliability_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(String(2))
    after: Mapped[str | None] = mapped_column(String(2))
    note: Mapped[str | None] = mapped_column(Text)


class SourceEvent(Base):
    """History of every other change to a source (created, name, aliases, domains, affiliation, independence
    group, country, note): who, when, the field, its value before and after, and why. Append-only."""

    __tablename__ = "source_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(40))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


# --- reports and analyses (part 1) -------------------------------------------------------------


class ReportRow(Base):
    """One ingested report. ``original`` holds the bytes exactly as read; ``id`` is their SHA-256."""

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    # A stable integer key for SQLite's FTS5 index (the implicit rowid may change on VACUUM).
    # PostgreSQL fills it from an identity column; on SQLite the single writer assigns max+1.
    seq: Mapped[int] = mapped_column(BigInteger, Identity(), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(Text)  # the path or URL it was read from
    media_type: Mapped[str] = mapped_column(String(100), default="text/plain")
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(String(40), index=True)  # ISO, as found
    retrieved_at: Mapped[str | None] = mapped_column(String(40))
    language: Mapped[str | None] = mapped_column(String(16))
    language_supported: Mapped[bool] = mapped_column(Boolean, default=True)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text, default="")
    # The text folded for search when it has Persian letter variants (rasad.store.search_fold), else NULL.
    search_text: Mapped[str | None] = mapped_column(Text)
    original: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"), index=True)  # the registry entry
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class AnalysisRow(Base):
    """The full Analysis JSON of one report by one pipeline version (never overwritten)."""

    __tablename__ = "analyses"
    __table_args__ = (UniqueConstraint("report_id", "pipeline_version", name="uq_analyses_report_version"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id"), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


# --- the incident log (part 4) -----------------------------------------------------------------


class IncidentReportRow(Base):
    """One report's account of one incident (or one row of a structured registry).

    Either ``report_id`` (extracted from a stored report by ``pipeline_version``) or ``source_key``
    (an external key such as ``javidnam:1234`` for imported registry rows) says where it came from.
    ``data`` keeps the full extracted dict; the columns copy what filters and merging need.
    """

    __tablename__ = "incident_reports"
    __table_args__ = (
        UniqueConstraint("report_id", "pipeline_version", "ordinal", name="uq_incident_reports_report_version_ord"),
        UniqueConstraint("source_key", "pipeline_version", name="uq_incident_reports_source_key_version"),
        Index("ix_incident_reports_type_date", "event_type", "date_start"),
        Index("ix_incident_reports_province_date", "province", "date_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    report_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"), index=True)
    source_key: Mapped[str | None] = mapped_column(String(300))
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"), index=True)
    pipeline_version: Mapped[str] = mapped_column(String(200))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)  # position within the report's analysis
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_type: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[str | None] = mapped_column(String(40))  # ISO value as extracted: YYYY-MM-DD, YYYY-MM, YYYY
    date_precision: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[dt.date | None] = mapped_column(Date)  # first day the date can mean
    date_end: Mapped[dt.date | None] = mapped_column(Date)  # last day the date can mean
    place_name: Mapped[str | None] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(BigInteger, index=True)
    province: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    victims: Mapped[list[Any]] = mapped_column(JSON, default=list)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    claimant: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    background: Mapped[bool] = mapped_column(Boolean, default=False)  # mentioned as context, not reported news
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IncidentRow(Base):
    """The merged record. Its figures are derived from the linked incident reports."""

    __tablename__ = "incidents"
    __table_args__ = (
        CheckConstraint(
            "status IN ('unreviewed', 'confirmed', 'disputed', 'rejected')", name="ck_incidents_status"
        ),
        Index("ix_incidents_type_date", "event_type", "date_start"),
        Index("ix_incidents_province_date", "province", "date_start"),
        # type + province + date range, newest first (migration 0005): without it the listing reads every
        # incident of the type in the range to find the province's, thousands of pages, each decrypted on
        # an encrypted log (2-3x the plain log's time; with it, about 50 rows).
        Index("ix_incidents_type_province_date", "event_type", "province", "date_start"),
        Index("ix_incidents_status_date", "status", "date_start"),
        Index("ix_incidents_date", "date_start"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    status: Mapped[str] = mapped_column(String(20), default="unreviewed")
    event_type: Mapped[str | None] = mapped_column(String(100))
    sub_type: Mapped[str | None] = mapped_column(String(100))
    date: Mapped[str | None] = mapped_column(String(40))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    date_start: Mapped[dt.date | None] = mapped_column(Date)
    date_end: Mapped[dt.date | None] = mapped_column(Date)
    place_name: Mapped[str | None] = mapped_column(Text)
    geonameid: Mapped[int | None] = mapped_column(BigInteger)
    province: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(8))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    title: Mapped[str | None] = mapped_column(Text)
    fatalities: Mapped[int | None] = mapped_column(Integer)  # the conservative (lowest credible) figure, derived
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # every figure side by side with sources
    victims: Mapped[list[Any]] = mapped_column(JSON, default=list)
    corroboration: Mapped[int] = mapped_column(Integer, default=0)  # independent source groups
    source_groups: Mapped[list[Any]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # anything else derived
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class IncidentLink(Base):
    """Incident report -> incident, with why they were merged. Unmerging deactivates, never deletes."""

    __tablename__ = "incident_links"
    __table_args__ = (
        Index("ix_incident_links_incident_active", "incident_id", "active"),
        # at most one active link per incident report
        Index(
            "uq_incident_links_active_report",
            "incident_report_id",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_report_id: Mapped[int] = mapped_column(ForeignKey("incident_reports.id"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"))
    score: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # which fields agreed
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200), default="rasad")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class MergeKey(Base):
    """The merger's blocking index: one row per (incident report, blocking key): a folded victim name,
    a day bucket with the province, a month-day bucket (see :func:`rasad.log.merge.index_keys`).
    Candidates for a new incident report are the active incidents of the reports sharing a key with
    it, found through the ``(key, incident_report_id)`` index: never a scan of all pairs."""

    __tablename__ = "merge_keys"
    __table_args__ = (Index("ix_merge_keys_key", "key", "incident_report_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_report_id: Mapped[int] = mapped_column(ForeignKey("incident_reports.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))


class ReviewEvent(Base):
    """Append-only history of analyst actions on an incident (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "review_events"
    __table_args__ = (Index("ix_review_events_incident_at", "incident_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    actor: Mapped[str] = mapped_column(String(200))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(40))  # confirm, reject, dispute, merge, split, edit, undo ...
    field: Mapped[str | None] = mapped_column(String(100))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    note: Mapped[str | None] = mapped_column(Text)


# --- watching feeds ----------------------------------------------------------------------------


class FeedState(Base):
    __tablename__ = "feed_state"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)


class FeedItem(Base):
    """The item ids a feed has shown us, so a restart fetches nothing twice."""

    __tablename__ = "feed_items"

    feed_url: Mapped[str] = mapped_column(ForeignKey("feed_state.url"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(2000), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    report_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"))


# --- web app (part 5) --------------------------------------------------------------------------


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('viewer', 'analyst', 'admin')", name="ck_users_role"),
        # "Admin" and "admin" are one user (migration 0004); SQLite's lower() folds ASCII letters only.
        Index("uq_users_username_lower", func.lower(text("username")), unique=True),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20), default="viewer")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set with a one-time password (the first admin's); cleared when the user sets their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Two-factor sign-in (migration 0006): the TOTP secret (base32; set at enrolment, in force once
    # ``totp_enabled``), and the last time step accepted, so a code is never accepted twice.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(Base):
    """A two-factor recovery code: only its SHA-256 is kept (the code is 80 random bits, shown once);
    ``used_at`` is set when it is used, and a used code is refused."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LogChanges(Base):
    """A counter that database triggers bump in the same transaction as every insert, update or delete of
    the tables the overview and the log's statistics read (incidents, incident reports, reports,
    analyses, review events, sources; migration 0006). Its value is the sum of the rows: one on SQLite,
    64 stripes on PostgreSQL, each backend bumping its own, so that concurrent writers do not queue on
    one locked row (migration 0009). Figures computed after reading it are at least as new as it: a
    cache keyed on it is never stale (``rasad.log.summary``)."""

    __tablename__ = "log_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ReviewChanges(Base):
    """The reviews' own change counter (migration 0014): one row, moved by every analyst review in its
    transaction, which also holds the row's lock from its start (reviews run one after another). The log's
    counter (:class:`LogChanges`) does not move for a review: what the review changed in the overview is
    in :class:`OverviewDelta` under this counter's new value (``rasad.log.summary``)."""

    __tablename__ = "review_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger, default=0)


class ReviewWriting(Base):
    """Holds one row only inside a review's open transaction: the log counter's triggers see it and leave
    the counter alone (every other transaction sees the table empty; migration 0014)."""

    __tablename__ = "review_writing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)


class OverviewDelta(Base):
    """What one review changed in the overview: the touched incidents' contributions (``before``, ``after``:
    ``rasad.log.queries.overview_rows``, null for an incident that did not exist) and how many review events
    it wrote. ``seq`` is the review counter's value the review set (migration 0014)."""

    __tablename__ = "overview_deltas"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    events: Mapped[int] = mapped_column(Integer)
    before: Mapped[Any] = mapped_column(JSON)
    after: Mapped[Any] = mapped_column(JSON)


class Setting(Base):
    """A setting an admin changes in the web app (``require_two_factor``); each change is audited."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(200))


class WebSession(Base):
    """A login session; ``id`` is the hash of a random 128-bit token (the token itself is never stored)."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    csrf_token: Mapped[str] = mapped_column(String(128))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The password was right but the second factor is still to be given: such a session opens nothing
    # but the code form (migration 0006).
    second_factor_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AuditEvent(Base):
    """The accounts audit trail (sign-ins, failures, users and roles, settings, exports, uploads, source
    edits): append-only (triggers) and a hash chain of its own (``audit_links``, rasad.store.custody)."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("uq_audit_events_intent", "intent", unique=True),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
    # The audit_outbox entry this event was delivered from (an action that also wrote the log's own file:
    # rasad.store.audit_trail); unique, so an entry is delivered once whatever crashes in between.
    intent: Mapped[str | None] = mapped_column(String(32))


class AuditOutbox(Base):
    """An audit event waiting to be delivered to ``audit_events``, written in the same transaction as the
    log rows of the action it records (in the log's own file, where those rows are; migration 0013). On
    SQLite the audit trail is in the accounts file, and a commit is atomic per file only: the entry makes
    the pair safe (rasad.store.audit_trail). Delivered entries are deleted."""

    __tablename__ = "audit_outbox"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random; the delivered event's ``intent``
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))


# --- chain of custody (issue 21) ----------------------------------------------------------------


class _Link:
    """The columns of a link of a hash chain (rasad.store.custody)."""

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    chain: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(BigInteger)  # 1, 2, ... within the chain
    row_key: Mapped[str] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditLink(_Link, Base):
    """A link of the audit trail's chain: as ``custody_links``, in a table of its own because on SQLite
    the audit trail lives in the accounts file (a sign-in commits there only, never to the log's file).
    Appended in the audit event's transaction, append-only (migration 0013)."""

    __tablename__ = "audit_links"
    __table_args__ = (
        UniqueConstraint("chain", "position", name="uq_audit_links_chain_position"),
        UniqueConstraint("chain", "row_key", name="uq_audit_links_chain_row"),
    )


class CustodyLink(_Link, Base):
    """One link of a hash chain (rasad.store.custody): ``hash`` = SHA-256 over ``prev_hash`` and the
    canonical JSON of the chained row (``chain`` names its table, ``row_key`` its id). Appended in the
    row's own transaction; append-only (triggers refuse UPDATE and DELETE)."""

    __tablename__ = "custody_links"
    __table_args__ = (
        UniqueConstraint("chain", "position", name="uq_custody_links_chain_position"),
        UniqueConstraint("chain", "row_key", name="uq_custody_links_chain_row"),
    )


# --- resumable ingest --------------------------------------------------------------------------


class IngestRun(Base):
    __tablename__ = "ingest_runs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")  # running | finished (killed runs stay running)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class IngestItem(Base):
    """One input (file or URL) handled by a run, committed in the same transaction as its report,
    so a rerun after a crash skips exactly what was committed."""

    __tablename__ = "ingest_items"
    __table_args__ = (Index("ix_ingest_items_key", "key", "size", "mtime_ns"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("ingest_runs.id"), index=True)
    key: Mapped[str] = mapped_column(Text)  # resolved path or URL
    size: Mapped[int | None] = mapped_column(BigInteger)
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))  # added | duplicate | error
    analysed: Mapped[bool] = mapped_column(Boolean, default=False)
    report_id: Mapped[str | None] = mapped_column(ForeignKey("reports.id"))
    error: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
