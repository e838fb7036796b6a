"""The victims of a Persian act: the names listed in its clause and around it."""

from __future__ import annotations

import re

from rasad.languages.fa.incidents.common import ZWNJ, _stems, vocab
from rasad.languages.fa.incidents.names import _story_words, name_like


# a Persian word: letters of the Arabic script with ZWNJs, no digit, no punctuation ("،" is in the same block)
_WORD = re.compile(r"(?:(?![\d_])[\w])(?:(?![\d_])[\w]|\u200c)*")


def _family_name_next(text: str, pos: int) -> bool:
    """Whether the next word after ``pos`` (a space apart) can be a family name: no function, trigger or stop word."""
    v = vocab()
    m = _WORD.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" ")))
    if m is None or text[pos:m.start()].strip():
        return False
    word = m.group().replace(ZWNJ, "")
    return word not in v.name_stop and word not in v.trigger_words


def _name_words(text: str, start: int, forward: bool, limit: int = 4, quoted: bool = False) -> tuple[int, int] | None:
    """A person's name read from ``start`` forwards (after a cue) or backwards (before an age): 1 to ``limit``
    Persian words, none a function word, a trigger word or a description."""
    v = vocab()
    if forward:
        words = []
        # after a naming cue (``quoted``), a name set off in guillemets ("به نام «X Y»"): its words, up to the closing
        # mark (elsewhere guillemets open a quotation: "نوشت که «X جان‌باخت»")
        opening = re.match(r"[\s\u200c]*«", text[start:start + 4]) if quoted else None
        pos = start + opening.end() if opening else start
        for m in _WORD.finditer(text, pos):
            if text[pos:m.start()].strip() or len(words) == limit:
                break
            word = m.group().replace(ZWNJ, "")
            if word in v.stop_given_names and _family_name_next(text, m.end()):
                pass  # "به نام‌های X و جاوید شه‌بخش": a given name before a family name
            elif word in v.name_stop or word in v.trigger_words:
                break
            words.append(m.span())
            pos = m.end()
        return (words[0][0], words[-1][1]) if words else None
    words = []
    # a name in guillemets before its age or its verb ("«X Y» ۲۷ ساله"): read back from inside the closing mark
    closing = re.search(r"»[\s\u200c]*$", text[max(0, start - 4):start])
    pos = start - len(closing.group()) if closing else start
    complements = v.lex.word_set("act_complements")
    before = list(_WORD.finditer(text, max(0, start - 80), start))
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        if text[m.end():pos].strip() or len(words) == limit:
            break
        word = m.group().replace(ZWNJ, "")
        given = word in v.stop_given_names and bool(words) and \
            text[words[-1][0]:words[-1][1]].replace(ZWNJ, "") not in v.name_stop  # "جاوید ریگی": a given name
        if (word in v.name_stop and not given) or word in v.trigger_words:
            break
        if m.group() in complements and i and before[i - 1].group().replace(ZWNJ, "") in v.trigger_words:
            break  # "قصاص نفس X": the act noun's complement, no part of the name
        if _indefinite_person(m.group().replace(ZWNJ, "")) or m.group().replace(ZWNJ, "") in v.owned:
            break  # "خودروی مردی ۳۰ ساله": one unnamed man (and the thing he owns), no name
        words.append(m.span())
        pos = m.start()
    return (words[-1][0], words[0][1]) if words else None


def _indefinite_person(word: str) -> bool:
    """A person noun with the indefinite "ی" ("مردی", "جوانی", "دانشجویی"): someone unnamed."""
    people = vocab().people
    return word.endswith("ی") and (word[:-1] in people or (word.endswith("یی") and word[:-2] in people))


_PERFECT_ENDING = re.compile(r"\u200c(?:اند|است|ایم|اید)(?![\w\u200c])")  # "فرستاده‌اند": a verb, no name's word


def victim_names(text: str, lo: int, hi: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of named persons in ``text[lo:hi]`` by generic Persian cues: a title before the name
    ("جاویدنام", "زنده‌یاد"), "از جمله" (among them), "به نام" / "با هویت" (by the name of), an age after it
    ("X ۲۲ ساله", "X، ۲۲ ساله،"). Two words at least unless a title or a naming cue says it is a name."""
    v = vocab()
    spans: list[tuple[int, int]] = []

    def add(span, min_words=2, named=False):
        """``named``: after a naming cue ("به نام‌های"), where a name that is also a town's ("شهریار") is a name."""
        if span is None:
            return
        s, e = span
        if len(text[s:e].split()) < min_words or any(s < b and a < e for a, b in ([] if named else blocked) + spans):
            return
        first = text[s:e].replace(ZWNJ, "").split()[0]
        if first in (v.kin if named else v.people | v.counted_people):
            return  # a relative, or (before an age) a description: "پیک موتوری ۲۲ ساله" is a courier, no name
        if _PERFECT_ENDING.search(text[s:e]) or _plural_people(text[s:e].replace(ZWNJ, "").split()[0]):
            return  # "ویدیوهایی که شهروندان فرستاده‌اند": people and a verb's perfect after "که", no name
        if v.openers and any(o.end() <= s and not text[o.end():s].strip(" \u200c«")
                             for o in v.openers.finditer(text, 0, s)):
            return  # "به گزارش سازمان حقوق بشر ایران، زنی ۳۲ ساله ...": the source's name, no victim's
        spans.append(span)

    # "به نام X", "با هویت X", "به نام‌های X، Y و Z"
    for m in v.naming.finditer(text[:hi]):
        if m.start() < lo:
            continue
        pos = m.end()
        while True:
            found = _name_words(text, pos, True, quoted=True)
            add(found, 1, named=True)
            if found is None or not m.group("plural"):
                break
            sep = v.list_separator.match(text, found[1] + (text[found[1]:found[1] + 1] == "»"))  # «X» و «Y»
            if sep is None:
                break
            pos = sep.end()
    for m in v.identified_as.finditer(text, lo, hi):  # "خبرگزاری فارس او را X معرفی کرد"
        add(m.span("name"))
    for m in v.one_of_them.finditer(text, lo, hi):  # "یکی از آنان X بود"
        add(m.span("name"))
    for m in v.name_has.finditer(text, lo, hi):  # "این کولبر که «X Y» نام دارد"
        add(m.span("name"))
    for m in v.dead_named.finditer(text, lo):  # "فرد کشته‌شده «X Y»، کولبری غیرمسلح ..." (the name may run past hi)
        if m.start() >= hi:
            break
        for span in _full_names_from(text, m.end(), spans):
            add(span)
    if v.titles:
        for m in v.titles.finditer(text, lo, hi):
            add(_name_words(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()), True), 1)
    if v.among:
        for m in v.among.finditer(text, lo, hi):
            rest = text[m.end():]
            found = _name_words(text, m.end() + len(rest) - len(rest.lstrip()), True)
            if found is not None and _REFLEXIVE_NEXT.match(text, found[1]):
                # "جوانی که دوران سربازی خود را می‌گذراند": the words after "که" are owned by the subject (a
                # reflexive possessor follows them), a noun of the relative clause, no name set beside "جوانی"
                continue
            add(found)
    # "محمود صادقی، فعال صنفی معلمان، را بازداشت کردند": a name, its description between commas, the object mark
    for m in re.finditer(r"،\s*([^\W\d_][\w\u200c]*)[^،.]{0,40}،\s*را(?![\w\u200c])", text[:hi]):
        if m.start() >= lo and _describes(m.group(1), _story_words(v.lex)[2]):
            add(_name_words(text, m.start(), False, limit=3))
    for m in re.finditer(r"[\s،,]*\(?\d{1,3}[\s\u200c]*ساله", text[:hi]):
        if m.start() >= lo:
            add(_name_words(text, m.start(), False))
    # an apposition with a one-word description before the age: "X، مکانیک ۳۰ ساله،" (the name before the comma;
    # two words there are the name itself: "در ...، نازنین سلطانی ۱۵ ساله")
    for m in re.finditer(r"\s*،\s*[^\W\d_][\w\u200c]*\s+\(?\d{1,3}[\s\u200c]*ساله", text[:hi]):
        if m.start() >= lo:
            add(_name_words(text, m.start(), False))
    # ... and a description of two words whose first is a person's noun: "X، درویش گنابادی ۵۴ ساله" (a dervish of
    # the Gonabadi order), "X، کارگر ساختمانی ۳۰ ساله"
    for m in re.finditer(r"\s*،\s*(?P<noun>[^\W\d_][\w\u200c]*)\s+[^\W\d_][\w\u200c]*\s+\(?\d{1,3}[\s\u200c]*ساله",
                         text[:hi]):
        if m.start() >= lo and m.group("noun").replace(ZWNJ, "") in v.people | v.counted_people:
            add(_name_words(text, m.start(), False))
    return sorted(spans)


_REFLEXIVE_NEXT = re.compile(r"[\s\u200c]+(?:خود|خویش)(?:[\s\u200c]|$)")


def _plural_people(word: str) -> bool:
    """A plural of a people word ("مرزبانان", "ماموران"): people, no part of a name ("تیراندازی مستقیم مرزبانان")."""
    return word.endswith(("ان", "ها", "های", "ین")) and word in vocab().people_forms and word not in vocab().people


def _full_names_from(text: str, pos: int, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The full names (two or three name-like words) listed from ``pos`` on, apart by "و" or a comma ("X Y و Z W")."""
    spans: list[tuple[int, int]] = []
    while True:
        found = _name_words(text, pos, True, limit=3)
        if found is None:
            break
        words = list(_WORD.finditer(text, *found))
        while words and not all(name_like(w.group(), i == 0) for i, w in enumerate(words)):
            words.pop()  # "X Y گفت": the name ends before the verb
        if len(words) == 3 and _light_verb_next(text, words[-1].end()):
            words.pop()  # "X Y تأیید کرده‌اند": the verb's noun ends the name
        if len(words) < 2 or words[0].group().replace(ZWNJ, "") in vocab().people_forms | vocab().means_words or \
                any(_plural_people(w.group().replace(ZWNJ, "")) for w in words) or \
                any(a < words[-1].end() and words[0].start() < b for a, b in blocked):
            break
        found = (words[0].start(), words[-1].end())
        spans.append(found)
        # «X» و «Y»: each name set off in guillemets, the list's separator between the marks
        sep = vocab().list_separator.match(text, found[1] + (text[found[1]:found[1] + 1] == "»"))
        if sep is None:
            break
        pos = sep.end() + (text[sep.end():sep.end() + 1] == "«")
    return spans


def _light_verb_next(text: str, end: int) -> bool:
    """Whether the word after ``end`` is a finite form of a light verb ("کرده‌اند", "کرد", "نمودند")."""
    m = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    if m is None:
        return False
    word = m.group().replace(ZWNJ, "")
    return any(word.startswith(past) and len(word) <= len(past) + 4 for past in _stems(vocab().lex, "light_verbs"))


def _describes(word: str, description: frozenset[str]) -> bool:
    """A word that describes a person: a description noun ("کولبر", "کارگر", with its ezafe or plural) or an
    actor word ("از نیروهای بسیج", "از پاسداران سپاه": one of a force)."""
    bare = word.replace(ZWNJ, "")
    return bare in description or any(bare == d + e for d in description for e in ("ی", "ای")) or \
        bare in vocab().people or any(bare == p + e for p in vocab().people for e in ("ان", "های", "ها", "ی", "یان"))
