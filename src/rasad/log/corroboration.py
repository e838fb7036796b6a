"""Corroboration and conflicting figures: pure functions over an incident's accounts.

- Corroboration counts independent source **groups**, not reports: ten outlets of one state
  broadcaster, or ten rows of one registry, are one voice (``sources.independence_group``,
  the registry of part 3).
- Figures (killed, injured, arrested, ...) are kept side by side, each with the source that gave
  it; nothing is averaged or overwritten.
- The conservative figure is derived by ACLED's rule: when credible reports conflict, the lowest
  reported figure. "Credible" leaves out sources an analyst rated E (unreliable) and accounts
  that give no number; the low end of a range counts ("dozens" is at least 24).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

COUNT_KINDS = ("killed", "injured", "arrested", "missing", "executed", "participants")
NOT_CREDIBLE = frozenset({"E"})  # Admiralty scale: E = unreliable


@dataclass
class Account:
    """One incident report as corroboration sees it: who said it and what figures it gave."""

    incident_report_id: int
    source_id: str | None
    source_name: str | None
    group: str  # the independence group (falls back to the publisher, then the report)
    reliability: str | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    report_id: str | None = None
    source_key: str | None = None


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def group_for(source_group: str | None, source_id: str | None, publisher: str | None, fallback: str) -> str:
    """The independence group of an account: the registry's group; for a source not in the
    registry, its own publisher name (an unknown outlet is its own voice); else the report."""
    if source_group:
        return source_group
    if source_id:
        return f"source:{source_id}"
    if publisher and _slug(publisher):
        return f"publisher:{_slug(publisher)}"
    return f"unattributed:{fallback}"


def independent_groups(accounts: list[Account]) -> list[str]:
    return sorted({a.group for a in accounts})


def count_range(value: Any) -> tuple[int, int] | None:
    """3, "3", "2-5", {"low":..,"high":..}, {"min":..,"max":..}, {"value":..}, [2, 5] -> (low, high)."""
    from rasad.log.merge import _count_range

    return _count_range(value)


def figures(accounts: list[Account]) -> dict[str, list[dict[str, Any]]]:
    """Every figure each account gave, per kind, side by side with its source."""
    out: dict[str, list[dict[str, Any]]] = {}
    for a in accounts:
        for kind, raw in (a.counts or {}).items():
            rng = count_range(raw)
            if rng is None:
                continue
            words = raw.get("text") or raw.get("words") if isinstance(raw, dict) else None
            out.setdefault(kind, []).append(
                {
                    "low": rng[0],
                    "high": rng[1],
                    "words": words,
                    "source": a.source_name or a.source_id or a.source_key or a.report_id,
                    "source_id": a.source_id,
                    "group": a.group,
                    "reliability": a.reliability,
                    "incident_report_id": a.incident_report_id,
                }
            )
    for entries in out.values():
        entries.sort(key=lambda e: (e["low"], e["high"], str(e["source"])))
    return out


def conflicting(entries: list[dict[str, Any]]) -> bool:
    """Figures conflict when their ranges do not all overlap."""
    if len(entries) < 2:
        return False
    return max(e["low"] for e in entries) > min(e["high"] for e in entries)


def conservative_figure(entries: list[dict[str, Any]]) -> int | None:
    """ACLED's rule: the lowest figure among credible reports (never a figure typed over them)."""
    credible = [e for e in entries if (e.get("reliability") or "").upper() not in NOT_CREDIBLE]
    if not credible:
        return None
    return min(e["low"] for e in credible)


def summarise(accounts: list[Account]) -> dict[str, Any]:
    """What an incident shows: groups, figures side by side, conflicts, the conservative figures."""
    figs = figures(accounts)
    return {
        "corroboration": len(independent_groups(accounts)),
        "source_groups": independent_groups(accounts),
        "figures": figs,
        "conflicts": sorted(k for k, v in figs.items() if conflicting(v)),
        "conservative": {k: conservative_figure(v) for k, v in figs.items()},
    }
