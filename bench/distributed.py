"""Words per second of ``rasad ingest`` (plain), ``rasad ingest --engine ray --workers 1`` and
``--workers 2``, in one run, each in a fresh process and a fresh log, timed end to end as a user sees
it (start-up, the pipeline's loading, Ray's start and stop, storing, merging).

    .venv/bin/python bench/distributed.py [--n 100] [--corpus FOLDER] [--runs plain,ray-1,ray-2]

The corpus: the first N news articles of ../shared/eval/framing/train (real article lengths), copied
into a temporary folder; ``--corpus`` names another folder. Bars (issue 20, on 2 cores): Ray with one
worker within 15% of plain; two workers at least 1.6 times one. Each line also gives the CPU seconds
of the run's processes and the cores they kept busy on average: on a machine shared with other jobs,
two workers that keep no more cores busy than one did not get a second core. ``--runs`` adds the points
of the scaling curve: ``plain-1t`` (one onnxruntime thread) and ``ray-1x1`` (one worker of one CPU).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "framing" / "train"
# name: (options of `rasad ingest`, environment). The bars compare the first three; the others trace the
# scaling curve (--runs): plain with one onnxruntime thread, and one Ray worker held to one CPU.
RUNS = {"plain": ([], {}), "ray-1": (["--engine", "ray", "--workers", "1"], {}),
        "ray-2": (["--engine", "ray", "--workers", "2"], {}),
        "plain-1t": ([], {"RASAD_ANALYSIS_THREADS": "1"}),
        "ray-1x1": (["--engine", "ray", "--workers", "1", "--cpus-per-worker", "1"], {})}


def copy_corpus(source: Path, n: int, into: Path) -> int:
    """Copy the first ``n`` articles; return their words."""
    into.mkdir()
    words = 0
    for path in sorted(source.rglob("*.txt"))[:n]:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        (into / path.name).write_text(text, encoding="utf-8")
    return words


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one live process, its reaped children left out."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The live processes under ``pid`` (Ray's raylet, GCS and workers under a driver)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def timed_ingest(corpus: Path, log: Path, options: list[str], extra_env: dict[str, str] | None = None
                 ) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the run's processes (the ingest, and Ray's processes and
    workers under it: sampled every half second, since Ray's are not reaped by the ingest), which the
    machine's other jobs inflate less than the wall time."""
    env = os.environ | {"RASAD_DATABASE_URL": f"sqlite:///{log}",
                        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
                        } | (extra_env or {})
    started = time.perf_counter()
    run = subprocess.Popen([sys.executable, "-m", "rasad", "ingest", *options, str(corpus)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    cpu: dict[int, float] = {}
    stderr: list[str] = []
    reader = threading.Thread(target=lambda: stderr.append(run.stderr.read()), daemon=True)
    reader.start()
    while run.poll() is None:
        for pid in [run.pid, *descendants(run.pid)]:
            try:
                cpu[pid] = process_cpu(pid)
            except (OSError, ValueError, IndexError):
                pass  # ended between the listing and the reading
        time.sleep(0.5)
    elapsed = time.perf_counter() - started
    reader.join()
    if run.returncode:
        raise SystemExit(f"rasad ingest {' '.join(options)} failed:\n{''.join(stderr)[-2000:]}")
    return elapsed, sum(cpu.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="articles")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", default="plain,ray-1,ray-2", help=f"comma-separated, of {', '.join(RUNS)}")
    args = parser.parse_args()
    runs = args.runs.split(",")
    if unknown := [r for r in runs if r not in RUNS]:
        raise SystemExit(f"unknown runs: {', '.join(unknown)} (known: {', '.join(RUNS)})")
    if not args.corpus.is_dir():
        raise SystemExit(f"{args.corpus} is not a folder (give --corpus)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        words = copy_corpus(args.corpus, args.n, corpus)
        print(f"{args.n} articles, {words:,} words; {os.cpu_count()} CPUs")
        rates = {}
        for name in runs:
            options, extra_env = RUNS[name]
            seconds, cpu = timed_ingest(corpus, Path(tmp) / f"{name}.db", options, extra_env)
            rates[name] = words / seconds
            print(f"{name:8s} {seconds:7.1f} s  {rates[name]:7.0f} words/s   CPU {cpu:6.1f} s, {cpu / seconds:4.2f} cores, "
                  f"{1000 * cpu / words:.3f} CPU ms/word, load {os.getloadavg()[0]:.1f}", flush=True)
        shutil.rmtree(corpus)
    for a, b, bar in (("ray-1", "plain", 0.85), ("ray-2", "ray-1", 1.6), ("ray-2", "ray-1x1", None),
                      ("ray-1x1", "plain", None), ("plain", "plain-1t", None)):
        if a in rates and b in rates:
            print(f"{a} / {b}: {rates[a] / rates[b]:.2f}" + (f" (bar: >= {bar})" if bar else ""))


if __name__ == "__main__":
    main()
