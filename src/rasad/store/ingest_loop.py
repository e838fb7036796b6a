"""Streaming, resumable ingest (skeleton: filled in below)."""
