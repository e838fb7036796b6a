"""Fetch a URL without being turned against the machine we run on (SSRF guard).

The rules (docs/ingest.md has the why):
- http and https only; no credentials in the URL;
- the host is resolved ONCE; if ANY address is not public (private, loopback, link-local,
  CGNAT, multicast, reserved, unspecified, or an IPv4-mapped / 6to4 / NAT64 / Teredo form of
  one) the URL is refused, unless the policy allows private addresses; cloud metadata
  endpoints are refused always;
- we connect to the address we checked (the URL is rewritten to the IP, the Host header and
  the TLS SNI / certificate check keep the name), so DNS rebinding cannot switch it;
- redirects are followed by hand, each hop checked again; a loop or too many hops fail;
- connect/read timeouts plus an overall deadline; the body is streamed with a size cap;
- no cookies, no proxies or .netrc from the environment, our own User-Agent.
"""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from rasad.config import get_settings
from rasad.ingest.errors import FetchFailed, FetchRefused, TooLarge

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance-metadata endpoints hand out credentials: refused even with allow_private.
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata.goog", "metadata", "instance-data"})
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.123",  # AWS time sync
        "fd00:ec2::254",  # AWS IPv6
        "100.100.100.200",  # Alibaba Cloud
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    allow_private: bool = False  # the user's --allow-private: private networks and loopback
    # Tests serve pages from 127.0.0.1 and need loopback alone, while every other private range
    # stays refused; no command-line option sets this.
    allow_loopback: bool = False
    max_bytes: int = 64 * 1024 * 1024
    timeout_s: float = 20.0  # connect and read timeouts, and the deadline for the whole fetch
    max_redirects: int = 5
    user_agent: str = "Rasad"
    # Certificates are always verified; a context trusting an extra CA (tests, a newsroom's own
    # CA) may replace the default store. Nothing sets it to False.
    verify: ssl.SSLContext | bool = True  # only True or a context: False is refused

    @classmethod
    def from_settings(cls, *, allow_private: bool = False, allow_loopback: bool = False) -> FetchPolicy:
        s = get_settings()
        return cls(
            allow_private=allow_private,
            allow_loopback=allow_loopback,
            max_bytes=s.max_input_bytes,
            timeout_s=s.fetch_timeout_s,
            max_redirects=s.fetch_max_redirects,
            user_agent=s.user_agent,
        )


@dataclass(frozen=True)
class Fetched:
    url: str  # the final URL, after redirects
    status: int
    content_type: str | None
    body: bytes
    redirects: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)  # response headers (lower-case names)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None  # Teredo (2001::/32) needs no unwrapping: Python counts it private, so it is refused


def address_problem(ip: IPAddress, policy: FetchPolicy) -> str | None:
    """Why we refuse to connect to ``ip`` under ``policy``, or None when it is allowed."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    inner = _embedded_ipv4(ip)
    if inner is not None:
        problem = address_problem(inner, policy)
        return f"{problem} (inside {ip})" if problem else None
    if ip.is_unspecified:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:
        return None if (policy.allow_loopback or policy.allow_private) else "a loopback address"
    if ip.is_link_local:
        return None if policy.allow_private else "a link-local address"
    if ip.is_reserved or (isinstance(ip, ipaddress.IPv4Address) and ip == ipaddress.IPv4Address("255.255.255.255")):
        return "a reserved address"  # before is_private: Python counts 240/4 as private too
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return None if policy.allow_private else "a carrier-grade NAT address"
    if ip.is_private:
        return None if policy.allow_private else "a private address"
    if not ip.is_global:
        return "a reserved address"
    return None


def check_url(url: str, policy: FetchPolicy) -> tuple[httpx.URL, list[IPAddress]]:
    """Parse and vet a URL; return it with the vetted addresses, the only ones we will connect to.

    Raises FetchRefused (or FetchFailed when the name does not resolve).
    """
    try:
        parsed = httpx.URL(url)
    except Exception as err:
        raise FetchRefused(f"not a valid URL: {url!r} ({err})") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchRefused(f"refused {parsed.scheme or 'scheme-less'}: URL: only http and https are fetched")
    if parsed.userinfo:
        raise FetchRefused("refused a URL with credentials in it (user:password@host)")
    # raw_host is the ASCII (IDNA) form: what DNS, the Host header and TLS use.
    host = parsed.raw_host.decode("ascii", errors="replace").rstrip(".").lower()
    if not host:
        raise FetchRefused(f"URL has no host: {url!r}")
    if host in METADATA_HOSTS:
        raise FetchRefused(f"refused {host}: a cloud metadata host")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    if not 0 < port < 65536:
        raise FetchRefused(f"not a valid port: {port}")
    addresses = resolve(host, port)
    for ip in addresses:
        problem = address_problem(ip, policy)
        if problem:
            hint = "" if "metadata" in problem or policy.allow_private else " (use --allow-private to allow it)"
            if host != str(ip):
                # A name: say what kind of address it resolves to, never the address itself, so the
                # error does not map internal names to internal addresses for whoever submits URLs.
                problem = "it resolves to " + problem.split(" (inside ")[0]
            raise FetchRefused(f"refused {host}: {problem}{hint}")
    return parsed, addresses


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to, resolved once (an IP literal is its own answer)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise FetchFailed(f"could not resolve {host}: {getattr(err, 'strerror', None) or err}") from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])  # drop an IPv6 zone id
        if ip not in addresses:
            addresses.append(ip)
    if not addresses:
        raise FetchFailed(f"could not resolve {host}: no addresses")
    return addresses


# Extra request headers a caller may add (conditional GET for feeds); nothing that changes where or how we connect.
EXTRA_HEADERS = frozenset({"if-none-match", "if-modified-since"})


def _pinned_request(
    parsed: httpx.URL, ip: IPAddress, policy: FetchPolicy, extra: dict[str, str] | None = None
) -> httpx.Request:
    default_port = 443 if parsed.scheme == "https" else 80
    name = parsed.raw_host.decode("ascii")  # IDNA form: "bücher.example" -> "xn--bcher-kva.example"
    host_header = f"[{name}]" if ":" in name else name  # an IPv6 literal goes in brackets
    if parsed.port not in (None, default_port):
        host_header += f":{parsed.port}"
    extensions = {}
    if parsed.scheme == "https":
        # TLS must present and verify the NAME, while the socket goes to the checked address.
        extensions["sni_hostname"] = name
    return httpx.Request(
        "GET",
        parsed.copy_with(host=str(ip)),
        headers={
            "Host": host_header,
            "User-Agent": policy.user_agent,
            "Accept": "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, */*;q=0.5",
            "Accept-Encoding": "identity",  # no gzip bombs: the size cap counts what the server sends
            **{k: v for k, v in (extra or {}).items() if k.lower() in EXTRA_HEADERS},
        },
        extensions=extensions,
    )


def fetch(url: str, policy: FetchPolicy | None = None, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` under ``policy``. Raises FetchRefused, FetchFailed or TooLarge (one-line messages).
    ``headers`` may add conditional-GET headers (If-None-Match, If-Modified-Since); others are ignored."""
    policy = policy or FetchPolicy.from_settings()
    deadline = time.monotonic() + policy.timeout_s
    current = url
    visited: list[str] = []
    while True:
        parsed, addresses = check_url(current, policy)
        visited.append(str(parsed))
        with contextlib.ExitStack() as hop:  # closes this hop's client and response
            response = _connect(parsed, addresses, policy, deadline, hop, headers)
            if response.status_code in _REDIRECT_CODES and "location" in response.headers:
                target = urljoin(str(parsed), response.headers["location"])
                if len(visited) > policy.max_redirects:
                    raise FetchFailed(f"too many redirects (over {policy.max_redirects}) from {url}")
                if _same_url(target, visited):
                    raise FetchFailed(f"redirect loop at {target}")
                current = target
                continue
            if not 200 <= response.status_code < 300:
                raise FetchFailed(f"HTTP {response.status_code} {response.reason_phrase} from {parsed}")
            body = _read_capped(response, policy, deadline, str(parsed))
            return Fetched(
                url=str(parsed),
                status=response.status_code,
                content_type=response.headers.get("content-type"),
                body=body,
                redirects=tuple(visited[:-1]),
                headers={k.lower(): v for k, v in response.headers.items()},
            )


def _same_url(target: str, visited: list[str]) -> bool:
    try:
        return str(httpx.URL(target)) in visited
    except Exception:
        return False  # check_url refuses it on the next hop with a clear message


def _connect(
    parsed: httpx.URL,
    addresses: list[IPAddress],
    policy: FetchPolicy,
    deadline: float,
    hop: contextlib.ExitStack,
    extra_headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Send the request to the vetted addresses in turn (IPv6 and IPv4 of one name); first answer wins."""
    failure = "no address"
    for ip in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchFailed(f"timed out after {policy.timeout_s:g} s fetching {parsed}")
        # A fresh client per hop: no cookie jar or pooled TLS connection carries over between hosts.
        client = hop.enter_context(
            httpx.Client(
                trust_env=False,  # ignore HTTP(S)_PROXY and .netrc: no proxy, no credentials added
                follow_redirects=False,
                verify=_ssl_context(policy),
                timeout=httpx.Timeout(remaining, connect=min(remaining, policy.timeout_s)),
            )
        )
        try:
            response = client.send(_pinned_request(parsed, ip, policy, extra_headers), stream=True)
        except httpx.ConnectError as err:
            failure = _reason(err)
            continue
        except httpx.TimeoutException:
            raise FetchFailed(f"timed out connecting to or reading from {parsed.host}") from None
        except httpx.HTTPError as err:
            raise FetchFailed(f"could not fetch {parsed}: {_reason(err)}") from None
        hop.callback(response.close)
        return response
    raise FetchFailed(f"could not connect to {parsed.host}: {failure}")


def _read_capped(response: httpx.Response, policy: FetchPolicy, deadline: float, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise TooLarge(f"{url} is {int(declared):,} bytes, over the limit of {policy.max_bytes:,} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise TooLarge(f"{url} sent more than the limit of {policy.max_bytes:,} bytes")
            if time.monotonic() > deadline:  # a server that drips one byte a second never trips a read timeout
                raise FetchFailed(f"timed out after {policy.timeout_s:g} s reading {url}")
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchFailed(f"timed out reading {url}") from None
    except httpx.HTTPError as err:
        raise FetchFailed(f"could not read {url}: {_reason(err)}") from None
    return b"".join(chunks)


@functools.cache
def _default_ssl_context() -> ssl.SSLContext:
    # Loading the CA store takes ~0.1 s; a fresh client per hop should not pay it every time.
    return httpx.create_ssl_context()


def _ssl_context(policy: FetchPolicy) -> ssl.SSLContext:
    if isinstance(policy.verify, ssl.SSLContext):
        return policy.verify
    if policy.verify is not True:
        raise ValueError("certificate verification cannot be turned off")
    return _default_ssl_context()


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split())
    return f"{type(err).__name__}: {text}" if text else type(err).__name__
