"""The place a victim story is about: the victim's town (residence, else origin), not every town it names.

Memorial accounts name several places: where the victim lived or came from, where the killing happened,
where the body was found or buried, and streets and quarters of a city ("Nematabad, Tehran", "Javadiyeh,
District 16 of Tehran"). A memorial archive records the victim's town, so this module ranks the Iranian
places a story names by the words around them (general English patterns, written by hand for Rasad,
in the vocabulary file: en.yaml "patterns"):

1. residence ("resident of X", "residing in X", "living in X", "X, the family's main place of residence");
2. origin ("from X", "a native of X", "originally from X", "his paternal village, X");
3. any other mention (usually where the killing happened), the first one first;
4. a facility named after a town ("Yazd University", "Kahrizak detention center");
5. burial ("buried in X", "rests in X") and birth ("born in X"): a birthplace or a grave is often
   not the town the person lived in.

Adjacent mentions are read as one place: "Najafabad, Isfahan" (a town and its province or province's
capital: the town), "Tehran, Lavasan" / "Gilan (Langarud)" (a province and a town in it: the town),
"Nematabad, Tehran" where the first name only matches a town of another province (a quarter of the second:
the second), "A, District 16 of B" / "A neighbourhood of B" (B). A city beats a province; a province alone
gives its capital (ACLED's convention, done by the caller).

No list of places is written here: names are resolved through the offline GeoNames gazetteer
(``rasad.analysis.where.resolve_place``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import SimpleNamespace

from rasad.analysis.gazetteer import get_gazetteer
from rasad.analysis.where import resolve_place
from rasad.incidents.lexicon import lexicon

RESIDENCE, ORIGIN, OTHER, FACILITY, BURIAL, BIRTH = range(6)

def _patterns(lang: str) -> SimpleNamespace:
    """The patterns of the vocabulary of ``lang`` that this module reads, compiled once per vocabulary."""
    lex = lexicon(lang)
    return lex.built("victim_place", lambda: _compile(lex))


def _compile(_WORDS) -> SimpleNamespace:
    # The words around a place that say what it is to the victim (<lang>.yaml "patterns", "facility_words").
    # Between a cue ("from") and its place, articles, place nouns and other names may come ("from the village of
    # Farajabad in Aligudarz County", "from Kabootarkhaneh, a village near Rafsanjan"); case is ignored only
    # inside (?i:...) there: a capitalised word stands for another name.
    _FILLER = _WORDS.pattern("place_filler")
    p = SimpleNamespace()
    p.RESIDENCE_BEFORE = re.compile(_WORDS.pattern("residence_before") + _FILLER + r"$")
    p.RESIDENCE_AFTER = re.compile(_WORDS.pattern("residence_after"), re.I)
    p.ORIGIN_BEFORE = re.compile(_WORDS.pattern("origin_before") + _FILLER + r"$")
    # "from" after these is a movement or a source, not where someone comes from
    p.NOT_ORIGIN = re.compile(_WORDS.pattern("not_origin_before") + _FILLER + r"$")
    p.BURIAL_BEFORE = re.compile(_WORDS.pattern("burial_before"), re.I)
    p.BURIAL_AFTER = re.compile(_WORDS.pattern("burial_after"), re.I)
    p.BIRTH_BEFORE = re.compile(_WORDS.pattern("birth_before") + _FILLER + r"$")
    # A town's name used for a building or institution: "Yazd University", "Kahrizak detention center",
    # "Ferdowsi University of Mashhad" ("facility_of": the words between the facility and the town).
    _FACILITY_WORDS = "|".join(re.escape(w) for w in _WORDS.facility_words)
    p.FACILITY_AFTER = re.compile(_WORDS.pattern("facility_after").replace("{facility}", _FACILITY_WORDS), re.I)
    p.FACILITY_BEFORE = re.compile(r"\b(?:" + _FACILITY_WORDS + r")" + _WORDS.pattern("facility_of") + r"$", re.I)
    p.FACILITY_IN = re.compile(r"\s(?:" + _FACILITY_WORDS + r")$", re.I)
    # A quarter of a city: "Javadiyeh, District 16 of Tehran", "in Tehran, Javadiyeh District 16", "the Pardis
    # neighbourhood of X" ("X" is then the place).
    p.QUARTER_IN = re.compile(_WORDS.pattern("quarter_in"), re.I)
    p.QUARTER_AFTER = re.compile(_WORDS.pattern("quarter_after"), re.I)
    p.QUARTER_GAP = re.compile(_WORDS.pattern("quarter_gap"), re.I)
    # Two names read together: "A, B", "A (B)", "A in B province", "A, a village near B"
    p.PAIR_GAP = re.compile(_WORDS.pattern("pair_gap"), re.I)
    # a name the pipeline may have missed (English: capitalised words)
    p.CAPITALISED = re.compile(_WORDS.pattern("place_name"))
    p.LOOSE_BEFORE = re.compile(_WORDS.pattern("loose_before"))
    # a town after another's possessive ("Esfahan's Khomeini Shahr")
    p.POSSESSIVE = re.compile(_WORDS.pattern("possessive_ending"))
    p.PROVINCE_AFTER = re.compile(_WORDS.pattern("province_after"))
    # "Tabriz-born", "a Mashhad resident", "a Rasht native": the town is named as a word of origin or home
    p.BORN_AFTER = re.compile(_WORDS.pattern("born_after"))
    p.HOME_WORD_AFTER = re.compile(_WORDS.pattern("home_word_after"))
    p.NATIVE_AFTER = re.compile(_WORDS.pattern("native_after"))
    p.COUNTY_WORD = re.compile(_WORDS.pattern("county_word"))
    p.FACILITY_POSSESSIVE = re.compile(_WORDS.pattern("facility_possessive") + r"(?:" + _FACILITY_WORDS + r")\b", re.I)
    p.HEADING_AFTER = re.compile(_WORDS.pattern("heading_after"))
    # "{description}" in a pattern stands for the vocabulary's description nouns ("جوان", "معلم"), bare or plural
    # (not the kin nouns for a town named with one: "برادر مهران" is a brother named Mehran, not the town)
    nouns = _WORDS.words.get("description_nouns", frozenset())
    described = "|".join(re.escape(w) for w in sorted(nouns, key=len, reverse=True)) or "(?!)"
    occupations = "|".join(re.escape(w) for w in sorted(nouns - _WORDS.words.get("kin", frozenset()), key=len,
                                                         reverse=True)) or "(?!)"
    p.NISBA = re.compile(_WORDS.pattern("place_nisba").replace("{description}", described))
    p.DESCRIBED = re.compile(_WORDS.pattern("place_described").replace("{description}", occupations))
    return p


FUZZY_CONTAINER_KM = 100
DESCRIBED_MIN_POPULATION = 5000  # a town named only by an adjective or after a description noun  # a spelling guess for a town must lie this near the place named with it


@dataclass
class Mention:
    start: int
    end: int
    geonameid: int | None
    name: str
    province: str | None
    feature: str  # city | province
    exact: bool = True  # False: matched only by the gazetteer's fuzzy step (a spelling guess)
    kind: str = "place"  # place | facility ("Yazd University") | quarter ("Javadiyeh District 16") | origin (a
    # town's adjective after an age: "۳۴ ساله چابهاری")
    lat: float | None = None
    lon: float | None = None


def _population(geonameid: int | None) -> int:
    entry = get_gazetteer().by_id.get(geonameid) if geonameid is not None else None
    return entry.population if entry is not None else 0


def _km(a: Mention, b: Mention) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return 0.0
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def _mention(place, start: int, end: int, text: str, exact: bool = True, lang: str = "en") -> Mention:
    P = _patterns(lang)
    span, before, after = text[start:end], text[max(0, start - 30):start], text[end:end + 40]
    kind = "place"
    if P.FACILITY_IN.search(span) or P.FACILITY_AFTER.match(after) or P.FACILITY_BEFORE.search(before) or \
            P.FACILITY_POSSESSIVE.match(after):
        kind = "facility"
    elif P.QUARTER_IN.search(span) or P.QUARTER_AFTER.match(after):
        kind = "quarter"
    return Mention(start, end, place.geonameid, place.name or "", place.province, place.feature, exact, kind,
                   place.lat, place.lon)


def _exact(name: str, lang: str = "en") -> bool:
    P = _patterns(lang)
    name = P.QUARTER_IN.sub("", P.FACILITY_IN.sub("", name))
    return resolve_place(name, fuzzy=False) is not None


def _resolve_iranian(name: str, province_hint: str | None = None, fuzzy: bool = False):
    place = resolve_place(name, province_hint, fuzzy=fuzzy)
    if place is None or place.country != "IR" or place.feature not in ("city", "province"):
        return None
    if province_hint and place.province != province_hint:
        return None
    return place


def _province_joined(text: str, start: int, end: int, lang: str = "en"):
    """A province whose name joins two names ("Kohgiluyeh and Boyer-Ahmad", "Sistan and Baluchestan"), of which the
    first alone is a town's: (the province, its end), else None (the joining words: the vocabulary's
    "adding_conjunctions"; a language without them has none)."""
    words = lexicon(lang).words.get("adding_conjunctions")
    if not words:
        return None
    joint = re.match(r"\s+(?:" + "|".join(re.escape(w) for w in words) + r")\s+", text[end:])
    second = _patterns(lang).CAPITALISED.match(text, end + joint.end()) if joint else None
    if second is None:
        return None
    place = _resolve_iranian(text[start:second.end(1)])
    return (place, second.end(1)) if place is not None and place.feature == "province" else None


def mentions(text: str, places: list, skip: list[tuple[int, int]], lang: str = "en") -> list[Mention]:
    """Iranian towns and provinces named in the text: the pipeline's places plus capitalised names after a
    locative word or in brackets that the gazetteer knows exactly (spaCy's NER misses many Iranian towns:
    "and Saveh", "(Langarud)"). Names inside ``skip`` spans (the victim's own name) are not places."""

    def overlaps(start: int, end: int, spans) -> bool:
        return any(start < e and s < end for s, e in spans)

    P = _patterns(lang)
    province_word = " " + min(lexicon(lang).word_set("province_word"))
    found = []
    for p in places:
        if p.country != "IR" or p.feature not in ("city", "province") or overlaps(p.start, p.end, skip):
            continue
        start, end = p.start, p.end
        joined = _province_joined(text, start, end, lang) if p.feature == "city" else None
        if joined is not None:
            p, end = joined  # "Kohgiluyeh and Boyer-Ahmad province": the province, not the town "Kohgiluyeh"
            found.append(_mention(p, start, end, text, True, lang))
            continue
        if p.feature == "city" and P.PROVINCE_AFTER.match(text[end:]):
            p = _resolve_iranian(text[start:end] + province_word) or p  # "Golestan province", not the town
        found.append(_mention(p, start, end, text, _exact(text[start:end], lang), lang))
    taken = [(m.start, m.end) for m in found]
    for m in P.CAPITALISED.finditer(text):
        start, end = m.span(1)
        name = m.group(1)
        owner = max(name.rfind("'s "), name.rfind("’s "))
        if owner > 0 and P.POSSESSIVE.search(name[:owner + 2]):
            start, name = start + owner + 3, name[owner + 3:]  # "Esfahan's Khomeini Shahr": the town after the owner
        cut = next((h.start() for h in re.finditer("-", name)
                    if P.BORN_AFTER.match(name[h.start():]) or P.HOME_WORD_AFTER.match(name[h.start():])), None)
        if cut is not None:
            name, end = name[:cut], start + cut  # "Tabriz-born Saber Karami": Tabriz
        if overlaps(start, end, skip) or overlaps(start, end, taken):
            continue
        county = bool(P.COUNTY_WORD.search(name) or P.PROVINCE_AFTER.match(text[end:]))
        word_of_home = bool(P.BORN_AFTER.match(text[end:]) or P.HOME_WORD_AFTER.match(text[end:]))
        heading = not text[:start].strip(" #\n\"'«") and bool(P.HEADING_AFTER.match(text[end:]))
        if not county and not word_of_home and not heading and \
                not P.LOOSE_BEFORE.search(text[max(0, start - 12):start]) and \
                not (text[:start].endswith(" ") and P.POSSESSIVE.search(text[:start].rstrip())) and \
                _role(text, start, end, "place", lang) not in (RESIDENCE, ORIGIN):
            continue  # (a name after a word of home is one too: "her hometown was Astara")
        joined = _province_joined(text, start, end, lang)
        if joined is not None:
            found.append(_mention(joined[0], start, joined[1], text, lang=lang))
            taken.append((start, joined[1]))
            continue
        place = _resolve_iranian(name)
        base = P.COUNTY_WORD.sub("", name)
        if place is None and county and base.endswith("i") and len(base) > 4:
            place = _resolve_iranian(base[:-1])  # "Samani County": the adjective of the town Saman
        if place is not None:
            found.append(_mention(place, start, end, text, lang=lang))
            taken.append((start, end))
    # "۳۴ ساله چابهاری": the town of the adjective, where the person is from; "معلم الیگودرز": the town of the
    # person's work or place, named with a description noun
    for pattern, kind in ((P.NISBA, "origin"), (P.DESCRIBED, "place")):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            if overlaps(start, end, skip) or overlaps(m.start(1), m.end(), taken):
                continue
            if P.FACILITY_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                continue  # inside a facility's name ("بیمارستان امام خمینی", "خیابان شهید ...": a person's name)
            place = _resolve_iranian(m.group(1))
            # a town of some size: a word after a description is often an everyday word or an ethnonym that a
            # hamlet shares ("زندانی کرد", a Kurdish prisoner, is no village Kord)
            if place is not None and place.feature == "city" and _population(place.geonameid) >= DESCRIBED_MIN_POPULATION:
                found.append(Mention(start, end, place.geonameid, place.name or "", place.province, place.feature,
                                     True, kind, place.lat, place.lon))
                taken.append((start, end))
    return sorted(found, key=lambda x: x.start)


def _pair(text: str, a: Mention, b: Mention, lang: str = "en") -> Mention:
    """One place from two names written together (see the module docstring)."""
    if b.kind == "quarter" and a.kind != "quarter":
        return a  # "Tehran, Javadiyeh District 16"
    if a.kind in ("quarter", "facility"):
        return b  # "Chamran University in Ahvaz"
    if b.feature == "province":
        if a.feature == "province" or a.province == b.province:
            return a
        again = _resolve_iranian(text[a.start:a.end], b.province, fuzzy=True)
        return _mention(again, a.start, a.end, text, lang=lang) if again else b
    if a.feature == "province":
        return b if b.province == a.province or not a.province else a
    # two towns; the second may name the first's province ("Gonbad-e Kavus in Golestan": Golestan is also a
    # town of Tehran province)
    province_word = " " + min(lexicon(lang).word_set("province_word"))
    as_province = _resolve_iranian(text[b.start:b.end] + province_word)
    if as_province is not None and as_province.feature == "province" and as_province.province == a.province:
        return a
    if a.province != b.province:  # "Nematabad, Tehran": the first is a quarter unless it has a namesake there
        again = _resolve_iranian(text[a.start:a.end], b.province)
        return _mention(again, a.start, a.end, text, lang=lang) if again else b
    if not a.exact and _km(a, b) > FUZZY_CONTAINER_KM:
        return b  # "Taqi Abad, Mashhad": a spelling guess far from the city named with it
    if not b.exact and _km(a, b) > FUZZY_CONTAINER_KM:
        return a
    # "Qorveh, Sanandaj", "Tehran, Lavasan": the smaller is the place, the larger its county seat or capital
    return a if _population(a.geonameid) <= _population(b.geonameid) else b


def _role(text: str, start: int, end: int, kind: str, lang: str = "en") -> int:
    P = _patterns(lang)
    before = text[max(0, start - 90):start]
    before = re.split(r"[.;!?]\s", before)[-1]
    after = text[end:end + 80]
    if kind == "quarter":
        return FACILITY  # a quarter not read with its city ("lived in the Azadshahr neighbourhood"): not a town lived in
    if P.RESIDENCE_BEFORE.search(before) or P.RESIDENCE_AFTER.match(after) or \
            P.HOME_WORD_AFTER.match(after) and not P.NATIVE_AFTER.match(after):
        return RESIDENCE
    if P.ORIGIN_BEFORE.search(before) and not P.NOT_ORIGIN.search(before) or P.NATIVE_AFTER.match(after):
        return ORIGIN
    if P.BORN_AFTER.match(after):
        return BIRTH
    if kind == "origin":
        return ORIGIN
    if kind in ("facility", "quarter"):
        return FACILITY
    if P.BIRTH_BEFORE.search(before):
        return BIRTH
    if P.BURIAL_BEFORE.search(before) or P.BURIAL_AFTER.match(after):
        return BURIAL
    return OTHER


def victim_place(text: str, places: list, skip: list[tuple[int, int]] = (), lang: str = "en") -> Mention | None:
    """The story's best guess of the victim's town (a city Mention), else a province Mention, else None
    (``lang``: the language of the text, whose vocabulary gives the words around a place)."""
    P = _patterns(lang)
    found = mentions(text, places, list(skip), lang)
    loci: list[tuple[int, int, Mention]] = []  # (role, start, place)
    i = 0
    while i < len(found):
        place, j = found[i], i
        while j + 1 < len(found):
            gap = text[found[j].end:found[j + 1].start]
            if P.QUARTER_GAP.match(gap):
                place = found[j + 1]  # "Javadiyeh, District 16 of Tehran": Tehran
            elif P.PAIR_GAP.match(gap):
                place = _pair(text, place, found[j + 1], lang)
            elif gap.endswith(" ") and P.POSSESSIVE.search(gap.strip()):
                # "Esfahan's Khomeini Shahr": a town of the first's province is the place; anything else (a quarter
                # named like a far village, a facility) leaves the first
                b = found[j + 1]
                if b.kind == "place" and b.feature == "city" and b.geonameid and place.province and \
                        b.province == place.province:
                    place = b
            else:
                break
            j += 1
        kind = place.kind if j > i else found[i].kind
        loci.append((_role(text, found[i].start, found[j].end, kind, lang), found[i].start, place))
        i = j + 1
    cities = [x for x in loci if x[2].feature == "city" and x[2].geonameid]
    pool = cities or [x for x in loci if x[2].feature == "province"]
    if not pool:
        return None
    # among the other mentions, the town the story names most often ("studied in Tabriz, worked in Karaj ...
    # joined the protests in Karaj"), the first one first
    named = {}
    for role, _start, place in loci:
        if role == OTHER and place.geonameid:
            named[place.geonameid] = named.get(place.geonameid, 0) + 1
    return min(pool, key=lambda x: (x[0], -named.get(x[2].geonameid, 0) if x[0] == OTHER else 0, x[1]))[2]
