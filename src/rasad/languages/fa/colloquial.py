"""The formal view of a Persian text written in the spoken register.

Telegram channels and citizens' posts write Persian as it is spoken: "ساعت ۲۲ خیابون ستارخان، لباس‌شخصی‌ها
ریختن و چند نفرو گرفتن" for "... ریختند و چند نفر را بازداشت کردند". The vocabulary of the analysis is formal
(the agencies' and the monitors' copy), so a text in the spoken register is read through a formal view of it:
the spoken words of ``data/colloquial_fa.yaml`` as their formal words, a verb's spoken third person plural "ن"
as "ند", the object marker joined to its noun ("نفرو") as "نفر را", and "گرفتن" / "زدن" with a person as
its object as the arrest / the harm it tells. The view has an offset map back to the text it was made from, composed with the
normaliser's (``ComposedMap``), so every record's offsets still point at the stored words.

A text is read so only when it holds enough words of the spoken register (``is_colloquial``): formal copy is
never rewritten, where "کشته شدن" is an infinitive and "تو" a pronoun.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from rasad.config import DATA_DIR
from rasad.languages.fa.normalise import Normalised, OffsetMap

COLLOQUIAL_YAML = DATA_DIR / "colloquial_fa.yaml"
ZWNJ = "\u200c"
_WORD = re.compile(r"[\w\u200c]+")


@dataclass(frozen=True)
class _Register:
    markers: frozenset[str]
    min_markers: int
    words: dict[str, str]
    object_nouns: frozenset[str]
    verb: re.Pattern
    pronouns: dict[str, str]
    object_verbs: dict[str, str]
    past_stems: frozenset[str]


def _key(word: str) -> str:
    return word.replace(ZWNJ, "")


@functools.lru_cache(maxsize=1)
def register() -> _Register:
    data = yaml.safe_load(COLLOQUIAL_YAML.read_text(encoding="utf-8")) or {}
    past, present = set(), set()
    for item in data.get("verbs") or []:
        p, _, r = str(item).partition("/")
        past.add(p)
        present.add(r or p)
    pronouns = {str(k): str(v) for k, v in (data.get("object_pronouns") or {}).items()}
    alt = lambda xs: "|".join(re.escape(x) for x in sorted(xs, key=len, reverse=True))  # noqa: E731
    # a spoken third person plural: (negation)(progressive) stem + "ن" (+ an object pronoun)
    verb = re.compile(r"^(?P<pre>ن?(?:می\u200c?)?)(?:(?P<past>" + alt(past) + r")|(?P<pres>" + alt(present)
                      + r"))ن(?P<pron>" + alt(pronouns) + r")?$")
    return _Register(
        markers=frozenset(_key(w) for w in data.get("markers") or []),
        min_markers=int(data.get("min_markers") or 2),
        words={_key(k): str(v) for k, v in (data.get("words") or {}).items()},
        object_nouns=frozenset(_key(w) for w in data.get("object_nouns") or []),
        verb=verb, pronouns=pronouns,
        object_verbs={str(k): str(v) for k, v in (data.get("object_verbs") or {}).items()},
        past_stems=frozenset(past))


def is_colloquial(text: str) -> bool:
    """Whether a (normalised) text is written in the spoken register: it holds ``min_markers`` of its words."""
    reg = register()
    seen = set()
    for m in _WORD.finditer(text or ""):
        key = _key(m.group())
        if key in reg.markers:
            seen.add(key)
        elif key.endswith("و") and key[:-1] in reg.object_nouns:
            seen.add("object marker")  # "نفرو"
        else:
            v = reg.verb.match(key)
            if v is not None and v.group("pron") and len(v.group("pron")) > 1:
                seen.add("object pronoun")  # "بردنشون"
            elif v is not None and "می" in v.group("pre"):
                seen.add("spoken plural")  # "میدادن", "میکنن": no infinitive takes "می"
    return len(seen) >= reg.min_markers


def _edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, formal words) for the spoken words of a text, in order."""
    reg = register()
    out: list[tuple[int, int, str]] = []
    prev = ""  # the formal form of the word before
    for m in _WORD.finditer(text):
        word = m.group()
        key = _key(word)
        new = reg.words.get(key)
        if new is None and key.endswith("و") and key[:-1] in reg.object_nouns:
            new = word[:-1].rstrip(ZWNJ) + " را"  # "نفرو": "نفر را"
        if new is None:
            v = reg.verb.match(key)
            if v is not None:
                stem = v.group("past") or v.group("pres")
                pron = v.group("pron")
                # "X رو زدنش": the pronoun repeats the object already named
                obj = (reg.pronouns[pron] + " را ") if pron and not prev.endswith("را") else ""
                told = reg.object_verbs.get(v.group("past") or "")
                if told and not v.group("pre") and (pron or prev.endswith("را")):
                    new = obj + told + "ند"  # "X رو گرفتن"، "گرفتنش": arrested
                else:
                    pre = v.group("pre").replace(ZWNJ, "")
                    pre = pre[:-2] + "می" + ZWNJ if pre.endswith("می") else pre
                    new = obj + pre + stem + "ند"
        if new is not None and new != word:
            out.append((m.start(), m.end(), new))
        prev = new if new is not None else word
    return out


@dataclass
class ComposedMap:
    """Two offset maps one after the other: the normaliser's (stored text -> its view) and the formal view's
    (the normalised view -> the formal view). The methods of ``OffsetMap`` the pipeline uses."""

    inner: OffsetMap
    outer: OffsetMap

    @property
    def identity(self) -> bool:
        return self.inner.identity and self.outer.identity

    def start(self, pos: int) -> int:
        return self.inner.start(self.outer.start(pos))

    def end(self, pos: int) -> int:
        return self.inner.end(self.outer.end(pos))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.outer.to_source(start, end)
        return self.inner.to_source(s, e)


def formal_view(view: Normalised) -> Normalised:
    """The formal view of a normalised text in the spoken register (the view itself for any other text), with
    its map back to the stored text."""
    if not is_colloquial(view.text):
        return view
    edits = _edits(view.text)
    if not edits:
        return view
    omap = OffsetMap()
    out: list[str] = []
    pos = npos = 0
    for s, e, new in edits:
        out.append(view.text[pos:s])
        npos += s - pos
        omap.norm_pos.append(npos)
        omap.norm_len.append(len(new))
        omap.src_pos.append(s)
        omap.src_len.append(e - s)
        out.append(new)
        npos += len(new)
        pos = e
    out.append(view.text[pos:])
    return Normalised("".join(out), ComposedMap(view.map, omap))
