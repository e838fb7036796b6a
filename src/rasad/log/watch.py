"""``rasad watch``: poll RSS/Atom feeds, ingest new items, remember what was seen.

- The feed document and every item are fetched through the ingest stage's SSRF guard
  (:func:`rasad.ingest.fetch.fetch`, :func:`rasad.ingest.read_url`); feedparser only parses the
  bytes we hand it (it never fetches anything itself).
- What a feed has shown us lives in the log: ``feed_state`` (ETag / Last-Modified for conditional
  requests, when the fetcher passes headers through; last status and error) and ``feed_items``
  (item ids). An item is recorded in the same transaction as its report, so after a restart —
  or a ``kill -9`` — nothing already stored is fetched again, and nothing half-done is lost.
- Items go into the log through :class:`rasad.log.intake.Intake` (analysed, attributed, merged) as
  the intake asks for them, a batch at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import feedparser
from sqlalchemy import select

from rasad.log.intake import Intake, ReportInput
from rasad.store import Store
from rasad.store.schema import FeedItem, FeedState

MAX_ITEMS_PER_POLL = 200  # a feed that suddenly lists thousands of items is read over several polls


@dataclass
class PollResult:
    feed: str
    status: str  # "ok", "not-modified", "error"
    new_items: int = 0
    ingested: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    merge: dict[str, int] = field(default_factory=dict)  # what merging the new items did

    def describe(self) -> str:
        s = f"{self.feed}: {self.status}, {self.new_items} new item(s), {self.ingested} ingested"
        if self.failed:
            s += f", {self.failed} failed ({'; '.join(self.errors[:3])})"
        elif self.status == "error" and self.errors:  # the feed itself could not be read: say why
            s += f" ({self.errors[0]})"
        return s


def read_feeds_file(path: Path) -> list[str]:
    """One feed URL per line; blank lines and # comments ignored."""
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def item_id(entry: Any) -> str:
    """A feed item's stable id: its guid/id, else its link, else a hash of its title and summary."""
    for key in ("id", "guid", "link"):
        value = entry.get(key)
        if value and str(value).strip():
            return str(value).strip()[:2000]
    digest = hashlib.sha256((str(entry.get("title", "")) + "\x00" + str(entry.get("summary", ""))).encode()).hexdigest()
    return f"sha256:{digest}"


def _fetch_feed(url: str, state: FeedState, allow_private: bool) -> tuple[bytes | None, dict[str, str], int]:
    """(body or None when not modified, response headers, status)."""
    from rasad.ingest.errors import FetchFailed
    from rasad.ingest.fetch import FetchPolicy, fetch

    policy = FetchPolicy.from_settings(allow_private=allow_private)
    conditional = {}
    if state.etag:
        conditional["If-None-Match"] = state.etag
    if state.last_modified:
        conditional["If-Modified-Since"] = state.last_modified
    try:
        fetched = fetch(url, policy, headers=conditional)
    except FetchFailed as exc:
        if "HTTP 304" in str(exc):
            return None, {}, 304
        raise
    return fetched.body, fetched.headers, fetched.status


def _feed_reports(url: str, entries: list[tuple[str, Any]], result: PollResult,
                  allow_private: bool) -> Iterator[ReportInput]:
    """Each new item's page, fetched as the intake asks for it (a batch at a time), with its feed row:
    the item is recorded as seen in the transaction that stores its report."""
    from rasad.ingest import read_url
    from rasad.ingest.errors import IngestError

    for iid, entry in entries:
        link = entry.get("link")
        try:
            if not link:
                raise IngestError("the item has no link")
            report = read_url(link, allow_private=allow_private)
        except IngestError as exc:
            # Not recorded as seen: a failed item is tried again at the next poll.
            result.failed += 1
            result.errors.append(f"{link}: {exc}")
            continue
        if not report.title and entry.get("title"):
            report = report.model_copy(update={"title": str(entry["title"])[:1000]})
        if not report.published_at and entry.get("published"):
            report = report.model_copy(update={"published_at": str(entry["published"])[:40]})
        yield ReportInput(report, rows=[FeedItem(feed_url=url, item_id=iid, report_id=report.id)])


def poll_feed(store: Store, url: str, intake: Intake, *, allow_private: bool = False) -> PollResult:
    """Fetch one feed once and take the items not seen before into the log (stored, analysed,
    attributed, merged)."""
    from rasad.ingest.errors import IngestError

    result = PollResult(feed=url, status="ok")
    with store.session() as s:
        state = s.get(FeedState, url)
        if state is None:
            state = FeedState(url=url)
            s.add(state)
        # After a poll with failed items, fetch the whole feed again (no conditional GET): an unchanged
        # feed would answer 304 and the failed items would never be retried.
        retry = bool(state.last_error)
        snapshot = FeedState(url=url, etag=None if retry else state.etag,
                             last_modified=None if retry else state.last_modified)
    now = dt.datetime.now(dt.timezone.utc)
    try:
        body, headers, status = _fetch_feed(url, snapshot, allow_private)
    except IngestError as exc:
        with store.session() as s:
            state = s.get(FeedState, url)
            state.last_polled_at, state.last_error = now, str(exc)[:2000]
        result.status = "error"
        result.errors.append(str(exc))
        return result
    if body is None:
        with store.session() as s:
            state = s.get(FeedState, url)
            state.last_polled_at, state.last_status, state.last_error = now, 304, None
        result.status = "not-modified"
        return result
    parsed = feedparser.parse(body)  # bytes in: feedparser does no network access of its own
    entries = list(parsed.entries)
    ids = [item_id(e) for e in entries]
    with store.read_session() as s:
        seen = set(s.scalars(select(FeedItem.item_id).where(FeedItem.feed_url == url)))
    fresh = []
    for iid, entry in zip(ids, entries):
        if iid not in seen:  # an id the feed lists twice is taken once
            seen.add(iid)
            fresh.append((iid, entry))
    fresh = fresh[:MAX_ITEMS_PER_POLL]
    result.new_items = len(fresh)
    if fresh:
        taken = intake.take(_feed_reports(url, fresh, result, allow_private))
        result.ingested = taken.added + taken.duplicates
        result.merge = taken.merge
    with store.session() as s:
        state = s.get(FeedState, url)
        state.last_polled_at, state.last_status = now, status
        state.last_error = "; ".join(result.errors)[:2000] or None
        if headers.get("etag"):
            state.etag = headers["etag"]
        if headers.get("last-modified"):
            state.last_modified = headers["last-modified"]
    return result


def watch(store: Store, feeds: Iterable[str], *, interval: float = 900.0, once: bool = False,
          allow_private: bool = False, analyse: bool = True, report: Callable[[str], None] = print,
          max_polls: int | None = None) -> list[PollResult]:
    """Poll every feed, take what came in into the log (merged as it comes), sleep ``interval`` seconds,
    repeat (or stop after one round with ``once``)."""
    feeds = list(dict.fromkeys(feeds))
    intake = Intake(store, analyse=analyse)  # one analyser for every poll: the pipeline loads once
    results: list[PollResult] = []
    polls = 0
    while True:
        merged = dict.fromkeys(("incident_reports", "merged", "new_incidents"), 0)
        for url in feeds:
            res = poll_feed(store, url, intake, allow_private=allow_private)
            results.append(res)
            report(res.describe())
            for key in merged:
                merged[key] += res.merge.get(key, 0)
        if merged["incident_reports"]:
            report(f"merged {merged['incident_reports']} incident report(s): {merged['merged']} into existing incidents, "
                   f"{merged['new_incidents']} new")
        polls += 1
        if once or (max_polls is not None and polls >= max_polls):
            return results
        time.sleep(max(1.0, interval))
