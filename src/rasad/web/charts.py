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
    ticks: list[tuple[float, str]]  # x, label (month starts, thinned to stay readable)
    weeks: int
    first: dt.date
    last: dt.date


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
    ticks: list[tuple[float, str]] = []
    previous_month = None
    last_x = -1e9
    for j, week in enumerate(weeks):
        if week.month == previous_month:
            continue
        previous_month = week.month
        x = left + j * step
        new_year = not ticks or week.month == 1
        # Keep labels at least 50 px apart; a year label wins over the month label just before it.
        if ticks and x - last_x < 50:
            if not (new_year and not ticks[-1][1].isdigit()):
                continue
            ticks.pop()
        ticks.append((x, week.strftime("%Y") if new_year else week.strftime("%b")))
        last_x = x
    height = 10 + len(SERIES) * (row_height + gap) + 14
    return Timeline(width, height, rows, ticks, len(weeks), weeks[0], weeks[-1])
