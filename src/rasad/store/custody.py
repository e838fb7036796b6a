"""Chain of custody: every report intake, review event and source event is a link in a hash chain.

One chain per evidentiary table (``CHAINS``): reports (the intake: id = SHA-256 of the original bytes,
when, from where), review_events, source_events and source_reliability_events; and one for the accounts
audit trail, audit_events (sign-ins, failures, roles, settings, exports, uploads, source edits). A link
is a row of ``custody_links`` (``audit_links`` for the audit trail: on SQLite it lives in the accounts
file with the events it chains, so a sign-in commits to that file only)::

    hash = SHA-256( prev_hash + canonical JSON of the row )

where ``prev_hash`` is the previous link's hash in the same chain (64 zeros for the first), both as
lowercase hex and UTF-8. The canonical JSON is the row as the database holds it, read back inside the
same transaction that inserted it: the columns of ``CHAINS[chain].columns`` plus ``"chain"``, keys sorted,
no spaces, non-ASCII kept, times as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ``; a report's text enters as
``text_sha256`` (its original bytes are checked apart: their SHA-256 is the report's id).

Links are appended by ORM ``after_insert`` events on the same connection and in the same transaction as
the row, so a row and its link commit together or not at all. On SQLite the single-writer lock orders
appends; on PostgreSQL a transaction-scoped advisory lock does (held from the first append to commit:
writers of chained rows take turns for that long). The audit chain has a lock of its own (a sign-in does
not wait for an ingest's transaction), taken only at commit (``before_commit``: the transaction's audit
events are linked then), after any evidentiary link, so two transactions never take the two locks in
opposite orders.

:func:`verify` walks every chain and every original; :func:`sign_heads` / :func:`check_receipt` sign the
chain heads with an Ed25519 key into a receipt and check one with the public key alone. A later log that
extends the chains still verifies against an earlier receipt: its heads must be links of the chains.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, cast, event, select, text
from sqlalchemy.orm import Session, object_session

from rasad.store.schema import (
    AuditEvent,
    AuditLink,
    CustodyLink,
    ReportRow,
    ReviewEvent,
    SourceEvent,
    SourceReliabilityEvent,
)

GENESIS = "0" * 64
CUSTODY_LOCK_ID = 7_361_617_373  # PostgreSQL advisory lock: one appender of links at a time
AUDIT_LOCK_ID = 7_361_617_374  # the same, for the audit trail's chain
RECEIPT_FORMAT = "rasad-custody-receipt/1"
MANIFEST_FORMAT = "rasad-export-manifest/1"
PAGE = 2000


@dataclass(frozen=True)
class Chain:
    name: str
    model: Any
    order: str  # the column new rows grow along (the order the migration links existing rows in)
    columns: tuple[str, ...]
    label: str  # how a problem names a row
    links: Any = CustodyLink  # the table its links are kept in
    lock_id: int = CUSTODY_LOCK_ID

    @property
    def table(self):  # noqa: ANN201
        return self.model.__table__


CHAINS: dict[str, Chain] = {
    c.name: c
    for c in (
        Chain("reports", ReportRow, "seq",
              ("id", "sha256", "seq", "source", "media_type", "title", "author", "publisher", "url", "published_at",
               "retrieved_at", "language", "language_supported", "flags", "size_bytes", "ingested_at"),
              "report"),
        Chain("review_events", ReviewEvent, "id",
              ("id", "incident_id", "actor", "at", "action", "field", "before", "after", "note"), "review event"),
        Chain("source_events", SourceEvent, "id",
              ("id", "source_id", "at", "actor", "field", "before", "after", "note"), "source event"),
        Chain("source_reliability_events", SourceReliabilityEvent, "id",
              ("id", "source_id", "at", "actor", "before", "after", "note"), "source rating event"),
        Chain("audit_events", AuditEvent, "id", ("id", "at", "actor", "action", "detail", "ip", "intent"),
              "audit event", links=AuditLink, lock_id=AUDIT_LOCK_ID),
    )
}
AUDIT = CHAINS["audit_events"]
# The chains of the log's evidentiary rows (linked as each row is inserted; migration 0005 made them).
EVIDENCE = tuple(name for name in CHAINS if name != AUDIT.name)
_BY_MODEL = {CHAINS[name].model: CHAINS[name] for name in EVIDENCE}


class CustodyError(RuntimeError):
    pass


# --- canonical form ----------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:  # SQLite keeps UTC wall time without an offset
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return hashlib.sha256(bytes(value)).hexdigest()
    return value


def canonical_json(chain: Chain, row: Any) -> str:
    """The row (a mapping of the table's columns, as the database returns them) as canonical JSON."""
    data = {name: _plain(row[name]) for name in chain.columns}
    data["chain"] = chain.name
    if chain.name == "reports":
        data["text_sha256"] = hashlib.sha256((row["text"] or "").encode("utf-8")).hexdigest()
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def link_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _key_column(chain: Chain):  # noqa: ANN202
    return chain.table.c.id


def _row_columns(chain: Chain) -> list[Any]:
    cols = [chain.table.c[name] for name in chain.columns]
    if chain.name == "reports":
        cols.append(chain.table.c.text)
    return cols


def _key_value(chain: Chain, row_key: str) -> Any:
    return row_key if chain.name == "reports" else int(row_key)


# --- appending ---------------------------------------------------------------------------------


def _lock(conn: Connection, lock_id: int = CUSTODY_LOCK_ID) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_id})


def _head(conn: Connection, chain: Chain) -> tuple[int, str]:
    links = chain.links
    row = conn.execute(
        select(links.position, links.hash)
        .where(links.chain == chain.name).order_by(links.position.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else (0, GENESIS)


def append_link(conn: Connection, chain: Chain, row_key: Any) -> str:
    """Chain the stored row ``row_key`` of ``chain`` (read back on ``conn``, in its transaction)."""
    _lock(conn, chain.lock_id)
    position, prev = _head(conn, chain)
    row = conn.execute(select(*_row_columns(chain)).where(_key_column(chain) == row_key)).mappings().one()
    digest = link_hash(prev, canonical_json(chain, row))
    conn.execute(chain.links.__table__.insert().values(
        chain=chain.name, position=position + 1, row_key=str(row_key), prev_hash=prev, hash=digest,
        linked_at=dt.datetime.now(dt.timezone.utc)))
    return digest


def _before_insert(_mapper: Any, connection: Connection, _target: Any) -> None:
    # The lock before the row, not only before its link: on PostgreSQL, two ingests of the same report
    # would otherwise deadlock (one holding the lock and waiting on the other's uncommitted row with the
    # same id, the other holding that row and waiting on the lock). In this order the second one waits,
    # then meets the unique key and treats the report as already stored.
    _lock(connection)


def _after_insert(_mapper: Any, connection: Connection, target: Any) -> None:
    append_link(connection, _BY_MODEL[type(target)], target.id)


for _model in _BY_MODEL:
    event.listen(_model, "before_insert", _before_insert)
    event.listen(_model, "after_insert", _after_insert)

# The audit trail's events are linked when their transaction commits (see the module's docstring): the
# session notes each one inserted, and links them, in id order, just before its commit.
_AUDIT_PENDING = "rasad_audit_events_to_link"


@event.listens_for(AuditEvent, "after_insert")
def _note_audit_event(_mapper: Any, _connection: Connection, target: Any) -> None:
    session = object_session(target)
    if session is None:  # not possible for an ORM flush; linked by link_unchained at worst
        return
    session.info.setdefault(_AUDIT_PENDING, []).append(target.id)


@event.listens_for(Session, "before_commit")
def _link_audit_events(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint's release: the links wait for the real commit
        return
    # The commit's own flush comes after this event: audit events not flushed yet are flushed here.
    if not session.info.get(_AUDIT_PENDING) and not any(isinstance(o, AuditEvent) for o in session.new):
        return
    session.flush()  # audit events still pending are inserted (and noted) now, before they are linked
    keys = list(dict.fromkeys(session.info.pop(_AUDIT_PENDING)))
    link_rows(session.connection(), AUDIT, keys)  # a key whose row a savepoint rolled back is not found


@event.listens_for(Session, "after_transaction_end")
def _forget_audit_events(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the session's outermost transaction ended: committed or rolled back
        session.info.pop(_AUDIT_PENDING, None)


def _append_links(conn: Connection, chain: Chain, rows: list[Any], position: int, prev: str) -> tuple[int, str]:
    """Links for ``rows`` (read back, in the chain's order) after the link at ``position`` whose hash is
    ``prev``, in one statement; returns the new head."""
    now = dt.datetime.now(dt.timezone.utc)
    batch = []
    for row in rows:
        digest = link_hash(prev, canonical_json(chain, row))
        position += 1
        batch.append({"chain": chain.name, "position": position, "row_key": str(row["id"]),
                      "prev_hash": prev, "hash": digest, "linked_at": now})
        prev = digest
    conn.execute(chain.links.__table__.insert(), batch)
    return position, prev


def link_rows(conn: Connection, chain: Chain, keys: list[Any]) -> None:
    """Chain rows a bulk loader just inserted (bypassing the ORM's ``after_insert``), in the same
    transaction: read back in one query per 500 and linked in the chain's order, so the links are the
    ones :func:`append_link` would have made a row at a time in that order."""
    if not keys:
        return
    _lock(conn, chain.lock_id)
    position, prev = _head(conn, chain)
    rows: list[Any] = []
    for lo in range(0, len(keys), 500):
        rows += conn.execute(select(*_row_columns(chain)).where(_key_column(chain).in_(keys[lo:lo + 500]))).mappings().all()
    rows.sort(key=lambda row: row[chain.order])
    _append_links(conn, chain, rows, position, prev)


def link_unchained(conn: Connection, *, progress: Any = None, chains: tuple[str, ...] | None = None) -> dict[str, int]:
    """Append a link for every row that has none, chain by chain in the rows' own order (``Chain.order``).
    The migrations run it over an existing log (``chains``: those their revision made; default every
    chain); bulk loaders that bypass the ORM run it after loading."""
    added: dict[str, int] = {}
    for chain in (CHAINS[name] for name in (chains or tuple(CHAINS))):
        _lock(conn, chain.lock_id)
        links = chain.links.__table__
        position, prev = _head(conn, chain)
        order = chain.table.c[chain.order]
        key = _key_column(chain)
        linked = select(links.c.id).where(links.c.chain == chain.name,
                                          links.c.row_key == cast(key, links.c.row_key.type))
        last = None
        count = 0
        while True:
            query = select(*_row_columns(chain)).where(~linked.exists())
            if last is not None:
                query = query.where(order > last)
            rows = conn.execute(query.order_by(order).limit(PAGE)).mappings().all()
            if not rows:
                break
            position, prev = _append_links(conn, chain, rows, position, prev)
            last = rows[-1][chain.order]
            count += len(rows)
            if progress is not None:
                progress(chain.name, count)
        added[chain.name] = count
    return added


# --- verifying ---------------------------------------------------------------------------------


@dataclass
class Verification:
    heads: dict[str, dict[str, Any]] = field(default_factory=dict)  # chain -> {"position", "hash"}
    links: dict[str, int] = field(default_factory=dict)
    originals_checked: int = 0
    problems: list[str] = field(default_factory=list)
    first_broken: dict[str, int] = field(default_factory=dict)  # chain -> position of its first broken link

    @property
    def ok(self) -> bool:
        return not self.problems


MAX_PROBLEMS_PER_KIND = 20


def _links(conn: Connection, chain: Chain) -> Iterator[list[Any]]:
    last = 0
    links = chain.links
    while True:
        page = conn.execute(
            select(links.position, links.row_key, links.prev_hash, links.hash)
            .where(links.chain == chain.name, links.position > last)
            .order_by(links.position).limit(PAGE)
        ).all()
        if not page:
            return
        yield page
        last = page[-1][0]


def verify(store: Any, *, originals: bool = True) -> Verification:
    """Walk every chain (each link's prev_hash is the previous link's hash, each hash recomputed from the
    row as stored now), find rows without a link, and check each report's original bytes against its id."""
    result = Verification()
    with store.read_session() as s:
        conn = s.connection()
        for chain in CHAINS.values():
            _verify_chain(conn, chain, result)
        _verify_outbox(conn, result)
        if originals:
            _verify_originals(conn, result)
    return result


def _say(result: Verification, counter: dict[str, int], kind: str, message: str) -> None:
    counter[kind] = counter.get(kind, 0) + 1
    if counter[kind] <= MAX_PROBLEMS_PER_KIND:
        result.problems.append(message)
    elif counter[kind] == MAX_PROBLEMS_PER_KIND + 1:
        result.problems.append(f"(more problems of this kind: {kind}; fix the first ones and verify again)")


def _verify_chain(conn: Connection, chain: Chain, result: Verification) -> None:
    expected_prev, expected_position = GENESIS, 0
    counter: dict[str, int] = {}
    key = _key_column(chain)

    def broken(position: int, message: str) -> None:
        result.first_broken.setdefault(chain.name, position)
        _say(result, counter, f"{chain.name} links", f"custody chain {chain.name}: link {position} {message}")

    for page in _links(conn, chain):
        keys = [_key_value(chain, row_key) for _p, row_key, _pr, _h in page]
        rows = {str(r["id"]): r for r in conn.execute(select(*_row_columns(chain)).where(key.in_(keys))).mappings()}
        for position, row_key, prev_hash, digest in page:
            expected_position += 1
            what = f"({chain.label} {row_key})"
            if position != expected_position:
                broken(expected_position, f"is missing (the chain jumps to link {position})")
                expected_position = position
            if prev_hash != expected_prev:
                broken(position, f"{what} does not follow link {position - 1}: its previous hash differs")
            row = rows.get(row_key)
            if row is None:
                broken(position, f"{what}: the row is gone")
            elif link_hash(prev_hash, canonical_json(chain, row)) != digest:
                broken(position, f"{what}: the row differs from what was chained (edited after it was stored)")
            expected_prev = digest
        result.links[chain.name] = expected_position
    result.links.setdefault(chain.name, 0)
    if expected_position:
        result.heads[chain.name] = {"position": expected_position, "hash": expected_prev}
    links = chain.links.__table__
    linked = select(links.c.id).where(links.c.chain == chain.name,
                                      links.c.row_key == cast(key, links.c.row_key.type))
    for (row_key,) in conn.execute(select(key).where(~linked.exists()).order_by(key).limit(MAX_PROBLEMS_PER_KIND + 1)):
        _say(result, counter, f"{chain.name} unchained",
             f"custody chain {chain.name}: {chain.label} {row_key} has no link (added behind Rasad's back)")


def _verify_outbox(conn: Connection, result: Verification) -> None:
    """An action's audit event still waiting in the log's outbox a minute on: its delivery to the audit
    trail failed (rasad.store.audit_trail; the next open of the log delivers it)."""
    from rasad.store.audit_trail import late_entries

    counter: dict[str, int] = {}
    for entry_id, action, at in late_entries(conn):
        _say(result, counter, "audit outbox", f"audit outbox: the {action} of {_plain(at)} (entry {entry_id}) is not "
             "in the audit trail yet (its delivery failed; opening the log again delivers it)")


def _verify_originals(conn: Connection, result: Verification) -> None:
    counter: dict[str, int] = {}
    table = ReportRow.__table__
    last = ""
    while True:
        page = conn.execute(
            select(table.c.id, table.c.sha256, table.c.original).where(table.c.id > last).order_by(table.c.id).limit(PAGE)
        ).all()
        if not page:
            return
        for report_id, sha, original in page:
            result.originals_checked += 1
            actual = hashlib.sha256(bytes(original or b"")).hexdigest()
            if actual != report_id or sha != report_id:
                _say(result, counter, "originals",
                     f"report {report_id}: its original bytes hash to {actual}, not to its id")
        last = page[-1][0]


def heads(store: Any) -> dict[str, dict[str, Any]]:
    """Each chain's last link (position and hash), as stored (no walk)."""
    out = {}
    with store.read_session() as s:
        conn = s.connection()
        for name, chain in CHAINS.items():
            position, digest = _head(conn, chain)
            if position:
                out[name] = {"position": position, "hash": digest}
    return out


# --- keys, receipts and manifests ----------------------------------------------------------------


def _private_write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def generate_keypair(private_path: Path, public_path: Path) -> str:
    """A new Ed25519 key pair: the private key (PEM, PKCS#8) 0600, the public key (PEM) 0644. Refuses to
    replace either file. Returns the public key's fingerprint."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise CustodyError(f"{path} exists: choose another name (keys are never overwritten)")
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        _private_write(private_path, private, 0o600)
        _private_write(public_path, public, 0o644)
    except OSError as exc:
        raise CustodyError(f"cannot write the key pair: {exc.strerror or exc} ({exc.filename})") from None
    return fingerprint(key.public_key())


def fingerprint(public_key: Any) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:32]


def load_private_key(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    except OSError as exc:
        raise CustodyError(f"cannot read the private key {path}: {exc.strerror or exc}") from None
    except (ValueError, TypeError) as exc:
        raise CustodyError(f"{path} is not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise CustodyError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except OSError as exc:
        raise CustodyError(f"cannot read the public key {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise CustodyError(f"{path} is not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise CustodyError(f"{path} is not an Ed25519 public key")
    return key


def _signed_bytes(document: dict[str, Any]) -> bytes:
    body = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(document: dict[str, Any], private_key: Any) -> dict[str, Any]:
    """The document with ``signer`` (the key's fingerprint) and ``signature`` (Ed25519 over the canonical
    JSON of every other field, base64) added."""
    document = dict(document, signer=fingerprint(private_key.public_key()))
    document["signature"] = base64.b64encode(private_key.sign(_signed_bytes(document))).decode("ascii")
    return document


def signature_problem(document: dict[str, Any], public_key: Any) -> str | None:
    from cryptography.exceptions import InvalidSignature

    signature = document.get("signature")
    if not isinstance(signature, str):
        return "it carries no signature"
    try:
        public_key.verify(base64.b64decode(signature, validate=True), _signed_bytes(document))
    except (InvalidSignature, ValueError):
        if document.get("signer") not in (None, fingerprint(public_key)):
            return f"it was signed by another key ({document.get('signer')}), not {fingerprint(public_key)}"
        return "its signature does not verify with this public key: it was altered, or signed by another key"
    return None


def make_receipt(store: Any, private_key: Any) -> dict[str, Any]:
    """A signed receipt of the chain heads (only after the chains verify)."""
    checked = verify(store, originals=True)
    if not checked.ok:
        raise CustodyError("the log does not verify; no receipt signed: " + checked.problems[0])
    return sign({"format": RECEIPT_FORMAT, "signed_at": _plain(dt.datetime.now(dt.timezone.utc)),
                 "heads": checked.heads, "links": checked.links}, private_key)


def read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CustodyError(f"cannot read the {what} {path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise CustodyError(f"{path} is not a {what} (not JSON: {exc})") from None
    if not isinstance(data, dict):
        raise CustodyError(f"{path} is not a {what}")
    return data


def check_receipt(store: Any, receipt: dict[str, Any], public_key: Any) -> list[str]:
    """Problems with ``receipt`` against this log: its signature, then each signed head, which must be
    a link of the chain as stored now (a log that grew since still verifies)."""
    if receipt.get("format") != RECEIPT_FORMAT:
        return [f"not a Rasad custody receipt (format {receipt.get('format')!r})"]
    problem = signature_problem(receipt, public_key)
    if problem:
        return [f"receipt: {problem}"]
    problems = []
    signed = receipt.get("heads")
    if not isinstance(signed, dict):
        return ["receipt: no chain heads"]
    with store.read_session() as s:
        for name, head in sorted(signed.items()):
            if name not in CHAINS or not isinstance(head, dict):
                problems.append(f"receipt: unknown chain {name!r}")
                continue
            links = CHAINS[name].links
            stored = s.execute(select(links.hash).where(
                links.chain == name, links.position == head.get("position"))).scalar()
            if stored is None:
                problems.append(f"receipt: chain {name} has no link {head.get('position')}: the log is shorter "
                                "than when the receipt was signed")
            elif stored != head.get("hash"):
                problems.append(f"receipt: chain {name} link {head.get('position')} is not the link signed "
                                "(the log was rewritten since)")
    return problems


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_manifest(store: Any, files: list[Path], private_key: Any = None, **about: Any) -> dict[str, Any]:
    """What an export holds: each file's name, size and SHA-256, the log's chain heads when it was
    written, and (with a key) an Ed25519 signature over all of it."""
    document = {
        "format": MANIFEST_FORMAT,
        "written_at": _plain(dt.datetime.now(dt.timezone.utc)),
        "files": [{"name": Path(f).name, "bytes": Path(f).stat().st_size, "sha256": file_sha256(Path(f))}
                  for f in files],
        "custody_heads": heads(store),
        **about,
    }
    return sign(document, private_key) if private_key is not None else document


def check_manifest(manifest_path: Path, public_key: Any = None) -> list[str]:
    """Problems with an export against its manifest: each file's size and hash (the files are looked for
    beside the manifest), and the signature when a public key is given."""
    manifest = read_json(manifest_path, "manifest")
    if manifest.get("format") != MANIFEST_FORMAT:
        return [f"{manifest_path}: not a Rasad export manifest"]
    problems = []
    if public_key is not None:
        problem = signature_problem(manifest, public_key)
        if problem:
            problems.append(f"manifest: {problem}")
    for entry in manifest.get("files") or []:
        path = Path(manifest_path).parent / str(entry.get("name"))
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif file_sha256(path) != entry.get("sha256"):
            problems.append(f"{path}: its SHA-256 differs from the manifest's (the file was changed)")
    return problems
