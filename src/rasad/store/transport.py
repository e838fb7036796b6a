"""PostgreSQL over a network: the log's rows travel between Rasad and the server, so a server other than
this machine is reached over TLS only (libpq's ``sslmode`` require, verify-ca or verify-full), unless
``RASAD_ALLOW_INSECURE_POSTGRES`` says the network is trusted end to end.

libpq honours ``sslmode`` itself (psycopg passes the URL's query to it); this module only refuses to
start without it. ``verify-full`` also checks the server's certificate and name (``sslrootcert``)."""

from __future__ import annotations

import ipaddress
import os

from sqlalchemy.engine import URL

TLS_MODES = ("require", "verify-ca", "verify-full")
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_local_host(host: str | None) -> bool:
    """No host (a Unix socket), a socket folder, a loopback name or address."""
    if not host:
        return True
    hosts = [h.strip() for h in host.split(",") if h.strip()]  # libpq accepts a list of hosts
    return all(_one_local(h) for h in hosts) if hosts else True


def _one_local(host: str) -> bool:
    if host.startswith("/") or host.startswith("@"):  # a Unix socket folder, or an abstract socket
        return True
    if host.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def sslmode_of(url: URL) -> str | None:
    value = url.query.get("sslmode")
    if isinstance(value, tuple):
        value = value[-1]
    return value or os.environ.get("PGSSLMODE")


def refuse_plain_remote_postgres(url: URL) -> None:
    """Raise StoreError for a non-local server without TLS, unless allowed by the settings."""
    from rasad.config import get_settings
    from rasad.store.db import StoreError

    host = url.host or url.query.get("host")
    if isinstance(host, tuple):
        host = ",".join(host)
    host = host or os.environ.get("PGHOST")
    if is_local_host(host):
        return
    mode = sslmode_of(url)
    if mode in TLS_MODES:
        return
    allowed = os.environ.get("RASAD_ALLOW_INSECURE_POSTGRES")
    if allowed is not None:
        if allowed.strip().lower() in ("1", "true", "yes", "on"):
            return
    elif get_settings().allow_insecure_postgres:
        return
    raise StoreError(
        f"refusing to reach the PostgreSQL server {host} without TLS (sslmode={mode or 'unset'}): add "
        "?sslmode=verify-full (with sslrootcert) or ?sslmode=require to the database URL, or set "
        "RASAD_ALLOW_INSECURE_POSTGRES=1 if the network is trusted end to end"
    )
