"""Accounts, passwords, server-side sessions, login rate limiting and the audit trail of auth events.

- Passwords: argon2id (argon2-cffi's defaults, RFC 9106 low-memory profile); the policy (12 to 1024
  characters, no common password, no composition rules) is ``rasad.web.passwords``. Hashes are upgraded
  on login when the parameters change.
- Usernames are unique whatever their case ("Admin" is "admin"): a unique index on lower(username), and
  every lookup compares lowercased.
- A user given a one-time password carries ``users.must_change_password`` until they choose their own:
  kept in the database, so a restart of the server does not lift it.
- Sessions: a 128-bit random token in an HttpOnly cookie; the database keeps only its SHA-256, so a
  leaked database does not hand out live sessions. Idle and absolute timeouts; logout revokes the row.
  Browsing does not write the log: a session's activity is noted in memory (:class:`SessionActivity`) and
  written for all sessions together at most once per ``ACTIVITY_WRITE_INTERVAL``.
- Every sign-in, failure, lock-out, sign-out and password change goes to ``audit_events``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import bindparam, func, select, update

from rasad.store import StoreError
from rasad.store.schema import USER_ROLES, AuditEvent, Setting, User, WebSession
from rasad.web.passwords import (  # noqa: F401 - re-exported: the policy is part of auth's API
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordPolicyError,
    check_password_policy,
)

SESSION_COOKIE = "rasad_session"
IDLE_TIMEOUT = dt.timedelta(minutes=30)
TOUCH_WAIT_S = 0.05  # the most a page waits for the write lock to write the sessions' activity
# Sessions' last-seen times reach the log at most this often, all in one transaction. Every commit to an
# SQLite log empties every other connection's page cache, and an encrypted log's readers then decrypt
# every page they read again (docs/storage.md): noted on every request (or per session every 30 s, as
# before), each page view of a signed-in user made the next pages cold. The cost: after a restart the
# noted times not yet written are lost, so a session may end up to this much before its idle timeout.
# (On a SQLite log the sessions are now in the accounts file beside it, rasad.store.accounts_file, whose
# commits leave the log's pages cached; the batching still saves a commit per request there, and on
# PostgreSQL.)
ACTIVITY_WRITE_INTERVAL = dt.timedelta(minutes=5)
ACTIVITY_RETRY = dt.timedelta(seconds=30)  # after a write skipped because another writer held the lock
ABSOLUTE_TIMEOUT = dt.timedelta(hours=12)
ROLE_RANK = {role: rank for rank, role in enumerate(USER_ROLES)}  # viewer < analyst < admin

_hasher = PasswordHasher()  # argon2id
# Verified against when the user does not exist, so a wrong username costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedInUser:
    id: int
    username: str
    role: str
    session_hash: str
    csrf_token: str
    must_change_password: bool = False
    # The password was right, the second factor is still to be given (/login/2fa): nothing else opens.
    second_factor_pending: bool = False
    # An admin requires two-factor sign-in of analysts and admins, and this one has not enrolled yet.
    must_enrol_second_factor: bool = False

    def can(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes even for timezone=True columns; they were written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def hash_password(password: str) -> str:
    check_password_policy(password)
    return _hasher.hash(password)


def session_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def audit(db, action: str, actor: str | None = None, ip: str | None = None, **detail) -> None:
    db.add(AuditEvent(action=action, actor=actor, ip=ip, detail=detail))


# --- users -------------------------------------------------------------------------------------


def get_user(db, username: str) -> User | None:
    """The user of that name, whatever the case it is typed in. The database lowers both sides, with the
    same lower() as the unique index on lower(username): SQLite's lowers ASCII only, Python's every script,
    so comparing with Python's missed names such as 'PÓ' that the index holds equal to 'pÓ'."""
    return db.scalar(select(User).where(func.lower(User.username) == func.lower(username.strip())))


def create_user(db, username: str, password: str, role: str = "viewer", actor: str | None = None) -> User:
    username = username.strip()
    if not username or len(username) > 200:
        raise ValueError("a username needs 1 to 200 characters")
    if role not in USER_ROLES:
        raise ValueError(f"role must be one of {', '.join(USER_ROLES)}")
    existing = get_user(db, username)
    if existing is not None:
        raise ValueError(f"user {existing.username!r} exists already (names are compared without case)")
    user = User(username=username, password_hash=hash_password(password), role=role)
    db.add(user)
    db.flush()
    audit(db, "user.created", actor=actor, username=username, role=role)
    return user


def set_password(db, username: str, password: str, actor: str | None = None) -> None:
    user = get_user(db, username)
    if user is None:
        raise ValueError(f"no user {username!r}")
    user.password_hash = hash_password(password)
    user.must_change_password = False
    # A new password ends every session of that user (someone else may hold one).
    db.execute(update(WebSession).where(WebSession.user_id == user.id).values(revoked=True))
    audit(db, "password.changed", actor=actor or user.username, username=user.username)


def verify_credentials(db, username: str, password: str) -> User | None:
    user = get_user(db, username)
    if user is None or user.disabled:
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def ensure_first_admin(store) -> str | None:
    """Create user "admin" with a random one-time password when there are no users; return it (else None).

    The caller prints it once; it is not stored anywhere but as an argon2id hash. The admin is asked to
    choose a new password at first sign-in.
    """
    with store.session() as db:
        if db.scalar(select(User.id).limit(1)) is not None:
            return None
        password = secrets.token_urlsafe(15)  # 20 characters, 120 bits
        user = create_user(db, "admin", password, role="admin", actor="rasad")
        user.must_change_password = True
        audit(db, "password.one_time", actor="rasad", username="admin")
        return password


def must_change_password(db, username: str) -> bool:
    """True while the user still signs in with the one-time password ``ensure_first_admin`` printed."""
    user = get_user(db, username)
    return bool(user is not None and user.must_change_password)


# --- sessions ----------------------------------------------------------------------------------


def start_session(db, user: User, *, second_factor_pending: bool = False) -> tuple[str, str]:
    """Return (raw token for the cookie, CSRF token). With ``second_factor_pending`` the session opens
    only the two-factor form until :func:`second_factor_given`."""
    raw = secrets.token_urlsafe(16)  # 128 bits
    csrf = secrets.token_urlsafe(32)
    now = utcnow()
    db.add(
        WebSession(
            id=session_hash(raw),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT,
            csrf_token=csrf,
            revoked=False,
            second_factor_pending=second_factor_pending,
        )
    )
    return raw, csrf


def second_factor_given(db, session_id_hash: str) -> tuple[str, str]:
    """The second factor was right: the pending session is ended and a full one started in its place
    (a new token, so a token seen before the second factor is worth nothing after it)."""
    row = db.get(WebSession, session_id_hash)
    row.revoked = True
    return start_session(db, db.get(User, row.user_id))


class SessionActivity:
    """When each session was last seen, noted in memory by every request and written to the log for all
    sessions at once, at most once per ``interval`` (one per server process: ``app.state``). The idle
    timeout counts from the later of the log's time and the noted one."""

    def __init__(self, interval: dt.timedelta = ACTIVITY_WRITE_INTERVAL) -> None:
        self.interval = interval
        self._noted: dict[str, dt.datetime] = {}  # session hash -> last seen, not yet written
        self._written_at = utcnow()
        self._lock = threading.Lock()
        self.writes = 0  # transactions that wrote noted times (tests, benchmarks)

    def last_seen(self, key: str, stored: dt.datetime) -> dt.datetime:
        with self._lock:
            noted = self._noted.get(key)
        return stored if noted is None or noted < stored else noted

    def note(self, key: str, now: dt.datetime) -> None:
        with self._lock:
            self._noted[key] = now

    def forget(self, key: str) -> None:
        with self._lock:
            self._noted.pop(key, None)

    def write(self, store, now: dt.datetime | None = None, *, force: bool = False,
              wait_s: float = TOUCH_WAIT_S) -> None:
        """Write the noted times when the interval has passed since the last write (``force``: now).
        Best effort, never a long wait: with an ingest holding SQLite's write lock, a page would otherwise
        queue behind it; skipped, the write is tried again ``ACTIVITY_RETRY`` later."""
        now = now or utcnow()
        with self._lock:
            if not self._noted or (not force and now - self._written_at < self.interval):
                return
            noted = dict(self._noted)
            self._written_at = now  # one request writes; the others go on reading
        try:
            with store.session(wait_s=wait_s) as db:
                # Core, not the ORM's bulk update by primary key: a session row gone meanwhile is no error.
                sessions = WebSession.__table__
                touch = (sessions.update().where(sessions.c.id == bindparam("key"))
                         .values(last_seen_at=bindparam("seen")))
                db.execute(touch, [{"key": key, "seen": seen} for key, seen in noted.items()])
        except StoreError:
            with self._lock:
                self._written_at = now - self.interval + ACTIVITY_RETRY
            return
        with self._lock:
            self.writes += 1
            for key, seen in noted.items():
                if self._noted.get(key) == seen:  # not seen again meanwhile
                    del self._noted[key]


def resolve_session(store, raw_token: str | None, activity: SessionActivity) -> SignedInUser | None:
    """The signed-in user for a cookie value, or None (unknown, revoked, idle or past its lifetime).

    Reads without the write lock; notes the visit in ``activity`` and writes only to expire a session or,
    at most once per ``activity.interval``, every session's activity, so browsing neither serialises on
    SQLite's single writer nor empties the readers' page caches.
    """
    if not raw_token or len(raw_token) > 200:
        return None
    key = session_hash(raw_token)
    from rasad.web import twofactor

    # One statement (every request asks): the session, its user and whether the second factor is required.
    required = select(Setting.value).where(Setting.key == twofactor.REQUIRE_SETTING).scalar_subquery()
    with store.read_session() as db:
        found = db.execute(select(WebSession, User, required.label("require_two_factor"))
                           .join(User, User.id == WebSession.user_id).where(WebSession.id == key)).first()
        if found is None:
            return None
        row, user, require_two_factor = found
        if row.revoked or user.disabled:
            return None
        now = utcnow()
        last_seen = activity.last_seen(key, _aware(row.last_seen_at))
        expired = now >= _aware(row.expires_at) or now - last_seen > IDLE_TIMEOUT
        enrol = (not row.second_factor_pending and not user.totp_enabled and user.role in twofactor.REQUIRED_FOR
                 and bool(require_two_factor))
        signed_in = SignedInUser(user.id, user.username, user.role, row.id, row.csrf_token,
                                 must_change_password=bool(user.must_change_password),
                                 second_factor_pending=bool(row.second_factor_pending),
                                 must_enrol_second_factor=enrol)
    if expired:
        activity.forget(key)
        try:  # best effort: an expired session is refused whether or not the row says so yet
            with store.session(wait_s=TOUCH_WAIT_S) as db:
                db.get(WebSession, key).revoked = True
        except StoreError:
            pass
        return None
    activity.note(key, now)
    activity.write(store, now)
    return signed_in


def end_session(db, session_id_hash: str) -> None:
    row = db.get(WebSession, session_id_hash)
    if row is not None:
        row.revoked = True


# --- login rate limiting -----------------------------------------------------------------------


class LoginRateLimiter:
    """Failed password checks per username and per client address in a sliding window (in memory).
    Used for sign-in and, in a limiter of its own, for the current password asked by a password change.

    In memory because one `rasad serve` process serves a team; several workers would each count
    separately (documented as a limit in docs/web.md).
    """

    def __init__(self, max_failures: int = 5, window_s: float = 15 * 60, per_ip_max: int = 20) -> None:
        self.max_failures = max_failures
        self.per_ip_max = per_ip_max
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and now - q[0] > self.window_s:
            q.popleft()
        return q

    def blocked(self, username: str, ip: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return (
                len(self._recent("u:" + username.lower(), now)) >= self.max_failures
                or len(self._recent("ip:" + ip, now)) >= self.per_ip_max
            )

    def failed(self, username: str, ip: str) -> None:
        now = time.monotonic()
        with self._lock:
            self._recent("u:" + username.lower(), now).append(now)
            self._recent("ip:" + ip, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop("u:" + username.lower(), None)
