"""The figures of a Persian act: the number before its noun or its subject, after a noun act, parts of a group."""

from __future__ import annotations

import re

from rasad.incidents.counts import number_value
from rasad.incidents.records import Count
from rasad.languages.fa.incidents.common import BOUNDARY, Found, JOIN, LANG, SEP, STRONG_BOUNDARY, ZWNJ, vocab
from rasad.languages.fa.incidents.actors import _is_actor
from rasad.languages.fa.incidents.victims import _WORD, _name_words
from rasad.languages.fa.incidents.triggers import _AND_NEXT, _clause_start, _people_after


def _manner(text: str, f: Found) -> bool:
    """A noun act after "با", "بر اثر" ...: the manner of the clause's act ("با شلیک مستقیم کشتند"); a harm after
    "پس از" what led to it ("پس از ضرب‌وشتم جان باختند")."""
    before = text[max(0, f.start - 16):f.start]
    return f.is_act and f.nominal and bool(vocab().manner.search(before) or (
        f.label not in ("arrested", "detained") and vocab().lead_up.search(before)))


def _left_context(text: str, f: Found, live: list[Found]) -> int:
    """Where the clause of an act starts: the previous act's end ("سه تن کشته و ۲۰ نفر زخمی شدند": each
    participle after its own number) or the sentence break before it (a comma may part a list of names or an
    attribution from its clause; an act of manner, "با شلیک مستقیم", ends nothing)."""
    start = _clause_start(text, f.start, STRONG_BOUNDARY)
    for g in live:
        if g.is_act and g.end <= f.start and not _manner(text, g):
            start = max(start, g.end)
        elif not g.is_act and g.verb is not None and g.end <= f.start and _AND_NEXT.match(text, g.end):
            # an event's verb ends its clause too ("مراسم ... یک کولبر را بر هم زدند و چهار نفر را بازداشت کردند")
            start = max(start, g.end)
    return start


def _count_before(text: str, start: int, f: Found, dates: list[tuple[int, int]],
                  counted: set[tuple[int, int]] = frozenset()) -> tuple[Count, tuple[int, int]] | None:
    """The number that counts the people of an act: the first number expression of its clause (the subject or
    object stands before the verb), not an age, a time, a year or a date; for an act with a doer ("شلیک
    کردند"، "بازداشت کردند") only a number of its object ("۱۵ نفر را"، "به سوی سه معترض")."""
    v = vocab()
    object_only = f.is_act and f.verb is not None and f.verb in v.active
    if object_only and _THEM_OBJECT.search(text, start, f.start):
        # "به منازل چهار تن از نمایندگان ... یورش بردند و آنان را بازداشت کردند": the object points back at the
        # people counted before it, whatever their place in their clause
        object_only = False
    for m in v.number.finditer(text, start, f.start):
        s, e = m.span()
        if any(s < b and a < e for a, b in dates) or (s, e) in counted:
            continue  # a date, or a number that counts another act's people ("سه کشته و ده‌ها زخمی")
        after = text[e:e + 16]
        if v.not_people_after and v.not_people_after.match(after.lstrip() + " ") and \
                not (v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            continue
        if re.match(r"\s*(?:ساله|سالگی|ام\b|مین|\u200cام)", after):
            continue  # an age or an ordinal
        if v.not_one_person and v.not_one_person.match(after.lstrip() + " "):
            continue  # "یک گروه", "گروهی از": a group, not a count
        if v.openers and any(o.end() <= s and "،" not in text[o.end():s] and len(text[o.end():s].split()) <= 3
                             and not any(b is not None and b.search(text, o.end(), s) for b in v.bounds.values())
                             for o in v.openers.finditer(text, 0, s)) and not (
                v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            # "به گزارش یک گروه حقوق بشری، ...": the source's words (not "به گفته مقامات در این حمله پنج", nor
            # after a bound, which no source's name holds: "به گفته او دست‌کم ۴۰ نفر", nor a figure of people:
            # "به گفته دادستان کرج ۱۸ نفر بازداشت شدند")
            continue
        if re.fullmatch(r"1[34]\d\d|19\d\d|20\d\d", m.group(0)) and not (
                v.person_classifiers and v.person_classifiers.match(after.lstrip() + " ")):
            continue  # a year ("۳۰ شهریور ۱۴۰۱ نیروهای امنیتی ...")
        if object_only and not _object_position(text, e, f):
            continue
        if not _people_after(text, e, f):
            continue  # "یک بمب", "هفت‌تپه": a number of things, or part of a name
        before = text[max(start, s - 20):s]
        count = _count(m, before, text)
        if count is not None:
            pronoun = re.search(r"(?<![\w\u200c])(?:او|وی)\s+و\s+$", text[max(start, s - 12):s])
            if pronoun is not None:  # "او و دو فرزندش را بازداشت کردند": the one named before, and two more
                return _sum(Count(min=1, max=1, text=pronoun.group().strip()), count), (s - len(pronoun.group()), e)
            one = _one_described_and(text, start, s)
            if one is not None:  # "راننده خودرو و دو مسافر جان باختند": the driver, and two more
                return _sum(Count(min=1, max=1, text=text[one:s].strip()), count), (one, e)
            named = _named_and_kin(text, start, s, e)
            if named is not None:  # "X Y و دو تن از بستگانش بازداشت شدند": the one named, and two of their kin
                return _sum(Count(min=1, max=1, text=text[named:s].strip()), count), (named, e)
            return _and_more(text, count, (s, e), f, counted)
    return None


_AND_BEFORE = re.compile(r"\s+و\s+$")
_THEM_OBJECT = re.compile(r"(?<![\w\u200c])(?:آنان|آنها|آن\u200cها|ایشان)[\s\u200c]+را(?![\w\u200c])")
_OF_KIN = re.compile(r"[\s\u200c]+(?:(?:تن|نفر)[\s\u200c]+از[\s\u200c]+)?(?P<kin>[^\W\d_][\w\u200c]*)")


_ONE_AND_BEFORE = re.compile(r"(?<![\w\u200c])(?!و[\s\u200c])(?P<noun>[^\W\d_][\w\u200c]*)"
                             r"(?:[\s\u200c]+(?!و[\s\u200c])[^\W\d_][\w\u200c]*){0,2}\s+و\s+$")


def _one_described_and(text: str, start: int, s: int) -> int | None:
    """Where the clause's subject starts when it opens with one person named by a singular noun (a word or two
    after it) that "و" joins to the figure at ``s`` ("راننده بلوچ خودرو و دو مسافر ... جان باختند"): that one
    counts one more. Not a plural ("ماموران و دو ..."), and only at the clause's opening (the subject), or right
    after the "و" that opens a clause of its own."""
    for m in _ONE_AND_BEFORE.finditer(text, start, s):
        if m.end() != s:
            continue
        opening = text[start:m.start()].strip(" \u200c")
        if opening and not re.search(r"(?:^|\s)و$", opening) or \
                m.group("noun").replace(ZWNJ, "") not in vocab().one_described:
            return None  # (a clause of its own after "و" opens there too: "... شلیک کردند و مادر و دو فرزندش ...")
        return m.start()
    return None


def _named_and_kin(text: str, start: int, s: int, e: int) -> int | None:
    """Where a person's name starts that "و" joins to a figure of their kin ("نسرین X و دو تن از بستگانش"، "X Y و
    دو برادرش"): the name (two or three words, at the clause's opening, no force's) counts one more."""
    v = vocab()
    m = _AND_BEFORE.search(text, max(start, s - 6), s)
    k = _OF_KIN.match(text, e)
    if m is None or k is None:
        return None
    kin = k.group("kin").replace(ZWNJ, "")
    if not any(kin.startswith(w) for w in v.kin):
        return None
    span = _name_words(text, m.start(), False, limit=3)
    if span is None or len(text[span[0]:span[1]].split()) < 2 or text[start:span[0]].strip(" \u200c،,:") or \
            _is_actor(text, span):
        return None
    return span[0]


def _arrested_with(text: str, f: Found, live: list[Found]) -> Found | None:
    """The act an arrest is joined to by a bare "و", the two sharing one verb and one figure ("دو تن از اشرار زخمی
    و دستگیر شدند", "سه نفر را مضروب و بازداشت کردند"). Arrests only: "ده نفر کشته و زخمی شدند" is one toll of
    both, not ten of each."""
    before = [g for g in live if g.is_act and g.end <= f.start and g is not f]
    if not before:
        return None
    g = max(before, key=lambda g: g.end)
    return g if text[g.end:f.start].strip() == "و" else None


_ONE_OF_THEM_BEFORE = re.compile(r"(?<![\w\u200c])یکی" + SEP + r"از" + SEP + r"(?:آنان|آنها|آن" + JOIN + r"ها|ایشان|این"
                                 + SEP + r"[\w\u200c]+)(?:" + SEP + r"[^\W\d_][\w\u200c]*){0,4}" + r"\s*$")


def _one_of_as_object(text: str, start: int, f: Found) -> tuple[Count, tuple[int, int]] | None:
    """A doer's act whose object, the last "را" before it, is "one of" a group ("مغازه‌های ۱۲ شهروند را پلمب کردند
    و یکی از کسبه را که به این اقدام اعتراض کرده بود بازداشت کردند"): one person, not a figure of the clause
    before (the twelve whose shops were sealed)."""
    v = vocab()
    if v.one_of is None or f.verb is None or f.verb not in v.active:
        return None
    marks = [m for m in _OBJECT_MARK.finditer(text, start, f.start)]
    if not marks:
        return None
    mark = marks[-1]
    one = None
    for one in v.one_of.finditer(text, max(start, mark.start() - MAX_ONE_OF_CHARS), mark.start()):
        pass
    if one is None or _OBJECT_MARK.search(text, one.end(), mark.start()):
        return None
    return Count(min=1, max=1, text=one.group()), one.span()


MAX_ONE_OF_CHARS = 40  # "یکی از کسبه ... را": the group's noun, its ezafe and a word or two before the object's mark
_OBJECT_MARK = re.compile(r"(?<![\w\u200c])را(?![\w\u200c])")


def _one_of_them(text: str, start: int, f: Found) -> tuple[Count, tuple[int, int]] | None:
    """"یکی از آنها (از ناحیه دست) مجروح شد" right before an act: one of the people named before it, not all of them
    (the number before, "به دو زن حمله کرد", counts those attacked)."""
    m = _ONE_OF_THEM_BEFORE.search(text, max(start, f.start - 60), f.start)
    if m is None or not f.is_act:
        return None
    if f.verb is not None and f.verb in vocab().active and not _OBJECT_MARK.search(m.group()):
        # "چهار نوکیش را ... در منزل یکی از آنان بازداشت کردند": a doer's act whose object ("را") is elsewhere;
        # "one of them" is whose house, not whom it befell
        return None
    return Count(min=1, max=1, text=m.group().strip()), (m.start(), m.start() + 4)


def _count_before_act(text: str, start: int, f: Found, dates: list[tuple[int, int]],
                      counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """``_count_before`` from the last comma before the act when a figure stands there ("در درگیری مسلحانه دو
    طایفه در ...، سه نفر کشته ... شدند": the phrase before the comma names the event's sides, the one after it
    the act's subject), else from the clause's start."""
    said = list(vocab().speech.finditer(text, start, f.start)) if vocab().speech else []
    if said and _one_referred_back(text[said[-1].end():f.start].lstrip(" ،,")):
        # "X، وکیلی که وکالت چند تن از ... را بر عهده داشت، گفت او/موکلش ... بازداشت شد": the speech verb opens
        # the clause told of one person named before; a number in the speaker's description counts no one of it
        start = said[-1].end()
    comma = text.rfind("،", start, f.start)
    found = _count_before(text, comma + 1, f, dates, counted) if comma > start else None
    return found if found is not None else _count_before(text, start, f, dates, counted)


def _count_after(text: str, f: Found, dates: list[tuple[int, int]],
                 counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """The number right after a noun act, its ezafe or the figure it reaches: "اعدام سه زندانی", "بازداشت
    دست‌کم ۱۲ نفر", "شمار کشته‌شدگان به ۱۰ نفر رسید", "موجب مجروح شدن یک مامور و دو رهگذر شد" (groups joined
    by "و" add up)."""
    v = vocab()
    # "شمار کشته‌شدگان این حادثه را دو نفر اعلام کرد", "شمار جان‌باختگان جمعه خونین به ۶۶ نفر رسید": up to four
    # words and "را" or "به" before the figure; the infinitive of a noun act ("زخمی شدن سه نفر") before it
    # the figure right after the act (or its infinitive) first, then after the words up to "را"/"به"
    for lead in (_AFTER_ACT, _AFTER_OBJECT_WORDS, "را"):
        if lead == "را":
            pos = _after_object_marker(text, f.end, dates)  # "شمار جان‌باختگان تیراندازی ... در X را چهار نفر ..."
            if pos is None:
                continue
        else:
            m = lead.match(text[f.end:f.end + 40])
            if m is None:
                continue
            pos = f.end + m.end()
        if lead is _AFTER_ACT and f.label in ("executed", "arrested", "detained") and v.one_of is not None:
            one = v.one_of.match(text, pos)
            if one is not None and one.span() not in counted:
                return Count(min=1, max=1, text=one.group()), one.span()  # "حکم قصاص یکی از عاملان ..."
        for name, bound in v.bounds.items():
            b = bound.match(text, pos) if bound is not None else None
            if b is not None:
                pos = b.end() + len(text[b.end():]) - len(text[b.end():].lstrip())
                break
        n = v.number.match(text, pos)
        if n is None or (n.start(), n.end()) in counted or any(n.start() < b and a < n.end() for a, b in dates):
            continue
        after = text[n.end():n.end() + 16].lstrip() + " "
        if v.not_people_after and v.not_people_after.match(after) and not (
                v.person_classifiers and v.person_classifiers.match(after)):
            continue
        if lead is _AFTER_OBJECT_WORDS and text[:pos].rstrip().endswith("به") and not (
                _a_person_word_after(text, n.end()) or _REACHED.match(text, n.end())):
            continue  # "شمار کشته‌شدگان حمله ... به یک مسجد ...": the attack's target, no figure the toll reaches
        count = _count(n, text[max(0, n.start() - 20):n.start()], text)
        if count is not None:
            return _and_more(text, count, n.span(), f, counted)
    return _toll_figure(text, f, dates, counted)


# the words a toll's noun may run on before its figure ("شمار کشته‌شدگان حمله تروریستی روز چهارشنبه به حرم
# شاهچراغ در شیراز ۱۳ نفر است": the attack, its day, its target and its town), none a clause break
MAX_TOLL_WORDS = 10
_REACHED = re.compile(r"\s*رسید")  # "شمار کشته‌شدگان به ۱۰ رسید": the figure the toll reached


def _a_person_word_after(text: str, end: int) -> bool:
    """Whether the word after a figure names people ("۱۰ نفر"، "سه معترض"، "۲۳ درویش")."""
    v = vocab()
    m = _WORD.match(text, end + len(text[end:]) - len(text[end:].lstrip()))
    word = m.group().replace(ZWNJ, "") if m else ""
    return word in v.people_forms or word in v.counted_people or bool(
        v.person_classifiers and v.person_classifiers.match(text, m.start() if m else end))


_TOLL_NOUN = re.compile(r"(?:^|[\s\u200c])(?:شمار|تعداد|آمار)[\s\u200c]*$")
_TOLL_WORD = re.compile(r"\s+[^\W\d_][\w\u200c]*")
_TOLL_END = re.compile(r"\s*(?:نفر|تن)\s+(?:است|بود|اعلام|گزارش)")


def _toll_figure(text: str, f: Found, dates: list[tuple[int, int]],
                 counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]] | None:
    """A toll stated with the copula a few words after it ("شمار شهدای حمله به پاسگاه پنج نفر است"، "تعداد
    کشته‌شدگان این حادثه سه نفر اعلام شد"): the figure of the act the toll names."""
    v = vocab()
    if not (f.phrase.startswith(("شمار", "تعداد", "آمار")) or _TOLL_NOUN.search(text, max(0, f.start - 8), f.start)):
        return None
    pos = f.end
    for _ in range(MAX_TOLL_WORDS):
        w = _TOLL_WORD.match(text, pos)
        if w is None:
            return None
        pos = w.end()
        n = v.number.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip()))
        if n is not None and _TOLL_END.match(text, n.end()) and (n.start(), n.end()) not in counted and not any(
                n.start() < b and a < n.end() for a, b in dates):
            count = _count(n, "", text)
            return (count, n.span()) if count is not None else None
    return None


def _after_object_marker(text: str, pos: int, dates: list[tuple[int, int]], limit: int = 14) -> int | None:
    """Where the figure after a noun act's object starts when the object runs on (a place, the doers, a date) up
    to its "را" ("شمار جان‌باختگان تیراندازی ماموران به سوی معترضان در مهاباد را چهار نفر اعلام کرد"): after the
    first "را" of the clause, within ``limit`` words, none a figure outside a date."""
    for k, m in enumerate(re.finditer(r"[^\s.،,؛:!؟«»()]+", text[pos:pos + 160])):
        s, e = pos + m.start(), pos + m.end()
        if k >= limit or BOUNDARY.search(text, pos, s):
            return None
        if m.group() == "را":
            return e + len(text[e:]) - len(text[e:].lstrip())
        if any(ch.isdigit() for ch in m.group()) and not any(a <= s < b for a, b in dates):
            return None  # a figure before the mark is the act's own ("کشته‌شدگان ۵ نفر را ...")
    return None


_AFTER_ACT = re.compile(r"(?:\s+(?:شدن|کردن|گردیدن))?\s+")
_AFTER_OBJECT_WORDS = re.compile(r"(?:\s+(?:شدن|کردن|گردیدن))?(?:\s+[^\W\d_][\w\u200c]*){0,4}?\s+(?:را|به)\s+")


def _and_more(text: str, count: Count, span: tuple[int, int], f: Found,
              counted: set[tuple[int, int]]) -> tuple[Count, tuple[int, int]]:
    """A figure and a second group of people joined to it by "و" (the first group's noun up to three words on):
    "یک مامور پلیس و دو رهگذر", "یک مامور نیروی انتظامی و دو شهروند ... جان باختند": one sum."""
    v = vocab()
    more = re.match(r"(?:\s+[^\W\d_][\w\u200c]*){1,3}?\s+و\s+", text[span[1]:span[1] + 50])
    if more is None:
        return count, span
    n2 = v.number.match(text, span[1] + more.end())
    # both groups on the same side of the act: "دو معترض کشته و سه نفر زخمی شدند" joins two acts' figures
    same_side = n2 is not None and ((span[0] >= f.end and n2.start() >= f.end) or (span[1] <= f.start and
                                                                                  n2.end() <= f.start))
    if not same_side or (n2.start(), n2.end()) in counted:
        return count, span
    if re.search(r"\s", text[n2.end():n2.end() + 1] or "x") is None or not _people_after(text, n2.end(), f):
        return count, span
    second = _count(n2, "", text)
    return (_sum(count, second), (span[0], n2.end())) if second is not None else (count, span)


def _object_position(text: str, end: int, f: Found) -> bool:
    """A number whose noun is the object of the act: "را" follows it, or a target marker comes before it."""
    v = vocab()
    after = text[end:f.start]
    marker = v.object_marker.search(after) if v.object_marker else None
    if marker is not None and any(not re.match(r"\s*را(?![\w\u200c])", text[m.end():m.end() + 6])
                                  for p in v.clause_verbs for m in p.finditer(text, end, end + marker.start())):
        # "یک فعال ... یورش بردند و او ... را": a verb between, the number is another clause's (a "verb" right
        # before "را" is a noun: "۲۳ شهروند کرد را")
        marker = None
    return marker is not None or bool(
        v.target_markers and re.search(r"(?:" + v.target_markers.pattern + r")" + SEP + r"$",
                                       text[max(0, end - 60):end].rsplit(" ", 1)[0] + " "))


def _count(m: re.Match, before: str, text: str) -> Count | None:
    v = vocab()
    phrase = m.group(0)
    if m.group("vague"):
        key = v.vague_keys.get(re.sub(r"[\s\u200c]", "", m.group("vague")))
        if key is None:
            return None
        lo, hi = v.lex.vague[key]
        return Count(min=lo, max=hi, text=key)
    lo = number_value(_plain(m.group("lo")), LANG)
    if lo is None:
        return None
    if m.group("hi"):
        hi = number_value(_plain(m.group("hi")), LANG)
        if hi is not None:
            a, b = sorted((lo, hi))
            return Count(min=a, max=b, text=phrase)
    for name, bound in v.bounds.items():
        if bound is None:
            continue
        b = None
        for b in bound.finditer(before):
            pass
        if b is not None and not before[b.end():].strip():
            text_ = before[b.start():] + phrase
            if name == "at_least":
                return Count(min=lo, max=None, text=text_)
            if name == "at_most":
                return Count(min=None, max=lo, text=text_)
            return Count(min=lo, max=lo, text=text_)
    return Count(min=lo, max=lo, text=phrase)


def _plain(words: str) -> str:
    """A number's words with ZWNJs as spaces and thousands separators dropped, for ``number_value``."""
    words = vocab().joined_joiner.sub(r"\1 ", words)  # "سی‌وپنج": "سی‌و پنج"
    return re.sub(r"(?<=\d)[,٬](?=\d{3})", "", words.replace(ZWNJ, " "))


def _one_referred_back(subject: str) -> bool:
    """Whether a clause's subject is one person pointed back at: a singular pronoun ("او"، "وی") or a noun with a
    third person's singular ending ("موکلش"، "پسرش"; not a plural's "فرزندانش")."""
    first = subject.split(maxsplit=1)[0].replace(ZWNJ, "") if subject.split() else ""
    return first in ("او", "وی") or (len(first) > 3 and first.endswith("ش") and not first.endswith(("انش", "هایش", "هاش")))


def _sum(a: Count, b: Count) -> Count:
    lo = (a.min or 0) + (b.min or 0) if a.min is not None or b.min is not None else None
    hi = a.max + b.max if a.max is not None and b.max is not None else None
    return Count(min=lo, max=hi, text=f"{a.text} + {b.text}")
