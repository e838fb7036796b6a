"""The triggers of a Persian sentence (an act or an event noun in every form of its light verb) and which of them
tell an event that happened: negation, the future, the subjunctive, relative clauses of earlier events."""

from __future__ import annotations

import re

from rasad.languages.fa.quotes import trailing_source
from rasad.languages.fa.incidents.common import BOUNDARY, Found, SEP, STRONG_BOUNDARY, TriggerPattern, ZWNJ, vocab
from rasad.languages.fa.incidents.victims import _WORD


_QUOTED_WORD = re.compile(r"«([^»]{1,20})»")  # a word or two in guillemets


def _clause_end(text: str, pos: int) -> int:
    m = BOUNDARY.search(text, pos)
    return m.start() if m else len(text)


_SHORT_NAME_QUOTED = re.compile(r"«[^«»\s.،,؛!؟]+(?:\s[^«»\s.،,؛!؟]+){0,2}»")  # «هنگه‌ژال»: a name of one to three words


def _clause_start(text: str, pos: int, boundary: re.Pattern = BOUNDARY) -> int:
    if boundary is STRONG_BOUNDARY and "«" in text:
        text = _TERM.sub(lambda m: " " + m.group(1) + " ", text)  # same offsets: the marks become spaces
        # an object in guillemets, however long ("۱۲ نفر از «عوامل اصلی ناآرامی‌های اخیر» را دستگیر کردند"): the
        # official's label for the people the clause's act counts, inside the clause
        # (and a label after a preposition: "دو نفر در «درگیری مسلحانه با اشرار» کشته شدند")
        text = _QUOTED_OBJECT.sub(lambda m: " " + (m.group(1) or m.group(2)) + " ", text)
    # a place's or a pass's name in guillemets ("در نقطه صفر مرزی «هنگه‌ژال» ... زخمی شد") does not cut the clause
    # its act's subject stands in, read back from the act
    names = [m.span() for m in _SHORT_NAME_QUOTED.finditer(text, 0, pos)] if boundary in (BOUNDARY, STRONG_BOUNDARY) else []
    return max((m.end() for m in boundary.finditer(text, 0, pos)
                if not any(s == m.start() or e == m.end() for s, e in names)), default=0)


_QUOTED_OBJECT = re.compile(r"«([^«».؛!؟]{1,80})»(?=[\s\u200c]+را(?![\w\u200c]))"
                            r"|(?<=(?<![\w\u200c])(?:در|با|از|به) )«([^«».؛!؟]{1,80})»")
# a term of one to three words in guillemets ("به اتهام «بغی»"، "«محاربه»"): a word set off, no clause of its own
# (a count before it reaches an act after it: "دو زندانی که به اتهام «بغی» ... محکوم شده بودند، ... اعدام شدند")
_TERM = re.compile(r"«([^«»\s]+(?:\s[^«»\s]+){0,2})»")


def slogan_spans(text: str) -> list[tuple[int, int]]:
    """The words of the slogans a sentence quotes ("شعار «مرگ بر دیکتاتور» سر دادند", "شعار مرگ بر ستمگر"): what
    people chanted, no event of its own; and phrases that name no event though a trigger's word is in them
    ("شرکت کشت و صنعت")."""
    spans = [m.span("slogan") for pattern in vocab().slogans for m in pattern.finditer(text)]
    if vocab().not_event_phrases is not None:  # "شرکت کشت و صنعت": words of no event either
        spans += [m.span() for m in vocab().not_event_phrases.finditer(text)]
    return spans


def _without_slogans(text: str) -> str:
    """The text with the words of its slogans blanked (offsets kept): "شعار «مرگ بر ستمگر» سر دادند" is read as
    "شعار سر دادند", a protest, with no death in it."""
    for s, e in slogan_spans(text):
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def find_triggers(text: str) -> list[Found]:
    """The triggers of one sentence's text, longest first, no character used twice, in text order; none in the
    words of a slogan, and the verb of chanting after one is a protest. Longest by the words matched, then by the
    phrase: a verb's perfect ("جان باخته است") outranks the participle noun ("جان‌باخته") its first words spell,
    and so does a participle joined by "و" to a later perfect (``_elided_auxiliary``)."""
    v = vocab()
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    chanted = [m.span("verb") for pattern in v.chanted for m in pattern.finditer(text)]
    text = _without_slogans(text)
    matches = [(tp, m) for tp in v.triggers if tp.anchor in text for m in tp.pattern.finditer(text)]
    order = {id(tp): i for i, tp in enumerate(v.triggers)}
    matches.sort(key=lambda x: (-len(x[1].group().split()) - _elided_auxiliary(text, x[0], x[1]), order[id(x[0])]))
    for tp, m in matches:
        s, e = m.span()
        if any(s < b and a < e for a, b in taken):
            continue
        if tp.verb is None and tp.phrase.endswith("ه") and v.perfect_auxiliary.match(text[e:e + 12]):
            continue  # "جان‌باخته است": the verb's perfect, matched by the verb's own pattern
        # "یگان ضد شورش": a trigger word after "ضد" is no event
        if v.not_a_trigger_after and v.not_a_trigger_after.search(text[max(0, s - 8):s].rstrip()) and \
                not text[max(0, s - 8):s].rstrip().endswith(("،", ".")):
            continue
        f = Found(s, e, tp.phrase, tp.label, tp.is_act, tp.verb)
        if tp.verb is not None:
            g = m.groupdict()
            f.negated, f.future = bool(g.get("neg")), bool(g.get("fut"))
            f.subjunctive = bool(g.get("pres")) and not g.get("mi")
            f.habitual = bool(g.get("pres")) and bool(g.get("mi"))
        found.append(f)
        taken.append((s, e))
    for s, e in chanted:  # "«زن، زندگی، آزادی» سر دادند": chanting is a protest
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "شعار سر داد", "protest", False, "داد"))
            taken.append((s, e))
    for m in list(v.market_closed.finditer(text)) + list(v.absence_strike.finditer(text)):
        s, e = m.span("verb")  # "بازار شهرهای X و Y تعطیل شد", "در کلاس‌ها حاضر نشدند": a strike
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "تعطیل شد", "strike", False, "شد"))
            taken.append((s, e))

    def add(pattern, phrase, label, is_act, verb):
        """The events a pattern's "verb" group marks, where no longer trigger took the words."""
        for m in pattern.finditer(text):
            s, e = m.span("verb")
            if not any(s < b and a < e for a, b in taken):
                found.append(Found(s, e, phrase, label, is_act, verb))
                taken.append((s, e))

    add(v.injured_in_part, "آسیب دید", "injured", True, "دید")  # "از ناحیه چشم آسیب دید": a wound
    add(v.kin_lost, "از دست داد", "killed", True, "داد")  # "هر دو پسرم را از دست دادم": a relative's death
    if not any(f.label == "killed" for f in found):  # (a death told already: the body is its aftermath)
        add(v.body_handed, "تحویل داد", "killed", True, "داد")  # "جنازه‌اش را تحویل دادند": a death
    add(v.gathering_broken_up, "بر هم زد", "protest", False, "زد")  # "مراسم را بر هم زدند": broken up by the state
    # "پس از استشمام گاز دچار سرگیجه شدند": people harmed
    add(v.symptoms_after_inhaling, "دچار مسمومیت شد", "injured", True, "شد")
    for m in v.martyrdom_counted.finditer(text):  # "از شهادت یک مامور ... خبر داد": a death counted
        s, e = m.span("verb")
        n = v.number.search(text, e, e + 20)
        if n is None or not _people_after(text, n.end(), Found(s, e, "شهادت", "killed", True, None)):
            continue  # "شهادت دو شاهد": the testimony of two witnesses
        if not any(s < b and a < e for a, b in taken):
            found.append(Found(s, e, "شهادت", "killed", True, None))
            taken.append((s, e))
    add(v.martyred_and, "شهید شد", "killed", True, None)  # "سه نفر شهید و نه نفر زخمی شدند": the first group's deaths
    add(v.sentence_carried_out, "اعدام", "executed", True, None)  # "حکم او ... اجرا شده بود": his execution
    add(v.taken_away, "با خود برد", "arrested", True, "برد")  # "دو نفر از آنان را با خود بردند": detained
    # "به دلیل جراحت به بیمارستان منتقل شدند": the wounded
    add(v.hurt_to_hospital, "به بیمارستان منتقل شد", "injured", True, "شد")
    add(v.harm_to_people, "آسیب رساند", "injured", True, "رساند")  # "به سه مامور آسیب رساندند": people harmed
    return sorted(found, key=lambda f: f.start)


def _elided_auxiliary(text: str, tp: TriggerPattern, m: re.Match) -> int:
    """1 when a verb's bare participle, written apart, is joined by "و" to a later perfect ("... جان باخته و ماموران
    پیکرش را دفن کرده‌اند"): the perfect's auxiliary is said once, at the chain's end, so the participle is a
    finite verb (not the noun "جان‌باخته" its letters also spell); else 0."""
    v = vocab()
    if tp.verb is None or " " not in m.group() or not v.participle_and.match(text, m.end() - 1):
        return 0
    return 1 if v.joined_perfect.search(text, m.end()) else 0


_AND_NEXT = re.compile(r"[\s\u200c]+و[\s\u200c]")


def _perfect(text: str, f: Found) -> bool:
    """Whether an act is told in the perfect ("اعدام شده‌اند"), its own auxiliary or, for a bare participle or noun
    joined by "و" to a later verb, the perfect that ends the chain ("... کشته و هزاران نفر بازداشت شده‌اند")."""
    v = vocab()
    if v.perfect_form.search(text, f.start, f.end):
        return True
    return bool(_AND_NEXT.match(text, f.end)) and bool(v.joined_perfect.search(text, f.end, _strong_end(text, f.end)))


def _clause_verb(text: str, pos: int) -> re.Match | None:
    """The verb that ends the clause after ``pos`` (the verb of a noun trigger): the last one before the
    clause break (Persian puts the verb last; a participle before it, "کشته", is no verb of its own)."""
    end = _clause_end(text, pos)
    best = None
    for pattern in vocab().clause_verbs:
        for m in pattern.finditer(text, pos, end):
            if best is None or m.start() > best.start():
                best = m
    return best


def _form_of_clause(f: Found, text: str) -> None:
    """A noun trigger takes the negation, future and mood of its clause's verb ("هیچ تجمعی برگزار نشد"; the
    negative copula: "اعتصاب راه حل مشکلات نیست")."""
    if vocab().negative_copula.search(text[f.end:_clause_end(text, f.end)]):
        f.negated = True
        return
    m = _clause_verb(text, f.end)
    if m is None:
        if f.label in ("protest", "strike") and _generic(text, f):
            f.negated = True  # "برگزاری تجمع حق قانونی مردم است": protest in general, no event
        return
    g = m.groupdict()
    f.negated, f.future = bool(g.get("neg")), bool(g.get("fut"))
    # "داشتن" takes no "می" in its present: "اعتصاب ... ادامه دارد" (goes on) is an indicative, no wish or call
    having = bool(g.get("pres")) and g["pres"].startswith("دار") and text[:m.start()].rstrip().endswith("ادامه")
    f.subjunctive = bool(g.get("pres")) and not g.get("mi") and not having
    f.habitual = bool(g.get("pres")) and bool(g.get("mi"))


def _generic(text: str, f: Found) -> bool:
    """A noun event whose sentence ends with the present copula, no verb between ("سر دادن شعار ... نماد ...
    است"): a statement about such events in general."""
    end = STRONG_END.search(text, f.end)
    rest = text[f.end:end.start() if end else len(text)]
    cop = vocab().generic_copula.search(rest)
    # a past verb between ends another clause; a present form there is a noun's homograph ("نماد": symbol)
    return cop is not None and not any(m.group("past") for p in vocab().clause_verbs
                                       for m in p.finditer(rest, 0, cop.start()))


STRONG_END = re.compile(r"[.!?؟؛;\n]")  # a sentence's or a main clause's end (guillemets and commas go on)


def _strong_end(text: str, pos: int) -> int:
    m = STRONG_END.search(text, pos)
    return m.start() if m else len(text)


def live_triggers(text: str, has_date: bool) -> list[Found]:
    """The triggers of a sentence that state an occurrence: not negated, future, hypothetical, conditional,
    planned or called for, denied, a sentence passed rather than an execution, a habit, or the cause or
    occasion of another event ("در اعتراض به مرگ ...")."""
    v = vocab()
    live = []
    trailing = trailing_source().search(text.rstrip(".!؛;،, "))  # "...، به گزارش کمپین «نه به اعدام»."
    found = find_triggers(text)
    tallied = False  # an act dropped as a running total
    series = [g for g in found if g.nominal and not g.is_act and v.series_year.match(text, g.end)]
    for f in found:
        if trailing is not None and f.start >= trailing.start():
            continue  # a word of the source's name, not an event
        if f.nominal:
            _form_of_clause(f, text)
        cs, ce = _clause_start(text, f.start), _clause_end(text, f.end)
        before, clause = text[cs:f.start], text[cs:ce]
        if f.negated or f.future or (f.habitual and not has_date and f.phrase not in v.lex.word_set("seen_present")):
            continue
        if f.subjunctive:
            continue  # "تجمع کنند", "تجمع کنید": a wish, a call, a purpose
        if (v.modals and v.modals.search(before)) or (v.conditional and v.conditional.search(before)):
            continue
        quoted = _QUOTED_WORD.match(text, ce)  # "... را «دروغ» خواند": the denial's word in guillemets
        if v.denial and v.denial.search(clause[f.start - cs:] + (" " + quoted.group(1) if quoted else "")):
            continue  # "... کشته شدن دو معترض را تکذیب کرد"
        if f.is_act and v.unconfirmed_news.search(text):
            continue  # "خبر تأییدنشده: دیشب سه نفر ... کشته شدند": a claim not yet confirmed, no fact
        if v.denial_before and v.denial_before.search(text[max(cs, f.start - 30):f.start]):
            continue  # "با رد خبر مرگ یک معترض ...": the denied report's event
        if v.denial and v.news_of.search(text[max(0, f.start - 12):f.start]) and v.denial.search(text, f.end):
            continue  # "خبر ربوده شدن دو کودک در زاهدان را ... تکذیب کرد": the news denied, no event
        if f.nominal and v.planning and v.planning.search(clause) and not _by_means_of(text, f):
            continue  # "فراخوان تجمع", "خواستار برگزاری اعتصاب شدند"
        if f.label in ("killed", "executed") and v.sentence_words and (
                v.sentence_words.search(text[max(cs, f.start - 12):f.start])
                or v.sentence_words.search(text[f.end:f.end + 12])) and not (
                f.label == "executed" and v.carried_out and v.carried_out.search(text, f.end)):
            continue  # "به اعدام محکوم شد", "حکم اعدام": a sentence, not an execution (unless "... اجرا شد")
        if f.nominal and v.aside_before and _after_aside(text, cs, f):
            continue
        if not f.nominal and v.occasion_before and _right_after_aside(text, cs, f):
            continue  # "مراسم سالگرد درگذشت X": the verb's form read as the noun of the occasion (ezafe)
        if not f.nominal and _after_demand(text, cs, f):
            continue  # "خواستار لغو احکام اعدام شدند": the verb is the demand's, the act a noun under it
        if f.label in ("arrested", "detained") and f.nominal and v.release and v.release.search(text) and \
                not _arrested_and_released(text, f):
            continue  # "پس از ۴۰ روز بازداشت ... آزاد شد": the custody a release ends
        if f.label in ("arrested", "detained") and _part_of_the_group(text, f) and v.court_steps and \
                v.court_steps.search(text, f.end):
            continue  # "برای ۳۱۵ نفر از بازداشت‌شدگان ... کیفرخواست صادر شد": a court's step, the arrests before it
        if f.label in ("bomb", "suicide", "grenade") and f.nominal and (
                v.weapon_seized.search(text, f.end, _strong_end(text, f.end))
                or v.not_yet_before.search(text[max(0, f.start - 12):f.start])):
            continue  # "جلیقه انفجاری ... کشف شد"، "پیش از انفجار خنثی شد": a weapon found or defused, no blast
        if f.is_act and f.nominal and v.against.search(text[max(0, f.start - 16):f.start]):
            continue  # "علیه اعدام‌ها شعار می‌دادند": what the slogans are against, no execution
        if f.label == "killed" and v.natural_death and v.natural_death.search(text, cs, ce):
            continue  # "به علت بیماری قلبی درگذشته است": a death, not a killing
        if f.label == "killed" and (_an_accidental_death(text) or (
                v.denial and v.denial.search(text) and _an_accidental_death(_said_last(text, cs, f, ce)))):
            # "بر اثر سقوط از داربست جان باخت": an accident, with no armed side and no shot named; in a denial, what
            # the denier said of the death ("... را کذب خواند و گفت این فرد در یک حادثه رانندگی جان خود را از دست
            # داده است": the forces are the denied report's)
            continue
        if f.nominal and any(0 <= g.start - f.end <= 2 for g in series) or f in series:
            continue  # "از جان‌باختگان اعتراضات ۱۴۰۱": a past movement named by its year, and its dead
        if f.nominal and f.is_act and v.recent_after and any(
                not g.is_act and 0 <= g.start - f.end <= 2 and _recent(text, g.end) for g in found):
            # "محاکمه هفت تن از بازداشت‌شدگان اعتراضات اخیر آغاز شد": those the recent protests' arrests took, named
            # for a trial or a sentence now; no arrest on this date
            continue
        if f.nominal and v.any_before.search(text, max(0, f.start - 20), f.start):
            continue  # "با «هرگونه تجمع غیرقانونی» برخورد خواهد شد": any such event, none that happened
        if _ANNIVERSARY_OF.search(text, 0, f.start):
            continue  # "امروز سالگرد کشته شدن X است که در اعتراضات ۱۴۰۱ جان باخت": the anniversary's person, long ago
        if any(a <= f.start and f.end <= b for a, b in _descriptions(text)):
            continue  # "X، از معترضان بازداشت‌شده در جریان اعتراضات سراسری، را ... محکوم کرد": who X is
        # (and in the perfect of those of a past movement named by its year: "ده تن از معترضان بازداشت‌شده در
        # اعتراضات ۱۴۰۱ تاکنون اعدام شده‌اند", a tally of that movement's executions)
        if f.is_act and (_perfect(text, f) and (_running_periods(text, found, f.start)
                                                or any(g.end <= f.start for g in series))
                         or v.period_report.search(text, 0, f.start)):
            tallied = True
            continue  # "از ابتدای سال ... ۱۱۴۷ نفر اعدام شده‌اند": a running total, not one occurrence
        if _in_earlier_relative(text, f) and not _gathering_of_the_harmed(text, f, found):
            continue  # "X که دو هفته پیش بازداشت شده بود، ... جان باخت": what had happened before, background
        if f.label == "property" and v.own_object.search(text, max(0, f.start - 50), f.start):
            continue  # "روسری‌های خود را آتش زدند": their own things burned, a gesture, no destruction
        if f.phrase in v.person_triggers and text[f.start:f.end].endswith("ی") and _RELATIVE.match(
                text, f.end + len(text[f.end:]) - len(text[f.end:].lstrip())):
            continue  # "X، معترضی که ..." (a protester who ...): a description of someone, no protest
        if f.label in ("arrested", "detained") and not f.nominal and _JOINED_PARTICIPLE.search(text, f.start, f.end) and \
                not v.perfect_auxiliary.match(text[f.end:]) and not _ENDS_CLAUSE.match(text, f.end):
            # "کارگران بازداشت‌شده نیشکر ...": a participle joined to its noun describes the people, no arrest of the
            # sentence (a harm's, "زندانی قصاص‌شده"، may be the act an identity sentence names)
            continue
        if (f.phrase in v.person_triggers or f.is_act and f.nominal) and _in_describing_relative(text, f, found):
            # "X، وکیلی که وکالت چند تن از معترضان را بر عهده داشت، گفت ...": who X is, no protest; nor an arrest
            # the clients' noun tells ("... وکالت چند تن از کارگران بازداشتی را بر عهده داشت، گفت او ... بازداشت
            # شد": one arrest, the speaker's, not the clients' besides)
            continue
        if f.is_act and f.nominal and _kin_of_those(text, f):
            continue  # "سه تن از بستگان جان‌باختگان را بازداشت کردند": the dead name whose kin, no death told
        live.append(f)
    if (any(f.is_act for f in live) or any(f.is_act for f in found)) and v.recent_after:
        # "۴۵ نفر از لیدرهای اغتشاشات اخیر دستگیر شدند": the arrests, not a riot; and where the act was dropped
        # ("از آزادی ۴۰۰ نفر از بازداشت‌شدگان ناآرامی‌های اخیر خبر داد": a release) the series is still no event
        live = [f for f in live if f.is_act or not _recent(text, f.end)]
    # "دادگاه ۱۱ متهم اغتشاشات اخیر برگزار شد": the series before, named as the people's it was (their ezafe), is
    # theirs, no event of the sentence even where no act stands beside it
    live = [f for f in live if f.is_act or not _recent(text, f.end) or not _people_word_before(text, f.start)]
    # "...؛ در این درگیری دو نفر مصدوم شدند": an event noun after "این" that points back at a trigger before it in
    # the sentence names that event again, no event of a kind of its own (the beating called a clash)
    live = [f for f in live if f.is_act or not v.back_reference.search(text, max(0, f.start - 8), f.start)
            or not any(g.end <= f.start for g in live if g is not f)]
    if tallied:
        # "از آغاز اعتراضات ۵۰۰ معترض کشته شده‌اند": the movement that opens a running total's period, and the people
        # it counts, are no gathering of the sentence
        periods = _running_periods(text, found) + [m.span() for m in v.period_report.finditer(text)]
        live = [f for f in live if not any(a <= f.start < b for a, b in periods)]
        if all(f.phrase in v.person_triggers for f in live):
            return []
    if live and all(f.phrase in v.person_triggers for f in live) and not any(
            v.number.search(text[max(0, f.start - 25):f.start].rstrip()[-20:]) for f in live):
        return []  # "این معترض جوان" names a person; "صدها معترض" counts a gathering
    earlier = [f for f in live if f.is_act and f.verb is not None and v.past_perfect.search(text, f.start, f.end)]
    if earlier and any(f.is_act and f not in earlier for f in live):
        # "... اعدام شد؛ به گفته ... او در ۱۷ سالگی بازداشت شده بود": an act in the past perfect beside one in the
        # simple past had happened before the event, its background
        live = [f for f in live if f not in earlier]
    if _an_accident(text, live):
        return []
    acts = {f.label for f in live if f.is_act}
    if acts and acts <= {"arrested", "detained"}:
        # "در عملیاتی ... دستگیر شدند": an operation that only arrests is the arrest itself, no fight
        operations = v.lex.word_set("arrest_operation_words")
        live = [f for f in live if f.phrase not in operations]
    if acts and acts <= {"sentenced", "executed", "tortured"}:
        # a court's sentence or an execution of "this protester" is no protest
        live = [f for f in live if f.phrase not in v.person_triggers]
    hospital = [f for f in live if f.phrase in _TO_HOSPITAL]
    if hospital and not any(f.label in _HARM_TOLD for f in live if f not in hospital) and \
            not v.symptoms_after_inhaling.search(text):  # "پس از استشمام گاز راهی بیمارستان شدند": harmed
        # "زندانی ... به بیمارستان منتقل شد": a transfer, no harm, unless a harm or an attack is told beside it
        live = [f for f in live if f not in hospital]
    arrests = [f for f in live if f.label in ("arrested", "detained")]
    involved = v.involvement.search(text, arrests[0].end) if arrests and v.involvement is not None else None
    if involved is not None:
        # "از دستگیری ۱۲ نفر ... خبر داد و گفت این افراد در حمله ماه گذشته ... که به شهادت دو مامور انجامید، دست
        # داشته‌اند": the event the arrested were involved in is what they are held for, background of the arrest
        live = [f for f in live if not (arrests[0].end <= f.start < involved.start())]
    return live


_JOINED_PARTICIPLE = re.compile(r"\u200cشده$")  # "بازداشت‌شده": a participle written joined, an adjective's form
_ENDS_CLAUSE = re.compile(r"[\s\u200c]*(?:[.!?؟؛;:،,\n]|و(?![\w\u200c])|$)")  # "... بازداشت‌شده و ..." ends a clause
# a kin word in the ezafe right before a noun of those harmed ("بستگان جان‌باختگان"، "خانواده‌های بازداشت‌شدگان"،
# "مادر یکی از کشته‌شدگان")
_KIN_BEFORE = re.compile(r"(?<![\w\u200c])(?P<kin>[^\W\d_][\w\u200c]*?)(?:\u200c?(?:های|ها|ی))?[\s\u200c]+"
                         r"(?:(?:یکی|تعدادی|شماری)[\s\u200c]+از[\s\u200c]+)?$")


def _running_periods(text: str, found: list[Found], end: int | None = None) -> list[tuple[int, int]]:
    """The spans before ``end`` that open a running total's period ("در سه ماه گذشته"، "از ابتدای سال"), not
    those holding an event's noun: "در ناآرامی‌های هفته گذشته" is one event's week, its toll that event's."""
    events = [g for g in found if g.nominal]
    return [m.span() for m in vocab().total_period.finditer(text, 0, len(text) if end is None else end)
            if not any(m.start() < g.start and g.end < m.end() for g in events)]


def _people_word_before(text: str, start: int) -> bool:
    """Whether the word right before ``start`` names people ("متهم"، "بازداشت‌شدگان"، "معترضان")."""
    words = _WORD.findall(text[max(0, start - 30):start])
    return bool(words) and not text[start - 1:start].strip(" \u200c") and words[-1].replace(ZWNJ, "") in vocab().people_forms


def _recent(text: str, end: int) -> bool:
    """Whether the word after an event noun ending at ``end`` marks the series before ("اعتراضات اخیر")."""
    return bool(vocab().recent_after.match(text, end + len(text[end:]) - len(text[end:].lstrip())))


def _in_describing_relative(text: str, f: Found, found: list[Found]) -> bool:
    """A word for people inside a relative clause set off by commas that tells no act ("X، وکیل دادگستری که وکالت
    چند تن از معترضان را بر عهده داشت، ..."; no verb of an act in it): it describes X, whose people those are."""
    for rel in _RELATIVE.finditer(text, 0, f.start):
        end = _clause_end(text, rel.end())
        if f.end <= end and text[end:end + 1] in "،," and "،" in text[max(0, rel.start() - 60):rel.start()] and \
                not any(g.is_act and not g.nominal and rel.end() <= g.start < end for g in found):
            return True
    return False


def _kin_of_those(text: str, f: Found) -> bool:
    """A noun of those harmed after a kin word ("بستگان جان‌باختگان آبان ۹۸"): it names whose relatives the
    sentence's people are, not a harm the sentence tells."""
    m = _KIN_BEFORE.search(text, max(0, f.start - 40), f.start)
    return m is not None and m.group("kin").replace(ZWNJ, "") in vocab().kin


_TO_HOSPITAL = {"به بیمارستان منتقل شد", "راهی بیمارستان شد"}
# what makes people taken to hospital its harmed: a harm, a blast, an attack, a clash, a riot
_HARM_TOLD = {"killed", "injured", "shot", "beaten", "tortured", "attack", "raid", "bomb", "grenade", "suicide",
              "air", "artillery", "chemical", "clash", "riot", "mob"}


_RELATIVE = re.compile(r"(?<![\w\u200c])که(?![\w\u200c])")


def _an_accident(text: str, live: list[Found]) -> bool:
    """A blast the sentence puts down to an accident ("انفجار گاز در یک ساختمان مسکونی ... یک کشته بر جای گذاشت"),
    with no event but the blast and no armed side named: no political violence (the English rule's, filters.py)."""
    v = vocab()
    kinds = {f.label for f in live if not f.is_act}
    if not live or kinds != {"bomb"} or v.accident is None or not v.accident.search(text):
        return False
    return not any(v.cues[g].search(text) for g in ("non_state", "suicide", "armed_clash") if v.cues.get(g))


# "(امروز) سالگرد X است که ...": a sentence that says whose anniversary it is; what the relative clause after it tells
# happened to that person on the day remembered, not on the day of the report
_ANNIVERSARY_OF = re.compile(r"(?<![\w\u200c])(?:سالگرد|سالروز)(?![\w])[^.؛!؟]{0,160}?(?<![\w\u200c])است"
                             + SEP + r"که(?![\w\u200c])")
_DESCRIPTION = re.compile(r"،\s*(از(?!\s+جمله)\s+[^،.؛:«»]{3,70})،")


def _descriptions(text: str) -> list[tuple[int, int]]:
    """The spans of a person's description set off by commas and opening with "از" ("X، از بازداشت‌شدگان اعتراضات
    ۱۴۰۱، ..."، one of a group): what the person was, the background of the sentence's act; none holding a
    finite verb ("، از ساعت ۵ تجمع کردند،") and not a list ("، از جمله ...")."""
    v = vocab()
    return [m.span(1) for m in _DESCRIPTION.finditer(text)
            if not any(p.search(m.group(1)) for p in v.clause_verbs)]


def _said_last(text: str, cs: int, f: Found, ce: int) -> str:
    """The words of an act's clause after the last speech verb before the act ("... و گفت این فرد ... جان باخت"),
    or the whole clause when none stands there."""
    v = vocab()
    said = [m.end() for m in v.speech.finditer(text, cs, f.start)] if v.speech else []
    return text[said[-1]:ce] if said else text[cs:ce]


def _an_accidental_death(text: str) -> bool:
    """A sentence that puts a death down to an accident of work, the road or the weather and names no armed
    side, no state force and no shot: no political violence ("یک کارگر بر اثر سقوط از داربست جان باخت")."""
    v = vocab()
    if v.accidental_death is None or not v.accidental_death.search(text):
        return False
    if any(v.cues[g].search(text) for g in ("state_forces", "non_state", "armed_clash", "rioting") if v.cues.get(g)):
        return False
    # a shot said not to have been fired ("هیچ تیراندازی‌ای صورت نگرفته") names none
    return not any(f.label in ("shot", "beaten", "attack", "raid", "clash") and not (
        v.any_before.search(text, max(0, f.start - 20), f.start)) for f in find_triggers(text))


def earlier_relatives(text: str) -> list[tuple[int, int]]:
    """The spans of a sentence's relative clauses ("که ...", up to the next comma or the clause's end; not after
    a speech verb: "اعلام کرد که ...") whose verb is in the past perfect or "شاهد ... بود": they describe what
    had happened to the sentence's person or place before, its background, not its event."""
    v = vocab()
    speech = tuple(v.lex.word_set("speech_verbs"))
    spans = []
    for rel in _RELATIVE.finditer(text):
        if text[max(0, rel.start() - 16):rel.start()].rstrip().endswith(speech):
            continue
        end = _clause_end(text, rel.end())
        verb = v.earlier_relative_verb.search(text, rel.end(), end)
        if verb is None and v.earlier_relative_time.search(text, rel.end(), end) and text[end:end + 1] in "،,":
            # a relative clause set off by commas with a time before the sentence's ("X، نوجوانی که پاییز سال
            # گذشته ... جان باخت، ..."): all of it is background
            spans.append((rel.start(), end))
            continue
        if verb:
            # the clause ends with its verb: "... که از توقف خودداری کرده بود شلیک کردند" (no comma) goes on
            # with the main clause's verb
            spans.append((rel.start(), verb.end()))
        elif text[end:end + 1] in "،," and _occasion_named_before(text, rel.start()):
            # "در ششمین سالگرد سرنگونی هواپیما که ۱۷۶ سرنشین آن کشته شدند، ماموران ...": the relative tells what
            # happened on the day remembered, set off by its comma from the sentence's own act
            spans.append((rel.start(), end))
        elif _BODY_OF.search(text, max(0, rel.start() - 60), rel.start()) and text[end:end + 1] in "،,":
            # "پیکر دو مامور که روز گذشته ... به شهادت رسیدند، امروز تشییع شد": whoever's body is buried had died
            # before, whatever the tense; the funeral's person is background
            spans.append((rel.start(), end))
    return spans


def _occasion_named_before(text: str, pos: int) -> bool:
    """An occasion's word (سالگرد، سالروز، چهلم ...) in the clause before a relative's "که", with no verb between:
    the relative describes the occasion's past event."""
    v = vocab()
    if v.occasion_before is None:
        return False
    cs = _clause_start(text, pos)
    last = None
    for m in v.occasion_before.finditer(text, max(cs, pos - 120), pos):
        last = m
    return last is not None and not any(p.search(text, last.end(), pos) for p in v.clause_verbs)


def _wounding_relatives(text: str) -> list[tuple[int, int]]:
    """A sentence's past-perfect relative clauses that tell a wound (shot, hurt, beaten) when the sentence's death
    is of its wounds ("X که روز یکشنبه در مرز ... زخمی شده بود، روز جمعه بر اثر شدت جراحات ... جان باخت"): the
    wounding is the event, its day and place are the incident's."""
    v = vocab()
    if v.died_of_wounds is None or not v.died_of_wounds.search(text):
        return []
    harm = [f for f in find_triggers(text) if f.label in ("shot", "injured", "beaten")]
    return [(s, e) for s, e in earlier_relatives(text) if any(s <= f.start < e for f in harm)]


_BODY_OF = re.compile(r"(?<![\w\u200c])(?:پیکر|پیکرهای|جنازه|جسد)(?![\w])[^،.؛]*$")


def _gathering_of_the_harmed(text: str, f: Found, found: list[Found]) -> bool:
    """A protest or strike told in a relative clause in the past perfect, with no act and no earlier time of its
    own, before the sentence's act ("بازنشستگانی که مقابل ... تجمع کرده بودند مورد ضرب و شتم قرار گرفتند"): the
    gathering the harmed were holding when the act happened, the act's protest, not an earlier event."""
    if f.label not in ("protest", "strike"):
        return False
    span = next(((s, e) for s, e in earlier_relatives(text) if s <= f.start and f.end <= e), None)
    if span is None or vocab().earlier_relative_time.search(text, span[0], span[1]):
        return False
    if not f.nominal and vocab().singular_perfect.search(text, span[0], span[1]):
        # "یکی از کسبه را که به این اقدام اعتراض کرده بود بازداشت کردند": one person's verb of protest in the singular
        # is their objection, what the act answered, no gathering they were holding
        return False
    return not any(g.is_act and span[0] <= g.start < span[1] for g in found) and \
        any(g.is_act and g.start >= span[1] for g in found)


def _in_earlier_relative(text: str, f: Found) -> bool:
    return any(s <= f.start and f.end <= e for s, e in earlier_relatives(text))


_MEANS = re.compile(r"(?<![\w\u200c])با(?:\s+(?:برپایی|برگزاری))?\s+$")


def _by_means_of(text: str, f: Found) -> bool:
    """A noun event after "با" ("با تجمع در مقابل استانداری خواستار ... شدند", "با برپایی راهپیمایی"): the means by
    which something was done, so done itself, whatever the clause demands."""
    return bool(_MEANS.search(text[max(0, f.start - 20):f.start]))


def _after_demand(text: str, cs: int, f: Found) -> bool:
    """A verbal trigger whose light verb completes "خواستار ... شدند" (demanded): "خواستار" in its clause with no
    verb between."""
    last = None
    for m in vocab().demand_heads.finditer(text, cs, f.start):
        last = m
    return last is not None and not any(p.search(text, last.end(), f.start) for p in vocab().clause_verbs)


def _right_after_aside(text: str, cs: int, f: Found) -> bool:
    """An occasion's word right before a trigger ("سالگرد درگذشت X"، "مراسم چهلم"): the trigger is its noun in the
    ezafe, the occasion's death, though its form is a verb's ("درگذشت")."""
    last = None
    for m in vocab().occasion_before.finditer(text, max(cs, f.start - 40), f.start):
        last = m
    return last is not None and not text[last.end():f.start].strip(" \u200c")


def _after_aside(text: str, cs: int, f: Found) -> bool:
    """A noun trigger inside "در اعتراض به ..." / "پس از ..." up to the clause's verb, or after "به" as a protest
    verb's object ("به اعدام‌ها اعتراض کردند"): the cause or occasion of the sentence's event, not an event of
    its own."""
    v = vocab()
    if re.search(r"(?<![\w\u200c])به\s+$", text[max(cs, f.start - 6):f.start]) and v.protest_object.match(text, f.end):
        return True  # "به اعدام‌ها اعتراض کردند": what is protested
    last = None
    for m in v.aside_before.finditer(text, cs, f.start):
        last = m
    if last is None:
        return False
    between = text[last.end():f.start]
    if re.fullmatch(r"[\s\u200c]*«[^«»]+»[\s\u200c]*", between):
        return False  # "به اتهام «اجتماع و تبانی» بازداشت و ... منتقل شد": the charge quoted, then the clause's own act
    # a verb between the aside words and the trigger closes the aside
    return not any(p.search(between) for p in v.clause_verbs) and len(between) <= 40


_PART_OF = re.compile(r"(?:تن|نفر)?" + SEP + r"از" + SEP + "$")


def _part_of_the_group(text: str, f: Found) -> bool:
    """Whether a noun of the people an act befell follows a number and "از" ("هویت دو تن از بازداشت‌شدگان محرز شده
    است"، "سه نفر از کشته‌شدگان زن بودند"): some of a group the report has counted or will count, no figure of the
    act (the group's own figure stands with its verb: "دست‌کم ۶ شهروند ... بازداشت شدند")."""
    if not (f.nominal and f.is_act):
        return False
    m = _PART_OF.search(text, max(0, f.start - 16), f.start)
    if m is None:
        return False
    n = vocab().number.search(text, max(0, m.start() - 14), m.start() + 1)
    return n is not None and not text[n.end():m.start()].strip()


def _people_after(text: str, end: int, f: Found) -> bool:
    """A number counts people when what follows it is a person word (نفر، تن؛ an actor, a relative, a
    description: معترض، سوخت‌بر، برادر، دانشجو), "از" (of: "سه تن از ..."), or the act itself ("سه کشته")."""
    v = vocab()
    if text[end:end + 1] == ZWNJ:  # "هفت‌تپه": a number inside a compound name; "تیم هفت‌نفره": a team of seven
        return bool(v.group_size and v.group_size.match(text[end + 1:end + 12]))
    rest = text[end:f.start + 1] if end < f.start else text[end:end + 20]
    m = _WORD.search(text, end, end + 30)
    if m is None or text[end:m.start()].strip():
        return False
    if m.start() == f.start:
        return True
    word = m.group().replace(ZWNJ, "")
    return word in v.people_forms or word in v.counted_people or bool(v.group_size and v.group_size.match(text, m.start())) \
        or bool(v.person_classifiers and v.person_classifiers.match(text, m.start())) or rest.lstrip().startswith("از ")


_AND_THEN = re.compile(r"[\s\u200c]*و[\s\u200c]")


def _arrested_and_released(text: str, f: Found) -> bool:
    """"X دیروز در کرج بازداشت و شامگاه همان روز آزاد شد": an arrest's participle joined by "و" to a release told
    in the simple past is a chain of two acts (the auxiliary said once): the arrest is an event told here, not the
    custody the release ends. A release in the past perfect ("... بازداشت و پس از دو ماه آزاد شده بود") still tells
    of an arrest long before."""
    v = vocab()
    return bool(_AND_THEN.match(text, f.end)) and not any(
        "بود" in m.group() for m in v.release.finditer(text, f.end))
