"""Report text cut into segments for highlighting: every point where a span starts or ends is a cut,
and each segment knows which spans (framing, quotes, speakers, incident evidence) cover it.

The template prints each segment's text with autoescaping and its labels as CSS classes and a title
(tooltip); nothing from the report is ever turned into markup. Spans may overlap freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasad.records import Analysis
from rasad.web.filters import css_token


@dataclass
class Mark:
    start: int
    end: int
    layer: str  # framing | quote | speaker | evidence
    label: str  # technique, "quote by X", ...
    tip: str  # tooltip text


@dataclass
class Segment:
    text: str
    start: int
    classes: list[str] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.classes)

    @property
    def css(self) -> str:
        return " ".join(["seg", *self.classes])

    @property
    def title(self) -> str:
        return "\n".join(self.tips)


def _evidence_spans(incident: dict[str, Any]) -> list[tuple[int, int]]:
    """Incident evidence as (start, end): the extractor's dict may carry ``evidence`` as a list of
    spans or offsets, or top-level start/end."""
    spans: list[tuple[int, int]] = []
    evidence = incident.get("evidence")
    if isinstance(evidence, dict):
        evidence = [evidence]
    for item in evidence or []:
        if isinstance(item, dict) and isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            spans.append((item["start"], item["end"]))
        elif isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, int) for x in item):
            spans.append((item[0], item[1]))
    if not spans and isinstance(incident.get("start"), int) and isinstance(incident.get("end"), int):
        spans.append((incident["start"], incident["end"]))
    return spans


def marks_for(analysis: Analysis) -> list[Mark]:
    marks: list[Mark] = []
    for span in analysis.framing:
        name = span.technique.replace("_", " ")
        marks.append(Mark(span.start, span.end, "framing", "t-" + css_token(span.technique),
                          f"{name} ({span.score:.2f}): {span.reason}"))
    for quote in analysis.quotes:
        who = quote.speaker or "unknown speaker"
        cue = f", cue “{quote.cue}”" if quote.cue else ""
        tip = f"{quote.kind} quote by {who}{cue}"
        pieces = [(f.start, f.end) for f in getattr(quote, "fragments", None) or []] or [(quote.start, quote.end)]
        for start, end in pieces:
            marks.append(Mark(start, end, "quote", "quote", tip))
        if quote.speaker_start is not None and quote.speaker_end is not None:
            marks.append(Mark(quote.speaker_start, quote.speaker_end, "speaker", "speaker", f"speaker: {who}"))
    for n, incident in enumerate(analysis.incidents):
        kind = incident.get("event_type") or incident.get("type") or "incident"
        sub = incident.get("sub_type") or incident.get("sub_event_type")
        label = f"{kind} / {sub}" if sub else str(kind)
        for start, end in _evidence_spans(incident):
            marks.append(Mark(start, end, "evidence", "evidence", f"incident evidence #{n + 1}: {label}"))
        for victim in incident.get("victims") or []:
            if isinstance(victim, dict) and isinstance(victim.get("start"), int) and isinstance(victim.get("end"), int):
                fate = f" ({victim['fate']})" if victim.get("fate") else ""
                marks.append(Mark(victim["start"], victim["end"], "evidence", "victim",
                                  f"victim of incident #{n + 1}: {victim.get('name') or '?'}{fate}"))
    return marks


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    n = len(text)
    valid = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in valid), *(m.end for m in valid)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in valid if m.start <= a and b <= m.end]
        classes: list[str] = []
        tips: list[str] = []
        for m in covering:
            for cls in (m.layer, m.label):
                if cls not in classes:
                    classes.append(cls)
            if m.tip not in tips:
                tips.append(m.tip)
        out.append(Segment(text[a:b], a, classes, tips))
    return out


def report_segments(analysis: Analysis) -> list[Segment]:
    return segments(analysis.report.text, marks_for(analysis))
