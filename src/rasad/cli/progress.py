"""The intake's progress as a rich progress bar on stderr (``rasad ingest``, ``rasad load``, the demo):
reports done, words analysed per second, failures; each failure is printed above the bar with its
reason as it happens, and the run goes on."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from rasad.cli.common import printable
from rasad.log.intake import IntakeEvent


class IntakeBar:
    """A progress callback for :class:`rasad.log.intake.Intake`: one bar per run, from ``started`` to
    ``done``. Use it in a ``with`` block, so the bar is taken down even when a run stops with an error."""

    def __init__(self, label: str = "ingest", console: Console | None = None) -> None:
        self.label = label
        self.console = console or Console(stderr=True)
        self._bar: Progress | None = None
        self._task = None
        self._started = 0.0
        self._shown = 0  # failures printed so far

    def __enter__(self) -> IntakeBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def __call__(self, event: IntakeEvent) -> None:
        if event.stage == "started":
            self._stop()
            self._bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 TextColumn("{task.fields[note]}"), console=self.console)
            self._task = self._bar.add_task(self.label, total=event.total, note="")
            self._started = time.monotonic()
            self._shown = 0
            self._bar.start()
            return
        if self._bar is None:
            return
        summary = event.summary
        for source, message in summary.errors[self._shown:]:  # as they happen, above the bar
            self._bar.console.print(f"[red]failed[/] {printable(source)}: {printable(message)}", highlight=False)
        self._shown = len(summary.errors)
        if event.stage == "merging":
            note = "merging"
        else:
            rate = summary.words / max(time.monotonic() - self._started, 1e-6)
            note = f"{summary.added} added, {summary.failed} failed, {rate:,.0f} words/s"
        self._bar.update(self._task, completed=event.done, note=note)
        if event.stage == "done":
            self._stop()

    def _stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
