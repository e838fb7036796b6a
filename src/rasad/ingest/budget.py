"""Work that a hostile input can make endless runs in a worker process that is killed at a deadline.

Pure-Python parsing (pypdf's content streams) cannot be interrupted from another thread, and a
request thread stuck in it kept a web server from stopping (issue 21, finding 1). So the work runs in
a child process: it sends each part of its result as soon as it has it, and at the deadline the parent
keeps the parts it got and kills the child. What was cut is flagged ``extraction:budget`` by the caller.

Children are forked ("fork" start method): a child starts in milliseconds, with the reader already
imported, and the caller's main module is not run again in it (the "spawn" and "forkserver" methods run
it again: a script that calls ``read_bytes`` without an ``if __name__ == "__main__"`` guard would start
over in the child). Forking a threaded process (the web server) is safe here because the child runs only
pure-Python parsing and writes to its pipe; CPython re-creates its own locks in a forked child, and the
child leaves through ``os._exit`` (no atexit handlers touch the caller's database connections).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

BUDGET_FLAG = "extraction:budget"
_FORK = multiprocessing.get_context("fork")
# Workers alive now, so that a server told to stop can kill them (stop_workers) instead of waiting for
# their deadline; after that no new one is started.
_live: set[Any] = set()
_live_lock = threading.Lock()
_stopping = False


@dataclass
class Collected:
    parts: list[Any] = field(default_factory=list)
    finished: bool = False  # False: cut at the deadline, or the worker died


def _child(connection, produce: Callable[..., Iterator[Any]], args: tuple) -> None:
    try:
        for part in produce(*args):
            connection.send(("part", part))
        connection.send(("done", None))
    except BaseException as err:  # sent to the parent, which raises it there  # noqa: BLE001
        try:
            connection.send(("error", err))
        except Exception:  # an exception that cannot be pickled: its words still can
            connection.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))
    finally:
        connection.close()


def can_use_worker() -> bool:
    """A daemonic process (a multiprocessing pool's worker) may not start children of its own."""
    return not multiprocessing.current_process().daemon


def collect_in_worker(produce: Callable[..., Iterator[Any]], args: tuple, *, timeout_s: float) -> Collected:
    """Run ``produce(*args)`` (a module-level generator function) in a child process; return the parts
    it yielded before it finished or before ``timeout_s`` seconds passed. An exception raised in the
    child is raised here. The child never outlives this call."""
    collected = Collected()
    receiving, sending = _FORK.Pipe(duplex=False)
    worker = _FORK.Process(target=_child, args=(sending, produce, args), daemon=True, name="rasad-extract")
    with _live_lock:
        if _stopping:  # the process is stopping: nothing read, the caller flags it cut
            receiving.close()
            sending.close()
            return collected
        worker.start()
        _live.add(worker)
    sending.close()  # the child holds its own end; EOF here then means it ended
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not receiving.poll(remaining):
                break
            try:
                kind, payload = receiving.recv()
            except EOFError:  # the child died (killed for memory, say) without a word
                break
            if kind == "part":
                collected.parts.append(payload)
            elif kind == "done":
                collected.finished = True
                break
            else:
                raise payload
    finally:
        receiving.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
        with _live_lock:
            _live.discard(worker)
    return collected


def stop_workers() -> None:
    """Kill every reading worker of this process now and start no other (a server told to stop): each
    caller waiting on one returns at once with what it had, flagged as cut."""
    global _stopping
    with _live_lock:
        _stopping = True
        workers = list(_live)
    for worker in workers:
        if worker.is_alive():
            worker.kill()


__all__ = ["BUDGET_FLAG", "Collected", "can_use_worker", "collect_in_worker", "stop_workers"]
