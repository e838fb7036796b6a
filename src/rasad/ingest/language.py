"""Language identification: langdetect (made deterministic and bounded) plus the script's own letters.

langdetect knows English, Persian, Arabic and Urdu but not Sorani Kurdish, Pashto or Kurmanji; told a
Sorani or Pashto text it answers "fa" or "ar". Those languages are told apart by letters Persian never
uses, counted over the Arabic-script letters of the text (hand-written: no offline library does it, and
these letter lists are the alphabets' definitions, not word lists):

- Sorani Kurdish (``ckb``): ڕ ڵ ۆ ێ ە ڤ (and ھ);
- Pashto (``ps``): ټ ډ ړ ږ ښ ځ څ ڼ ۍ ې;
- Urdu (``ur``): ٹ ڈ ڑ ں ے ہ (and ھ);
- Arabic (``ar``) vs Persian (``fa``): langdetect decides, checked by Persian's own letters پ چ ژ گ and
  Arabic's ة ى (a Persian text typed on an Arabic keyboard, with ي and ك, is still Persian).

Kurmanji Kurdish (Latin script, ``ku``) is recognised by its function words (û, ji, li, di, bi, ku ...).

A text mixing scripts (a Persian report quoting English, an English one quoting Persian) is given its
main language, and a flag ``language:mixed:<main>+<other>`` when the other script holds at least
``MIXED_SHARE`` of its letters. Report.language stays ISO 639-1 where one exists (ckb for Sorani).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from langdetect import DetectorFactory, LangDetectException, detect_langs

# langdetect is randomised by default: the same text could get two answers on two runs.
DetectorFactory.seed = 0

SUPPORTED = frozenset({"en", "fa"})
SAMPLE_CHARS = 20_000  # enough to tell any language; keeps a 50 MB text as fast as a short one
MIN_LETTERS = 40  # below this langdetect guesses; we assume English and say we are unsure
MIXED_SHARE = 0.15  # the other script's share of letters from which a report is flagged as mixed
MARKER_SHARE = 0.02  # share of Arabic-script letters that are a language's own letters to call it that
_LETTER = re.compile(r"[^\W\d_]")
# Arabic script: the Arabic block, its supplement and extended-A, and the presentation forms.
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f"
                            r"\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

_SORANI = re.compile("[\u0695\u06b5\u06c6\u06ce\u06d5\u06a4]")  # ڕ ڵ ۆ ێ ە ڤ
_PASHTO = re.compile("[\u067c\u0689\u0693\u0696\u069a\u0681\u0685\u06bc\u06cd\u06d0]")  # ټ ډ ړ ږ ښ ځ څ ڼ ۍ ې
_URDU = re.compile("[\u0679\u0688\u0691\u06ba\u06d2\u06c1]")  # ٹ ڈ ڑ ں ے ہ
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af]")  # پ چ ژ گ
_ARABIC = re.compile("[\u0629\u0649]")  # ة ى
# Kurmanji's most frequent function words (and, of, in, with, that ...), which English and Turkish lack.
_KURMANJI_WORDS = frozenset({"û", "ji", "li", "di", "bi", "ku", "jî", "wî", "wê", "yê", "ên", "ew", "tê", "hatin"})
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class LanguageGuess:
    language: str
    uncertain: bool
    flags: list[str] = field(default_factory=list)  # e.g. language:mixed:fa+en


def _arabic_script_language(sample: str, letters: int) -> str | None:
    """ckb, ps or ur when the text uses enough of that language's own letters, else None."""
    for code, pattern in (("ckb", _SORANI), ("ps", _PASHTO), ("ur", _URDU)):
        if len(pattern.findall(sample)) >= max(2, MARKER_SHARE * letters):
            return code
    return None


def _langdetect(sample: str) -> tuple[str, float] | None:
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return None
    return best.lang.split("-")[0], best.prob  # "zh-cn" -> "zh": Report.language is ISO 639-1


def _arabic_or_persian(sample: str, letters: int) -> tuple[str, bool]:
    """fa or ar for an Arabic-script text (uncertain when the two signals disagree or are weak)."""
    persian = len(_PERSIAN.findall(sample))
    arabic = len(_ARABIC.findall(sample))
    guess = _langdetect(sample) if letters >= MIN_LETTERS else None
    if guess is not None and guess[0] in ("fa", "ar"):
        code, prob = guess
        # Persian typed on an Arabic keyboard can read as Arabic to langdetect; its own letters say Persian.
        if code == "ar" and persian > max(arabic, 0.01 * letters):
            return "fa", True
        if code == "fa" and arabic > max(persian, 0.01 * letters) * 2:
            return "ar", True
        return code, prob < 0.5
    if persian or arabic:
        return ("fa" if persian >= arabic else "ar"), True
    return "fa", True


def _is_kurmanji(sample: str) -> bool:
    words = _WORD.findall(sample.lower())
    if len(words) < 8:
        return False
    return sum(w in _KURMANJI_WORDS for w in words) >= 0.08 * len(words)


def detect_language(text: str) -> LanguageGuess:
    sample = text[:SAMPLE_CHARS]
    letters = len(_LETTER.findall(sample))
    arabic_letters = len(_ARABIC_LETTER.findall(sample))
    latin_letters = len(_LATIN_LETTER.findall(sample))
    if arabic_letters and arabic_letters >= latin_letters:
        # Arabic script is the main one: tell the languages that share it apart, on that part only.
        script_only = _LATIN_LETTER.sub(" ", sample) if latin_letters else sample
        other = _arabic_script_language(script_only, arabic_letters)
        if other is not None:
            guess = LanguageGuess(other, uncertain=False)
        elif arabic_letters < 8:
            guess = LanguageGuess("fa", uncertain=True)
        else:
            code, uncertain = _arabic_or_persian(script_only, arabic_letters)
            guess = LanguageGuess(code, uncertain=uncertain or arabic_letters < MIN_LETTERS)
        if latin_letters >= MIXED_SHARE * letters and latin_letters >= 20:
            found = _langdetect(_ARABIC_LETTER.sub(" ", sample))
            second = found[0] if found is not None and found[1] >= 0.5 else "en"
            guess.flags.append(f"language:mixed:{guess.language}+{second}")
        return guess
    if letters < MIN_LETTERS:
        return LanguageGuess("en", uncertain=True)
    latin_only = sample
    mixed = arabic_letters >= MIXED_SHARE * letters and arabic_letters >= 20
    if mixed:  # langdetect reads the Latin part only; the flag names the other script's language
        latin_only = _ARABIC_LETTER.sub(" ", sample)
    found = _langdetect(latin_only)
    if found is None:
        return LanguageGuess("en", uncertain=True)
    code, prob = found
    if code != "en" and _is_kurmanji(latin_only):
        code, prob = "ku", 1.0
    guess = LanguageGuess(code, uncertain=prob < 0.5)
    if mixed:
        script_only = _LATIN_LETTER.sub(" ", sample)
        other = _arabic_script_language(script_only, arabic_letters)
        if other is None:
            other, _ = _arabic_or_persian(script_only, arabic_letters)
        guess.flags.append(f"language:mixed:{code}+{other}")
    return guess
