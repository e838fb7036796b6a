"""``rasad eval merge``: story-to-registry links on the Javidnam victims data.

The dev stories (../shared/eval/victims/dev.jsonl) go in as reports — only their ``text`` enters
the pipeline — and the Javidnam registry (../shared/corpus/javidnam/javidnam.csv) as imported
incident reports, all into a fresh temporary log; then the log merges them as it would any batch.
A predicted link is (story, registry row) when the story's incident report ends in the same
incident as the row. The story's ``id`` field is read only here, for scoring: a link is correct
when the row id equals it. Prints pairwise precision / recall / F1; the last line is
``MERGE_P=<p> MERGE_R=<r> MERGE_F1=<f>``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select

from rasad.config import SHARED_DIR
from rasad.records import Report

DEFAULT_GOLD = SHARED_DIR / "eval" / "victims" / "dev.jsonl"
DEFAULT_REGISTRY = SHARED_DIR / "corpus" / "javidnam" / "javidnam.csv"


def story_report(text: str) -> Report:
    raw = text.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    return Report(id=digest, sha256=digest, source="eval:victims", text=text, original=raw, language="en")


def predicted_links(store: Any, report_ids: list[str]) -> dict[str, set[str]]:
    """report id -> the registry row ids (``javidnam:<id>`` keys) in the incidents its accounts joined."""
    from rasad.store.schema import IncidentLink, IncidentReportRow

    out: dict[str, set[str]] = {r: set() for r in report_ids}
    with store.read_session() as s:
        story = (
            select(IncidentReportRow.report_id, IncidentLink.incident_id)
            .join(IncidentLink, and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
            .where(IncidentReportRow.report_id.is_not(None))
        )
        incidents: dict[int, set[str]] = {}
        for rid, inc in s.execute(story):
            incidents.setdefault(inc, set()).add(rid)
        rows = s.execute(
            select(IncidentLink.incident_id, IncidentReportRow.source_key)
            .join(IncidentReportRow, IncidentReportRow.id == IncidentLink.incident_report_id)
            .where(IncidentLink.active, IncidentReportRow.source_key.like("javidnam:%"),
                   IncidentLink.incident_id.in_(list(incidents) or [-1]))
        )
        for inc, key in rows:
            for rid in incidents.get(inc, ()):
                if rid in out:
                    out[rid].add(key.split(":", 1)[1])
    return out


def score(gold_ids: list[str], report_ids: list[str], links: dict[str, set[str]]) -> tuple[float, float, float, int, int, int]:
    predicted = sum(len(links.get(r, ())) for r in report_ids)
    correct = sum(1 for g, r in zip(gold_ids, report_ids) if g in links.get(r, ()))
    p = correct / predicted if predicted else 0.0
    r = correct / len(gold_ids) if gold_ids else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, correct, predicted, len(gold_ids)


def run(gold: Path | None = None, out: Path | None = None, registry: Path | None = None) -> str:
    from rasad.analysis.pipeline import load_nlp
    from rasad.log.importers import import_file
    from rasad.log.intake import Intake
    from rasad.log.stories import incident_reports_for
    from rasad.store import open_store

    gold = Path(gold) if gold else DEFAULT_GOLD
    registry = Path(registry) if registry else DEFAULT_REGISTRY
    if not gold.is_file() or not registry.is_file():
        raise SystemExit(f"missing evaluation data: {gold} or {registry} (../shared is not available)")
    texts, gold_ids = [], []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            texts.append(rec["text"])
            gold_ids.append(rec["id"])  # scoring only: never passed to the pipeline or the log
    reports = [story_report(t) for t in texts]
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{Path(tmp) / 'eval-merge.db'}") as store:
        imported = import_file(store, "javidnam", registry, merge=True)
        lines.append(f"registry: {imported.describe()}")
        # Merging needs names, dates, places and incidents: the quote, claim and framing stages are skipped.
        nlp = load_nlp(exclude=("rasad_quotes", "rasad_claims", "rasad_framing"))
        # Each story is one victim's account (log.stories), and goes into the log as any report does.
        taken = Intake(store, nlp=nlp, accounts=incident_reports_for).take(reports)
        lines.append(f"stories: {len(reports)} reports, {taken.incident_reports} incident reports; merge: {taken.merge}")
        report_ids = [r.id for r in reports]
        links = predicted_links(store, report_ids)
    p, r, f, correct, predicted, total = score(gold_ids, report_ids, links)
    if out:
        with Path(out).open("w", encoding="utf-8") as fh:
            for gid, rid in zip(gold_ids, report_ids):
                fh.write(json.dumps({"id": gid, "links": sorted(links.get(rid, ()))}) + "\n")
    unlinked = sum(1 for rid in report_ids if not links.get(rid))
    lines.append(f"links: {predicted} predicted, {correct} correct, {total} gold; stories with no link: {unlinked}")
    lines.append(f"precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}")
    lines.append(f"MERGE_P={p:.4f} MERGE_R={r:.4f} MERGE_F1={f:.4f}")
    return "\n".join(lines)
