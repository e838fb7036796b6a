"""Memory of one long report: analyse a report of S characters and one of 10·S (made by repeating the seed
report), each in a fresh process, and print the peak RSS of each next to the RSS with the pipeline loaded
and nothing analysed (the baseline, measured in the same process). A report is analysed up to
RASAD_MAX_ANALYSIS_CHARS (1,000,000) in chunks of 100,000 characters; the pipeline drops each chunk's
spaCy Doc once its records are copied and parses at most 200,000 characters at a time, so the memory
above the baseline should grow far less than the text.

    python bench/long_report_memory.py            # S = 100,000: 100 k and 1 M characters (about 5 minutes)
    python bench/long_report_memory.py --size 20000
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHILD = r"""
import json, resource, sys, time
from rasad.analysis.pipeline import analyze, load_nlp
from rasad.records import Report
size = int(sys.argv[1])
seed = open(sys.argv[2], encoding="utf-8").read() + "\n\n"
text = (seed * (size // len(seed) + 1))[:size]
nlp = load_nlp()
analyze(Report(id="warm", sha256="warm", text=seed), nlp=nlp)  # every model loaded, nothing long analysed
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
analysis = analyze(Report(id="long", sha256="long", text=text), nlp=nlp)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"chars": size, "base_mb": base / 1024, "peak_mb": peak / 1024, "seconds": seconds,
                  "sentences": len(analysis.sentences), "framing": len(analysis.framing)}))
"""


def measure(size: int) -> dict:
    seed = ROOT / "samples" / "reports" / "khamenei-nowruz.txt"
    out = subprocess.run([sys.executable, "-c", CHILD, str(size), str(seed)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="the short report's length in characters")
    args = parser.parse_args()
    rows = [measure(args.size), measure(10 * args.size)]
    for r in rows:
        print(f"{r['chars']:>9,} chars: baseline {r['base_mb']:7.0f} MB  peak {r['peak_mb']:7.0f} MB  "
              f"above baseline {r['peak_mb'] - r['base_mb']:6.0f} MB  ({r['seconds']:.0f} s, "
              f"{r['sentences']} sentences, {r['framing']} framing spans)")
    short, long = (r["peak_mb"] - r["base_mb"] for r in rows)
    print(f"ratio of memory above baseline, 10x text / 1x text: {long / max(short, 1):.2f}  (linear growth: 10)")


if __name__ == "__main__":
    main()
