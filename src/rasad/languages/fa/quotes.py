"""Persian quotes and claims: the same :class:`~rasad.records.Quote` and :class:`~rasad.records.Claim`
records as English, for docs whose ``doc.lang_`` is ``fa``.

``rasad_quotes`` and ``rasad_claims`` call :func:`find_quotes` and :func:`find_claims` here for Persian docs;
the English attribution model (PolNeAR, parser features) never runs on Persian.

Why rules, written here: no offline Persian parser or tagger ships on PyPI (issue 18), and Persian news
reports speech in a few fixed shapes that rules read well:

* a cue verb after its speaker — ``یک شاهد عینی به هرانا گفت: «...»``, ``X اعلام کرد (که) ...``,
  ``«...»، وی افزود.``; the speaker is the words before the cue back to the clause start (punctuation, a
  closing quotation mark), cut at the first preposition, time word or particle (``به``, ``روز``, ``نیز`` ...);
* an attribution phrase before its source — ``به گزارش X، ...``, ``به گفته X، ...``, ``بنا بر اعلام X، ...``;
  the source runs to the comma, the claim is the rest of the sentence;
* a pronoun (``وی``, ``او``) or no subject at all (Persian drops it: ``افزود: «...»``) is the speaker named
  before; "this report" (``بر اساس این گزارش``) is the source named before; a bare title (``به گفته
  فرماندار``) is the fuller mention of it named before (``فرماندار سقز``).

The words are data: ``src/rasad/data/quotes/fa.yaml``. Speakers resolve to canonical actors through the
canon component's entities (Persian aliases in actors.yaml) or :func:`rasad.analysis.canon.resolve_actor`.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import yaml

from rasad.analysis.doc_text import doc_text
from rasad.analysis.quotes import speaker_and_cue
from rasad.config import DATA_DIR
from rasad.records import Claim, Quote

QUOTES_YAML = DATA_DIR / "quotes" / "fa.yaml"

MAX_SPEAKER_WORDS = 8
CLAUSE_WORDS = 16  # the words read from a clause's start for its speaker (openers + speaker + object)
MAX_APPOSITION_WORDS = 6  # "، وابسته به قوه قضاییه،": a few words about the speaker between two commas
MAX_RELATIVE_APPOSITION_WORDS = 20  # "، وکیلی که وکالت ... را بر عهده داشت،": a description with its relative clause
MAX_CLAUSE_CHARS = 300  # how far back from a cue its clause (and speaker) may start
MAX_CONTENT_CHARS = 1500  # reported speech longer than this runs on past its sentence (no full stop)
MAX_SOURCE_WORDS = 10
MIN_CONTENT_WORDS = 2
MAX_NAME_WORDS = 3  # a name in guillemets opening what a cue reports ("اعلام کرد «X Y»، کولبر ... جان باخت") ...
MIN_CLAUSE_AFTER_NAME = 3  # ... with the reported clause going on after it: no quotation, the clause is reported
FULLER_LOOKBACK = 50  # speakers named before that a bare title may stand for
SHARE = 0.5  # the part of a sentence an attribution must cover to take it from the author (as in English)

# Letters that Persian texts write in more than one way, and marks that may sit between letters.
_VARIANTS = {
    "ی": "[یيىۍې]",
    "ي": "[یيى]",
    "ک": "[کكڪ]",
    "ك": "[کك]",
    "ا": "[اأإٱ]",
    "ه": "[هةۀە]",
    "ۀ": "[ۀهة]",
    "و": "[وؤ]",
}
_WORD_CHARS = r"\w\u200c\u064b-\u065f\u0670\u0640"
WORD = re.compile(rf"[{_WORD_CHARS}]+")
_LEFT = rf"(?<![{_WORD_CHARS}])"
_RIGHT = rf"(?![{_WORD_CHARS}])"

# Where a clause starts (looking back from a cue) and where a source ends (looking on from a prefix).
# (an em dash or a bar sets a live item's opener off its copy: "ایران اینترنشنال — منابع محلی می‌گویند ...")
_CLAUSE_BREAK = "،,؛;:.!?؟\n«»\"“”()\\[\\]—|"
_SOURCE_END = "،,؛;:.!?؟\n«\"“"
_LAST_CLAUSE_BREAK = re.compile(f"[{_CLAUSE_BREAK}](?=[^{_CLAUSE_BREAK}]*\\Z)")  # searched with an endpos
_SOURCE_END_RE = re.compile(f"[{_SOURCE_END}]")
_SENT_END = set(".!?؟\n")
_QUESTION = ("؟", "?")
_VERBISH_END = re.compile(
    # (and the first person's past, "از دست دادم"، "دیدم": a relative's or a witness's own account)
    r"(?:د|ت|ند|ست|یم|ید|ام|ایم|اید|اند|است|نیست|هست|باشد|بود|شد|گردید|دم|تم)[\s\u200c]*$"
)
_NON_SPACE = re.compile(r"\S")
_VERB_PREFIX = re.compile(rf"{_LEFT}ن?می[\s\u200c]?[{_WORD_CHARS}]")


def phrase_pattern(phrase: str) -> str:
    """A regex for a Persian phrase as written in any of its usual forms: Arabic or Persian yeh and kaf, alef
    with or without hamza, a ZWNJ, a space or nothing between parts. Diacritics and tatweel are not matched
    here: the pipeline's Docs hold the normalised view (rasad.languages.fa.normalise), which has none."""
    out = []
    for ch in phrase.strip():
        if ch in " \u200c":
            if not out or out[-1] == r"[\s\u200c]*":
                continue
            out.append(r"[\s\u200c]*")
        else:
            out.append(_VARIANTS.get(ch, re.escape(ch)))
    return "".join(out)


def phrases_regex(phrases: list[str]) -> re.Pattern[str]:
    """One regex for a list of phrases, longest first, bounded by non-letters on both sides."""
    ordered = sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True)
    return re.compile(_LEFT + "(?:" + "|".join(phrase_pattern(p) for p in ordered) + ")" + _RIGHT)


_FOLD_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_FOLD_TABLE = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "أ": "ا", "إ": "ا", "ة": "ه", "ۀ": "ه", "ؤ": "و",
                             "\u200c": " "})


def fold_key(text: str) -> str:
    """A comparison key: one form per letter, no diacritics, ZWNJ and runs of spaces as one space."""
    return " ".join(_FOLD_MARKS.sub("", text).translate(_FOLD_TABLE).split())


@dataclass(frozen=True)
class Lexicon:
    cues: re.Pattern[str]
    prefixes: re.Pattern[str]
    anaphoric_prefixes: re.Pattern[str]
    anaphoric: re.Pattern[str]
    hedges: re.Pattern[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    generic: frozenset[str]
    generic_re: re.Pattern[str]
    stops: frozenset[str]
    inner_stops: frozenset[str]  # stops after a speaker's first word only ("نماینده ... | این گزارش را")
    partitives: frozenset[str]  # "یکی", "شماری": a speaker that runs on through "از"
    headline_labels: frozenset[str]  # "گزارش: ...", "فوری: ...": a genre label, not a speaker
    outlet_words: frozenset[str]  # "خبرگزاری فارس: ... .": an outlet's wire copy, full stop and all
    organisations: frozenset[str]  # "حال‌وش: ... .", "سازمان ... :": a bulletin's copy, the same
    officials: frozenset[str]  # "رئیس پلیس استان گیلان: ... .": an official's statement, the same
    name_inner: frozenset[str]  # "حمایت از", "دفاع از": a stop word inside an organisation's name
    openers: tuple[tuple[str, ...], ...]
    speech_prefixes: frozenset[str]  # prefixes whose source is a person speaking ("به گفته")
    news_object: re.Pattern[str]  # "این خبر را S منتشر کرد" / "S این خبر را منتشر کرد": S claims what came before
    live_segment: re.Pattern[str]  # a live item's time, day or label beside its source ("۱۰:۴۵"، "جمعه ۲۲ مهر")
    live_channel: re.Pattern[str]  # "کانال «اخبار سنندج»": a channel named in guillemets
    programme_nouns: frozenset[str]  # "رادیو فردا در خبرهای شامگاهی:": an outlet's programme
    plural_endings_apart: frozenset[str]  # "گزارش ها": a plural ending written apart from its noun
    honorific: re.Pattern[str]  # "(ع)" after a holy name inside an organisation's name, no clause break
    addressee_openers: tuple[str, ...] = ()  # "به", "در گفت‌وگو با" (folded): the outlet a speaker told


def _news_object_regex(nouns: list[str], verbs: list[str]) -> re.Pattern[str]:
    """The news clause: an optional source, the news object with "را", an optional source, a publishing verb."""
    noun = "(?:" + "|".join(phrase_pattern(n) for n in sorted(nouns, key=len, reverse=True)) + ")"
    verb = "(?:" + "|".join(phrase_pattern(v) for v in sorted(verbs, key=len, reverse=True)) + ")"
    gap = r"[\s\u200c]+"
    word = r"[^\W\d_][\w\u200c]*"
    # "خبر این اعدام‌ها", "خبر اجرای این حکم" (a word or two before the demonstrative)
    obj = "(?:(?:این|همین)" + gap + noun + "|" + noun + r"(?:[\u200c\s]?(?:های|ها))?" + gap + "(?:" + word + gap + \
        "){0,2}" + r"(?:این|آن)" + gap + word + ")"
    source = r"(?P<{}>[^\W\d_][^.؛;،,!?؟\n]{{1,60}}?)"
    return re.compile(_LEFT + "(?:" + source.format("before") + gap + ")?" + obj + gap + "را" + gap +
                      "(?:" + source.format("after") + gap + ")?" + "(?P<verb>" + verb + ")" + _RIGHT)


def _live_segment_regex(labels: list[str], day_parts: list[str]) -> re.Pattern[str]:
    """What a live item's opener carries besides its source: a time ("۲۱:۱۰"، "ساعت 19:40"، "۰۷:۱۵ بامداد"), a day
    ("جمعه ۲۲ مهر"، "۲۲ مهر ۱۴۰۱") or a label ("به‌روزرسانی"), each to be followed by a separator."""
    from rasad.languages.fa.calendar import SOLAR_MONTH_NAMES_FA

    part = "(?:" + "|".join(phrase_pattern(w) for w in sorted(day_parts, key=len, reverse=True)) + ")"
    month = "(?:" + "|".join(phrase_pattern(w) for w in sorted(SOLAR_MONTH_NAMES_FA, key=len, reverse=True)) + ")"
    label = "(?:" + "|".join(phrase_pattern(w) for w in sorted(labels, key=len, reverse=True)) + ")"
    time = r"(?:(?:ساعت[ \t]*)?\d{1,2}[:：]\d{2}|ساعت[ \t]*\d{1,2})(?:[ \t]+" + part + ")?"
    day = r"(?:[^\W\d_][\w\u200c]*[ \t]+)?\d{1,2}[ \t]+" + month + r"(?:[ \t]+(?:ماه[ \t]+)?\d{2,4})?"
    return re.compile(f"(?:{time}|{day}|{label}){_RIGHT}")


def _organisation_aliases() -> frozenset[str]:
    """The Persian aliases of the organisations in data/actors.yaml (monitors, outlets, unions), folded."""
    from rasad.analysis.canon import get_actor_table

    table = get_actor_table()
    return frozenset(fold_key(alias) for actor_id, aliases in table.persian.items()
                     if table.actors[actor_id].kind == "organisation" for alias in aliases)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = yaml.safe_load(QUOTES_YAML.read_text(encoding="utf-8"))
    anaphoric = data["anaphoric_sources"]
    return Lexicon(
        cues=phrases_regex(data["cue_verbs"]),
        prefixes=phrases_regex(data["source_prefixes"]),
        anaphoric_prefixes=re.compile(
            _LEFT + "(?:" + "|".join(phrase_pattern(p) for p in sorted(data["anaphoric_prefixes"], key=len, reverse=True))
            + r")(?=[\s\u200c]+(?:" + "|".join(phrase_pattern(a) for a in anaphoric) + ")" + _RIGHT + ")"
        ),
        anaphoric=phrases_regex(anaphoric),
        hedges=phrases_regex(data["hedges"]),
        person_pronouns=frozenset(fold_key(w) for w in data["person_pronouns"]),
        group_pronouns=frozenset(fold_key(w) for w in data["group_pronouns"]),
        generic=frozenset(fold_key(w) for w in data["generic_speakers"]),
        generic_re=phrases_regex(data["generic_speakers"]),
        stops=frozenset(fold_key(w) for w in data["speaker_stops"]),
        inner_stops=frozenset(fold_key(w) for w in data["speaker_inner_stops"]),
        partitives=frozenset(fold_key(w) for w in data["partitives"]),
        headline_labels=frozenset(fold_key(w) for w in data["headline_labels"]),
        outlet_words=frozenset(fold_key(w) for w in data["outlet_words"]),
        organisations=frozenset(fold_key(w) for w in data["organisation_words"] + data["outlet_names"])
        | _organisation_aliases(),
        officials=frozenset(fold_key(w) for w in data["official_words"]),
        name_inner=frozenset(fold_key(w) for w in data["organisation_name_inner"]),
        openers=tuple(sorted((tuple(fold_key(w).split()) for w in data["clause_openers"]), key=len, reverse=True)),
        addressee_openers=tuple(sorted({fold_key(w) for w in data["addressee_openers"]}, key=len, reverse=True)),
        news_object=_news_object_regex(data["news_nouns"], data["news_verbs"]),
        honorific=re.compile(r"\([ \t\u200c]*(?:" + "|".join(phrase_pattern(w) for w in data["honorifics"])
                             + r")[ \t\u200c]*\)\Z"),
        live_segment=_live_segment_regex(data["live_labels"], data["live_day_parts"]),
        live_channel=re.compile("(?:" + "|".join(phrase_pattern(w) for w in sorted(data["live_channel_words"], key=len,
                                                                                   reverse=True))
                                + r")[ \t\u200c]*«[^»\n]{1,40}»"),
        programme_nouns=frozenset(fold_key(w) for w in data["programme_nouns"]),
        plural_endings_apart=frozenset(fold_key(w) for w in data["plural_endings_apart"]),
        speech_prefixes=frozenset(fold_key(w) for w in ("به گفته", "بنا به گفته", "بنا بر گفته", "به ادعای",
                                                         "به اذعان", "به روایت", "بر اساس اظهارات")),
    )


# ---------------------------------------------------------------------------------------------
# Finding attributions


@dataclass
class FaAttribution:
    content: tuple[int, int]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None  # the speaker as written (None: dropped subject)
    quotes: list[tuple[int, int]]
    derived: str
    speaker: str | None = None
    actor: str | None = None
    person: bool = True  # the speaker can be "he/she" later (a cue verb or "به گفته"; not an outlet)


def _regions(text: str) -> list[tuple[int, int]]:
    from rasad.analysis.attribution import quote_regions

    return sorted(quote_regions(text))


def _inside(regions: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The region (sorted, not overlapping) that holds ``pos``, by bisection: a long report has thousands."""
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    if i >= 0 and regions[i][0] <= pos < regions[i][1]:
        return regions[i]
    return None


TERM_WORDS = 3  # a word or a few in guillemets inside running text is a term set off, not a quotation
RUNNING_WORDS = 3  # ... when the content has at least this many words of its own outside the marks


def _quotations(text: str, regions: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The quotations inside an attribution's content [s, e): its guillemet regions, but not a term of a few words
    set off in running text ("... علت مرگ او را «ایست قلبی» اعلام کرده است"، "به اتهام «بغی»"): the content then
    is the statement, said in the speaker's words around the term, not the term alone."""
    inner = _within(regions, s, e)
    if not inner:
        return inner
    outside = text[s:e]
    for a, b in sorted(inner, reverse=True):
        outside = outside[:max(0, a - s)] + " " + outside[max(0, b - s):]
    if len(WORD.findall(outside)) < RUNNING_WORDS:
        return inner
    return [(a, b) for a, b in inner if len(WORD.findall(text[a:b])) > TERM_WORDS]


def _within(regions: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The regions that start inside [s, e) and end by its end (a closing mark just past it counts: the
    content stops before the mark)."""
    i = bisect.bisect_left(regions, (s, -1))
    out = []
    while i < len(regions) and regions[i][0] < e:
        if regions[i][1] <= e + 1:
            out.append(regions[i])
        i += 1
    return out


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    if not sents:
        return 0, 0
    i = max(0, bisect.bisect_right(sents, (pos, float("inf"))) - 1)
    return sents[i]


def _words(text: str, s: int, e: int, limit: int | None = None) -> list[tuple[int, int, str]]:
    """The words of text[s:e] (at most ``limit``) with their folded forms."""
    out = []
    for m in WORD.finditer(text, s, e):
        out.append((m.start(), m.end(), fold_key(m.group())))
        if limit is not None and len(out) >= limit:
            break
    return out


def _strip_openers(words: list[tuple[int, int, str]], lex: Lexicon) -> list[tuple[int, int, str]]:
    changed = True
    while words and changed:
        changed = False
        for opener in lex.openers:
            n = len(opener)
            if tuple(w[2] for w in words[:n]) == opener:
                words = words[n:]
                changed = True
                break
    return words


_RELATIVE_WORD = re.compile(rf"{_LEFT}که{_RIGHT}")
_CONJUNCTIONS = {"و", "اما", "ولی", "تا"}
_ADDRESSEE = {"به", "با", "در", "برای"}  # "به هرانا گفت", "در گفت‌وگو با ... گفت": to whom, where, not what
_CLOSING = set("»\"”")


def _opens_clause(text: str, pos: int, floor: int) -> bool:
    """Whether a quotation starting at ``pos`` opens its clause (punctuation or the sentence start before it)."""
    while pos > floor and text[pos - 1] in " \t\u200c":
        pos -= 1
    return pos <= floor or text[pos - 1] in "،,؛;:.!?؟\n»\"”"


def _speaker_before(text: str, cue_start: int, sent_start: int, lex: Lexicon,
                    known: list[tuple[int, int]] = (), regions: list[tuple[int, int]] = ()) -> tuple[int, int] | None | bool:
    """The speaker span before a cue verb: the clause's first words up to a stop word. None when the clause
    has no subject (Persian drops it); False when the words before the cue are no speaker. When the clause
    also holds an object ("X مخالفان را متهم کرد"), the speaker is cut to a known mention (``known``: canon
    entities, generic speakers) that opens the clause, if one does."""
    floor = max(sent_start, cue_start - MAX_CLAUSE_CHARS)  # a speaker is a few words: look back a little only
    end = cue_start
    while True:
        brk = _LAST_CLAUSE_BREAK.search(text, floor, end)
        honorific = lex.honorific.search(text, max(floor, brk.start() - 8), brk.end()) \
            if brk is not None and brk.group() == ")" else None
        if honorific is not None:
            end = honorific.start()  # "قرارگاه حمزه سیدالشهدا (ع) نیروی زمینی سپاه": the blessing is in the name
            continue
        region = _inside(regions, brk.start()) if brk is not None and brk.group() in _CLOSING else None
        if region is None or _opens_clause(text, region[0], max(floor, sent_start)):
            break
        end = region[0]  # 'این گزارش را «سیاسی» خواند و گفت': a quotation inside the clause (a term, a title)
    if brk is None and floor > sent_start:
        return False  # the clause opens further back than any speaker runs
    i = brk.end() if brk else floor
    words = _strip_openers(_words(text, i, cue_start, limit=CLAUSE_WORDS), lex)
    if not words and brk is not None and brk.group() in "،,":
        # "خبرگزاری میزان، وابسته به قوه قضاییه، اعلام کرد": the comma closes an apposition about the subject;
        # the speaker stands before the comma that opens it
        opening = _LAST_CLAUSE_BREAK.search(text, max(floor, sent_start), brk.start())
        aside = _words(text, opening.end(), brk.start()) if opening is not None else []
        # (a description with a relative clause runs longer: "همسر X، وکیلی که وکالت چند معترض را بر عهده داشت،
        # گفت ...")
        limit = MAX_RELATIVE_APPOSITION_WORDS if any(w[2] == "که" for w in aside[1:]) else MAX_APPOSITION_WORDS
        if opening is not None and opening.group() in "،," and 0 < len(aside) <= limit:
            return _speaker_before(text, opening.start(), sent_start, lex, known, regions)
    if not words and brk is not None and brk.group() == ")":
        # "شبکه حقوق بشر کردستان (کردپا) گزارش داد": a name's short form in brackets right before the cue; the
        # speaker stands before the bracket and keeps it
        opening = text.rfind("(", max(floor, sent_start), brk.start())
        if opening > 0 and 0 < len(_words(text, opening + 1, brk.start())) <= MAX_APPOSITION_WORDS:
            before = _speaker_before(text, opening, sent_start, lex, known, regions)
            if before:
                return before[0], brk.end()
    if words and brk is not None and brk.group() in "،," and any(w[2] == "را" for w in words) and \
            _RELATIVE_WORD.search(text, max(floor, sent_start), brk.start()):
        # "حال‌وش با انتشار تصویری از این سوخت‌بر که ... بستری است، هویت او را X اعلام کرد": the clause after the
        # comma is the cue's object; its subject opens the sentence, before a relative clause the comma closes
        opening = _LAST_CLAUSE_BREAK.search(text, max(floor, sent_start), brk.start())
        if opening is None or opening.group() not in "،,":
            before = _speaker_before(text, brk.start(), sent_start, lex, known, regions)
            if before:
                return before
    if not words:
        return None
    if words[0][2] in lex.person_pronouns | lex.group_pronouns:
        return words[0][0], words[0][1]
    kept = []
    k = 0
    while k < len(words):
        w = words[k]
        if kept and w[2] == "از" and kept[-1][2] in lex.partitives:
            kept.append(w)  # "یکی از بستگان ...": "one of" runs on through "از" to the next stop
            k += 1
            continue
        if kept and f"{kept[-1][2]} {w[2]}" in lex.name_inner and (
                kept[0][2] in lex.organisations or kept[0][2] in lex.outlet_words):
            kept.append(w)  # "کمپین دفاع از زندانیان سیاسی ... خبر داد": the "از" of the organisation's cause
            k += 1
            continue
        if w[2] in lex.stops or (kept and kept[-1][2] != "از" and w[2] in lex.inner_stops):
            break
        kept.append(w)
        k += 1
    if not kept:
        told = _outlet_told(words, 0, lex)
        if told and brk is not None and brk.group() in "،,":
            # "پدر X، نوجوانی که در زاهدان کشته شد، به حال‌وش گفت": the clause after the apposition holds only
            # the outlet told; the speaker stands before the apposition, and the outlet asserts it beside him
            opening = _LAST_CLAUSE_BREAK.search(text, max(floor, sent_start), brk.start())
            aside = _words(text, opening.end(), brk.start()) if opening is not None else []
            limit = MAX_RELATIVE_APPOSITION_WORDS if any(w[2] == "که" for w in aside[1:]) else MAX_APPOSITION_WORDS
            if opening is not None and opening.group() in "،," and 0 < len(aside) <= limit:
                before = _speaker_before(text, opening.start(), sent_start, lex, known, regions)
                if before:
                    return before[0], told[-1][1]
        # "به هرانا گفت": the clause opens with its addressee, the subject is dropped
        return None if words[0][2] in lex.stops else False
    if sum(w[2] != "و" for w in kept) > MAX_SPEAKER_WORDS:
        # (the "و" of a title or a province's name, "دادستان عمومی و انقلاب مرکز استان سیستان و بلوچستان", makes
        # the speaker no longer)
        return False
    told = next((t for j in range(k, min(k + MAX_SKIPPED_BEFORE_TOLD, len(words) - 1) + 1)
                 if not any(w[2] in lex.stops or w[2] == "را" for w in words[k + 1:j])
                 for t in [_outlet_told(words, j, lex)] if t), None)
    if told:
        # (a stop word may open a short phrase of the speaker's before the outlet: "مادری | در لنگرود | به هرانا
        # گفت", "پدر | دو برادر بلوچ | به هه‌نگاو گفت"; one more stop, "روز | جمعه", is the clause's and ends it)
        # "یک منبع مطلع به ایران‌اینترنشنال گفت", "مادر X در گفت‌وگو با هرانا گفت": the outlet told is the one
        # that asserts it, beside its source
        return kept[0][0], told[-1][1]
    if len(kept) > 1 and any(w[2] == "را" for w in words):
        opening = [e for s, e in known if s == kept[0][0] and e < kept[-1][1]]
        if opening:
            return kept[0][0], max(opening)
    return kept[0][0], kept[-1][1]


MAX_OPENER_WORDS = 5  # "در گفت و گو با"
MAX_SKIPPED_BEFORE_TOLD = 3  # "پدر | دو برادر بلوچ | به ...": the words of the speaker's past its first stop
MAX_TOLD_WORDS = 4  # "به سازمان حقوق بشر ایران گفت": the outlet's name is all that stands between opener and cue


def _outlet_told(words: list[tuple[int, int, str]], k: int, lex: Lexicon) -> list[tuple[int, int, str]] | None:
    """The outlet a speaker told, when ``words[k:]`` (the clause up to its cue) is an addressee opener ("به",
    "در گفت‌وگو با") and an outlet's or organisation's name, and nothing else."""
    for n in range(1, MAX_OPENER_WORDS + 1):
        # (compared as folded text: "گفت‌وگو" is one word with its ZWNJ, "گفت و گو" three)
        if " ".join(w[2] for w in words[k:k + n]) in lex.addressee_openers:
            told = words[k + n:]
            if 0 < len(told) <= MAX_TOLD_WORDS and _an_outlet_or_organisation(told, lex):
                return told
    return None


def _sentence_end(text: str, pos: int, sent_end: int) -> int:
    end = sent_end
    while end > pos and (text[end - 1].isspace() or text[end - 1] in ".؟?!"):
        end -= 1
    return end


def _content_span(text: str, s: int, e: int) -> tuple[int, int] | None:
    if e - s > MAX_CONTENT_CHARS:  # a "sentence" with no full stop (a broken PDF): what is said is near the cue
        cut = text.rfind(" ", s, s + MAX_CONTENT_CHARS)
        e = cut if cut > s else s + MAX_CONTENT_CHARS
    while s < e and (text[s].isspace() or text[s] in "،,:؛;"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in "،,؛;"):
        e -= 1
    words = WORD.finditer(text, s, e)
    if sum(1 for _w, _n in zip(words, range(MIN_CONTENT_WORDS))) < MIN_CONTENT_WORDS:
        return None
    return s, e


def _cue_attributions(text: str, sents: list[tuple[int, int]], regions: list[tuple[int, int]],
                      lex: Lexicon, known: list[tuple[int, int]] = ()) -> list[FaAttribution]:
    out: list[FaAttribution] = []
    for m in lex.cues.finditer(text):
        cs, ce = m.span()
        if _inside(regions, cs):
            continue
        ss, se = _sentence_of(sents, cs)
        prev = out[-1] if out and out[-1].cue and ss <= out[-1].cue[0] else None
        if prev is not None and fold_key(text[prev.cue[1]:cs]) in _CONJUNCTIONS:
            # "X Y را متهم کرد و گفت ...": verbs joined by "و" share their subject
            source = prev.source
        else:
            source = _speaker_before(text, cs, ss, lex, known, regions)
        if source is False:
            continue
        j = ce
        while j < se and text[j] in " \t\u200c":
            j += 1
        colon = j < len(text) and text[j] in ":："
        if colon:
            j += 1
            while j < len(text) and text[j] in " \t\u200c\n":
                j += 1
        region = _inside(regions, j) if j < len(text) else None
        if region is not None and region[0] == j and not colon and len(_words(text, *region)) <= MAX_NAME_WORDS and \
                len(_words(text, region[1], se)) >= MIN_CLAUSE_AFTER_NAME:
            region = None  # "هه‌نگاو اعلام کرد «X Y»، کولبر ... جان باخت": a name set off, the clause goes on
        if region is not None and region[0] == j:
            # "X گفت: «...»" (the quotation may run on past the sentence the splitter found)
            quotes = [region]
            k = region[1]
            while True:  # "«...» و «...»": quotations chained in the same sentence
                at = bisect.bisect_left(regions, (k, -1))
                nxt = regions[at] if at < len(regions) and not text[k:regions[at][0]].strip(" \t،,و") else None
                if nxt is None:
                    break
                quotes.append(nxt)
                k = nxt[1]
            out.append(FaAttribution((quotes[0][0], quotes[-1][1]), (cs, ce), source, quotes, "fa:cue-colon-quote"))
            continue
        # "X گفت که ...", "X اعلام کرد ...", "X گفت: ..." (no marks): the rest of the sentence
        k = j
        kw = WORD.match(text, k)
        first = fold_key(kw.group()) if kw else ""
        if not colon and first == "که":
            k = kw.end()
        # "... متهم کرد و گفت ...": a conjunction after the cue opens another clause, not this cue's content
        content = None if (not colon and first in _CONJUNCTIONS) else _content_span(text, k, _sentence_end(text, k, se))
        if content is not None:
            # the content holds its own quotation(s): the speech is direct
            inner = _quotations(text, regions, content[0], content[1])
            out.append(FaAttribution(content, (cs, ce), source, inner, "fa:cue-indirect" if not inner else "fa:cue-content-quote"))
            continue
        # "شماری از شهروندان از کمبود نان خبر دادند", "وی X را ... متهم کرد": what is said sits between speaker
        # and cue (not an addressee: "یک شاهد به هرانا گفت")
        if isinstance(source, tuple):
            gap = _content_span(text, source[1], cs)
            gap_words = _words(text, *gap, limit=4) if gap else []
            if gap and (len(gap_words) >= 4 or gap_words[0][2] not in _ADDRESSEE):
                out.append(FaAttribution(gap, (cs, ce), source, [], "fa:object-then-cue"))
                continue
        # nothing after the cue: "«...»، وی افزود." / "«...» او گفت." or "...، یک شاهد گفت."
        clause = source[0] if isinstance(source, tuple) else cs
        b = clause
        while b > ss and text[b - 1] in " \t\u200c،,-–—":
            b -= 1
        before = _inside(regions, b - 1) if b > 0 else None
        if before is not None and before[1] == b:
            out.append(FaAttribution(before, (cs, ce), source, [before], "fa:quote-then-cue"))
            continue
        content = _content_span(text, max(ss, b - MAX_CONTENT_CHARS), b)
        if content is not None and b < clause:
            out.append(FaAttribution(content, (cs, ce), source, [], "fa:content-then-cue"))
            continue
    return out


_HEADLINE_COLON = re.compile(r"^[ \t]*([^\n:：«»\"]{2,80}?)[ \t]*[:：][ \t]*(\S[^\n]*?)[ \t]*$", re.M)
# The same opener with a dash ("ایلنا - ...", "کردپا – ..."): the agencies' and monitors' wire style. A dash also
# joins two names ("جاده سرباز–راسک") and closes a dateline ("تهران- ایرنا-"), so it opens a source only with a
# space before it and only where the words before it name an outlet or an organisation.
_HEADLINE_DASH = re.compile(r"^[ \t]*([^\n:：«»\"\-–—]{2,60}?)[ \t]+[\-–—][ \t]*(\S[^\n]*?)[ \t]*$", re.M)


def _news_object_attributions(text: str, sents: list[tuple[int, int]], regions: list[tuple[int, int]],
                              lex: Lexicon) -> list[FaAttribution]:
    """"X ... اعدام شدند؛ خبر این اعدام‌ها را کمپین ... منتشر کرده است", "... . این خبر را هرانا تأیید کرد": a
    clause that opens after a "؛" or a full stop and names what came before as news gives its source; the
    clause (or sentence) before it is the content."""
    out = []
    for m in lex.news_object.finditer(text):
        source = m.span("before") if m.group("before") else m.span("after") if m.group("after") else None
        if source is None or _inside(regions, m.start()):
            continue
        s = m.start()
        while s > 0 and text[s - 1] in " \t\u200c":
            s -= 1
        if s == 0 or text[s - 1] not in ".؛;!":
            continue  # the news clause opens a clause of its own, after the one it names
        ss, _se = _sentence_of(sents, s - 1)
        if ss >= s - 1:  # the splitter cut at the full stop: the sentence before
            ss, _se = _sentence_of(sents, max(0, ss - 1))
        clause = text.rfind("؛", ss, s - 1)
        content = _content_span(text, clause + 1 if clause >= ss else ss, s - 1)
        if content is not None:
            out.append(FaAttribution(content, m.span("verb"), source, _within(regions, *content), "fa:news-object"))
    return out


_LIVE_SEPARATOR = re.compile(r"[ \t]*[|｜:：—–][ \t]*|[ \t]+-[ \t]+|[ \t]*\][ \t]*")
_LIVE_GAP = re.compile(r"[ \t]*")
# a bullet, an emoji or an opening bracket before the opener ("🔴 فوری | ..."، "[۱۸:۳۰]")
_LIVE_LEAD = re.compile(r"[^\w«\n]*")
_LIVE_NAME = re.compile(r"[^\W\d_][\w\u200c]*(?:[ \t]+[^\W\d_][\w\u200c]*){0,4}")
_LINE_START = re.compile(r"^[ \t]*", re.M)


def _live_attributions(text: str, regions: list[tuple[int, int]], lex: Lexicon) -> list[FaAttribution]:
    """A live blog's or a channel's item whose opener sets its source among a time, a day or a label ("رادیو فردا |
    جمعه ۲۲ مهر: ..."، "کانال «اخبار سنندج» — ساعت ۱۸:۳۰: ..."، "۱۰:۴۵ — هرانا: ..."): the source claims the item,
    as an outlet's name before a colon does (``_headline_attributions``); the time's own colon is no source's. The
    source is an outlet, an organisation or a channel named in guillemets, and something besides it opens the item
    (a source alone before its colon is a headline's)."""
    out = []
    for line in _LINE_START.finditer(text):
        pos, source, extra = _LIVE_LEAD.match(text, line.end()).end(), None, 0
        for _ in range(6):
            seg = lex.live_segment.match(text, pos)
            if seg is not None:
                # "به‌روزرسانی ۲۲:۴۵ | ...": a label and a time side by side, or set off by a separator
                sep = _LIVE_SEPARATOR.match(text, seg.end())
                after = _LIVE_GAP.match(text, seg.end()).end()
                if sep is None and not lex.live_segment.match(text, after):
                    break
                pos, extra = (sep.end() if sep is not None else after), extra + 1
                continue
            if source is not None:
                break
            name = lex.live_channel.match(text, pos) or _LIVE_NAME.match(text, pos)
            sep = _LIVE_SEPARATOR.match(text, name.end()) if name is not None else None
            if sep is None:
                break
            words = _words(text, *name.span())
            channel = lex.live_channel.match(text, pos)  # (its name in guillemets may hold any word: "«اراک امروز»")
            if not (channel or _an_outlet_or_organisation(words, lex)) or \
                    (not channel and any(w[2] in lex.stops for w in words)) or _inside(regions, name.start()):
                break
            source, pos = name.span(), sep.end()
        if source is None or not extra:
            continue
        end = text.find("\n", pos)
        content = _content_span(text, pos, len(text) if end == -1 else end)
        if content is None:
            continue
        inner = _quotations(text, regions, content[0], content[1])
        out.append(FaAttribution(content, None, source, inner, "fa:headline-live"))
    return out


def _headline_attributions(text: str, regions: list[tuple[int, int]], lex: Lexicon) -> list[FaAttribution]:
    """A line of its own in the style of Persian headlines, "Speaker: what they said" ("فرماندار سقز: آرامش به
    شهر بازگشت"): no closing full stop (unless an outlet speaks: "خبرگزاری فارس: ... ."), a speaker of at most
    five words with no stop word in it."""
    out = []
    openers = [(m, "colon") for m in _HEADLINE_COLON.finditer(text)] + [(m, "dash") for m in _HEADLINE_DASH.finditer(text)]
    for m, mark in openers:
        head, body = m.span(1), m.span(2)
        if _inside(regions, head[0]):
            continue
        words = _words(text, *head)
        programme = next((k for k in range(1, len(words) - 1)
                          if words[k][2] == "در" and words[k + 1][2] in lex.programme_nouns), None)
        if programme is not None:  # "رادیو فردا در خبرهای شامگاهی: ...": the outlet, in one of its programmes
            words = words[:programme]
        if (mark == "dash" or text[body[1] - 1] in ".!؛;") and not _an_outlet_or_organisation(words, lex):
            continue
        if not 1 <= len(words) <= 5 or any(w[2] in lex.stops for w in words) or lex.cues.search(text, *head):
            continue
        if " ".join(w[2] for w in words) in lex.headline_labels:
            continue
        content = _content_span(text, *body)
        if content is None:
            continue
        inner = _quotations(text, regions, content[0], content[1])
        out.append(FaAttribution(content, None, (words[0][0], words[-1][1]), inner, f"fa:headline-{mark}"))
    return out


def _an_outlet_or_organisation(words: list[tuple[int, int, str]], lex: Lexicon) -> bool:
    """Whether a headline's speaker is an outlet, an organisation or an official, whose full-stopped copy follows
    the colon: it opens with an outlet's, an organisation's or an official's word ("رئیس پلیس استان گیلان: ...
    ."), or ends with an organisation's alias."""
    if not words:
        return False
    if words[0][2] in lex.outlet_words or words[0][2] in lex.organisations or words[0][2] in lex.officials:
        return True
    if len(words) == 1 and any(f"{o} {words[0][2]}" in lex.organisations for o in lex.outlet_words):
        return True  # "فارس: ... ." (an agency's short name, "خبرگزاری فارس"; the province too, so only as a headline)
    return any(" ".join(w[2] for w in words[i:]) in lex.organisations for i in range(len(words)))


def _until_stop(words: list[tuple[int, int, str]], lex: Lexicon) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for n, w in enumerate(words):
        # "کمیته حمایت از روزنامه‌نگاران", "کانون دفاع از حقوق بشر": the "از" of an organisation's cause
        if kept and " ".join((kept[-1][2], w[2])) in lex.name_inner and (
                kept[0][2] in lex.organisations or kept[0][2] in lex.outlet_words):
            kept.append(w)
            continue
        # a figure ends the speaker: "به گفته رئیس اورژانس خوزستان | ۱۴ نفر مصدوم شدند" (no comma)
        if kept and (w[2] in lex.stops or w[2].isdigit()):
            # ... unless the stop word is part of an outlet's own name ("به گزارش اطلاعات روز، ..."، "هشت صبح")
            whole = next((j for j in range(min(len(words), MAX_SPEAKER_WORDS), n, -1)
                          if " ".join(x[2] for x in words[:j]) in lex.organisations), None)
            if whole is not None:
                kept = list(words[:whole])
            break
        kept.append(w)
        if len(kept) >= MAX_SPEAKER_WORDS:
            break
    return kept


_VIA = ("به", "نقل", "از")  # "به گزارش ایرنا به نقل از استانداری": the one quoted is the source


def _source_after(text: str, start: int, sent_end: int, lex: Lexicon) -> tuple[tuple[int, int], int] | None:
    """The source after an attribution phrase and where its content starts. With a comma (or colon) a few
    words on, the content starts after it and the source is the words before it, cut at a stop word ("خبرگزاری
    فارس | از تهران،"); "X به نقل از Y" gives Y, the one X quotes. Without a comma, the source runs to the
    first stop word and the content starts there."""
    stop = min(sent_end, start + MAX_CLAUSE_CHARS)  # a source is a few words: look on a little only
    end = _SOURCE_END_RE.search(text, start, stop)
    i = end.start() if end else stop
    words = _words(text, start, i, limit=MAX_SOURCE_WORDS + 1)
    # the sentence's own full stop is no comma: in "به گفته X سه نفر بازداشت شدند." the words up to it are the
    # source and what it says, cut at the first stop word
    comma = i < sent_end and text[i] not in _SENT_END and bool(words) and len(words) <= MAX_SOURCE_WORDS
    for k in range(len(words) - len(_VIA)):
        if tuple(w[2] for w in words[k: k + len(_VIA)]) == _VIA:
            words = words[k + len(_VIA):]
            break
    if words and words[0][2] in lex.plural_endings_apart:
        return None  # "بنا بر گزارش ها، ..." ("گزارش‌ها" written apart: according to reports): no one named
    kept = _until_stop(words, lex)
    if not kept:
        return None
    if comma and len(words) == len(kept) + 1 and words[-1][2].isdigit():
        kept = words  # "به گزارش ماده ۱۸، ...": a number that ends the name before the comma is the name's, no figure
    if comma:
        # "به گفته یکی از بستگان او به حال‌وش، ...", "به گفته یک منبع مطلع به هرانا، ...": the one told, an outlet
        # or a monitor, publishes what its informant says: the organisation is the source
        told = [w for w in words if w[0] >= kept[-1][1]]
        for k, w in enumerate(told[:-1]):
            if w[2] == "به" and " ".join(x[2] for x in told[k + 1:]) in lex.organisations:
                return (told[k + 1][0], told[-1][1]), i
    if end is not None and text[end.start()] == "«" and len(kept) == len(words) and kept[-1][1] <= end.start():
        close = text.find("»", end.start(), min(sent_end, end.start() + 80))
        if close != -1 and not text[close + 1:close + 3].strip(" .،,"):
            # "به گزارش کمپین «سه‌شنبه‌های نه به اعدام»": the name in guillemets is part of the source's
            return (kept[0][0], close + 1), close + 1
    return (kept[0][0], kept[-1][1]), (i if comma else kept[-1][1])


def _prefix_attributions(text: str, sents: list[tuple[int, int]], regions: list[tuple[int, int]],
                         lex: Lexicon) -> list[FaAttribution]:
    out: list[FaAttribution] = []
    hits = [(m, "fa:prefix") for m in lex.prefixes.finditer(text)]
    hits += [(m, "fa:prefix-anaphoric") for m in lex.anaphoric_prefixes.finditer(text)]
    taken_to = -1  # the end of the last phrase taken (hits come in text order)
    for m, derived in sorted(hits, key=lambda h: (h[0].start(), -h[0].end())):
        ps, pe = m.span()
        if _inside(regions, ps) or ps < taken_to:
            continue
        taken_to = pe
        ss, se = _sentence_of(sents, ps)
        j = pe
        while j < se and text[j] in " \t\u200c":
            j += 1
        close = text.find("»", j, min(se, j + 60)) if j < se and text[j] == "«" else -1
        if close != -1 and re.match(r"\s*[،,.]", text[close + 1:close + 4]):
            j += 1  # "به گزارش «هرانا»، ...": a source's name in guillemets is its name, not a quotation
        found = _source_after(text, j, se, lex)
        if found is None:
            continue
        source, k = found
        content = _content_span(text, k, _sentence_end(text, k, se))
        if content is None and text[ss:ps].rstrip().endswith(("،", ",")):
            # a trailing attribution ("..., ۸۴ نفر جان باختند، به گفته رئیس اورژانس."): what comes before it
            content = _content_span(text, ss, ps)
        if content is None:
            continue
        person = fold_key(m.group()) in lex.speech_prefixes
        inner = _quotations(text, regions, content[0], content[1])
        out.append(FaAttribution(content, (ps, pe), source, inner, derived, person=person))
    return out


# ---------------------------------------------------------------------------------------------
# Speakers


def _entities(doc) -> list[tuple[int, int, str | None, str]]:
    """(start, end, actor id, canonical name or text) of the entities rasad_canon found."""
    actors = getattr(doc._, "actors", None) or {}
    out = []
    for ent in getattr(doc._, "entities", None) or []:
        actor = actors.get(ent.actor) if ent.actor else None
        out.append((ent.start, ent.end, ent.actor if actor else None, actor.name if actor else ent.text))
    return out


def _resolve_name(text: str, span: tuple[int, int], entities) -> tuple[str, str | None]:
    """The canonical actor of a speaker mention (an entity inside it, or the whole mention looked up in the
    alias table), else the mention as written."""
    s, e = span
    mention = " ".join(text[s:e].split())
    # A Persian noun phrase opens with its head ("نماینده | جمهوری اسلامی ایران", "the representative of the
    # Islamic Republic"): the speaker is an actor only when the actor's mention opens the phrase; an actor
    # further in is a modifier, as "Iranian" in "Iranian officials said" is in English.
    hits = [x for x in entities if x[2] and x[0] <= s < x[1]]
    if hits:
        best = max(hits, key=lambda x: x[1] - x[0])
        return best[3], best[2]
    try:
        from rasad.analysis.canon import resolve_actor

        actor = resolve_actor(mention)
    except Exception:  # noqa: BLE001 - the alias table is optional here; bad input must not crash
        actor = None
    if actor is not None:
        return actor.name, actor.id
    return mention, None


def _resolve(doc, atts: list[FaAttribution], lex: Lexicon, text: str) -> None:
    """Speaker names for every attribution, in text order: pronouns and dropped subjects reach the last
    person named before, "this report" the last source, a bare title its fuller mention before (or, with none
    before, the first after: a headline's "فرماندار: ..." over a body naming "فرماندار بوکان")."""
    entities = _entities(doc)
    last_person: FaAttribution | None = None
    last_any: FaAttribution | None = None
    named: list[tuple[list[str], str, str | None]] = []  # (folded words, speaker, actor) of full mentions
    bare: list[tuple[FaAttribution, list[str], int]] = []  # bare titles with no fuller mention before them
    for att in sorted(atts, key=lambda a: (a.cue or a.content)[0]):
        key = fold_key(text[att.source[0]: att.source[1]]) if att.source else ""
        if att.source is None or key in lex.person_pronouns:
            ref = last_person or last_any
            att.speaker, att.actor = (ref.speaker, ref.actor) if ref else ((key or None), None)
        elif key in lex.group_pronouns or lex.anaphoric.match(text[att.source[0]: att.source[1]]):
            ref = last_any
            att.speaker, att.actor = (ref.speaker, ref.actor) if ref else (key, None)
            if ref is not None:
                att.person = ref.person
        else:
            att.speaker, att.actor = _resolve_name(text, att.source, entities)
            words = key.split()
            if att.actor is None and key not in lex.generic:
                # "فرماندار" after "فرماندار سقز": the shorter mention is the same speaker
                fuller = next((n for n in reversed(named[-FULLER_LOOKBACK:])
                               if len(n[0]) > len(words) and n[0][: len(words)] == words), None)
                if fuller is not None:
                    att.speaker, att.actor = fuller[1], fuller[2]
                else:
                    bare.append((att, words, len(named)))
            named.append((fold_key(att.speaker or "").split() if att.actor is None else words, att.speaker, att.actor))
        if att.speaker:
            last_any = att
            if att.person:
                last_person = att
    for att, words, at in bare:
        fuller = next((n for n in named[at + 1: at + 1 + FULLER_LOOKBACK]
                       if len(n[0]) > len(words) and n[0][: len(words)] == words), None)
        if fuller is not None:
            att.speaker, att.actor = fuller[1], fuller[2]


def find_attributions(doc, text: str | None = None) -> list[FaAttribution]:
    text = doc_text(doc) if text is None else text  # doc.text joins every token: read it once
    if not text.strip():
        return []
    lex = lexicon()
    sents = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(text))]
    regions = _regions(text)
    known = [(e[0], e[1]) for e in _entities(doc)] + [m.span() for m in lex.generic_re.finditer(text)]
    atts = (_cue_attributions(text, sents, regions, lex, known) + _prefix_attributions(text, sents, regions, lex)
            + _headline_attributions(text, regions, lex) + _news_object_attributions(text, sents, regions, lex))
    live = _live_attributions(text, regions, lex)
    if live:  # a live item's opener in place of a headline read from the same line's first colon
        lines = {text.rfind("\n", 0, a.content[0]) for a in live}
        atts = [a for a in atts if not (a.derived.startswith("fa:headline") and
                                        text.rfind("\n", 0, a.content[0]) in lines)] + live
    _resolve(doc, atts, lex, text)
    return sorted(atts, key=lambda a: (a.content[0], a.content[1]))


def find_quotes(doc) -> list:
    """Quote records for a Persian doc: one ``direct`` Quote per quotation, one ``indirect`` per reported
    statement (speaker, cue, offsets exactly as English Quotes)."""
    text = doc_text(doc)
    out: list[Quote] = []
    for att in find_attributions(doc, text):
        common = {**speaker_and_cue(text, att, att.speaker, att.actor), "derived_from": att.derived}
        if att.quotes and att.derived.startswith(("fa:prefix", "fa:cue-content-quote")) and \
                2 * sum(e - s for s, e in att.quotes) < att.content[1] - att.content[0]:
            # "به گزارش هه‌نگاو، دو کولبر در ارتفاعات «کانی‌سیف» ... زخمی شدند": what a source phrase reports is
            # the whole clause; a short name, charge or slogan in guillemets inside it is no quotation of its own
            s, e = att.content
            out.append(Quote(text=text[s:e], start=s, end=e, kind="indirect", **common))
        elif att.quotes:
            for s, e in att.quotes:
                out.append(Quote(text=text[s:e], start=s, end=e, kind="direct", **common))
        else:
            s, e = att.content
            out.append(Quote(text=text[s:e], start=s, end=e, kind="indirect", **common))
    out.sort(key=lambda q: (q.start, q.end))
    return out


# ---------------------------------------------------------------------------------------------
# Claims


def _points(q: Quote) -> list[int]:
    return [q.start, q.end] + [p for p in (q.cue_start, q.cue_end, q.speaker_start, q.speaker_end) if p is not None]


def _coverage(q: Quote, s0: int, e0: int) -> int:
    """How much of the sentence [s0, e0) the attribution takes: its content, cue and speaker together."""
    points = _points(q)
    s, e = min(points), max(points)
    return max(0, min(e, e0) - max(s, s0))


def _nested(outer: Quote, inner: Quote) -> bool:
    """The inner attribution's speaker or cue lies inside the outer one's content: "به گزارش ایرنا،
    فرماندار سقز اعلام کرد ...": the agency carries, the governor asserts."""
    if outer is inner:
        return False
    at = inner.speaker_start if inner.speaker_start is not None else inner.cue_start
    return at is not None and outer.start <= at < outer.end


def factual(text: str, whole_text: str = "", start: int = 0, title: str | None = None) -> bool:
    """Whether a Persian sentence asserts something: not a question, not a headline line, and with a verb
    (a sentence that ends in a verb-like word, or holds a می- form). Without a tagger this is a heuristic."""
    from rasad.analysis.claims import _BLANK_LINE_AFTER

    text = text.strip()
    if not text:
        return False
    bare = text.rstrip("»\"”’' ")
    if bare.endswith(_QUESTION):
        return False
    if whole_text and "\n" not in text and len(text.split()) <= 15 and text[-1] not in ".!?؟»\"”)…":
        j = start
        while j > 0 and whole_text[j - 1] in " \t":
            j -= 1
        blank = _BLANK_LINE_AFTER.match(whole_text, start + len(text))
        if (j == 0 or whole_text[j - 1] == "\n") and blank and _NON_SPACE.search(whole_text, blank.end()):
            return False  # a headline line above its paragraph
    if title and fold_key(text) == fold_key(title):
        return False  # the report's own title, repeated as the first line of its text
    core = _TRAILING_TAGS.sub("", bare).rstrip(".!؛;،, ")  # a post's closing hashtags and emoji ("... #ایذه")
    trailing = trailing_source().search(core)
    if trailing is not None:
        core = core[:trailing.start()].rstrip(".!؛;،, ")  # "...، به گفته رئیس اورژانس": its verb is before
    return bool(_VERBISH_END.search(core) or _VERB_PREFIX.search(core) or _spoken_order_verb().search(core))


# hashtags ("#مهسا_امینی"), a lone "#" the sentencizer left, and symbols (emoji, arrows) closing a post
_TRAILING_TAGS = re.compile(r"(?:[\s\u200c]*(?:#[\w\u200c]*|[^\w\s.!?؟؛;،,«»\"()\u200c]))+$")


@functools.lru_cache(maxsize=1)
def _spoken_order_verb() -> re.Pattern[str]:
    """A finite plural past of an everyday verb with words after it: the spoken register puts the place after the
    verb ("... و انداختند در ون"), so such a sentence asserts though it does not end with its verb."""
    from rasad.languages.fa.colloquial import register

    stems = sorted(register().past_stems, key=len, reverse=True)
    return re.compile(rf"{_LEFT}(?:" + "|".join(map(re.escape, stems)) + r")ند(?=[\s\u200c]+\S)")


@functools.lru_cache(maxsize=1)
def trailing_source() -> re.Pattern[str]:
    """A source phrase set off at the end of a sentence by a comma, a few words long ("، به گفته X")."""
    return re.compile(r"[،,]\s*(?:" + lexicon().prefixes.pattern + r")[^،,.]{1,80}$")


def find_claims(doc, units) -> list[Claim]:
    """One Claim per sentence unit (the units ``rasad_claims`` cuts): asserted by the speaker whose
    attribution covers at least half of it (the innermost when one carries another), else by the author."""
    quotes = [q for q in getattr(doc._, "quotes", None) or [] if q.speaker]
    # each attribution's extent (content, cue, speaker), sorted: a sentence looks only at those near it
    extents = sorted(((min(_points(q)), max(_points(q)), n) for n, q in enumerate(quotes)))
    los = [lo for lo, _hi, _n in extents]
    widest = max((hi - lo for lo, hi, _n in extents), default=0)
    lex = lexicon()
    title = (getattr(doc._, "report_meta", None) or {}).get("title")
    whole = doc_text(doc)  # doc.text joins the tokens on every access
    claims: list[Claim] = []
    for unit in units:
        text = unit.text
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        start, end = unit.start_char + lead, unit.end_char - trail
        size = max(1, end - start)
        near = [quotes[n] for _lo, _hi, n in extents[bisect.bisect_left(los, start - widest): bisect.bisect_left(los, end)]]
        candidates = [(q, _coverage(q, start, end) / size) for q in near if q.start < end and q.end > start]
        candidates = [(q, share) for q, share in candidates if share >= SHARE]
        candidates = [(q, share) for q, share in candidates if not any(_nested(q, o) for o, _ in candidates)]
        hedges = sorted({fold_key(m.group()) for m in lex.hedges.finditer(whole, start, end)})
        is_factual = factual(whole[start:end], whole, start, title)
        if candidates:
            quote = max(candidates, key=lambda c: c[1])[0]
            claims.append(Claim(start=start, end=end, asserted_by=quote.speaker, asserted_by_actor=quote.speaker_actor,
                                cue=quote.cue, factual=is_factual, hedges=hedges))
        else:
            claims.append(Claim(start=start, end=end, asserted_by="author", factual=is_factual, hedges=hedges))
    return claims


class PersianQuotes:
    """The ``quotes`` stage for Persian (rasad.languages): its own rules; the English speaker model never runs."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc):
        doc._.attributions = []
        doc._.quotes = find_quotes(doc)
        return doc


def make_component(nlp, name: str) -> PersianQuotes:
    return PersianQuotes(name)
