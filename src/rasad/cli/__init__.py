"""The ``rasad`` command: a thin shell over the library (one module per group of commands)."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Rasad: a source-critical incident log.")

# Each module registers its commands on `app` (or adds a sub-app) when imported.
COMMAND_MODULES = [
    "rasad.cli.reports",  # analyze, ingest, demo        (part 1)
    "rasad.cli.evals",  # rasad eval ...                 (all parts)
    "rasad.cli.log",  # incidents, review, import, export, sources, stats, watch, backup (parts 3-4)
    "rasad.cli.web",  # serve                          (part 5)
    "rasad.cli.models",  # models build: the encoder assembled from its PyPI weight packages
]


def _load_commands() -> None:
    for module in COMMAND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a part not built yet: its commands are absent
            if exc.name != module:
                raise


def main() -> None:
    _load_commands()
    app()
