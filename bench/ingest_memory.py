"""Memory during ingest stays flat: ingest N and then 4N generated reports, each in a fresh process, and
print the peak RSS (resource.getrusage) of both next to the peak before ingest started (imports, schema,
and the spaCy pipeline when analysing) measured in the same process.

    python bench/ingest_memory.py --n 500               # with analysis
    python bench/ingest_memory.py --n 2000 --no-analyse # storage only
    python bench/ingest_memory.py --n 100 --engine ray --workers 2 --window 50

With ``--engine ray`` the driver's peak RSS is measured (the process that reads, hashes and stores; the
analysis runs in Ray's worker processes, started and stopped by the run): "before" is after the log is
opened and Ray imported, before Ray starts. ``--window`` sets how many reports the driver holds at once
(default 5,000: use a smaller one to see flat memory on a small corpus).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

CITIES = ["Tehran", "Zahedan", "Mashhad", "Isfahan", "Sanandaj", "Rasht", "Tabriz", "Shiraz", "Ahvaz", "Karaj"]


def write_reports(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for i in range(n):
        city = rng.choice(CITIES)
        paragraphs = [
            f"Report {i}. Protesters gathered in {city} on {rng.randint(1, 28)} September 2022, witnesses said. "
            f"Security forces arrested {rng.randint(2, 90)} people, according to a rights group. "
            f"\"We will not be silent,\" one student told reporters."
            for _ in range(rng.randint(3, 8))
        ]
        (folder / f"report-{i:06d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child(folder: str, url: str, analyse: bool, engine: str = "local", workers: int = 2, window: int = 0) -> None:
    from rasad.store import open_store
    from rasad.log.intake import ingest

    store = open_store(url)
    if engine == "ray":
        import ray  # noqa: F401 - imported before "before", as a plain run imports the pipeline

        from rasad.log import distributed

        if window:
            distributed.WINDOW_REPORTS = window
        before = peak_rss_mb()
        t0 = time.perf_counter()
        summary = distributed.ingest_on_ray(store, [folder], workers=workers)
        seconds = time.perf_counter() - t0
        print(json.dumps({"before_mb": round(before, 1), "peak_mb": round(peak_rss_mb(), 1),
                          "seconds": round(seconds, 1), "added": summary.added, "analysed": summary.analysed,
                          "failed": summary.failed}))
        return
    nlp = None
    if analyse:
        from rasad.analysis.pipeline import load_nlp

        nlp = load_nlp()
    before = peak_rss_mb()
    t0 = time.perf_counter()
    summary = ingest(store, [folder], analyse=analyse, batch_size=32, nlp=nlp)
    seconds = time.perf_counter() - t0
    print(json.dumps({"before_mb": round(before, 1), "peak_mb": round(peak_rss_mb(), 1), "seconds": round(seconds, 1),
                      "added": summary.added, "analysed": summary.analysed, "failed": summary.failed}))


def run(n: int, analyse: bool, tmp: Path, ray_options: list[str] = ()) -> dict:
    folder = tmp / f"reports-{n}"
    write_reports(folder, n, seed=n)
    url = f"sqlite:///{tmp / f'log-{n}.db'}"
    cmd = [sys.executable, __file__, "--child", str(folder), url] + ([] if analyse else ["--no-analyse"]) + list(ray_options)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--no-analyse", dest="analyse", action="store_false")
    parser.add_argument("--engine", choices=("local", "ray"), default="local")
    parser.add_argument("--workers", type=int, default=2, help="--engine ray: analysis actors")
    parser.add_argument("--window", type=int, default=0, help="--engine ray: reports the driver holds at once")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine == "ray" and not args.analyse:
        parser.error("--engine ray analyses: drop --no-analyse")
    if args.child:
        child(args.child[0], args.child[1], args.analyse, args.engine, args.workers, args.window)
        return
    ray_options = ["--engine", "ray", "--workers", str(args.workers), "--window", str(args.window)] \
        if args.engine == "ray" else []
    with tempfile.TemporaryDirectory() as tmp:
        small = run(args.n, args.analyse, Path(tmp), ray_options)
        large = run(4 * args.n, args.analyse, Path(tmp), ray_options)
    print(f"{'reports':>8} {'RSS before ingest MB':>21} {'peak RSS MB':>12} {'growth MB':>10} {'seconds':>8}")
    for n, r in ((args.n, small), (4 * args.n, large)):
        print(f"{n:8d} {r['before_mb']:21.1f} {r['peak_mb']:12.1f} {r['peak_mb'] - r['before_mb']:10.1f} {r['seconds']:8.1f}")
    print(f"# peak RSS 4N / N = {large['peak_mb'] / small['peak_mb']:.2f} (flat memory: about 1.0); "
          f"analysis {'on' if args.analyse else 'off'}; engine {args.engine}"
          + (f" (driver process; {args.workers} workers, window {args.window or 'default'})" if args.engine == "ray" else ""))
    print(json.dumps({"n": args.n, "small": small, "large": large}))


if __name__ == "__main__":
    main()
