"""The intake's progress as a rich progress bar on stderr (``rasad ingest``, the demo)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from rasad.log.intake import IntakeEvent


class IntakeBar:
    """A progress callback for :class:`rasad.log.intake.Intake`: one bar per run, from ``started`` to
    ``done``. Use it in a ``with`` block, so the bar is taken down even when a run stops with an error."""

    def __init__(self, label: str = "ingest") -> None:
        self.label = label
        self._bar: Progress | None = None
        self._task = None

    def __enter__(self) -> IntakeBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def __call__(self, event: IntakeEvent) -> None:
        if event.stage == "started":
            self._stop()
            self._bar = Progress(TextColumn(self.label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 TextColumn("{task.fields[note]}"), console=Console(stderr=True))
            self._task = self._bar.add_task(self.label, total=event.total, note="")
            self._bar.start()
            return
        if self._bar is None:
            return
        summary = event.summary
        note = "merging" if event.stage == "merging" else f"{summary.added} added, {summary.failed} failed"
        self._bar.update(self._task, completed=event.done, note=note)
        if event.stage == "done":
            self._stop()

    def _stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
