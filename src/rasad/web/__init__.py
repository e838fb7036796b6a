"""The web app (part 5): ``create_app`` builds it, ``rasad serve`` runs it."""

from __future__ import annotations


def create_app(store=None, settings=None):
    from rasad.web.app import create_app as _create_app

    return _create_app(store=store, settings=settings)
