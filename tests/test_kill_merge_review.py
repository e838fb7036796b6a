"""``kill -9`` during merging and during review (issue 21, "under load and faults"): a real Python
process runs ``merge_pending`` (small batches) or a loop of review actions and is SIGKILLed at random
moments, 20 times each on SQLite (five times on SQLCipher and PostgreSQL: the same code under another
storage, where each round costs more); afterwards the log must be whole. Merging: every incident report linked exactly
once (after a rerun that finishes what was cut), the same incidents as an uninterrupted merge, no empty
incident, every incident's derived fields equal to what its reports give. Review: every event seen
before a kill is still there unchanged (append-only), no action half applied (each incident's status and
edited fields are those of its last event, each merge/split moved exactly the links its event says), and
the derived figures agree with the reports."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest_store import store_url  # noqa: F401 - fixture

from rasad.store import incident_report_row, open_store
from rasad.store.schema import IncidentLink, IncidentReportRow, IncidentRow, ReviewEvent

pytestmark = pytest.mark.slow

KILLS = 20
# SQLCipher and PostgreSQL: the same kill loops, fewer rounds (each of their rounds costs several times a
# SQLite one, and what a kill can cut is the same code's transactions; the targeted kills of
# test_audit_chain run on every backend).
FEW_KILLS = 5


def kills_for(url: str) -> int:
    """How many random kills a test makes on the log at ``url``: KILLS on plain SQLite, else FEW_KILLS."""
    return KILLS if sa.engine.make_url(url).get_driver_name() == "pysqlite" else FEW_KILLS

CITIES = [("Karaj", "Alborz"), ("Rasht", "Gilan"), ("Zahedan", "Sistan and Baluchestan"), ("Mashhad", "Razavi Khorasan"),
          ("Tabriz", "East Azerbaijan"), ("Shiraz", "Fars"), ("Sanandaj", "Kurdistan"), ("Ahvaz", "Khuzestan")]
NAMES = ["Nima Salahpour", "Kamran Ahmadi", "Mahsa Karimi", "Reza Moradi", "Sara Tavakoli", "Omid Rahimi",
         "Hamid Jafari", "Laleh Sadeghi", "Arman Hosseini", "Shirin Kazemi"]

SRC = str(Path(__file__).resolve().parents[1] / "src")


def seed(url: str, n: int, seed: int = 21) -> None:
    """n incident reports, not merged: several accounts of the same killings (so merging joins them)."""
    rng = random.Random(seed)
    store = open_store(url)
    try:
        with store.session() as s:
            for i in range(n):
                city, prov = rng.choice(CITIES)
                name = rng.choice(NAMES)
                item = {"event_type": "Violence against civilians", "sub_type": "Attack",
                        "date": f"2026-01-{rng.randint(1, 28):02d}", "date_precision": "day",
                        "place_name": city, "province": prov, "victims": [{"name": name}],
                        "counts": {"killed": rng.randint(1, 3)}}
                s.add(incident_report_row(item, pipeline_version="t", source_key=f"kill:{i}"))
    finally:
        store.close()


# Every kill round starts a fresh process. Importing SQLAlchemy and rasad takes most of a second (far
# more on a loaded machine) and is not what the test is about, so the children are forked from a
# server process that has imported them once: each child is still a process of its own, with no
# connection of its parent's (the server never opens a store), that opens the log, writes and is
# SIGKILLed mid-write exactly as a freshly started one.
#
# An encrypted log costs each new process SQLCipher's key derivation (PBKDF2, 256,000 rounds, for the log
# and its accounts file: seconds on a loaded machine, most of a round). ``keys URL`` derives the keys in
# the server, once per file (``raw_key`` is a pure function of the passphrase and the file's salt), and
# every child forked after it inherits them: it opens the log, writes and dies as before.
FORK_SERVER = r"""
import functools, os, sys, traceback
from pathlib import Path
import sqlalchemy, rasad.store, rasad.log.service, rasad.log.review, rasad.log.queries
import rasad.store.keys as keys
import rasad.store.migrate as migrate

keys.raw_key = functools.lru_cache(maxsize=None)(keys.raw_key)
# open_store compares the log's revision with the head of the migration scripts, which alembic finds by
# reading every script: seconds a child on a loaded machine. The scripts do not change during a test.
migrate.head_revision = functools.lru_cache(maxsize=None)(migrate.head_revision)
migrate.head_revision()

for line in sys.stdin:
    cmd, _, arg = line.strip().partition(" ")
    if cmd == "start":
        err_path, url, code = arg.split(" ", 2)
        pid = os.fork()
        if pid == 0:
            os.setpgid(0, 0)
            null = os.open(os.devnull, os.O_RDWR)
            os.dup2(null, 0)
            os.dup2(null, 1)
            os.dup2(os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), 2)
            sys.argv = ["-c", url]
            status = 0
            try:
                exec(compile(bytes.fromhex(code).decode(), "<child>", "exec"), {"__name__": "__main__"})
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
                status = 1
            sys.stderr.flush()
            os._exit(status)
        try:
            os.setpgid(pid, pid)  # also here: the test may kill the group before the child is scheduled
        except OSError:
            pass
        print(pid, flush=True)
    elif cmd == "keys":
        parsed = sqlalchemy.engine.make_url(arg)
        if parsed.get_driver_name() == "pysqlcipher":
            log = Path(parsed.database).resolve()
            for path in (log, Path(str(log) + "-accounts")):
                salt = keys.file_salt(path)
                if salt:
                    keys.raw_key(parsed.password, salt)
        print("ok", flush=True)
    elif cmd == "poll":
        done, status = os.waitpid(int(arg), os.WNOHANG)
        print(os.waitstatus_to_exitcode(status) if done else "running", flush=True)
"""


class ForkServer:
    def __init__(self, tmp: Path):
        env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
        self.tmp = tmp
        self.proc = subprocess.Popen([sys.executable, "-c", FORK_SERVER], env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(self, line: str) -> str:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, "the fork server ended"
        return answer.strip()

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(30)


class Child:
    """A forked child, with the parts of ``subprocess.Popen`` the kill loop uses."""

    def __init__(self, server: ForkServer, url: str, code: str):
        self.server = server
        self.err_path = server.tmp / f"child-{uuid.uuid4().hex}.err"
        assert server.ask(f"keys {url}") == "ok"
        self.pid = int(server.ask(f"start {self.err_path} {url} {code.encode().hex()}"))
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            answer = self.server.ask(f"poll {self.pid}")
            if answer != "running":
                self.returncode = int(answer)
        return self.returncode

    def wait(self, timeout: float) -> int:
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                os.killpg(self.pid, signal.SIGKILL)
                self.wait(30)
                raise AssertionError(f"the child did not end within {timeout} s: {self.stderr()[-2000:]}")
            time.sleep(0.01)
        return self.returncode

    def stderr(self) -> str:
        return self.err_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory):
    server = ForkServer(tmp_path_factory.mktemp("children"))
    yield server
    server.close()


def child(server: ForkServer, url: str, code: str) -> Child:
    assert " " not in url
    return Child(server, url, code)


MERGE = """
import sys
from rasad.store import open_store
from rasad.log.service import merge_pending
store = open_store(sys.argv[1])
merge_pending(store, batch=7)
store.close()
"""


class Reader:
    """The test's own reads of the log while children write it, on one engine: on SQLCipher and PostgreSQL
    its connection is kept (on SQLCipher a new connection derives the key again: a second a poll on a
    loaded machine); on plain SQLite, where a connection is free, each read opens its own, as a fresh
    process would (no connection of the test's stays open beside the children)."""

    def __init__(self, url: str):
        plain = sa.engine.make_url(url).get_driver_name() == "pysqlite"
        self.engine = sa.create_engine(url, poolclass=sa.pool.NullPool) if plain else sa.create_engine(url)

    def count(self, sql: str) -> int:
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text(sql)).scalar() or 0
        except sa.exc.DBAPIError:
            return 0

    def close(self) -> None:
        self.engine.dispose()


def count(url: str, sql: str) -> int:
    reader = Reader(url)
    try:
        return reader.count(sql)
    finally:
        reader.close()


def kill_at_random(server: ForkServer, url: str, code: str, progress_sql: str, rng: random.Random, kills: int = KILLS,
                   step: tuple[int, int] = (1, 6)) -> int:
    """Start ``code`` and SIGKILL it ``kills`` times, each once ``progress_sql`` has grown by a random
    step (or at a random moment of start-up for the first). Returns how many kills landed mid-run."""
    landed = 0
    reader = Reader(url)
    try:
        for round_ in range(kills):
            proc = child(server, url, code)
            if round_ == 0:
                time.sleep(rng.uniform(0.0, 0.5))
            else:
                target = reader.count(progress_sql) + rng.randint(*step)
                deadline = time.monotonic() + 30
                while proc.poll() is None and reader.count(progress_sql) < target and time.monotonic() < deadline:
                    time.sleep(rng.uniform(0.0, 0.03))
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                landed += 1
            else:  # it ended before the kill: finished (a merge), never failed on its own (a backend's error)
                assert proc.returncode == 0, proc.stderr()[-2000:]
            proc.wait(30)
    finally:
        reader.close()
    return landed


def run_to_end(server: ForkServer, url: str, code: str) -> None:
    proc = child(server, url, code)
    assert proc.wait(300) == 0, proc.stderr()[-2000:]


def snapshot(store) -> dict[int, tuple]:
    """Every incident's stored derived state."""
    cols = [c for c in IncidentRow.__table__.columns if c.name not in ("created_at", "updated_at")]
    with store.read_session() as s:
        return {r[0]: tuple(r[1:]) for r in s.execute(sa.select(*cols).order_by(IncidentRow.id)).all()}


def check_derived(url: str) -> None:
    """Re-deriving every incident from its reports changes nothing: the stored figures are the reports'."""
    from rasad.log.service import rederive

    store = open_store(url)
    try:
        before = snapshot(store)
        rederive(store, list(before))
        assert snapshot(store) == before
    finally:
        store.close()


def partition(url: str) -> set[frozenset[str]]:
    """The incidents as sets of their reports' source keys (ids differ between logs)."""
    store = open_store(url)
    try:
        with store.read_session() as s:
            if store.backend == "sqlite":
                assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
                assert s.execute(sa.text("PRAGMA foreign_key_check")).all() == []
            rows = s.execute(sa.select(IncidentLink.incident_id, IncidentReportRow.source_key)
                             .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
                             .where(IncidentLink.active)).all()
            groups: dict[int, set[str]] = {}
            for inc, key in rows:
                groups.setdefault(inc, set()).add(key)
            # each incident report linked exactly once, by one active link, and every one of them
            per_ir = s.execute(sa.select(IncidentLink.incident_report_id, sa.func.count())
                               .group_by(IncidentLink.incident_report_id)).all()
            assert all(c == 1 for _, c in per_ir), "an incident report was linked twice"
            assert len(per_ir) == s.scalar(sa.select(sa.func.count()).select_from(IncidentReportRow))
            # no incident left empty by a cut batch
            assert set(groups) == set(s.scalars(sa.select(IncidentRow.id)))
        return {frozenset(g) for g in groups.values()}
    finally:
        store.close()


# Large enough that the kills, each after up to 15 more links (plus what lands between two polls: a
# batch or two), stay well inside one run: 20 kills on SQLite, FEW_KILLS on the others.
MERGED = {KILLS: 500, FEW_KILLS: 200}


@pytest.fixture(scope="module")
def reference_partition(fork_server, tmp_path_factory):
    """The same n reports merged without a kill (on SQLite; the same for every backend's test)."""
    done: dict[int, set[frozenset[str]]] = {}

    def of(n: int) -> set[frozenset[str]]:
        if n not in done:
            ref = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'ref.db'}"
            seed(ref, n)
            run_to_end(fork_server, ref, MERGE)
            done[n] = partition(ref)
        return done[n]

    return of


def test_merge_killed_20_times_links_each_report_once(store_url, fork_server, reference_partition):  # noqa: F811
    rng = random.Random(2110)
    kills = kills_for(store_url)
    url, n = store_url, MERGED[kills]
    seed(url, n)
    landed = kill_at_random(fork_server, url, MERGE, "SELECT count(*) FROM incident_links", rng, kills=kills,
                            step=(1, 15))
    assert landed >= kills - 3, "the kills should land while merging runs"
    assert count(url, "SELECT count(*) FROM incident_links") < n  # it really was cut
    run_to_end(fork_server, url, MERGE)
    got = partition(url)
    assert got == reference_partition(n)
    assert sum(len(g) for g in got) == n
    check_derived(url)
    run_to_end(fork_server, url, MERGE)  # a further run changes nothing
    assert partition(url) == got


REVIEW = """
import random, sys
from rasad.store import open_store
from rasad.log import review
from rasad.log.queries import list_incidents
store = open_store(sys.argv[1])
rng = random.Random()
while True:
    ids = [i["id"] for i in list_incidents(store, limit=1000)]
    a, b = rng.sample(ids, 2)
    what = rng.random()
    try:
        if what < 0.3:
            review.set_status(store, a, rng.choice(["confirm", "reject", "dispute"]), by="k", note=f"n{rng.random()}")
        elif what < 0.6:
            review.edit(store, a, "place_name", rng.choice(["Karaj", "Rasht", "Tabriz", ""]), by="k", note="e")
        elif what < 0.75:
            review.merge(store, a, b, by="k", note="m")
        elif what < 0.9:
            ms = review.members(store, a)
            if len(ms) > 1:
                review.split(store, a, ms[: max(1, len(ms) // 2)], by="k", note="s")
        else:
            evs = review.history(store, a)
            if evs:
                review.undo(store, rng.choice(evs)["id"], by="k", note="u")
    except review.ReviewError:
        pass
"""


def events(reader: Reader) -> dict[int, tuple]:
    try:
        with reader.engine.connect() as conn:
            t = ReviewEvent.__table__
            return {r[0]: tuple(r[1:]) for r in conn.execute(sa.select(*t.columns).order_by(t.c.id)).all()}
    except sa.exc.DBAPIError:
        return {}


def test_review_killed_20_times_leaves_no_half_written_action(store_url, fork_server):  # noqa: F811
    from rasad.log import review
    from rasad.log.queries import list_incidents  # noqa: F401 - the child's import, checked here

    rng = random.Random(2111)
    url, kills = store_url, kills_for(store_url)
    seed(url, 120)
    run_to_end(fork_server, url, MERGE)
    seen: dict[int, tuple] = {}
    landed = 0
    reader = Reader(url)
    try:
        for _ in range(kills // 5):  # the events seen between rounds of kills must all stay, unchanged
            landed += kill_at_random(fork_server, url, REVIEW, "SELECT count(*) FROM review_events", rng, kills=5,
                                     step=(1, 8))
            now = events(reader)
            for k, v in seen.items():
                assert now.get(k) == v, f"review event {k} changed or vanished after a kill"
            seen = now
    finally:
        reader.close()
    # each round after the first (a kill at start-up) waits for at least one more event
    assert len(seen) >= kills - 1, "the review loop should have recorded events between the kills"
    assert landed == kills, "every kill should land while the review loop runs (it never ends by itself)"
    store = open_store(url)
    try:
        with store.read_session() as s:
            if store.backend == "sqlite":
                assert s.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            for inc in s.scalars(sa.select(IncidentRow)):
                hist = review.history(store, inc.id)
                # the incident's status is the one its last status event (or undo of one) set, and its
                # edited place is the one its last edit (or undo of one) left
                status, place = None, None
                for e in hist:
                    if e["field"] == "status":
                        status = e["after"]
                    elif e["action"] == "undo" and isinstance(e["after"], dict) and "status" in e["after"]:
                        status = e["after"]["status"]
                    elif e["action"] == "edit" and e["field"] == "place_name":
                        place = ("set", e["after"])
                    elif e["action"] == "undo" and isinstance(e["after"], dict) and e["after"].get("field") == "place_name":
                        place = ("set", e["after"]["value"]) if e["after"]["override"] else ("derived", None)
                if status is not None:
                    assert inc.status == status, (inc.id, hist[-1])
                overrides = (inc.data or {}).get("overrides") or {}
                if place is not None and place[0] == "set":
                    assert overrides.get("place_name") == place[1], (inc.id, hist[-1])
                # the incident's members are what replaying its events gives (no link moved without its event)
                members = review.members(store, inc.id)
                assert len(set(members)) == len(members)
            per_ir = s.execute(sa.select(IncidentLink.incident_report_id, sa.func.count())
                               .where(IncidentLink.active).group_by(IncidentLink.incident_report_id)).all()
            assert len(per_ir) == 120 and all(c == 1 for _, c in per_ir), "an incident report lost or doubled its link"
    finally:
        store.close()
    check_derived(url)
