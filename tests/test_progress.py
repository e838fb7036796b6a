"""The run's progress bar: reports done, words/s and failures; each failure printed with its reason as
it happens while the run goes on. A real intake (no analysis) over files, one of them unreadable."""

from __future__ import annotations

import io

from rich.console import Console

from rasad.cli.progress import IntakeBar
from rasad.log.intake import Intake, IntakeSummary
from rasad.store import open_store


def test_the_bar_lists_failures_as_they_happen_and_the_run_goes_on(tmp_path):
    for i in range(5):
        (tmp_path / f"r{i}.txt").write_text(f"Report number {i} about a strike in Abadan.\n", encoding="utf-8")
    (tmp_path / "r2.txt").write_text("   \n", encoding="utf-8")  # nothing to read: fails, the others go on
    out = io.StringIO()
    console = Console(file=out, width=200, force_terminal=False)
    seen: list[tuple[str, int, int]] = []
    bar = IntakeBar(console=console)

    def progress(event):
        seen.append((event.stage, event.done, event.summary.failed))
        bar(event)

    with bar, open_store(f"sqlite:///{tmp_path / 'log.db'}") as store:
        summary = Intake(store, analyse=False, batch_size=2, progress=progress).take(
            sorted(str(p) for p in tmp_path.glob("r*.txt")))
    assert (summary.added, summary.failed) == (4, 1)
    text = out.getvalue()
    assert text.count("failed ") >= 1 and "r2.txt: input holds only whitespace" in text
    assert text.count("r2.txt: input holds only whitespace") == 1  # printed once
    # The failure (in the second batch) was shown while batches were still to come.
    failed_at = next(i for i, (stage, _, failed) in enumerate(seen) if failed)
    assert any(stage == "stored" for stage, _, _ in seen[failed_at + 1 :])
    assert "4 added, 1 failed" in text and "words/s" in text


def test_words_per_second_counts_the_analysed_words():
    out = io.StringIO()
    bar = IntakeBar(console=Console(file=out, width=200, force_terminal=False))
    from rasad.log.intake import IntakeEvent

    summary = IntakeSummary()
    bar(IntakeEvent("started", 0, 10, summary))
    bar._started -= 2.0  # two seconds ago
    summary.words, summary.added = 2000, 3
    bar(IntakeEvent("done", 3, 10, summary))
    import re

    rate = re.search(r"3 added, 0 failed, ([\d,]+) words/s", " ".join(out.getvalue().split()))
    assert rate and 900 <= int(rate.group(1).replace(",", "")) <= 1000
