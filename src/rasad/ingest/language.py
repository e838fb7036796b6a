"""Language identification with langdetect, made deterministic and bounded."""

from __future__ import annotations

import re
from dataclasses import dataclass

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect is randomised by default: the same text could get two answers on two runs.
DetectorFactory.seed = 0

SUPPORTED = frozenset({"en"})
SAMPLE_CHARS = 20_000  # enough to tell any language; keeps a 50 MB text as fast as a short one
MIN_LETTERS = 40  # below this langdetect guesses; we assume English and say we are unsure
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class LanguageGuess:
    language: str
    uncertain: bool


def detect_language(text: str) -> LanguageGuess:
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return LanguageGuess("en", uncertain=True)
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return LanguageGuess("en", uncertain=True)
    code = best.lang.split("-")[0]  # "zh-cn" -> "zh": Report.language is ISO 639-1
    return LanguageGuess(code, uncertain=best.prob < 0.5)
