"""Fetching URLs behind the SSRF guard.

Every test here stays on the loopback interface: pages come from a local http.server on
127.0.0.1, and the autouse `dns` fixture fails any test that tries to resolve a real
name or connect anywhere else. Refusals are checked to happen before any connection.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from rasad.ingest import FetchFailed, FetchRefused, IngestError, TooLarge, read_url
from rasad.ingest.fetch import FetchPolicy, _pinned_request, address_problem, fetch

ARTICLE = (
    "<html><head><title>Arrests in Tabriz</title><meta name='author' content='Jane Roe'></head>"
    "<body><article><h1>Arrests in Tabriz</h1><p>"
    + "Students were detained in Tabriz on Monday, the rights group said, and their families were warned. " * 5
    + "</p><script>var SCRIPT_BODY = 1;</script></article></body></html>"
).encode()
PERSIAN = "دانشجويان در تبريز بازداشت شدند و خانواده‌هاي آنان تهديد شدند، گروه حقوق بشري گفت. " * 3

REAL_GETADDRINFO = socket.getaddrinfo
REAL_CREATE_CONNECTION = socket.create_connection


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


class FakeDNS:
    """Names the tests may resolve without any DNS server: name -> answers, one list per lookup."""

    def __init__(self) -> None:
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: dict[str, int] = {}

    def add(self, name: str, *answers: list[str]) -> None:
        self.answers[name] = list(answers)

    def getaddrinfo(self, host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        self.lookups[name] = self.lookups.get(name, 0) + 1
        if name in self.answers:
            answers = self.answers[name]
            ips = answers.pop(0) if len(answers) > 1 else answers[0]
            family = lambda ip: socket.AF_INET6 if ":" in ip else socket.AF_INET  # noqa: E731
            return [(family(ip), socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]
        if _is_loopback(name):
            return REAL_GETADDRINFO(host, port, *args, **kwargs)
        try:  # numeric forms ("10.0.0.1", "2130706433", "0x7f.1") need no DNS server
            return REAL_GETADDRINFO(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        except socket.gaierror:
            raise socket.gaierror(socket.EAI_NONAME, f"test resolver: {name} is not resolvable here") from None


@pytest.fixture(autouse=True)
def dns(monkeypatch) -> FakeDNS:
    """Fail loudly if any test resolves a real name or connects beyond 127.0.0.1 / ::1."""
    fake = FakeDNS()

    def create_connection(address, *args, **kwargs):
        host = str(address[0])
        assert _is_loopback(host), f"a test tried to connect to {host}: the guard must refuse it first"
        return REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return fake


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"  # close-delimited bodies: lets /endless send without a length

    def log_message(self, *args):  # keep pytest output clean
        pass

    def handle(self):
        try:
            super().handle()
        except OSError:  # the client gave up (timeout and size-cap tests do that on purpose)
            pass

    def send_body(self, body: bytes, content_type: str = "text/plain; charset=utf-8", status: int = 200, **headers):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302):
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: C901 - one branch per test route reads best here
        path = self.path
        if path == "/article.html":
            self.send_body(ARTICLE, "text/html; charset=utf-8")
        elif path == "/persian.txt":
            self.send_body(PERSIAN.encode("cp1256"), "text/plain; charset=windows-1256")
        elif path == "/image":
            self.send_body(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "text/html")
        elif path == "/redirect":
            self.redirect("/article.html", 301)
        elif path == "/set-cookie":
            self.send_response(302)
            self.send_header("Set-Cookie", "session=SECRET; Path=/")
            self.send_header("Location", "/echo-headers")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/echo-headers":
            self.send_body(str(self.headers).encode())
        elif path == "/loop-a":
            self.redirect("/loop-b")
        elif path == "/loop-b":
            self.redirect("/loop-a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{n + 1}")
        elif path.startswith("/to?"):
            self.redirect(path.split("?", 1)[1])
        elif path == "/big":
            self.send_body(b"x" * 5000)
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"y" * 1024)
            except OSError:
                pass
        elif path == "/slow":
            time.sleep(3)
            self.send_body(b"too late")
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"z")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        else:
            self.send_body(b"not here", status=404)


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def loopback_only(**overrides) -> FetchPolicy:
    """What the tests need: our local server is allowed, every other non-public range is not."""
    values = {"allow_loopback": True, "timeout_s": 5.0, "max_bytes": 1024 * 1024, "max_redirects": 5}
    values.update(overrides)
    return FetchPolicy(**values)


# --- fetching that works ------------------------------------------------------------------------


def test_read_url_fetches_and_extracts_an_article(server):
    report = read_url(f"{server}/article.html", allow_private=True)
    assert report.media_type == "text/html"
    assert report.url == f"{server}/article.html"
    assert report.title == "Arrests in Tabriz" and report.author == "Jane Roe"
    assert "Students were detained in Tabriz" in report.text
    assert "SCRIPT_BODY" not in report.text
    assert report.original == ARTICLE


def test_charset_from_content_type_header(server):
    report = read_url(f"{server}/persian.txt", allow_private=True)
    assert report.text == PERSIAN
    assert "encoding:windows-1256" in report.flags and report.language == "fa"


def test_bad_content_behind_a_url_names_the_url(server):
    with pytest.raises(IngestError, match=r"/image: input looks binary"):
        read_url(f"{server}/image", allow_private=True)


def test_redirects_are_followed_and_the_final_url_kept(server):
    fetched = fetch(f"{server}/redirect", loopback_only())
    assert fetched.url == f"{server}/article.html"
    assert fetched.redirects == (f"{server}/redirect",)
    assert fetched.body == ARTICLE


def test_no_cookies_are_sent_back_and_our_user_agent_is(server):
    fetched = fetch(f"{server}/set-cookie", loopback_only(user_agent="Rasad-test/1"))
    headers = fetched.body.decode().lower()
    assert "cookie" not in headers and "secret" not in headers
    assert "user-agent: rasad-test/1" in headers


def test_the_address_is_resolved_once_and_pinned(server, dns):
    # DNS rebinding: the first answer is loopback (allowed here), any later lookup would say 10.0.0.1.
    port = server.rsplit(":", 1)[1]
    dns.add("rebind.test", ["127.0.0.1"], ["10.0.0.1"])
    fetched = fetch(f"http://rebind.test:{port}/echo-headers", loopback_only())
    assert dns.lookups["rebind.test"] == 1
    assert f"host: rebind.test:{port}" in fetched.body.decode().lower()  # the name travels in Host


def test_each_vetted_address_is_tried_in_turn(server, dns):
    # Nothing listens on [::1] at the server's port; the name's IPv4 address answers.
    port = server.rsplit(":", 1)[1]
    dns.add("dual.test", ["::1", "127.0.0.1"])
    assert fetch(f"http://dual.test:{port}/article.html", loopback_only()).body == ARTICLE


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An https server on 127.0.0.1 with a certificate for the name news.test only."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed: cannot make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", str(key),
         "-out", str(cert), "-subj", "/CN=news.test", "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd.server_address[1], ssl.create_default_context(cafile=str(cert))
    httpd.shutdown()
    httpd.server_close()


def test_https_connects_to_the_pinned_ip_and_verifies_the_name(tls_server, dns):
    port, trust = tls_server
    dns.add("news.test", ["127.0.0.1"])
    dns.add("other.test", ["127.0.0.1"])  # same server, but its certificate does not name other.test
    fetched = fetch(f"https://news.test:{port}/echo-headers", loopback_only(verify=trust))
    assert f"host: news.test:{port}" in fetched.body.decode().lower()
    with pytest.raises(FetchFailed, match="certificate"):
        fetch(f"https://other.test:{port}/echo-headers", loopback_only(verify=trust))


def test_https_requests_carry_the_name_for_tls_while_connecting_to_the_ip():
    request = _pinned_request(httpx.URL("https://news.example:8443/a?b=1"), ipaddress.ip_address("203.0.113.9"), FetchPolicy())
    assert request.url.host == "203.0.113.9" and request.url.port == 8443
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"


# --- failures ------------------------------------------------------------------------------------


def test_http_errors_fail_clearly(server):
    with pytest.raises(FetchFailed, match="HTTP 404"):
        fetch(f"{server}/missing", loopback_only())


def test_unreachable_port_fails_clearly():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchFailed, match="could not connect"):
        fetch(f"http://127.0.0.1:{port}/", loopback_only())


def test_unresolvable_name_fails_clearly():
    with pytest.raises(FetchFailed, match="could not resolve"):
        fetch("http://no-such-host.invalid/", loopback_only())


def test_redirect_loop_and_too_many_redirects(server):
    with pytest.raises(FetchFailed, match="redirect loop"):
        fetch(f"{server}/loop-a", loopback_only())
    with pytest.raises(FetchFailed, match="too many redirects"):
        fetch(f"{server}/chain/0", loopback_only(max_redirects=3))


def test_oversize_bodies_are_cut_off(server):
    with pytest.raises(TooLarge):  # announced by Content-Length
        fetch(f"{server}/big", loopback_only(max_bytes=1000))
    with pytest.raises(TooLarge, match="more than the limit"):  # no length: counted while streaming
        fetch(f"{server}/endless", loopback_only(max_bytes=64 * 1024))


@pytest.mark.timeout(20)
def test_slow_servers_time_out(server):
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="timed out"):
        fetch(f"{server}/slow", loopback_only(timeout_s=0.5))
    with pytest.raises(FetchFailed, match="timed out"):  # a byte every 0.1 s never trips a read timeout
        fetch(f"{server}/drip", loopback_only(timeout_s=1.0))
    assert time.monotonic() - started < 10


# --- refusals: before any connection -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1:70/_x", "data:text/plain,hi", "javascript:alert(1)"],
)
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchRefused, match="only http and https"):
        read_url(url, allow_private=True)


def test_international_names_travel_in_their_ascii_form():
    request = _pinned_request(httpx.URL("https://bücher.example/x"), ipaddress.ip_address("203.0.113.9"), FetchPolicy())
    assert request.headers["host"] == "xn--bcher-kva.example"
    assert request.extensions["sni_hostname"] == "xn--bcher-kva.example"


def test_credentials_in_urls_are_refused(server):
    with pytest.raises(FetchRefused, match="credentials"):
        read_url(server.replace("http://", "http://user:pass@") + "/article.html", allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://127.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://100.64.1.1/",
        "http://0.0.0.0/",
        "http://localhost/",
        "http://2130706433/",  # 127.0.0.1 written as one number
    ],
)
def test_private_and_loopback_addresses_are_refused_by_default(url):
    with pytest.raises(FetchRefused, match="refused"):
        read_url(url)


def test_metadata_endpoints_stay_refused_even_with_allow_private():
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://[::ffff:169.254.169.254]/",
    ):
        with pytest.raises(FetchRefused, match="metadata"):
            read_url(url, allow_private=True)


def test_a_name_with_any_private_address_is_refused(dns):
    dns.add("mixed.test", ["93.184.216.34", "10.0.0.5"])
    with pytest.raises(FetchRefused, match=r"mixed.test: it resolves to a private address"):
        read_url("http://mixed.test/")


def test_a_refusal_does_not_say_what_an_internal_name_resolves_to(dns):
    """Whoever may submit URLs must not learn the internal network's addresses from the errors."""
    dns.add("intranet.test", ["10.20.30.40"])
    dns.add("mapped.test", ["::ffff:172.16.9.9"])
    for name, secret in (("intranet.test", "10.20.30.40"), ("mapped.test", "172.16.9.9")):
        with pytest.raises(FetchRefused) as refused:
            read_url(f"http://{name}/")
        assert name in str(refused.value) and "private address" in str(refused.value)
        assert secret not in str(refused.value)


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/internal",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.0.1/",
        "http://[fc00::1]/",
        "file:///etc/passwd",
    ],
)
def test_every_redirect_hop_is_checked_again(server, target):
    # The first hop (our loopback server) is allowed; where it points is not.
    with pytest.raises(FetchRefused):
        fetch(f"{server}/to?{target}", loopback_only())


def test_allow_private_lets_the_user_reach_their_own_network(server):
    assert read_url(f"{server}/article.html", allow_private=True).title == "Arrests in Tabriz"
    with pytest.raises(FetchRefused, match="--allow-private"):
        read_url(f"{server}/article.html")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "metadata"),
        ("100.64.0.1", "carrier-grade NAT"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.1", "private"),  # TEST-NET documentation range
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd00:ec2::254", "metadata"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped
        ("2002:a00:1::1", "private"),  # 6to4 of 10.0.0.1
        ("2002:a9fe:a9fe::1", "metadata"),  # 6to4 of 169.254.169.254
        ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
        ("ff02::1", "multicast"),
        ("::", "unspecified"),
    ],
)
def test_address_policy(address, problem):
    assert problem in (address_problem(ipaddress.ip_address(address), FetchPolicy()) or "allowed")


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert address_problem(ipaddress.ip_address(address), FetchPolicy()) is None


def test_loopback_for_tests_does_not_open_other_private_ranges():
    policy = FetchPolicy(allow_loopback=True)
    assert address_problem(ipaddress.ip_address("127.0.0.1"), policy) is None
    for other in ("10.0.0.1", "192.168.1.1", "169.254.1.1", "fc00::1"):
        assert address_problem(ipaddress.ip_address(other), policy) is not None


def test_errors_are_one_line(server):
    for url in ("ftp://x", "http://10.0.0.1/", f"{server}/missing"):
        with pytest.raises(IngestError) as err:
            fetch(url, loopback_only())
        assert "\n" not in str(err.value)
