"""The key of an encrypted SQLite log (SQLCipher 4): where it comes from, and what a file on disk is.

A key is a passphrase; SQLCipher derives the page key from it (PBKDF2-HMAC-SHA512, 256,000 rounds,
a random salt kept in the file's first 16 bytes) and authenticates every page with an HMAC. The key
comes, in this order, from:

1. the URL itself: ``sqlite+pysqlcipher://:PASSPHRASE@/path/log.db`` (SQLAlchemy's own form);
2. ``RASAD_DB_KEY`` (an environment variable, or ``db_key`` in rasad.toml);
3. ``RASAD_DB_KEY_FILE``: a file holding the passphrase on its first line, readable by its owner only;
4. a prompt, when the log on disk is encrypted and standard input is a terminal.

Nothing else stores the key: it is never written to the log, to a backup or to a manifest.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


class KeyError_(RuntimeError):  # noqa: N801 - "KeyError" is a builtin
    """A key problem said in one line (the Store turns it into a StoreError)."""


def file_state(path: Path) -> str:
    """"missing" (or empty: a new log), "plain" (a SQLite database), or "encrypted" (anything else:
    SQLCipher's first 16 bytes are a random salt, never SQLite's header)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
    except FileNotFoundError:
        return "missing"
    if not head:
        return "missing"
    return "plain" if head == SQLITE_HEADER else "encrypted"


def read_key_file(path: Path) -> str:
    """The passphrase on the first line of ``path``. Refused when others (group or world) may read it."""
    path = Path(path).expanduser()
    try:
        st = path.stat()
        if stat.S_IMODE(st.st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyError_(f"the key file {path} may be read by others: chmod 600 it first")
        with open(path, encoding="utf-8") as fh:
            key = fh.readline().rstrip("\r\n")
    except OSError as exc:
        raise KeyError_(f"cannot read the key file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise KeyError_(f"the key file {path} is not text (UTF-8)") from None
    if not key:
        raise KeyError_(f"the key file {path} is empty")
    return key


_prompted: dict[str, str] = {}  # one prompt per log per process (the web app opens the log more than once)


def configured_key() -> str | None:
    """The key set in the environment or the settings (RASAD_DB_KEY, then RASAD_DB_KEY_FILE), or None."""
    from rasad.config import Settings

    settings = Settings()  # read now, not the process's cached settings: the environment may have changed
    env_key = os.environ.get("RASAD_DB_KEY")
    if env_key is not None:
        if not env_key:
            raise KeyError_("RASAD_DB_KEY is set but empty")
        return env_key
    if settings.db_key:
        return settings.db_key.get_secret_value()
    key_file = os.environ.get("RASAD_DB_KEY_FILE") or (str(settings.db_key_file) if settings.db_key_file else None)
    if key_file:
        return read_key_file(Path(key_file))
    return None


def prompt_key(path: Path, *, confirm: bool = False, label: str = "key") -> str | None:
    """Ask for the key on the terminal (nothing echoed); None when standard input is not a terminal."""
    if not sys.stdin or not sys.stdin.isatty():
        return None
    import getpass

    key = getpass.getpass(f"{label} for {path}: ")
    if confirm and getpass.getpass(f"{label} again: ") != key:
        raise KeyError_("the two keys typed differ")
    if not key:
        raise KeyError_("an empty key")
    return key


def resolve_key(path: Path | None, explicit: str | None = None) -> str | None:
    """The key for the SQLite log at ``path``: ``explicit`` (from the URL), else the configured one,
    else, for an encrypted file on a terminal, a prompt. None: open it as a plain log."""
    if explicit:
        return explicit
    key = configured_key()
    if key is not None or path is None:
        return key
    if file_state(path) == "encrypted":
        cached = _prompted.get(str(path))
        if cached is not None:
            return cached
        key = prompt_key(path)
        if key is not None:
            _prompted[str(path)] = key
        return key
    return None


def pragma_key(key: str) -> str:
    """``PRAGMA key = '...'`` with the passphrase quoted as an SQL string (a pragma takes no parameters)."""
    return "'" + key.replace("'", "''") + "'"


# SQLCipher 4's defaults, which every encrypted log of Rasad uses (docs/security.md): PBKDF2-HMAC-SHA512,
# 256,000 rounds, a 32-byte key, the 16-byte salt at the start of the file.
KDF_ITERATIONS = 256_000
SALT_BYTES = 16


def file_salt(path: Path) -> bytes | None:
    """The salt of an encrypted SQLite file (its first 16 bytes), None for a missing, empty or plain one."""
    if file_state(path) != "encrypted":
        return None
    with open(path, "rb") as fh:
        return fh.read(SALT_BYTES)


def raw_key(passphrase: str, salt: bytes) -> str:
    """SQLCipher's raw key form, ``x'<32-byte key><16-byte salt>'``, of a passphrase and a file's salt:
    the key SQLCipher itself derives from them (PBKDF2-HMAC-SHA512, SQLCipher 4's rounds), derived once
    here instead of once per connection (0.3 s each). Held in memory like the passphrase, never written."""
    derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, 32)
    return f"x'{derived.hex()}{salt.hex()}'"
