"""The ``rasad`` command: a thin shell over the library (one module per group of commands)."""

from __future__ import annotations

import importlib

import click
import typer
from typer.core import TyperGroup


class RasadGroup(TyperGroup):
    """Every command's storage failures the user can act on (read-only log, full disk, ...) end as one
    line, not a traceback (rasad.store.problems); anything else still shows its traceback (a bug)."""

    def invoke(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # a command's own exit (typer.Exit is a RuntimeError): already said what it had to
        except Exception as exc:
            from rasad.store.problems import describe_storage_problem

            said = describe_storage_problem(exc)
            if said is None:
                raise
            from rasad.cli.common import fail

            fail(said)


app = typer.Typer(cls=RasadGroup, no_args_is_help=True, add_completion=False,
                  help="Rasad: a source-critical incident log.")

# Each module registers its commands on `app` (or adds a sub-app) when imported.
COMMAND_MODULES = [
    "rasad.cli.reports",  # analyze, ingest, demo        (part 1)
    "rasad.cli.evals",  # rasad eval ...                 (all parts)
    "rasad.cli.log",  # incidents, review, import, export, sources, stats, watch, backup (parts 3-4)
    "rasad.cli.web",  # serve                          (part 5)
    "rasad.cli.trust",  # encrypt, rekey, verify, keygen, receipt (issue 21)
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
