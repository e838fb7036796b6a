"""Soft review locks: an analyst opening an incident in the review queue holds it for a few minutes,
and every other analyst sees who holds it and until when.

In memory (one `rasad serve` process serves a team); a lock is advisory: it is shown, and a second
analyst's action on a locked incident is refused until the lock expires or its holder releases it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass

LOCK_TTL = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class Lock:
    incident_id: int
    username: str
    expires_at: dt.datetime


class ReviewLocks:
    def __init__(self, ttl: dt.timedelta = LOCK_TTL) -> None:
        self.ttl = ttl
        self._locks: dict[int, Lock] = {}
        self._mutex = threading.Lock()

    def _now(self) -> dt.datetime:
        return dt.datetime.now(dt.timezone.utc)

    def _live(self, incident_id: int) -> Lock | None:
        lock = self._locks.get(incident_id)
        if lock is not None and lock.expires_at <= self._now():
            del self._locks[incident_id]
            return None
        return lock

    def acquire(self, incident_id: int, username: str) -> Lock:
        """Take or renew the lock; returns the holder's lock (someone else's if they hold it)."""
        with self._mutex:
            lock = self._live(incident_id)
            if lock is None or lock.username == username:
                lock = Lock(incident_id, username, self._now() + self.ttl)
                self._locks[incident_id] = lock
            return lock

    def holder(self, incident_id: int) -> Lock | None:
        with self._mutex:
            return self._live(incident_id)

    def release(self, incident_id: int, username: str) -> None:
        with self._mutex:
            lock = self._live(incident_id)
            if lock is not None and lock.username == username:
                del self._locks[incident_id]

    def all(self) -> dict[int, Lock]:
        with self._mutex:
            for incident_id in list(self._locks):
                self._live(incident_id)
            return dict(self._locks)
