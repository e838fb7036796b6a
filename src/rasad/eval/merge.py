"""``rasad eval merge``: story-to-registry links on the Javidnam victims data.

The dev stories (../shared/eval/victims/dev.jsonl) go in as reports — only their ``text`` enters
the pipeline — and the Javidnam registry (../shared/corpus/javidnam/javidnam.csv) as imported
incident reports, all into a fresh temporary log; then the log merges them as it would any batch.
A predicted link is (story, registry row) when the story's incident report ends in the same
incident as the row. The story's ``id`` field is read only here, for scoring: a link is correct
when the row id equals it. Prints pairwise precision / recall / F1; the last line is
``MERGE_P=<p> MERGE_R=<r> MERGE_F1=<f>``.

Several story files can be given (``rasad eval merge victims/dev.jsonl victims-fa/dev.jsonl``: the
English and the Persian stories, 188 people in both). Then two more kinds of link are scored with the
registry links, all in the same pairwise count: two stories in one incident are a predicted pair,
correct when they share an ``id`` (one person's English and Persian stories), and every pair of
stories sharing an ``id`` is a gold pair. With one file no two stories share an ``id``, so only the
registry links count, as before. Each story's language is detected from its text, as ``rasad ingest``
does (the file's ``lang`` field is not read).
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


def story_report(text: str, detect: bool = False) -> Report:
    """A story as a report. ``detect``: its language from the text, as ``rasad ingest`` reads it (the
    stories of a single English file are taken as English, as they always were: one of them is Persian)."""
    raw = text.encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()
    if not detect:
        return Report(id=digest, sha256=digest, source="eval:victims", text=text, original=raw, language="en")
    from rasad.ingest.language import SUPPORTED, detect_language

    language = detect_language(text).language
    return Report(id=digest, sha256=digest, source="eval:victims", text=text, original=raw, language=language,
                  language_supported=language in SUPPORTED, flags=[] if language in SUPPORTED else [f"language:{language}"])


def story_incidents(store: Any, report_ids: list[str]) -> dict[str, set[int]]:
    """report id -> the incidents its accounts joined."""
    from rasad.store.schema import IncidentLink, IncidentReportRow

    wanted = set(report_ids)
    out: dict[str, set[int]] = {r: set() for r in report_ids}
    with store.read_session() as s:
        rows = s.execute(
            select(IncidentReportRow.report_id, IncidentLink.incident_id)
            .join(IncidentLink, and_(IncidentLink.incident_report_id == IncidentReportRow.id, IncidentLink.active))
            .where(IncidentReportRow.report_id.is_not(None))
        )
        for rid, inc in rows:
            if rid in wanted:
                out[rid].add(inc)
    return out


def story_pairs(gold_ids: list[str], report_ids: list[str], incidents: dict[str, set[int]]) -> tuple[int, int, int]:
    """(predicted, correct, gold) pairs of stories: predicted when two stories joined one incident,
    gold when they share an id. Stories with identical texts are one report and count once."""
    seen: dict[str, str] = {}
    for g, r in zip(gold_ids, report_ids):
        seen.setdefault(r, g)
    items = list(seen.items())
    by_incident: dict[int, set[str]] = {}
    for r, _ in items:
        for inc in incidents.get(r, ()):
            by_incident.setdefault(inc, set()).add(r)
    predicted_pairs: set[tuple[str, str]] = set()
    for members in by_incident.values():
        ordered = sorted(members)
        predicted_pairs |= {(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:]}
    correct = sum(1 for a, b in predicted_pairs if seen[a] == seen[b])
    per_id: dict[str, int] = {}
    for _, g in items:
        per_id[g] = per_id.get(g, 0) + 1
    gold = sum(n * (n - 1) // 2 for n in per_id.values())
    return len(predicted_pairs), correct, gold


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


def score(gold_ids: list[str], report_ids: list[str], links: dict[str, set[str]],
          pairs: tuple[int, int, int] = (0, 0, 0)) -> tuple[float, float, float, int, int, int]:
    """Pairwise precision / recall / F1 over story-registry links plus ``pairs`` (story-story:
    predicted, correct, gold)."""
    predicted = sum(len(links.get(r, ())) for r in report_ids) + pairs[0]
    correct = sum(1 for g, r in zip(gold_ids, report_ids) if g in links.get(r, ())) + pairs[1]
    total = len(gold_ids) + pairs[2]
    p = correct / predicted if predicted else 0.0
    r = correct / total if total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, correct, predicted, total


def _read_stories(path: Path) -> tuple[list[str], list[str]]:
    texts, ids = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            texts.append(rec["text"])
            ids.append(rec["id"])  # scoring only: never passed to the pipeline or the log
    return texts, ids


def run(gold: Path | list[Path] | None = None, out: Path | None = None, registry: Path | None = None) -> str:
    from rasad.analysis.pipeline import load_nlp
    from rasad.log.importers import import_file
    from rasad.log.intake import Intake
    from rasad.log.stories import incident_reports_for
    from rasad.store import open_store

    golds = [Path(g) for g in gold] if isinstance(gold, (list, tuple)) else [Path(gold) if gold else DEFAULT_GOLD]
    golds = golds or [DEFAULT_GOLD]
    registry = Path(registry) if registry else DEFAULT_REGISTRY
    for g in [*golds, registry]:
        if not g.is_file():
            raise SystemExit(f"missing evaluation data: {g} (../shared is not available)")
    texts, gold_ids, files = [], [], []
    for n, g in enumerate(golds):
        t, i = _read_stories(g)
        texts += t
        gold_ids += i
        files += [n] * len(t)
    several = len(golds) > 1
    reports = [story_report(t, detect=several) for t in texts]
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, open_store(f"sqlite:///{Path(tmp) / 'eval-merge.db'}") as store:
        imported = import_file(store, "javidnam", registry, merge=True)
        lines.append(f"registry: {imported.describe()}")
        # Merging needs names, dates, places and incidents: the quote, claim and framing stages are skipped.
        nlp = load_nlp(exclude=("rasad_quotes", "rasad_claims", "rasad_framing"))
        # Each story is one victim's account (log.stories), and goes into the log as any report does.
        taken = Intake(store, nlp=nlp, accounts=incident_reports_for).take(reports)
        if several:
            langs: dict[str, int] = {}
            for rep in reports:
                key = f"{rep.language}{'' if rep.language_supported else ' (not analysed)'}"
                langs[key] = langs.get(key, 0) + 1
            lines.append(f"files: {len(golds)}; languages: " + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
        lines.append(f"stories: {len(reports)} reports, {taken.incident_reports} incident reports; merge: {taken.merge}")
        report_ids = [r.id for r in reports]
        links = predicted_links(store, report_ids)
        incidents = story_incidents(store, report_ids) if several else {}
    pairs = story_pairs(gold_ids, report_ids, incidents) if several else (0, 0, 0)
    p, r, f, correct, predicted, total = score(gold_ids, report_ids, links, pairs)
    if out:
        with Path(out).open("w", encoding="utf-8") as fh:
            for gid, rid, n in zip(gold_ids, report_ids, files):
                row: dict[str, Any] = {"id": gid, "links": sorted(links.get(rid, ()))}
                if several:
                    row |= {"file": str(golds[n]), "incidents": sorted(incidents.get(rid, ()))}
                fh.write(json.dumps(row) + "\n")
    unlinked = sum(1 for rid in report_ids if not links.get(rid))
    if several:
        lines.append(f"registry links: {predicted - pairs[0]} predicted, {correct - pairs[1]} correct, {len(gold_ids)} gold; "
                     f"story-story links: {pairs[0]} predicted, {pairs[1]} correct, {pairs[2]} gold")
        lines.append(f"stories with no registry link: {unlinked} (per file: " + ", ".join(
            f"{golds[n].parent.name}/{golds[n].name} {sum(1 for rid, k in zip(report_ids, files) if k == n and not links.get(rid))}"
            for n in range(len(golds))) + ")")
    else:
        lines.append(f"links: {predicted} predicted, {correct} correct, {total} gold; stories with no link: {unlinked}")
    lines.append(f"precision {p:.4f}  recall {r:.4f}  F1 {f:.4f}")
    lines.append(f"MERGE_P={p:.4f} MERGE_R={r:.4f} MERGE_F1={f:.4f}")
    return "\n".join(lines)
