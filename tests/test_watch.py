"""``rasad watch``: feeds served from 127.0.0.1; a restart fetches nothing twice."""

from __future__ import annotations

import threading
from collections import Counter
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest_store import store_url  # noqa: F401 - fixture


class FeedServer:
    """A loopback HTTP server with an RSS feed whose items link to pages on the same server."""

    def __init__(self) -> None:
        self.items = ["a", "b", "c"]
        self.broken = set()
        self.hits: Counter[str] = Counter()
        self.not_modified = 0  # conditional GETs answered 304
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.hits[self.path] += 1
                etag = None
                if self.path == "/feed.xml":
                    body = server.feed().encode("utf-8")
                    ctype = "application/rss+xml"
                    etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
                    if self.headers.get("If-None-Match") == etag:
                        server.not_modified += 1
                        self.send_response(304)
                        self.end_headers()
                        return
                elif self.path.strip("/").removesuffix(".html") in server.items and self.path not in server.broken:
                    name = self.path.strip("/").removesuffix(".html")
                    body = (f"<html><head><title>Report {name}</title></head><body><article><p>Report {name}: "
                            f"security forces dispersed a protest in Karaj on 8 January 2026.</p></article></body></html>").encode()
                    ctype = "text/html; charset=utf-8"
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def feed(self) -> str:
        items = "".join(f"<item><title>Report {n}</title><link>{self.base}/{n}.html</link><guid>urn:item:{n}</guid></item>"
                        for n in self.items)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test</title>{items}</channel></rss>'

    def item_hits(self) -> dict[str, int]:
        return {p: n for p, n in self.hits.items() if p != "/feed.xml"}

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


def _run_once(store_url, feed_url, **kw):
    """One watch round in a freshly opened log (what a restart does)."""
    from rasad.log.watch import watch
    from rasad.store import open_store

    store = open_store(store_url)
    try:
        return watch(store, [feed_url], once=True, allow_private=True, analyse=False, report=lambda _: None, **kw)
    finally:
        store.close()


def test_a_restart_fetches_no_item_twice(store_url, feed_server):
    feed = feed_server.base + "/feed.xml"
    [first] = _run_once(store_url, feed)
    assert (first.new_items, first.ingested) == (3, 3)
    assert feed_server.item_hits() == {"/a.html": 1, "/b.html": 1, "/c.html": 1}
    [second] = _run_once(store_url, feed)
    assert (second.new_items, second.ingested) == (0, 0)
    assert feed_server.item_hits() == {"/a.html": 1, "/b.html": 1, "/c.html": 1}  # nothing fetched again
    feed_server.items.append("d")
    [third] = _run_once(store_url, feed)
    assert third.ingested == 1
    assert feed_server.item_hits()["/d.html"] == 1 and feed_server.item_hits()["/a.html"] == 1

    from rasad.store import open_store

    store = open_store(store_url)
    try:
        assert store.stats()["reports"] == 4
    finally:
        store.close()


def test_an_unchanged_feed_is_not_downloaded_again(store_url, feed_server):
    feed = feed_server.base + "/feed.xml"
    _run_once(store_url, feed)
    assert feed_server.not_modified == 0
    [second] = _run_once(store_url, feed)  # a restart sends the remembered ETag
    assert feed_server.not_modified == 1 and second.new_items == 0
    feed_server.items.append("d")  # the feed changed: a new ETag, a full download
    [third] = _run_once(store_url, feed)
    assert feed_server.not_modified == 1 and third.ingested == 1


def test_a_failed_item_is_tried_again_at_the_next_poll(store_url, feed_server):
    feed = feed_server.base + "/feed.xml"
    feed_server.broken.add("/b.html")
    [first] = _run_once(store_url, feed)
    assert (first.ingested, first.failed) == (2, 1)
    feed_server.broken.clear()
    [second] = _run_once(store_url, feed)
    assert (second.new_items, second.ingested) == (1, 1)
    assert feed_server.item_hits() == {"/a.html": 1, "/b.html": 2, "/c.html": 1}


def test_the_ssrf_guard_refuses_a_loopback_feed_unless_allowed(store_url, feed_server):
    from rasad.log.watch import watch
    from rasad.store import open_store

    store = open_store(store_url)
    try:
        [res] = watch(store, [feed_server.base + "/feed.xml"], once=True, allow_private=False, analyse=False,
                      report=lambda _: None)
    finally:
        store.close()
    assert res.status == "error"
    assert not feed_server.hits  # the guard refused before any connection
    # the line `rasad watch` prints says why (it said only "error, 0 new item(s), 0 ingested")
    assert "loopback" in res.describe() and "--allow-private" in res.describe()


def test_feeds_file_and_item_ids(tmp_path):
    from rasad.log.watch import item_id, read_feeds_file

    path = tmp_path / "feeds.txt"
    path.write_text("# news\nhttps://example.org/rss\n\nhttps://example.net/atom  # opposition\n", encoding="utf-8")
    assert read_feeds_file(path) == ["https://example.org/rss", "https://example.net/atom"]
    assert item_id({"id": "urn:1", "link": "https://x"}) == "urn:1"
    assert item_id({"title": "t", "summary": "s"}).startswith("sha256:")
