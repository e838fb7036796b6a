"""``rasad eval TASK GOLD [--out PRED]``: run the pipeline on the texts alone, write predictions in
the scorer's format, run the scorer from ../shared/eval and print its last line.

Each task lives in ``rasad.eval.<task>`` with ``run(gold: Path, out: Path | None) -> str``,
which returns the scorer's last line. The evaluators never read gold fields other than the texts.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import typer

from rasad.cli import app

eval_app = typer.Typer(no_args_is_help=True, help="Evaluate a stage with the shared scorers.")
app.add_typer(eval_app, name="eval")

TASKS = {
    "quotes": "quotes (PolNeAR): GOLD is a folder with gold.jsonl and the texts",
    "event-types": "event typing (CASE 2021): GOLD is a .tsv",
    "victims": "victim reports (Javidnam stories): GOLD is a .jsonl",
    "framing": "propaganda techniques (PTC): GOLD is a folder with labels.tsv and articles",
    "merge": "story links (one or more victim story files, e.g. the English and the Persian dev stories, + javidnam registry)",
    "news-slots": "incident slots in wire-style news paragraphs: GOLD is a .jsonl (id, published, text, lang)",
}


def _make(task: str, help_text: str) -> None:
    module_name = "rasad.eval." + task.replace("-", "_")

    def command(
        gold: Path = typer.Argument(None, help="gold file or folder (defaults to ../shared/eval/...)"),
        out: Path = typer.Option(None, "--out", help="where to write the predictions"),
    ) -> None:
        module = importlib.import_module(module_name)
        typer.echo(module.run(gold, out))

    command.__doc__ = f"Evaluate {help_text}."
    eval_app.command(task)(command)


def _make_merge(help_text: str) -> None:
    """``rasad eval merge [GOLD...]``: one or more story files (the English and the Persian stories of
    the same people are linked to each other as well as to the registry)."""

    def command(
        gold: list[Path] = typer.Argument(None, help="story files (default ../shared/eval/victims/dev.jsonl)"),
        out: Path = typer.Option(None, "--out", help="where to write the predictions"),
    ) -> None:
        from rasad.eval import merge

        typer.echo(merge.run(gold or None, out))

    command.__doc__ = f"Evaluate {help_text}."
    eval_app.command("merge")(command)


for _task, _help in TASKS.items():
    if _task == "merge":
        _make_merge(_help)
    else:
        _make(_task, _help)
