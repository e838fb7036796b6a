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
from typing import Any

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


def _fold_letters(token: str, digraphs: list[tuple[str, str]] | None = None) -> str:
    """Digraphs and vowel classes folded, vowel runs kept (the first half of :func:`canonical_token`)."""
    t = _ascii_letters(token).replace(" ", "")
    if not t:
        return ""
    # The -i suffix (nisba) is spelt -i, -ee, -y, -ey, -ei, -ie, -iy at the end of a word.
    t = re.sub(r"(?:ee|ey|ei|ie|iy|ii|y)$", "i", t) if len(t) > 3 else t
    t = t.replace("ee", "i").replace("oo", "u").replace("ou", "u")
    t = t.replace("x", "ks")  # a Latin x in the input (Alex); from here on x stands for kh
    for pattern, folded in _DIGRAPHS if digraphs is None else digraphs:
        t = t.replace(pattern, folded)
    # A y between vowels or at the start is a consonant (Yasaman, Mayam); elsewhere a vowel letter.
    out: list[str] = []
    for i, ch in enumerate(t):
        if ch == "y" and (i == 0 or (i + 1 < len(t) and t[i + 1] in "aeiou")):
            out.append("Y")
        else:
            out.append(_VOWEL_CLASS.get(ch, ch))
    return "".join(out)


@functools.lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """Fold one romanised name token to a canonical spelling.

    Mohammad, Mohammed, Muhammad -> "muhamad"; Qassem, Qasem, Ghasem -> "qasam";
    Hossein, Hussein, Hosein, Husain -> "husain"; Rezaei, Rezaee, Rezaie, Rezai -> "razai".
    """
    t = _fold_letters(token)
    # A final h after a vowel is the silent ه (Fatemeh / Fatema, Zahrah / Zahra).
    t = re.sub(r"([aiu])h$", r"\1", t)
    # Vowel runs fold to their last class except diphthongs ending in i (ai: Hossein, Rezaei).
    t = re.sub(r"([aiu])([aiu])+", lambda m: m.group(0)[0] + "i" if m.group(0).endswith("i") else m.group(0)[-1], t)
    t = re.sub(r"(.)\1+", r"\1", t)  # doubled letters: Hossein / Hosein, Zahraa / Zahra
    return t  # upper-case letters are single-sound markers: S = sh, C = ch, Y = consonant y


@functools.lru_cache(maxsize=200_000)  # asked for both names of every pair a merge compares
def canonical_name(name: str) -> str:
    """The folded form of a full name, tokens in their order, joined by spaces."""
    return " ".join(c for c in (canonical_token(t) for t in tokens(name)) if c)


_SKELETON_DROP = set("aiuYvh")


def skeleton(token: str) -> str:
    """The consonant skeleton of a folded token: vowels and the letters that also write vowels
    in Persian script (و v/u, ی y/i, ه h/e) dropped; Mohammad -> "mmd", Hosseini -> "sn"."""
    t = canonical_token(token)
    return "".join(c for c in t if c not in _SKELETON_DROP)


# --- Persian script ---------------------------------------------------------------------------
# The same Persian name is written with Arabic or Persian yeh and kaf (علي / علی), with or without a
# ZWNJ inside a compound (محمدحسین / محمد‌حسین), with hamza forms of alef, with diacritics or tatweel,
# in presentation forms from a broken PDF. These are Unicode letter variants, not spellings: fa-core's
# ``rasad.languages.fa.fold`` folds them (a table of code points, no name list).
_FA_TITLES = frozenset(
    "سید سیده سادات حاج حاجی شهید جاویدنام جاوید نام مرحوم زنده یاد زندهیاد دکتر آقای اقای خانم".split()
)


def _fa_letters(text: str) -> str:
    from rasad.languages.fa.normalise import fold

    return re.sub(r"[^\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ffa-zA-Z]+", " ", fold(text or ""))


def fa_tokens(name: str) -> list[str]:
    """Tokens of a name in Persian script, letters folded, titles removed (سید, شهید, جاویدنام ...)."""
    toks = _fa_letters(name).split()
    kept = [t for t in toks if t not in _FA_TITLES]
    return kept or toks


def fa_canonical_name(name: str) -> str:
    """Persian-script name with yeh/kaf/alef/ZWNJ/diacritic forms folded: علي‌رضا -> علیرضا."""
    return " ".join(fa_tokens(name))


# Persian letters -> the folded Latin letters used above (by sound, not by any name list).
_PERSIAN_LETTERS = {
    "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "C", "ح": "", "خ": "x", "د": "d", "ذ": "z",
    "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "S", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "q",
    "ف": "f", "ق": "q", "ک": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}  # vowels-or-glides (ا آ و ی ي ه ة ع ء أ ؤ ئ) are dropped, like in :func:`skeleton`


def persian_skeleton(token: str) -> str:
    """The consonant skeleton of a name token in Persian script: محمد -> "mmd", حسینی -> "sn"."""
    return "".join(_PERSIAN_LETTERS.get(c, "") for c in token)


# Persian letters -> symbols for the alignment below: consonants as in the folded Latin alphabet,
# and the four letters that also write vowels kept as their own upper-case classes: A (ا آ: a long
# a, or a word-initial a/e/o), W (و: u, o, ou or v), I (ی: i, ei or y), H (ه: h, or a final e/a),
# E (ع: a glottal stop that Latin writes as a vowel, an apostrophe or nothing); ح is an h.
_FA_SOUND = dict(_PERSIAN_LETTERS, ح="h", ا="A", آ="A", و="W", ی="I", ه="H", ع="E")


def _fa_sounds(token: str) -> str:
    return "".join(_FA_SOUND.get(c, "") for c in token)


# Against Persian script, th / dh / ph are two letters (Fathi: فتحی), not English digraphs.
_PERSIAN_DIGRAPHS = [(p, f) for p, f in _DIGRAPHS if p not in ("th", "dh", "ph")]


@functools.lru_cache(maxsize=200_000)
def _latin_sounds(token: str) -> str:
    # Vowel runs kept (Arian, Kian: each vowel may be a letter in Persian); doubled letters folded.
    return re.sub(r"([^aiu])\1+", r"\1", _fold_letters(token, _PERSIAN_DIGRAPHS))


_LATIN_VOWELS = frozenset("aiu")
MAX_NAME_LETTERS = 48


def _sub_cost(p: str, latin: str, first: bool, last: bool) -> float | None:
    """Cost of writing the Persian symbol ``p`` as the Latin folded letter ``latin`` (None: no match)."""
    if p == latin:
        return 0.0
    if p == "A":
        # ا is a long a, or a word-initial a/e/o, or the o/e of the article ال (Abdollah).
        return 0.0 if latin == "a" else 0.15 if first and latin in "iu" else 0.4 if latin in "iu" else None
    if p == "W":
        return 0.0 if latin in "uv" else None
    if p == "I":
        # ی is i, ei or y; a final ی after a consonant is also the a of Arabic names (مرتضی Morteza).
        return 0.0 if latin in "iY" else 0.2 if last and latin == "a" else None
    if p == "H":
        return 0.0 if latin == "h" or (last and latin == "a") else None
    if p == "E":
        return 0.0 if latin in _LATIN_VOWELS else None
    return None


def _skip_persian(p: str, last: bool, next_vowel: bool = False) -> float:
    """Cost of a Persian symbol that has no Latin letter."""
    if p == "E":
        return 0.1  # ع often unwritten (Ali / علی)
    if p == "H":
        return 0.1 if last else 0.6
    if p in "AWI":
        return 0.3 if next_vowel else 0.6  # ایی / یو: one of two adjacent vowel letters is a glide
    return 1.0


def _skip_latin(c: str, last: bool = False) -> float:
    """Cost of a Latin letter that Persian script does not write."""
    if c in _LATIN_VOWELS:
        return 0.15  # short vowels are not written in Persian
    if c == "h" and last:
        return 0.1  # a final h written for a vowel (Fatemeh, Zahrah)
    if c in "hY":
        return 0.5
    return 1.0


@functools.lru_cache(maxsize=200_000)
def cross_script_similarity(fa_token: str, latin_token: str) -> float:
    """0..1 for one Persian-script token against one Latin token: a weighted edit distance (dynamic
    programming) in which unwritten short vowels are cheap and the vowel letters ا و ی ه ع match the
    Latin vowels and glides they write. Hand-written: rapidfuzz's edit distances weigh every letter
    alike, and a Persian spelling lacks exactly the letters (short vowels) that Latin spellings add."""
    # Names are short; a long "name" (a misread phrase) is compared on its first letters only, so the
    # quadratic table stays small.
    p, q = _fa_sounds(fa_token)[:MAX_NAME_LETTERS], _latin_sounds(latin_token)[:MAX_NAME_LETTERS]
    if not p or not q:
        return 0.0
    n, m = len(p), len(q)
    inf = float("inf")
    prev = [0.0] + [0.0] * m
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + _skip_latin(q[j - 1], j == m)
    for i in range(1, n + 1):
        skip = _skip_persian(p[i - 1], i == n, (i > 1 and p[i - 2] in "AWI") or (i < n and p[i] in "AWI"))
        if i > 1 and p[i - 1] == p[i - 2]:
            skip = min(skip, 0.15)  # one sound written twice (الله), where Latin writes it once
        cur = [prev[0] + skip] + [inf] * m
        for j in range(1, m + 1):
            best = min(prev[j] + skip, cur[j - 1] + _skip_latin(q[j - 1], j == m))
            sub = _sub_cost(p[i - 1], q[j - 1], i == 1, i == n)
            best = min(best, prev[j - 1] + (1.0 if sub is None else sub))
            cur[j] = best
        prev = cur
    # Normalised by the consonants of the two spellings: vowels are what the scripts disagree on.
    weight = sum(1.0 if c not in "AWIHE" else 0.5 for c in p) + sum(1.0 if c not in _LATIN_VOWELS else 0.0 for c in q)
    return max(0.0, 1.0 - 2.0 * prev[m] / max(weight, 1.0))


def _fold_skeleton(s: str) -> str:
    # Doubled consonants collapse: Persian does not write the shadda, Latin doubles (Mohammad: "mmd" -> "md").
    return re.sub(r"(.)\1+", r"\1", s)


@functools.lru_cache(maxsize=100_000)  # asked for every pair of names a merge compares
def _is_persian(name: str) -> bool:
    return bool(re.search(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]", name or ""))


@functools.lru_cache(maxsize=100_000)
def _name_skeletons(name: str) -> tuple[str, ...]:
    """One consonant skeleton per token, from Latin or Persian script, for blocking. Persian tokens
    are folded first (yeh, kaf, alef forms, ZWNJ), so every spelling of one name has one skeleton."""
    out = []
    # Titles (Seyed, سید) are dropped from the whole name first, as the other spelling may lack them.
    toks = fa_tokens(name) if _is_persian(name) else (name or "").split()
    for tok in toks:
        sk = persian_skeleton(tok) if _is_persian(tok) else "".join(skeleton(t) for t in tokens(tok))
        sk = _fold_skeleton(sk)
        if sk:
            out.append(sk)
    return tuple(out)


def name_skeletons(name: str) -> list[str]:
    return list(_name_skeletons(name))


def _align(short: list[str], long_: list[str], sim: Any) -> float:
    """The shorter name's tokens aligned in order onto the longer one's ("Ali Moradi" onto "Ali
    Moradi Moghaddam"); the given names (first tokens) must agree: "Ali Mohammadi" and "Reza
    Mohammadi" share a family name, not a person. ``sim(a, b)`` is 0..1 for two tokens."""
    scores, j = [], 0
    for tok in short:
        best, best_k = 0.0, None
        for k in range(j, len(long_)):
            r = sim(tok, long_[k])
            if r > best:
                best, best_k = r, k
        if best >= 0.8 and best_k is not None:
            scores.append(best)
            j = best_k + 1
        else:
            scores.append(0.0)
    aligned = sum(scores) / len(scores) * (0.85 + 0.15 * len(short) / len(long_))
    if sim(short[0], long_[0]) < 0.8:
        aligned = min(aligned, 0.5)
    return aligned


def _split_match(ta: list[str], tb: list[str], sim: Any) -> float:
    """Names whose words are split differently (حسین زاده / Hosseinzadeh, محمدحسین / Mohammad
    Hossein; Persian writes the parts of a name apart or together, with a space, a ZWNJ or nothing):
    the given name (the first one or two words on either side) and the rest, each compared with its
    words joined. Both parts must agree."""
    best = 0.0
    for ka in (1, 2):
        for kb in (1, 2):
            if (ka == 2 and kb == 2) or ka >= len(ta) or kb >= len(tb):
                continue
            given = sim("".join(ta[:ka]), "".join(tb[:kb]))
            if given < 0.8:
                continue
            rest = sim("".join(ta[ka:]), "".join(tb[kb:]))
            if rest >= 0.8:
                best = max(best, (given + rest) / 2)
    return best


def _token_lists_similarity(ta: list[str], tb: list[str], sim: Any, joined: float) -> float:
    """For names in Persian script (against each other or a Latin spelling): as for Latin names,
    and the best way of joining words differently split (:func:`_split_match`); ``joined`` is the
    similarity of the whole names with spaces removed."""
    if not ta or not tb:
        return 0.0
    if len(ta) == 1 and len(tb) == 1:
        return joined
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if len(short) == 1:
        # A single word ("Ayoub", "Mousavi") against a full name: weak evidence at best.
        return 0.7 * max(sim(short[0], t) for t in long_)
    aligned = _align(short, long_, sim)
    return max(aligned, _split_match(ta, tb, sim))


def _fa_ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


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
    pa, pb = _is_persian(a), _is_persian(b)
    if pa and pb:
        # Both in Persian script: letter variants folded (yeh, kaf, alef, ZWNJ, diacritics), then
        # compared like Latin names.
        fa, fb = fa_tokens(a), fa_tokens(b)
        return _token_lists_similarity(fa, fb, _fa_ratio, _fa_ratio("".join(fa), "".join(fb)))
    if pa or pb:
        # Persian script against a Latin spelling: token by token through the cross-script edit
        # distance, given and family names aligned as above. Slightly below a same-script match
        # (0.95 at best): the Latin spelling's vowels are a guess from the Persian side.
        fa_side, latin_side = (a, b) if pa else (b, a)
        ft, lt = fa_tokens(fa_side), tokens(latin_side)
        ft = [t for t in ft if _is_persian(t)] or ft

        def sim(x: str, y: str) -> float:
            return cross_script_similarity(x, y) if _is_persian(x) else cross_script_similarity(y, x)

        joined = cross_script_similarity("".join(ft), "".join(lt)) if ft and lt else 0.0
        return 0.95 * _token_lists_similarity(ft, lt, sim, joined)
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
    aligned = _align(short, long_, lambda x, y: fuzz.ratio(x, y) / 100.0)
    if len(ta) == len(tb):
        return aligned
    return max(whole if whole >= 0.9 else 0.0, aligned)
