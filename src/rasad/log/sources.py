"""The log's sources table: seeded from the source registry (part 3), edited and rated by analysts.

Reliability uses the Admiralty scale (A completely reliable ... E unreliable, F cannot be judged);
every change is kept in ``source_reliability_events`` (who, when, before, after, note). Every other change
(a source added; its name, aliases, domains, affiliation, independence group, country or note edited) is
kept in ``source_events``, one row per field. Nothing is overwritten without a trace.

Reports are attributed to a source here, with the log's registry (the starter file plus analysts' edits):
``attribute_reports`` runs the publisher recognition of part 3 (metadata, URL domain, self-mention) on
stored reports that have no source yet. The merger calls it for the reports it is about to merge, and
adding or editing a source calls it for every unattributed report, so corroboration counts a camp's outlets
as one independence group even when a report carries no metadata (the seed is recognised as PMOI only by
its self-mentions).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import re
from collections.abc import Iterable

from sqlalchemy import and_, select

from rasad.records import Source
from rasad.store import Store
from rasad.store.schema import IncidentLink, IncidentReportRow, ReportRow, SourceEvent, SourceReliabilityEvent, SourceRow

GRADES = ("A", "B", "C", "D", "E", "F")
AFFILIATIONS = tuple(Source.model_fields["affiliation"].annotation.__args__)
_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:/[\w./-]{1,100})?$")
EDITABLE = ("name", "aliases", "domains", "affiliation", "independence_group", "country", "note")
ATTRIBUTE_PAGE = 200  # reports read at a time when attributing (bounded memory on large logs)


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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


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
        edits = s.scalars(select(SourceEvent).where(SourceEvent.source_id == source_id).order_by(SourceEvent.id))
        out["history"] = [{"at": e.at.isoformat() if e.at else None, "by": e.actor, "field": e.field,
                           "before": e.before, "after": e.after, "note": e.note} for e in edits]
        return out


# --- adding and editing sources ----------------------------------------------------------------


def _clean_text(value: str | None, what: str, limit: int = 300) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    if len(value) > limit:
        raise SourceError(f"{what} is longer than {limit} characters")
    return value or None


def _clean_names(values: Iterable[str], what: str) -> list[str]:
    out: list[str] = []
    for v in values:
        v = _clean_text(v, what, 200)
        if v and v.casefold() not in {x.casefold() for x in out}:
            out.append(v)
    return out


def _clean_domains(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        d = str(v).strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
        if not _DOMAIN.match(d):
            raise SourceError(f"not a web domain: {str(v)[:80]!r} (e.g. hengaw.net or bbc.com/persian)")
        if d not in out:
            out.append(d)
    return out


def _check_unique(session, source_id: str, names: list[str], domains: list[str]) -> None:
    """A name or domain may identify one source only: otherwise a report's publisher would be ambiguous."""
    from rasad.analysis.sources import _norm

    wanted = {_norm(n): n for n in names}
    for other in session.scalars(select(SourceRow).where(SourceRow.id != source_id)):
        taken = {_norm(n) for n in [other.name, other.id, *(other.aliases or [])] if n}
        clash = sorted(wanted[k] for k in wanted.keys() & taken)
        if clash:
            raise SourceError(f"{clash[0]!r} already names source {other.id!r}")
        clash = sorted(set(domains) & {d.lower() for d in other.domains or []})
        if clash:
            raise SourceError(f"domain {clash[0]!r} already belongs to source {other.id!r}")


def add_source(
    store: Store,
    source_id: str,
    name: str,
    *,
    affiliation: str = "unknown",
    independence_group: str | None = None,
    aliases: Iterable[str] = (),
    domains: Iterable[str] = (),
    country: str | None = None,
    note: str | None = None,
    by: str,
    why: str,
) -> dict[str, Any]:
    """Add a source to the log's registry (the change is kept in its history) and attribute to it the
    stored reports it published; returns the new source. ``independence_group`` defaults to its own id
    (an organisation of its own); give another source's group to make it an outlet of that organisation."""
    seed_sources(store)
    source_id = (source_id or "").strip().lower()
    if not _SOURCE_ID.match(source_id):
        raise SourceError("an id is 1-100 characters: lower-case letters, digits, '.', '_' or '-' (e.g. 'hrana')")
    name = _clean_text(name, "the name") or ""
    if not name:
        raise SourceError("a source needs a name")
    if affiliation not in AFFILIATIONS:
        raise SourceError(f"affiliation must be one of {', '.join(AFFILIATIONS)}")
    group = _clean_text(independence_group, "the independence group", 200) or source_id
    why = _clean_text(why, "the note", 2000)
    if not why:
        raise SourceError("say why (--note): where this classification comes from")
    values = {"name": name, "aliases": _clean_names(aliases, "an alias"), "domains": _clean_domains(domains),
              "affiliation": affiliation, "independence_group": group,
              "country": _clean_text(country, "the country", 8), "note": _clean_text(note, "the source note", 2000)}
    with store.session() as s:
        if s.get(SourceRow, source_id) is not None:
            raise SourceError(f"source {source_id!r} exists already (rasad sources edit)")
        _check_unique(s, source_id, [name, source_id, *values["aliases"]], values["domains"])
        s.add(SourceRow(id=source_id, **values))
        s.flush()
        s.add(SourceEvent(source_id=source_id, at=_now(), actor=by, field="created", before=None, after=values,
                          note=why))
    attribute_reports(store)
    return show_source(store, source_id) or {}


def edit_source(
    store: Store,
    source_id: str,
    *,
    by: str,
    why: str,
    name: str | None = None,
    affiliation: str | None = None,
    independence_group: str | None = None,
    add_aliases: Iterable[str] = (),
    remove_aliases: Iterable[str] = (),
    add_domains: Iterable[str] = (),
    remove_domains: Iterable[str] = (),
    country: str | None = None,
    note: str | None = None,
) -> list[str]:
    """Change a source; one history row per changed field. Incidents whose accounts come from it are
    re-derived (an independence group decides what counts as corroboration), and reports no source has
    claimed yet are attributed again with the new names and domains. Returns the fields that changed."""
    why = _clean_text(why, "the note", 2000)
    if not why:
        raise SourceError("say why (--note)")
    if affiliation is not None and affiliation not in AFFILIATIONS:
        raise SourceError(f"affiliation must be one of {', '.join(AFFILIATIONS)}")
    drop_aliases = {a.casefold() for a in _clean_names(remove_aliases, "an alias")}
    drop_domains = set(_clean_domains(remove_domains))
    with store.session() as s:
        row = s.get(SourceRow, source_id)
        if row is None:
            raise SourceError(f"no source {source_id!r}")
        current = {f: getattr(row, f) for f in EDITABLE}
        wanted = dict(current)
        if name is not None:
            wanted["name"] = _clean_text(name, "the name") or row.name
        if affiliation is not None:
            wanted["affiliation"] = affiliation
        if independence_group is not None:
            wanted["independence_group"] = _clean_text(independence_group, "the independence group", 200) or row.independence_group
        if country is not None:
            wanted["country"] = _clean_text(country, "the country", 8)
        if note is not None:
            wanted["note"] = _clean_text(note, "the source note", 2000)
        aliases = [a for a in (row.aliases or []) if a.casefold() not in drop_aliases]
        wanted["aliases"] = _clean_names([*aliases, *add_aliases], "an alias")
        domains = [d for d in (row.domains or []) if d.lower() not in drop_domains]
        wanted["domains"] = _clean_domains([*domains, *add_domains])
        changed = [f for f in EDITABLE if wanted[f] != current[f]]
        if not changed:
            return []
        _check_unique(s, source_id, [wanted["name"], source_id, *wanted["aliases"]], wanted["domains"])
        at = _now()
        for f in changed:
            s.add(SourceEvent(source_id=source_id, at=at, actor=by, field=f, before=current[f], after=wanted[f], note=why))
            setattr(row, f, wanted[f])
        affected = _incidents_of_source(s, source_id)
    attribute_reports(store)
    if affected:
        from rasad.log.service import rederive

        rederive(store, affected)
    return changed


def _incidents_of_source(session, source_id: str) -> set[int]:
    return set(session.scalars(
        select(IncidentLink.incident_id)
        .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
        .outerjoin(ReportRow, ReportRow.id == IncidentReportRow.report_id)
        .where(IncidentLink.active, (IncidentReportRow.source_id == source_id) | (ReportRow.source_id == source_id))
    ))


# --- attributing reports -----------------------------------------------------------------------


def registry_of(store: Store) -> list[Source]:
    """The log's registry as part 3's Source records (the starter file plus analysts' edits)."""
    with store.read_session() as s:
        rows = list(s.scalars(select(SourceRow).order_by(SourceRow.id)))
        return [Source(id=r.id, name=r.name, aliases=list(r.aliases or []), domains=list(r.domains or []),
                       affiliation=r.affiliation if r.affiliation in AFFILIATIONS else "unknown",
                       independence_group=r.independence_group, reliability=r.reliability,
                       reliability_note=r.reliability_note, country=r.country, note=r.note) for r in rows]


def attribute_reports(store: Store, report_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Give each stored report without a source the registered source that published it, recognised from
    its metadata, URL domain or self-mentions (``rasad.analysis.sources``) with the log's registry; the
    incidents those reports feed are re-derived. ``report_ids`` limits the work to those reports (the
    merger passes the reports it is about to merge); None reads every unattributed report, a page at a
    time. Returns {"read": n, "attributed": m}."""
    from rasad.analysis.sources import recognise_publisher_with_evidence

    registry = registry_of(store)
    wanted = None if report_ids is None else sorted(set(report_ids))
    columns = (ReportRow.id, ReportRow.publisher, ReportRow.url, ReportRow.title, ReportRow.author, ReportRow.text)
    read = attributed = 0
    affected: set[int] = set()
    after = ""  # keyset paging over report ids
    while True:
        with store.session() as s:
            query = select(*columns).where(ReportRow.source_id.is_(None), ReportRow.id > after)
            if wanted is not None:
                page = [i for i in wanted if i > after][:ATTRIBUTE_PAGE]
                query = query.where(ReportRow.id.in_(page))
            rows = s.execute(query.order_by(ReportRow.id).limit(ATTRIBUTE_PAGE)).all()
            if (wanted is None and not rows) or (wanted is not None and not page):
                break
            after = page[-1] if wanted is not None else rows[-1].id
            found_in_page: dict[str, str] = {}
            for r in rows:
                meta = {"publisher": r.publisher, "url": r.url, "title": r.title, "author": r.author}
                found = recognise_publisher_with_evidence(meta, r.text or "", r.url, registry)
                if found is not None:
                    found_in_page[r.id] = found[0].id
            read += len(rows)
            attributed += len(found_in_page)
            for report_id, source_id in found_in_page.items():
                s.get(ReportRow, report_id).source_id = source_id
            if found_in_page:
                affected |= set(s.scalars(
                    select(IncidentLink.incident_id)
                    .join(IncidentReportRow, and_(IncidentReportRow.id == IncidentLink.incident_report_id,
                                                  IncidentLink.active))
                    .where(IncidentReportRow.report_id.in_(list(found_in_page)))))
    if affected:
        from rasad.log.service import rederive

        rederive(store, affected)
    return {"read": read, "attributed": attributed}


def set_reliability(store: Store, source_id: str, grade: str | None, *, by: str, note: str) -> None:
    """Rate a source (an empty grade makes it unrated again); incidents it contributes to are re-derived
    (the conservative figure leaves out E)."""
    from rasad.log.service import rederive

    grade = (grade or "").strip().upper() or None
    if grade is not None and grade not in GRADES:
        raise SourceError(f"grade must be one of {', '.join(GRADES)} (Admiralty scale)")
    note = _clean_text(note, "the note", 2000)
    if not note:
        raise SourceError("a note is required (--note)")
    with store.session() as s:
        row = s.get(SourceRow, source_id)
        if row is None:
            raise SourceError(f"no source {source_id!r}")
        s.add(SourceReliabilityEvent(source_id=source_id, at=dt.datetime.now(dt.timezone.utc), actor=by,
                                     before=row.reliability, after=grade, note=note))
        row.reliability, row.reliability_note = grade, note
        affected = _incidents_of_source(s, source_id)
    if affected:
        rederive(store, affected)
