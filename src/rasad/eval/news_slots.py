"""``rasad eval news-slots GOLD.jsonl [--out PRED.jsonl]``: incident slots in wire-style news paragraphs.

Reads only each record's ``id``, ``text``, ``published`` (the publication date, the anchor of "on Wednesday",
"last week") and ``lang`` (default ``en``) - never a gold field. Each paragraph is analysed as a report of
that language published on that day (a language the pipeline does not analyse yet gives no incidents), the
incidents are written as ``rasad analyze --json`` gives them, one line per case (``{"id", "incidents"}``), and
the scorer (../shared/eval/news-slots/score.py, run as is) prints the last line
``NEWS_SLOT_ACC=... NEWS_CASES_OK=...``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from rasad.config import SHARED_DIR

DEFAULT_GOLD = SHARED_DIR / "eval" / "news-slots" / "dev.jsonl"
SCORER = SHARED_DIR / "eval" / "news-slots" / "score.py"


def _published(value) -> str | None:
    """The publication date as an ISO day, or None when it is missing or not a date."""
    try:
        return dt.date.fromisoformat(str(value or "")[:10]).isoformat()
    except ValueError:
        return None


def read_cases(gold: Path) -> list[tuple[str, str, str | None, str]]:
    """(id, text, published, lang) of each case: the inputs only, never the gold fields."""
    rows = []
    with open(gold, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue  # a malformed line: the scorer counts the case as missing
            if not isinstance(rec, dict) or "id" not in rec:
                continue
            lang = str(rec.get("lang") or "en").lower()
            rows.append((str(rec["id"]), str(rec.get("text") or ""), _published(rec.get("published")), lang))
    return rows


def predictions(gold: Path) -> list[dict]:
    from rasad.analysis.deadline import analyses_bounded
    from rasad.analysis.pipeline import load_nlp
    from rasad.ingest.language import SUPPORTED
    from rasad.records import Report

    rows = read_cases(gold)
    reports = []
    for rid, text, published, lang in rows:
        digest = hashlib.sha256(f"{published}\n{text}".encode()).hexdigest()
        reports.append(Report(id=digest, sha256=digest, text=text, language=lang, published_at=published,
                              language_supported=lang in SUPPORTED))
    # framing (propaganda techniques) plays no part in incident extraction: left out to save time
    nlp = load_nlp(exclude=("rasad_framing",))
    out = []
    for (rid, *_), analysis in zip(rows, analyses_bounded(reports, nlp), strict=True):
        out.append({"id": rid, "incidents": [dict(i) for i in analysis.incidents or []]})
    return out


def run(gold: Path | None, out: Path | None) -> str:
    gold = Path(gold) if gold else DEFAULT_GOLD
    if not gold.exists():
        return f"gold file {gold} not found"
    preds = predictions(gold)
    out = Path(out) if out else Path("news-slots-pred.jsonl")
    out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(out)], capture_output=True, text=True,
                            check=False)
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    return lines[-1] if lines else (result.stderr.strip() or "scorer printed nothing")
