"""Persian personal names written in Latin script: one canonical form for comparison.

The same person is spelt Mohammad / Mohammed / Muhammad, Qassem / Qasem / Ghasem, Hosseini /
Hosseiny / Hosseinee, Zahra / Zahraa, Mohammadjavad / Mohammad-Javad. No library knows Persian
romanisation variants (jellyfish / rapidfuzz compare strings, they do not fold "gh" into "q"), so
the folding rules are written here by hand. They are *generic* rules about how Persian sounds are
romanised (digraphs, vowel letters, doubled consonants, the -i suffix), not a list of names:
no lexicon is built from any registry or evaluation file.

- :func:`canonical_token` / :func:`canonical_name`: the folded form, compared with rapidfuzz.
- :func:`skeleton`: the consonant skeleton of a token, a coarse blocking key. It is also computed
  from Persian script (:func:`persian_skeleton`), because Persian writes no short vowels: the
  consonants are what a Latin and a Persian spelling of one name share.
- :func:`name_similarity`: 0..1, the score the merger uses.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

# Honorifics and titles that precede a name and are not part of it ("Seyed Mohammad", "Haj Ali").
TITLES = frozenset(
    "seyed seyyed sayed sayyed sayyid seyd sayid syed sadat haj hajj haji hajji hadji mr mrs ms miss dr "
    "martyr shahid immortal javidnam late".split()
)

# Ordered digraph rules: each pair is (romanisation pattern, folded letter). Order matters
# ("kh" before "h", "sh" before "s"). The folded alphabet uses single letters for single sounds.
_DIGRAPHS: list[tuple[str, str]] = [
    ("kh", "x"),  # خ: Khani / Xani
    ("gh", "q"),  # غ / ق: Ghasem / Qasem
    ("sh", "S"),  # ش
    ("ch", "C"),  # چ
    ("zh", "j"),  # ژ: Pezhman / Pejman
    ("ph", "f"),
    ("th", "t"),
    ("dh", "z"),  # ذ in Arabic-style romanisation
    ("ck", "k"),
    ("w", "v"),  # و: Musawi / Musavi
    ("c", "k"),  # a bare c is a k sound (Cyrus); ch was folded above
]

_VOWEL_CLASS = {"a": "a", "e": "a", "i": "i", "y": "i", "o": "u", "u": "u"}


def _ascii_letters(text: str) -> str:
    """Lower-case, strip accents (ā -> a, š stays s), keep letters; other characters become spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("'", "").replace("\u2019", "").replace("`", "").replace("\u02bf", "").replace("\u02be", "")
    return re.sub(r"[^a-z]+", " ", text)


def tokens(name: str) -> list[str]:
    """Name tokens, lower-case ASCII, titles removed ("Seyed Mohammad-Javad" -> ["mohammad", "javad"])."""
    toks = _ascii_letters(name or "").split()
    kept = [t for t in toks if t not in TITLES]
    return kept or toks


@functools.lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """Fold one romanised name token to a canonical spelling.

    Mohammad, Mohammed, Muhammad -> "muhamad"; Qassem, Qasem, Ghasem -> "qasam";
    Hossein, Hussein, Hosein, Husain -> "husain"; Rezaei, Rezaee, Rezaie, Rezai -> "razai".
    """
    t = _ascii_letters(token).replace(" ", "")
    if not t:
        return ""
    # The -i suffix (nisba) is spelt -i, -ee, -y, -ey, -ei, -ie, -iy at the end of a word.
    t = re.sub(r"(?:ee|ey|ei|ie|iy|ii|y)$", "i", t) if len(t) > 3 else t
    t = t.replace("ee", "i").replace("oo", "u").replace("ou", "u")
    t = t.replace("x", "ks")  # a Latin x in the input (Alex); from here on x stands for kh
    for pattern, folded in _DIGRAPHS:
        t = t.replace(pattern, folded)
    # A y between vowels or at the start is a consonant (Yasaman, Mayam); elsewhere a vowel letter.
    out: list[str] = []
    for i, ch in enumerate(t):
        if ch == "y" and (i == 0 or (i + 1 < len(t) and t[i + 1] in "aeiou")):
            out.append("Y")
        else:
            out.append(_VOWEL_CLASS.get(ch, ch))
    t = "".join(out)
    # A final h after a vowel is the silent ه (Fatemeh / Fatema, Zahrah / Zahra).
    t = re.sub(r"([aiu])h$", r"\1", t)
    # Vowel runs fold to their last class except diphthongs ending in i (ai: Hossein, Rezaei).
    t = re.sub(r"([aiu])([aiu])+", lambda m: m.group(0)[0] + "i" if m.group(0).endswith("i") else m.group(0)[-1], t)
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters: Hossein / Hosein, Zahraa / Zahra
    return t  # upper-case letters are single-sound markers: S = sh, C = ch, Y = consonant y


def canonical_name(name: str) -> str:
    """The folded form of a full name, tokens in their order, joined by spaces."""
    return " ".join(c for c in (canonical_token(t) for t in tokens(name)) if c)


_SKELETON_DROP = set("aiuYvh")


def skeleton(token: str) -> str:
    """The consonant skeleton of a folded token: vowels and the letters that also write vowels
    in Persian script (و v/u, ی y/i, ه h/e) dropped; Mohammad -> "mmd", Hosseini -> "sn"."""
    t = canonical_token(token)
    return "".join(c for c in t if c not in _SKELETON_DROP)


# Persian letters -> the folded Latin letters used above (by sound, not by any name list).
_PERSIAN_LETTERS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "C", "ح": "", "خ": "x", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "S", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "q",
    "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}  # vowels-or-glides (ا آ و ی ي ه ة ع ء أ ؤ ئ) are dropped, like in :func:`skeleton`


def persian_skeleton(token: str) -> str:
    """The consonant skeleton of a name token in Persian script: محمد -> "mmd", حسینی -> "sn"."""
    return "".join(_PERSIAN_LETTERS.get(c, "") for c in token)


def _fold_skeleton(s: str) -> str:
    # Doubled consonants collapse: Persian does not write the shadda, Latin doubles (Mohammad: "mmd" -> "md").
    return re.sub(r"(.)\1+", r"\1", s)


@functools.lru_cache(maxsize=100_000)
def _name_skeletons(name: str) -> tuple[str, ...]:
    """One consonant skeleton per token, from Latin or Persian script, for blocking."""
    out = []
    for tok in (name or "").split():
        if re.search(r"[\u0600-\u06FF]", tok):
            sk = persian_skeleton(tok)
        else:
            sk = "".join(skeleton(t) for t in tokens(tok))
        sk = _fold_skeleton(sk)
        if sk:
            out.append(sk)
    return tuple(out)


def name_skeletons(name: str) -> list[str]:
    return list(_name_skeletons(name))


def _is_persian(name: str) -> bool:
    return bool(re.search(r"[\u0600-\u06FF]", name or ""))


@functools.lru_cache(maxsize=200_000)
def name_similarity(a: str, b: str) -> float:
    """0..1: how likely two written names are the same person's name.

    Latin vs Latin: rapidfuzz over the folded forms, the best of the token-set ratio (word order,
    an extra middle name) and the plain ratio with spaces removed (Mohammadjavad vs Mohammad
    Javad); a lone given name matched against a full name scores lower than a full match.
    Persian vs Latin: the consonant skeletons compared (weaker evidence, see docs/log.md).
    """
    if not a or not b:
        return 0.0
    if _is_persian(a) or _is_persian(b):
        ka, kb = name_skeletons(a), name_skeletons(b)
        if not ka or not kb:
            return 0.0
        # Whole-name skeletons and the family names' skeletons must both agree; capped below a
        # same-script match, because many names share a skeleton (Arman / Ramin: "rmn").
        joined = fuzz.ratio("".join(ka), "".join(kb)) / 100.0
        family = fuzz.ratio(ka[-1], kb[-1]) / 100.0
        return 0.85 * min(joined, family)
    ta, tb = canonical_name(a).split(), canonical_name(b).split()
    if not ta or not tb:
        return 0.0
    whole = fuzz.ratio("".join(ta), "".join(tb)) / 100.0  # compounds: Mohammadjavad / Mohammad Javad
    if len(ta) == 1 and len(tb) == 1:
        return whole
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1:
        # A single word ("Ayoub", "Mousavi") against a full name: weak evidence at best.
        return 0.7 * max(fuzz.ratio(short[0], t) for t in long_) / 100.0
    # Align the shorter name's tokens in order onto the longer one's ("Ali Moradi" onto
    # "Ali Moradi Moghaddam"). The given names (first tokens) must agree: "Ali Mohammadi" and
    # "Reza Mohammadi" share a family name, not a person.
    scores, j = [], 0
    for tok in short:
        best, best_k = 0.0, None
        for k in range(j, len(long_)):
            r = fuzz.ratio(tok, long_[k]) / 100.0
            if r > best:
                best, best_k = r, k
        if best >= 0.8 and best_k is not None:
            scores.append(best)
            j = best_k + 1
        else:
            scores.append(0.0)
    aligned = sum(scores) / len(scores) * (0.85 + 0.15 * len(short) / len(long_))
    if fuzz.ratio(short[0], long_[0]) < 80:
        aligned = min(aligned, 0.5)
    if len(ta) == len(tb):
        return aligned
    return max(whole if whole >= 0.9 else 0.0, aligned)
