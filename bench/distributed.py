"""Words per second of ``rasad ingest`` (plain), ``rasad ingest --engine ray --workers 1`` and
``--workers 2``, in one run, each in a fresh process and a fresh log, timed end to end as a user sees
it (start-up, the pipeline's loading, Ray's start and stop, storing, merging).

    .venv/bin/python bench/distributed.py [--n 100] [--corpus FOLDER]

The corpus: the first N news articles of ../shared/eval/framing/train (real article lengths), copied
into a temporary folder; ``--corpus`` names another folder. Bars (issue 20, on 2 cores): Ray with one
worker within 15% of plain; two workers at least 1.6 times one. Each line also gives the CPU seconds
of the run's processes and the cores they kept busy on average: on a machine shared with other jobs,
two workers that keep no more cores busy than one did not get a second core.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "framing" / "train"
RUNS = {"plain": [], "ray-1": ["--engine", "ray", "--workers", "1"], "ray-2": ["--engine", "ray", "--workers", "2"]}


def copy_corpus(source: Path, n: int, into: Path) -> int:
    """Copy the first ``n`` articles; return their words."""
    into.mkdir()
    words = 0
    for path in sorted(source.rglob("*.txt"))[:n]:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        (into / path.name).write_text(text, encoding="utf-8")
    return words


def timed_ingest(corpus: Path, log: Path, options: list[str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the run's processes (the ingest and what it waited for: Ray's
    processes, its workers), which the machine's other jobs do not inflate as much as the wall time."""
    env = os.environ | {"RASAD_DATABASE_URL": f"sqlite:///{log}",
                        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "rasad", "ingest", *options, str(corpus)], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"rasad ingest {' '.join(options)} failed:\n{done.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="articles")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus} is not a folder (give --corpus)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = copy_corpus(args.corpus, args.n, corpus)
        print(f"{args.n} articles, {words:,} words; {os.cpu_count()} CPUs")
        rates = {}
        for name, options in RUNS.items():
            seconds, cpu = timed_ingest(corpus, Path(tmp) / f"{name}.db", options)
            rates[name] = words / seconds
            print(f"{name:6s} {seconds:7.1f} s  {rates[name]:7.0f} words/s   CPU {cpu:6.1f} s, {cpu / seconds:4.2f} cores, "
                  f"load {os.getloadavg()[0]:.1f}", flush=True)
        shutil.rmtree(corpus)
    print(f"ray-1 / plain: {rates['ray-1'] / rates['plain']:.2f} (bar: >= 0.85)")
    print(f"ray-2 / ray-1: {rates['ray-2'] / rates['ray-1']:.2f} (bar: >= 1.6)")


if __name__ == "__main__":
    main()
