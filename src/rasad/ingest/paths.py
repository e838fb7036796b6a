"""Command-line style path arguments (files, folders, globs) -> a sorted, deterministic list of files."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from rasad.ingest.errors import IngestError

_GLOB_CHARS = frozenset("*?[")


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]  # .git, .venv, .cache ...
        found.extend(Path(dirpath) / name for name in filenames if not name.startswith("."))
    return sorted(p for p in found if p.is_file())


def expand_paths(patterns: Iterable[str]) -> Iterator[Path]:
    """Yield every file named by ``patterns``, in order, each once.

    A file is yielded as given (even when hidden: the user named it); a folder is walked
    recursively; a pattern with ``*``, ``?`` or ``[`` is a glob (``**`` crosses folders).
    Hidden files and folders found by walking or globbing are skipped. Within one pattern the
    files come sorted, so the same arguments always give the same order.
    Raises IngestError for a path that does not exist or a glob that matches nothing.
    """
    seen: set[Path] = set()
    for pattern in patterns:
        pattern = os.fspath(pattern)
        if _GLOB_CHARS & set(pattern):
            matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True))
            if not matches:
                raise IngestError(f"no files match {pattern!r}")
            files: list[Path] = []
            for match in matches:
                if match.is_dir():
                    files.extend(_walk(match))
                elif match.is_file() and not match.name.startswith("."):
                    files.append(match)
            files.sort()
        else:
            path = Path(pattern)
            if path.is_dir():
                files = _walk(path)
            elif path.exists():
                files = [path]
            else:
                raise IngestError(f"no such file or folder: {pattern}")
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file
