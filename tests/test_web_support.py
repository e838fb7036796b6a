"""A small incident log for the web tests: the seed report with its real analysis, a hostile report
whose text carries script payloads (inside highlighted spans too), a source registry, accounts of two
incidents from independent sources (one with conflicting death tolls) merged by the real log code,
and one user per role. No test functions here; test_web.py and test_e2e_browser.py import it."""

from __future__ import annotations

import hashlib
import re

from rasad.log.service import merge_pending
from rasad.records import Analysis, FramingSpan, Quote, Report
from rasad.store import open_store
from rasad.store.db import incident_report_row
from rasad.store.schema import SourceRow
from rasad.web import auth

PASSWORD = "correct horse battery staple"
USERS = {"viewer": "viewer", "analyst": "analyst", "analyst2": "analyst", "admin": "admin"}

HOSTILE_TEXT = (
    "Breaking: <script>alert('xss')</script> was posted by the so-called activists. "
    'A photo <img src=x onerror="alert(1)"> showed the square. '
    "The officer said \"<b onmouseover=alert(2)>calm</b> is restored\" and left.\n"
    "javascript:alert(3) and </span><script>document.title='owned'</script> end."
)


def hostile_analysis() -> Analysis:
    text = HOSTILE_TEXT
    data = text.encode()
    report = Report(id=hashlib.sha256(data).hexdigest(), sha256=hashlib.sha256(data).hexdigest(),
                    title="<script>alert('title')</script> Hostile report", publisher="<i>Evil</i> Press",
                    published_at="2022-11-20", text=text, original=data, media_type="text/html")

    def span(fragment: str) -> tuple[int, int]:
        start = text.index(fragment)
        return start, start + len(fragment)

    s1, e1 = span("<script>alert('xss')</script>")
    s2, e2 = span('<img src=x onerror="alert(1)">')
    s3, e3 = span("<b onmouseover=alert(2)>calm</b> is restored")
    s4, e4 = span("</span><script>document.title='owned'</script>")
    return Analysis(
        pipeline_version="test",
        report=report,
        framing=[
            FramingSpan(start=s1, end=e1, text=text[s1:e1], technique="Loaded_Language", score=0.9,
                        reason='"><script>alert("reason")</script>'),
            FramingSpan(start=s2, end=e2, text=text[s2:e2], technique="Name_Calling,Labeling", score=0.8,
                        reason="onerror=alert(4)"),
            FramingSpan(start=s4, end=e4, text=text[s4:e4], technique="Doubt", score=0.7, reason="closing tags"),
        ],
        quotes=[Quote(text=text[s3:e3], start=s3, end=e3, speaker="<script>alert(5)</script>", kind="direct")],
        profile={"note": "<script>alert('profile')</script>", "techniques": 3},
    )


def _accounts() -> list[tuple[str, str, dict]]:
    izeh = {"event_type": "Violence against civilians", "sub_type": "Attack", "date": "2022-11-16",
            "date_precision": "day", "place": {"name": "Izeh", "province": "Khuzestan", "country": "IR",
                                                "lat": 31.83, "lon": 49.87}}
    zahedan = {"event_type": "Protests", "sub_type": "Protest with intervention", "date": "2022-09-30",
               "date_precision": "day", "place": {"name": "Zahedan", "province": "Sistan and Baluchestan",
                                                  "country": "IR", "lat": 29.5, "lon": 60.86}}
    return [
        ("hengaw:1", "hengaw", {**izeh, "counts": {"killed": 7}, "victims": [{"name": "Kian Pirfalak"}, {"name": "Artin Rahmani"}]}),
        ("irna:1", "irna", {**izeh, "counts": {"killed": 5}, "victims": [{"name": "Kian Pirfalak"}, {"name": "Artin Rahmani"}]}),
        ("hengaw:2", "hengaw", {**zahedan, "counts": {"killed": 66, "arrested": 20}, "victims": [{"name": "Mohammad Eghbal Shahnavazi"}]}),
    ]


def build_log(url: str, seed_analysis: Analysis | None = None):
    """A store at ``url`` holding the data described above; returns (store, ids)."""
    store = open_store(url)
    ids: dict[str, object] = {}
    if seed_analysis is not None:
        store.add_report(seed_analysis.report)
        store.add_analysis(seed_analysis)
        ids["seed"] = seed_analysis.report.id
    hostile = hostile_analysis()
    store.add_report(hostile.report)
    store.add_analysis(hostile)
    ids["hostile"] = hostile.report.id
    with store.session() as s:
        s.add(SourceRow(id="hengaw", name="Hengaw", independence_group="hengaw", affiliation="ngo_monitor",
                        reliability="B", domains=["hengaw.net"]))
        s.add(SourceRow(id="irna", name="IRNA", independence_group="irib-irna", affiliation="state_media",
                        reliability="D", domains=["irna.ir"]))
        s.flush()
        for key, source_id, item in _accounts():
            s.add(incident_report_row(item, pipeline_version="test", source_key=key, source_id=source_id))
        for name, role in USERS.items():
            auth.create_user(s, name, PASSWORD, role=role)
    merge_pending(store)
    from rasad.log.queries import list_incidents
    from rasad.log.sources import attribute_reports

    attribute_reports(store)  # as `rasad ingest` does for every report it stores

    for row in list_incidents(store):
        ids["izeh" if row["place_name"] == "Izeh" else "zahedan"] = row["id"]
    return store, ids


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


def sign_in(client, username: str, password: str = PASSWORD, next_url: str = "/"):
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_from(page.text), "next": next_url},
        follow_redirects=False,
    )
