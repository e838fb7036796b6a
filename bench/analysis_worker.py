"""The analysis worker's cost (issue 21, finding 1): the bundled sample texts through a whole ``Intake``
(read, analyse, store in a fresh SQLite log) with the analysis in the worker process, against the same
with the pipeline loaded in the ingesting process (as before the worker; here by setting no time budget,
``RASAD_ANALYSIS_TIMEOUT_S=0``), each run in a fresh process, the two alternated.

    .venv/bin/python bench/analysis_worker.py [--pairs N]

Each run takes the 194 texts twice: "cold" (the pipeline loads: in the worker, or here) and "warm" (the
same texts with changed bytes, the pipeline loaded). Prints each run's wall and CPU seconds (the worker's
CPU time included, read from /proc) and peak memory, then the worker/in-process ratios of the sums.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples" / "reports").glob("*.txt"))]
    with open(ROOT / "samples" / "victims" / "victim-accounts.jsonl", encoding="utf-8") as fh:
        found += [json.loads(line)["text"] for line in fh if line.strip()]
    return found


def one_run(mode: str) -> dict:
    from rasad.ingest import read_bytes
    from rasad.log.intake import Analyser, Intake
    from rasad.store import open_store

    store = open_store(f"sqlite:///{tempfile.mkdtemp()}/log.db")
    analyser = Analyser()  # in-process: no time budget (RASAD_ANALYSIS_TIMEOUT_S=0), so no worker
    intake = Intake(store, analyser=analyser)

    def cpu() -> float:
        total = time.process_time()
        worker = analyser._worker
        if worker is not None and worker.pid:
            fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    out: dict = {"mode": mode}
    all_texts = texts()
    for phase, suffix in (("cold", ""), ("warm", "\n(again)")):
        reports = [read_bytes((t + suffix).encode(), source=f"s{i}.txt") for i, t in enumerate(all_texts)]
        wall, used = time.monotonic(), cpu()
        summary = intake.take(reports)
        out[phase] = round(time.monotonic() - wall, 2)
        out[phase + "_cpu"] = round(cpu() - used, 2)
        assert summary.analysed == len(all_texts), summary.describe()
    out["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    if analyser._worker is not None and analyser._worker.pid:
        status = Path(f"/proc/{analyser._worker.pid}/status").read_text()
        out["worker_rss_mib"] = int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) // 1024
    analyser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--one", choices=("worker", "in-process"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one)))
        return
    runs: list[dict] = []
    for pair in range(args.pairs):
        order = ("in-process", "worker") if pair % 2 == 0 else ("worker", "in-process")
        for mode in order:
            env = os.environ | ({"RASAD_ANALYSIS_TIMEOUT_S": "0"} if mode == "in-process" else {})
            done = subprocess.run([sys.executable, __file__, "--one", mode], capture_output=True, text=True,
                                  check=True, env=env)
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(runs[-1]), flush=True)
    for key in ("cold", "cold_cpu", "warm", "warm_cpu"):
        total = {mode: sum(r[key] for r in runs if r["mode"] == mode) for mode in ("worker", "in-process")}
        print(f"{key}: worker/in-process {total['worker'] / total['in-process']:.2f}")


if __name__ == "__main__":
    main()
