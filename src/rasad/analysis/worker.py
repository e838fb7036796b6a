"""The analysis of reports in a worker process that is killed when it runs past its time budget (issue 21,
finding 1).

The pipeline's own time budget (``analysis_timeout_s``, checked in :func:`rasad.analysis.pipeline.analyze_many`
before each further chunk) cannot stop a chunk under way: spaCy and our components run in C and in pure
Python that no other thread can interrupt, and one 100,000-character chunk of hostile text ran for tens of
seconds past it. In a web server that held a request thread, kept SIGTERM from stopping the server, and
made other uploads wait. So the analysis runs in a child process that the caller can kill:

- **Long-lived**: the child loads the pipeline once (seconds) and analyses batch after batch; it is
  started again only after it was killed (or died).
- **A fresh interpreter**, not a fork: the caller may be a threaded web server, and the child loads spaCy,
  numpy and onnxruntime, whose thread pools and locks do not survive a fork of a threaded process. Not
  ``multiprocessing``'s "spawn" or "forkserver" either: they import the caller's main script again in the
  child, and a script without an ``if __name__ == "__main__"`` guard (a bench, a user's) would start over
  there. The child is ``python -c`` importing this module, with the caller's ``sys.path``, talking over a
  socket pair with ``multiprocessing.connection`` (pickled messages). The caller never loads the pipeline.
- **A progress watchdog**: the caller waits at most ``analysis_timeout_s`` for the child's next finished
  report (counted from the batch being sent or from the previous report coming back). Reports go through
  spaCy in batches (``nlp.pipe``), so several come back together; the watchdog bounds how long the child
  may go without finishing one. Past it the child is killed. When one report was left, it is the culprit:
  it comes back as a one-line ``analysis:budget`` error (the intake stores the report without an analysis,
  and journals the error, so a later run can analyse it again). When several were left, each is analysed
  again alone, so a short report that shared spaCy's batch with a hostile one is not blamed for it.
- Inside the child the pipeline's cooperative budget is set to ``SOFT_SHARE`` of the deadline: a long text
  of ordinary chunks stops handing chunks to spaCy early enough to come back with what it read (flagged
  ``analysis:budget`` and ``analysis-truncated:N``) before the watchdog fires; only a chunk that alone takes
  the rest of the deadline is killed, with nothing.
- :meth:`AnalysisWorker.stop` (the web server calls it on SIGTERM) kills the child from any thread: the
  caller waiting on it returns at once, its reports marked as stopped.

The standard library does this in a page; a pool library (pebble's ``ProcessPool``
kills a task at its timeout too) would cost a dependency and bound a whole task, not each report of a
batch as it comes back, and its per-task results would lose ``nlp.pipe``'s batching of small reports.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from rasad.records import Analysis, Report

# Share of the deadline after which the child's pipeline hands no further chunk of a report to spaCy.
# What is in flight then (at most one batch of BATCH_CHARS, two ordinary chunks) must fit in the rest.
SOFT_SHARE = 0.75
STARTUP_TIMEOUT_S = 600.0  # loading the pipeline on a busy machine; not counted against any report
BUDGET_FLAG = "analysis:budget"


STOPPED = "analysis stopped: Rasad is shutting down; the report is stored, not analysed"


def budget_message(timeout_s: float) -> str:
    """The one-line error of a report whose analysis was stopped at its deadline."""
    return (f"{BUDGET_FLAG}: the analysis ran past its {timeout_s:g} s budget and was stopped; the report is "
            "stored, not analysed (RASAD_ANALYSIS_TIMEOUT_S)")


def one_line(exc: BaseException) -> str:
    """An exception as one line (its type and words), for a report's error."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def analyse_each(reports: list[Report], nlp: Any, budget_s: float | None = None) -> Iterator[tuple[int, Analysis | str]]:
    """(index, analysis or one-line error) for each report in order, each as soon as it is done: the whole
    batch through ``analyze_many``; if that raises, the reports not yet done one at a time, so only the
    culprit gets the error. Used in the worker and in-process alike."""
    from rasad.analysis.pipeline import analyze_many

    done = 0
    try:
        for analysis in analyze_many(reports, nlp=nlp, budget_s=budget_s):
            yield done, analysis
            done += 1
        return
    except Exception:  # noqa: BLE001 - find the culprit one report at a time
        pass
    for index in range(done, len(reports)):
        try:
            yield index, next(analyze_many([reports[index]], nlp=nlp, budget_s=budget_s))
        except Exception as exc:  # noqa: BLE001
            yield index, "analysis failed: " + one_line(exc)


# One sentence in each analysed language, analysed before the child says it is ready: the components
# load some of their data on first use (about half a second a language), which would otherwise be
# counted against the first report's budget.
WARM_UP = {
    "en": "Security forces arrested twelve protesters in Tehran on Monday, witnesses said.",
    "fa": "نیروهای امنیتی دوازده معترض را در تهران بازداشت کردند.",
}


def _serve(fd: int, languages: tuple[str, ...] | None = None) -> None:
    """The child: load the pipeline (and warm it up in ``languages``, default all), say so, then analyse
    each batch it is sent until told to stop."""
    connection = Connection(fd)
    try:
        from rasad.analysis.pipeline import analyze_many, load_nlp
        from rasad.ingest import read_bytes

        nlp = load_nlp()
        for text in (text for lang, text in WARM_UP.items() if languages is None or lang in languages):
            list(analyze_many([read_bytes(text.encode(), source="warm-up.txt")], nlp=nlp, budget_s=0))
    except BaseException as exc:  # noqa: BLE001 - the caller raises it
        connection.send(("failed", one_line(exc)))
        return
    try:
        connection.send(("ready", None))
        while (message := connection.recv()) is not None:
            reports, budget_s = message
            for index, result in analyse_each(reports, nlp, budget_s):
                connection.send(("result", index, result))
            connection.send(("done", None))
    except (EOFError, OSError):  # the caller went away (it exited, or was killed): so does the child
        return


def _child_environment() -> dict[str, str]:
    """The caller's environment (settings are read from it) without the log's keys: the child never opens
    the log, and a key in a process's environment is one more place to read it from."""
    return {name: value for name, value in os.environ.items() if name not in ("RASAD_DB_KEY", "RASAD_NEW_DB_KEY")}


class WorkerFailed(RuntimeError):
    """The analysis worker could not load the pipeline."""


class AnalysisWorker:
    """One analysis child process (started on first use), and the watchdog that kills it. Not for use by
    several threads at once (:class:`rasad.log.intake.Analyser` serialises its calls); :meth:`stop` may
    be called from any thread."""

    def __init__(self, warm_languages: tuple[str, ...] | None = None) -> None:
        """``warm_languages``: the languages whose first-use loading the child does before it says it is
        ready (default all: a long-lived worker); a one-report caller (``rasad analyze``) names the
        report's, and the first use of another language is then counted in its report's budget."""
        self._warm_languages = warm_languages
        self._process: Any = None
        self._connection: Any = None
        self._stopped = False
        self._ready = False  # the child said its pipeline is loaded
        self._guard = threading.Lock()  # the process handle, between the caller and stop()
        self.killed = 0  # children killed at the deadline, or found dead (each replaced when work is left)

    # --- the child --------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the child now without waiting for it: its pipeline loads while the caller reads its inputs
        (the first batch waits for it to be ready)."""
        if self._process is None and not self._stopped:
            try:
                self._launch()
            except _Stopped:
                pass

    def _launch(self) -> None:
        ours, theirs = socket.socketpair()
        receiving, child_fd = Connection(ours.detach()), theirs.detach()
        code = (f"import sys; sys.path[:0] = {sys.path!r}; "
                f"from rasad.analysis.worker import _serve; _serve({child_fd}, {self._warm_languages!r})")
        with self._guard:
            if self._stopped:
                receiving.close()
                os.close(child_fd)
                raise _Stopped
            try:
                process = subprocess.Popen([sys.executable, "-c", code], pass_fds=(child_fd,), stdin=subprocess.DEVNULL,
                                           env=_child_environment())
            finally:
                os.close(child_fd)  # the child holds its own copy: EOF here then means it ended
            self._process, self._connection, self._ready = process, receiving, False

    def _await_ready(self) -> None:
        """Wait for the child's pipeline (not counted against any report's budget)."""
        receiving = self._connection
        if not receiving.poll(STARTUP_TIMEOUT_S):
            self._kill()
            raise WorkerFailed(f"the analysis worker did not load the pipeline in {STARTUP_TIMEOUT_S:.0f} s")
        try:
            kind, payload = receiving.recv()
        except (EOFError, OSError):
            self._kill()
            if self._stopped:
                raise _Stopped from None
            raise WorkerFailed("the analysis worker died while loading the pipeline") from None
        if kind == "failed":
            self._kill()
            raise WorkerFailed(f"the analysis worker could not load the pipeline: {payload}")
        self._ready = True

    def _kill(self) -> None:
        with self._guard:
            process, connection = self._process, self._connection
            self._process = self._connection = None
        if process is not None:
            if process.poll() is None:
                process.kill()
            process.wait()
        if connection is not None:
            connection.close()

    def stop(self) -> None:
        """Kill the child now, and start no other: a call under way returns at once (its reports not yet
        done come back as stopped), later calls analyse nothing. Safe from any thread."""
        self._stopped = True
        with self._guard:
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()  # the caller's wait ends (EOF); it reaps the child and closes the socket

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None else None

    # --- a batch ----------------------------------------------------------------------------------

    def analyse(self, reports: list[Report], timeout_s: float) -> Iterator[tuple[int, Analysis | str]]:
        """(index, analysis or one-line error) for every report, as each is done (not in order after a
        kill). A report that holds the child past ``timeout_s`` without finishing is killed and comes back
        as an ``analysis:budget`` error; the child is started again for the rest."""
        todo = list(range(len(reports)))
        alone = False  # after a kill with several reports left: each alone, to find the culprit
        while todo:
            batches = [[index] for index in todo] if alone else [todo]
            todo = []
            for batch in batches:
                left, why = yield from self._batch(reports, batch, timeout_s)
                if len(left) == 1 or why == "stopped":  # the report the child was on alone, or all: stopping
                    for index in left:
                        yield index, self._cut_message(why, timeout_s)
                elif left:
                    todo += left
                    alone = True

    @staticmethod
    def _cut_message(why: str, timeout_s: float) -> str:
        if why == "stopped":
            return STOPPED
        if why == "died":
            return "analysis failed: the analysis worker died (out of memory?); the report is stored, not analysed"
        return budget_message(timeout_s)

    def _batch(self, reports: list[Report], batch: list[int], timeout_s: float):
        """Send one batch and take its results until done or the watchdog fires; returns the indexes of
        the reports left without a result (the child is then dead) and why: "budget", "died", "stopped"."""
        if self._stopped:
            return list(batch), "stopped"
        try:
            if self._process is None:
                self._launch()
            if not self._ready:
                self._await_ready()
        except _Stopped:
            return list(batch), "stopped"
        # The original bytes stay here: the analysis reads the text, and a batch may hold 64 MiB of them.
        sent = [reports[i].model_copy(update={"original": b""}) for i in batch]
        left = list(batch)
        why = "died"
        try:
            self._connection.send((sent, timeout_s * SOFT_SHARE))
            deadline = time.monotonic() + timeout_s
            while left:
                if not self._connection.poll(max(0.0, deadline - time.monotonic())):
                    why = "budget"  # the watchdog: no report finished in time
                    break
                message = self._connection.recv()
                if message[0] == "done":
                    break
                _, position, result = message
                index = batch[position]
                if isinstance(result, Analysis):
                    result.report = reports[index]  # the caller's report, its original bytes included
                left.remove(index)
                yield index, result
                deadline = time.monotonic() + timeout_s
            else:
                if self._connection.poll(timeout_s):  # "done", sent right after the last result
                    self._connection.recv()
                    return [], ""
                self._kill()  # never said done: no report is lost, the next batch starts another child
                return [], ""
        except (EOFError, OSError):
            pass  # killed by stop(), or died (out of memory): what is left comes back as cut
        except BaseException:
            # Abandoned midway (the caller stopped iterating, an interrupt): the child may still send this
            # batch's results, which the next batch would take for its own.
            self._kill()
            raise
        if left:
            self._kill()
            if self._stopped:
                why = "stopped"
            else:
                self.killed += 1
        return left, why

    def close(self) -> None:
        """Let the child go now. (It also goes by itself when the caller exits: idle, it reads the end of its
        socket; busy, its next send fails, after the report under way.)"""
        with self._guard:
            connection = self._connection
        if connection is not None:
            try:
                connection.send(None)
                self._process.wait(5)
            except (OSError, AttributeError, subprocess.TimeoutExpired):
                pass
        self._kill()


class _Stopped(Exception):
    pass


__all__ = ["AnalysisWorker", "BUDGET_FLAG", "SOFT_SHARE", "STOPPED", "WorkerFailed", "analyse_each", "budget_message",
           "one_line"]
