"""Rasad: a source-critical incident log built from crisis reports."""

__version__ = "0.1.0"
