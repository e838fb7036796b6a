"""spaCy component ``rasad_where``: place mentions resolved offline to GeoNames ids and Iran's provinces.

Candidates are spaCy's GPE/LOC/FAC entities plus capitalised word sequences that name an Iranian place
in the gazetteer (spaCy's small model misses many Iranian town names). Because many Iranian town names are
also names or words ("Ray", "Bam", "Sari"), a gazetteer-only candidate needs support from its context: a
locative word before it ("in", "from", "near" ...), a place word after it ("province", "city"), or a large
population and no competing person/organisation entity. Resolution prefers countries (for a country's
name), then Iranian places, then foreign cities, and among those the larger population; a province hint
narrows Iranian towns to that province.

``resolve_place(name, province_hint)`` is the same resolution for other stages (victim stories: "in
Zahedan", "Mahabad, West Azerbaijan").
"""

from __future__ import annotations

import functools
import re

import yaml
from spacy.attrs import IDX, IS_STOP, IS_TITLE, IS_UPPER, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from rasad.analysis.doc_text import doc_text
from rasad.analysis.gazetteer import GazetteerEntry, fold, get_gazetteer, province_name, skeleton
from rasad.config import DATA_DIR
from rasad.records import Place
from rasad.languages import component

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Actor kinds whose names are never places even when they contain one ("Mojahedin Organization of Iran").
NON_PLACE_ACTOR_KINDS = {"person", "organisation", "agreement", "other"}
PLACES_YAML = DATA_DIR / "places_en.yaml"


@functools.lru_cache(maxsize=1)
def place_words() -> dict[str, frozenset[str]]:
    """The English place words (``data/places_en.yaml``: each list's comment there says what it is for), read once."""
    data = yaml.safe_load(PLACES_YAML.read_text(encoding="utf-8")) or {}
    out = {}
    for key, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{PLACES_YAML.name}: {key} must be a list of words (quote a word YAML reads otherwise)")
        out[key] = frozenset(w.lower() for w in words)
    return out


_WORDS = place_words()
# A place name right after these is very likely a place, whatever spaCy's NER thought of it.
STRONG_LOCATIVE_WORDS = _WORDS["strong_locative_words"]
LOCATIVE_WORDS = STRONG_LOCATIVE_WORDS | _WORDS["locative_words"]
PLACE_NOUNS = _WORDS["place_nouns"]
BORDER_AFTER = _WORDS["border_after"]  # "the Mirjaveh border area"
PLACE_NOUNS_PLURAL = _WORDS["place_nouns_plural"]  # "in several cities, including Isfahan"
LIST_OPENERS = _WORDS["list_openers"]
FACILITY_AFTER = _WORDS["facility_after"]  # "Tabriz University"
WORKS_AFTER = _WORDS["works_after"]  # "the Ahvaz pipe-making company"
NAMED_FACILITY_WORDS = _WORDS["named_facility_words"]  # "hanged in Dastgerd prison"
OF_PLACE_WORDS = PLACE_NOUNS | _WORDS["of_place_words"]  # "the outskirts of Javanrud", "the governor of Zanjan"


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# Wrapper words around a place name: "Evin Prison" -> "Evin", "the city of Karaj" -> "Karaj".
_PREFIX = re.compile(rf"^(?:the\s+)?(?:(?:{_alternation(_WORDS['prefix_nouns'])})\s+of\s+)", re.I)
_PROVINCE_WORD = re.compile(rf"\s+(?:{_alternation(_WORDS['province_words'])})$"
                            rf"|^(?:{_alternation(_WORDS['province_prefixes'])})\s+", re.I)
_SUFFIX = re.compile(rf"\s+(?:{_alternation(_WORDS['suffix_nouns'])})$", re.I)
_LEADING_THE = re.compile(r"^the\s+", re.I)
_POSSESSIVE = re.compile(r"['\u2019]s$")
# A large foreign town right after these is taken from the gazetteer even where spaCy missed it.
FOREIGN_TOWN_AFTER = _WORDS["foreign_town_after"]
MAX_NGRAM = 4
# the Persian ezafe as English spellings of town names write it after a hyphen ("Qasr-e Shirin", "Bandar-e Lengeh")
EZAFE_WORDS = _WORDS["ezafe_words"]
POPULOUS = 100_000  # a gazetteer-only candidate this large needs no locative context
FOREIGN_OVER_IRAN = 20  # prefer a foreign city only when it is this many times larger than the Iranian one


def _rank(entry: GazetteerEntry, province_hint: str | None, want: str | None) -> tuple:
    return (
        want is not None and entry.feature == want,
        entry.feature == "country",
        province_hint is not None and entry.province == province_hint,
        entry.country == "IR",
        entry.population,
    )


def _choose(
    entries: list[GazetteerEntry], province_hint: str | None, want: str | None, key: str = ""
) -> GazetteerEntry:
    if want is None and key:
        # A province's own name beats a town that has it only as an alternate name ("Gilan" is the
        # province, not Gilan-e Gharb); a town of that very name still wins ("Tehran", "Kerman").
        provinces = [e for e in entries if e.feature == "province"]
        if provinces and not any(e.feature == "city" and fold(e.name) == key for e in entries):
            entries = provinces
    best = max(entries, key=lambda e: _rank(e, province_hint, want))
    if best.country == "IR" and best.feature == "city" and not (want or province_hint):
        foreign = [e for e in entries if e.country != "IR" and e.feature == "city"]
        if foreign:
            big = max(foreign, key=lambda e: e.population)
            if big.population > FOREIGN_OVER_IRAN * max(best.population, 1):
                return big
    return best


def _to_place(entry: GazetteerEntry, text: str = "", start: int = 0, end: int = 0) -> Place:
    return Place(
        text=text,
        start=start,
        end=end,
        geonameid=entry.geonameid,
        name=entry.name,
        province=entry.province,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
        feature=entry.feature,
    )


def _variants(name: str) -> list[tuple[str, str | None]]:
    """The name, then the name without wrapper words; each with the feature it asks for."""
    if "\n" in name.strip() or sum(ch.isalpha() for ch in name) < 2:
        return []  # an entity across a line break ("AL.\n\nI") or without letters is no place name
    text = _POSSESSIVE.sub("", " ".join(name.split())).strip(" ,.;:()\"'")
    text = _LEADING_THE.sub("", text)
    out: list[tuple[str, str | None]] = []
    if _PROVINCE_WORD.search(text):
        out.append((_PROVINCE_WORD.sub("", text), "province"))
    if _PREFIX.search(text):
        kind = "province" if text.lower().startswith(("province", "the province")) else "city"
        out.append((_PREFIX.sub("", text), kind))
    out.append((text, None))
    stripped = _SUFFIX.sub("", text)
    if stripped != text:
        out.append((stripped, "city"))
    return out


@functools.lru_cache(maxsize=20_000)
def _resolve(name: str, province_hint: str | None, fuzzy: bool) -> GazetteerEntry | None:
    gaz = get_gazetteer()
    hint = province_name(province_hint) if province_hint else None
    for variant, want in _variants(name):
        if not variant:
            continue
        if "," in variant:  # "Mahabad, West Azerbaijan" / "Narmak, Tehran"
            head, _, rest = variant.partition(",")
            rest_hint = province_name(rest) or hint
            found = _resolve(head, rest_hint, fuzzy) or _resolve(rest, hint, fuzzy)
            if found:
                return found
            continue
        entries, _score = gaz.candidates(variant, fuzzy=fuzzy)
        if want == "province":
            entries = [e for e in entries if e.feature == "province"] or entries
        if entries:
            chosen = _choose(entries, hint, want, fold(variant))
            if chosen.feature == "province" and want is None:
                # "Ghom" is a spelling of the province and of its namesake capital: the city is meant.
                namesake = [e for e in gaz.candidates(chosen.name, fuzzy=False)[0]
                            if e.feature == "city" and e.province == chosen.name and fold(e.name) == fold(chosen.name)]
                if namesake:
                    return namesake[0]
            return chosen
    return None


def resolve_place(name: str, province_hint: str | None = None, fuzzy: bool = True) -> Place | None:
    """Resolve a place name (any spelling variant, with or without "province"/"city of") to a Place.
    ``fuzzy=False`` accepts only exact and transliteration-skeleton matches, no spelling guesses.

    ``text``/``start``/``end`` of the result are empty/0: the caller knows where the name was."""
    if not name or not name.strip() or len(name) > 200:
        return None
    entry = _resolve(name.strip(), province_hint, fuzzy)
    return _to_place(entry) if entry else None


class _Marks:
    """Which token lies in which span (per token, so checks stay linear in the document's length)."""

    def __init__(self, doc: Doc, spans: list[tuple[int, int]]) -> None:
        self.owner = [-1] * len(doc)
        for index, (start, end) in enumerate(spans):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.owner[i] = index

    def overlaps(self, span: Span) -> bool:
        return any(self.owner[i] != -1 for i in range(span.start, span.end))

    def inside(self, span: Span) -> bool:
        owners = {self.owner[i] for i in range(span.start, span.end)}
        return len(owners) == 1 and -1 not in owners


def _actor_marks(doc: Doc) -> tuple[_Marks, _Marks]:
    """Tokens of canon's actor entities: (not places: persons, organisations, agreements; states: places
    even where spaCy said ORG, as for "U.S.")."""
    actors = doc._.actors or {}
    blocked, states = [], []
    for entity in doc._.entities or []:
        actor = actors.get(entity.actor) if entity.actor else None
        if actor is not None and actor.kind in NON_PLACE_ACTOR_KINDS:
            blocked.append((entity.start, entity.end))
        elif actor is not None and actor.kind == "state":
            states.append((entity.start, entity.end))
    return _Marks(doc, blocked), _Marks(doc, states)


def _gazetteer_candidates(doc: Doc, blocked: _Marks) -> list[tuple[Span, GazetteerEntry]]:
    """Capitalised 1-4 token sequences that name a place, kept only with context that supports them.
    spaCy's small model often calls Iranian towns PERSON or ORG ("in Shahin Shahr", "from Najafabad"), so
    its PERSON/ORG entities do not block a candidate; they only ask for stronger context."""
    gaz = get_gazetteer()
    named = _Marks(doc, [(e.start_char, e.end_char) for e in doc.ents if e.label_ in {"PERSON", "ORG"}])
    found: list[tuple[Span, GazetteerEntry]] = []
    text = doc_text(doc)
    # One pass over the tokens; Span objects only for matches (the scan runs on every token).
    columns = doc.to_array([IDX, LENGTH, IS_TITLE, IS_UPPER, IS_STOP]).tolist() if len(doc) else []
    starts = [c[0] for c in columns]
    ends = [c[0] + c[1] for c in columns]
    capital = [bool(c[2] or (c[3] and c[1] > 1)) for c in columns]
    can_start = [cap and not c[4] for cap, c in zip(capital, columns)]
    i = 0
    n = len(doc)
    while i < n:
        if not can_start[i]:
            i += 1
            continue
        match = None
        for length in range(min(MAX_NGRAM, n - i), 0, -1):
            last = i + length - 1
            # "Dastgerd prison", "Lakan prison": a prison the gazetteer knows by name, its word written small
            if not capital[last] and not (length > 1 and doc[last].lower_ in NAMED_FACILITY_WORDS):
                continue
            name = text[starts[i] : ends[last]]
            key = fold(name)
            found_ids = gaz.by_fold.get(key) or gaz.by_skeleton.get(skeleton(name, key)) or []
            # the scan is for Iranian places (and countries); foreign towns come from spaCy's GPE entities, or
            # from here for a large one right after "in"/"near"/"outside" that spaCy took for something else
            # ("missiles hit ... in Erbil", Erbil tagged ORG)
            entries = [gaz.entries[k] for k in found_ids]
            abroad_ok = _word(doc, i - 1) in FOREIGN_TOWN_AFTER
            whole = last + 1 >= n or not capital[last + 1]  # not the first word of a longer name ("Kani Sib")
            # (or a small border town listed by hand: "a village near Panjgur", tagged ORG, "areas of Sidakan district")
            named_as_place = whole and _word(doc, last + 1) in PLACE_NOUNS
            entries = [e for e in entries if e.country == "IR" or e.feature == "country"
                       or abroad_ok and whole and e.feature == "city" and (e.population >= POPULOUS or e.border_town)
                       or named_as_place and e.border_town]
            if entries:
                match = (doc[i : last + 1], key, entries)
                break
        if match is None:
            i += 1
            continue
        span, key, entries = match
        entry = _choose(entries, None, None, key)
        previous = found[-1][0] if found else None
        if entry.feature == "province" and _another_countrys(span):
            i = span.end
            continue
        if not blocked.overlaps(span) and _supported(span, entry, named.overlaps(span), previous):
            found.append((span, entry))
        i = span.end
    return found


def _word(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _another_countrys(span: Span) -> bool:
    """"Iraq's Kurdistan region", "Iraqi Kurdistan", "the Kurdistan region of Iraq": a name that Iran's
    provinces share, given as another country's (a country's name with "'s" or its adjective before it, or
    "region of" a country after it) is not Iran's province."""
    doc = span.doc
    # "the Kurdistan region of Iraq"
    if _word(doc, span.end) == "region" and _word(doc, span.end + 1) == "of" and span.end + 2 < len(doc):
        entry = _resolve(doc[span.end + 2].text, None, False)
        if entry is not None and entry.feature == "country" and entry.country != "IR":
            return True
    before = doc[span.start - 1] if span.start >= 1 else None
    owner = doc[span.start - 2] if before is not None and before.lower_ in ("'s", "’s") and span.start >= 2 \
        else before
    if owner is None or owner.ent_type_ not in ("GPE", "NORP"):
        return False
    entry = _resolve(owner.text, None, False)
    if entry is not None:
        return entry.feature == "country" and entry.country != "IR"
    return owner.ent_type_ == "NORP" and not owner.lower_.startswith("iran")


def _supported(span: Span, entry: GazetteerEntry, named: bool, previous: Span | None) -> bool:
    doc = span.doc
    before = _word(doc, span.start - 1)
    after = _word(doc, span.end)
    # "Najafabad, Isfahan" / "Vilashahr, Isfahan": a province or large city after a capitalised place word
    after_place = previous is not None and previous.end == span.start - 1
    after_name = span.start >= 2 and doc[span.start - 2].is_title
    big = entry.feature == "province" or entry.population >= POPULOUS
    listed = before == "," and (after_place or (after_name and big))
    # "Isfahan and Shiraz": a large town joined by "and" to a place just found
    listed = listed or (before == "and" and after_place and big)
    # "in at least 20 cities, including Isfahan": a name listed after a plural place noun
    listed = listed or (before in LIST_OPENERS and any(
        _word(doc, j) in PLACE_NOUNS_PLURAL for j in range(max(0, span.start - 6), span.start - 1)))
    of_place = before == "of" and _word(doc, span.start - 2) in OF_PLACE_WORDS  # "the city of Izeh"
    # "Tehran University", which GeoNames keeps as a name of Tehran: the institution names its town
    # (or "the University of Tehran", named the other way round)
    institution = len(span) > 1 and (span[-1].lower_ in FACILITY_AFTER | NAMED_FACILITY_WORDS
                                     or span[0].lower_ in FACILITY_AFTER and _word(doc, span.start + 1) == "of")
    # (or with a name of its own between: "Babol Noshirvani University", "Shiraz Azad University")
    institution = institution or entry.country == "IR" and _opens_an_institutions_name(span)
    # "Qasr-e Shirin", "Sarpol-e Zahab": a name joined by the Persian ezafe that the gazetteer knows as an
    # Iranian town is that town, whatever spaCy's tagger made of its parts ("Qasr" a person)
    ezafe = entry.country == "IR" and entry.feature == "city" and any(
        span[k].text == "-" and span[k + 1].lower_ in EZAFE_WORDS for k in range(len(span) - 1))
    # "on the road between Nowsud and Paveh": two places a route or a line runs between, both in the gazetteer
    between = before == "between" and after == "and" and span.end + 1 < len(doc) and doc[span.end + 1].is_title \
        and bool(get_gazetteer().by_fold.get(fold(doc[span.end + 1].text)))
    between = between or (before == "and" and after_place and _word(doc, previous.start - 1) == "between")
    # "Lordegan, a poor town in the Zagros foothills, ...": a name described right after it as a town
    described = after == "," and _described_as_a_town(span)
    if before in STRONG_LOCATIVE_WORDS or after in PLACE_NOUNS | FACILITY_AFTER | BORDER_AFTER or listed \
            or of_place or institution or ezafe or between or described:
        return True
    if before == "the" and _works_after(span):
        return True
    if named:
        return False
    if entry.feature in {"country", "province"} or before in LOCATIVE_WORDS:
        return True
    sentence_start = span.start == span.sent.start
    return entry.population >= POPULOUS and not sentence_start and len(span.text) >= 4


TOWN_WORDS = _WORDS["town_words"]


def _described_as_a_town(span: Span) -> bool:
    """"X, a poor town in ...", "X, the provincial capital", "X, a city of 600,000": within four words after the
    comma, an article and a town word, no punctuation between."""
    doc = span.doc
    if _word(doc, span.end + 1) not in ("a", "an", "the"):
        return False
    for j in range(span.end + 2, min(len(doc), span.end + 6)):
        if doc[j].is_punct:
            return False
        if doc[j].lower_ in TOWN_WORDS | _WORDS["town_description_words"]:
            return True
    return False


def _opens_an_institutions_name(span: Span) -> bool:
    """"Babol Noshirvani University", "Shiraz Azad University": a town's name, then one or two capitalised names,
    then an institution's word (``facility_after``): the institution is named after its town."""
    doc = span.doc
    for j in range(span.end, min(len(doc), span.end + 3)):
        if doc[j].lower_ in FACILITY_AFTER:
            return j > span.end
        if not (doc[j].is_title and doc[j].pos_ == "PROPN"):
            return False
    return False


def _works_after(span: Span) -> bool:
    """"the Ahvaz pipe-making company": a works word within the next four words, none of them punctuation or a
    verb, after the name."""
    doc = span.doc
    for j in range(span.end, min(len(doc), span.end + 5)):
        tok = doc[j]
        if tok.lower_ in WORKS_AFTER:
            return True
        if (tok.is_punct and tok.text != "-") or tok.pos_ in ("AUX", "ADP", "DET", "PRON", "CCONJ") or \
                tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):  # "pipe-making" is a modifier
            return False
    return False


def _plainly_a_town(ent: Span) -> bool:
    """A place entity right after "in"/"from"/"near" that the gazetteer knows exactly (no spelling guess) as
    an Iranian town is that town, even where canon's loose name match took it for a person ("in Khomein" is
    not Khomeini; "the city of Rafsanjan" is not Rafsanjani)."""
    # "in Khomein", "the city of Rafsanjan" (not Rafsanjani)
    city_of = _word(ent.doc, ent.start - 1) == "of" and _word(ent.doc, ent.start - 2) in PLACE_NOUNS
    if _word(ent.doc, ent.start - 1) not in STRONG_LOCATIVE_WORDS and not city_of:
        return False
    entry = _resolve(ent.text, None, False)
    return entry is not None and entry.country == "IR" and entry.feature == "city"


QUARTER_WORDS = _WORDS["quarter_words"]
# A square or street named after a town ("Baharestan Square" in Tehran, "Shiraz Street"): a landmark of the town
# it is in, not the town it is named after
LANDMARK_WORDS = _WORDS["landmark_words"]


def _names_a_landmark(span: Span, entry: GazetteerEntry) -> bool:
    """"near Baharestan Square", "on Shiraz Street": the name of a square or street, not its namesake town (a
    square the gazetteer knows as a quarter of its city, "Enghelab Square" in Tehran, resolves to that city)."""
    words = [t.text for t in span]
    if words[-1].lower() in LANDMARK_WORDS:
        words = words[:-1]
    elif _word(span.doc, span.end) not in LANDMARK_WORDS:
        return False
    if not words:
        return False
    # ("Taleghani Street": the town's name spelt otherwise (Taleqan) is its namesake too, as the name alone resolves to
    # the same town; "Enghelab Square" is a landmark the gazetteer knows, its name alone no town, and "Pirouzi
    # Street" is named for a quarter inside its city (the gazetteer's localities): it is in that city)
    name = " ".join(words)
    if fold(name) == fold(entry.name):
        return True
    if fold(name) in get_gazetteer().locality_folds:
        return False
    alone = _resolve(name, None, True)
    return alone is not None and alone.feature == "city" and alone.geonameid == entry.geonameid


def _surnames(doc: Doc) -> set[str]:
    """The last words of the people the text names in full ("Reza Soltani"), lower case."""
    return {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) > 1 and e[-1].is_title}


def _a_persons_surname(span: Span, surnames: set[str]) -> bool:
    """"prison officials hanged Reza Soltani ... describing Soltani as a rioter": a person named in full, then by
    the surname alone, is that person, not a town of a like name (not after "in", "from", "near" ...)."""
    return len(span) == 1 and span[0].lower_ in surnames \
        and _word(span.doc, span.start - 1) not in STRONG_LOCATIVE_WORDS and not any(e.label_ == "PERSON" and len(e) > 1 and e.start <= span.start < e.end for e in span.doc.ents)


def _as_the_province(span: Span, entry: GazetteerEntry) -> GazetteerEntry:
    """"in the east of Isfahan province": a town's name with "province" written after it names the province,
    not its namesake capital."""
    if entry.feature != "city" or _word(span.doc, span.end) != "province":
        return entry
    province = _resolve(f"{span.text} province", None, False)
    return province if province is not None and province.feature == "province" else entry


def _names_a_quarter_of_a_place(span: Span) -> bool:
    """"the Pardis neighborhood of Kermanshah": Pardis is a quarter of Kermanshah here, not the town Pardis
    elsewhere; the place that follows "of" is the one to map."""
    doc = span.doc
    return _word(doc, span.end) in QUARTER_WORDS and _word(doc, span.end + 1) == "of"


class PlaceResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        get_gazetteer()  # load once, at pipeline construction

    def __call__(self, doc: Doc) -> Doc:
        blocked, states = _actor_marks(doc)
        resolved: dict[tuple[int, int], tuple[Span, GazetteerEntry]] = {}
        for ent in doc.ents:
            place_like = ent.label_ in PLACE_LABELS or (ent.label_ == "ORG" and states.inside(ent))
            if not place_like or (blocked.inside(ent) and not _plainly_a_town(ent)):
                continue
            span = ent
            if span[0].lower_ == "the" and len(span) > 1:  # "the United States": keep the name only
                span = span[1:]
            entry = _resolve(span.text, None, True)
            if entry is not None and span.label_ == "FAC" and entry.country != "IR":
                continue  # "White House", "Mandalay Bay": buildings abroad are not the towns of that name
            if entry is not None and entry.feature == "province" and _another_countrys(span):
                continue  # "Iraq's Kurdistan region" is not Iran's Kurdistan province
            if entry is not None:
                resolved[(span.start, span.end)] = (span, entry)
        for span, entry in _gazetteer_candidates(doc, blocked):
            resolved.setdefault((span.start, span.end), (span, entry))
        surnames = _surnames(doc)
        for key, (span, entry) in list(resolved.items()):
            if _names_a_quarter_of_a_place(span) or (entry.feature == "city" and _names_a_landmark(span, entry)) or \
                    _a_persons_surname(span, surnames):
                del resolved[key]
            else:
                resolved[key] = (span, _as_the_province(span, entry))
        kept = filter_spans([span for span, _ in resolved.values()])
        places = []
        for span in sorted(kept, key=lambda s: s.start):
            _, entry = resolved[(span.start, span.end)]
            places.append(_to_place(entry, span.text, span.start_char, span.end_char))
        doc._.places = places
        return doc


@Language.factory("rasad_where")
def make_component(nlp: Language, name: str) -> PlaceResolver:
    # English here; another language's own component or empty records (rasad.languages)
    return component(nlp, name, "where", PlaceResolver)
