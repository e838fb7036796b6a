"""The analysis time budget enforced in this process, for the callers that analyse here: ``rasad eval``
(its pipeline is loaded here, some components left out, and a worker's start would cost seconds and a
second pipeline's memory), a Ray analysis actor, a caller that gives its own pipeline (issue 21, finding 1).

The pipeline's own budget (``analysis_timeout_s``) is checked only between chunks; one hostile chunk runs
past it for as long as it takes. Here a watchdog thread raises :class:`DeadlineReached` in the analysing
thread when no report has finished within the budget (``PyThreadState_SetAsyncExc``: CPython raises it in
that thread at its next check between bytecodes, as it runs a signal handler, so the analysis stops at the
next Python line after the deadline; a long call into C first returns). Not a ``SIGALRM`` timer: signals
reach only the main thread, and Ray Data calls an actor in another one (checked: Ray 2.x, ``map_batches``
with an actor class). As in :mod:`rasad.analysis.worker`: the watchdog restarts with each finished report;
when one report was left it is the culprit and comes back as a one-line ``analysis:budget`` error; when
several were left (spaCy batches them), each is analysed again alone. It is stopped while the caller
handles a result, so the caller's own work is never counted, and an exception it raised that the
analysing thread has not yet met is withdrawn when the report finished first.

The cost when nothing is cut: a lock and a condition's notify twice a report (microseconds), one idle
thread per call.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Iterator
from typing import Any

from rasad.records import Analysis, Report


# Seconds between repeats of the raise until the analysing thread stops (see _Watchdog._watch).
REPEAT_S = 0.2


class DeadlineReached(BaseException):
    """Raised in the analysing thread at the deadline. A BaseException, so that no ``except Exception`` of
    the pipeline (which would blame a report for it, or carry on) catches it."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> int:
    """Make ``thread_id`` raise ``exc`` at its next check (None: withdraw one not yet raised)."""
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                      ctypes.py_object(exc) if exc is not None else None)


class _Watchdog:
    """Raises DeadlineReached in the thread that made it when armed for longer than its seconds, and again
    every REPEAT_S until disarmed."""

    def __init__(self) -> None:
        self.target = threading.get_ident()
        self._deadline: float | None = None
        self._fired = False
        self._closed = False
        self._lock = threading.Condition()
        self._thread = threading.Thread(target=self._watch, name="rasad-analysis-deadline", daemon=True)

    def _watch(self) -> None:
        with self._lock:
            while not self._closed:
                if self._deadline is None:
                    self._lock.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._lock.wait(left)
                    continue
                # Raised again every REPEAT_S until the caller disarms: CPython drops an exception that lands
                # while the thread runs a gc callback, a __del__ or a weakref callback ("Exception ignored
                # in ..."; seen with Hypothesis's gc callback installed), and the analysis would run on.
                self._deadline = time.monotonic() + REPEAT_S
                self._fired = True
                _raise_in(self.target, DeadlineReached)

    def __enter__(self) -> _Watchdog:
        self._thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.disarm()
        with self._lock:
            self._closed = True
            self._lock.notify()
        self._thread.join()

    def arm(self, seconds: float) -> None:
        with self._lock:
            self._deadline = time.monotonic() + seconds
            self._fired = False
            self._lock.notify()

    def disarm(self) -> None:
        with self._lock:
            self._deadline = None
            if self._fired:  # raised, or still to be raised: withdrawn if not yet met
                self._fired = False
                _raise_in(self.target, None)


def analyse_each_bounded(reports: list[Report], nlp: Any, timeout_s: float) -> Iterator[tuple[int, Analysis | str]]:
    """:func:`rasad.analysis.worker.analyse_each` held to ``timeout_s`` seconds a report (0: no budget) by
    the watchdog. (index, analysis or one-line error) for every report, each as it is done (not in order
    after a cut)."""
    from rasad.analysis.worker import SOFT_SHARE, analyse_each, budget_message

    if timeout_s <= 0:
        yield from analyse_each(reports, nlp, timeout_s)
        return
    todo = list(range(len(reports)))
    alone = False  # after a cut with several reports left: each alone, to find the culprit
    with _Watchdog() as timer:
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


def _batch(reports: list[Report], batch: list[int], nlp: Any, timeout_s: float, soft_s: float, timer: _Watchdog):
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


__all__ = ["DeadlineReached", "analyse_each_bounded", "analyses_bounded"]
