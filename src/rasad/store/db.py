"""The Store: one object that owns the database connection(s) and the small API everyone codes against.

SQLite (the embedded default) gets WAL, ``synchronous=FULL``, foreign keys, a busy timeout and exactly
ONE writer connection per process, with an inter-process file lock around every write transaction:
SQLite 3.7.0-3.51.2 can corrupt a WAL database when two connections write or checkpoint at the same
time (the "WAL-reset" bug), and the only connections that ever write or auto-checkpoint here are the
lock holders. Readers use a separate pool of ``query_only`` connections. PostgreSQL (``postgresql+psycopg://``)
uses one ordinary connection pool; it needs none of this.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from rasad.records import Analysis, Report
from rasad.store import custody as _custody  # noqa: F401 - chains every evidentiary row as it is inserted
from rasad.store.keys import KeyError_, file_state, pragma_key, resolve_key
from rasad.store.permissions import prepare_private_database
from rasad.store.schema import (
    AnalysisRow,
    IncidentReportRow,
    IncidentRow,
    ReportRow,
    ReviewEvent,
    SourceRow,
)

BUSY_TIMEOUT_MS = 60_000
WRITE_LOCK_TIMEOUT_S = 120.0
# Search ranks by relevance (bm25 / ts_rank) among the most recently ingested matches: ranking every
# match of a common word in a million reports costs seconds; this window keeps search well under 100 ms
# and is exact whenever a query has fewer matches than the window.
SEARCH_WINDOW = 200
# SQLite's bm25() counts every document holding each query word (a walk over the word's whole posting
# list: ~130 ms for a word in a million reports). Up to this many documents per word we use bm25; beyond
# it, a term-frequency score over the window (title hits x3, length-normalised) that costs the same
# whatever the corpus size.
BM25_MAX_DOCS = 20_000
# A budgeted SQLite read checks the clock every this many virtual-machine instructions (well under 1 ms).
SQLITE_PROGRESS_STEPS = 2000
STATS_TABLES = ("reports", "analyses", "incident_reports", "incidents", "review_events", "sources")


class StoreError(RuntimeError):
    """A storage problem with a one-line explanation for the user."""


class QueryBudgetExceeded(StoreError):
    """A read inside :meth:`Store.time_budget` ran past its time (the query was stopped, not finished)."""


def _stopped_by_budget(exc: DBAPIError) -> bool:
    """SQLite's progress handler interrupted the statement, or PostgreSQL's statement_timeout cancelled it."""
    return getattr(exc.orig, "sqlstate", None) == "57014" or str(exc.orig) == "interrupted"


def _pool_size() -> int:
    from rasad.config import get_settings

    return max(1, get_settings().db_pool_size)


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str | None
    publisher: str | None
    published_at: str | None
    snippet: str
    rank: float

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def default_url() -> str:
    from rasad.config import get_settings

    return os.environ.get("RASAD_DATABASE_URL") or get_settings().database_url


def redact_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


class _WriterLock:
    """Re-entrant per thread; across threads a ``threading.RLock``; across processes ``flock`` on a
    lock file beside the database (released by the kernel if the holder is killed)."""

    def __init__(self, lock_path: Path | None) -> None:
        self._thread_lock = threading.RLock()
        self._lock_path = lock_path
        self._fd: int | None = None
        self._depth = 0

    def acquire(self, timeout: float = WRITE_LOCK_TIMEOUT_S) -> None:
        if not self._thread_lock.acquire(timeout=timeout):
            raise StoreError(f"the database is busy (no write lock after {timeout:.0f} s)")
        self._depth += 1
        if self._depth > 1 or self._lock_path is None:
            return
        try:
            if self._fd is None:
                self._fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(
                            f"the database is busy: another process holds {self._lock_path} for over {timeout:.0f} s"
                        ) from None
                    time.sleep(0.01)
        except BaseException:
            self._depth -= 1
            self._thread_lock.release()
            raise

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0 and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._thread_lock.release()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


# A pooled PostgreSQL connection that has rested this long is pinged before it is handed out (the server may
# have restarted, or closed it, meanwhile). One in steady use is not: a ping is a round trip, and a page
# opens several sessions; under load a round trip also waits for the process's GIL (pool_pre_ping pinged
# on every checkout: a third of a listing page's round trips).
PING_IDLE_S = 1.0


def _json_from_utf8(data: Any) -> Any:
    return json.loads(str(data, "utf-8"))


def _load_json_as_text(dbapi_connection: Any) -> None:
    """json/jsonb values (a listing reads three a row) decoded from the connection's UTF-8 as text: psycopg's
    default hands json.loads the bytes, which first guesses their encoding (a third of the decoding)."""
    from psycopg.types.json import set_json_loads

    set_json_loads(_json_from_utf8, dbapi_connection)


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pessimistic disconnect handling, for connections idle over PING_IDLE_S: a dead one is
    replaced (and the pool's older connections with it) before a request sees it."""
    from sqlalchemy import exc

    @event.listens_for(engine, "connect")
    def _connected(dbapi_connection: Any, record: Any) -> None:
        record.info["rasad_checkin"] = time.monotonic()  # new: nothing to ping yet
        _load_json_as_text(dbapi_connection)

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["rasad_checkin"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        rested = time.monotonic() - record.info.get("rasad_checkin", 0.0)
        if rested < PING_IDLE_S:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 - any failure: this connection is not to be used
            raise exc.DisconnectionError(f"pooled connection unusable: {error}") from error


def _sqlite_engine(url: str, *, writer: bool, memory: bool, key: str | None = None, cache_mib: int = 0,
                   accounts_of: Path | None = None, raw_keys: tuple[str | None, str | None] = (None, None)) -> Engine:
    """``raw_keys``: SQLCipher raw keys (``rasad.store.keys.raw_key``) of the log and of its accounts file,
    used instead of the passphrase ``key`` where given (no key derivation per connection)."""
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}}
    if key is not None:  # SQLCipher 4 (the sqlcipher3 wheel): SQLite's API, every page encrypted
        from sqlcipher3 import dbapi2 as sqlcipher

        kwargs["module"] = sqlcipher
    if memory:
        kwargs["poolclass"] = StaticPool  # one shared in-memory database
    elif writer:
        kwargs.update(pool_size=1, max_overflow=0)  # exactly one writer connection
    else:
        # Readers: as many as the web server's worker threads can ask for at once (RASAD_DB_POOL_SIZE), so a
        # request never waits on the pool (SQLAlchemy's default, 5 + 10, ran dry under 50 users).
        # Last in, first out: a read gets the connection used most recently, whose page cache holds the
        # pages the last requests read. An encrypted log's decrypted pages live only in that cache (up to
        # RASAD_DB_CACHE_MIB per connection); first in, first out handed each request the connection that
        # had rested longest, so each page was decrypted again in every one of up to 48 connections, and
        # every one of them grew its own cache.
        kwargs.update(pool_size=_pool_size(), max_overflow=_pool_size(), pool_use_lifo=True)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event, not the sqlite3 module, decide where transactions start.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if key is not None:
            # A wrong key is one line from the Store, not SQLCipher's "hmac check failed" log on stderr.
            cur.execute("PRAGMA cipher_log_level = NONE")
            cur.execute(f'PRAGMA key = "{raw_keys[0]}"' if raw_keys[0] else f"PRAGMA key = {pragma_key(key)}")
            cur.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never reach the disk
            if cache_mib > 0:  # decrypted pages kept: the OS file cache holds only ciphertext
                cur.execute(f"PRAGMA cache_size = -{int(cache_mib) * 1024}")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")  # a commit is on disk before it returns
        if accounts_of is not None:
            # Accounts, sessions and the audit trail in a file of their own: a sign-in's commit leaves
            # the log's file, and so every reader's cached (decrypted) log pages, untouched.
            from rasad.store import accounts_file

            accounts_file.attach(dbapi_connection, accounts_of, raw_keys[1] or key)
            cur.execute(f"PRAGMA {accounts_file.SCHEMA}.synchronous = FULL")
        if writer and not memory:
            cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, nor it them
            if accounts_of is not None:
                cur.execute("PRAGMA accounts.journal_mode = WAL")
        if not writer:
            cur.execute("PRAGMA query_only = ON")  # a reader can never write (nor auto-checkpoint)
        cur.close()

    begin = "BEGIN IMMEDIATE" if writer else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine


def _encrypted_cache_mib() -> int:
    from rasad.config import get_settings

    return max(0, get_settings().db_cache_mib)


def date_bounds(
    value: str | None, precision: str | None = None, *, nominal_year: int | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """First and last day an ISO date of any precision can mean: '2022-09' -> (Sep 1, Sep 30).
    A day whose ``precision`` is "week" (said as "last week") spans the week around it (3 days either
    side). '--MM-DD', a day whose year is unknown, is that day in ``nominal_year`` when one is given
    (the merger compares such days by month and day), else unbounded."""
    if not value or not isinstance(value, str):
        return None, None
    value = value.strip()
    try:
        if value.startswith("--"):
            if nominal_year is None or len(value) != 7:
                return None, None
            day = dt.date(nominal_year, int(value[2:4]), int(value[5:7]))
            return day, day
        parts = value[:10].split("-")
        year = int(parts[0])
        if len(parts) == 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        month = int(parts[1])
        if len(parts) == 2:
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
        day = dt.date(year, month, int(parts[2]))
        if precision == "week":
            return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        return day, day
    except (ValueError, IndexError, OverflowError):  # OverflowError: a "year" past C int (the OpenAPI fuzz found it)
        return None, None


def _json_default(value: Any) -> Any:
    if hasattr(value, "model_dump"):  # a record (pydantic model)
        return value.model_dump(mode="json")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def jsonable(value: Any) -> Any:
    """A copy that any JSON column or file accepts: dates and times in ISO 8601, records as their JSON
    fields, anything else JSON cannot hold as its string. NUL characters are dropped (PostgreSQL's text and
    jsonb cannot hold them: a victim's name with one, imported from JSON, stopped the merge there)."""
    return _without_nul(json.loads(json.dumps(value, default=_json_default)))


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {_without_nul(k): _without_nul(v) for k, v in value.items()}
    return value


def incident_report_row(
    item: dict[str, Any],
    *,
    pipeline_version: str,
    report_id: str | None = None,
    source_key: str | None = None,
    source_id: str | None = None,
    ordinal: int = 0,
) -> IncidentReportRow:
    """An incident_reports row from an extracted (or imported) incident dict. The whole dict is kept in
    ``data``; the columns copy the fields that filters and merging use. Accepts ``date`` as an ISO
    string or as {value, precision}, and ``place`` as a dict or as top-level fields."""
    data = jsonable(item)
    date = data.get("date")
    precision = data.get("date_precision")
    if isinstance(date, dict):
        precision = precision or date.get("precision")
        date = date.get("value")
    place = data.get("place") if isinstance(data.get("place"), dict) else {}

    def pick(key: str, *alts: str) -> Any:
        for k in (key, *alts):
            if data.get(k) is not None:
                return data[k]
            if place.get(k) is not None:
                return place[k]
        return None

    start, end = date_bounds(date)
    if data.get("date_start"):
        start = date_bounds(data["date_start"])[0] or start
    if data.get("date_end"):
        end = date_bounds(data["date_end"])[1] or end
    confidence = data.get("confidence")
    return IncidentReportRow(
        report_id=report_id,
        source_key=source_key or data.get("source_key"),
        source_id=source_id or data.get("source_id"),
        pipeline_version=pipeline_version,
        ordinal=ordinal,
        event_type=data.get("event_type") or data.get("type"),
        sub_type=data.get("sub_type") or data.get("sub_event_type"),
        date=date if isinstance(date, str) else None,
        date_precision=precision,
        date_start=start,
        date_end=end,
        place_name=pick("place_name") or place.get("name") or (data.get("place") if isinstance(data.get("place"), str) else None),
        geonameid=pick("geonameid"),
        province=pick("province", "admin1"),
        country=pick("country"),
        lat=pick("lat", "latitude"),
        lon=pick("lon", "longitude"),
        counts=data.get("counts") or {},
        victims=data.get("victims") or [],
        evidence=data.get("evidence") or [],
        claimant=data.get("claimant") if isinstance(data.get("claimant"), str) else (
            json.dumps(data["claimant"], ensure_ascii=False) if data.get("claimant") is not None else None
        ),
        confidence=float(confidence) if isinstance(confidence, (int, float)) else None,
        background=bool(data.get("background", False)),
        data=data,
    )


# Report fields stored as columns of the same name (the rest: original bytes, flags, size).
REPORT_COLUMNS = ("id", "sha256", "source", "media_type", "title", "author", "publisher", "url", "published_at",
                  "retrieved_at", "language", "language_supported", "text")


def _report_row(report: Report) -> ReportRow:
    from rasad.store.search_fold import search_text_for

    return ReportRow(
        **{name: getattr(report, name) for name in REPORT_COLUMNS},
        search_text=search_text_for(report.text),
        flags=list(report.flags),
        original=report.original,
        size_bytes=len(report.original),
    )


def report_from_row(row: ReportRow, *, with_original: bool = True) -> Report:
    return Report(
        **{name: getattr(row, name) for name in REPORT_COLUMNS},
        flags=list(row.flags or []),
        original=bytes(row.original) if with_original else b"",
    )


class Store:
    """The incident log's database. Create it with :func:`open_store`."""

    def __init__(self, url: str, *, key: str | None = None) -> None:
        """``key``: the passphrase of an encrypted SQLite log; by default the one in the URL
        (``sqlite+pysqlcipher://:KEY@/path``), ``RASAD_DB_KEY``, ``RASAD_DB_KEY_FILE``, or a prompt on a
        terminal (see :mod:`rasad.store.keys`)."""
        self.url = url
        parsed = make_url(url)
        self.backend = parsed.get_backend_name()  # "sqlite" | "postgresql"
        self._local = threading.local()
        self.key: str | None = None
        if self.backend == "sqlite":
            if parsed.get_driver_name() == "pysqlcipher":  # SQLAlchemy's SQLCipher URL: the key is the password
                key = key or parsed.password
                parsed = URL.create("sqlite", database=parsed.database, query=parsed.query)
            database = parsed.database or ""
            self.memory = database in ("", ":memory:") or database.startswith("file::memory:")
            self.path = None if self.memory else Path(database).resolve()
            self.accounts_path = None if self.path is None else Path(str(self.path) + "-accounts")
            if self.path is not None:
                try:
                    self.key = resolve_key(self.path, key)
                except KeyError_ as exc:
                    raise StoreError(str(exc)) from None
                self._check_key_matches_file()
                self.path.parent.mkdir(parents=True, exist_ok=True)
                prepare_private_database(self.path)  # 0600, and so its -wal and -shm (issue 21, finding 3)
                prepare_private_database(self.accounts_path)  # the accounts file too (rasad.store.accounts_file)
                # normalise a relative path so the engines and the lock file agree on one file
                url = parsed.set(database=str(self.path)).render_as_string(hide_password=False)
            else:
                url = parsed.render_as_string(hide_password=False)
            self._url = url
            self._make_engines(self._raw_keys() if self.key is not None else (None, None))
            self._write_lock = _WriterLock(None if self.memory else Path(str(self.path) + ".lock"))
            if self.key is not None:
                self._check_key_opens()
        elif self.backend == "postgresql":
            from rasad.store.transport import refuse_plain_remote_postgres

            refuse_plain_remote_postgres(parsed)
            self.memory = False
            self.path = None
            self.accounts_path = None
            # No server-side prepared statements: a cached generic plan cannot tell a rare search word
            # from a common one, and picks a plan that is slow for one of them.
            self.engine = create_engine(url, connect_args={"prepare_threshold": None},
                                        pool_size=_pool_size(), max_overflow=_pool_size() // 2)
            _ping_when_idle(self.engine)
            # Reads run in autocommit (the same pool): no BEGIN and ROLLBACK round trips around every read
            # session, and the same view of the log (READ COMMITTED: each statement sees what was committed
            # when it started, in a transaction or not). A budgeted read keeps a transaction for its
            # SET LOCAL statement_timeout.
            self.read_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
            self._write_lock = _WriterLock(None)  # PostgreSQL serialises writers itself
        else:
            raise StoreError(f"unsupported database {redact_url(url)}: use sqlite:/// or postgresql+psycopg://")

    def _make_engines(self, raw_keys: tuple[str | None, str | None]) -> None:
        cache_mib = _encrypted_cache_mib() if self.key is not None else 0
        options = {"key": self.key, "cache_mib": cache_mib, "accounts_of": self.path, "raw_keys": raw_keys}
        self.engine = _sqlite_engine(self._url, writer=True, memory=self.memory, **options)
        self.read_engine = self.engine if self.memory else _sqlite_engine(self._url, writer=False, memory=False,
                                                                          **options)

    def _raw_keys(self) -> tuple[str | None, str | None]:
        """The log's and its accounts file's keys derived once for all the connections (each would derive
        them again from the passphrase: 0.3 s a connection and a file). A new log gets its salt from
        SQLCipher at its first write (its passphrase is used until the next open); a new accounts file
        gets a random salt here."""
        from rasad.store.keys import SALT_BYTES, file_salt, raw_key

        salt = file_salt(self.path)
        accounts_salt = file_salt(self.accounts_path) or os.urandom(SALT_BYTES)
        return (raw_key(self.key, salt) if salt else None, raw_key(self.key, accounts_salt))

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def _check_key_matches_file(self) -> None:
        state = file_state(self.path)
        if state == "plain" and self.key is not None:
            raise StoreError(f"{self.path} is a plain (unencrypted) log but a key is set: encrypt it first "
                             "(rasad encrypt), or unset RASAD_DB_KEY / RASAD_DB_KEY_FILE")
        if state == "encrypted" and self.key is None:
            raise StoreError(f"{self.path} is encrypted (or is not a SQLite log): give its key with RASAD_DB_KEY "
                             "or RASAD_DB_KEY_FILE, or run the command on a terminal to be asked for it")

    def _check_key_opens(self) -> None:
        """Read the schema once: a wrong key fails here, in one line, before any command runs."""
        from sqlalchemy.exc import DatabaseError

        try:
            with self.read_engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM main.sqlite_master").all()
        except DatabaseError as exc:
            self.close()
            if "not a database" in str(exc.orig) and self._passphrase_opens():
                # The derived key did not open a log the passphrase opens (a log keyed with other KDF
                # settings): every connection derives from the passphrase, as SQLCipher does by itself.
                self._make_engines((None, None))
                return
            if "not a database" in str(exc.orig):
                raise StoreError(f"wrong key for the encrypted log {self.path}") from None
            raise

    def _passphrase_opens(self) -> bool:
        from rasad.store.backup import _connect

        try:
            conn = _connect(str(self.path), key=self.key)
        except Exception:  # noqa: BLE001 - sqlcipher3's own DatabaseError
            return False
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            return True
        except Exception:  # noqa: BLE001
            return False
        finally:
            conn.close()

    # --- sessions ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def session(self, *, wait_s: float = WRITE_LOCK_TIMEOUT_S) -> Iterator[Session]:
        """A read-write ORM session: one transaction, committed when the block ends without error,
        rolled back otherwise. On SQLite it holds the single-writer lock for the whole block, so keep
        blocks short; ``wait_s``: how long to wait for that lock (StoreError after it), shorter for a
        write that may be skipped. Nested use in one thread joins the outer session (and its transaction)."""
        current = getattr(self._local, "session", None)
        if current is not None:
            yield current
            return
        self._write_lock.acquire(wait_s)
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                self._local.session = session
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
                finally:
                    self._local.session = None
        finally:
            self._write_lock.release()

    @contextlib.contextmanager
    def time_budget(self, seconds: float) -> Iterator[None]:
        """Reads this thread starts inside the block stop once ``seconds`` have passed since it began,
        with :class:`QueryBudgetExceeded`: a web request that may meet an expensive query (a search of
        two letters in a million incidents) answers in bounded time and frees its pooled connection.
        SQLite: a progress handler checks the clock every few thousand virtual-machine steps;
        PostgreSQL: ``SET LOCAL statement_timeout`` to the time left."""
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.deadline = previous

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only session (a separate ``query_only`` connection on SQLite; no write lock), bounded in
        time inside :meth:`time_budget`."""
        current = getattr(self._local, "session", None)
        if current is not None:  # inside a write block: read what it has written so far
            yield current
            return
        deadline = getattr(self._local, "deadline", None)
        engine = self.engine if deadline is not None and self.backend == "postgresql" else self.read_engine
        with Session(engine, expire_on_commit=False) as session:
            raw = None
            try:
                if deadline is not None:
                    raw = self._bound(session, deadline)
                yield session
            except DBAPIError as exc:
                if deadline is not None and _stopped_by_budget(exc):
                    raise QueryBudgetExceeded("the query took longer than its time budget and was stopped") from None
                raise
            finally:
                if raw is not None:
                    raw.set_progress_handler(None, 0)  # the pooled connection goes back unbounded
                session.rollback()

    def _bound(self, session: Session, deadline: float) -> Any:
        if time.monotonic() >= deadline:
            raise QueryBudgetExceeded("the time budget was spent before the query started")
        if self.backend == "sqlite":
            raw = session.connection().connection.dbapi_connection
            raw.set_progress_handler(lambda: 1 if time.monotonic() >= deadline else 0, SQLITE_PROGRESS_STEPS)
            return raw
        left_ms = max(1, int((deadline - time.monotonic()) * 1000))
        session.execute(text(f"SET LOCAL statement_timeout = {left_ms}"))
        return None

    def close(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        self._write_lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({redact_url(self.url)!r})"

    # --- reports ----------------------------------------------------------------------------------

    def _next_seq(self, session: Session) -> int:
        # Safe without a race: on SQLite the caller holds the single-writer lock.
        return (session.scalar(select(func.max(ReportRow.seq))) or 0) + 1

    def add_report(self, report: Report, session: Session | None = None) -> bool:
        """Store a report with its original bytes. False when its SHA-256 is already stored: re-ingesting
        the same bytes is a no-op (the stored copy is never modified)."""
        with self._maybe(session) as s:
            if s.get(ReportRow, report.id) is not None:
                return False
            row = _report_row(report)
            if self.backend == "sqlite":  # PostgreSQL's identity column fills it
                row.seq = self._next_seq(s)
            return self._insert_once(s, row)

    def get_report(self, report_id: str, *, with_original: bool = True) -> Report | None:
        with self.read_session() as s:
            row = s.get(ReportRow, report_id)
            return None if row is None else report_from_row(row, with_original=with_original)

    def has_report(self, report_id: str) -> bool:
        with self.read_session() as s:
            return s.scalar(select(ReportRow.id).where(ReportRow.id == report_id)) is not None

    def iter_reports(self, *, with_original: bool = False, page: int = 200) -> Iterator[Report]:
        """Every report, in id order, a page at a time (bounded memory; no lock held between pages)."""
        last = ""
        while True:
            with self.read_session() as s:
                rows = s.scalars(select(ReportRow).where(ReportRow.id > last).order_by(ReportRow.id).limit(page)).all()
                reports = [report_from_row(r, with_original=with_original) for r in rows]
            if not reports:
                return
            yield from reports
            last = reports[-1].id

    # --- analyses ---------------------------------------------------------------------------------

    def add_analysis(self, analysis: Analysis, session: Session | None = None) -> bool:
        """Store an analysis under its pipeline version. False when this report already has an analysis by
        this version (idempotent); a newer version adds a row and never replaces the old one.
        The report itself must be stored first (it is not repeated inside the analysis JSON)."""
        with self._maybe(session) as s:
            exists = s.scalar(
                select(AnalysisRow.id).where(
                    AnalysisRow.report_id == analysis.report.id,
                    AnalysisRow.pipeline_version == analysis.pipeline_version,
                )
            )
            if exists is not None:
                return False
            data = analysis.to_json_dict()
            data.pop("report", None)
            row = AnalysisRow(report_id=analysis.report.id, pipeline_version=analysis.pipeline_version, data=data)
            return self._insert_once(s, row)

    def has_analysis(self, report_id: str, pipeline_version: str, session: Session | None = None) -> bool:
        query = select(AnalysisRow.id).where(
            AnalysisRow.report_id == report_id, AnalysisRow.pipeline_version == pipeline_version
        )
        if session is not None:
            return session.scalar(query) is not None
        with self.read_session() as s:
            return s.scalar(query) is not None

    def latest_analysis(self, report_id: str, pipeline_version: str | None = None) -> Analysis | None:
        """The newest stored analysis of a report (or the one by ``pipeline_version``), report included."""
        with self.read_session() as s:
            query = select(AnalysisRow).where(AnalysisRow.report_id == report_id)
            if pipeline_version is not None:
                query = query.where(AnalysisRow.pipeline_version == pipeline_version)
            row = s.scalars(query.order_by(AnalysisRow.created_at.desc(), AnalysisRow.id.desc()).limit(1)).first()
            if row is None:
                return None
            report_row = s.get(ReportRow, report_id)
            data = dict(row.data)
            data["report"] = report_from_row(report_row)
            return Analysis.model_validate(data)

    def analysis_versions(self, report_id: str) -> list[str]:
        with self.read_session() as s:
            return list(
                s.scalars(
                    select(AnalysisRow.pipeline_version)
                    .where(AnalysisRow.report_id == report_id)
                    .order_by(AnalysisRow.created_at, AnalysisRow.id)
                )
            )

    # --- incident reports -------------------------------------------------------------------------

    def add_incident_reports(
        self,
        report_id: str,
        pipeline_version: str,
        items: list[dict[str, Any]],
        session: Session | None = None,
    ) -> list[int]:
        """Store a report's incident accounts as extracted by ``pipeline_version``; returns their ids.
        Idempotent: when that report already has incident reports by that version, their ids come back
        and nothing is added."""
        with self._maybe(session) as s:
            existing = list(
                s.scalars(
                    select(IncidentReportRow.id)
                    .where(IncidentReportRow.report_id == report_id, IncidentReportRow.pipeline_version == pipeline_version)
                    .order_by(IncidentReportRow.ordinal)
                )
            )
            if existing:
                return existing
            rows = [
                incident_report_row(item, pipeline_version=pipeline_version, report_id=report_id, ordinal=i)
                for i, item in enumerate(items)
            ]
            s.add_all(rows)
            s.flush()
            return [r.id for r in rows]

    def add_many(
        self,
        session: Session,
        items: list[tuple[Report, Analysis | None, list[dict[str, Any]] | None]],
    ) -> tuple[set[str], set[str], dict[str, int]]:
        """Batched :meth:`add_report`, :meth:`add_analysis` and :meth:`add_incident_reports` for many
        reports in one transaction (``rasad load``, ``rasad ingest --engine ray``): one query per table
        for what is stored already, then one COPY per table on PostgreSQL and one executemany INSERT on
        SQLite (:mod:`rasad.store.bulk`), not a row at a time; the new reports are chained for custody
        in one pass. Returns the ids of the reports added, of the reports whose analysis was added, and
        the number of incident reports added per report. The same rows as the one-at-a-time methods; a
        concurrent writer storing one of them first raises ``IntegrityError`` (the caller then takes
        the batch a row at a time)."""
        from rasad.store.bulk import column_values, insert_rows
        from rasad.store.custody import CHAINS, _lock, link_rows

        ids = list(dict.fromkeys(r.id for r, _, _ in items))
        stored: set[str] = set()
        analysed: set[tuple[str, str]] = set()
        extracted: set[tuple[str, str]] = set()
        for lo in range(0, len(ids), 500):
            chunk = ids[lo : lo + 500]
            stored |= set(session.scalars(select(ReportRow.id).where(ReportRow.id.in_(chunk))))
            analysed |= set(session.execute(select(AnalysisRow.report_id, AnalysisRow.pipeline_version)
                                            .where(AnalysisRow.report_id.in_(chunk))).tuples())
            extracted |= set(session.execute(select(IncidentReportRow.report_id, IncidentReportRow.pipeline_version)
                                             .where(IncidentReportRow.report_id.in_(chunk)).distinct()).tuples())
        added: dict[str, None] = {}  # in input order: the order of their seq and of their custody links
        report_rows = []
        seq = self._next_seq(session) if self.backend == "sqlite" else None
        for report, _, _ in items:
            if report.id in stored or report.id in added:
                continue
            row = column_values(_report_row(report))
            if seq is not None:
                row["seq"], seq = seq, seq + 1
            report_rows.append(row)
            added[report.id] = None
        if report_rows:
            connection = session.connection()
            _lock(connection)  # before the rows, as for one row (see custody._before_insert)
            insert_rows(session, ReportRow.__table__, report_rows)
            link_rows(connection, CHAINS["reports"], list(added))
        del report_rows
        analysis_rows: list[dict[str, Any]] = []
        incident_rows: list[dict[str, Any]] = []
        new_analyses: set[str] = set()
        counts: dict[str, int] = {}
        for _, analysis, accounts in items:
            if analysis is None:
                continue
            key = (analysis.report.id, analysis.pipeline_version)
            if key not in analysed:
                data = analysis.to_json_dict()
                data.pop("report", None)
                analysis_rows.append(column_values(AnalysisRow(report_id=key[0], pipeline_version=key[1], data=data)))
                analysed.add(key)
                new_analyses.add(key[0])
            if accounts and key not in extracted:
                incident_rows += (column_values(incident_report_row(item, pipeline_version=key[1], report_id=key[0],
                                                                    ordinal=i)) for i, item in enumerate(accounts))
                extracted.add(key)
                counts[key[0]] = counts.get(key[0], 0) + len(accounts)
        insert_rows(session, AnalysisRow.__table__, analysis_rows)
        insert_rows(session, IncidentReportRow.__table__, incident_rows)
        return set(added), new_analyses, counts

    # --- search -----------------------------------------------------------------------------------

    def search_reports(self, query: str, limit: int = 20, *, window: int = SEARCH_WINDOW) -> list[SearchHit]:
        """Full-text search over report titles and texts: every word must match (stemmed English), the
        best ``limit`` by relevance among the ``window`` most recently ingested matches. The query is
        plain words, never query syntax: quotes and operators are treated as text."""
        words = _search_words(query)
        if not words:
            return []
        limit = max(1, min(int(limit), 1000))
        window = max(limit, int(window))
        with self.read_session() as s:
            if self.backend == "sqlite":
                return self._search_sqlite(s, words, limit, window)
            return self._search_postgres(s, words, limit, window)

    @staticmethod
    def _search_sqlite(s: Session, words: list[str], limit: int, window: int) -> list[SearchHit]:
        def fts_query(terms: list[str]) -> str:
            return " ".join('"' + w.replace('"', '""') + '"' for w in terms)

        match = fts_query(words)
        common = any(
            s.execute(
                text("SELECT count(*) FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH :q LIMIT :cap)"),
                {"q": fts_query([w]), "cap": BM25_MAX_DOCS + 1},
            ).scalar()
            > BM25_MAX_DOCS
            for w in words
        )
        # FTS5 walks the matches newest first and stops after the window; the score is computed for those.
        if common:
            score = (
                "3.0 * (length(ht) - length(replace(ht, char(1), ''))) "
                "+ (length(hx) - length(replace(hx, char(1), ''))) / (1.0 + length(hx) / 2000.0)"
            )
            inner = (
                "SELECT rowid AS seq, highlight(reports_fts, 0, char(1), '') AS ht, "
                "highlight(reports_fts, 1, char(1), '') AS hx FROM reports_fts WHERE reports_fts MATCH :q "
                "ORDER BY rowid DESC LIMIT :w"
            )
            sql = f"SELECT seq, {score} AS relevance FROM ({inner}) ORDER BY relevance DESC, seq DESC LIMIT :n"
        else:
            sql = (
                "SELECT seq, -rank FROM (SELECT rowid AS seq, bm25(reports_fts) AS rank FROM reports_fts "
                "WHERE reports_fts MATCH :q ORDER BY rowid DESC LIMIT :w) ORDER BY rank, seq DESC LIMIT :n"
            )
        ranked = s.execute(text(sql), {"q": match, "w": window, "n": limit}).all()
        if not ranked:
            return []
        seqs = [r[0] for r in ranked]
        snippets = dict(
            s.execute(
                text(
                    "SELECT rowid, snippet(reports_fts, 1, '[', ']', ' … ', 12) FROM reports_fts "
                    "WHERE reports_fts MATCH :q AND rowid IN (SELECT value FROM json_each(:seqs))"
                ),
                {"q": match, "seqs": json.dumps(seqs)},
            ).all()
        )
        rows = {
            r.seq: r
            for r in s.execute(
                select(ReportRow.seq, ReportRow.id, ReportRow.title, ReportRow.publisher, ReportRow.published_at).where(
                    ReportRow.seq.in_(seqs)
                )
            )
        }
        return [
            SearchHit(rows[q].id, rows[q].title, rows[q].publisher, rows[q].published_at, snippets.get(q) or "", float(score))
            for q, score in ranked
        ]

    @staticmethod
    def _search_postgres(s: Session, words: list[str], limit: int, window: int) -> list[SearchHit]:
        # plainto_tsquery is written out where it is used (no CTE): the planner must see the words to
        # choose between the GIN index (rare words) and walking reports newest first (common words).
        rows = s.execute(
            text(
                "SELECT h.id, h.title, h.publisher, h.published_at, "
                "ts_headline('english', left(coalesce(h.search_text, h.text), 20000), plainto_tsquery('english', :q), "
                "'StartSel=[, StopSel=], MaxWords=20, MinWords=8') AS snip, h.rank FROM ("
                " SELECT recent.*, ts_rank(recent.search_vector, plainto_tsquery('english', :q), 1) AS rank FROM ("
                "  SELECT r.id, r.seq, r.title, r.publisher, r.published_at, r.text, r.search_text, r.search_vector FROM reports r"
                "  WHERE r.search_vector @@ plainto_tsquery('english', :q) ORDER BY r.seq DESC LIMIT :w) recent"
                " ORDER BY rank DESC, seq DESC LIMIT :n) h "
                "ORDER BY h.rank DESC, h.seq DESC"
            ),
            {"q": " ".join(words), "w": window, "n": limit},
        ).all()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4] or "", float(r[5])) for r in rows]

    # --- whole-log operations ---------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Row counts of the main tables, incidents by status, and which database this is."""
        with self.read_session() as s:
            counts: dict[str, Any] = {
                name: s.scalar(select(func.count()).select_from(model))
                for name, model in zip(
                    STATS_TABLES, (ReportRow, AnalysisRow, IncidentReportRow, IncidentRow, ReviewEvent, SourceRow)
                )
            }
            counts["incidents_by_status"] = dict(
                s.execute(select(IncidentRow.status, func.count()).group_by(IncidentRow.status)).all()
            )
        counts["backend"] = self.backend
        counts["database"] = redact_url(self.url)
        return counts

    def table_counts(self) -> dict[str, int]:
        from rasad.store.schema import Base

        with self.read_session() as s:
            return {
                name: s.scalar(select(func.count()).select_from(table))
                for name, table in sorted(Base.metadata.tables.items())
            }

    def backup(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> dict[str, Any]:
        """A consistent copy of a live SQLite log in one self-contained file, made with SQLite's online
        backup API from a single read snapshot (writers keep going), then verified: PRAGMA
        integrity_check and every table's row count equal to the snapshot's. Returns what was checked."""
        from rasad.store.backup import backup_sqlite

        if self.backend != "sqlite":
            raise StoreError(
                "backup copies SQLite logs; for PostgreSQL use pg_dump: "
                f"pg_dump --format=custom --file {os.fspath(path)} '{_libpq_url(self.url)}'"
            )
        if self.memory:
            raise StoreError("an in-memory database cannot be backed up")
        return backup_sqlite(self.path, Path(path), overwrite=overwrite, key=self.key)

    # --- helpers ----------------------------------------------------------------------------------

    def _insert_once(self, s: Session, row: Any) -> bool:
        """Insert a row whose absence was just checked. On SQLite the writer lock makes check-then-insert
        safe; on PostgreSQL two team members may ingest the same report at once, so a unique violation
        means "already stored" (rolled back to a savepoint, the rest of the transaction goes on)."""
        if self.backend == "sqlite":
            s.add(row)
            s.flush()
            return True
        try:
            with s.begin_nested():
                s.add(row)
            return True
        except IntegrityError:
            return False

    @contextlib.contextmanager
    def _maybe(self, session: Session | None) -> Iterator[Session]:
        if session is not None:
            yield session
        else:
            with self.session() as s:
                yield s


def _search_words(query: str) -> list[str]:
    import re

    from rasad.store.search_fold import fold_search

    # Folded as the indexed text is (Persian letter variants, ZWNJ, diacritics): any spelling finds any.
    return re.findall(r"\w+", fold_search(query or ""))[:32]


def _libpq_url(url: str) -> str:
    """postgresql+psycopg://user:***@host/db -> postgresql://user@host/db (password left out)."""
    parsed = make_url(url)
    bare = URL.create("postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query)
    return bare.render_as_string(hide_password=False)


def open_store(url: str | None = None, *, migrate: bool = True, key: str | None = None) -> Store:
    """Open the log at ``url`` (default: ``RASAD_DATABASE_URL``, else ``sqlite:///rasad.db`` in the working
    folder) and bring its schema up to date (``alembic upgrade head``). ``key``: an encrypted SQLite
    log's passphrase (by default found as :mod:`rasad.store.keys` says)."""
    store = Store(url or default_url(), key=key)
    if migrate:
        from rasad.store.migrate import upgrade

        with contextlib.ExitStack() as on_failure:
            on_failure.enter_context(store)  # a log that cannot be upgraded is closed again
            upgrade(store)
            _deliver_audit_entries(store)
            on_failure.pop_all()  # upgraded: the caller keeps it open
    return store


def _deliver_audit_entries(store: Store) -> None:
    """Audit events that a process wrote to the log's outbox and did not live to deliver (killed between
    the two files' commits: rasad.store.audit_trail) go into the audit trail now, exactly once."""
    from rasad.store.audit_trail import deliver, pending

    if pending(store):
        deliver(store)
