"""Two-factor sign-in: TOTP (RFC 6238, through ``pyotp``) with single-use recovery codes, and the admins'
switch that makes it required for analysts and admins.

- The secret is made by ``pyotp.random_base32()`` (160 bits) at enrolment and takes effect only once a
  code from the user's app has been checked against it. Codes of the previous, current and next
  30-second step are accepted (clock drift), and a step once accepted is refused after (no replay).
- Ten recovery codes are made at enrolment (80 random bits each, shown once); the database keeps only
  their SHA-256 (they are random, so a fast hash is enough, as for session tokens); each is used once.
- Enrolment shows the ``otpauth://`` URI as text and as a QR code drawn on the server as inline SVG
  (``qrcode``'s pure-Python SVG writer): no external QR service ever sees the secret.
- ``require_two_factor`` (a setting an admin turns on) sends an analyst or admin who has not enrolled to
  the enrolment page before anything else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
from sqlalchemy import delete, select, update

from rasad.store.schema import RecoveryCode, Setting, User

ISSUER = "Rasad"
REQUIRE_SETTING = "require_two_factor"
REQUIRED_FOR = ("analyst", "admin")  # the roles that change the log; viewers may enrol, they are not made to
RECOVERY_CODES = 10


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# --- settings --------------------------------------------------------------------------------------


def get_setting(db, key: str, default=None):
    row = db.get(Setting, key)
    return default if row is None else row.value


def set_setting(db, key: str, value, by: str) -> None:
    row = db.get(Setting, key)
    if row is None:
        db.add(Setting(key=key, value=value, updated_by=by, updated_at=utcnow()))
    else:
        row.value, row.updated_by, row.updated_at = value, by, utcnow()


def required(db) -> bool:
    return bool(get_setting(db, REQUIRE_SETTING, False))


# --- TOTP --------------------------------------------------------------------------------------------


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as a QR code, an SVG element to put inline in the page (no script, no external fetch)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def _clean(code: str) -> str:
    return "".join(c for c in (code or "") if c.isalnum()).lower()


def matching_step(secret: str, code: str, at: dt.datetime | None = None) -> int | None:
    """The 30-second step (of the previous, current and next) whose code ``code`` is, or None."""
    code = _clean(code)
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = at or utcnow()
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def check_totp(db, user: User, code: str) -> bool:
    """True (and the step remembered) when ``code`` is a fresh code of the user's enrolled secret."""
    if not user.totp_enabled or not user.totp_secret:
        return False
    step = matching_step(user.totp_secret, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    # Conditional on the step stored, so two requests racing with one code accept it once.
    done = db.execute(update(User).where(User.id == user.id,
                                         (User.totp_last_step.is_(None)) | (User.totp_last_step < step))
                      .values(totp_last_step=step))
    db.expire(user)
    return done.rowcount == 1


def start_enrolment(db, user: User) -> str:
    """The secret being enrolled: a new one unless an enrolment is already under way."""
    if user.totp_enabled:
        raise ValueError("two-factor sign-in is already on")
    if not user.totp_secret:
        user.totp_secret = new_secret()
    return user.totp_secret


def finish_enrolment(db, user: User, code: str) -> list[str] | None:
    """Turn two-factor sign-in on when ``code`` is right for the pending secret; the recovery codes
    (shown once), or None for a wrong code."""
    if user.totp_enabled or not user.totp_secret:
        return None
    step = matching_step(user.totp_secret, code)
    if step is None:
        return None
    user.totp_enabled = True
    user.totp_last_step = step
    return new_recovery_codes(db, user)


def disable(db, user: User) -> None:
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_step = None
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


# --- recovery codes ------------------------------------------------------------------------------------


def _code_hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def new_recovery_codes(db, user: User) -> list[str]:
    """Ten fresh codes (the old ones are void); returned once, stored as hashes."""
    db.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(10)  # 80 bits
        codes.append(f"{raw[:5]}-{raw[5:10]}-{raw[10:15]}-{raw[15:]}")
        db.add(RecoveryCode(user_id=user.id, code_hash=_code_hash(raw), created_at=utcnow()))
    db.flush()
    return codes


def use_recovery_code(db, user: User, code: str) -> bool:
    """True when ``code`` is one of the user's unused recovery codes; it is used up."""
    if not user.totp_enabled or len(_clean(code)) != 20:
        return False
    done = db.execute(update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                 RecoveryCode.code_hash == _code_hash(code),
                                                 RecoveryCode.used_at.is_(None)).values(used_at=utcnow()))
    return done.rowcount == 1


def recovery_codes_left(db, user_id: int) -> int:
    return len(db.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user_id,
                                                        RecoveryCode.used_at.is_(None))).all())
