"""``rasad_where`` for Persian: place names of the normalised view resolved offline to the same GeoNames ids
and provinces as their English names.

The names are the gazetteer's (``rasad.analysis.gazetteer``): GeoNames' Persian alternate names of Iranian
places, the provinces' Persian names, plus ``data/places_fa.yaml`` (Persian country names, places inside
cities). Every 1-4 token sequence is looked up by its folded form; what is kept depends on the words
before it (``data/places_fa.yaml``), with generic safeguards because many Persian place names are also
words (GeoNames' alternate names are noisy too):

- after a strong cue ("شهر", "روستای", "شهرستان", "استان", "اهل" ...) any place, of the kind the cue asks;
- after a weak cue (در، به، از ...) a place of some size (``weak_cue_population``), not a stop word;
- with no cue, a province, a country, a one-word city of ``no_cue_population`` people (at least
  ``no_cue_min_letters`` letters), or a name of two words or more of ``multiword_population``;
- never a name that is also an ordinary word (``common_words``) without a strong cue, never after a word that
  makes it another thing's name ("خیابان قزوین", "خبرگزاری فارس"), never inside an actor's name.

A name shared by several places takes the one in the province the report names most, then the largest.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import yaml
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from rasad.analysis.doc_text import doc_text
from rasad.analysis.gazetteer import GazetteerEntry, fold, get_gazetteer
from rasad.analysis.where import NON_PLACE_ACTOR_KINDS, _choose, _to_place
from rasad.config import DATA_DIR
from rasad.records import Place

PLACES_YAML = DATA_DIR / "places_fa.yaml"
MAX_NGRAM = 4
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class _Words:
    strong: dict[str, str | None]
    weak: frozenset[str]
    weak_population: int
    border: frozenset[str]
    border_population: int
    no_cue_population: int
    multiword_population: int
    min_letters: int
    not_after: frozenset[str]
    common: frozenset[str]
    extra: dict[str, list[GazetteerEntry]]  # folded name -> entries (countries, localities)
    compact: dict[str, list[int]]  # Persian names without their spaces -> gazetteer entry indexes
    localities: frozenset[str] = frozenset()  # the localities' keys (folded, without spaces)
    hamlet: frozenset[str] = frozenset()  # "منطقه X Y": Y a town after an unknown hamlet X
    village: frozenset[str] = frozenset()  # "در X Y": Y a town after an unknown village X
    surname_formants: frozenset[str] = frozenset()  # "زاده"، "پور": a family name's word, after a given name
    name_cues: tuple[tuple[str, ...], ...] = ()  # "به نام X Y": the words after are a person's name
    unit_town_after: frozenset[str] = frozenset()  # "سپاه مریوان": a town of Iran after a force's word


@functools.lru_cache(maxsize=1)
def words() -> _Words:
    data = yaml.safe_load(PLACES_YAML.read_text(encoding="utf-8"))
    gaz = get_gazetteer()
    extra: dict[str, list[GazetteerEntry]] = {}
    localities: set[str] = set()
    countries = {e.country: e for e in gaz.entries if e.feature == "country"}
    for iso, names in (data.get("countries") or {}).items():
        if iso in countries:
            for name in names:
                extra.setdefault(fold(name), []).append(countries[iso])
    for geonameid, names in (data.get("localities") or {}).items():
        city = gaz.by_id.get(int(geonameid))
        if city is not None:
            for name in names:
                # keyed without spaces, as `compact`: "نازی آباد", "نازی‌آباد" and "نازیآباد" are one name
                extra.setdefault(fold(name).replace(" ", ""), []).append(city)
                localities.add(fold(name).replace(" ", ""))
    # GeoNames writes many Persian names with a space where texts put a ZWNJ or nothing ("نجف آباد",
    # "نجف‌آباد", "نجفآباد"; "سر پل ذهاب", "سرپل ذهاب"): fold drops the ZWNJ, so a key without spaces
    # finds them.
    compact: dict[str, list[int]] = {}
    for key, indexes in gaz.by_fold.items():
        if " " in key and _ARABIC_SCRIPT.search(key):
            compact.setdefault(key.replace(" ", ""), []).extend(indexes)
    return _Words(
        compact=compact,
        strong={fold(k): v for k, v in data["strong_cues"].items()},
        weak=frozenset(fold(w) for w in data["weak_cues"]),
        weak_population=int(data["weak_cue_population"]),
        border=frozenset(fold(w).split()[-1] for w in data.get("border_cues") or ()),
        border_population=int(data.get("border_cue_population") or data["weak_cue_population"]),
        no_cue_population=int(data["no_cue_population"]),
        multiword_population=int(data["multiword_population"]),
        min_letters=int(data["no_cue_min_letters"]),
        not_after=frozenset(fold(w) for w in data["not_after"]),
        common=frozenset(fold(w) for w in data["common_words"]),
        extra=extra,
        localities=frozenset(localities),
        hamlet=frozenset(fold(w) for w in data.get("hamlet_cues") or ()),
        village=frozenset(fold(w) for w in data.get("village_cues") or ()),
        surname_formants=frozenset(fold(w) for w in data.get("surname_formants") or ()),
        name_cues=tuple(tuple(fold(w).split()) for w in data.get("name_cues") or ()),
        unit_town_after=frozenset(fold(w) for w in data.get("unit_town_after") or ()),
    )


_fold_word = functools.lru_cache(maxsize=200_000)(fold)  # the gazetteer's key of one word, once per word


def _lookup(key: str, joined: bool = False) -> list[GazetteerEntry]:
    """The places a folded name may be. ``joined``: also the name its words make written as one word
    ("اسلام شهر" -> "اسلامشهر", as GeoNames writes it); only for words that are none a function word
    ("به شهر" is "to the city", not Behshahr)."""
    gaz = get_gazetteer()
    indexes = gaz.by_fold.get(key) or words().compact.get(key.replace(" ", ""), ()) or \
        (gaz.by_fold.get(key.replace(" ", ""), ()) if joined and " " in key else ())
    hits = [gaz.entries[i] for i in dict.fromkeys(indexes)]
    extra = words().extra
    more = extra.get(key) or extra.get(key.replace(" ", ""), ())
    return hits + [e for e in more if e not in hits]


def _acceptable(entries: list[GazetteerEntry], key: str, n_tokens: int, cue: str | None, strong_kind: str | None,
                stop: bool, w: _Words) -> list[GazetteerEntry]:
    """The entries a candidate may mean, given the word before it (empty: not a place here)."""
    if cue == "strong":
        if strong_kind is not None:
            wanted = [e for e in entries if e.feature == strong_kind]
            return wanted or ([] if strong_kind == "province" else entries)
        return entries
    if key in w.common or stop:
        return []
    letters = sum(ch.isalpha() for ch in key)
    provinces = {e.name for e in entries if e.feature == "province"}
    kept = []
    for e in entries:
        if e.feature in ("province", "country"):
            kept.append(e)
        elif e.province in provinces and e.feature == "city":
            kept.append(e)  # a province's namesake capital, whatever its letters ("قم")
        elif cue == "weak" and e.population >= w.weak_population:
            kept.append(e)
        elif cue == "border" and e.population >= w.border_population and e.country == "IR":
            kept.append(e)
        elif n_tokens > 1 and e.population >= w.multiword_population:
            kept.append(e)
        elif letters >= w.min_letters and e.population >= w.no_cue_population:
            kept.append(e)
    return kept


# what may stand between two places written together, the second inside the first ("گیلان (لنگرود)")
APPOSITION = frozenset({"(", "،", ",", "-", "–"})

OWN_NAME_SIMILARITY = 0.75  # log.names.cross_script_similarity at which a Persian name spells a Latin one


def _own_name(entries: list[GazetteerEntry], key: str) -> list[GazetteerEntry]:
    """Of the places a Persian name may mean, those whose own (Latin) name it spells: GeoNames' alternate
    names are noisy, and a city may carry a neighbour's Persian name among them (Arāk lists "ساوه"), so the
    place that name is the spelling of is meant, not the largest that lists it. All of them when none or all
    do (namesakes: the province hint and the size decide, as before)."""
    from rasad.log.names import cross_script_similarity

    if len(entries) < 2 or not _ARABIC_SCRIPT.search(key):
        return entries

    def spells(e: GazetteerEntry) -> bool:
        fa_words, latin_words = key.replace(" ", ""), fold(e.name).replace(" ", "")
        return cross_script_similarity(fa_words, latin_words) >= OWN_NAME_SIMILARITY

    own = [e for e in entries if spells(e)]
    return own if own else entries


def _cue_inside(key: str, entries: list[GazetteerEntry], w: _Words) -> str | None:
    """A one-word name that starts with its own strong cue word, written joined ("شهرری" for "شهر ری"): the
    cue's kind when the rest of the word names the same place, so it is read as after that cue."""
    for cue, kind in w.strong.items():
        if " " in cue or not key.startswith(cue) or len(key) <= len(cue):
            continue
        rest = {id(e) for e in _lookup(key[len(cue):])}
        if any(id(e) in rest for e in entries):
            return kind or "any"
    return None


def _an_unknown_village(keys: list[str], columns: list, i: int, found: list) -> bool:
    """Whether the word before ``i`` is a name the gazetteer does not know (no place found there, no function word,
    no figure): "در بیدخت گناباد" is a village and its town."""
    before = keys[i - 1]
    if not before or columns[i - 1][2] or any(ch.isdigit() for ch in before) or (found and found[-1][1] == i):
        return False
    return not _lookup(before)


def _a_surname_after(keys: list[str], columns: list, end: int, w: _Words) -> bool:
    """Whether the word at ``end`` is shaped like a family name (a nisba in "ی"، "کریمی"؛ a formant, "زاده"، "پور"):
    the place-like word before it is then a given name, not a town."""
    while end < len(keys) and columns[end][4]:
        end += 1
    if end >= len(keys) or not keys[end] or columns[end][2]:
        return False
    return keys[end] in w.surname_formants or keys[end].endswith("ی")


def _pick(entries: list[GazetteerEntry], want: str | None, hint: str | None) -> GazetteerEntry:
    if want is None:
        # A province and its namesake capital (تهران، کرمان، قم): the city is meant, as in English.
        provinces = {e.name for e in entries if e.feature == "province"}
        cities = [e for e in entries if e.feature == "city" and e.province in provinces]
        if cities:
            return max(cities, key=lambda e: e.population)
    return _choose(entries, hint, want)


NAME_WORDS = 3  # a person's name after a naming cue: up to three words ("به نام حمید ساری")
NAMES_WORDS = 8  # ... and after a plural one ("به نام‌های علی ساری و رضا کرمانی"), up to a clause's end


def _block_named(keys: list[str], blocked: bytearray, w: _Words) -> None:
    """The words of a person's name after a naming cue ("جوانی به نام حمید ساری"): a surname that is also a
    town's name (ساری، کرمانی ...) is no place; a place cue or an empty key (punctuation) ends the name."""
    n = len(keys)
    for cue in w.name_cues:
        size = len(cue)
        for i in range(n - size):
            if tuple(keys[i:i + size]) != cue:
                continue
            limit = NAMES_WORDS if cue[-1].endswith("های") else NAME_WORDS
            for k in range(i + size, min(n, i + size + limit)):
                if not keys[k] or keys[k] in w.strong or keys[k] in w.weak:
                    break
                blocked[k] = 1


DATELINE_MARKS = (":", "|")


def _opens_its_line(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands at the start of its line, after two words at most ("فوری"، "الان")."""
    count = 0
    j = i - 1
    while j >= 0 and "\n" not in doc[j].text:
        if doc[j].is_alpha:
            count += 1
        j -= 1
    return count <= 2


def _a_text_follows(doc: Doc, mark: int, at_least: int = 3) -> bool:
    """Whether the line goes on after the dateline's mark with a text (``at_least`` words): a post's body, not a
    form's field ("سن: ۳۸"، "شهر: اهواز", where the label before the colon is no town even when it spells one)."""
    count = 0
    for tok in doc[mark + 1:]:
        if "\n" in tok.text:
            break
        if tok.is_alpha:
            count += 1
            if count >= at_least:
                return True
    return False


def find_places(doc: Doc) -> list[Place]:
    w = words()
    n = len(doc)
    if not n:
        return []
    columns = doc.to_array([IDX, LENGTH, IS_STOP, IS_PUNCT, IS_SPACE]).tolist()
    keys = [_fold_word(t.text) if not (c[3] or c[4]) else "" for t, c in zip(doc, columns)]
    blocked = bytearray(n)
    actors = doc._.actors or {}
    for entity in doc._.entities or []:
        actor = actors.get(entity.actor) if entity.actor else None
        if actor is not None and actor.kind in NON_PLACE_ACTOR_KINDS:
            span = doc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is not None:
                blocked[span.start : span.end] = b"\x01" * len(span)

    _block_named(keys, blocked, w)

    found: list[tuple[int, int, list[GazetteerEntry], str | None]] = []
    square_of = -1  # the token after a locality's name: a town there is the locality's own
    i = 0
    while i < n:
        if not keys[i] or blocked[i]:
            i += 1
            continue
        before = keys[i - 1] if i else ""
        # "سپاه مریوان": a town of Iran right after a force's word is that force's town, as after a preposition (not
        # a unit named for a place abroad, "سپاه کربلا")
        unit_town = before in w.unit_town_after
        if (before in w.not_after and not unit_town) or (i >= 2 and f"{keys[i - 2]} {before}" in w.not_after):
            i += 1
            continue
        cue, strong_kind = None, None
        if unit_town:
            cue = "weak"
        elif i == square_of:
            cue = "weak"  # "میدان آزادی سنندج": the square of that town, as after a preposition
        elif before in w.strong:
            cue, strong_kind = "strong", w.strong[before]
        elif before in w.border:
            cue = "border"
        elif before in w.weak or (before.endswith("ی") and before[:-1] in w.weak):
            cue = "weak"  # a preposition-like noun with its ezafe: "در نزدیکیِ X", "در اطرافِ X"
        elif i >= 2 and keys[i - 2] in w.hamlet and before and not (found and found[-1][1] == i):
            cue = "weak"  # "در منطقه لادیز میرجاوه": an area the gazetteer lacks, then its town
        elif (i >= 2 and keys[i - 2] in w.village and _an_unknown_village(keys, columns, i, found)
              and not _a_surname_after(keys, columns, i + 1, w)):
            # "در بیدخت گناباد ...": a village the gazetteer lacks, then its county's town; not before a word shaped
            # like a family name ("در منزل مهران کریمی": a given name), where the words are read as without the rule
            # (a large town still needs no cue: "در اعتراضات اردبیل زخمی ... شد" is Ardabil)
            cue = "weak"
        elif i + 1 < n and doc[i + 1].text in DATELINE_MARKS and _opens_its_line(doc, i) and _a_text_follows(doc, i + 1):
            cue = "weak"  # a post's dateline ("الان جوانرود: ..."، "🔴 سقز | ..."): the town the post is from
        apposed: set[str] | None = None
        if cue is None and found and all(doc[k].text in APPOSITION for k in range(found[-1][1], i)):
            # a place in apposition to the one before, inside its province: "قزوین الوند", "گیلان (لنگرود)",
            # "تهران، لواسان" (not a relative's name after a town: "در اهواز، مهران ...")
            apposed = {e.province for e in found[-1][2] if e.province}
        match = None
        for size in range(min(MAX_NGRAM, n - i), 0, -1):
            parts = keys[i : i + size]
            if not all(parts) or any(blocked[i : i + size]):
                continue
            key = " ".join(parts)
            if size == 1 and key in w.strong:
                continue  # "شهر", "استان": the cue, not a place
            function_word = any(columns[k][2] or keys[k] in w.weak for k in range(i, i + size))
            entries = _lookup(key, joined=size > 1 and not function_word)
            if not entries:
                continue
            kept = _acceptable(entries, key, size, cue, strong_kind, size == 1 and bool(columns[i][2]), w)
            if not kept and size == 1 and cue != "strong":
                inside = _cue_inside(key, entries, w)
                if inside is not None:
                    kind = None if inside == "any" else inside
                    kept = _acceptable(entries, key, size, "strong", kind, False, w)
            if not kept and apposed:  # as after a preposition, when inside the province of the place before
                stop = size == 1 and bool(columns[i][2])
                kept = [e for e in _acceptable(entries, key, size, "weak", None, stop, w) if e.province in apposed]
            kept = _own_name(kept, key)
            if unit_town:
                kept = [e for e in kept if e.country == "IR" and e.feature == "city"]
            if kept:
                match = (i, i + size, kept, strong_kind)
                break
        if match is None:
            i += 1
            continue
        if " ".join(keys[match[0]:match[1]]).replace(" ", "") in w.localities and match[1] < n and keys[match[1]]:
            # "میدان آزادی سنندج"، "میدان انقلاب کرمانشاه": a square's name many towns share, the town after it
            # says whose it is; the locality stands for its city only when no town follows
            # ("کوی دانشگاه تهران": the town after it its own city, the locality keeps standing for it)
            own = {e.geonameid for e in match[2]}
            towns = [_lookup(" ".join(keys[match[1]:match[1] + k])) for k in range(1, 3)
                     if all(keys[match[1]:match[1] + k])]
            if any(t and not own & {e.geonameid for e in t} for t in towns):
                square_of = match[1]
                i = match[1]
                continue
        found.append(match)
        i = match[1]

    # The report's province: from the names that are a province, or mean one place only.
    provinces = Counter()
    for _s, _e, entries, _k in found:
        if len(entries) == 1 or all(e.province == entries[0].province for e in entries):
            if entries[0].province and entries[0].country == "IR":
                provinces[entries[0].province] += 1
    hint = provinces.most_common(1)[0][0] if provinces else None

    places = []
    for start, end, entries, want in found:
        entry = _pick(entries, want, hint)
        first, last = doc[start], doc[end - 1]
        places.append(_to_place(entry, doc_text(doc)[first.idx : last.idx + len(last)], first.idx, last.idx + len(last)))
    return places


class PersianPlaces:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        words()  # load once, at pipeline construction

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = find_places(doc)
        return doc


def make_component(nlp: Language, name: str) -> PersianPlaces:
    return PersianPlaces(nlp, name)
