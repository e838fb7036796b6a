#!/usr/bin/env python3
"""How much of the victim-story gold the story texts themselves support (an analysis, not part of Rasad).

usage: python tools/victims_ceilings.py [GOLD.jsonl] [PRED.jsonl]

The gold of ``../shared/eval/victims/`` comes from the Javidnam archive's own fields (name, city, cause),
not from the English story, so some gold values are not in the text at all. This script reads the gold
fields — which ``rasad eval victims`` never does — to measure two upper bounds for any system that reads
only the text and does not guess:

- names: records whose text holds a run of up to six words that the scorer's own name test
  (token-set Jaccard >= 0.67) accepts as the gold name;
- causes: records with a known gold cause whose text has any word about how a person was harmed. The word
  list is deliberately wider than Rasad's extractor (``rasad.incidents.victims.cause_of_harm``): it only
  has to show that the remaining stories say nothing about a cause.

With PRED (the output of ``rasad eval victims --out``) it also counts the misses inside each bound.
Places have no such automatic bound (the archive writes a town's name its own way); docs/incidents.md gives
the misses by hand. Nothing here is used by Rasad: no list or rule is taken from the gold.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_GOLD = SHARED / "eval" / "victims" / "dev.jsonl"
SCORER = SHARED / "eval" / "victims" / "score.py"

# Any word about how someone was harmed or died (wider than the extractor's cues on purpose).
HARM_WORDS = re.compile(
    r"\b(shot|shoot\w*|bullets?|gun\w*|fir(?:e|ed|ing)|pellets?|beat\w*|batons?|clubs?|tortur\w*|execut\w*|"
    r"hang\w*|hanged|vehicles?|cars?|run over|ran over|knife|knives|stabb?\w*|gas|strangl\w*|blows?|struck|hit)\b",
    re.I)


def load_scorer():
    spec = importlib.util.spec_from_file_location("victims_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def name_in_text(scorer, gold_name: str, text: str, longest: int = 6) -> bool:
    words = re.findall(r"[^\s,.;:!?()\"“”]+", text)
    return any(scorer.name_match(gold_name, " ".join(words[i:j]))
               for i in range(len(words)) for j in range(i + 1, min(len(words), i + longest) + 1))


def main(argv: list[str]) -> int:
    gold_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_GOLD
    pred = {str(p["id"]): p for p in read(Path(argv[2]))} if len(argv) > 2 else {}
    scorer = load_scorer()
    gold = read(gold_path)

    named = [g for g in gold if g.get("name")]
    name_ok = [g for g in named if name_in_text(scorer, g["name"], g["text"])]
    caused = [g for g in gold if g.get("cause") and g["cause"] != "unknown"]
    cause_ok = [g for g in caused if HARM_WORDS.search(g["text"])]
    print(f"NAME_R ceiling    {len(name_ok) / len(named):.4f}  ({len(name_ok)}/{len(named)} texts hold the gold name)")
    print(f"CAUSE_ACC ceiling {len(cause_ok) / len(caused):.4f}  ({len(cause_ok)}/{len(caused)} texts with a known "
          f"gold cause say anything about one)")
    if pred:
        def names_of(g):
            victims = (pred.get(g["id"]) or {}).get("victims") or []
            return [v.get("name") for v in victims if isinstance(v, dict)]

        name_miss = [g for g in named if not any(scorer.name_match(g["name"], n) for n in names_of(g))]
        inside = sum(1 for g in name_miss if g in name_ok)
        print(f"name misses: {len(name_miss)}, of which the text holds the gold name: {inside}")
        cause_miss = [g for g in caused if str((pred.get(g["id"]) or {}).get("cause") or "").lower() != g["cause"]]
        inside = sum(1 for g in cause_miss if g in cause_ok)
        print(f"cause misses: {len(cause_miss)}, of which the text says anything about a cause: {inside}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
