"""``rasad eval quotes [GOLD_DIR] [--out PRED]``: attribution relations on PolNeAR.

Reads only the ``{doc}.txt`` texts of GOLD_DIR (default ../shared/eval/quotes/dev), runs the
pipeline, writes one prediction line per article in the scorer's format (source = the speaker
*mention* span, cue span, content fragments with the quotation marks of direct quotes) and runs
``score.py`` from ../shared/eval/quotes as it is. Returns the scorer's last line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from rasad.config import SHARED_DIR

DEFAULT_GOLD = SHARED_DIR / "eval" / "quotes" / "dev"
SCORER = SHARED_DIR / "eval" / "quotes" / "score.py"
# Components that do not change attribution: left out to save time.
EXCLUDE = ("rasad_when", "rasad_where", "rasad_claims", "rasad_framing", "rasad_incidents")


def predict(texts: dict[str, str]) -> list[dict]:
    """One prediction record per article name, in the scorer's format."""
    from rasad.analysis.pipeline import load_nlp

    nlp = load_nlp(exclude=EXCLUDE)
    names = list(texts)
    out = []
    for name, doc in zip(names, nlp.pipe((texts[n] for n in names), batch_size=16)):
        quotes = [
            {
                "source": list(a.source) if a.source else None,
                "cue": list(a.cue) if a.cue else None,
                "content": [list(f) for f in a.content],
            }
            for a in doc._.attributions or []
        ]
        out.append({"doc": name, "quotes": quotes})
    return out


def run(gold: Path | None, out: Path | None) -> str:
    folder = Path(gold) if gold else DEFAULT_GOLD
    if folder.is_file():  # a gold.jsonl given directly: its texts sit beside it
        folder = folder.parent
    gold_file = folder / "gold.jsonl"
    if not gold_file.exists():
        raise FileNotFoundError(f"{gold_file} not found (PolNeAR data lives in ../shared/eval/quotes)")
    texts = {}
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as f:
            texts[path.stem] = f.read()
    preds = predict(texts)
    if out is None:
        out = Path(tempfile.mkdtemp(prefix="rasad-quotes-")) / "predictions.jsonl"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for rec in preds:
            f.write(json.dumps(rec) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), str(gold_file), str(out), "--texts", str(folder)],
                         capture_output=True, text=True, check=False)
    lines = [line for line in res.stdout.splitlines() if line.strip()]
    if res.returncode != 0 or not lines:
        raise RuntimeError(f"scorer failed ({res.returncode}): {res.stderr.strip()[-500:]}")
    return lines[-1]
