"""The cue groups, now data (``src/rasad/data/incidents/en.yaml``, read by ``rasad.incidents.lexicon``).

Kept only while ``extract.py`` still imports them from here; it goes once the extractor reads the lexicon.
"""

from __future__ import annotations

from rasad.incidents.lexicon import lexicon

CUE_GROUPS: dict[str, list[str]] = {group: list(phrases) for group, phrases in lexicon("en").cue_groups.items()}
ACT_CUES: dict[str, list[str]] = {}  # never used; the acts are the triggers' (en.yaml "triggers")
