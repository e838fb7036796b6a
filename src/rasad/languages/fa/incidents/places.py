"""Where a Persian sentence's act happened: its site, the town a facility or an office is named after, a
quarter or a province."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from rasad.analysis.doc_text import doc_text
from rasad.languages.fa.incidents.common import BOUNDARY, END, SEP, START, ZWNJ, vocab
from rasad.languages.fa.incidents.victims import _WORD
from rasad.languages.fa.incidents.triggers import _wounding_relatives, earlier_relatives


def _sentence_place_fa(doc: Doc, sent: Span, places: list):
    """The town where the sentence's event happened: not one named as someone's home, origin or grave
    (the origin word right before it: "اهل بوکان", "ساکن روستای X", "آرامستان X"), nor one in the source's name
    ("به گزارش کانون حقوق بشر کردستان، ..."), nor an official's jurisdiction ("استاندار کرمانشاه"), one after
    "در" (in) first, a town before a province."""
    v = vocab()
    text = doc_text(doc)
    splaces = [p for p in places if sent.start_char <= p.start < sent.end_char
               and not v.jurisdiction.search(text[max(0, p.start - 40):p.start]) and not _a_forces_province(text, p)
               and not v.organisation_of_place.search(text[max(0, p.start - 30):p.start])]
    if not splaces:
        return None  # the paragraph's place, else the report's (assemble.finish)
    relatives = earlier_relatives(sent.text)  # "X که در مهاباد بازداشت شده بود، در ارومیه جان باخت": Urmia
    # ... but a death of the wounds such a clause tells happened where the wounding did, not in the hospital after
    wounding = _wounding_relatives(sent.text)
    relatives = [r for r in relatives if r not in wounding]
    # the source's name ("به گزارش کانون حقوق بشر کردستان، ...") is no place of the event: the last resort
    sources = [(o.start(), sent.text.find("،", o.end())) for o in (v.openers.finditer(sent.text) if v.openers else ())
               if "،" in sent.text[o.end():]]

    def key(p):
        before = text[max(0, p.start - 40):p.start]
        origin = bool(v.origin_before.search(before))
        locative = bool(re.search(START + v.locative + SEP + r"(?:" + v.place_nouns + SEP + r")?$", before))
        earlier = any(s <= p.start - sent.start_char < e for s, e in relatives)
        in_source = any(s <= p.start - sent.start_char < e for s, e in sources)
        feature = {"city": 0, "province": 1}.get(getattr(p, "feature", "city"), 2)
        # a landmark followed by its town ("میدان آزادی شهر اراک"): the town, not the landmark's namesake
        town_after = any(q is not p and 0 <= q.start - p.end <= 12 and "شهر" in text[p.end:q.start] for q in splaces)
        # ... and a quarter of a city named like a town elsewhere ("محله فردیس کرج", "محله‌های X و Y اهواز"): the city
        town_after = town_after or _quarter_of(text, p, splaces)
        # a town in the name of the site people work or study at ("کارگران کارخانه قند اصفهان ... مقابل فرمانداری
        # نجف‌آباد تجمع کردند"): where they belong, not where they are when the sentence names another town
        employer = _in_site_of_people(text, p) and any(
            q.feature == "city" and not _in_site_of_people(text, q) for q in splaces if q is not p)
        # (a place after the wounding clause is where the wounded was taken or died: the hospital's town)
        after = bool(wounding) and p.start - sent.start_char >= max(e for _s, e in wounding)
        return in_source, after, origin or earlier, town_after or employer, not locative, feature

    ranked = sorted(splaces, key=key)
    best = ranked[0]
    if key(best)[0]:
        # only the source's name names a place ("به گزارش صداوسیمای مرکز کردستان، فرماندار سنندج اعلام کرد در
        # ناآرامی‌های شب گذشته ..."): a town an official of the town speaks for is nearer the event than the outlet's
        official = [p for p in places if sent.start_char <= p.start < sent.end_char and p.feature == "city"
                    and v.jurisdiction.search(text[max(0, p.start - 40):p.start])]
        if official:
            return official[0]
    if best.feature == "province" and not key(best)[2]:
        # the province only of a force's or an office's name ("پلیس گیلان ..."), its town told in the background
        # ("X که ... در رشت بازداشت شده بود، ... در بازداشتگاه جان باخت؛ پلیس گیلان ..."): the town, in that province
        towns = [p for p in ranked[1:] if p.feature == "city" and p.province == best.province
                 and not v.origin_before.search(text[max(0, p.start - 40):p.start])]
        if towns and not re.search(START + v.locative + SEP + r"(?:" + v.place_nouns + SEP + r")?$",
                                   text[max(0, best.start - 40):best.start]):
            return towns[0]
    return _site_town_in_province(text, best) or best


def _site_start(text: str, pos: int) -> int | None:
    """Where the name of a site (a facility's or an office's word: "معدن"، "کارخانه"، "پتروشیمی") that ``pos`` is in
    starts, when the name runs up to ``pos`` unbroken within a few words ("معدن مس میدوک شهربابک کرمان"); else None."""
    v = vocab()
    lo = max(0, pos - 50)
    # (a locative ends the name: "کارگران معدن ... چادرملو در اردکان": the town the site is in, told as such)
    sites = [m for m in v.office.finditer(text, lo, pos) if not BOUNDARY.search(text, m.end(), pos)
             and not re.search(START + v.locative + END, text[m.end():pos])]
    sites = [m for m in sites if len(_WORD.findall(text[m.end():pos])) <= SITE_NAME_WORDS]
    return sites[0].start() if sites else None


def _in_site_of_people(text: str, p) -> bool:
    """Whether place ``p`` ends the name of a site named as people's workplace or school ("کارگران کارخانه قند
    اصفهان"، "دانشجویان دانشگاه تبریز"): the people noun right before the site's word."""
    start = _site_start(text, p.start)
    if start is None:
        return False
    before = _WORD.findall(text[max(0, start - 30):start])
    return bool(before) and before[-1].replace(ZWNJ, "") in vocab().people_forms


def _site_town_in_province(text: str, p):
    """A site's name that ends with a province's name ("فولاد مبارکه اصفهان"، "معدن مس میدوک شهربابک کرمان"): the
    province is the site's, so the town of that province its name holds before it is the place, not the
    province's capital of the same name."""
    from rasad.analysis.where import _to_place
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup
    from rasad.languages.fa.where import words as place_words

    if p.feature != "city" or not any(e.feature == "province" and e.name == p.name for e in _lookup(fold(p.text))):
        return None
    start = _site_start(text, p.start)
    if start is None:
        return None
    words = list(_WORD.finditer(text, start, p.start))[1:]  # the site's own word is none
    for i in range(len(words)):
        for size in (2, 1):
            if i + size > len(words):
                continue
            span = text[words[i].start():words[i + size - 1].end()]
            if fold(span) in place_words().common:
                continue
            found = [e for e in _lookup(fold(span), joined=size > 1) if e.feature == "city" and e.country == "IR"
                     and e.province == p.province and e.name != p.name and e.population >= OFFICE_SEAT_POPULATION]
            if found:
                entry = max(found, key=lambda e: e.population)
                return _to_place(entry, span, words[i].start(), words[i + size - 1].end())
    return None


SITE_NAME_WORDS = 4  # a site's name after its word: "مس میدوک شهربابک", "زغال‌سنگ طبس"


def _quarter_of(text: str, p, splaces: list) -> bool:
    """Whether place ``p`` is named in a list after a quarter noun and a city follows the list ("در محله‌های کوی
    علوی، ملاشیه و کوت عبدالله اهواز", "در محله فردیس کرج"): a quarter of that city (Persian names the quarter
    before its city), not the town elsewhere that bears its name."""
    v = vocab()
    if not v.quarter_list.search(text, max(0, p.start - 60), p.start):
        return False
    for q in splaces:
        gap = text[p.end:q.start]
        if q.start >= p.end and getattr(q, "feature", "city") == "city" and len(gap) <= 40 and \
                not BOUNDARY.search(gap.replace("،", "")) and not re.search(START + r"در" + END, gap):
            return True
    return False


def _a_forces_province(text: str, p) -> bool:
    """A province named right after a force ("پلیس استان کرمانشاه"، "فرماندهی انتظامی کردستان"): the force's
    jurisdiction, no place of the event."""
    v = vocab()
    province = getattr(p, "feature", "") == "province" or text[p.start:p.end].startswith("استان")
    return province and v.province_forces is not None and \
        bool(v.province_forces.search(text[max(0, p.start - 30):p.start]))


def facility_town(text: str, start: int = 0, end: int | None = None, provinces: bool = False):
    """A town named in a facility's name in ``text[start:end]`` ("دانشجوی دانشگاه تبریز", "زندان مرکزی ارومیه",
    "بیمارستان سردشت" -> Tabriz, Urmia, Sardasht; with ``provinces`` also "دانشگاه مازندران" -> the province),
    which the place stage rightly does not read as a place of its own: (gazetteer entry, start, end) or None."""
    from rasad.languages.fa.normalise import fold
    from rasad.languages.fa.where import _lookup
    from rasad.languages.fa.where import words as place_words

    v = vocab()
    kinds = ("city", "province") if provinces else ("city",)
    for m in v.facility_town.finditer(text, start, len(text) if end is None else end):
        if m.group("town").split()[0].replace(ZWNJ, "") in v.title_words:
            continue  # a facility named after a person ("دانشگاه شهید بهشتی")
        for size in (2, 1):
            words = m.group("town").split()[:size]
            if len(words) < size:
                continue
            found = [e for e in _lookup(fold(" ".join(words))) if e.feature in kinds and e.country == "IR"]
            if found:
                entry = max(found, key=lambda e: (e.feature == "city", e.population))
                return entry, m.start("town"), m.start("town") + len(" ".join(words))
    # an office's longer name, the town it serves at its end ("اداره کل تامین اجتماعی شوش"): a town of some size
    # within a few words, in the same clause
    for m in v.office.finditer(text, start, len(text) if end is None else end):
        tail = list(_WORD.finditer(text, m.end(), min(len(text) if end is None else end, m.end() + 60)))
        tail = [w for w in tail[:OFFICE_NAME_WORDS] if not re.search(r"[،,.؛]", text[m.end():w.start()])]
        for i in range(len(tail)):
            # the town right after the office's word is its seat ("مقر فرماندهی انتظامی راسک"): a smaller town
            # than one further on, where the office's own name has ordinary nouns that are also villages' names
            least = OFFICE_SEAT_POPULATION if i == 0 else OFFICE_TOWN_POPULATION
            if fold(tail[i].group()) in place_words().common:
                continue  # "خیابان چهارباغ بالا روی دو زن": "دو" (two) is also a town's name, as the place stage knows
            found = [e for e in _lookup(fold(tail[i].group())) if e.feature == "city" and e.country == "IR"
                     and e.population >= least]
            if found:
                return max(found, key=lambda e: e.population), tail[i].start(), tail[i].end()
    return None


OFFICE_NAME_WORDS = 5  # the office word's name and town: "تامین اجتماعی شوش", "آموزش و پرورش سقز"
OFFICE_TOWN_POPULATION = 20000  # the name's own words are ordinary nouns, some also a village's name
OFFICE_SEAT_POPULATION = 5000  # the town right after the office word: as after a preposition (places_fa.yaml)


def _facility_town(doc: Doc, sent: Span):
    """The last resort of a report that names no place: a town in a facility's name in the sentence."""
    from rasad.analysis.where import _to_place

    text = doc_text(doc)
    found = facility_town(text, sent.start_char, sent.end_char)
    if found is None:
        return None
    entry, start, end = found
    return _to_place(entry, text[start:end], start, end)
