"""End to end in Debian's Chromium (Playwright for Python, never a browser download): sign in, open the
seed report and see its highlighted spans, filter incidents, confirm one and see its history, and a
report full of script payloads shown inert. Screenshots of the main pages go to docs/screenshots/."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest
from test_web_support import PASSWORD, build_log

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install -y chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, seed_analysis):
    import uvicorn

    from rasad.web import create_app

    store, ids = build_log(f"sqlite:///{tmp_path_factory.mktemp('e2e')}/log.db", seed_analysis)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    base, _ids = server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base)
    pg = context.new_page()
    pg.dialogs = []  # any alert()/confirm() that fires
    pg.csp_errors = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg
    context.close()


def sign_in(page, username="analyst"):
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def shot(page, name: str, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def test_sign_in_and_overview_with_map_and_timeline(page):
    page.goto("/")
    assert "/login" in page.url  # not signed in: sent to the sign-in page
    shot(page, "login")
    sign_in(page)
    assert page.locator("h1").inner_text() == "Overview"
    page.wait_for_selector("#overview-map path.leaflet-interactive", timeout=15_000)  # boundaries drawn
    page.wait_for_selector("#overview-map .leaflet-marker-icon, #overview-map path[fill='#b91c1c']",
                           timeout=15_000)  # incidents drawn (clusters or points)
    assert page.locator(".chart svg rect").count() >= 2
    shot(page, "overview", full_page=True)
    assert page.csp_errors == []


def test_seed_report_shows_highlighted_spans_and_layers(page, server):
    _base, ids = server
    sign_in(page)
    page.goto("/reports")
    shot(page, "reports")
    page.goto(f"/reports/{ids['seed']}")
    spans = page.locator("#report-text .seg")
    assert spans.count() > 0
    quotes = page.locator("#report-text .seg.quote")
    assert quotes.count() > 0
    assert "quote by" in quotes.first.get_attribute("title")
    text = page.locator("#report-text")
    page.uncheck("input[data-layer=quotes]")
    assert "hide-quotes" in text.get_attribute("class")
    page.check("input[data-layer=quotes]")
    shot(page, "report")
    assert page.csp_errors == []


def test_filter_incidents_confirm_one_and_see_its_history(page, server):
    _base, ids = server
    sign_in(page)
    page.goto("/incidents")
    assert page.locator("#incident-table tbody tr").count() == 2
    page.fill("input[name=province]", "Khuzestan")
    page.click("#incident-filter button[type=submit]")
    page.wait_for_url("**province=Khuzestan**")
    rows = page.locator("#incident-table tbody tr")
    assert rows.count() == 1 and "Izeh" in rows.first.inner_text()
    shot(page, "incidents")
    rows.first.locator("a").first.click()
    page.wait_for_selector("#lock-status .lock")  # htmx took the review lock (CSRF header sent)
    assert "You hold the review lock" in page.locator("#lock-status").inner_text()
    page.keyboard.press("c")  # keyboard: pick "confirm" and focus the note
    assert page.locator("#review-action").input_value() == "confirm"
    page.keyboard.type("Two independent sources agree on place, date and names.")
    page.click("#review-submit")
    page.wait_for_selector("#review-history li")
    assert page.locator("#incident-status").inner_text() == "confirmed"
    history = page.locator("#review-history").inner_text()
    assert "confirm by analyst" in history and "Two independent sources agree" in history
    assert page.locator("tr.conflict").count() > 0  # the conflicting death tolls are highlighted
    shot(page, "incident", full_page=True)
    page.goto("/review")
    shot(page, "review")
    assert page.locator("#review-queue tr.selected").count() == 1  # keyboard: the first row is selected
    page.keyboard.press("Enter")  # ... and Enter opens it
    page.wait_for_url(f"**/incidents/{ids['zahedan']}")
    page.goto("/sources")
    shot(page, "sources")
    assert page.csp_errors == []


def test_report_with_script_payloads_is_inert(page, server):
    _base, ids = server
    sign_in(page, "viewer")
    page.goto(f"/reports/{ids['hostile']}")
    page.wait_for_load_state("networkidle")
    page.locator("#report-text .seg").first.hover()  # tooltips and mouseover payloads stay text
    page.locator("#report-text").hover()
    time.sleep(0.3)
    assert page.dialogs == []
    assert page.title() != "owned"
    assert page.locator("#report-text script, #report-text img, #report-text b").count() == 0
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["/static/vendor/htmx/htmx.min.js", "/static/rasad.js"]
    assert "<script>alert('xss')</script>" in page.locator("#report-text").inner_text()
    shot(page, "hostile-report")
