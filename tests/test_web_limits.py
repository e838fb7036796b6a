"""Upload bodies are refused before they are read (issue 21, finding 2), and a hostile PDF uploaded
through the web comes back in seconds, cut and flagged (finding 1).

Bodies are generators that record how much of them the server took: a refusal from the headers leaves
them untouched. One test sends the headers of a 200 MB upload to a real server over a socket and gets
its answer without sending a byte of the body."""

from __future__ import annotations

import hashlib
import socket
import threading
import time

import pytest
import uvicorn
from fastapi.testclient import TestClient
from hostile_pdf import shared_stream_pdf
from test_web_support import build_log, csrf_from, sign_in

from rasad.config import Settings, get_settings
from rasad.web import auth, create_app

BOUNDARY = "rasad-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
TWO_HUNDRED_MB = 200 * 1024 * 1024


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store, _ids = build_log(f"sqlite:///{tmp_path_factory.mktemp('limits')}/log.db")
    yield store
    store.close()


def app_with(store, **limits):
    return create_app(store, Settings(**limits))


class RecordingBody:
    """A request body that notes every byte the server pulls from it."""

    def __init__(self, chunk: bytes, chunks: int) -> None:
        self.chunk, self.chunks, self.taken = chunk, chunks, 0

    def __iter__(self):
        for _ in range(self.chunks):
            self.taken += len(self.chunk)
            yield self.chunk


def multipart_file(csrf: str, content: bytes, filename: str = "report.txt") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def signed_in(app, username: str) -> TestClient:
    client = TestClient(app)
    assert sign_in(client, username).status_code == 303
    return client


def test_a_signed_out_upload_is_refused_before_its_body_is_read(store):
    client = TestClient(app_with(store))
    body = RecordingBody(b"x" * 1024 * 1024, 200)
    page = client.post("/ingest/upload", content=body, follow_redirects=False,
                       headers={"content-type": MULTIPART, "content-length": str(TWO_HUNDRED_MB)})
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fingest%2Fupload"
    api = client.post("/ingest/upload", content=body, follow_redirects=False,
                      headers={"content-type": MULTIPART, "accept": "application/json"})  # chunked
    assert api.status_code == 401 and api.json() == {"detail": "sign in first"}
    assert body.taken == 0
    forged = client.post("/ingest/upload", content=body, follow_redirects=False,
                         headers={"content-type": MULTIPART, "cookie": "rasad_session=forged"})
    assert forged.status_code == 303 and body.taken == 0


def test_a_viewer_upload_is_refused_before_its_body_is_read(store):
    client = signed_in(app_with(store), "viewer")
    body = RecordingBody(b"x" * 1024 * 1024, 200)
    response = client.post("/ingest/upload", content=body, headers={"content-type": MULTIPART})
    assert response.status_code == 403 and "needs the analyst role" in response.text
    assert body.taken == 0


def test_an_analyst_upload_declared_over_the_limit_is_refused_unread(store):
    client = signed_in(app_with(store, max_input_bytes=100_000), "analyst")
    csrf = csrf_from(client.get("/ingest").text)
    body = RecordingBody(multipart_file(csrf, b"x" * 200_000), 1)
    response = client.post("/ingest/upload", content=body, headers={
        "content-type": MULTIPART, "content-length": str(len(body.chunk)), "accept": "application/json"})
    assert response.status_code == 413 and "limit of 165,536 bytes" in response.json()["detail"]
    assert body.taken == 0


def test_a_chunked_upload_is_cut_at_the_limit_and_nothing_is_stored(store):
    client = signed_in(app_with(store, max_input_bytes=100_000), "analyst")
    csrf = csrf_from(client.get("/ingest").text)
    text = b"protest in Izeh " * 20_000  # 320 kB, sent without a Content-Length
    body = RecordingBody(multipart_file(csrf, text), 1)
    response = client.post("/ingest/upload", content=body, headers={"content-type": MULTIPART})
    assert response.status_code == 413 and response.json() == {"detail": "Content Too Large"}
    assert not store.has_report(hashlib.sha256(text).hexdigest())


def test_other_forms_are_held_to_the_form_limit_even_signed_out(store):
    client = TestClient(app_with(store, web_max_form_bytes=10_000))
    login = csrf_from(client.get("/login").text)
    response = client.post("/login", data={"username": "x" * 20_000, "password": "y", "csrf_token": login},
                           headers={"accept": "application/json"})
    assert response.status_code == 413
    body = RecordingBody(b"username=" + b"x" * 1024 * 1024, 1)
    declared = client.post("/login", content=body, headers={
        "content-type": "application/x-www-form-urlencoded", "content-length": str(len(body.chunk))})
    assert declared.status_code == 413 and body.taken == 0


def test_an_upload_within_the_limit_reaches_the_reader(store):
    client = signed_in(app_with(store), "analyst")
    csrf = csrf_from(client.get("/ingest").text)
    response = client.post("/ingest/upload", data={"csrf_token": csrf}, headers={"accept": "application/json"},
                           files={"file": ("scan.pdf", b"%PDF-1.4\n" + b"\x00" * 10, "application/pdf")})
    assert response.status_code == 400 and "corrupt" in response.json()["detail"]  # read, refused as data


@pytest.fixture
def short_reading_budget(monkeypatch):
    monkeypatch.setenv("RASAD_EXTRACT_TIMEOUT_S", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("RASAD_EXTRACT_TIMEOUT_S")
    get_settings.cache_clear()


def test_a_hostile_pdf_uploaded_through_the_web_is_cut_and_flagged_in_seconds(store, short_reading_budget):
    client = signed_in(app_with(store), "analyst")
    csrf = csrf_from(client.get("/ingest").text)
    data = shared_stream_pdf(stream_bytes=5_000_000, pages=50)  # 20 kB on the wire
    started = time.monotonic()
    response = client.post("/ingest/upload", data={"csrf_token": csrf}, headers={"accept": "application/json"},
                           files={"file": ("hostile.pdf", data, "application/pdf")})
    assert time.monotonic() - started < 10
    assert response.status_code == 200, response.text
    report = store.get_report(response.json()["report_id"])
    assert "extraction:budget" in report.flags and "extraction:budget:time" in report.flags
    assert report.original == data


@pytest.fixture
def server_port(store):
    """A real uvicorn server over the test log (uploads limited to 100 kB), on a free loopback port."""
    server = uvicorn.Server(uvicorn.Config(app_with(store, max_input_bytes=100_000), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    thread.join(timeout=10)


def upload_head(port: int, *framing: str) -> bytes:
    return "\r\n".join([f"POST /ingest/upload HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Content-Type: {MULTIPART}",
                         *framing, "", ""]).encode()


def test_a_real_server_answers_a_200_mb_upload_from_its_headers(server_port):
    with socket.create_connection(("127.0.0.1", server_port), timeout=5) as connection:
        connection.sendall(upload_head(server_port, f"Content-Length: {TWO_HUNDRED_MB}"))
        connection.sendall(b"x" * 65536)  # a first slice; the rest never comes
        answer = connection.recv(4096).decode("latin-1")
    assert answer.startswith("HTTP/1.1 303") and "location: /login?next=" in answer.lower()


def test_a_real_server_cuts_a_chunked_upload_while_it_streams(store, server_port):
    client = TestClient(app_with(store))
    assert sign_in(client, "analyst").status_code == 303
    session = f"{auth.SESSION_COOKIE}={client.cookies[auth.SESSION_COOKIE]}"
    form_head = multipart_file(csrf_from(client.get("/ingest").text), b"").rsplit(b"\r\n--", 1)[0]
    chunk = b"x" * 16384
    sent = 0
    with socket.create_connection(("127.0.0.1", server_port), timeout=5) as connection:
        connection.sendall(upload_head(server_port, "Transfer-Encoding: chunked", f"Cookie: {session}")
                           + b"%x\r\n" % len(form_head) + form_head + b"\r\n")
        connection.setblocking(False)
        answer = b""
        try:
            while sent < 20 * 1024 * 1024 and not answer:
                connection.sendall(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
                sent += len(chunk)
                try:
                    answer = connection.recv(4096)
                except BlockingIOError:
                    time.sleep(0.001)
        except (BrokenPipeError, ConnectionResetError):
            pass
        connection.setblocking(True)
        answer = answer or connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < 2 * 1024 * 1024  # answered near the 164 kB limit, not after the whole stream
