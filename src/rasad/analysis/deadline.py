"""The analysis time budget enforced in this process, for the callers that analyse here: ``rasad eval``
(its pipeline is loaded here, some components left out, and a worker's start would cost seconds and a
second pipeline's memory), a Ray analysis actor, a caller that gives its own pipeline (issue 21, finding 1).

The pipeline's own budget (``analysis_timeout_s``) is checked only between chunks; one hostile chunk runs
past it for as long as it takes. Here a watchdog timer (``setitimer``, ``SIGALRM``) raises
:class:`DeadlineReached` in the analysing thread when no report has finished within the budget: Python
runs a signal handler between two bytecodes, so the analysis stops at the next Python line after the
deadline (a long call into C first returns). As in :mod:`rasad.analysis.worker`: the timer restarts with
each finished report; when one report was left it is the culprit and comes back as a one-line
``analysis:budget`` error; when several were left (spaCy batches them), each is analysed again alone. The
timer is stopped while the caller handles a result, so the caller's own work is never counted.

Signals reach only the main thread: elsewhere (a web request's thread, a threaded actor), or while the
caller's own timer is pending, the analysis keeps the cooperative budget alone, and callers that take
untrusted reports there use the worker process. The
cost when nothing is cut: two ``setitimer`` calls a report (microseconds).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from typing import Any

from rasad.records import Analysis, Report


class DeadlineReached(BaseException):
    """Raised in the analysing thread at the deadline. A BaseException, so that no ``except Exception`` of
    the pipeline (which would blame a report for it, or carry on) catches it."""


def can_bound_here() -> bool:
    """The main thread, on a system with ``setitimer``, and no timer of the caller's pending (one process
    has one real-time timer: ours would replace it)."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


class _Timer:
    def __init__(self) -> None:
        self.armed = False
        self.previous: Any = None

    def _fire(self, _signum: int, _frame: Any) -> None:
        if self.armed:  # a signal that arrives just after disarm() is ignored
            self.armed = False
            raise DeadlineReached

    def __enter__(self) -> _Timer:
        self.previous = signal.signal(signal.SIGALRM, self._fire)
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.disarm()
        signal.signal(signal.SIGALRM, self.previous)

    def arm(self, seconds: float) -> None:
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)

    def disarm(self) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def analyse_each_bounded(reports: list[Report], nlp: Any, timeout_s: float) -> Iterator[tuple[int, Analysis | str]]:
    """:func:`rasad.analysis.worker.analyse_each` held to ``timeout_s`` seconds a report (0: no budget): in
    the main thread by the watchdog timer, elsewhere by the pipeline's cooperative budget alone. (index,
    analysis or one-line error) for every report, each as it is done (not in order after a cut)."""
    from rasad.analysis.worker import SOFT_SHARE, analyse_each, budget_message

    if timeout_s <= 0 or not can_bound_here():
        yield from analyse_each(reports, nlp, timeout_s)
        return
    todo = list(range(len(reports)))
    alone = False  # after a cut with several reports left: each alone, to find the culprit
    with _Timer() as timer:
        while todo:
            batches = [[index] for index in todo] if alone else [todo]
            todo = []
            for batch in batches:
                left = yield from _batch(reports, batch, nlp, timeout_s, timeout_s * SOFT_SHARE, timer)
                if len(left) == 1:
                    yield left[0], budget_message(timeout_s)
                elif left:
                    todo += left
                    alone = True


def _batch(reports: list[Report], batch: list[int], nlp: Any, timeout_s: float, soft_s: float, timer: _Timer):
    """Analyse one batch under the timer; returns the indexes left without a result when it fired."""
    from rasad.analysis.worker import analyse_each

    left = list(batch)
    results = analyse_each([reports[i] for i in batch], nlp, soft_s)
    try:
        while True:
            timer.arm(timeout_s)
            try:
                position, result = next(results)
            except StopIteration:
                return []
            finally:
                timer.disarm()
            left.remove(batch[position])
            yield batch[position], result  # the caller's time, not counted
    except DeadlineReached:
        results.close()
        return left


def analyses_bounded(reports: list[Report], nlp: Any, timeout_s: float | None = None) -> list[Analysis]:
    """The analyses of ``reports`` in order, each held to ``timeout_s`` (default: the ``analysis_timeout_s``
    setting), for the evaluations: a report stopped at its deadline gets an empty analysis flagged
    ``analysis:budget`` (it counts as found nothing); any other failure raises, as ``analyze_many`` did."""
    from rasad.analysis.pipeline import _unanalysed
    from rasad.analysis.worker import BUDGET_FLAG
    from rasad.config import get_settings

    if timeout_s is None:
        timeout_s = get_settings().analysis_timeout_s
    results = dict(analyse_each_bounded(reports, nlp, timeout_s))
    analyses = []
    for index, report in enumerate(reports):
        result = results[index]
        if isinstance(result, str):
            if not result.startswith(BUDGET_FLAG):
                raise RuntimeError(f"report {report.id[:12]}: {result}")
            result = _unanalysed(report)
            result.flags.append(BUDGET_FLAG)
        analyses.append(result)
    return analyses


__all__ = ["DeadlineReached", "analyse_each_bounded", "analyses_bounded", "can_bound_here"]
