"""Signed-in users on the web app, with an ingest beside them (issue 21, finding 11). Loopback only,
bounded in users, time and requests; it stops by itself.

    python bench/gen_synthetic.py --url sqlite:////tmp/rasad-scale.db --incidents 1000000
    python bench/web_load.py --url sqlite:////tmp/rasad-scale.db --users 50 --seconds 60 --think 1-3 \
        --closed-seconds 20 --ingest-rows 200 --warm

It starts ``rasad serve`` (uvicorn, the real app) on a free loopback port over the log, creates
``--users`` analyst accounts (``load-N``, removed from nothing: run it on a benchmark log), signs each in
over HTTP, and runs one thread per user (httpx) that requests page after page for ``--seconds`` (a person:
a seeded pause of ``--think`` LOW-HIGH seconds between pages), then ``--closed-seconds`` more with no pause
(closed loop: the most the server answers), the two reported apart; every page kind in turn from a random
start: overview, incident listings (plain, filtered, a later page),
one incident, report listing, one report, the review queue, search, sources. Each answer must be 200;
anything else, or a transport error, is an error. Beside them a second process imports ``--ingest-rows``
registry rows (a generic CSV with a column mapping, through ``rasad.log.importers`` and the real merger),
and at the end every one of its rows must be in the log once ("no row lost").

``--sign-ins-per-s`` and ``--reviews-per-s`` add the writes a team makes while it reads (sign-ins with
their sign-outs, reviews), at a steady rate beside the users, timed and counted apart (``writes_beside``);
``log_changes_seen`` then shows which of them reach the log's own file.

Prints, and writes to ``--out`` as JSON: for each run (``think``, ``closed_loop``), per page kind and
overall, the number of requests, errors, searches stopped at their time budget (answered, counted apart),
p50, p95, p99 and max in milliseconds, requests per second, how often the log changed (SQLite: with
``--ingest-rows 0``, the server's own writes while users browse), the server's CPU milliseconds per request (and,
on a loopback PostgreSQL, its backends' for this database: the ingest's database work included), the bar's
verdict; the machine's load average at start and end; and the ingest's outcome. The CPU per request is the
figure to compare on a machine shared with other jobs: latencies there are mostly queueing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from rasad.store import open_store  # noqa: E402
from rasad.store.schema import IncidentReportRow, IncidentRow, ReportRow, User  # noqa: E402

PASSWORD = "load test passphrase 2026"
ROOT = Path(__file__).resolve().parents[1]
PROVINCES = ["Tehran", "Kurdistan", "Khuzestan", "Sistan and Baluchestan", "Gilan"]
WORDS = ["protesters", "killed", "arrested", "Zahedan", "Tehran", "strike", "tear gas", "funeral"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(url: str, users: int) -> dict:
    """Accounts for the load, and ids to ask for (random incidents and reports of the log)."""
    from rasad.web import auth

    store = open_store(url)
    with store.session() as db:
        names = set(db.scalars(select(User.username).where(User.username.like("load-%"))))
        for i in range(users):
            if f"load-{i}" not in names:
                auth.create_user(db, f"load-{i}", PASSWORD, role="analyst", actor="bench")
    with store.read_session() as s:
        max_incident = s.scalar(select(func.max(IncidentRow.id))) or 0
        max_seq = s.scalar(select(func.max(ReportRow.seq))) or 0
        rng = random.Random(7)
        seqs = [rng.randint(1, max_seq) for _ in range(500)] if max_seq else []
        report_ids = list(s.scalars(select(ReportRow.id).where(ReportRow.seq.in_(seqs)))) if seqs else []
    store.close()
    return {"max_incident": max_incident, "report_ids": report_ids}


def page_kinds(info: dict) -> list[tuple[str, callable]]:
    n = max(info["max_incident"], 1)
    reports = info["report_ids"] or [""]
    return [
        ("overview", lambda r: "/"),
        ("listing", lambda r: "/incidents"),
        ("listing", lambda r: f"/incidents?province={r.choice(PROVINCES)}&sort=date&order=desc"),
        ("listing", lambda r: f"/incidents?page={r.randint(2, 50)}&type=Protests"),
        ("incident", lambda r: f"/incidents/{r.randint(1, n)}"),
        ("reports", lambda r: "/reports"),
        ("report", lambda r: f"/reports/{r.choice(reports)}"),
        ("review", lambda r: "/review"),
        ("search", lambda r: f"/search?q={r.choice(WORDS)}"),
        ("sources", lambda r: "/sources"),
    ]


def sign_in(base: str, username: str) -> httpx.Client:
    import re

    client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"})
    if answer.status_code != 303 or "rasad_session" not in client.cookies:
        raise SystemExit(f"sign-in of {username} failed: {answer.status_code}")
    return client


def user_loop(client: httpx.Client, kinds, deadline: float, seed: int, results, errors, lock, max_requests: int,
              think: tuple[float, float] = (0.0, 0.0)) -> None:
    rng = random.Random(seed)
    i = rng.randrange(len(kinds))
    done = 0
    if think[1] > 0:  # users do not all arrive in the same millisecond
        time.sleep(rng.uniform(0, think[1]))
    while time.monotonic() < deadline and done < max_requests:
        kind, path_of = kinds[i % len(kinds)]
        i += 1
        done += 1
        path = path_of(rng)
        started = time.perf_counter()
        response = None
        try:
            response = client.get(path)
            status = response.status_code
        except httpx.HTTPError as exc:
            status = f"{type(exc).__name__}"
        took = (time.perf_counter() - started) * 1000
        with lock:
            results[kind].append(took)
            if status != 200:
                errors[kind].append(f"{path}: {status}")
            elif kind == "search" and 'id="search-cut"' in response.text:
                errors["search-cut"].append(path)  # answered in time, but stopped at its budget: counted apart
        if think[1] > 0:  # a person reads the page before the next click
            time.sleep(min(rng.uniform(*think), max(0.0, deadline - time.monotonic())))


class WriteMix:
    """Beside the users, writes a team makes while it reads (``--sign-ins-per-s``, ``--reviews-per-s``):
    a sign-in followed by a sign-out of a ``load-N`` account over HTTP (a session row and an audit row,
    then the session revoked and another audit row), and a review (a status set with a note on a random
    incident, alternating confirm and reopen: a review event, the incident changed). Each at a steady
    rate from a thread of its own, with its own client; their answers are timed and counted apart from
    the page views (a sign-in is 303, a sign-out 303, a review 200 or 303)."""

    def __init__(self, base: str, users: int, info: dict, sign_ins_per_s: float, reviews_per_s: float) -> None:
        self.base, self.users, self.info = base, users, info
        self.rates = {"sign-in": sign_ins_per_s, "review": reviews_per_s}
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: dict[str, list[str]] = defaultdict(list)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _sign_in_out(self, rng: random.Random) -> None:
        import re

        started = time.perf_counter()
        client = sign_in(self.base, f"load-{rng.randrange(self.users)}")
        try:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/sources").text).group(1)
            answer = client.post("/logout", data={"csrf_token": token})
            if answer.status_code not in (200, 303):
                raise RuntimeError(f"sign-out: {answer.status_code}")
        finally:
            client.close()
        self.times["sign-in"].append((time.perf_counter() - started) * 1000)

    def _review(self, rng: random.Random, client: httpx.Client, turn: int) -> None:
        import re

        incident = rng.randint(1, max(self.info["max_incident"], 1))
        started = time.perf_counter()
        page = client.get(f"/incidents/{incident}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if page.status_code != 200 or token is None:
            raise RuntimeError(f"incident {incident}: {page.status_code}")
        answer = client.post(f"/incidents/{incident}/review", data={
            "action": "confirm" if turn % 2 == 0 else "reopen", "note": "load test review",
            "csrf_token": token.group(1)})
        if answer.status_code not in (200, 303):
            raise RuntimeError(f"review of {incident}: {answer.status_code}")
        self.times["review"].append((time.perf_counter() - started) * 1000)

    def _loop(self, kind: str, rate: float, seed: int) -> None:
        rng = random.Random(seed)
        client = sign_in(self.base, f"load-{self.users - 1}") if kind == "review" else None
        turn = 0
        next_at = time.monotonic() + rng.uniform(0, 1 / rate)
        try:
            while not self._stop.wait(max(0.0, next_at - time.monotonic())):
                next_at += 1 / rate
                try:
                    self._sign_in_out(rng) if kind == "sign-in" else self._review(rng, client, turn)
                except (httpx.HTTPError, RuntimeError, SystemExit, AttributeError) as exc:
                    self.failures[kind].append(str(exc)[:200])
                turn += 1
        finally:
            if client is not None:
                client.close()

    def __enter__(self) -> WriteMix:
        for n, (kind, rate) in enumerate(self.rates.items()):
            if rate > 0:  # a sign-in takes a second or more on a busy machine: several threads keep the rate
                threads = max(1, round(rate * 4)) if kind == "sign-in" else 1
                self._threads += [threading.Thread(target=self._loop, args=(kind, rate / threads, 100 + 10 * n + k),
                                                   daemon=True) for k in range(threads)]
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join()

    def summary(self) -> dict:
        return {kind: {"per_s": rate, "done": len(self.times[kind]), "failed": len(self.failures[kind]),
                       "p50_ms": round(statistics.median(self.times[kind]), 1) if self.times[kind] else None,
                       "p95_ms": round(percentile(self.times[kind], 0.95), 1),
                       "failure_examples": self.failures[kind][:3]}
                for kind, rate in self.rates.items() if rate > 0}


def ingest_csv(folder: Path, rows: int, tag: str) -> Path:
    path = folder / "ingest.csv"
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as f:
        f.write("ref,when,what,where,prov,dead\n")
        for i in range(rows):
            day = f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f.write(f"{tag}-{i},{day},Protests,Zahedan,Sistan and Baluchestan,{rng.choice([0, 1, 2])}\n")
    return path


INGEST = """
import json, sys
sys.path.insert(0, {src!r})
from rasad.store import open_store
from rasad.log.importers import import_file
store = open_store({url!r})
mapping = {{"source_key": "ref", "date": "when", "event_type": "what", "place_name": "where", "province": "prov",
           "killed": "dead"}}
total = 0
for part in sorted(__import__("pathlib").Path({folder!r}).glob("part-*.csv")):
    summary = import_file(store, "csv", part, mapping=mapping)
    total += summary.added
print(json.dumps({{"added": total}}))
"""


def parse_think(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    low_s, high_s = float(low), float(high or low)
    if not 0 <= low_s <= high_s:
        raise SystemExit(f"--think: give LOW-HIGH seconds with 0 <= LOW <= HIGH, not {value!r}")
    return low_s, high_s


def cpu_seconds(pids) -> float:
    """User + system CPU seconds of these processes so far (Linux /proc; 0 for one that has gone)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total / tick


def database_backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving this database on this machine (a loopback server): their
    CPU is the database's share of a request."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql") or not parsed.database:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if cmdline.startswith("postgres:") and f" {parsed.database} " in cmdline:
                found.append(int(entry.name))
    return found


class LogChanges:
    """How many times the log changed during a phase, seen from a connection of its own that asks SQLite's
    ``data_version`` every 50 ms (several commits between two looks count once). Each change empties every
    other connection's page cache, and an encrypted log's readers then decrypt the pages they read again:
    with ``--ingest-rows 0`` these are the server's own writes while users browse. None on PostgreSQL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.changes: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _watch(self) -> None:
        store = open_store(self.url, migrate=False)  # the log's key, if it has one, as the server finds it
        try:
            connection = store.read_engine.raw_connection()
            try:
                last = connection.execute("PRAGMA data_version").fetchone()[0]
                self.changes = 0
                while not self._stop.wait(0.05):
                    now = connection.execute("PRAGMA data_version").fetchone()[0]
                    if now != last:
                        self.changes, last = self.changes + 1, now
            finally:
                connection.close()
        finally:
            store.close()

    def __enter__(self) -> LogChanges:
        if self.url.startswith("sqlite"):
            self._thread = threading.Thread(target=self._watch, name="log-changes", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def run_phase(clients, kinds, seconds: float, think: tuple[float, float], max_requests: int,
              server_pid: int | None = None, url: str = "", mix: WriteMix | None = None) -> dict:
    """Every user requests pages for ``seconds`` (pausing ``think`` between them); per page kind and overall:
    requests, errors, p50/p95/p99/max in ms, requests per second."""
    results: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()
    server_cpu = cpu_seconds([server_pid]) if server_pid else 0.0
    backends_before = {pid: cpu_seconds([pid]) for pid in database_backends(url)}
    with LogChanges(url) as changes, (mix or contextlib.nullcontext()):
        started = time.monotonic()
        deadline = started + seconds
        threads = [threading.Thread(target=user_loop, args=(c, kinds, deadline, n, results, errors, lock,
                                                             max_requests, think)) for n, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elapsed = time.monotonic() - started
    server_cpu = (cpu_seconds([server_pid]) if server_pid else 0.0) - server_cpu
    # backends alive at the end (pooled connections live on); one opened meanwhile counts from zero
    database_cpu = sum(cpu_seconds([pid]) - backends_before.get(pid, 0.0) for pid in database_backends(url))
    cut = errors.pop("search-cut", [])
    all_times = [t for v in results.values() for t in v]
    n = max(1, len(all_times))
    return {
        # CPU per request: what a request costs whatever else the machine runs (the ingest's share included:
        # its process is not counted, but the database's work for it is)
        "server_cpu_ms_per_request": round(server_cpu * 1000 / n, 1),
        "database_cpu_ms_per_request": round(database_cpu * 1000 / n, 1) if url.startswith("postgresql") else None,
        "seconds": round(elapsed, 1), "think_s": list(think),
        "log_changes_seen": changes.changes,
        "requests": len(all_times), "requests_per_s": round(len(all_times) / elapsed, 1),
        "errors": sum(len(v) for v in errors.values()),
        "searches_cut_at_budget": len(cut),
        "writes_beside": mix.summary() if mix is not None else None,
        "p50_ms": round(statistics.median(all_times), 1) if all_times else None,
        "p95_ms": round(percentile(all_times, 0.95), 1), "p99_ms": round(percentile(all_times, 0.99), 1),
        "pages": {k: {"n": len(v), "errors": len(errors[k]), "p50_ms": round(statistics.median(v), 1),
                      "p95_ms": round(percentile(v, 0.95), 1), "max_ms": round(max(v), 1),
                      "error_examples": errors[k][:3]}
                  for k, v in sorted(results.items())},
    }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="sqlite:////tmp/rasad-scale.db")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=5000, help="per user, a bound besides the time")
    parser.add_argument("--ingest-rows", type=int, default=2000, help="registry rows imported beside the load (0: none)")
    parser.add_argument("--ingest-wait", type=float, default=600, help="seconds to wait for the ingest after the load")
    parser.add_argument("--warm", action="store_true", help="ask for the overview once before the clock starts")
    parser.add_argument("--think", default="1-3",
                        help="seconds a user reads a page before the next, drawn uniformly from LOW-HIGH with each "
                             "user's seeded generator (a signed-in person); 0: no pause (closed loop)")
    parser.add_argument("--closed-seconds", type=float, default=20,
                        help="after the think-time run, this many seconds with no pause (closed loop), reported "
                             "apart: the most the server answers (0: skip)")
    parser.add_argument("--sign-ins-per-s", type=float, default=0,
                        help="beside the users, this many sign-ins (each followed by its sign-out) a second (0: none)")
    parser.add_argument("--reviews-per-s", type=float, default=0,
                        help="beside the users, this many reviews (a status set with a note) a second (0: none)")
    parser.add_argument("--out", help="write the result as JSON here")
    args = parser.parse_args()
    think = parse_think(args.think)
    load_at_start = os.getloadavg()

    info = prepare(args.url, args.users)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RASAD_DATABASE_URL": args.url, "PYTHONPATH": str(ROOT / "src")}
    # The server's errors go to a file (a pipe nobody reads would fill and stall the server).
    server_log = Path(tempfile.mkdtemp(prefix="rasad-load-server-")) / "server.log"
    with server_log.open("wb") as log_file:
        server = subprocess.Popen([sys.executable, "-m", "rasad", "serve", "--port", str(port)], env=env,
                                  stdout=log_file, stderr=subprocess.STDOUT)
    ingest = None
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise SystemExit("the server did not start")
        clients = [sign_in(base, f"load-{i}") for i in range(args.users)]
        kinds = page_kinds(info)
        if args.warm:
            # The figures cached on the log's change counter (the overview, each filter's total) are computed
            # once cold; the run measures a server that has seen each page once, as a team's server has.
            for path in ["/", "/incidents", "/incidents?type=Protests",
                         *(f"/incidents?province={p}&sort=date&order=desc" for p in PROVINCES)]:
                t0 = time.perf_counter()
                clients[0].get(path, timeout=600)  # a cold computation on a big log takes its time
                print(f"warm {path}: {(time.perf_counter() - t0) * 1000:.0f} ms", file=sys.stderr)
        tag = f"load{int(time.time())}"
        folder = Path(tempfile.mkdtemp(prefix="rasad-load-"))
        if args.ingest_rows:
            # in parts, so the ingest commits as it goes (as a long import does) while the users read
            src = ingest_csv(folder, args.ingest_rows, tag).read_text().splitlines()
            header, body = src[0], src[1:]
            for k in range(0, len(body), 200):
                (folder / f"part-{k // 200:05d}.csv").write_text("\n".join([header, *body[k:k + 200]]) + "\n")
            ingest = subprocess.Popen([sys.executable, "-c", INGEST.format(src=str(ROOT / "src"), url=args.url,
                                                                           folder=str(folder))],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        phases = {}
        started = time.monotonic()

        def write_mix() -> WriteMix | None:
            if args.sign_ins_per_s <= 0 and args.reviews_per_s <= 0:
                return None
            return WriteMix(base, args.users, info, args.sign_ins_per_s, args.reviews_per_s)

        if think[1] > 0:
            phases["think"] = run_phase(clients, kinds, args.seconds, think, args.max_requests, server.pid, args.url,
                                        mix=write_mix())
        if args.closed_seconds > 0 or think[1] <= 0:
            # Closed loop (no pause between pages: each user is a script): what one server answers at most,
            # printed beside the think-time figures so that neither hides the other.
            phases["closed_loop"] = run_phase(clients, kinds, args.closed_seconds if think[1] > 0 else args.seconds,
                                              (0.0, 0.0), args.max_requests, server.pid, args.url,
                                              mix=write_mix())
        ingest_result = None
        if ingest is not None:
            try:
                out, err = ingest.communicate(timeout=args.ingest_wait)
                ingest_result = {"exit": ingest.returncode, "stdout": out.strip()[-500:], "stderr": err.strip()[-500:],
                                 "finished_after_s": round(time.monotonic() - started, 1)}
            except subprocess.TimeoutExpired:
                ingest.kill()
                ingest.communicate()
                ingest_result = {"exit": None, "finished_after_s": None,
                                 "stopped": f"not finished {args.ingest_wait:.0f} s after the load: stopped"}
            store = open_store(args.url)
            with store.read_session() as s:
                keys = s.scalars(select(IncidentReportRow.source_key).where(
                    IncidentReportRow.source_key.like(f"{tag}-%"))).all()
            store.close()
            ingest_result.update(rows=args.ingest_rows, in_log=len(keys), distinct=len(set(keys)),
                                 no_row_lost=len(set(keys)) == args.ingest_rows == len(keys),
                                 no_row_twice=len(set(keys)) == len(keys))
        for c in clients:
            c.close()
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.kill()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()

    report = {
        "url": args.url.split("@")[-1], "users": args.users, "think_s": list(think),
        "load_at_start": load_at_start, "load_at_end": os.getloadavg(),
        **{name: phase for name, phase in phases.items()},
        "bar": {name: {"p95_under_300_ms": phase["p95_ms"] < 300, "no_errors": phase["errors"] == 0}
                for name, phase in phases.items()},
        "ingest": ingest_result,
        "server_log": str(server_log),
        "server_errors": [line for line in server_log.read_text(errors="replace").splitlines()
                          if "Error" in line or "error" in line][-10:],
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
