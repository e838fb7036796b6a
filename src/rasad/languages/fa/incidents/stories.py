"""Memorial stories (the eval's victim stories): the person a story is about, their birth and death days,
whether it states the death, their name as a registry writes it."""

from __future__ import annotations

import functools
import re

from rasad.incidents.lexicon import lexicon
from rasad.languages.fa.incidents.common import LANG, START, ZWNJ, _alternation, _hamza_free, vocab
from rasad.languages.fa.incidents.actors import _is_actor, actor_mentions
from rasad.languages.fa.incidents.names import (
    _LEADING, _ends_name, _name_word_class, _story_words, name_like, story_name,
)
from rasad.languages.fa.incidents.victims import _name_words, victim_names


_ONE_FOR_ONE = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9",
                              **{chr(0x06F0 + i): str(i) for i in range(10)}, **{chr(0x0660 + i): str(i) for i in range(10)}})


def story_birth_days(text: str, days: list) -> set[int]:
    """The starts of the day mentions a story marks as a birth ("زادهٔ ۱۰ بهمن"، "تولدش بود (۲۶ بهمن)")."""
    birth = _birth_before()
    plain = text.translate(_ONE_FOR_ONE)
    return {d.start for d in days if birth.search(plain[max(0, d.start - 20):d.start])}


@functools.lru_cache(maxsize=1)
def _birth_before() -> re.Pattern:
    """A birth word right before a day (fa.yaml "patterns": "story_birth_before")."""
    return re.compile(lexicon(LANG).pattern("story_birth_before"))


def story_death_day(text: str, days: list) -> object | None:
    """The day of death among a story's day mentions (``days``: records with start/end in ``text``): not a
    birth ("زادهٔ ۱۰ بهمن ..."); the later of a lifespan "(X – Y)"; else a day right before or after a death
    word in its sentence ("۱۷ مهر زیر شکنجه جان سپرد", "درگذشتهٔ ۳۰ خرداد"); None when no day is marked so.
    Read on the stored text with the one-for-one Persian letters and digits, so offsets stay."""
    death = _alternation(lexicon(LANG).word_set("story_death_event"), r"[\w\u200c]*")
    birth = _birth_before()
    plain = text.translate(_ONE_FOR_ONE)
    # a death sentence passed ("به اعدام محکوم شد") is no death: blanked, one space a letter (offsets hold)
    plain = re.sub(lexicon(LANG).pattern("story_sentence_passed"), lambda m: " " * len(m.group()), plain)
    days = sorted(days, key=lambda d: d.start)

    def births(d) -> bool:
        return bool(birth.search(plain[max(0, d.start - 20):d.start]))

    kept = [d for d in days if not births(d)]
    for a, b in zip(days, days[1:]):  # a lifespan: "(۱۱ تیر ۱۳۸۵ – ۳۰ شهریور ۱۴۰۱)"
        between = plain[a.end:b.start]
        if re.fullmatch(r"[^()]{0,20}[–—-][^()]{0,20}", between) and "(" in plain[max(0, a.start - 20):a.start] \
                and b in kept:
            return b
    if death is None:
        return None
    for i, d in enumerate(kept):
        nxt = kept[i + 1].start if i + 1 < len(kept) else len(plain)
        after = plain[d.end:nxt]
        after = re.split(r"[.!?؟\n]", after, maxsplit=1)[0]
        before = plain[max(0, d.start - 16):d.start]
        if death.search(after) or death.search(before):
            return d
    return None


def story_states_death(text: str) -> bool | None:
    """Whether a memorial story states or implies its person's death: True, False (it tells of an arrest, a
    disappearance or an injury only), None (neither)."""
    death, not_death, _ = _story_words(lexicon(LANG))
    if death is not None and death.search(text) or _death_idiom().search(text):
        return True
    if not_death is not None and not_death.search(text):
        return False
    return None


@functools.lru_cache(maxsize=1)
def _death_idiom() -> re.Pattern:
    """A family's idiom of dying that a word list cannot hold (fa.yaml "patterns": "story_death_idiom")."""
    return re.compile(lexicon(LANG).pattern("story_death_idiom"))


def clean_name(text: str, min_words: int = 1, after: str = "") -> str | None:
    """The name in a candidate phrase, read by word class (``_name_word_class``): leading verb forms dropped
    (they end the clause before: "جاویدنام شدن X"); a phrase opening with another non-name word (a stop word,
    a plural noun, a number) is no name; a verb or a number inside it makes it a clause or a numbered noun
    ("صورتش متلاشی شده", "شعبه اول"), no name; a stop word or a plural after the name ends it. None when no
    name or fewer than ``min_words`` words remain. ``after``: the text after the phrase; its first word, when
    only a space stands between and it is a verb, says the phrase ends with a predicate: a participle ("آسیب
    دیده" + "بود": a clause, no name) or an adjective, dropped ("زهرا کریمی باردار" + "بود")."""
    words = text.replace("_", " ").split()
    follow = re.match(r"[ \u200c]+([\w\u200c]+)", after)
    tail = [follow.group(1)] if follow else []
    kept: list[str] = []
    for n, w in enumerate(words + tail):
        if n == len(words):  # the word after the phrase only tells whether it ended with a clause's predicate
            if kept and len(kept) == len(words) and _name_word_class(w, False) == "verb":
                if re.search(r"[دت]ه$", kept[-1]) or len(kept) < 3:
                    return None  # a participle before its auxiliary ("آسیب دیده بود"): a clause, no name
                kept.pop()  # an adjective before the copula ("X Y باردار بود"): the name is before it
            break
        kind = _name_word_class(w, not kept)
        if kind == "name":
            kept.append(w)
        elif not kept and kind in ("verb", "epithet"):
            continue
        elif not kept or kind in ("verb", "number"):
            return None
        else:
            break
    return " ".join(kept) if len(kept) >= min_words else None


def registry_form(name: str) -> str:
    """A name as name registries and memorial lists write it: every part of a compound a word of its own (a ZWNJ
    between the parts as a space: "کریم‌زاده" -> "کریم زاده", "عزت‌الله" -> "عزت الله"; texts join the parts
    with a ZWNJ, a space or nothing, and lists write them apart), and a word-final hamza after alef dropped, as
    Persian spelling drops it ("اسراء" -> "اسرا"). A part written joined without a ZWNJ ("امیرحسین") stays one
    word: where it splits is not written."""
    words = name.replace(ZWNJ, " ").split()
    return " ".join(re.sub("\u0627\u0621$", "\u0627", w) for w in words)


def story_names(text: str) -> list[str]:
    """The names a memorial story gives its person: the opening noun phrase, else a name found by the news cues
    (a title, "به نام", "از جمله", an age after it); each read through ``clean_name``, so a phrase of function
    words, verbs or numbers ("مدت ها", "شعبه اول") is no name and the next cue is tried."""
    text = text.translate(_HASHTAG_AS_WORDS)  # "#علی_احمدی" is "علی احمدی" (offsets kept)
    labelled = _labelled_name(text)
    if labelled is not None:
        return [labelled]
    name_is = _alternation(lexicon(LANG).word_set("name_is_words"))
    for m in name_is.finditer(text) if name_is is not None else ():
        found = _name_words(text, m.end() + len(text[m.end():]) - len(text[m.end():].lstrip()), True)
        # the copula after the name is expected here ("نامش X Y بود"), so the name is read without what follows
        name = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
        if name is not None:
            return [name]
    v = vocab()
    span = story_name(text)
    quoted = None
    if span is not None and _LEADING.match(text) and "«" in _LEADING.match(text).group():
        quoted, span = span, None  # a story opening with a quoted phrase («بابا نادر» ...): a nickname, tried last
    if span is not None and _is_actor(text, span):
        span = None  # "خودروی نیروی انتظامی ...": an actor opens the story, not the person
    if span is not None and re.match(r"\s*[:：]\s*\d", text[span[1]:]):
        span = None  # a field's label before its date or figure ("سالروز جاودانگی: ۲۸ آبان ..."), no name
    if span is not None:
        name = clean_name(text[span[0]:span[1]], after=text[span[1]:span[1] + 40])
        if name is not None and len(name.split()) == 1 and name.replace(ZWNJ, "") in v.people:
            name = None  # a kin or description noun opening the story ("مادربزرگ ۷۲ ساله‌ای به نام X"): no name
        rest = span[1] + len(text[span[1]:]) - len(text[span[1]:].lstrip(" ،,"))
        # one word before a title ("یاد جاویدنام X Y ..."): the titled name after it is the person
        titled_after = name is not None and len(name.split()) == 1 and v.titles is not None and \
            v.titles.match(text, rest) is not None
        if name is not None and not titled_after:
            # a one-word opening ("مهران، آرمان و میلاد ... مهران شاکری"): the full name the text writes, if any
            return [known_as(text, span[1]) or _patronymic(text, span[1], name) or
                    (_full_name(text[span[1]:], name) if len(name.split()) == 1 else None) or name]
    after = _alternation(lexicon(LANG).word_set("name_after_words"))
    for m in after.finditer(text) if after is not None else ():
        rest = text[m.end():]
        found = _name_words(text, m.end() + len(rest) - len(rest.lstrip()), True)
        if found is not None:
            name = clean_name(text[found[0]:found[1]], min_words=2, after=text[found[1]:found[1] + 40])
            if name is not None:
                return [name]
    for s, e in victim_names(text, 0, len(text), []):
        # a force named before the name ("ماموران ... X Y ۴۰ ساله را زدند"): the name starts after it
        s = max([s] + [a.end for a in actor_mentions(_hamza_free(text), s, e) if a.inter in (1, 2, 3, 4)])
        s += len(text[s:e]) - len(text[s:e].lstrip())
        name = clean_name(text[s:e], min_words=1 if _titled(text, s) else 2, after=text[e:e + 40]) if s < e else None
        if re.search(r"(?:^|[\s\u200c])در[\s\u200c]+$", text[max(0, s - 4):s]):
            continue  # "در X Y، ..." (in X Y): a place, not a person
        if name is not None and not _is_actor(text, (s, e)):
            return [name]
    # the subject of a later sentence, where the first names nobody ("۲۳ ساله ... بود. X Y، اهل ...") or
    # tells of someone else: a full name opening one of the next sentences, before a comma or an age
    for m in _SENTENCE_START.finditer(text, 0, min(len(text), 400)):
        span = story_name(text, m.end())
        if span is None or _is_actor(text, span):
            continue
        name = clean_name(text[span[0]:span[1]], min_words=1, after=text[span[1]:span[1] + 40])
        death = _story_words(v.lex)[0]
        if name is None or _names_a_place(name) or (death is not None and death.search(name)):
            continue  # a place, or a grave or a burial ("آرامستان X")
        # the name ends at a comma or an age, or (two words at least) at a function or time word ("X Y روز ۱۹ دی")
        nxt = re.match(r"\s*([\w\u200c]+)", text[span[1]:span[1] + 30])
        if not re.match(r"\s*(?:،|\d|[۰-۹])", text[span[1]:span[1] + 3]) and \
                not (len(name.split()) > 1 and nxt and nxt.group(1).replace(ZWNJ, "") in vocab().name_stop):
            continue
        full = name if len(name.split()) > 1 else _full_name(text, name)
        if full is not None:
            return [full]
    if quoted is not None:
        name = clean_name(text[quoted[0]:quoted[1]], after=text[quoted[1]:quoted[1] + 40])
        if name is not None:
            return [name]
    # a story opening with when or where, then a comma ("در روز ۱۸ دی، X Y در سقز ..."; "دو روز مانده به تولدش، روز
    # ۱۹ دی، X Y ..."): the full name after one of the first sentence's commas
    first = _SENTENCE_END_AT.search(text)
    for comma in [m.start() for m in re.finditer("،", text[:min(120, first.start() if first else len(text))])][:3]:
        span = story_name(text, comma + 1)
        if span is not None and not _is_actor(text, span):
            name = clean_name(text[span[0]:span[1]], min_words=2, after=text[span[1]:span[1] + 40])
            if name is not None and not _names_a_place(name):
                return [name]
    # a relative speaking of the person ("مادر X Y در ویدیویی گفت دخترش ..."): the full name after a kin noun that
    # opens the story or a sentence, where the story goes on to speak of X alone ("X ۱۶ سال داشت")
    for m in re.finditer(r"(?:^|(?<=[.!?؟\n]))[\s«»\"]*([^\W\d_][\w\u200c]*)[ \u200c]+", text):
        if m.group(1).replace(ZWNJ, "") not in v.kin:
            continue
        found = _name_words(text, m.end(), True)
        name = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
        if name is not None and re.search(START + re.escape(name.split()[0]) + r"(?![\w\u200c])", text[found[1]:]):
            return [name]
    return []


_SENTENCE_END_AT = re.compile(r"[.!?؟\n]")


_SENTENCE_START = re.compile(r"(?<=[.!?؟\n:])[\s»\"]*")  # a colon too: "... جان باخت: X Y، ..."


def _full_name(text: str, given: str) -> str | None:
    """A one-word name completed from the text: the given name followed by a family name elsewhere in the
    story ("... از روی مهدی جعفری‌نژاد گذشت. مهدی ۲۷ ساله بود": "مهدی جعفری‌نژاد"); None when the text
    never writes it with a second name."""
    for m in re.finditer(START + re.escape(given) + r"[ \u200c]+([\w\u200c]+)", text):
        if name_like(m.group(1), False) and not _ends_name(m.group(1), " x", _story_words(lexicon(LANG))[2]):
            return f"{given} {m.group(1)}"
    return None


def _patronymic(text: str, end: int, given: str) -> str | None:
    """A one-word name followed by "فرزند" and the father's full name ("علی فرزند حسین اکبری"): the person's
    name is the given name with the family name (the father's last word); None otherwise ("X Y فرزند Z" keeps
    X Y)."""
    m = re.match(r"[ \u200c]+فرزند[ \u200c]+", text[end:])
    if m is None or len(given.split()) != 1:
        return None
    found = _name_words(text, end + m.end(), True)
    father = clean_name(text[found[0]:found[1]], min_words=2) if found is not None else None
    return f"{given} {father.split()[-1]}" if father is not None else None


def _names_a_place(name: str) -> bool:
    """Whether a phrase after a preamble is a place's name, not a person's ("در گیلان، آستانه اشرفیه ...")."""
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup

    words = name.split()
    return any(_lookup(fold(" ".join(words[:n])), joined=True) for n in (len(words), 2))


def _labelled_name(text: str) -> str | None:
    """The name of a story written as a form: "نام و نام خانوادگی: X" / "نام: X" with "نام خانوادگی: Y"."""
    v = vocab()
    found = v.name_label.search(text)
    if found is None:
        return None
    line = text[:text.find("\n", found.end())] if "\n" in text[found.end():] else text  # a field is one line
    span = _name_words(line, found.end(), True)
    name = clean_name(text[span[0]:span[1]]) if span else None
    family = v.family_name_label.search(text)
    if name is not None and len(name.split()) == 1 and family is not None:
        line = text[:text.find("\n", family.end())] if "\n" in text[family.end():] else text
        fspan = _name_words(line, family.end(), True)
        surname = clean_name(text[fspan[0]:fspan[1]]) if fspan else None
        name = f"{name} {surname}" if surname else name
    return name


_HASHTAG_AS_WORDS = str.maketrans({"#": " ", "_": " "})


def known_as(text: str, end: int) -> str | None:
    """The name a person is known by, written right after their name: "X معروف به Y" / "مشهور به Y" /
    "ملقب به Y" (known as, called): the name lists and the public use, so the story's name (Y) when it is a
    full name of two words or more; a one-word nickname ("معروف به کاک") is not."""
    pattern = vocab().known_as
    m = pattern.match(text, end + len(text[end:]) - len(text[end:].lstrip(" ،,"))) if pattern is not None else None
    if m is None:
        return None
    rest = text[m.end():]
    pos = m.end() + len(rest) - len(rest.lstrip(" «\""))
    honorific = vocab().story_titles.match(text, pos) if vocab().story_titles else None
    if honorific is not None:  # "معروف به «کاک صالح»": a title and a given name are a nickname, not a full name
        pos = honorific.end() + len(text[honorific.end():]) - len(text[honorific.end():].lstrip())
    found = _name_words(text, pos, True)
    if found is None:
        return None
    return clean_name(text[found[0]:found[1]], min_words=2, after=text[found[1]:found[1] + 40])


def _titled(text: str, start: int) -> bool:
    """Whether a title ("جاویدنام", "زنده‌یاد") stands right before ``start``: a one-word name is a name then."""
    titles = vocab().titles
    before = text[max(0, start - 20):start].rstrip(" _#")
    return titles is not None and any(m.end() == len(before) for m in titles.finditer(before))
