"""The Persian normaliser: the view of a stored text that Persian analysis reads, with its way back.

The stored text is never altered. :func:`normalise` returns a :class:`Normalised`: the normalised text
and an :class:`OffsetMap` that takes any span of the normalised text to the span of the stored text it
came from (``to_source(start, end)``). What the view changes:

- Arabic yeh ي and alef maksura ى -> Persian yeh ی; Arabic kaf ك (and swash kaf ڪ) -> Persian kaf ک;
  heh goal ہ, heh doachashmee ھ -> ه; heh with yeh above ۀ -> ه (its hamza is a mark, see below);
- alef with hamza below إ and alef wasla ٱ -> ا (آ and أ are kept: they spell Persian words);
- harakat and other combining marks (fatha, kasra, damma, tanwin, shadda, sukun, superscript alef,
  hamza above/below U+0654/0655 ...) and tatweel ـ removed; a removed mark belongs to the letter before
  it, so a word's span in the view maps back to the word with its marks;
- Persian ۰-۹ and Arabic-Indic ٠-٩ digits -> 0-9; Arabic decimal ٫ -> "." and thousands ٬ -> ",";
- presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFC, what a broken PDF extraction gives) -> their base
  letters (NFKC), then as above: the lam-alef ligature ﻻ becomes لا (two letters from one);
- ZWNJ U+200C is kept (one per run); its look-alike zero-width space U+200B becomes a ZWNJ; zero-width
  joiner U+200D, BOM U+FEFF, the bidi marks and controls (U+200E/F, U+061C, U+202A-E, U+2066-9) are removed.

Replacements one character for one keep offsets as they are; only removals and expansions are recorded,
so a text that needs neither (most Persian web text) has an identity map.

:func:`fold` is the key for matching and search. Contract (fa-web's search and the vocabulary matchers
use it; keep it stable):

- ``fold(s)`` is ``normalise(s).text`` further folded: alef variants آ أ إ ٱ -> ا, ة and ۀ -> ه,
  ؤ -> و, ئ -> ی, standalone hamza ء removed, ZWNJ removed (so "می‌شود" and "میشود" meet; "می شود" with a
  space stays two words), Latin letters casefolded, runs of whitespace one space, ends stripped;
- it is idempotent, ``fold(fold(s)) == fold(s)``, and ``fold(normalise(s).text) == fold(s)``;
- it is a key, not a view: it has no offset map and does not keep length. To find a folded word in a
  text, fold the text's tokens (or the words of the normalised view) and compare keys.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

# One character for one: offsets do not move.
_ONE_FOR_ONE = str.maketrans({
    "\u064a": "\u06cc",  # ي Arabic yeh -> ی
    "\u0649": "\u06cc",  # ى alef maksura -> ی
    "\u0643": "\u06a9",  # ك Arabic kaf -> ک
    "\u06aa": "\u06a9",  # ڪ swash kaf -> ک
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
    "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه
    "\u0625": "\u0627",  # إ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u066b": ".",  # ٫ Arabic decimal separator
    "\u066c": ",",  # ٬ Arabic thousands separator
    "\u200b": "\u200c",  # zero-width space, used for ZWNJ by some keyboards
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
})
# Removed: combining marks of the Arabic block, tatweel, zero-width joiner, BOM, bidi marks and controls.
_MARKS = ("\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff"
          "\u0640\u200d\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069")
_MARK = re.compile(f"[{_MARKS}]")
_PRESENTATION = "\ufb50-\ufdff\ufe70-\ufefc"
# What changes length: a character followed by marks (they go, it stays), leading marks, presentation
# forms (with the marks after them), runs of ZWNJ.
_EDIT = re.compile(f"(?s)[{_PRESENTATION}][{_MARKS}]*|[^{_MARKS}]?[{_MARKS}]+|\u200c[\u200c\u200b]+|\u200b[\u200c\u200b]+")
_FOLD = str.maketrans({"\u0622": "\u0627", "\u0623": "\u0627", "\u0629": "\u0647", "\u0624": "\u0648",
                       "\u0626": "\u06cc", "\u0621": None, "\u200c": None})
_SPACES = re.compile(r"\s+")


@dataclass
class OffsetMap:
    """Where the normalised text's characters came from. ``edits`` are the places where a piece of the
    stored text of length ``src_len`` became ``norm_len`` characters of the view (removals: 0; expansions:
    more than 1), in order; between them the two texts run in step."""

    norm_pos: list[int] = field(default_factory=list)
    norm_len: list[int] = field(default_factory=list)
    src_pos: list[int] = field(default_factory=list)
    src_len: list[int] = field(default_factory=list)

    @property
    def identity(self) -> bool:
        return not self.norm_pos

    def start(self, pos: int) -> int:
        """The stored-text offset where a span starting at ``pos`` in the view starts."""
        i = bisect.bisect_right(self.norm_pos, pos) - 1
        if i < 0:
            return pos
        if pos < self.norm_pos[i] + self.norm_len[i]:  # inside an edit: the whole source piece
            return self.src_pos[i]
        return self.src_pos[i] + self.src_len[i] + pos - self.norm_pos[i] - self.norm_len[i]

    def end(self, pos: int) -> int:
        """The stored-text offset where a span ending (exclusively) at ``pos`` in the view ends."""
        i = bisect.bisect_left(self.norm_pos, pos) - 1
        if i < 0:
            return pos
        if pos <= self.norm_pos[i] + self.norm_len[i]:  # ends inside or at the end of an expansion
            return self.src_pos[i] + self.src_len[i]
        return self.src_pos[i] + self.src_len[i] + pos - self.norm_pos[i] - self.norm_len[i]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            s = self.start(start)
            return s, s
        return self.start(start), self.end(end)


@dataclass
class Normalised:
    text: str
    map: OffsetMap


def _replace(piece: str) -> str:
    """The view of one length-changing piece (see _EDIT)."""
    if piece[0] in "\u200c\u200b":
        return "\u200c"
    first = piece[0]
    if "\ufb50" <= first <= "\ufdff" or "\ufe70" <= first <= "\ufefc":
        first = unicodedata.normalize("NFKC", first)
        first = _MARK.sub("", first).translate(_ONE_FOR_ONE)
        return "" if not first.strip() else first.strip()
    if _MARK.match(first):
        return ""
    return first.translate(_ONE_FOR_ONE)


def normalise(text: str) -> Normalised:
    """The normalised view of ``text`` and its offset map back to ``text``."""
    omap = OffsetMap()
    if not _EDIT.search(text):
        return Normalised(text.translate(_ONE_FOR_ONE), omap)
    out: list[str] = []
    pos = 0  # in text
    npos = 0  # in the view
    for m in _EDIT.finditer(text):
        if m.start() > pos:
            chunk = text[pos : m.start()].translate(_ONE_FOR_ONE)
            out.append(chunk)
            npos += len(chunk)
        piece = m.group()
        new = _replace(piece)
        out.append(new)
        if len(new) != 1 or len(piece) != 1:
            omap.norm_pos.append(npos)
            omap.norm_len.append(len(new))
            omap.src_pos.append(m.start())
            omap.src_len.append(len(piece))
        npos += len(new)
        pos = m.end()
    out.append(text[pos:].translate(_ONE_FOR_ONE))
    return Normalised("".join(out), omap)


def fold(text: str) -> str:
    """The matching key of a Persian (or mixed) string; see the module docstring for the contract."""
    folded = normalise(text).text.translate(_FOLD).casefold()
    return _SPACES.sub(" ", folded).strip()
