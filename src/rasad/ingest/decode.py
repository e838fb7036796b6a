"""Bytes -> str for text-like inputs: BOMs, strict UTF-8, then charset detection; binary refused.

The decoded text is stored as it is (offsets index it), so nothing is normalised here: newlines stay
as they were; only a leading byte-order mark is dropped.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer

from rasad.ingest.errors import BinaryInput, EmptyInput

# Binary checks look at a bounded sample so that a 50 MB text costs no more than a small one.
SNIFF_BYTES = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls that text files do not contain (tab, newlines, form feed and ESC are allowed).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


_NOT_SPACE = re.compile(r"\S")
_NOT_SPACE_BYTES = re.compile(rb"\S")


def is_blank(value: str | bytes) -> bool:
    """True for empty or whitespace-only input; stops at the first visible character (no copy)."""
    pattern = _NOT_SPACE_BYTES if isinstance(value, bytes) else _NOT_SPACE
    return pattern.search(value) is None


@dataclass
class Decoded:
    text: str
    encoding: str  # a WHATWG-style label: "utf-8", "utf-16-le", "windows-1256" ...
    flags: list[str] = field(default_factory=list)


def encoding_label(python_name: str) -> str:
    """Python codec name -> the label users know ("cp1256" -> "windows-1256")."""
    name = codecs.lookup(python_name).name  # canonical python name, e.g. "cp1256", "utf-16-le"
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    return name.replace("_", "-")


def binary_kind(sample: bytes) -> str | None:
    """What binary data this is ("a PNG image", "NUL bytes"), or None when it may be text.

    Git's rule (a NUL byte in the first 8 KB means binary) plus the signatures of the binary
    formats people most often feed by mistake. UTF-16/32 without a BOM is handled by the caller
    before this check.
    """
    has_nul = b"\x00" in sample[:8192]
    for magic, name in _BINARY_MAGIC:
        # An all-ASCII signature ("MZ", "GIF89a") alone could be the first word of a text.
        if sample.startswith(magic) and (has_nul or not magic.isascii()):
            return name
    return "NUL bytes" if has_nul else None


_BINARY_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"PK\x03\x04", "a ZIP archive (also .docx, .xlsx, .odt, .epub)"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ", "xz data"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc, .xls)"),
    (b"\x00\x00\x01\x00", "an icon"),
)


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NUL bytes sit in every other position (BOM-less UTF-16 text)."""
    if len(sample) < 16:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    # Latin text puts a NUL in nearly every high byte; Persian and other scripts still put one
    # after every space and punctuation mark. The low bytes of real text are (almost) never NUL.
    for high, low, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if high.count(0) >= 0.1 * len(high) and low.count(0) <= 0.01 * len(low):
            return name
    return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_RE.findall(text)) / len(text)


def _check_text(text: str, encoding: str) -> None:
    sample = text[:SNIFF_BYTES]
    # Decoded binary shows up as C0 controls and unassigned code points; text has (almost) none.
    junk = _control_share(sample)
    if junk > 0.01:
        raise BinaryInput(f"input looks binary ({junk:.0%} control characters when read as {encoding})")
    unassigned = sum(1 for ch in sample if unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if sample and unassigned / len(sample) > 0.01:
        raise BinaryInput(f"input looks binary (unassigned characters when read as {encoding})")


def decode_text(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode text bytes; raise EmptyInput / BinaryInput with a one-line message.

    Order: a BOM wins; then strict UTF-8; then a declared charset (HTTP header, HTML meta) if it
    decodes cleanly; then UTF-8 with a few bad bytes replaced (flagged) when the rest is clearly
    UTF-8; then charset-normalizer (Windows-1256, Latin-1, ...).
    """
    if not data:
        raise EmptyInput("input is empty (0 bytes)")
    flags: list[str] = []

    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, errors="replace")
            return _finish(text, name, flags + ["bom"])

    head = data[:SNIFF_BYTES]
    utf16 = _utf16_without_bom(head)
    if utf16:
        return _finish(data.decode(utf16, errors="replace"), utf16, flags)

    kind = binary_kind(head)
    if kind:
        raise BinaryInput(f"input looks binary ({kind}), not a text document")

    # Valid UTF-8 with any non-ASCII in it is UTF-8 whatever the page declares: legacy text almost
    # never forms valid UTF-8 by chance, while pages that declare a legacy charset and are served
    # in UTF-8 are common.
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared and _codec_name(declared) != "utf-8" and _NON_ASCII.search(data):
            flags.append("declared-charset-ignored")
        return _finish(text, "utf-8", flags)

    # A declared UTF-16/32 without a BOM is a known mislabel (WHATWG: treat it as UTF-8).
    if declared and not declared.lower().replace("-", "").replace("_", "").startswith(("utf16", "utf32")):
        try:
            codecs.lookup(declared)
            return _finish(data.decode(declared), declared, flags)
        except (LookupError, UnicodeDecodeError):
            flags.append("declared-charset-ignored")

    # Mostly valid UTF-8 with a few broken bytes (a truncated download, a bad copy-paste): keep
    # UTF-8 and say so, rather than let a legacy code page turn every accented letter to mojibake.
    # (Legacy text read as UTF-8 breaks on most of its non-ASCII bytes, so it never passes this.)
    # Judged on a window first: decoding 50 MB of Windows-1256 with errors="replace" takes seconds.
    if _mostly_utf8(_sample_window(data)):
        lenient = data.decode("utf-8", errors="replace")
        bad = _bad_utf8_count(data, lenient)
        if _mostly_utf8(data, lenient):  # the whole file, not just the window
            return _finish(lenient, "utf-8", flags + [f"invalid-bytes-replaced:{bad}"])

    encoding = _legacy_encoding(data)
    if encoding is None:
        raise BinaryInput("input looks binary (no text encoding fits it)")
    text = data.decode(encoding, errors="replace")
    replaced = _bad_utf8_count(data, text)
    if replaced > 0:
        flags.append(f"invalid-bytes-replaced:{replaced}")
    return _finish(text, encoding, flags)


# The legacy encodings a crisis report plausibly arrives in, in the order we prefer them when
# charset-normalizer finds several equally clean (it often cannot tell Latin code pages apart on a
# short text, and unrestricted it picks DOS or Mac pages: "Café" came back as cp775 "Cafķ").
# Windows-1252 first: Western text decodes the same in most of these, and Persian or Russian text
# read as 1252 is full of mess, so it never ties with 1256 / 1251.
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1256",  # Persian and Arabic on Windows
    "cp1251",
    "cp1250",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1257",
    "iso8859_6",
    "koi8_r",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "mac_roman",
)
DETECT_SAMPLE_BYTES = 1024 * 1024  # detection on 1 MB: a 50 MB legacy file took 30 s unsampled
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _bad_utf8_count(data: bytes, lenient: str) -> int:
    # U+FFFD already present in the input (EF BF BD) is text, not a replaced byte.
    return lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")


def _mostly_utf8(data: bytes, lenient: str | None = None) -> bool:
    if lenient is None:
        lenient = data.decode("utf-8", errors="replace")
    bad = _bad_utf8_count(data, lenient)
    multibyte = len(lenient) - len(lenient.encode("ascii", errors="ignore")) - bad
    return multibyte >= 4 * bad


def _sample_window(data: bytes) -> bytes:
    """Up to 1 MB starting near the first non-ASCII byte (a long ASCII head tells nothing)."""
    first = _NON_ASCII.search(data)
    start = max(0, (first.start() if first else 0) - 4096)
    sample = data[start : start + DETECT_SAMPLE_BYTES]
    if start and b"\n" in sample[:4096]:
        sample = sample[sample.index(b"\n") + 1 :]
    if start + DETECT_SAMPLE_BYTES < len(data) and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # do not cut a multi-byte character in two
    return sample


def _legacy_encoding(data: bytes) -> str | None:
    sample = _sample_window(data)
    # threshold 0.5, not the default 0.2: Persian with zero-width non-joiners scores ~0.13 overall
    # but one chunk goes over 0.2, and charset-normalizer then drops Windows-1256 altogether.
    matches = list(charset_normalizer.from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS), threshold=0.5))
    if not matches:
        return None
    least_chaos = min(m.chaos for m in matches)
    clean = [codecs.lookup(m.encoding).name for m in matches if m.chaos <= least_chaos + 0.01]
    ranked = [codecs.lookup(e).name for e in LEGACY_ENCODINGS]
    return min(clean, key=lambda name: ranked.index(name) if name in ranked else len(ranked))


def _codec_name(encoding: str) -> str | None:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _finish(text: str, encoding: str, flags: list[str]) -> Decoded:
    label = encoding_label(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    if is_blank(text):
        raise EmptyInput("input holds only whitespace")
    _check_text(text, label)
    if "\x00" in text:
        # A few NULs (under the 1% of controls _check_text lets through) can survive decoding, e.g. a
        # UTF-16 BOM before bytes that are not all UTF-16 (found by fuzz/). NUL never belongs in text and
        # PostgreSQL refuses it in a text column: the ingest of such a file failed with a traceback.
        text = text.replace("\x00", "")
        flags = flags + ["decode:nul-removed"]
    return Decoded(text=text, encoding=label, flags=flags + [f"encoding:{label}"])
