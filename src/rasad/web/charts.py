"""A weekly timeline as plain numbers for a server-rendered SVG (no chart library, no script):
three rows of bars sharing one week axis — incidents, people killed, people arrested — each row
scaled to its own maximum, so a small series stays readable next to a large one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SERIES = (("incidents", "Incidents"), ("killed", "Killed"), ("arrested", "Arrested"))


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    week: str


@dataclass
class Row:
    key: str
    label: str
    top: float
    height: float
    maximum: int
    total: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Timeline:
    width: int
    height: int
    rows: list[Row]
    ticks: list[tuple[float, str]]  # x, label (first week of each month shown)
    weeks: int


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_timeline(
    counts: dict[dt.date, dict[str, int]], width: int = 900, row_height: int = 60, max_weeks: int = 156
) -> Timeline | None:
    """``counts`` maps a week's Monday to {"incidents": n, "killed": n, "arrested": n}."""
    if not counts:
        return None
    first, last = min(counts), max(counts)
    first = max(first, last - dt.timedelta(weeks=max_weeks - 1))
    weeks: list[dt.date] = []
    day = first
    while day <= last:
        weeks.append(day)
        day += dt.timedelta(weeks=1)
    left, right, gap = 70, 10, 18
    step = (width - left - right) / max(1, len(weeks))
    rows: list[Row] = []
    for i, (key, label) in enumerate(SERIES):
        top = 10 + i * (row_height + gap)
        values = [counts.get(w, {}).get(key, 0) for w in weeks]
        maximum = max(values) if values else 0
        row = Row(key, label, top, row_height, maximum, sum(values))
        for j, (week, value) in enumerate(zip(weeks, values)):
            h = 0 if maximum == 0 else row_height * value / maximum
            row.bars.append(Bar(left + j * step + 0.5, top + row_height - h, max(1.0, step - 1), h, value, week.isoformat()))
        rows.append(row)
    ticks = []
    previous_month = None
    for j, week in enumerate(weeks):
        if week.month != previous_month:
            previous_month = week.month
            ticks.append((left + j * step, week.strftime("%b %Y") if week.month == 1 or not ticks else week.strftime("%b")))
    height = 10 + len(SERIES) * (row_height + gap) + 14
    return Timeline(width, height, rows, ticks, len(weeks))
