"""Where the driver's time goes during ``rasad ingest --engine ray``: one run in this process, timed by
step, with the CPU seconds of the driver process and of Ray's processes (raylet, GCS, the actors).

    .venv/bin/python bench/ray_driver_profile.py [--n 100] [--workers 2] [--corpus FOLDER] [--cprofile FILE]

Steps (wall seconds, on the driver's main thread): reading and hashing the inputs, Ray's start and
stop, decoding the workers' records, storing (the intake's transactions), attributing publishers,
merging; what is left is waiting for the workers (and Ray Data's own bookkeeping). The CPU columns say
how much of the machine's cores each side took: on 2 cores, what the driver's process burns is taken
from the analysis workers.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from distributed import DEFAULT_CORPUS, copy_corpus  # noqa: E402

SPENT: dict[str, float] = defaultdict(float)
CPU: dict[str, float] = {}


def timed(owner: object, name: str, step: str) -> None:
    """Wrap ``owner.name`` so that its wall time (not counting nested timed steps) goes to ``step``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[step] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def timed_iter(owner: object, name: str, step: str) -> None:
    """Wrap a generator function: the time spent producing each item goes to ``step``."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        it = original(*args, **kwargs)
        while True:
            started = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                SPENT[step] += time.perf_counter() - started
                return
            SPENT[step] += time.perf_counter() - started
            yield item

    setattr(owner, name, wrapper)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    # utime, stime, cutime, cstime: a process's own and its reaped children's
    return sum(int(x) for x in fields[11:15]) / ticks


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children[ppid].append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children[todo.pop()]:
            out.append(child)
            todo.append(child)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cprofile", type=Path, help="also write a cProfile of the driver's main thread here")
    args = parser.parse_args()

    import ray

    from rasad.log import distributed, intake, service
    from rasad.records import Analysis
    from rasad.store import open_store

    timed(ray, "init", "ray start")

    shutdown = ray.shutdown

    def shutdown_after_counting() -> None:
        CPU["ray processes"] = sum(cpu_seconds(p) for p in descendants(os.getpid()) if os.path.exists(f"/proc/{p}"))
        started = time.perf_counter()
        shutdown()
        SPENT["ray stop"] += time.perf_counter() - started

    ray.shutdown = shutdown_after_counting
    timed_iter(distributed, "read_inputs", "read + hash inputs")
    timed(Analysis, "model_validate_json", "decode records")
    timed(intake.Intake, "_commit", "store (transactions)")
    timed(intake.Intake, "_attribute", "attribute publishers")
    timed(service, "merge_pending", "merge")
    if hasattr(distributed, "_finish_merge"):
        timed(distributed, "_finish_merge", "merge")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = copy_corpus(args.corpus, args.n, corpus)
        store = open_store(f"sqlite:///{Path(tmp) / 'log.db'}")
        profile = cProfile.Profile() if args.cprofile else None
        cpu0 = os.times()
        started = time.perf_counter()
        if profile:
            profile.enable()
        summary = distributed.ingest_on_ray(store, [str(corpus)], workers=args.workers)
        if profile:
            profile.disable()
            profile.dump_stats(args.cprofile)
        wall = time.perf_counter() - started
        cpu1 = os.times()
        store.close()
    SPENT["store (transactions)"] -= SPENT["attribute publishers"]  # attributing runs inside each commit
    print(f"{args.n} articles, {words:,} words, {args.workers} worker(s), {summary.analysed} analysed, "
          f"{summary.incident_reports} incident reports; load {os.getloadavg()[0]:.1f}")
    print(f"wall {wall:.1f} s, {words / wall:.0f} words/s")
    accounted = 0.0
    for step, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        accounted += seconds
        print(f"  {step:24s} {seconds:7.2f} s  {100 * seconds / wall:5.1f}%")
    print(f"  {'waiting on the workers':24s} {wall - accounted:7.2f} s  {100 * (wall - accounted) / wall:5.1f}%")
    driver_cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    print(f"CPU: driver process {driver_cpu:.1f} s (all its threads), Ray's processes "
          f"{CPU.get('ray processes', 0.0):.1f} s; cores busy on average "
          f"{(driver_cpu + CPU.get('ray processes', 0.0)) / wall:.2f}")


if __name__ == "__main__":
    main()
